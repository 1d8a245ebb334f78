"""Own the editions of one family as the catalogue keeps them (pure, no network, no store).

The enumeration gives every edition's name, title, date, status and edition id; ITU's
editions list (rec.aspx Editions tab or getRecEditions) adds what only it says: the edition
number ("3", "2.1"), the edition's own summary fragment and a title where the enumeration
has none. The header gives the current edition's own summary. Annexes, appendices,
attachments and amendments are tied to the main edition they are part of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from crawler.numbers import parse_rec_name
from crawler.records import EditionLink, EnumeratedEdition, RecHeader
from index.models import EditionData

_PART_SUFFIX = re.compile(r"!.*$")
_STATUS_LETTER = re.compile(r"-[ISWP](?=!|$)")
_BASE_YEAR = re.compile(r"\((\d{4})\)")


def _base_id(edition_id: str | None) -> str | None:
    """"T-REC-H.350-200308-S!AppIII" -> "T-REC-H.350-200308" (no part, no status letter)."""
    if not edition_id:
        return None
    return _STATUS_LETTER.sub("", _PART_SUFFIX.sub("", edition_id))


def _part_of(row: EnumeratedEdition, kind: str, mains: list[EnumeratedEdition],
             numbers: dict[int, str]) -> int | None:
    """The main edition an annex/appendix/amendment belongs to.

    The edition id without its part says it first ("T-REC-H.350-200308-S!AppIII" was
    published with H.350 (08/2003)); then ITU's edition number ("9.2" is part of edition 9),
    the base year ("G.989.2 (2014) Amd. 1"), and the date.
    """
    if kind == "edition" or not mains:
        return None
    base = _base_id(row.dms_link) if row.dms_link and "!" in row.dms_link else None
    if base:
        for main in mains:
            if _base_id(main.dms_link) == base:
                return main.idrec
    major = numbers.get(row.idrec, "").partition(".")[0]
    if major.isdigit():
        for main in mains:
            if numbers.get(main.idrec) == major:
                return main.idrec
    dated = [(when, m) for m in mains if (when := _when(m)) is not None]
    label = parse_rec_name(row.rec_name).label
    year = _BASE_YEAR.search(label)
    if year:  # "G.989.2 (2014) Amd. 1 (04/2016)": an amendment of the 2014 edition
        same_year = [m for when, m in dated if when.year == int(year.group(1))]
        if same_year:
            return same_year[-1].idrec
    own = _when(row)
    before = [m for when, m in dated if own is not None and when <= own]
    return before[-1].idrec if before else None


def _when(row: EnumeratedEdition) -> date | None:
    return row.approval_date or parse_rec_name(row.rec_name).stamp


def build_editions(rows: list[EnumeratedEdition], listed: Iterable[EditionLink] | None,
                   header: RecHeader | None, current_idrec: int,
                   header_source: str | None) -> tuple[EditionData, ...]:
    """The family's editions, oldest first, with what the editions list and header add."""
    by_idrec = {link.idrec: link for link in listed or () if link.idrec is not None}
    numbers = {i: link.version for i, link in by_idrec.items() if link.version}
    mains = [r for r in rows if parse_rec_name(r.rec_name).kind == "edition"]
    result = []
    for row in rows:
        name = parse_rec_name(row.rec_name)
        link = by_idrec.get(row.idrec)
        summary = source = None
        if row.idrec == current_idrec and header is not None:
            # The header's summary is the current edition's own ("" = ITU has none: asked).
            summary, source = header.summary or "", (header_source or "mws")
        result.append(EditionData(
            idrec=row.idrec,
            label=name.label,
            kind=name.kind,
            version=name.version,
            title=row.title or (link.title if link else None),
            approval_date=row.approval_date or name.stamp,
            status=row.status,
            edition_id=row.dms_link,
            edition_number=link.version if link else None,
            date_precision="day" if row.approval_date else "month",
            part_of=_part_of(row, name.kind, mains, numbers),
            summary=summary,
            summary_source=source,
            summary_url=link.summary_url if link else None,
        ))
    return tuple(result)
