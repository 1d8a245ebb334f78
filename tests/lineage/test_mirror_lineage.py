"""The mirror's lineages, summaries, implementers' guides, 404 publications and rec.aspx switch.

The crawler's lineage tests are only as good as these answers, so each is checked against
the recordings or the metadata set (ITU's `hasEdition`). The whole mirror (the shared
`mirror` fixture without MIRROR_SERIES).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import requests

from tests.lineage.metadata import lineage_roots, name, records
from tests.shared_paths import REPO_ROOT

MWS = "/mws/api/recommendations"


@pytest.fixture(scope="module")
def http():
    with requests.Session() as session:
        yield session


def editions_of(mirror, http, idrec: int) -> list[dict]:
    response = http.get(f"{mirror.base_url}{MWS}/getRecEditions?idrec={idrec}&lang=en")
    assert response.status_code == 200
    return response.json()


def test_get_rec_editions_is_the_whole_lineage_across_renumbering(mirror, http, reference):
    z142 = mirror.catalogue.families["Z.142"].latest
    generated = editions_of(mirror, http, z142.idrec)  # Z.142's answer is generated...
    recorded = json.loads(next((reference / "api/mws").glob("getRecEditions_idrec-9279_*"))
                          .read_bytes())  # ... Z.163's is ITU's own
    assert [r["rec_name"] for r in generated] == [r["rec_name"] for r in recorded]
    assert [r["idrec"] for r in generated] == [r["idrec"] for r in recorded]


def test_every_lineage_is_its_has_edition_group(mirror, http, reference):
    rows = records(reference)
    root = lineage_roots(rows)
    groups: dict[str, set[str]] = {}
    for r in rows:
        groups.setdefault(root[name(r)], set()).add(name(r))
    cat = mirror.catalogue
    sample = [ed for ed in cat.editions if not ed.recorded][::400]
    assert len(sample) > 30
    for ed in sample:
        listed = {r["rec_name"] for r in editions_of(mirror, http, ed.idrec)}
        assert listed == groups[root[ed.rec_name]], ed.rec_name


def test_rec_aspx_editions_tab_lists_the_same_lineage(mirror, http):
    from crawler.parse.rec_aspx import parse_rec_relations

    a15 = mirror.catalogue.families["A.15"].latest
    url = f"{mirror.base_url}/ITU-T/recommendations/rec.aspx?rec={a15.idrec}&lang=en"
    page = parse_rec_relations(http.get(url).content, url)
    assert [e.rec_name for e in page.editions] == [
        r["rec_name"] for r in editions_of(mirror, http, a15.idrec)]
    assert {"A.3 (10/1996)", "A.15 (03/1993)"} <= {e.rec_name for e in page.editions}


def test_summary_fragments_of_older_editions_keep_words_whole(mirror, http):
    ed = next(e for e in mirror.catalogue.editions if e.rec_name == "Z.109 (10/2013)")
    row = next(r for r in editions_of(mirror, http, ed.idrec) if r["idrec"] == ed.idrec)
    url = row["sum_dms_link"].replace("http://www.itu.int", mirror.base_url)
    body = http.get(url).content
    assert b"ITU\x1eT\xa0Z.109 defines" in body  # Word's hyphen inside the paragraph
    assert b"<p class=MsoNormal>" in body and b"charset=windows-1252" in body
    assert http.get(url.replace("SUM-HTM", "XXX-HTM")).status_code == 404


def test_implementers_guides_in_every_place_itu_lists_them(mirror, http):
    from crawler.parse.mws import parse_impl_guides
    from crawler.parse.rec_aspx import parse_rec_page

    cat = mirror.catalogue
    g712 = cat.families["G.712"].latest
    listed = parse_impl_guides(http.get(
        f"{mirror.base_url}{MWS}/getImplGuides?idrec={g712.idrec}&lang=en").content, "u")
    assert [(g.idrec, g.rec_name) for g in listed] == [(15261, "G.Imp712 (04/2000)")]
    assert http.get(f"{mirror.base_url}{MWS}/getImplGuides?idrec=16273&lang=en").json() == []
    synthetic = next(eds[0] for eds in cat.guides.values() if not eds[0].real_idrec)
    owner = cat.families[synthetic.guide_for].latest
    page_url = f"{mirror.base_url}/ITU-T/recommendations/rec.aspx?rec={owner.idrec}&lang=en"
    tab = parse_rec_page(http.get(page_url).content, page_url).implementers_guides
    assert [g.url for g in tab] == [f"https://www.itu.int/rec/{synthetic.edition_id}"]
    own = http.get(f"{mirror.base_url}/ITU-T/recommendations/rec.aspx?rec={synthetic.family}"
                   "&lang=en")
    header = parse_rec_page(own.content, "u").header
    assert (header.idrec, header.title) == (synthetic.idrec, synthetic.title)
    assert http.get(f"{mirror.base_url}/rec/{synthetic.edition_id}").status_code == 200
    assert http.get(f"{mirror.base_url}{MWS}/getRecHdrDetail?idrec={synthetic.idrec}"
                    "&lang=en").json()["rec_name"] == synthetic.docid
    enumerated = http.get(f"{mirror.base_url}{MWS}/searchRecs?series=G&rows=100000").json()
    assert not any(".Imp" in r["rec_name"] for r in enumerated["Data"])  # never enumerated


def test_some_linked_publications_answer_404_and_a_switch_chooses_them(mirror, http):
    missing = mirror.missing_publications()
    assert missing and all(mirror.catalogue.publications[p].synthetic for p in missing)
    one = sorted(missing)[0]
    assert http.get(f"{mirror.base_url}/pub/{one}", allow_redirects=False).status_code == 404
    listed = {p.pub_id for p in mirror.catalogue.listed_publications("T-TUT")}
    assert not missing & listed
    chosen = "T-TUT-HOME-2020-1"  # a real, linked Technical Paper
    mirror.set_missing_publications({chosen})
    try:
        assert mirror.missing_publications() == {chosen}
        assert http.get(f"{mirror.base_url}/pub/{chosen}").status_code == 404
        assert http.get(f"{mirror.base_url}/pub/{one}").status_code == 200
    finally:
        mirror.set_missing_publications(None)
    assert http.get(f"{mirror.base_url}/pub/{one}").status_code == 404


def test_rec_aspx_can_be_switched_off_leaving_the_json_api(mirror, http):
    z163 = f"{mirror.base_url}/ITU-T/recommendations/rec.aspx?rec=9279&lang=en"
    assert http.get(z163).status_code == 200
    mirror.set_recaspx_gone(True)
    try:
        assert http.get(z163).status_code == 404
        assert http.get(f"{mirror.base_url}{MWS}/getRecEditions?idrec=9279&lang=en").ok
    finally:
        mirror.set_recaspx_gone(False)


def test_the_mirror_command_switches_rec_aspx_off(reference):
    proc = subprocess.Popen([sys.executable, "-m", "tests.mirror", "--port", "0", "--series",
                             "Z", "--no-rec-aspx", "--reference", str(reference)],
                            cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                answer = requests.get(f"{base}/ITU-T/recommendations/rec.aspx?rec=9279",
                                      timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert answer.status_code == 404
        assert requests.get(f"{base}{MWS}/getRecHdrDetail?idrec=9279&lang=en", timeout=5).ok
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
