"""A full harvest of the whole real catalogue (16,172 editions) from the mirror, via the CLI.

The slowest test of the suite (a few minutes): one first harvest, then the nightly runs
that must cost almost nothing. Everything else about crawling is tested on subsets.
"""

from __future__ import annotations

import gzip
import json

import pytest

from tests.crawl_helpers import compare_with_mirror, export, run_cli, summary_figures

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def harvested(mirror, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("full")
    # `crawl` makes the same requests as `nightly` without building the search index, which
    # the search tests cover: this module measures the harvest alone.
    proc = run_cli(data_dir, "crawl", "--base-url", mirror.base_url, "--delay", "0",
                   "--no-progress", timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return data_dir, summary_figures(proc.stdout)


def test_full_harvest_holds_at_least_99_percent_of_the_real_editions(harvested, mirror,
                                                                     reference):
    data_dir, figures = harvested
    result = compare_with_mirror(data_dir, mirror)
    assert result.served >= 16_172
    assert result.ratio >= 0.99, result.problems[:10]
    # Independently of the mirror: every edition of the real metadata set, by name and date.
    stored = {(e["number"], e["date"]) for d in export(data_dir) for e in d["editions"]}
    path = reference / "metadata/relaton-data-itu/itu-t-records.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        real = [json.loads(line) for line in lines]
    found = sum(1 for r in real if (r["docid"].removeprefix("ITU-T "), r["date_published"])
                in stored)
    assert found / len(real) >= 0.99, f"{found} of {len(real)}"
    assert figures["requests"] < 47_700 * 0.65  # markedly fewer than the best existing harvester


def test_nightly_with_nothing_changed_costs_at_most_5_requests(harvested, mirror):
    data_dir, _ = harvested
    mirror.reset_log()
    proc = run_cli(data_dir, "crawl", "--base-url", mirror.base_url, "--delay", "0")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert summary_figures(proc.stdout)["requests"] <= 5
    assert mirror.count() <= 5


def test_nightly_after_20_changes_fetches_those_and_little_else(harvested, mirror):
    data_dir, _ = harvested
    changed = mirror.mutate(20, seed=20)
    mirror.reset_log()
    proc = run_cli(data_dir, "crawl", "--base-url", mirror.base_url, "--delay", "0")
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = summary_figures(proc.stdout)
    assert figures["changed"] == len(changed) == 20
    new_editions = sum(1 for m in mirror.mutations if m.kind == "edition")
    assert mirror.count() <= 4 + 2 * 20 + new_editions
    assert compare_with_mirror(data_dir, mirror).ratio >= 0.99
