"""Read text from an lxml tree as BeautifulSoup's `get_text(" ")` reads it (the fast readers).

The fast lxml readers (rec.aspx tabs, /rec/ edition pages) must see exactly the strings the
bs4 readers see, so the one rule for that lives here: text, each child's text, each tail, in
document order; the text of comments, PIs and script-like elements skipped, their tails kept.
"""

from __future__ import annotations

from typing import Any

# bs4 files the strings inside these elements under classes that its get_text(" ") skips.
HIDDEN_TEXT = frozenset({"script", "style", "template", "rt", "rp"})


def has_class(el: Any, cls: str) -> bool:
    """bs4's class match: one of the whitespace-separated class names equals `cls`."""
    return cls in (el.get("class") or "").split()


def strings(el: Any, out: list[str]) -> None:
    """Append the strings under `el` in document order: its text, each child's, each tail."""
    if el.text:
        out.append(el.text)
    for child in el:  # of comments and PIs (non-str tag) bs4 skips the text, not the tail
        if isinstance(child.tag, str) and child.tag not in HIDDEN_TEXT:
            strings(child, out)
        if child.tail:
            out.append(child.tail)


def get_text(el: Any) -> str:
    """`el.get_text(" ")` of the same element in a bs4 tree (before any cleaning)."""
    out: list[str] = []
    strings(el, out)
    return " ".join(out)
