"""Tests for the local www.itu.int mirror (tests/mirror): recorded bytes, generated shapes,
conditional GET, faults, User-Agent rejection, upstream mutations and subsets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup

from crawler.parse.publication import parse_publication
from crawler.records import PublicationListing
from tests.mirror import FAULT_KINDS, MirrorServer
from tests.mirror.names import family_of, series_letter
from tests.shared_paths import REPO_ROOT

pytestmark = pytest.mark.shared
UA = "Mozilla/5.0 (X11; Linux x86_64) itucat-tests"
SEARCH = (
    "/mws/api/recommendations/searchRecs?series=-1&type_of_text=-1&sg=-1&main_edition_flag=0"
    "&rows=100000&page=1&status=Z&sort_order=asc"
)
MAIN = "ctl00_content_main_uc_rec_main_info1"
HISTORY = "ctl00_content_main_TabContainer1_tab_edition_uc_rec_details1"


# `mirror` (tests/conftest.py): the full catalogue; tests reset faults and switches they change.


@pytest.fixture(scope="module")
def small(reference: Path) -> Iterator[MirrorServer]:
    """Series A and L only; used by the mutation tests (which change its catalogue)."""
    with MirrorServer(reference, subset=lambda fam: series_letter(fam) in "AL") as server:
        yield server


@pytest.fixture()
def http() -> Iterator[requests.Session]:
    session = requests.Session()
    session.headers["User-Agent"] = UA
    yield session
    session.close()


def generated_edition(server: MirrorServer, **want: object):
    """A served edition with a synthetic idrec (no recording) matching ``want``."""
    for ed in server.catalogue.served_editions():
        if ed.real_idrec or ed.recorded:
            continue
        if all(getattr(ed, k) == v for k, v in want.items()):
            return ed
    raise AssertionError(f"no generated edition with {want}")


def test_recorded_urls_serve_recorded_bytes(mirror: MirrorServer, http: requests.Session):
    served = 0
    for entry in json.loads((mirror.reference.root / "manifest.json").read_text()):
        url = entry["url"]
        if entry["method"] != "GET" or "/net4/" in url:
            continue
        path = url.split("www.itu.int", 1)[1]
        newest = mirror.reference.recorded.get(_key(path))
        if newest is None or newest.path.name != Path(entry["file"]).name:
            continue  # an older recording of the same URL: the newest one is served
        response = http.get(mirror.base_url + path, allow_redirects=False)
        assert response.status_code == 200, path
        assert response.content == (mirror.reference.root / entry["file"]).read_bytes(), path
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        served += 1
    assert served > 150


def _key(path: str) -> tuple | None:
    from tests.mirror.reference import route_key

    return route_key("https://www.itu.int" + path)


def test_searchrecs_enumerates_every_edition(mirror: MirrorServer, http: requests.Session):
    response = http.get(mirror.base_url + SEARCH)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["Total"] == 16172 == len(data["Data"])
    row = data["Data"][0]
    assert set(row) == {"idrec", "rec_name", "title", "approval_date", "dms_link", "status"}
    assert {r["status"] for r in data["Data"]} == {"In force", "Superseded", "Withdrawn"}
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["approval_date"]) for r in data["Data"])
    assert any(isinstance(r["idrec"], str) for r in data["Data"])
    assert any(r["title"] and "\r\n" in r["title"] for r in data["Data"])
    assert any(r["title"] == "None" for r in data["Data"])
    assert len({int(r["idrec"]) for r in data["Data"]}) == 16172
    names = {r["rec_name"] for r in data["Data"]}
    assert {"A.1 (10/2000)", "A Suppl. 2 (12/2022)", "G.989.2 (2014) Amd. 1 (04/2016)",
            "H.264 (V14) (08/2021)"} <= names
    by_name = {r["rec_name"]: r for r in data["Data"]}
    assert by_name["A.13 (09/2019)"]["idrec"] == 13853  # real idrec from the recordings
    assert by_name["A.13 (09/2019)"]["dms_link"] == "T-REC-A.13-201909-I"
    paged = http.get(mirror.base_url + SEARCH.replace("rows=100000", "rows=200")).json()
    assert paged["Total"] == 16172 and len(paged["Data"]) == 200


def test_catalogue_model(mirror: MirrorServer):
    cat = mirror.catalogue
    assert family_of("ITU-T G.989.2 (2014) Amd. 1 (04/2016)") == "G.989.2"
    assert family_of("ITU-T A Suppl. 2 (12/2022)") == "A Suppl. 2"
    h264 = cat.families["H.264"]
    assert [e.rec_name for e in h264.editions][:2] == ["H.264 (V16) (06/2026)",
                                                      "H.264 (V15) (08/2024)"]
    assert cat.by_idrec[13853].family == "A.13" and cat.by_idrec[13853].real_idrec
    synthetic = [e.idrec for e in cat.editions if not e.real_idrec]
    real = {e.idrec for e in cat.editions if e.real_idrec}
    assert min(synthetic) > max(real) and len(real) > 500
    ed = cat.by_edition_id["T-REC-A.13-200712-S!Amd1"]
    assert ed.status == "Superseded" and ed.formats[0].lang == "E"
    assert any(f.kind == "PDF" and f.lang == "E" for f in ed.formats)
    assert cat.families["L.163"].publications  # related technical papers from the CSV


def test_generated_hdr_detail_has_recorded_shape(mirror: MirrorServer, http: requests.Session):
    recorded = json.loads(http.get(
        mirror.base_url + "/mws/api/recommendations/getRecHdrDetail?idrec=13853&lang=en").content)
    ed = generated_edition(mirror, status="In force", is_main=True)
    url = f"/mws/api/recommendations/getRecHdrDetail?idrec={ed.idrec}&lang=en"
    data = http.get(mirror.base_url + url).json()
    assert set(data) == set(recorded)
    assert int(data["idrec"]) == ed.idrec
    assert data["rec_name"] == ed.docid and data["status"] == "In force"
    assert re.fullmatch(r"Approved on \d{2} [A-Z][a-z]{2} \d{4}", data["approval_date"])
    assert data["handle_id"] == f"https://handle.itu.int/11.1002/1000/{ed.idrec}"
    assert data["approval_process"] in {"Traditional \r\napproval process, TAP",
                                        "Alternative approval process, AAP", "Agreement", "WTSA"}
    editions = http.get(mirror.base_url + url.replace("getRecHdrDetail", "getRecEditions")).json()
    assert [r["idrec"] for r in editions] == [e.idrec for e in mirror.catalogue.lineage_of(ed)]
    assert set(editions[0]) == {"idrec", "Version", "rec_name", "title", "status",
                                "sum_dms_link", "toc_dms_link", "dms_link"}
    sups = http.get(mirror.base_url + url.replace("getRecHdrDetail", "getRecSupplements")).json()
    assert isinstance(sups, list)
    unknown = "/mws/api/recommendations/getRecHdrDetail?idrec=99999999&lang=en"
    assert http.get(mirror.base_url + unknown).status_code == 404


def test_generated_rec_aspx_has_recorded_structure(mirror: MirrorServer, http: requests.Session):
    ed = generated_edition(mirror, family="A.1", rec_name="A.1 (10/2000)")
    for query in (f"rec={ed.idrec}&lang=en", f"lang=en&rec={ed.idrec}"):
        response = http.get(f"{mirror.base_url}/ITU-T/recommendations/rec.aspx?{query}")
        assert response.status_code == 200
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.select_one("div#announcement-banner")
    main = soup.select_one(f"div#{MAIN}_div_rec_main_info")
    assert main.select_one(f"h2 > span#{MAIN}_rpt_main_ctl00_lbl_rec").text == ed.docid
    assert main.select_one("td.title").text == ed.title
    labels = {td.get_text(strip=True) for td in main.select("td.cell_left")}
    assert {"Citation:", "Series title:", "Approval date:", "Approval process:", "Status:",
            "Maintenance\xa0responsibility:", "Further\xa0details:"} <= labels
    assert "Maintenance&nbsp;responsibility:" in response.text
    assert soup.select_one(f"span#{MAIN}_rpt_main_ctl00_Label7").text == ed.status
    assert soup.select_one(f"input#{MAIN}_txt_idrec")["value"] == str(ed.idrec)
    tabs = [s.text for s in soup.select("a.ajax__tab_tab > span")]
    assert tabs[0] == "Editions" and "Related Supplement(s)" in tabs
    rows = soup.select(f"div#{HISTORY}_div_rec_details table tr")
    lineage = mirror.catalogue.lineage_of(ed)  # ITU's editions list: the edition's lineage
    assert len(rows) == 1 + len(lineage)
    for n, row in enumerate(rows[1:]):
        spans = [s["id"].rsplit("_", 1)[-1] for s in row.select("td > span[id]")]
        assert spans == ["Label8", "title", "status", "dms", "Label3", "Label4"], spans
        link = row.select_one(f"span#{HISTORY}_rpt_history_ctl{n:02d}_lbl_title a")
        assert link["href"] == f"./rec.aspx?rec={lineage[n].idrec}&lang=en"
    current = [r for r in rows if "#004B96" in r.get("style", "")]
    assert len(current) == 1 and ed.rec_name in current[0].text
    by_code = http.get(f"{mirror.base_url}/ITU-T/recommendations/rec.aspx?rec=A.1&lang=en")
    assert f'value="{mirror.catalogue.families["A.1"].latest.idrec}"' in by_code.text


def test_generated_edition_page_and_summary(mirror: MirrorServer, http: requests.Session):
    ed = mirror.catalogue.by_edition_id["T-REC-A.13-201909-I"]
    response = http.get(mirror.base_url + "/rec/T-REC-A.13-201909-I/en")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/html"
    text = response.content.decode("iso-8859-1")
    assert "charset=iso-8859-1" in text
    assert f"<title>A.13 : {ed.title}</title>" in text
    assert "Approved in 2019-09-27" in text and "Status :  In force" in text
    assert "Available languages and formats" in text
    assert ("dologin_pub.asp?lang=e&amp;id=T-REC-A.13-201909-I!!PDF-E&amp;type=items" in text)
    assert len(re.findall(r"\d+ bytes", text)) == len(ed.formats)
    summary = http.get(mirror.base_url
                       + "/dms_pubrec/itu-t/rec/a/T-REC-A.1-200010-S!!SUM-HTM-E.htm")
    assert summary.status_code == 200 and "<h3" in summary.text and "Summary" in summary.text
    assert http.get(mirror.base_url + "/rec/T-REC-A.13-209901-I").status_code == 404


def test_publications(mirror: MirrorServer, http: requests.Session):
    page = http.get(mirror.base_url + "/pub/T-TUT-L-2024-1")
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.select_one("div.page-heading h1").get_text(strip=True)
    assert soup.select_one("td.title > strong") and "Year: 2024" in page.text
    assert soup.select_one("table.itemtable div.itemlang").text == "ENGLISH"
    assert soup.select_one('img[alt="PDF format"]') and "DOWNLOAD" in page.text
    missing = http.get(mirror.base_url + "/pub/T-TUT-NOPE-2020", allow_redirects=False)
    assert missing.status_code == 302
    assert missing.headers["Location"] == "/en/publications/pages/notfound.aspx"
    assert http.get(mirror.base_url + "/pub/T-TUT-NOPE-2020").status_code == 200


def _index(server: MirrorServer, http: requests.Session, index_id: str):
    """(response, parsed Publication) of the generated /pub/<index_id>/en page."""
    response = http.get(f"{server.base_url}/pub/{index_id}/en")
    assert response.status_code == 200 and response.headers["ETag"]
    return response, parse_publication(response.content, f"https://www.itu.int/pub/{index_id}/en")


def _listing(pubs: list) -> list[tuple[str, str | None, str | None]]:
    return [(p.pub_id, p.title, p.group) for p in pubs]


@pytest.mark.parametrize("index_id", ["T-TUT", "T-HDB"])
def test_publication_index_pages(mirror: MirrorServer, http: requests.Session, index_id: str):
    response, page = _index(mirror, http, index_id)
    cat = mirror.catalogue
    expected = cat.listed_publications(index_id)
    assert page.pub_id == index_id and page.items == () and page.other_editions == ()
    assert _listing(page.listed) == _listing(expected)  # same ids, titles, groups, order
    kind = [p for p in cat.publications.values() if p.pub_id.startswith(f"{index_id}-")]
    assert {p.pub_id for p in expected} == {p.pub_id for p in kind
                                            if p.has_link and not p.missing}
    assert [p.group for p in expected] == sorted(p.group for p in expected)
    assert all(re.fullmatch(r"SG\d\d", p.group) for p in expected)
    # The recorded R-HDB/en shape: heading, group rows, whitespace entities inside the hrefs.
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.select_one("div.page-heading h1").get_text(strip=True) == page.title
    assert len(soup.select("div.col-22.content a.producttitle")) == len(expected)
    assert 'href="&#xA;&#x9;' in response.text and "aspx?lang=en&amp;parent=" in response.text
    assert http.get(f"{mirror.base_url}/pub/{index_id}").content == response.content
    unlinked = [p for p in expected if p.unlinked]
    assert len(unlinked) == 5 and {p.group for p in unlinked} == {"SG00"}
    linked = {p.pub_id for fam in cat.families.values() for p in fam.publications}
    assert not linked & {p.pub_id for p in unlinked}


def test_publication_index_real_values(mirror: MirrorServer, http: requests.Session):
    tut = {x.pub_id: x for x in _index(mirror, http, "T-TUT")[1].listed}
    assert tut["T-TUT-HOME-2020-1"].title == "Use of G.hn in industrial applications"
    assert tut["T-TUT-QOS-2023-2"].group == "SG15"  # G.Imp712, G.151, G.613, ...: SG15
    assert tut["T-TUT-FSTP-2015-AM"].group == "SG00"  # linked from A.13 (TSAG)
    hdb = {x.pub_id: x for x in _index(mirror, http, "T-HDB")[1].listed}
    chill = PublicationListing("T-HDB-LNG.1-1993", "Introduction to CHILL", "SG17")  # Z.200
    assert hdb[chill.pub_id] == chill
    assert sum(x.pub_id.startswith("T-HDB-FG-") for x in hdb.values()) == 5


def test_unlinked_publications_are_leaf_pages(mirror: MirrorServer, http: requests.Session):
    for index_id in ("T-TUT", "T-HDB"):
        for pub in [p for p in mirror.catalogue.listed_publications(index_id) if p.unlinked]:
            assert re.fullmatch(rf"{index_id}-FG-20\d\d-\d", pub.pub_id)
            response = http.get(f"{mirror.base_url}/pub/{pub.pub_id}/en")
            assert response.status_code == 200
            leaf = parse_publication(response.content, f"https://www.itu.int/pub/{pub.pub_id}")
            assert (leaf.title, leaf.year, leaf.listed) == (pub.title, pub.year, ())
            assert leaf.items and leaf.items[0].url.endswith(f"{pub.pub_id}-PDF-E.pdf")


def test_conditional_get(mirror: MirrorServer, http: requests.Session):
    ed = generated_edition(mirror, is_main=True)
    for path in (SEARCH, f"/ITU-T/recommendations/rec.aspx?rec={ed.idrec}&lang=en",
                 f"/rec/{ed.edition_id}", "/pub/T-SP-OB.1096-2016", "/pub/T-TUT/en"):
        first = http.get(mirror.base_url + path)
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        again = http.get(mirror.base_url + path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["ETag"] == etag
        since = http.get(mirror.base_url + path, headers={"If-Modified-Since": modified})
        assert since.status_code == 304
        other = http.get(mirror.base_url + path, headers={"If-None-Match": '"other"'})
        assert other.status_code == 200 and other.content == first.content


@pytest.mark.parametrize("kind", sorted(FAULT_KINDS))
def test_each_fault_kind(mirror: MirrorServer, http: requests.Session, kind: str):
    path = mirror.base_url + "/mws/api/recommendations/getRecEditions?idrec=13853&lang=en"
    mirror.set_faults(1.0, {kind}, seed=1, timeout_sleep=0.6)
    try:
        started = time.perf_counter()
        if kind == "timeout":
            with pytest.raises(requests.exceptions.ReadTimeout):
                http.get(path, timeout=0.2)
        elif kind == "truncate":
            with pytest.raises(requests.exceptions.RequestException):
                http.get(path)
        else:
            response = http.get(path)
            expected = {"latency": 200, "http500": 500, "http503": 503, "http429": 429}[kind]
            assert response.status_code == expected
            if kind in ("http503", "http429"):
                assert response.headers["Retry-After"] == "1"
            if kind == "latency":
                assert time.perf_counter() - started >= 0.2
        assert http.get(mirror.base_url + "/robots.txt", timeout=5).status_code == 200
        assert mirror.log[-1].fault is None
    finally:
        mirror.clear_faults()
    time.sleep(0.7 if kind == "timeout" else 0)
    assert http.get(path).status_code == 200


def test_faults_are_per_request(mirror: MirrorServer, http: requests.Session):
    mirror.set_faults(0.5, {"http503"}, seed=7)
    try:
        codes = [http.get(f"{mirror.base_url}/rec/T-REC-A.13-201909-I").status_code
                 for _ in range(40)]
    finally:
        mirror.clear_faults()
    assert set(codes) == {200, 503}


def test_user_agent_rejection(mirror: MirrorServer, http: requests.Session):
    mirror.reject_non_browser_agents(True)
    try:
        bot = requests.get(mirror.base_url + "/robots.txt",
                           headers={"User-Agent": "python-requests/2"})
        assert bot.status_code == 403 and "Request Rejected" in bot.text
        assert http.get(mirror.base_url + "/robots.txt").status_code == 200
    finally:
        mirror.reject_non_browser_agents(False)


def test_switches_robots_recaspx_and_log(mirror: MirrorServer, http: requests.Session):
    robots = http.get(mirror.base_url + "/robots.txt").text
    assert robots.startswith("User-agent: *") and "Disallow: /net/" in robots
    mirror.add_robots_disallow("/rec/")
    try:
        assert "Disallow: /rec/" in http.get(mirror.base_url + "/robots.txt").text
    finally:
        mirror.clear_robots_rules()
    mirror.reset_log()
    mirror.set_recaspx_gone(True)
    try:
        url = mirror.base_url + "/ITU-T/recommendations/rec.aspx?rec=13853&lang=en"
        assert http.get(url).status_code == 404
    finally:
        mirror.set_recaspx_gone(False)
    assert http.get(url).status_code == 200
    assert mirror.count() == 2 and mirror.count(lambda e: e.status == 404) == 1
    entry = mirror.log[0]
    assert (entry.method, entry.path, entry.user_agent) == (
        "GET", "/ITU-T/recommendations/rec.aspx?rec=13853&lang=en", UA)


def test_subset_serves_only_chosen_series(small: MirrorServer, http: requests.Session):
    data = http.get(small.base_url + SEARCH).json()
    expected = [e for e in small.catalogue.editions if series_letter(e.family) in "AL"]
    assert data["Total"] == len(expected) == len(data["Data"]) > 500
    assert all(r["rec_name"][0] in "AL" for r in data["Data"])
    h264 = small.catalogue.by_idrec[14659]
    url = f"{small.base_url}/ITU-T/recommendations/rec.aspx?rec={h264.idrec}&lang=en"
    assert http.get(url).status_code == 404
    url = f"{small.base_url}/ITU-T/recommendations/rec.aspx?rec=13786&lang=en"
    assert http.get(url).status_code == 200  # recorded L.163 page


def test_subset_index_lists_included_families_and_unlinked(
    small: MirrorServer, mirror: MirrorServer, http: requests.Session
):
    for index_id in ("T-TUT", "T-HDB"):
        _, page = _index(small, http, index_id)
        expected = small.catalogue.listed_publications(index_id)
        assert _listing(page.listed) == _listing(expected)
        for pub in expected:
            assert pub.unlinked or any(series_letter(f) in "AL" for f in pub.families)
        full = mirror.catalogue.listed_publications(index_id)
        assert len(expected) < len(full)
        assert _listing([p for p in expected if p.unlinked]) == _listing(
            [p for p in full if p.unlinked])  # the same five whatever the subset
    ids = {x.pub_id for x in _index(small, http, "T-TUT")[1].listed}
    assert {"T-TUT-L-2024-1", "T-TUT-FSTP-2015-AM"} <= ids and "T-TUT-HOME-2020-1" not in ids
    gone = http.get(small.base_url + "/pub/T-TUT-HOME-2020-1", allow_redirects=False)
    assert gone.status_code == 302


def test_mutate_changes_enumeration(small: MirrorServer, http: requests.Session):
    before = http.get(small.base_url + SEARCH)
    old_rows = {r["rec_name"]: r for r in before.json()["Data"]}
    changed = small.mutate(4, seed=3)
    assert len(changed) == 4 and all(series_letter(f) in "AL" for f in changed)
    after = http.get(small.base_url + SEARCH, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    since = http.get(small.base_url + SEARCH,
                     headers={"If-Modified-Since": before.headers["Last-Modified"]})
    assert since.status_code == 200
    new_rows = {r["rec_name"]: r for r in after.json()["Data"]}
    assert new_rows != old_rows
    for mutation in small.mutations:
        ed = small.catalogue.by_idrec[mutation.idrec]
        hdr = http.get(f"{small.base_url}/mws/api/recommendations/getRecHdrDetail"
                       f"?idrec={ed.idrec}&lang=en").json()
        assert hdr["status"] == ed.status and hdr["rec_title"] == (ed.title or "")
        page = http.get(f"{small.base_url}/ITU-T/recommendations/rec.aspx?rec={ed.idrec}&lang=en")
        assert ed.rec_name in page.text
        if mutation.kind == "edition":
            assert ed.rec_name not in old_rows and new_rows[ed.rec_name]["status"] == "In force"
            editions = http.get(f"{small.base_url}/mws/api/recommendations/getRecEditions"
                                f"?idrec={ed.idrec}&lang=en").json()
            assert editions[0]["idrec"] == ed.idrec
            assert http.get(f"{small.base_url}/rec/{ed.edition_id}").status_code == 200
            superseded = [r for r in old_rows.values() if r["dms_link"] and
                          family_of(r["rec_name"]) == ed.family and r["status"] == "In force"
                          and r["dms_link"].split("!")[0].endswith("-I")]
            for row in superseded:
                assert new_rows[row["rec_name"]]["status"] == "Superseded"
                new_id = new_rows[row["rec_name"]]["dms_link"]
                assert new_id == row["dms_link"].replace("-I", "-S", 1) or "-S" in new_id
                assert http.get(f"{small.base_url}/rec/{row['dms_link']}").status_code == 404
                assert http.get(f"{small.base_url}/rec/{new_id}").status_code == 200


def test_cli_prints_base_url(reference: Path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.mirror", "--port", "0", "--series", "A",
         "--reference", str(reference)],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", line)
        with requests.get(line + "/robots.txt", headers={"User-Agent": UA}) as response:
            assert response.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
