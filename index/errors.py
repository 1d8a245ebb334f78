"""Own the errors of index/ (the store and the tagging domain), each a code with parameters.

`StoreError` is the layer's base (see itucat/errors.py for the shape); the web app says
each code in the reader's language (app/messages.py), the command line prints the English
message. SQLAlchemy's own exceptions never leave the store: a write refused by a
constraint or a lock becomes `StoreConflict`; a store that cannot be written or reached
becomes `StoreReadOnly` or `StoreUnavailable` (index/store/base.py says which is which).
"""

from __future__ import annotations

from itucat.errors import CatalogueError


class StoreError(CatalogueError):
    """Base of every error the store and the tagging domain raise."""


class StoreUnavailable(StoreError):
    """The store cannot be opened or upgraded (e.g. its schema is newer than this program)."""

    http_status = 503


class StoreReadOnly(StoreUnavailable):
    """The store can be read but not written (read-only disk or database, full disk)."""


class StoreConflict(StoreError):
    """A write was refused because another one changed the same data at the same moment."""

    http_status = 409


class CurationError(StoreError):
    """A tag change or note names an unknown document, facet, tag or action, or lacks a reason."""


class AccountError(StoreError):
    """A user name, role or password is not acceptable, or the user does not exist."""


class BatchError(StoreError):
    """The batch does not exist (404) or cannot be reverted (409)."""

    http_status = 409
