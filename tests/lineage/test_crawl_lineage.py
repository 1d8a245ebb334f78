"""Lineage, guides, the summary backfill and 404 publications end to end against the mirror.

Series Z (Z.142 -> Z.163 and the other TTCN-3 renumberings, the recorded Z.Imp100) with
J.163 (four recorded editions and summaries), G.712 (the recorded G.Imp712) and G.1010 (a
synthetic guide with two editions), about 370 editions, are harvested once with rec.aspx;
the Z series once more with the JSON API alone (ITU has announced rec.aspx's retirement).
The other tests work on copies of the first store.
"""

from __future__ import annotations

import collections
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from crawler.crawl import RETIRED_AFTER
from crawler.parse.common import clean_text
from crawler.runner import run_harvest
from itucat.config import load_config, with_overrides
from itucat.exitcodes import ExitStatus
from tests.crawl_helpers import compare_with_mirror, crawl, dumps, export
from tests.mirror import MirrorServer
from tests.mirror.names import series_letter

SERIES = {"Z"}
FAMILIES = {"J.163", "G.712", "G.1010"}
RENUMBERED = {"Z.140": "Z.161", "Z.141": "Z.162", "Z.142": "Z.163", "Z.143": "Z.164",
              "Z.144": "Z.165", "Z.145": "Z.166", "Z.146": "Z.167"}


def in_subset(family: str) -> bool:
    return series_letter(family) in SERIES or family in FAMILIES


@pytest.fixture(scope="module")
def mirror(reference):
    with MirrorServer(reference, subset=in_subset) as server:
        yield server


@pytest.fixture(scope="module")
def harvested(mirror, tmp_path_factory):
    """One first harvest with rec.aspx and a summary backfill of 100."""
    data_dir = tmp_path_factory.mktemp("lineage")
    mirror.reset_log()
    outcome = crawl(mirror, data_dir, backfill=100)
    assert outcome.status == ExitStatus.OK, outcome.result.counts.failures[:5]
    return data_dir, outcome, {d["id"]: d for d in export(data_dir)}


@pytest.fixture(scope="module")
def api_only(reference, tmp_path_factory):
    """The Z series harvested with rec.aspx switched off: the JSON API alone."""
    with MirrorServer(reference, subset=lambda f: series_letter(f) == "Z") as server:
        server.set_recaspx_gone(True)
        data_dir = tmp_path_factory.mktemp("api-only")
        outcome = crawl(server, data_dir)
        assert outcome.status == ExitStatus.OK, outcome.result.counts.failures[:5]
        # After RETIRED_AFTER families without a page, rec.aspx is not asked for again.
        asked = [e for e in server.log if "rec.aspx" in e.path]
        assert len(asked) == RETIRED_AFTER and {e.status for e in asked} == {404}
        assert any("taken as retired" in w for w in outcome.result.warnings)
        return data_dir, {d["id"]: d for d in export(data_dir)}


def test_renumbered_texts_name_their_successor(harvested):
    _, _, docs = harvested
    for old, new in RENUMBERED.items():
        assert [r["number"] for r in docs[old]["replaced_by"]] == [new], old
        assert old in [r["number"] for r in docs[new]["replaces"]]
    z142 = docs["Z.142"]["replaced_by"][0]
    assert z142["edition"] == "Z.163 (11/2007)" and z142["source"] in ("rec.aspx", "observation")
    assert "Z.142 (03/2006) is followed by Z.163 (11/2007)" in " ".join(
        r["evidence"] for r in docs["Z.163"]["replaces"])


def test_every_served_edition_is_still_stored_correctly(mirror, harvested):
    result = compare_with_mirror(harvested[0], mirror)
    assert result.served > 300 and result.ratio == 1.0, result.problems[:5]


def test_implementers_guides_are_documents_of_their_recommendation(mirror, harvested):
    _, _, docs = harvested
    served = {number for number, eds in mirror.catalogue.guides.items()
              if mirror.catalogue.is_served(eds[0])}
    guides = {d["id"]: d for d in docs.values() if d["type"] == "Implementers' guide"}
    assert {"Z.Imp100", "G.Imp712", "G.Imp1010"} <= served and set(guides) == served
    z = guides["Z.Imp100"]
    assert z["listed_by"] == "Z.100" and z["title"].startswith("Specification and Description")
    assert [g["target"] for g in docs["Z.100"]["implementers_guides"]] == ["Z.Imp100"]
    for guide in guides.values():
        assert guide["listed_by"] in docs
        assert guide["id"] in [g["target"] for g in docs[guide["listed_by"]]["implementers_guides"]]
        assert all(e["files"] for e in guide["editions"] if e["url"])
    older = [g for g in guides.values() if len(g["editions"]) > 1]
    assert older and all(g["editions"][0]["status"] == "Superseded" for g in older)
    assert docs["G.Imp712"]["editions"][0]["idrec"] == 15261  # ITU's own, recorded


def test_editions_carry_itu_edition_numbers_and_the_current_summary(harvested):
    _, _, docs = harvested
    z163 = docs["Z.163"]
    assert [e["edition"] for e in z163["editions"]] == ["3"]
    assert z163["editions"][0]["summary"] == z163["summary"]
    numbered = [e for d in docs.values() for e in d["editions"] if d["type"] != "Handbook"
                and not d["id"].startswith("T-")]
    assert sum(1 for e in numbered if e["edition"]) / len(numbered) > 0.95


def test_the_backfill_fills_newest_gaps_first_and_all_of_them_over_nights(mirror, harvested,
                                                                         tmp_path):
    data_dir, outcome, docs = harvested
    first = outcome.result.backfill
    assert first.fetched == first.requests == 100 and first.remaining > 100
    db = sqlite3.connect(data_dir / "catalogue.sqlite")
    older = ("FROM editions e JOIN documents d ON d.id = e.document_id"
             " WHERE e.idrec != d.current_idrec")
    asked = db.execute(f"SELECT MIN(e.approval_date), COUNT(*) {older}"
                       " AND e.summary_checked_at IS NOT NULL").fetchone()
    waiting = db.execute(f"SELECT MAX(e.approval_date) {older}"
                         " AND e.summary_checked_at IS NULL").fetchone()
    db.close()
    assert asked[1] == 100 and asked[0] >= waiting[0]  # the oldest gaps come last
    copy = tmp_path / "nights"
    shutil.copytree(data_dir, copy)
    mirror.reset_log()
    night = crawl(mirror, copy, backfill=50)
    assert night.status == ExitStatus.OK
    assert night.result.backfill.requests == 50 == mirror.count() - 4
    assert night.result.backfill.remaining == first.remaining - 50
    last = crawl(mirror, copy, backfill=10_000)
    assert last.result.backfill.remaining == 0
    filled = {d["id"]: d for d in export(copy)}
    j163 = filled["J.163"]["editions"]
    assert len(j163) == 4 and all(e["summary"] for e in j163)
    assert len({e["summary"] for e in j163}) == 4  # ITU's four summaries differ
    assert "real time services" in j163[0]["title"] and "real-time" in j163[-1]["title"]
    for e in j163[:3]:  # the recorded SUM-HTM fragments, named by ITU's editions list
        assert e["summary_source"] == "SUM-HTM"
    # Every backfilled summary is the mirror's abstract of that very edition (except where
    # the metadata set gives two editions one edition id, hence one summary link).
    shared = {i for i, n in collections.Counter(
        e.edition_id for e in mirror.catalogue.editions if e.edition_id).items() if n > 1}
    for doc in filled.values():
        for e in doc["editions"]:
            served = mirror.catalogue.by_idrec.get(e["idrec"] or -1)
            if served is not None and not served.recorded and e["summary"] and (
                    served.edition_id not in shared):
                expected = clean_text(served.summary) or ""  # Word's hyphens made plain
                assert e["summary"].split()[:8] == expected.split()[:8], e["number"]


def test_the_json_api_alone_gives_the_same_lineage_and_guides(harvested, api_only):
    _, _, with_page = harvested
    _, alone = api_only
    texts = ("Recommendation", "Supplement", "Implementers' guide")
    assert {k for k, d in with_page.items() if k.startswith("Z") and d["type"] in texts} == {
        k for k, d in alone.items() if d["type"] in texts}
    for number, doc in alone.items():
        if doc["type"] in ("Recommendation", "Supplement"):
            assert {r["number"] for r in doc["replaced_by"]} == {
                r["number"] for r in with_page[number]["replaced_by"]}, number
            assert [e["edition"] for e in doc["editions"]] == [
                e["edition"] for e in with_page[number]["editions"]], number
    assert alone["Z.142"]["replaced_by"][0]["source"] in ("getRecEditions", "observation")
    assert alone["Z.Imp100"]["listed_by"] == "Z.100"


def test_reparse_rebuilds_lineage_guides_and_summaries(harvested, tmp_path):
    data_dir = tmp_path / "reparsed"
    data_dir.mkdir()
    shutil.copy(harvested[0] / "raw-archive.sqlite", data_dir / "raw-archive.sqlite")
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)},
                            crawler={"base_url": "http://127.0.0.1:9"})  # nothing listens
    outcome = run_harvest(config, command="reparse", replay=True, progress=False)
    assert outcome.status == ExitStatus.OK, outcome.message
    assert outcome.result.requests == 0
    assert dumps(export(data_dir)) == dumps(export(harvested[0]))


def test_not_found_publications_cost_a_request_a_day_then_a_week(mirror, harvested, tmp_path):
    data_dir, outcome, docs = harvested
    linked = {r["target"] for d in docs.values() for r in d["related"] if r["url"]}
    missing = mirror.missing_publications() & linked
    assert missing and outcome.result.not_found == len(missing)
    assert outcome.status == ExitStatus.OK  # a 404 is not a failed item
    for target in missing:
        owner = next(d for d in docs.values() if target in [r["target"] for r in d["related"]])
        row = next(r for r in owner["related"] if r["target"] == target)
        assert row["not_found_upstream"] == datetime.now(UTC).date().isoformat()
    copy = tmp_path / "404"
    shutil.copytree(data_dir, copy)
    mirror.reset_log()
    second = crawl(mirror, copy)  # the next night, nothing changed upstream
    assert second.status == ExitStatus.OK and mirror.count() <= 5
    # A day later the missing pages are asked again (once each), then after a week.
    db = sqlite3.connect(copy / "catalogue.sqlite")
    yesterday = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    db.execute("UPDATE publications SET retry_at = ? WHERE missing_since IS NOT NULL",
               (yesterday,))
    db.commit()
    mirror.reset_log()
    third = crawl(mirror, copy)
    assert third.status == ExitStatus.OK and third.result.not_found == len(missing)
    assert mirror.count() == 4 + len(missing)
    waits = db.execute("SELECT missing_checks, retry_at FROM publications"
                       " WHERE missing_since IS NOT NULL").fetchall()
    db.close()
    soon = datetime.now(UTC) + timedelta(days=6)
    assert all(checks == 2 and datetime.fromisoformat(at) > soon for checks, at in waits)
    # When ITU mends the link, the next due night reads it and the mark goes.
    mirror.set_missing_publications(set())
    try:
        db = sqlite3.connect(copy / "catalogue.sqlite")
        db.execute("UPDATE publications SET retry_at = ? WHERE missing_since IS NOT NULL",
                   (yesterday,))
        db.commit()
        db.close()
        assert crawl(mirror, copy).result.not_found == 0
    finally:
        mirror.set_missing_publications(None)
    mended = {d["id"]: d for d in export(copy)}
    assert missing <= mended.keys()


def test_the_command_line_reports_the_backfill_and_refuses_a_negative_budget(harvested, mirror,
                                                                             tmp_path):
    from tests.crawl_helpers import run_cli

    copy = tmp_path / "cli"
    shutil.copytree(harvested[0], copy)
    runs = run_cli(copy, "runs", "-n", "1")
    assert runs.returncode == 0
    left = harvested[1].result.backfill.remaining
    assert f"backfill=100 backfill_left={left} not_found=" in runs.stdout
    bad = run_cli(copy, "crawl", "--base-url", mirror.base_url, "--delay", "0", "--backfill",
                  "-1")
    assert bad.returncode == 2 and "--backfill must be 0 or more" in bad.stderr
    assert "Traceback" not in bad.stderr
    settings = run_cli(copy, "settings")
    assert "crawler.backfill" in settings.stdout and "ITUCAT_CRAWLER__BACKFILL" in settings.stdout


def test_a_store_from_before_the_identity_table_merges_old_numbers_losing_nothing(reference,
                                                                                  tmp_path):
    """S.33/X.33 was a document of its own; it becomes an alias of S.33 (one ITU lineage)."""
    with MirrorServer(reference, subset=lambda f: series_letter(f) == "S") as server:
        data_dir = tmp_path / "s"
        assert crawl(server, data_dir).status == ExitStatus.OK
        db = sqlite3.connect(data_dir / "catalogue.sqlite")
        # What an older program stored: two documents, the old spelling's editions apart.
        db.execute("DELETE FROM document_aliases")
        db.execute("INSERT INTO documents (id, type, title, status, first_seen, last_changed,"
                   " family_hash) SELECT 'S.33/X.33', type, title, 'Superseded', first_seen,"
                   " last_changed, 'old' FROM documents WHERE id = 'S.33'")
        db.execute("UPDATE editions SET document_id = 'S.33/X.33'"
                   " WHERE label LIKE 'S.33/X.33 %'")
        db.execute("UPDATE documents SET family_hash = 'stale' WHERE id = 'S.33'")
        files = dict(db.execute("SELECT idrec, files FROM editions WHERE document_id ="
                                " 'S.33/X.33'").fetchall())
        db.commit()
        db.close()
        assert files
        server.reset_log()
        again = crawl(server, data_dir)
        assert again.status == ExitStatus.OK and again.result.counts.gone == 0
        # Only D.103 was fetched again (2 requests): its moved editions kept their files.
        assert server.count() == 4 + 2
    docs = {d["id"]: d for d in export(data_dir)}
    assert "S.33/X.33" not in docs and "S.33/X.33" in docs["S.33"]["aliases"]
    kept = {e["idrec"]: e["files"] for e in docs["S.33"]["editions"] if e["idrec"] in files}
    assert kept == {i: json.loads(f) if f else None for i, f in files.items()}
    db = sqlite3.connect(data_dir / "catalogue.sqlite")
    assert db.execute("SELECT merged_into, gone_since FROM documents WHERE id ="
                      " 'S.33/X.33'").fetchone() == ("S.33", None)
    db.close()


def test_reparse_of_a_json_api_harvest_rebuilds_it(api_only, tmp_path):
    data_dir = tmp_path / "reparsed-api"
    data_dir.mkdir()
    shutil.copy(api_only[0] / "raw-archive.sqlite", data_dir / "raw-archive.sqlite")
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)},
                            crawler={"base_url": "http://127.0.0.1:9"})
    outcome = run_harvest(config, command="reparse", replay=True, progress=False)
    assert outcome.status == ExitStatus.OK, outcome.message
    assert dumps(export(data_dir)) == dumps(export(api_only[0]))
