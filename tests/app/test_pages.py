"""The HTML pages on the crawled test catalogue: home, search, documents, browse, status."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.app.catalogue import CURATED, CURATOR_REASON
from tests.app.helpers import facet_link, result_numbers, soup


def test_home_has_search_browse_newest_and_curated(client):
    page = soup(client.get("/"))
    assert page.select_one("form[role=search] input[name=q]")
    assert page.select_one("label[for=q]")
    for dimension in ("topics", "regions", "study-groups", "types"):
        assert page.select(f"a[href^='/{dimension}/']"), dimension
    headings = [h.get_text() for h in page.select("h2")]
    assert "Newest approvals" in headings
    curated = page.find("h2", string="Marked relevant to developing countries by curators")
    assert CURATED in curated.find_parent("section").get_text()
    newest = page.find("h2", string="Newest approvals").find_parent("section")
    dates = [t["datetime"] for t in newest.select("time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == 8


def test_search_shows_counts_snippets_and_facets(client):
    page = soup(client.get("/search?q=e-waste"))
    numbers = result_numbers(page)
    assert numbers and numbers[0].startswith("L.")
    assert page.select("ol.hits mark")  # highlighted words
    headings = [h.get_text() for h in page.select("aside.facets h3")]
    for name in ("Type", "Topic", "Region", "Study group", "Status", "Year", "Language",
                 "Developing countries"):
        assert name in headings
    assert "documents" in page.select_one("p.count").get_text()


def test_two_facets_narrow_and_each_is_removable(client):
    page = soup(client.get("/search?q=e-waste"))
    total = int(page.select_one("p.count").get_text().split()[0].replace(",", ""))
    first = facet_link(page, "Type", "Supplement")
    page = soup(client.get(first))
    second = facet_link(page, "Year", "20")
    page = soup(client.get(second))
    narrowed = int(page.select_one("p.count").get_text().split()[0].replace(",", ""))
    assert 0 < narrowed < total
    chips = page.select(".active a")
    assert len(chips) == 2
    without_type = client.get(chips[0]["href"])
    args = parse_qs(urlsplit(chips[0]["href"]).query)
    assert "type" not in args and "year" in args and args["q"] == ["e-waste"]
    assert without_type.status_code == 200


def test_sort_and_pagination(client):
    page = soup(client.get("/search?sort=newest"))
    dates = [t["datetime"] for t in page.select("ol.hits time")]
    assert dates == sorted(dates, reverse=True)
    nav = page.select_one("nav.pages")
    next_link = nav.select_one("a[rel=next]")["href"]
    page2 = soup(client.get(next_link))
    assert page2.select_one("ol.hits")["start"] == "21"
    assert set(result_numbers(page2)).isdisjoint(result_numbers(page))
    assert page.select_one("select#sort option[selected]")["value"] == "newest"


def test_did_you_mean_and_zero_results_suggest(client):
    page = soup(client.get("/search?q=enviroment"))
    assert page.select_one("p.dym a")
    page = soup(client.get("/search?q=zzzqqqxxx&region=europe"))
    none = page.select_one("div.none")
    assert none is not None and none.select("a")
    assert "Search without filters" in none.get_text()


def test_include_superseded_toggle(client):
    current = soup(client.get("/search?q=tariff"))
    everything = soup(client.get("/search?q=tariff&all=1"))
    count = lambda p: int(p.select_one("p.count").get_text().split()[0].replace(",", ""))  # noqa: E731
    assert count(everything) > count(current)
    assert everything.select_one("input[name=all]").has_attr("checked")
    oldest = soup(client.get("/search?q=tariff&all=1&sort=oldest")).select_one("ol.hits")
    assert oldest.select(".badge.s-superseded, .badge.s-withdrawn")


def test_document_page_has_everything(client):
    page = soup(client.get("/documents/L.1700"))
    text = page.get_text(" ")
    assert page.h1.select_one(".num").get_text() == "L.1700"
    assert page.select_one(".badge.s-in-force")
    for heading in ("Summary", "Download from ITU", "Details", "Editions",
                    "Tags and where they come from", "Cite this text"):
        assert page.find("h2", string=heading), heading
    # ITU's supplements list, split into this Recommendation's and the rest of the series.
    assert {h.get_text() for h in page.find_all("h2")} & {
        "Supplements of the series", "Other supplements of the series"}
    files = page.select("table.files tbody tr")
    assert files and all(row.select("td")[2].get_text().endswith("B") for row in files)
    links = [a["href"] for a in page.select("table.files a")]
    # Downloads go through the counting redirect, which forwards to ITU's file.
    assert links and all(href.startswith("/go/L.1700?") for href in links)
    assert "itu.int" in client.get(links[0]).headers["Location"]
    assert "Study Group 5" in text and "Alternative approval process (AAP)" in text
    assert page.select_one("details.prov")  # rule evidence
    assert "handle.itu.int" in page.select_one("p.cite").get_text()
    assert page.select_one("link[rel=alternate][type='application/json']")


def test_curator_provenance_is_shown(client):
    page = soup(client.get(f"/documents/{CURATED}"))
    text = page.get_text(" ")
    assert "Relevant to developing countries" in text
    assert "amina" in text and CURATOR_REASON in text and "2026" in text
    region = page.find("h3", string="Regions").find_next("ul")
    assert "Africa" in region.get_text() and "curator" in region.get_text()


def test_document_numbers_redirect_and_404(client):
    response = client.get("/documents/l.1700")
    assert response.status_code == 301 and response.headers["Location"].endswith("/L.1700")
    response = client.get("/documents/Z.99999")
    assert response.status_code == 404 and b"Page not found" in response.data


def test_browse_pages(client):
    for dimension in ("topics", "regions", "study-groups", "types"):
        page = soup(client.get(f"/{dimension}"))
        links = page.select("main ul.links a")
        assert links, dimension
        target = soup(client.get(links[0]["href"]))
        assert result_numbers(target), links[0]["href"]
    page = soup(client.get("/regions/africa"))
    assert page.h1.get_text() == "Africa"
    assert not page.select(".active a")  # the page's own filter is not a removable chip
    assert client.get("/regions/atlantis").status_code == 404


def test_status_page(client):
    page = soup(client.get("/status"))
    assert page.find("h2", string="Recent harvests")
    assert page.select("table tbody tr")
    assert "What changed in the last harvest" in page.get_text()


HOSTILE = [
    "/search?q=%00%01", "/search?q=" + "a" * 5000, "/search?q=<script>alert(1)</script>",
    "/search?q=(((((", "/search?q=*", "/search?q=title:", "/search?q=\"unclosed",
    "/search?page=0", "/search?page=-1", "/search?page=abc", "/search?page=99999999999",
    "/search?page=400&q=zzz", "/search?sort=evil", "/search?topic=<b>x</b>",
    "/search?sg=" + "&sg=".join(str(i) for i in range(30)), "/search?year=abcd",
    "/documents/%00", "/documents/" + "A" * 300, "/documents/../../etc/passwd",
    "/xx/search", "/search?lang=zz", "/regions/%FF", "/search?dc=maybe&language=Klingon",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_input_never_500(client, path):
    response = client.get(path)
    assert response.status_code < 500, path
    assert b"<script>alert" not in response.data
