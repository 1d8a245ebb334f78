"""The harvest end to end against the offline mirror (a few series, so it stays fast)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from crawler.numbers import study_group_code
from itucat.exitcodes import ExitStatus
from tests.crawl_helpers import (
    compare_with_mirror,
    crawl,
    dumps,
    export,
    study_group_problems,
)
from tests.mirror import MirrorServer
from tests.mirror.names import series_letter

SERIES = {"A", "N", "S"}
MIRROR_SERIES = "ANS"  # the module's mirror (tests/conftest.py)


def in_subset(family: str) -> bool:
    return series_letter(family) in SERIES


@pytest.fixture(scope="module")
def clean_crawl(mirror, tmp_path_factory):
    """One clean first harvest of the subset, shared by the read-only tests."""
    data_dir = tmp_path_factory.mktemp("clean")
    mirror.reset_log()
    outcome = crawl(mirror, data_dir)
    return data_dir, outcome, mirror.count()


def test_first_harvest_stores_every_served_edition_correctly(mirror, clean_crawl):
    data_dir, outcome, requests = clean_crawl
    assert outcome.status == ExitStatus.OK, outcome.message
    result = compare_with_mirror(data_dir, mirror)
    assert result.served > 300
    assert result.ratio == 1.0, result.problems[:10]
    assert study_group_problems(data_dir, mirror) == []
    assert outcome.result.requests == requests  # the crawler counts what the server saw


PUBLICATION_TYPES = {"Technical Paper", "Technical Report", "Handbook"}


def test_first_harvest_budget(mirror, clean_crawl):
    """robots + enumeration + 2 /pub/ indexes + 2 per family + 1 per implementers' guide
    + 1 per edition page + 1 per publication (found or not found upstream)."""
    data_dir, outcome, requests = clean_crawl
    docs = export(data_dir)
    guides = [d for d in docs if d["listed_by"]]
    families = [d for d in docs if d["type"] not in PUBLICATION_TYPES and not d["listed_by"]]
    pubs = [d for d in docs if d["type"] in PUBLICATION_TYPES]
    edition_pages = sum(1 for d in families + guides for e in d["editions"] if e["url"])
    linked = {r["target"] for d in families for r in d["related"] if r["url"]}
    missing = {r["target"] for d in families for r in d["related"] if r["not_found_upstream"]}
    assert missing == mirror.missing_publications() & linked
    assert linked - missing <= {p["id"] for p in pubs}
    listed = {p.pub_id for i in ("T-TUT", "T-HDB") for p in mirror.catalogue.listed_publications(i)}
    assert listed <= {p["id"] for p in pubs}
    assert outcome.result.not_found == len(missing) and outcome.result.backfill.requests == 0
    assert requests == (2 + 2 + 2 * len(families) + len(guides) + edition_pages + len(pubs)
                        + len(missing))


def test_export_has_the_promised_fields(clean_crawl):
    docs = export(clean_crawl[0])
    a13 = next(d for d in docs if d["number"] == "A.13")
    for key in ("id", "number", "type", "title", "summary", "series", "series_title",
                "study_group", "status", "approval_date", "editions", "supplements",
                "related", "url"):
        assert key in a13
    assert a13["title"] == (
        "Non-normative ITU-T publications, including Supplements to ITU-T Recommendations")
    assert a13["study_group"] == "TSAG" and a13["status"] == "In force"
    assert a13["series_title"].startswith("A series")
    assert any(e["languages"] for e in a13["editions"])
    supplements = [d for d in docs if d["type"] == "Supplement"]
    assert supplements and all(d["number"].startswith(("A.Suppl.", "N.", "S.")) or
                               "Suppl." in d["number"] for d in supplements)


def test_second_run_with_nothing_changed_costs_four_requests(mirror, clean_crawl, tmp_path):
    """robots.txt, then conditional GETs (304) of the enumeration and the two /pub/ indexes."""
    data_dir = tmp_path / "again"
    shutil.copytree(clean_crawl[0], data_dir)
    mirror.reset_log()
    outcome = crawl(mirror, data_dir)
    assert outcome.status == ExitStatus.OK
    assert mirror.count() == 4, [e.path for e in mirror.log]
    assert mirror.count(lambda e: e.status == 304) == 3
    assert outcome.result.counts.changed == 0 and outcome.result.counts.new == 0
    assert dumps(export(data_dir)) == dumps(export(clean_crawl[0]))


def test_reparse_rebuilds_the_same_catalogue_without_network(clean_crawl, tmp_path):
    from crawler.runner import run_harvest
    from itucat.config import load_config, with_overrides

    data_dir = tmp_path / "reparsed"
    data_dir.mkdir()
    shutil.copy(clean_crawl[0] / "raw-archive.sqlite", data_dir / "raw-archive.sqlite")
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)},
                            crawler={"base_url": "http://127.0.0.1:9"})  # nothing listens
    outcome = run_harvest(config, command="reparse", replay=True, progress=False)
    assert outcome.status == ExitStatus.OK, outcome.message
    assert outcome.result.requests == 0
    assert dumps(export(data_dir)) == dumps(export(clean_crawl[0]))


def test_a_family_gone_upstream_is_marked_not_erased(reference, clean_crawl, tmp_path):
    data_dir = tmp_path / "gone"
    shutil.copytree(clean_crawl[0], data_dir)
    with MirrorServer(reference, subset=lambda f: series_letter(f) in {"A", "S"}) as smaller:
        outcome = crawl(smaller, data_dir)
    assert outcome.status == ExitStatus.OK
    docs = {d["number"]: d for d in export(data_dir)}
    n_series = [d for n, d in docs.items() if n.startswith("N.")]
    assert n_series and all(d["gone"] for d in n_series)
    assert all(d["title"] for d in n_series)
    assert not docs["A.13"]["gone"]
    assert outcome.result.counts.gone == len(n_series)


def test_firewall_rejecting_our_agent_is_fatal_and_changes_nothing(mirror, clean_crawl,
                                                                   tmp_path):
    data_dir = tmp_path / "ua"
    shutil.copytree(clean_crawl[0], data_dir)
    mirror.reject_non_browser_agents(True)
    try:
        assert crawl(mirror, data_dir).status == ExitStatus.OK  # our default UA passes
        outcome = crawl(mirror, data_dir, user_agent="python-requests/2 (+{contact_url})")
    finally:
        mirror.reject_non_browser_agents(False)
    assert outcome.status == ExitStatus.FATAL
    assert "user_agent" in outcome.message
    assert dumps(export(data_dir)) == dumps(export(clean_crawl[0]))


def test_retired_rec_aspx_falls_back_to_the_supplements_api(mirror, clean_crawl, tmp_path):
    mirror.set_recaspx_gone(True)
    try:
        outcome = crawl(mirror, tmp_path / "norecaspx")
    finally:
        mirror.set_recaspx_gone(False)
    assert outcome.status == ExitStatus.OK, outcome.message
    docs = {d["number"]: d for d in export(tmp_path / "norecaspx")}
    clean = {d["number"]: d for d in export(clean_crawl[0])}
    assert docs.keys() == clean.keys()
    for number, doc in clean.items():
        assert docs[number]["title"] == doc["title"]
        assert docs[number]["summary"] == doc["summary"]
        assert {s["target"] for s in docs[number]["supplements"]} == {
            s["target"] for s in doc["supplements"]}


def test_upstream_changes_fetch_those_families_and_little_else(reference, tmp_path):
    with MirrorServer(reference, subset=in_subset) as fresh:
        data_dir = tmp_path / "changes"
        assert crawl(fresh, data_dir).status == ExitStatus.OK
        changed = fresh.mutate(5, seed=3)
        fresh.reset_log()
        outcome = crawl(fresh, data_dir)
        assert outcome.status == ExitStatus.OK
        assert outcome.result.counts.changed == len(changed) == 5
        new_editions = sum(1 for m in fresh.mutations if m.kind == "edition")
        # robots + enumeration + 2 indexes + 2 per changed family + the new editions' pages
        assert fresh.count() <= 4 + 2 * 5 + new_editions
        assert compare_with_mirror(data_dir, fresh).ratio == 1.0


def test_ten_percent_faults_heal_within_two_runs(reference, clean_crawl, tmp_path):
    with MirrorServer(reference, subset=in_subset) as faulty:
        faulty.set_faults(0.10, seed=11, timeout_sleep=1.0)
        data_dir = tmp_path / "faults"
        first = crawl(faulty, data_dir, timeout=0.5, retries=3)
        second = crawl(faulty, data_dir, timeout=0.5, retries=3)
        assert first.status in (ExitStatus.OK, ExitStatus.PARTIAL), first.message
        assert second.status == ExitStatus.OK, second.result.counts.failures[:5]
        assert compare_with_mirror(data_dir, faulty).ratio == 1.0
        kinds = {e.fault for e in faulty.log if e.fault}
    assert {"http500", "http503", "http429", "timeout", "truncate"} <= kinds
    assert dumps(export(data_dir)) == dumps(export(clean_crawl[0]))


def test_store_file_is_consistent(clean_crawl):
    db = sqlite3.connect(clean_crawl[0] / "catalogue.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_listed_and_linked_publications_are_documents(mirror, clean_crawl):
    docs = {d["id"]: d for d in export(clean_crawl[0])}
    for index_id, kind in (("T-TUT", None), ("T-HDB", "Handbook")):
        listed = mirror.catalogue.listed_publications(index_id)
        assert listed
        for pub in listed:
            doc = docs[pub.pub_id]
            assert doc["title"] == pub.title
            assert doc["study_group"] == study_group_code(pub.group)
            assert doc["approval_date"].startswith(pub.year[:4])
            assert kind is None or doc["type"] == kind
            assert doc["editions"][0]["files"], "languages and formats of the publication"
    linked = [d for d in docs.values() if d["related_to"]]
    assert linked and all(docs[target]["related"] for d in linked for target in d["related_to"])


def test_a_suspiciously_short_enumeration_marks_nothing_gone(reference, clean_crawl, tmp_path):
    data_dir = tmp_path / "short"
    shutil.copytree(clean_crawl[0], data_dir)
    with MirrorServer(reference, subset=lambda f: series_letter(f) == "S") as tiny:
        outcome = crawl(tiny, data_dir)
    assert outcome.status == ExitStatus.PARTIAL
    assert "not marking any family gone" in outcome.result.warnings[0]
    assert not any(d["gone"] for d in export(data_dir))


def test_revalidation_is_an_opt_in_budget_of_oldest_families(mirror, clean_crawl, tmp_path):
    data_dir = tmp_path / "revalidate"
    shutil.copytree(clean_crawl[0], data_dir)
    mirror.reset_log()
    outcome = crawl(mirror, data_dir, revalidate=3)
    assert outcome.status == ExitStatus.OK
    # robots + enumeration + 2 indexes, then 2 requests for each of the 3 oldest families
    assert mirror.count() == 4 + 3 * 2
    assert sum(1 for e in mirror.log if "getRecHdrDetail" in e.path) == 3
    mirror.reset_log()
    assert crawl(mirror, data_dir).status == ExitStatus.OK  # off by default
    assert mirror.count() == 4
