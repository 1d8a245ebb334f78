"""Curated collections (workspace, public page, JSON, feed) and the what's-new feeds,
validated with feedparser, before and after the catalogue changes."""

from __future__ import annotations

from datetime import date

import feedparser

from index.models import DocumentData, EditionData
from index.store.audit import AuditQuery
from tests.reach.conftest import post


def _feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def _make(curator):
    assert post(curator, "/curate/collections", title="Getting started with rural broadband",
                intro="Read these **in order**.").status_code == 302
    slug = "getting-started-with-rural-broadband"
    for number, note in (("L.1700", "Low-cost *infrastructure*"),
                         ("Y.4218", "Smart services <script>alert(1)</script>"),
                         ("G.984.1", "GPON basics")):
        assert post(curator, f"/curate/collections/{slug}", action="add", number=number,
                    note=note).status_code == 302
    return slug


def test_curators_assemble_an_ordered_collection(curator, client, store):
    slug = _make(curator)
    assert post(curator, f"/curate/collections/{slug}", action="up",
                number="Y.4218").status_code == 302
    assert post(curator, f"/curate/collections/{slug}", action="remove",
                number="G.984.1").status_code == 302
    refused = curator.post(f"/curate/collections/{slug}", data={
        "action": "add", "number": "Z.999", "note": "x"}, headers={
        "Accept": "application/json", "X-CSRFToken": curator.get(
            "/curate/csrf.json").get_json()["csrf_token"]})
    assert refused.status_code == 400 and refused.get_json()["ok"] is False
    no_token = curator.post(f"/curate/collections/{slug}", data={"action": "delete"})
    assert no_token.status_code == 400 and store.collections.get(slug) is not None
    found = store.collections.get(slug)
    assert [i.document_id for i in found.items] == ["Y.4218", "L.1700"]
    actions = [e.action for e in store.audit.entries(AuditQuery(), limit=20)]
    assert {"collection.create", "collection.add", "collection.move",
            "collection.remove"} <= set(actions)
    page = client.get(f"/collections/{slug}").text
    assert page.index("Y.4218") < page.index("L.1700")
    assert "<strong>in order</strong>" in page and "<em>infrastructure</em>" in page
    assert "<script>alert" not in page
    body = client.get(f"/api/v1/collections/{slug}").get_json()
    assert [i["number"] for i in body["collection"]["items"]] == ["Y.4218", "L.1700"]
    assert client.get(f"/collections/{slug}?format=json").get_json() == body
    assert slug in [c["id"] for c in client.get("/api/v1/collections").get_json()[
        "collections"]]
    assert client.get("/collections/nope").status_code == 404
    feed = _feed(client, f"/collections/{slug}.atom")
    assert {"Y.4218", "L.1700"} <= {e.link.rsplit("/", 1)[-1] for e in feed.entries}


def test_whats_new_feeds_validate_and_follow_changes(app, client, store):
    from index.journal.lineage import successors_from

    for path in ("/feeds/changes.atom", "/feeds/topics/iot.atom", "/feeds/regions/africa.atom",
                 "/feeds/types/Supplement.atom", "/feeds/study-groups/SG13.atom",
                 "/feeds/changes.atom?q=machine+learning", "/fr/feeds/changes.atom?dc=yes",
                 "/feeds/changes.atom?type=supplement"):
        parsed = _feed(client, path)
        assert parsed.entries, path
    assert client.get("/feeds/topics/astrology.atom").status_code == 404
    # Upstream: Y.3172 gets a new edition, G.100 (superseded by P.10/G.100) is re-saved
    # superseded, E.800 is withdrawn.
    y = store.documents.get("Y.3172")
    old = y.editions[0]
    store.documents.save(DocumentData(
        id="Y.3172", type=y.type, title=y.title, summary=y.summary, series="Y",
        study_group="SG13", status="In force", approval_date=date(2026, 6, 1),
        current_idrec=9001, url=y.url, source="mws", relations=(),
        editions=(EditionData(old.idrec, old.label, "edition", None, old.title,
                              old.approval_date, "Superseded", old.edition_id),
                  EditionData(9001, "Y.3172 (06/2026)", "edition", None, y.title,
                              date(2026, 6, 1), "In force", "T-REC-Y.3172-202606-I"))),
        "h-new")
    e = store.documents.get("E.800")
    store.documents.save(DocumentData(
        id="E.800", type=e.type, title=e.title, summary=e.summary, series="E",
        study_group="SG12", status="Withdrawn", approval_date=e.approval_date,
        current_idrec=e.current_idrec, url=e.url, source="mws", relations=(),
        editions=tuple(EditionData(x.idrec, x.label, x.kind, x.version, x.title,
                                   x.approval_date, "Withdrawn", x.edition_id)
                       for x in e.editions)), "h-w")
    store.journal.sync(successors_from(app.extensions["itucat_catalogue"].service))
    parsed = _feed(client, "/feeds/topics/ai-ml.atom")
    kinds = [(e.link.rsplit("/", 1)[-1], e.tags[0].term) for e in parsed.entries]
    assert ("Y.3172", "edition") in kinds[:2], kinds[:5]
    assert "Y.3172 (06/2026)" in parsed.entries[0].summary
    everything = _feed(client, "/feeds/changes.atom")
    terms = {(e.link.rsplit("/", 1)[-1], e.tags[0].term) for e in everything.entries}
    assert ("E.800", "withdrawn") in terms
    french = _feed(client, "/fr/feeds/changes.atom")
    assert french.feed.title.startswith("Catalogue de l'UIT-T")


def test_superseded_text_names_its_successor(store, app, client):
    """A text that became superseded carries its successor in the feed."""
    from index.journal.lineage import successors_from

    g = store.documents.get("G.100")
    store.documents.save(DocumentData(
        id="G.100", type=g.type, title=g.title + " (rev.)", summary=g.summary, series="G",
        study_group="SG12", status="Superseded", approval_date=g.approval_date,
        current_idrec=g.current_idrec, url=g.url, source="mws", relations=(),
        editions=tuple(EditionData(x.idrec, x.label, x.kind, x.version, x.title,
                                   x.approval_date, "Superseded", x.edition_id)
                       for x in g.editions)), "h-s")
    store.journal.sync(successors_from(app.extensions["itucat_catalogue"].service))
    record = store.journal.record("G.100").record
    assert record["successors"] == ["P.10/G.100"]
    body = client.get("/api/v1/changes?kind=changed&kind=superseded").get_json()
    assert any(c["number"] == "G.100" and c["successors"] == ["P.10/G.100"]
               for c in body["changes"])
