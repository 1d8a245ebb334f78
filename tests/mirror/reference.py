"""Read the shared itu-reference folder at run time (nothing is copied into the repo).

* ``recorded``: route key -> newest recorded response (file, content type, time), built from
  ``manifest.json`` URLs. Keys: ``("rec", idrec)``, ``("rec_code", code_key)``,
  ``("mws", endpoint, idrec)``, ``("edition", id)``, ``("pub", id)``, ``("summary", file)``,
  ``("notfound",)``.
* ``idrec_by_key`` / ``status_by_idrec``: real idrecs and statuses revealed by the recordings
  (mws JSON rows, rec.aspx hidden idrec + editions table, supplement rows).
* ``records``: the relaton dataset rows; ``tech_papers``: related technical papers CSV rows.
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.mirror.names import code_key, match_key, strip_prefix

_ROW_TITLE = re.compile(
    r'rpt_(history|sup)_(ctl\d+)_lbl_(?:title|imp_title_e)"[^>]*>(?:<nobr>)?'
    r'<a href="\./rec\.aspx\?(?:rec|id)=(\d+)&(?:amp;)?lang=en"[^>]*>([^<]+)</a>'
)
_ROW_STATUS = re.compile(r'rpt_history_(ctl\d+)_lbl_status">([^<]+)<')
_MAIN_NAME = re.compile(r'rpt_main_ctl00_lbl_rec"[^>]*>(?:<font[^>]*>)?([^<]+)<')
_MAIN_STATUS = re.compile(r'rpt_main_ctl00_Label7">([^<]+)<')
_MAIN_IDREC = re.compile(r'uc_rec_main_info1_txt_idrec" value="(\d+)"')


@dataclass(frozen=True, slots=True)
class Recorded:
    """One recorded response body on disk."""

    path: Path
    content_type: str
    recorded_at: str
    status: int


def route_key(url: str) -> tuple | None:
    """Map a recorded (or requested) www.itu.int URL to the mirror's route key."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    low = path.lower()
    query = {k.lower(): v for k, v in parse_qsl(parts.query)}
    if low.endswith("/itu-t/recommendations/rec.aspx"):
        value = query.get("rec") or query.get("id") or ""
        return ("rec", int(value)) if value.isdigit() else ("rec_code", code_key(value))
    if low.startswith("/mws/api/recommendations/"):
        idrec = query.get("idrec", "")
        endpoint = low.rsplit("/", 1)[1]
        return ("mws", endpoint, int(idrec)) if idrec.isdigit() else ("mws", endpoint, None)
    if low.startswith("/rec/"):
        ident = path[5:].strip("/")
        ident = ident[:-3] if ident.lower().endswith("/en") else ident
        return ("edition", ident)
    if low.startswith("/pub/"):
        ident = path[5:].strip("/")
        ident = ident[:-3] if ident.lower().endswith("/en") else ident
        return ("pub", ident)
    if low == "/en/publications/pages/notfound.aspx":
        return ("notfound",)
    if low.startswith("/dms_pubrec/itu-t/rec/"):
        return ("summary", path.rsplit("/", 1)[1])
    return None


class Reference:
    """Indexes over the recorded material; bodies are read lazily and cached."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.recorded: dict[tuple, Recorded] = {}
        self._bodies: dict[Path, bytes] = {}
        self.idrec_by_key: dict[str, int] = {}
        self.code_idrec: dict[str, int] = {}
        self.name_by_idrec: dict[int, str] = {}
        self._status: dict[int, tuple[str, str]] = {}
        self._index_manifest()
        self._scan_recordings()
        self.records = self._load_records()
        self.tech_papers = self._load_tech_papers()

    # -- manifest ---------------------------------------------------------------------------
    def _index_manifest(self) -> None:
        for entry in json.loads((self.root / "manifest.json").read_text("utf-8")):
            if entry.get("method") != "GET":
                continue
            key = route_key(entry["url"])
            if key is None or (key[0] == "mws" and key[2] is None):
                continue
            rec = Recorded(
                self.root / entry["file"],
                entry.get("content_type") or "text/html",
                entry.get("recorded_at") or "",
                int(entry.get("http_status") or 200),
            )
            old = self.recorded.get(key)
            if old is None or rec.recorded_at > old.recorded_at:
                self.recorded[key] = rec

    def body(self, rec: Recorded) -> bytes:
        """The recorded bytes (read once)."""
        data = self._bodies.get(rec.path)
        if data is None:
            data = rec.path.read_bytes()
            self._bodies[rec.path] = data
        return data

    # -- idrecs and statuses revealed by the recordings ---------------------------------------
    def _pair(self, name: str, idrec: int | str, status: str | None, when: str) -> None:
        name = html.unescape(strip_prefix(name)).strip()
        idrec = int(idrec)
        self.idrec_by_key.setdefault(match_key(name), idrec)
        self.name_by_idrec.setdefault(idrec, name)
        if status and status.strip() in ("In force", "Superseded", "Withdrawn"):
            old = self._status.get(idrec)
            if old is None or when > old[0]:
                self._status[idrec] = (when, status.strip())

    def _scan_recordings(self) -> None:
        for key, rec in self.recorded.items():
            if key[0] == "mws":
                self._scan_json(key[1], json.loads(self.body(rec)), rec.recorded_at)
            elif key[0] in ("rec", "rec_code"):
                idrec = self._scan_page(self.body(rec).decode("utf-8", "replace"), rec.recorded_at)
                if key[0] == "rec_code" and idrec is not None:
                    self.code_idrec[key[1]] = idrec

    def _scan_json(self, endpoint: str, data: object, when: str) -> None:
        if endpoint == "getrechdrdetail" and isinstance(data, dict):
            self._pair(data["rec_name"], data["idrec"], data.get("status"), when)
        elif endpoint == "getreceditions" and isinstance(data, list):
            for row in data:
                self._pair(row["rec_name"], row["idrec"], row.get("status"), when)
        elif endpoint == "getrecsupplements" and isinstance(data, list):
            for row in data:
                # supplement lists say "In force" for every row: not a status source
                self._pair(row["rec_name"], row["idp_edition"], None, when)

    def _scan_page(self, text: str, when: str) -> int | None:
        name, idrec = _MAIN_NAME.search(text), _MAIN_IDREC.search(text)
        status = _MAIN_STATUS.search(text)
        if name and idrec:
            self._pair(name[1], idrec[1], status[1] if status else None, when)
        statuses = dict(_ROW_STATUS.findall(text))
        for table, ctl, idrec_text, row_name in _ROW_TITLE.findall(text):
            status = statuses.get(ctl) if table == "history" else None
            self._pair(row_name, idrec_text, status, when)
        return int(idrec[1]) if idrec else None

    def recorded_status(self, idrec: int, since: str = "2026") -> str | None:
        """Newest status the recordings show for this idrec, if recorded ``since`` (ISO prefix).

        Older recordings (2019-2025) may be stale: Z.161 (10/2018) was "In force" in 2019.
        """
        found = self._status.get(idrec)
        return found[1] if found and found[0] >= since else None

    # -- datasets -----------------------------------------------------------------------------
    def _load_records(self) -> list[dict]:
        path = self.root / "metadata" / "relaton-data-itu" / "itu-t-records.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def _load_tech_papers(self) -> list[dict]:
        name = "related-technical-papers-and-reports.csv"
        path = self.root / "metadata" / "from-rec-pages" / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))


_REFERENCES: dict[Path, Reference] = {}
_REFERENCES_LOCK = threading.Lock()


def load_reference(path: Path) -> Reference:
    """Parse a reference folder once per process (it is read-only)."""
    key = Path(path).resolve()
    with _REFERENCES_LOCK:
        if key not in _REFERENCES:
            _REFERENCES[key] = Reference(key)
        return _REFERENCES[key]
