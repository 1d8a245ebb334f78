"""Own the curator workspace's interface strings: Flask-Babel domain "curate".

The public site's strings are in the default domain "messages"; the workspace's are in
app/translations/<lang>/LC_MESSAGES/curate.po (compiled to curate.mo), so each side keeps
its own catalogue. Python code calls `_c("...")`; templates call `_c` and `_cn` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask_babel import Domain

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = Domain(translation_directories=[str(TRANSLATIONS)], domain="curate")


def _c(text: str, **variables: Any) -> str:
    """Translate a workspace string (with %(name)s variables)."""
    return DOMAIN.gettext(text, **variables)


def _cn(singular: str, plural: str, count: int, **variables: Any) -> str:
    """Translate a workspace string with a count (%(num)s is the count)."""
    variables.pop("num", None)  # Flask-Babel passes the count as num itself
    return DOMAIN.ngettext(singular, plural, count, **variables)


def lazy(text: str, **variables: Any) -> Any:
    """A workspace string translated when shown (form labels defined at import time)."""
    return DOMAIN.lazy_gettext(text, **variables)
