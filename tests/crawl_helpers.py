"""Helpers for crawl tests: run a harvest against a mirror, compare the store with the mirror."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from crawler.numbers import study_group_code
from crawler.parse.common import FORMAT_CODES, language_name
from crawler.runner import Outcome, run_harvest
from index.export import iter_records
from index.store import Store
from itucat.config import Config, load_config, with_overrides
from tests.mirror import MirrorServer
from tests.shared_paths import REPO_ROOT


def mirror_config(mirror: MirrorServer, data_dir: Path, **crawler: Any) -> Config:
    """A configuration that harvests the mirror at zero delay into data_dir.

    The summary backfill is off unless a test asks for it (`backfill=N`): tests that count
    requests see the harvest alone, and the backfill is tested on its own.
    """
    settings = {"base_url": mirror.base_url, "delay": 0, "timeout": 5, "backfill": 0,
                **crawler}
    return with_overrides(load_config(env={}), crawler=settings,
                          store={"data_dir": str(data_dir)})


def crawl(mirror: MirrorServer, data_dir: Path, **crawler: Any) -> Outcome:
    """Run one harvest in-process."""
    return run_harvest(mirror_config(mirror, data_dir, **crawler), progress=False)


def run_cli(data_dir: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run the real `itucat` command line in a child process."""
    env = {**os.environ, "ITUCAT_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "itucat_cli", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def summary_figures(stdout: str) -> dict[str, float]:
    """The figures of an `itucat nightly` summary line."""
    line = next(line for line in stdout.splitlines() if "requests=" in line)
    pairs = (p.split("=", 1) for p in line.split(": ", 1)[1].split())
    return {k: float(v) for k, v in pairs}


def export(data_dir: Path) -> list[dict[str, Any]]:
    """The exported catalogue (what a user of `itucat export` gets)."""
    store = Store.open(data_dir)
    try:
        return list(iter_records(store))
    finally:
        store.close()


@dataclass
class Comparison:
    """How many served editions the store holds with every checked field right."""

    served: int = 0
    correct: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Share of served editions stored correctly."""
        return self.correct / self.served if self.served else 0.0


def compare_with_mirror(data_dir: Path, mirror: MirrorServer,
                        records: list[dict[str, Any]] | None = None) -> Comparison:
    """Check every edition the mirror serves against the store, field by field.

    `records`: the store's export when the caller has just read it (the same store, unchanged).
    """
    by_idrec: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for doc in export(data_dir) if records is None else records:
        for ed in doc["editions"]:
            by_idrec[ed["idrec"]] = (doc, ed)
    result = Comparison()
    for served in mirror.catalogue.served_editions():
        result.served += 1
        problem = _edition_problem(served, by_idrec.get(served.idrec))
        if problem:
            if len(result.problems) < 50:
                result.problems.append(f"{served.rec_name} ({served.idrec}): {problem}")
        else:
            result.correct += 1
    return result


def _edition_problem(served: Any, found: tuple[dict, dict] | None) -> str | None:
    if found is None:
        return "missing"
    doc, ed = found
    checks = {
        "label": (ed["number"], served.rec_name),
        "date": (ed["date"], served.approval_date),
        "status": (ed["status"], served.status),
        "edition id": (ed["url"], f"https://www.itu.int/rec/{served.edition_id}"
                       if served.edition_id else None),
    }
    if served.edition_id:
        expected = sorted({(language_name(f.language), FORMAT_CODES[f.kind], f.size)
                           for f in served.formats})
        got = sorted({(f["language"], f["format"], f["size_bytes"]) for f in ed["files"] or []})
        checks["files"] = (got, expected)
    for name, (got, want) in checks.items():
        if got != want:
            return f"{name}: stored {got!r}, served {want!r}"
    if doc["title"] is None and served.title:
        return "document without title although ITU gives one"
    if doc["approval_date"] and date.fromisoformat(doc["approval_date"]).year < 1950:
        return "implausible document date"
    return None


def study_group_problems(data_dir: Path, mirror: MirrorServer) -> list[str]:
    """Documents whose study group is none of the groups the mirror gives their editions."""
    problems = []
    for doc in export(data_dir):
        served = [mirror.catalogue.edition(e["idrec"]) for e in doc["editions"]]
        groups = {study_group_code(s.study_group) for s in served if s and s.study_group}
        if groups and doc["study_group"] not in groups:
            problems.append(f"{doc['id']}: {doc['study_group']} not in {sorted(groups)}")
    return problems


def dumps(records: list[dict[str, Any]]) -> list[str]:
    """Records as canonical JSON lines, for whole-catalogue equality checks."""
    return [json.dumps(r, sort_keys=True) for r in records]
