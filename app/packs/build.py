"""Own making a pack: the documents, their pages, the metadata files, one reproducible ZIP.

Run inside a request context of the reader's language (the site's request, or one the
command line makes): pages are rendered with the site's templates and translations.
Reproducible: entries are sorted by name, every entry's time is the catalogue date,
permissions fixed, JSON keys sorted; nothing depends on the clock or on the request's host.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext

from app.assets import STATIC_DIR
from app.packs.spec import PackSpec
from app.site.common import run_search
from app.site.documents import current_files
from app.templating import catalogue
from index.store.collections import Collection

PAGE = 100
CSV_COLUMNS = ["number", "title", "type", "status", "approval_date", "study_group", "topics",
               "regions", "developing_countries", "languages", "files", "itu_url", "page"]


@dataclass(frozen=True)
class Pack:
    """A built pack: its bytes and what it says about itself."""

    data: bytes
    filename: str
    documents: int
    catalogue_date: str  # "2026-03-04T10:00:00Z"
    title: str
    totals: list[dict[str, Any]]  # per language and format: files, bytes
    truncated: bool


def _safe(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9.\-]+", "_", number).strip("_") or "document"


def _numbers(spec: PackSpec, limit: int) -> tuple[list[str], str, Collection | None, bool]:
    """The numbers to pack, in order, the pack's title, its collection, whether cut short."""
    from app.feeds import describe

    if spec.collection:
        found = catalogue().store.collections.get(spec.collection)
        if found is None:
            from werkzeug.exceptions import NotFound

            raise NotFound()
        listed = [i.document_id for i in found.items]
        return listed[:limit], found.title, found, len(listed) > limit
    numbers: list[str] = []
    page, total = 1, 0
    while len(numbers) < limit:
        answer = run_search(spec.search, size=PAGE, page=page, facet_limit=0)
        total = answer["total"]
        numbers += [h["number"] for h in answer["results"]]
        if page >= answer["pages"]:
            break
        page += 1
    return numbers[:limit], describe(spec.search), None, total > limit


def _entry(number: str, note: str | None) -> dict[str, Any] | None:
    found = catalogue().document(number)
    if found is None:
        return None
    files = sorted(current_files(found.record, found.payload),
                   key=lambda f: (f.get("language") or "", f.get("format") or ""))
    return {"number": found.payload["number"], "doc": found.payload, "record": found.record,
            "files": files, "note": note}


def _totals(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sums: dict[tuple[str, str], list[int]] = {}
    for e in entries:
        for f in e["files"]:
            key = (str(f.get("language") or "?"), str(f.get("format") or "?"))
            row = sums.setdefault(key, [0, 0, 0])
            row[0] += 1
            size = f.get("size_bytes")
            if isinstance(size, int):
                row[1] += size
            else:
                row[2] += 1  # size unknown
    return [{"language": k[0], "format": k[1], "files": v[0], "bytes": v[1], "unknown": v[2]}
            for k, v in sorted(sums.items())]


def _csv(entries: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for e in entries:
        d = e["doc"]
        writer.writerow({
            "number": d["number"], "title": d["title"], "type": d["type"],
            "status": d["status"], "approval_date": d["approval_date"],
            "study_group": d["study_group"],
            "topics": "; ".join(t["label"] for t in d["topics"]),
            "regions": "; ".join(t["label"] for t in d["regions"]),
            "developing_countries": "yes" if d["developing_countries"]["relevant"] else "no",
            "languages": "; ".join(d["languages"]),
            "files": "; ".join(f"{f.get('language')} {f.get('format')} {f.get('size_bytes')}"
                               f" {f.get('url')}" for f in e["files"]),
            "itu_url": d["url"], "page": e["page"]})
    return out.getvalue()


def _json(spec: PackSpec, title: str, date: str, entries: list[dict[str, Any]]) -> str:
    body = {"title": title, "catalogue_date": date, "language": spec.lang,
            "query": spec.args(), "count": len(entries),
            "documents": [{**(e["record"] or {"number": e["number"]}),
                           "status": e["doc"]["status"], "topics": e["doc"]["topics"],
                           "regions": e["doc"]["regions"], "kinds": e["doc"]["kinds"],
                           "developing_countries": e["doc"]["developing_countries"],
                           "replaced_by": e["doc"]["replaced_by"], "note": e["note"],
                           "page": e["page"]} for e in entries]}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1, default=str)


def _zip(files: dict[str, bytes], date: str) -> bytes:
    when = datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ")
    stamp = (max(1980, when.year), when.month, when.day, when.hour, when.minute,
             when.second - when.second % 2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def build_pack(spec: PackSpec) -> Pack:
    """Make the pack (inside a request context of the pack's language)."""
    limit = int(current_app.config["ITUCAT_CONFIG"].reach.pack_limit)
    numbers, title, collection, truncated = _numbers(spec, limit)
    notes = {i.document_id: i.note for i in collection.items} if collection else {}
    entries = [e for e in (_entry(n, notes.get(n)) for n in numbers) if e is not None]
    names: dict[str, str] = {}
    for e in entries:
        name = _safe(e["number"])
        while name in names.values():
            name += "_"
        names[e["number"]] = name
        e["page"] = f"documents/{name}.html"
    date = catalogue().store.journal.catalogue_date()
    totals = _totals(entries)
    from app.curate.markdown import render

    context = {"title": title, "catalogue_date": date, "entries": entries, "totals": totals,
               "names": names, "collection": collection, "truncated": truncated,
               "limit": limit, "intro": render(collection.intro) if collection and
               collection.intro else None, "render_note": render}
    files: dict[str, bytes] = {
        "index.html": render_template("packs/index.html", **context).encode(),
        "catalogue.csv": _csv(entries).encode(),
        "catalogue.json": _json(spec, title, date, entries).encode(),
        "assets/site.css": (STATIC_DIR / "site.css").read_bytes(),
        "assets/pack.css": (STATIC_DIR / "pack.css").read_bytes(),
        "README.txt": (gettext("ITU-T Catalogue offline pack") + f": {title}\n"
                       + gettext("Catalogue date: %(date)s", date=date) + "\n"
                       + gettext("Open index.html in any web browser; no server or network "
                                 "is needed. Downloads are links to ITU.") + "\n").encode(),
    }
    for e in entries:
        files[e["page"]] = render_template("packs/document.html", entry=e, **context).encode()
    return Pack(_zip(files, date), spec.filename(), len(entries), date, title, totals,
                truncated)
