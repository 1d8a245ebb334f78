"""The workspace through the Flask test client: tagging, review, bulk, revert, notes, audit."""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup

from tests.backends import BOTH
from tests.curate.conftest import csrf_of

BACKENDS = BOTH  # the store's tests: run on SQLite and PostgreSQL

XSS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
       '[click](javascript:alert(1))', '<a href="JaVaScRiPt:alert(1)">x</a>',
       '<svg onload=alert(1)>', '<iframe src="https://evil.example"></iframe>',
       '"><script>alert(1)</script>', "<p style='x' onmouseover='alert(1)'>hover</p>",
       '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)']


def post(client, path, **form):
    return client.post(path, data={"csrf_token": csrf_of(client), **form})


def dc_of(client, number):
    return client.get(f"/api/v1/documents/{number}").get_json()


def search_numbers(client, query):
    page = BeautifulSoup(client.get(f"/search?{query}").text, "html.parser")
    return [n.get_text() for n in page.select(".hit .num")]


def test_tag_form_changes_public_search_at_once(app, curator):
    reader = app.test_client()
    assert "Y.3172" not in search_numbers(reader, "dc=yes")
    answer = post(curator, "/curate/documents/Y.3172/tags", relevance="yes",
                  region=["global", "africa"], regions_shown="1", reason="ML helps <b>LDCs</b>")
    assert answer.status_code == 302
    assert "Y.3172" in search_numbers(reader, "dc=yes")
    assert "Y.3172" in search_numbers(reader, "region=africa")
    page = reader.get("/documents/Y.3172").text
    assert "ML helps &lt;b&gt;LDCs&lt;/b&gt;" in page and "<b>LDCs</b>" not in page
    shown = curator.get("/curate/documents/Y.3172?format=json").get_json()
    assert shown["relevance"] == "yes"
    # "global" was a rule tag; the curator kept it checked beside Africa, so it stays
    assert {d["value"] for d in shown["decisions"]} == {"yes", "africa", "global"}
    assert shown["history"][0]["actor"] == "cy"


def test_tag_form_requires_a_reason_and_known_values(curator, web_store):
    for form in ({"relevance": "yes", "reason": "  "},
                 {"relevance": "maybe", "reason": "r"},
                 {"relevance": "yes", "reason": "r", "regions_shown": "1",
                  "region": "atlantis"},
                 {"relevance": "yes", "reason": "r", "add_topic": "astrology"}):
        answer = curator.post("/curate/documents/Y.3172/tags",
                              data={**form, "csrf_token": csrf_of(curator)},
                              headers={"Accept": "application/json"})
        assert answer.status_code == 400 and answer.get_json()["ok"] is False, form
    assert web_store.tags.of_document("Y.3172") == []
    unknown = post(curator, "/curate/documents/Z.999/tags", relevance="yes", reason="r")
    assert unknown.status_code == 404


def test_review_queue_accept_and_reject_in_one_action(app, curator):
    queue = curator.get("/curate/review?format=json").get_json()
    numbers = [i["number"] for i in queue["items"]]
    assert queue["total"] == len(numbers) >= 5
    dates = [i["approval_date"] for i in queue["items"]]
    assert dates == sorted(dates, reverse=True), "newest first"
    first, second = numbers[:2]
    assert post(curator, f"/curate/review/{first}", decision="accept",
                reason="clearly relevant").status_code == 302
    assert post(curator, f"/curate/review/{second}", decision="reject",
                reason="generic").status_code == 302
    after = curator.get("/curate/review?format=json").get_json()
    assert after["total"] == queue["total"] - 2
    assert first not in [i["number"] for i in after["items"]]
    reader = app.test_client()
    assert first in search_numbers(reader, "dc=yes&all=1")
    assert second not in search_numbers(reader, "dc=yes&all=1")
    sg = curator.get("/curate/review?sg=SG5&format=json").get_json()
    assert sg["items"] and all(i["study_group"] == "SG5" for i in sg["items"])
    html = curator.get("/curate/review?region=africa&topic=iot").text
    assert "Review queue" in html
    refused = curator.post(f"/curate/review/{numbers[2]}", headers={"Accept": "application/json"},
                           data={"decision": "accept", "csrf_token": csrf_of(curator)})
    assert refused.status_code == 400 and "reason" in refused.get_json()["error"]


def test_bulk_tag_all_results_then_revert_the_batch(app, curator, web_store):
    reader = app.test_client()
    before = search_numbers(reader, "region=africa")
    page = curator.get("/curate/bulk?q=imt-2020&format=json").get_json()
    targets = [r["number"] for r in page["results"]]
    assert page["total"] == len(targets) >= 3
    form = {"csrf_token": csrf_of(curator), "search": page["search"], "scope": "all",
            "op": "add", "tag": "region:africa", "reason": "African IMT-2020 roll-out"}
    asked = curator.post("/curate/bulk", headers={"Accept": "application/json"}, data=form)
    assert asked.status_code == 200 and asked.get_json()["confirm"]["count"] == len(targets)
    assert search_numbers(reader, "region=africa") == before  # nothing applied yet
    answer = curator.post("/curate/bulk", headers={"Accept": "application/json"},
                          data={**form, "confirm": str(len(targets))})
    assert answer.status_code == 201
    batch = answer.get_json()["batch"]
    assert answer.get_json()["changed"] == len(targets)
    assert set(targets) <= set(search_numbers(reader, "region=africa"))
    shown = curator.get(f"/curate/batches/{batch}?format=json").get_json()
    assert shown["batch"]["changes"] == len(targets) and shown["batch"]["actor"] == "cy"
    assert {e["document_id"] for e in shown["entries"]} == set(targets)
    assert {e["batch_id"] for e in shown["entries"]} == {batch}
    assert "imt-2020" in curator.get(f"/curate/batches/{batch}").text
    revert = post(curator, f"/curate/batches/{batch}/revert", reason="wrong region")
    assert revert.status_code == 302
    assert search_numbers(reader, "region=africa") == before
    assert all(web_store.tags.of_document(n) == [] for n in targets)
    again = curator.post(f"/curate/batches/{batch}/revert", headers={"Accept": "application/json"},
                         data={"csrf_token": csrf_of(curator), "reason": "again"})
    assert again.status_code == 409


def test_bulk_tag_selected_documents(curator, web_store):
    answer = post(curator, "/curate/bulk", search="q=e-waste", scope="selected",
                  doc=["L.1021", "L.Suppl.27"], op="add", tag="developing_countries:yes",
                  reason="e-waste guidance")
    assert answer.status_code == 302 and "/curate/batches/" in answer.headers["Location"]
    assert [d.value for d in web_store.tags.of_document("L.Suppl.27")] == ["yes"]
    for form in ({"doc": [], "op": "add", "tag": "region:africa", "reason": "r"},
                 {"doc": ["L.1021"], "op": "add", "tag": "region:atlantis", "reason": "r"},
                 {"doc": ["L.1021"], "op": "explode", "tag": "region:africa", "reason": "r"},
                 {"doc": ["Z.999"], "op": "add", "tag": "region:africa", "reason": "r"},
                 {"doc": ["L.1021"], "op": "add", "tag": "region:africa", "reason": ""}):
        refused = curator.post("/curate/bulk", headers={"Accept": "application/json"},
                               data={"csrf_token": csrf_of(curator), "scope": "selected",
                                     **form})
        assert refused.status_code == 400, form
    assert [d.value for d in web_store.tags.of_document("L.1021")] == ["yes"]


def test_notes_are_sanitised_everywhere(app, curator):
    for payload in XSS:
        answer = post(curator, "/curate/documents/Y.3172/notes", body=f"Note {payload}",
                      visibility="public")
        assert answer.status_code == 302
    post(curator, "/curate/documents/Y.3172/notes", body="**secret** plan",
         visibility="curators")
    reader = app.test_client()
    for html in (reader.get("/documents/Y.3172").text,
                 curator.get("/curate/documents/Y.3172").text):
        page = BeautifulSoup(html, "html.parser")
        for note in page.select(".cur-md"):
            assert not note.select("script, iframe, svg, img, style")
            for tag in note.find_all(True):
                assert not any(a.startswith("on") or a == "style" for a in tag.attrs), tag
                href = tag.get("href", "")
                assert not href.lower().startswith(("javascript", "data")), tag
    public = reader.get("/documents/Y.3172").text
    assert "Note" in public and "secret" not in public
    assert "<strong>secret</strong>" in curator.get("/curate/documents/Y.3172").text


def test_reasons_are_escaped_in_every_page_and_neutralised_in_csv(app, curator):
    reason = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script>'
    post(curator, "/curate/documents/Y.3172/tags", relevance="yes", reason=reason)
    for html in (app.test_client().get("/documents/Y.3172").text,
                 curator.get("/curate/audit").text, curator.get("/curate/").text,
                 curator.get("/curate/documents/Y.3172").text):
        assert "<script>alert(1)</script>" not in html
    exported = curator.get("/curate/audit.csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert rows[-1]["reason"] == "'" + reason
    assert rows[-1]["actor"] == "cy" and rows[-1]["document_id"] == "Y.3172"


def test_audit_page_filters_and_paginates(curator):
    post(curator, "/curate/documents/Y.3172/tags", relevance="yes", reason="a")
    post(curator, "/curate/documents/Y.3173/tags", relevance="no", reason="b")
    post(curator, "/curate/documents/Y.3173/notes", body="n", visibility="public")
    everything = curator.get("/curate/audit?format=json").get_json()
    assert everything["total"] >= 3
    only = curator.get("/curate/audit?document=Y.3173&action=tag&format=json").get_json()
    assert [e["reason"] for e in only["entries"]] == ["b"]
    notes = curator.get("/curate/audit?action=note&format=json").get_json()
    assert [e["action"] for e in notes["entries"]] == ["note.add"]
    assert curator.get("/curate/audit?actor=cy&since=2000-01-01&until=2999-12-31").status_code \
        == 200
    exported = curator.get("/curate/audit.csv?document=Y.3173")
    assert len(list(csv.reader(io.StringIO(exported.text)))) == 3  # header + 2 entries


def test_bad_input_is_never_a_server_error(curator):
    bad_gets = ["/curate/review?page=abc", "/curate/review?page=0", "/curate/audit?page=-1",
                "/curate/audit?since=%00%01&until=zzz&document=" + "x" * 5000,
                "/curate/batches/" + "z" * 100, "/curate/batches/nope",
                "/curate/documents/" + "Y" * 300, "/curate/documents/%00",
                "/curate/bulk?page=999999", "/curate/bulk?sort=sideways",
                "/curate/review?topic=%FF%FE&region=" + "r" * 500, "/curate/notes/1",
                "/curate/users/x/disable"]
    for path in bad_gets:
        status = curator.get(path).status_code
        assert status in (200, 400, 403, 404, 405), (path, status)
    bad_posts = [("/curate/documents/Y.3172/tags", {"relevance": "yes", "reason": "x" * 9000}),
                 ("/curate/documents/Y.3172/notes", {"body": "", "visibility": "public"}),
                 ("/curate/documents/Y.3172/notes", {"body": "x", "visibility": "everyone"}),
                 ("/curate/notes/99999", {"body": "x"}), ("/curate/notes/99999/delete", {}),
                 ("/curate/batches/nope/revert", {"reason": "r"}),
                 ("/curate/bulk", {"scope": "all", "search": "page=abc", "op": "add",
                                   "tag": "region:africa", "reason": "r"}),
                 ("/curate/review/Z.404", {"decision": "accept", "reason": "r"})]
    for path, form in bad_posts:
        answer = curator.post(path, data={**form, "csrf_token": csrf_of(curator)},
                              headers={"Accept": "application/json"})
        assert answer.status_code in (400, 403, 404, 409), (path, answer.status_code)
        assert answer.get_json()["ok"] is False


def test_pages_render_in_every_language(curator):
    post(curator, "/curate/documents/Y.3172/tags", relevance="yes", reason="r")
    for lang in ("ar", "zh", "fr", "ru", "es"):
        for path in ("/curate/", "/curate/review", "/curate/audit", "/curate/batches",
                     "/curate/documents/Y.3172", "/curate/bulk?q=iot", "/auth/password"):
            answer = curator.get(f"/{lang}{path}")
            assert answer.status_code == 200, (lang, path)
            assert f'lang="{lang}"' in answer.text


def test_a_write_conflict_is_a_409_not_a_server_error(curator, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from index.store import tags

    def clash(*args, **kwargs):
        raise IntegrityError("INSERT INTO tags", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(tags, "apply_in", clash)  # inside the store's write transaction
    answer = curator.post("/curate/documents/Y.3172/tags", headers={"Accept": "application/json"},
                          data={"relevance": "yes", "reason": "r", "csrf_token": csrf_of(curator)})
    assert answer.status_code == 409 and "same moment" in answer.get_json()["error"]


def test_the_rule_suggestion_stays_visible_after_a_decision(curator):
    post(curator, "/curate/documents/Y.4218/tags", relevance="no", reason="generic IoT")
    state = curator.get("/curate/documents/Y.4218?format=json").get_json()
    assert state["relevance"] == "no"
    assert state["suggested"]["relevant"] is True and state["suggested"]["evidence"]
