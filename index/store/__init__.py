"""Own all access to the catalogue store: `Store` and its repositories (one per aggregate).

SQLite by default (WAL mode), any SQLAlchemy URL with `store.database_url`. Everything
above index/ reads and writes through `Store.open(...)` and its repositories, and sees
typed records (index/models.py) and coded errors (index/errors.py), never SQLAlchemy.
"""

from index.errors import StoreConflict, StoreError, StoreReadOnly, StoreUnavailable
from index.store.database import SQLITE_NAME, Store
from index.store.documents import FamilyState

__all__ = ["SQLITE_NAME", "FamilyState", "Store", "StoreConflict", "StoreError",
           "StoreReadOnly", "StoreUnavailable"]
