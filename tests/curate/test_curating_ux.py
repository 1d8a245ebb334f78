"""Curating without traps (issue 12, points 12-13): a bulk change of "all N documents" is
confirmed first, batches read in labels, review reasons are the curator's own words, and the
rule evidence on the form is listed once, with the words the text has."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from tests.curate.conftest import csrf_of
from tests.curate.test_workspace import search_numbers


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_bulk_all_documents_asks_first_with_the_count_and_the_change(app, curator, web_store):
    reader = app.test_client()
    before = search_numbers(reader, "region=africa")
    total = curator.get("/curate/bulk?q=imt-2020&format=json").get_json()["total"]
    assert total >= 3
    form = {"csrf_token": csrf_of(curator), "search": "q=imt-2020", "scope": "all",
            "op": "add", "tag": "region:africa", "reason": "IMT-2020 roll-out in Africa"}
    asked = curator.post("/curate/bulk", data=form)
    assert asked.status_code == 200  # a page, not a redirect: nothing applied yet
    page = soup(asked)
    assert page.select_one(".cur-change").get_text(strip=True) == (
        f"Add “Africa” to {total} documents")
    assert page.select_one("input[name=confirm]")["value"] == str(total)
    assert f"Apply to all {total} documents" in page.get_text()
    assert search_numbers(reader, "region=africa") == before
    assert web_store.batches.count() == 0

    # a count that no longer matches the search asks again, and applies nothing
    again = soup(curator.post("/curate/bulk", data={**form, "confirm": str(total + 1)}))
    assert "The search has changed since" in again.get_text()
    assert search_numbers(reader, "region=africa") == before

    applied = curator.post("/curate/bulk", data={**form, "confirm": str(total)})
    assert applied.status_code == 302 and "/curate/batches/" in applied.headers["Location"]
    batch = soup(curator.get(applied.headers["Location"])).get_text(" ", strip=True)
    assert f"Region: added: Africa — {total} documents" in batch
    assert "region:africa" not in batch and "q=imt-2020" not in batch


def test_bulk_confirmation_refuses_what_it_could_not_apply(curator):
    form = {"csrf_token": csrf_of(curator), "search": "q=imt-2020", "scope": "all",
            "op": "add", "tag": "region:africa", "reason": "  "}
    refused = curator.post("/curate/bulk", data=form, headers={"Accept": "application/json"})
    assert refused.status_code == 400 and refused.get_json()["code"] == "curation.reason_required"
    for op, tag, words in (("remove", "region:africa", "Remove “Africa” from"),
                           ("add", "developing_countries:yes", "relevant to developing"),
                           ("clear", "topic:iot", "Withdraw the curators' decision on")):
        page = soup(curator.post("/curate/bulk", data={**form, "reason": "r", "op": op,
                                                       "tag": tag}))
        assert words in page.select_one(".cur-change").get_text(), (op, tag)


def test_review_reasons_start_empty_and_are_required(curator):
    page = soup(curator.get("/curate/review"))
    boxes = page.select("form.cur-decide input[name=reason]")
    assert boxes, "the review queue of the test catalogue is empty"
    assert all(not box.get("value") and box.has_attr("required") for box in boxes)


def test_rule_evidence_is_listed_once_with_whole_words(curator):
    # Y.4218 says "rural communities" in its title and again in its summary
    state = curator.get("/curate/documents/Y.4218?format=json").get_json()
    words = [(e["rule"], e["match"].lower()) for e in state["suggested"]["evidence"]]
    assert len(words) > len(set(words))  # the rules found the same words twice
    page = soup(curator.get("/curate/documents/Y.4218"))
    lines = [li.get_text(" ", strip=True) for li in page.select(".cur-evidence li")]
    assert lines and len(lines) == len(set(lines)) == len(set(words))
    queue = curator.get("/curate/review?format=json").get_json()["items"]
    for e in (e for hit in queue for e in hit["developing_countries"]["evidence"]):
        if e["field"] in ("title", "summary"):
            at = (e["context"] or "").find(e["match"])
            assert at >= 0, e
            after = e["context"][at + len(e["match"]):at + len(e["match"]) + 1]
            assert not re.match(r"\w", after), e  # "developing countries", not "countr"


def test_public_notes_render_once_and_are_in_the_json_twin(app, curator, web_store):
    web_store.notes.add("L.1021", "Used by **regulators**", "public", actor="cy")
    web_store.notes.add("L.1021", "internal only", "curators", actor="cy")
    reader = app.test_client()
    page = soup(reader.get("/documents/L.1021"))
    assert len(page.select("section.cur-notes")) == 1
    assert len(page.select(".cur-notes article.cur-note")) == 1
    assert "internal only" not in page.get_text()
    notes = reader.get("/api/v1/documents/L.1021").get_json()["document"]["notes"]
    assert [n["body"] for n in notes] == ["Used by **regulators**"]
    assert "<strong>regulators</strong>" in notes[0]["html"]
    twin = reader.get("/documents/L.1021?format=json").get_json()["document"]["notes"]
    assert twin == notes
    # signed in, the page has the curator's panel too: still one notes section, no id twice
    signed = soup(curator.get("/documents/L.1021"))
    assert len(signed.select("section.cur-notes")) == 1 and signed.select("section.cur-panel")


CURATOR_PAGES = ["/curate/", "/curate/review", "/curate/bulk?q=imt-2020", "/curate/audit",
                 "/curate/batches", "/curate/documents/L.1021", "/documents/L.1021",
                 "/search?q=e-waste", "/curate/users"]


def test_no_curator_page_has_a_duplicate_id(admin, web_store):
    from collections import Counter

    web_store.notes.add("L.1021", "a public note", "public", actor="ada")
    for path in CURATOR_PAGES:
        page = soup(admin.get(path))
        counts = Counter(tag["id"] for tag in page.find_all(id=True))
        assert [k for k, n in counts.items() if n > 1] == [], path


def test_rule_evidence_widens_a_stem_to_the_words_of_the_text():
    from index.tags.rules import DocText, rule_hits
    from index.tags.taxonomy import load_taxonomy

    rule = next(r for r in load_taxonomy().developing if r.id == "names-developing-countries")
    doc = DocText("L.1700", "Recommendation", "Rural access in developing countries",
                  "Helps developing economies and least developed countries (LDCs).")
    matches = [e.match for e in rule_hits(rule, doc)[0]]
    assert "developing countries" in matches and "developing economies" in matches
    assert all(not m.endswith(("countr", "econom")) for m in matches), matches
    assert all(doc.title.find(m) >= 0 or doc.summary.find(m) >= 0 for m in matches)
