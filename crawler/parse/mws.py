"""Parse the MyWorkspace JSON API (`/mws/api/recommendations/*`) into typed records.

Owns: `searchRecs` (the catalogue enumeration, one row per edition), `getRecHdrDetail`
(one edition's header), `getRecEditions` (a family's editions: the whole lineage, across
renumbering), `getRecSupplements` and `getImplGuides` (a Recommendation's implementers'
guides; named in ITU's code, never recorded: its rows are read like getRecSupplements' and
getRecEditions', by field name, each field optional).

ITU's JSON is loosely typed: ids come as int or as "14659", nulls as null, "None", "" or
"-", text carries CR/LF, and links are bare edition ids or full `/rec/` URLs. Every parser
raises `ParseError` (a `ValueError`) for a body that is not JSON or has the wrong top-level
shape, and never any other exception; odd single fields become None, odd rows are skipped
with a warning.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from crawler.parse.common import (
    ParseError,
    approval_process_code,
    clean_paragraphs,
    clean_text,
    log,
    normalise_status,
    parse_date,
    parse_int,
    strip_prefix,
)
from crawler.records import (
    EditionLink,
    EnumeratedEdition,
    ImplementersGuideLink,
    RecHeader,
    SupplementLink,
)
from crawler.urls import REC_PREFIX, edition_page

_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def _load(body: bytes | str, url: str) -> Any:
    """Decode a JSON body; anything that is not JSON is a ParseError."""
    if isinstance(body, str):
        text = body
    else:
        try:
            # utf-8-sig: IIS sometimes prefixes a BOM; json.loads rejects it otherwise.
            text = bytes(body).decode("utf-8-sig")
        except (UnicodeDecodeError, TypeError) as exc:
            raise ParseError(f"{url}: body is not UTF-8 JSON") from exc
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"{url}: body is not JSON ({exc})") from exc


def _rows(data: Any, url: str, what: str) -> Iterator[dict[str, Any]]:
    """Yield the dict rows of a JSON list, warning about (and skipping) anything else."""
    if not isinstance(data, list):
        raise ParseError(f"{url}: expected a JSON list of {what}, got {type(data).__name__}")
    for i, row in enumerate(data):
        if isinstance(row, dict):
            yield row
        else:
            log.warning("%s: %s row %d is %s, not an object; skipped", url, what, i, type(row))


def edition_id_from_link(value: object) -> str | None:
    """Reduce a dms_link ("T-REC-A.1-200010-S" or "https://www.itu.int/rec/T-REC-...") to the id."""
    text = clean_text(value)
    if text is None:
        return None
    text = REC_PREFIX.sub("", text)
    # A full URL may carry "/en" or a query after the id; the id itself never has "/" or "?".
    text = re.split(r"[/?#]", text, maxsplit=1)[0]
    return text or None


def _int(value: object) -> int | None:
    """parse_int that also survives "1e999"/"inf" (OverflowError) in hostile JSON."""
    try:
        return parse_int(value)
    except (OverflowError, ValueError):
        return None


def _link(value: object) -> str | None:
    """A summary/ToC link, with ITU's "-" placeholder meaning none."""
    return clean_text(value)


def parse_search_recs(body: bytes, url: str) -> tuple[int | None, list[EnumeratedEdition]]:
    """Parse `searchRecs` `{"Total": n, "Data": [...]}` into (Total, one row per edition)."""
    data = _load(body, url)
    rows: Any
    if isinstance(data, list):
        # Tolerate a bare list of rows (no envelope): the rows are what matters.
        total, rows = None, data
    elif isinstance(data, dict):
        if "Data" not in data:
            raise ParseError(f"{url}: searchRecs object without a Data member")
        total, rows = _int(data.get("Total")), data.get("Data")
        if rows is None:
            rows = []
    else:
        raise ParseError(f"{url}: searchRecs body is {type(data).__name__}, not an object")
    out: list[EnumeratedEdition] = []
    for row in _rows(rows, url, "searchRecs"):
        idrec = _int(row.get("idrec"))
        rec_name = clean_text(row.get("rec_name"))
        if idrec is None:
            log.warning("%s: searchRecs row without idrec skipped: %r", url, rec_name)
            continue
        if rec_name is None:
            log.warning("%s: searchRecs row idrec=%s without rec_name skipped", url, idrec)
            continue
        out.append(
            EnumeratedEdition(
                idrec=idrec,
                rec_name=rec_name,
                title=clean_text(row.get("title")),
                approval_date=parse_date(row.get("approval_date")),
                dms_link=edition_id_from_link(row.get("dms_link")),
                status=normalise_status(row.get("status")),
            )
        )
    return total, out


def _series_titles(row: dict[str, Any]) -> tuple[str, ...]:
    """Series, sub-series, sub-sub-series: from series_title_1..3, else split series_title."""
    numbered = [clean_text(row.get(f"series_title_{i}")) for i in (1, 2, 3)]
    titles = [t for t in numbered if t]
    if titles:
        return tuple(titles)
    combined = row.get("series_title")
    if not isinstance(combined, str):
        return ()
    # "H series: ...<br/>&nbsp;&nbsp;H.200-H.499: ...": one level per <br/>, &nbsp; indents.
    parts = (clean_text(html.unescape(_TAG.sub("", p))) for p in _BR.split(combined))
    return tuple(p for p in parts if p)


def parse_rec_header(body: bytes, url: str) -> RecHeader | None:
    """Parse `getRecHdrDetail` into a RecHeader; None for an empty or `null` body."""
    if not bytes(body or b"").strip():
        return None
    row = _load(body, url)
    if row is None:
        return None
    if not isinstance(row, dict):
        raise ParseError(f"{url}: getRecHdrDetail body is {type(row).__name__}, not an object")
    rec_name = clean_text(row.get("rec_name"))
    if rec_name is None:
        raise ParseError(f"{url}: getRecHdrDetail object without rec_name")
    return RecHeader(
        idrec=_int(row.get("idrec")),
        rec_name=rec_name,
        title=clean_text(row.get("rec_title")),
        summary=clean_paragraphs(row.get("summary")),
        series_titles=_series_titles(row),
        provisional_name=strip_prefix(row.get("rec_prov_name"), "Provisional name:"),
        iso_number=strip_prefix(row.get("iso_number"), "Equivalent standard:"),
        approval_process=approval_process_code(row.get("approval_process")),
        status=normalise_status(row.get("status")),
        approval_date=parse_date(row.get("approval_date")),
        observation=clean_text(row.get("observation")),
        study_group=clean_text(row.get("sg")),
        sg_url=_link(row.get("sg_url")),
        handle_url=_link(row.get("handle_id")),
        pdf_url=_link(row.get("handle_id_pdf_link")),
    )


def parse_rec_editions(body: bytes, url: str) -> list[EditionLink]:
    """Parse `getRecEditions` (every edition of the family, newest first as ITU sends it)."""
    out: list[EditionLink] = []
    for row in _rows(_load(body, url), url, "getRecEditions"):
        rec_name = clean_text(row.get("rec_name"))
        if rec_name is None:
            log.warning("%s: getRecEditions row without rec_name skipped: %r", url, row)
            continue
        out.append(
            EditionLink(
                idrec=_int(row.get("idrec")),
                rec_name=rec_name,
                version=clean_text(row.get("Version")),
                status=normalise_status(row.get("status")),
                title=clean_text(row.get("title")),
                summary_url=_link(row.get("sum_dms_link")),
                edition_id=edition_id_from_link(row.get("dms_link")),
            )
        )
    return out


def parse_rec_supplements(body: bytes, url: str) -> list[SupplementLink]:
    """Parse `getRecSupplements` (supplements related to a Recommendation; often `[]`)."""
    out: list[SupplementLink] = []
    for row in _rows(_load(body, url), url, "getRecSupplements"):
        rec_name = clean_text(row.get("rec_name"))
        if rec_name is None:
            log.warning("%s: getRecSupplements row without rec_name skipped: %r", url, row)
            continue
        out.append(
            SupplementLink(
                idrec=_int(row.get("idp_edition", row.get("idrec"))),
                rec_name=rec_name,
                title=clean_text(row.get("title_text", row.get("title"))),
                status=normalise_status(row.get("status")),
                summary_url=_link(row.get("sum_dms_link")),
                edition_id=edition_id_from_link(row.get("dms_link")),
            )
        )
    return out


def parse_impl_guides(body: bytes, url: str) -> list[ImplementersGuideLink]:
    """Parse `getImplGuides` (a Recommendation's implementers' guides; often `[]`).

    Rows: `{idrec, rec_name, title, approval_date, status, dms_link}` (title may be called
    `title_text` as in getRecSupplements). Rows with neither a title nor a name are skipped.
    """
    out: list[ImplementersGuideLink] = []
    for row in _rows(_load(body, url), url, "getImplGuides"):
        rec_name = clean_text(row.get("rec_name"))
        title = clean_text(row.get("title", row.get("title_text"))) or rec_name
        if title is None:
            log.warning("%s: getImplGuides row without title or rec_name skipped: %r", url, row)
            continue
        edition_id = edition_id_from_link(row.get("dms_link"))
        out.append(
            ImplementersGuideLink(
                title=title,
                approval_date=parse_date(row.get("approval_date")),
                url=edition_page(edition_id) if edition_id else None,
                idrec=_int(row.get("idrec", row.get("idp_edition"))),
                rec_name=rec_name,
                status=normalise_status(row.get("status")),
            )
        )
    return out
