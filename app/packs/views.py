"""Own offline packs on the site (blueprint "packs"): a page with the pack's size, then the file.

`/packs?<any search's query string>` (or `?collection=<id>`) builds the pack in the
reader's language and shows how many documents it holds, its size, its catalogue date
and the sizes of ITU's downloads per language and format, before anything is downloaded;
`/packs/download?…` sends the same bytes. Built packs are kept in `<data dir>/packs/`
under a key of what they hold and the catalogue they came from (reproducible: the same
catalogue gives the same file), at most KEEP of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, request, url_for

from app.i18n import current_language
from app.packs.build import Pack, build_pack
from app.packs.spec import PackSpec
from app.reach.metrics import record_pack
from app.templating import catalogue
from app.twins import twin

bp = Blueprint("packs", __name__)
KEEP = 50


def _cache_dir() -> Path:
    return Path(current_app.config["ITUCAT_CONFIG"].data_dir) / "packs"


def _atomic(target: Path, data: bytes) -> None:
    """Write a whole file or nothing (several workers may build the same pack at once)."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def cached_pack(spec: PackSpec) -> tuple[Pack, Path]:
    """The pack of a spec, from the cache when the catalogue has not changed since."""
    cat = catalogue()
    version = f"{cat.store.journal.catalogue_date()}-{cat.version()}"
    folder = _cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec.key()}-{hashlib.sha256(version.encode()).hexdigest()[:12]}.zip"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return Pack(path.read_bytes(), spec.filename(), info["documents"],
                    info["catalogue_date"], info["title"], info["totals"],
                    info["truncated"]), path
    pack = build_pack(spec)
    _atomic(meta, json.dumps({"documents": pack.documents, "title": pack.title,
                              "catalogue_date": pack.catalogue_date, "totals": pack.totals,
                              "truncated": pack.truncated}).encode())  # before the ZIP
    _atomic(path, pack.data)
    _trim(folder)
    return pack, path


def _trim(folder: Path) -> None:
    packs = sorted(folder.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in packs[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)


def _spec() -> PackSpec:
    return PackSpec.from_args(request.args, current_language())


@bp.route("/packs")
def show() -> Response | str:
    """What the pack holds and its size, before downloading it (JSON twin)."""
    spec = _spec()
    pack, _path = cached_pack(spec)
    download = url_for("packs.download", **spec.args())  # type: ignore[arg-type]
    payload = {"pack": {"title": pack.title, "documents": pack.documents,
                        "bytes": len(pack.data), "catalogue_date": pack.catalogue_date,
                        "filename": pack.filename, "truncated": pack.truncated,
                        "language": spec.lang, "downloads": pack.totals,
                        "download": download}}
    return twin("packs/show.html", lambda: payload, pack=pack, size=len(pack.data),
                download=download, spec=spec)


@bp.route("/packs/download")
def download() -> Any:
    """The pack itself (a ZIP)."""
    spec = _spec()
    pack, _path = cached_pack(spec)
    if request.method == "GET":
        record_pack(spec.kind)
    response = Response(pack.data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{pack.filename}"'
    response.headers["Cache-Control"] = "public, no-cache"
    response.set_etag(f"{spec.key()}-{pack.catalogue_date}")
    return response.make_conditional(request)
