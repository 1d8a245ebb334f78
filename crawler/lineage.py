"""Own lineage: turn ITU's editions list of a family into "replaced by" links (pure).

ITU's editions list (getRecEditions, or the Editions tab of rec.aspx) is the whole lineage
of a text across renumbering: the list for Z.163 (11/2007) also holds Z.142 (02/2003) and
Z.142 (03/2006). Its main editions (whole edition numbers: "1", "2", "3"; "6.2" is an
amendment, a supplement or an annex of edition 6) in date order give the links: every main
edition is replaced by the main editions of the next later date, and a link between two
documents is kept. It is a "document" link when the old document has no later main edition
in the list (Z.142 ends where Z.163 begins), else an "edition" link.

A Recommendation is only replaced by a Recommendation and a Supplement by a Supplement:
ITU lists E.164's own supplements in E.164's editions list, between its editions.
Header observations add "Formerly Z.142" (Z.163 replaces Z.142).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from crawler.numbers import document_type, parse_rec_name
from crawler.records import EditionLink
from index.lineage_models import LineageLink

# "Formerly Z.142", "Formerly ITU-T Q.3301.1", "Renumbered as X", "Superseded by Y".
_NUMBER = (r"(?:ITU-T\s+)?(?:Rec(?:ommendation)?\.?\s+)?"
           r"(?P<num>[A-Z]\.[\w.]*\d(?:/[A-Z]\.[\w.]*\d)*)")
_FORMERLY = re.compile(rf"\b(?:formerly|previously numbered(?: as)?)\s+{_NUMBER}", re.I)
_REPLACED_BY = re.compile(rf"\b(?:renumbered as|replaced by|superseded by)\s+{_NUMBER}", re.I)

DocOf = Callable[[str], str | None]  # edition name -> catalogue document (None: unknown)


def is_main(link: EditionLink) -> bool:
    """A main edition: a whole edition number ("3"), or an edition when ITU gives none."""
    version = (link.version or "").strip()
    if version:
        return version.isdigit()
    return parse_rec_name(link.rec_name).kind == "edition"


def _stamp(link: EditionLink) -> date | None:
    return parse_rec_name(link.rec_name).stamp


def editions_links(rows: Iterable[EditionLink], doc_of: DocOf, source: str,
                   stated_by: str) -> tuple[LineageLink, ...]:
    """The links one editions list states (see the module docstring)."""
    mains: list[tuple[date, EditionLink, str]] = []
    for row in rows:
        stamp, doc = _stamp(row), doc_of(row.rec_name)
        if stamp is not None and doc is not None and is_main(row):
            mains.append((stamp, row, doc))
    versioned = any((row.version or "").strip() for _, row, _ in mains)
    kinds = {document_type(doc) for _, _, doc in mains}
    if not versioned and len(kinds) > 1:
        # Without edition numbers a Recommendation's own supplements look like editions:
        # keep the Recommendations only.
        mains = [m for m in mains if document_type(m[2]) == "Recommendation"]
    mains.sort(key=lambda m: (m[0], _version_key(m[1].version)))
    last = {doc: stamp for stamp, _, doc in mains}
    out: dict[tuple[str, str, int | None, int | None], LineageLink] = {}
    for stamp, row, doc in mains:
        later = [m for m in mains if m[0] > stamp]
        if not later:
            continue
        step = min(m[0] for m in later)
        for _, new, new_doc in (m for m in later if m[0] == step):
            if new_doc == doc or document_type(new_doc) != document_type(doc):
                continue
            level = "document" if last[doc] == stamp else "edition"
            evidence = (f"ITU's editions list of {stated_by}: {row.rec_name} is followed by"
                        f" {new.rec_name}")
            link = LineageLink(doc, new_doc, row.idrec, new.idrec, level, source, evidence)
            out.setdefault((doc, new_doc, row.idrec, new.idrec), link)
    return tuple(out.values())


def _version_key(version: str | None) -> tuple[int, ...]:
    parts = re.findall(r"\d+", version or "")
    return tuple(int(p) for p in parts)


def observation_links(doc_id: str, observation: str | None, resolve: Callable[[str], str | None],
                      ) -> tuple[LineageLink, ...]:
    """Links an observation states: "Formerly Z.142" (doc_id replaces Z.142), "Superseded by"."""
    if not observation:
        return ()
    out: list[LineageLink] = []
    for pattern, forward in ((_FORMERLY, False), (_REPLACED_BY, True)):
        for match in pattern.finditer(observation):
            other = resolve(match.group("num"))
            if other is None or other == doc_id:
                continue
            old, new = (doc_id, other) if forward else (other, doc_id)
            if document_type(old) != document_type(new):
                continue
            out.append(LineageLink(old, new, None, None, "document", "observation",
                                   f"{doc_id}: {observation.strip()}"))
    return tuple(dict.fromkeys(out))
