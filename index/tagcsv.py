"""Own the CSV forms of curator data: tag export and import, audit log export.

Export cells that a spreadsheet would run as a formula (starting with = + - @ tab or
carriage return) get a leading apostrophe; nothing else is escaped beyond CSV quoting.
Import is strict: the file must be well-formed CSV (an unterminated quote is an error,
not a cell that swallows the rest of the file), every column known, every cell printable
(no NUL or other control character) and every field valid (document, facet, tag, action,
reason; a curator name and an ISO date where given). It checks every row first and then
applies all rows in one transaction, or none; a decision already in place is left as
it is, so importing the same file twice changes nothing. Provenance is never taken from
the file: the importing user and the import time are recorded, and the curator and date
a row claims are kept in a curators-only note on the document.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from index.errors import CurationError
from index.store import Store
from index.store.audit import AUDIT_COLUMNS, AuditEntry, AuditQuery
from index.store.tags import TAG_COLUMNS
from index.tags.changes import DC, TagChange, change_problem, check_reason, vocabulary

REQUIRED = ("document_id", "facet", "value", "action", "reason")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 200_000
MAX_CELL = 4000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@:-]{0,79}$")


def neutralise(value: Any) -> str:
    """A cell a spreadsheet shows as text: formula-like cells get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def restore(cell: str | None) -> str:
    """Undo `neutralise` on import (strip the apostrophe it added), and trim."""
    text = (cell or "").strip(" \n")
    if text.startswith("'") and text[1:].startswith(_FORMULA):
        text = text[1:]
    return text.strip()


def write_rows(out: IO[str], header: Iterable[str], rows: Iterable[Iterable[Any]]) -> int:
    """Write a header and rows with every cell neutralised; return the row count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(header))
    count = 0
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        count += 1
    return count


def csv_chunks(header: Iterable[str], rows: Iterable[Iterable[Any]],
               size: int = 64_000) -> Iterator[str]:
    """CSV text in pieces of about `size` characters (for streaming a long export)."""
    buffer = io.StringIO()
    write_rows(buffer, header, [])
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_tags(store: Store, out: IO[str]) -> int:
    """Write every current curator decision as CSV; return the number of rows."""
    rows = ([getattr(d, c) for c in TAG_COLUMNS] for d in store.tags.all())
    return write_rows(out, TAG_COLUMNS, rows)


def audit_cells(entry: AuditEntry) -> list[Any]:
    """One audit entry as CSV cells (before and after as JSON)."""
    return [json.dumps(value, ensure_ascii=False, sort_keys=True)
            if c in ("before", "after") and value is not None else value
            for c, value in zip(AUDIT_COLUMNS, entry.cells(), strict=True)]


def audit_csv(store: Store, query: AuditQuery) -> Iterator[str]:
    """The matching audit entries as CSV text pieces, oldest first."""
    rows = (audit_cells(e) for e in store.audit.iter_entries(query))
    return csv_chunks(AUDIT_COLUMNS, rows)


@dataclass
class ImportReport:
    """What an import found and did."""

    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    batch_id: str | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, problem in English)
    documents: list[str] = field(default_factory=list)  # to re-index

    @property
    def ok(self) -> bool:
        """True when every row was valid (and so everything was applied)."""
        return not self.errors


@dataclass(frozen=True)
class Claimed:
    """The provenance a row claims (kept as a note, never recorded as the decision's)."""

    curator: str
    created_at: str


def _cell_problems(cell: dict[str, str]) -> list[str]:
    problems = []
    for name, value in cell.items():
        if _CONTROL.search(value):
            problems.append(f"{name} holds a control character (NUL or similar)")
        elif len(value) > MAX_CELL:
            problems.append(f"{name} is longer than {MAX_CELL} characters")
    if cell.get("curator") and not _NAME.match(cell["curator"]):
        problems.append("curator is not a user name")
    if cell.get("created_at"):
        try:
            datetime.fromisoformat(cell["created_at"])
        except ValueError:
            problems.append("created_at is not an ISO date and time")
    return problems


def _parse(handle: IO[str], report: ImportReport
           ) -> list[tuple[int, TagChange, Claimed | None]]:
    reader = csv.DictReader(handle, strict=True)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.errors.append((1, f"missing column(s): {', '.join(missing)}"))
        return []
    unknown = [c for c in header if c not in TAG_COLUMNS]
    if unknown or len(set(header)) != len(header):
        report.errors.append((1, "unknown or repeated column(s): "
                                 f"{', '.join(unknown) or 'repeated'}"))
        return []
    reader.fieldnames = header
    rows: list[tuple[int, TagChange, Claimed | None]] = []
    for raw in reader:
        line = reader.line_num
        if len(rows) >= MAX_ROWS:
            report.errors.append((line, f"more than {MAX_ROWS} rows"))
            break
        if None in raw:
            report.errors.append((line, "more cells than columns"))
            continue
        if any(value is None for value in raw.values()) and any(raw.values()):
            report.errors.append((line, "fewer cells than columns"))
            continue
        cell = {k: restore(raw.get(k)) for k in header}
        if not any(cell.values()):
            continue  # a blank line
        problems = _cell_problems(cell)
        if problems:
            report.errors += [(line, p) for p in problems]
            continue
        claimed = None
        if cell.get("curator") or cell.get("created_at"):
            claimed = Claimed(cell.get("curator", ""), cell.get("created_at", ""))
        # Provenance is the importer's: the decision is recorded with no curator or date
        # of the file's (apply_in fills in the acting user and now).
        change = TagChange(cell["document_id"], cell["facet"].lower(), cell["value"],
                           cell["action"].lower(), None, None, cell["reason"])
        rows.append((line, change, claimed))
    return rows


def _problems(store: Store, rows: list[tuple[int, TagChange, Claimed | None]]
              ) -> list[tuple[int, str]]:
    vocab = vocabulary()
    errors = []
    known = store.documents.existing(c.document_id for _, c, _ in rows)
    seen: dict[tuple[str, str, str], tuple[int, TagChange]] = {}
    for line, change, _claimed in rows:
        problems = []
        if not change.document_id:
            problems.append("missing document_id")
        elif change.document_id not in known:
            problems.append(f"unknown document {change.document_id!r}")
        problem = change_problem(change, vocab)
        if problem:
            problems.append(str(problem))
        try:
            check_reason(change.reason)
        except CurationError as exc:
            problems.append(str(exc))
        key = (change.document_id, change.facet, "" if change.facet == DC else change.value)
        first = seen.setdefault(key, (line, change))
        if first[0] != line and (first[1].value, first[1].action) != (change.value,
                                                                        change.action):
            problems.append(f"contradicts line {first[0]}")
        errors += [(line, p) for p in problems]
    return errors


def import_tags(store: Store, handle: IO[str], *, actor: str, source: str) -> ImportReport:
    """Check every row, then apply them all as one batch (or nothing when any row is bad)."""
    report = ImportReport()
    try:
        rows = _parse(handle, report)
    except (csv.Error, UnicodeDecodeError) as exc:
        line = getattr(handle, "line_num", 0)
        report.errors.append((line, f"not a well-formed CSV file: {exc}"))
        return report
    report.rows = len(rows)
    report.errors += _problems(store, rows)
    if report.errors:
        return report
    changes = [TagChange(c.document_id, c.facet, c.value, c.action, None, None,
                         check_reason(c.reason)) for _, c, _ in rows]
    report.batch_id, applied = store.batches.apply(
        changes, kind="import", actor=actor, reason=f"import of {source}",
        description=f"{len(rows)} rows from {source}", notes=_claims_notes(rows, source))
    report.changed, report.unchanged = applied.changed, applied.unchanged
    report.documents = applied.documents
    return report


def _claims_notes(rows: list[tuple[int, TagChange, Claimed | None]], source: str
                  ) -> dict[str, str]:
    """Per document, a note of the provenance its rows claimed (for curators only)."""
    lines: dict[str, list[str]] = {}
    for line, change, claimed in rows:
        if claimed is None:
            continue
        who = claimed.curator or "(no curator)"
        when = claimed.created_at or "(no date)"
        lines.setdefault(change.document_id, []).append(
            f"- line {line}: {change.facet} {change.value} ({change.action}): "
            f"curator {who}, {when}")
    return {doc: f"Imported from {source}; the file claimed this provenance (not recorded "
                 "as the decisions'):\n" + "\n".join(items) for doc, items in lines.items()}
