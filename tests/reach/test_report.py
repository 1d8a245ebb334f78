"""`itucat report --year Y`: the year's figures, each with its definition, in three formats;
figures from the daily counts (they survive the pruning of raw rows)."""

from __future__ import annotations

import csv
import io
import json

from index.metrics.records import DownloadEvent, PackEvent, SearchEvent, ViewEvent
from index.store import Store
from tests.crawl_helpers import run_cli

YEAR_EVENTS = [
    SearchEvent("search", "rural broadband", "fr", {"region": ["africa"]}, 0,
                at="2025-03-02T10:00:00+00:00"),
    SearchEvent("search", "broadband rural", "fr", {}, 0, at="2025-03-03T10:00:00+00:00"),
    SearchEvent("search", "machine learning", "en", {}, 12, at="2025-05-01T10:00:00+00:00"),
    SearchEvent("browse", "", "ar", {"region": ["arab-states"]}, 30,
                at="2025-05-02T10:00:00+00:00"),
    ViewEvent("Y.3172", "en", "search", "machine learning", at="2025-05-01T10:01:00+00:00"),
    DownloadEvent("Y.3172", "English", "PDF", "en", at="2025-05-01T10:02:00+00:00"),
    PackEvent("region", "ar", at="2025-06-01T10:00:00+00:00"),
    SearchEvent("search", "satellite", "en", {}, 0, at="2024-12-31T23:59:00+00:00"),  # not 2025
]


def _record(data_dir):
    store = Store.open(data_dir)
    store.metrics.record(YEAR_EVENTS)
    assert store.metrics.prune(1) == len(YEAR_EVENTS) - 1  # raw rows gone, counts kept
    store.close()


def test_report_in_three_formats(reach_dir):
    _record(reach_dir)
    proc = run_cli(reach_dir, "report", "--year", "2025", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    figures = {f["id"]: f for f in body["figures"]}
    assert figures["searches"]["value"] == 3 and figures["browses"]["value"] == 1
    assert figures["zero_searches"]["value"] == 2 and figures["opened_searches"]["value"] == 1
    assert figures["views"]["value"] == 1 and figures["downloads"]["value"] == 1
    assert figures["packs"]["value"] == 1
    assert figures["documents_current"]["value"] > 0
    assert all(f["definition"] and f["label"] for f in body["figures"])
    needs = body["breakdowns"]["needs"]
    assert needs[0]["count"] == 2 and needs[0]["ui_lang"] == "fr"
    assert {w for w, _n in needs[0]["wordings"]} == {"rural broadband", "broadband rural"}
    out = reach_dir / "report.csv"
    proc = run_cli(reach_dir, "report", "--year", "2025", "--format", "csv", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert ["figure", "searches", "", "3"] == rows[next(
        i for i, r in enumerate(rows) if r[:2] == ["figure", "searches"])][:4]
    proc = run_cli(reach_dir, "report", "--year", "2025", "--lang", "fr")
    assert proc.returncode == 0 and proc.stdout.startswith("<!doctype html>")
    assert '<html lang="fr"' in proc.stdout and "2025" in proc.stdout


def test_report_refuses_bad_input_without_a_trace(reach_dir, tmp_path):
    for args in (["report", "--year", "1700"], ["report"], ["report", "--year", "x"]):
        proc = run_cli(reach_dir, *args)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, args
    proc = run_cli(tmp_path / "empty", "report", "--year", "2025")
    assert proc.returncode == 2 and "no catalogue" in proc.stderr
