"""JSON renderers for the MyWorkspace API (``/mws/api/recommendations/*``), recorded shapes.

Realistic quirks (deterministic, see ``row_quirks``): in searchRecs ~1 % of rows carry
``idrec`` as a string, ~1 % of titles contain ``" \\r\\n"``, and ~1/5 of untitled rows say
``"None"`` instead of null; in getRecHdrDetail ~1 % give ``idrec`` as a string and ~2 % give
``observation: "None"``. The catalogue keeps the clean values.
"""

from __future__ import annotations

import json

from tests.mirror.catalogue import Catalogue, Edition
from tests.mirror.details import approved_on, details
from tests.mirror.names import dms_fragment_url
from tests.mirror.series import SeriesTitles
from tests.mirror.synth import APPROVAL_JSON, hval


def dumps(data: object) -> bytes:
    """Compact UTF-8 JSON like ITU's API (raw non-ASCII, escaped control characters)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_quirks(seed: int, ed: Edition) -> set[str]:
    """Which quirks the searchRecs row of this edition shows: ``idrec-str``, ``crlf``, ``None``."""
    out = set()
    if hval(seed, "q-idrec", ed.idrec) % 97 == 0:
        out.add("idrec-str")
    if ed.title and " " in ed.title and hval(seed, "q-crlf", ed.idrec) % 89 == 0:
        out.add("crlf")
    if not ed.title and hval(seed, "q-none", ed.idrec) % 5 == 0:
        out.add("None")
    return out


def _row(seed: int, ed: Edition) -> dict:
    quirks = row_quirks(seed, ed)
    title: str | None = ed.title
    if "crlf" in quirks and title:
        cut = title.find(" ", len(title) // 2)
        cut = cut if cut > 0 else title.find(" ")
        title = title[:cut] + " \r\n" + title[cut + 1 :]
    if "None" in quirks:
        title = "None"
    return {
        "idrec": str(ed.idrec) if "idrec-str" in quirks else ed.idrec,
        "rec_name": ed.rec_name,
        "title": title,
        "approval_date": ed.approval_date,
        "dms_link": ed.edition_id,
        "status": ed.status,
    }


def search_recs(cat: Catalogue, params: dict[str, str]) -> bytes:
    """``searchRecs``: one row per served edition; honours series/main/status/rows/page."""
    rows = cat.served_editions()
    series = params.get("series", "-1")
    if series not in ("", "-1"):
        rows = [e for e in rows if e.family[:1].upper() == series[:1].upper()]
    if params.get("main_edition_flag", "0").lower() in ("1", "true"):
        rows = [e for e in rows if e.is_main]
    status = params.get("status", "Z").upper()
    wanted = {"I": "In force", "S": "Superseded", "W": "Withdrawn"}.get(status)
    if wanted:
        rows = [e for e in rows if e.status == wanted]
    if params.get("sort_order", "asc").lower() == "desc":
        rows.reverse()
    total = len(rows)
    size = _int(params.get("rows"), 100000)
    page = max(1, _int(params.get("page"), 1))
    rows = rows[(page - 1) * size : page * size]
    return dumps({"Total": total, "Data": [_row(cat.seed, e) for e in rows]})


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def rec_hdr_detail(cat: Catalogue, ed: Edition, series: SeriesTitles) -> bytes:
    """``getRecHdrDetail`` for one edition."""
    d = details(cat, ed, series)
    quirk_id = hval(cat.seed, "hdr-idrec", ed.idrec) % 100 == 0
    observation = "None" if hval(cat.seed, "hdr-obs", ed.idrec) % 50 == 0 else None
    iso = f"Equivalent standard: {d.iso[0]} ({d.iso[1]})" if d.iso else None
    return dumps({
        "idrec": str(ed.idrec) if quirk_id else ed.idrec,
        "id_prod": d.id_prod,
        "idp_name": d.idp_name,
        "series_title": SeriesTitles.joined(d.series),
        "series_title_1": d.series[0],
        "series_title_2": d.series[1],
        "series_title_3": d.series[2],
        "rec_title": ed.title or "",
        "rec_name": ed.docid,
        "rec_prov_name": f"Provisional name: {d.prov_name}" if d.prov_name else None,
        "handle_id": f"https://handle.itu.int/11.1002/1000/{ed.idrec}",
        "handle_id_pdf_link": d.pdf_link,
        "summary": ed.summary or "",
        "iso_number": iso,
        "approval_process": APPROVAL_JSON[d.approval],
        "aap_link": f"https://www.itu.int/t/aap/recdetails/{d.aap_id}" if d.aap_id else "",
        "work_item": d.work_item,
        "associated_work": d.associated_text,
        "test_signals": None,
        "status": ed.status,
        "approval_date": approved_on(ed.approval_date),
        "observation": observation,
        "sg": ed.study_group,
        "sg_url": d.sg_url,
        "edition_html_url": d.edition_html_url,
    })


def fragment_links(ed: Edition, scheme: str = "http") -> tuple[str, str]:
    """(sum_dms_link, toc_dms_link), ``"-"`` when the edition has none."""
    if not ed.edition_id or not ed.summary:
        return ("-", "-")
    corrective = ed.doctype.endswith(("amendment", "corrigendum")) or " Err. " in ed.rec_name
    toc = "-" if corrective else dms_fragment_url(ed.edition_id, "TOC", scheme)
    return (dms_fragment_url(ed.edition_id, "SUM", scheme), toc)


def rec_editions(cat: Catalogue, ed: Edition) -> bytes:
    """``getRecEditions``: the edition's whole lineage, across renumbering, newest first."""
    rows = []
    for e in cat.lineage_of(ed):
        summary, toc = fragment_links(e)
        rows.append({
            "idrec": e.idrec,
            "Version": e.version,
            "rec_name": e.rec_name,
            "title": e.title,
            "status": e.status,
            "sum_dms_link": summary,
            "toc_dms_link": toc,
            "dms_link": e.edition_id,
        })
    return dumps(rows)


def served_guides(cat: Catalogue, ed: Edition) -> list[Edition]:
    """The newest edition of each implementers' guide of an edition's family."""
    fam = cat.families.get(ed.family)
    if fam is None or ed.guide_for is not None:
        return []
    newest: dict[str, Edition] = {}
    for guide in fam.guides:
        if guide.family not in newest or guide.approval_date > newest[guide.family].approval_date:
            newest[guide.family] = guide
    return [g for g in newest.values() if cat.is_served(g)]


def impl_guides(cat: Catalogue, ed: Edition) -> bytes:
    """``getImplGuides`` (never recorded; field names as getRecSupplements/getRecEditions)."""
    return dumps([{
        "idrec": g.idrec,
        "rec_name": g.rec_name,
        "title": g.title,
        "approval_date": g.approval_date,
        "status": g.status,
        "dms_link": g.edition_id,
    } for g in served_guides(cat, ed)])


def served_supplements(cat: Catalogue, ed: Edition) -> list[Edition]:
    """Supplements listed for an edition's family (only those the mirror serves)."""
    fam = cat.families.get(ed.family)
    return [s for s in fam.supplements if cat.is_served(s)] if fam else []


def rec_supplements(cat: Catalogue, ed: Edition) -> bytes:
    """``getRecSupplements``: the family's related supplements (often ``[]``)."""
    rows = []
    for s in served_supplements(cat, ed):
        summary, toc = fragment_links(s, "https")
        rows.append({
            "idp_edition": s.idrec,
            "rec_name": s.rec_name,
            "title_text": s.title or "",
            "status": s.status,
            "sort_order": 1000 + hval(0, "sort", s.family) % 9000,
            "sum_dms_link": summary,
            "toc_dms_link": toc,
            "dms_link": f"https://www.itu.int/rec/{s.edition_id}" if s.edition_id else None,
        })
    return dumps(rows)
