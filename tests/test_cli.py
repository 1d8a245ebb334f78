"""The real `itucat` command line: exit codes, lock, summary line, bad input, kill -9."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.crawl_helpers import compare_with_mirror, dumps, export, run_cli, summary_figures
from tests.shared_paths import REPO_ROOT

MIRROR_SERIES = "AN"  # the module's mirror (tests/conftest.py)


def nightly(data_dir, mirror, *extra):
    return run_cli(data_dir, "nightly", "--base-url", mirror.base_url, "--delay", "0", *extra)


@pytest.fixture(scope="module")
def first_nightly(mirror, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One first nightly run of the module's mirror: its output and its data directory.

    Read-only: a test that runs anything more against it works on a copy (`_copy`), so each
    test still starts from a first run, without paying a harvest and an index build each.
    """
    data_dir = tmp_path_factory.mktemp("first-nightly")
    proc = nightly(data_dir, mirror)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return data_dir, proc


def _copy(first_nightly: tuple[Path, subprocess.CompletedProcess], tmp_path: Path) -> Path:
    """A private copy of the first run's data directory (no process has it open)."""
    return Path(shutil.copytree(first_nightly[0], tmp_path / "first-run"))


def test_settings_lists_every_setting(tmp_path):
    proc = run_cli(tmp_path, "settings")
    assert proc.returncode == 0
    assert "ITUCAT_CRAWLER__DELAY" in proc.stdout


def test_nightly_prints_one_summary_line_and_records_the_run(mirror, first_nightly, tmp_path):
    _, proc = first_nightly
    data_dir = _copy(first_nightly, tmp_path)
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("itucat nightly: new=")
    figures = summary_figures(proc.stdout)
    assert figures["new"] > 50 and figures["failed"] == 0
    assert figures["indexed"] >= figures["new"]  # the nightly run builds the search index
    found = run_cli(data_dir, "search", "A.13")
    assert found.returncode == 0 and "A.13" in found.stdout
    again = nightly(data_dir, mirror)
    assert summary_figures(again.stdout)["requests"] == 4
    assert summary_figures(again.stdout)["indexed"] == 0
    runs = run_cli(data_dir, "runs")
    assert runs.returncode == 0 and runs.stdout.count("nightly") == 2


def test_sub_second_delay_is_refused_against_a_real_host(tmp_path):
    proc = run_cli(tmp_path, "crawl", "--base-url", "https://www.itu.int", "--delay", "0.2")
    assert proc.returncode == 2
    assert "only against a local mirror" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreachable_site_is_fatal_with_a_clear_message(tmp_path):
    proc = run_cli(tmp_path, "nightly", "--base-url", "http://127.0.0.1:9", "--delay", "0")
    assert proc.returncode == 2
    assert "robots.txt unreachable" in proc.stderr
    assert "Traceback" not in proc.stderr
    runs = run_cli(tmp_path, "runs")
    assert "exit=2" in runs.stdout


def test_second_run_exits_3_while_the_lock_is_held(tmp_path):
    lock = os.open(tmp_path / "itucat.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        proc = run_cli(tmp_path, "nightly", "--base-url", "http://127.0.0.1:9", "--delay", "0")
        assert proc.returncode == 3
        assert time.monotonic() - started < 30
        assert "another run holds" in proc.stderr
    finally:
        os.close(lock)


def test_bad_config_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawler]\ndelay = 'soon'\n")
    proc = run_cli(tmp_path, "--config", str(bad), "runs")
    assert proc.returncode == 2 and "crawler.delay" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_export_without_a_catalogue_is_a_clear_error(tmp_path):
    proc = run_cli(tmp_path / "empty", "export")
    assert proc.returncode == 2 and "no catalogue" in proc.stderr


def test_export_csv_and_jsonl_to_files(first_nightly, tmp_path):
    data_dir = _copy(first_nightly, tmp_path)
    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"catalogue.{fmt}"
        proc = run_cli(data_dir, "export", "--format", fmt, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        text = out.read_text(encoding="utf-8")
        assert "A.13" in text and "Non-normative ITU-T publications" in text
    assert out.read_text().count("\n") == len(export(data_dir))


def test_kill_9_mid_crawl_leaves_a_consistent_store_and_the_next_run_completes(
    mirror, reference, first_nightly, tmp_path
):
    clean_dir = _copy(first_nightly, tmp_path)  # a first run that nothing interrupted
    data_dir = tmp_path / "killed"
    mirror.set_faults(1.0, {"latency"}, seed=5)  # every request 0.2 s: room to kill mid-way
    env = {**os.environ, "ITUCAT_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "itucat_cli", "nightly", "--base-url", mirror.base_url,
         "--delay", "0"], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if _documents(data_dir) >= 20:
                break
        assert proc.poll() is None, "the crawl ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        mirror.clear_faults()
        if proc.poll() is None:
            proc.kill()
    db = sqlite3.connect(data_dir / "catalogue.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    unfinished = db.execute("SELECT COUNT(*) FROM crawl_runs WHERE completed = 0").fetchone()[0]
    db.close()
    assert partial >= 20 and unfinished == 1
    again = nightly(data_dir, mirror)
    assert again.returncode == 0, again.stderr[-2000:]
    assert compare_with_mirror(data_dir, mirror).ratio == 1.0
    assert dumps(export(data_dir)) == dumps(export(clean_dir))


def _documents(data_dir) -> int:
    path = data_dir / "catalogue.sqlite"
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0
