"""Curator tag decisions in the store: validation, audit, search reflection, batches."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from index import schema
from index.errors import BatchError, CurationError
from index.search import SearchService, reflect_in_search
from index.store.audit import AuditQuery
from index.tags.changes import TagChange
from tests.backends import BOTH

BACKENDS = BOTH  # the store's tests: run on SQLite and PostgreSQL


def effective_tags(store, doc_id):
    return store.tags.effective(store.documents.get(doc_id))


def form_changes(store, doc_id, *form):
    return store.tags.form_changes(store.documents.get(doc_id), *form)


def audit_rows(store):
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.audit_log).order_by(
            schema.audit_log.c.id)).mappings()]


def search_doc(data_dir, number):
    return SearchService(data_dir, cache_size=0).document(number)


def test_relevance_decision_overrides_the_rule_and_shows_in_search(store, data_dir):
    assert search_doc(data_dir, "Y.4218")["developing_countries"]["source"] == "rule"
    report = store.tags.apply([TagChange("Y.4218", "developing_countries", "no", "set")],
                           actor="ana", reason="Not specific to developing countries")
    assert (report.changed, report.documents) == (1, ["Y.4218"])
    assert reflect_in_search(store, data_dir, report.documents)
    dc = search_doc(data_dir, "Y.4218")["developing_countries"]
    assert dc["relevant"] is False and dc["source"] == "curator"
    assert dc["curator"]["who"] == "ana"
    assert dc["curator"]["why"] == "Not specific to developing countries"
    assert dc["evidence"], "the rule evidence stays visible beside the decision"
    answer = SearchService(data_dir, cache_size=0).search("", {"dc": "yes"}, per_page=100)
    assert "Y.4218" not in [r["number"] for r in answer["results"]]
    (entry,) = audit_rows(store)
    assert (entry["actor"], entry["action"], entry["document_id"]) == ("ana", "tag", "Y.4218")
    assert entry["before"] is None and entry["after"]["value"] == "no"


def test_same_decision_twice_changes_nothing(store):
    change = TagChange("Y.3172", "region", "africa", "add")
    assert store.tags.apply([change], actor="ana", reason="r").changed == 1
    again = store.tags.apply([change], actor="bob", reason="other reason")
    assert (again.changed, again.unchanged) == (0, 1)
    assert len(audit_rows(store)) == 1


@pytest.mark.parametrize("change, reason, message", [
    (TagChange("Z.9999", "region", "africa", "add"), "r", "unknown document"),
    (TagChange("Y.3172", "region", "atlantis", "add"), "r", "unknown region"),
    (TagChange("Y.3172", "topic", "astrology", "add"), "r", "unknown topic"),
    (TagChange("Y.3172", "colour", "red", "add"), "r", "unknown facet"),
    (TagChange("Y.3172", "developing_countries", "maybe", "set"), "r", "yes or no"),
    (TagChange("Y.3172", "region", "africa", "explode"), "r", "unknown action"),
    (TagChange("Y.3172", "region", "africa", "add"), "   ", "reason is required"),
    (TagChange("Y.3172", "region", "africa", "add"), None, "reason is required"),
])
def test_bad_changes_are_refused_and_nothing_is_written(store, change, reason, message):
    good = TagChange("Y.3173", "region", "europe", "add")
    with pytest.raises(CurationError, match=message):
        store.tags.apply([good, change], actor="ana", reason=reason)
    assert store.tags.of_document("Y.3173") == [] and audit_rows(store) == []


def test_form_changes_record_only_what_differs(store):
    tags = effective_tags(store, "Y.3172")
    regions = [t.value for t in tags.regions]
    topics = [t.value for t in tags.topics]
    assert regions == ["global"]
    assert form_changes(store, "Y.3172", "unreviewed", regions, topics) == []
    changes = form_changes(store, "Y.3172", "yes", ["global", "africa"], topics[1:])
    kinds = {(c.facet, c.value, c.action) for c in changes}
    assert ("developing_countries", "yes", "set") in kinds
    assert ("region", "africa", "add") in kinds
    assert ("region", "global", "add") in kinds, "global stays: the curator kept it checked"
    assert ("topic", topics[0], "remove") in kinds
    store.tags.apply(changes, actor="ana", reason="reviewed")
    after = effective_tags(store, "Y.3172")
    assert {t.value for t in after.regions} == {"global", "africa"}
    assert topics[0] not in {t.value for t in after.topics}
    assert after.developing.source == "curator"
    undo = form_changes(store, "Y.3172", "unreviewed", ["global", "africa"], topics[1:])
    assert [(c.facet, c.action) for c in undo] == [("developing_countries", "clear")]


def test_publications_can_be_tagged(store):
    store.tags.apply([TagChange("T-TUT-QOS-2023-2", "region", "africa", "add")],
                  actor="ana", reason="African QoS study")
    assert {t.value for t in effective_tags(store, "T-TUT-QOS-2023-2").regions} == {"africa"}


def test_audit_log_refuses_update_and_delete(store):
    store.tags.apply([TagChange("Y.3172", "region", "africa", "add")], actor="a", reason="r")
    for statement in (update(schema.audit_log).values(actor="mallory"),
                      delete(schema.audit_log), text("UPDATE audit_log SET reason = 'x'")):
        with pytest.raises(DBAPIError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(statement)
    assert audit_rows(store)[0]["actor"] == "a"


def test_bulk_batch_is_one_unit_and_reverts_as_a_whole(store, data_dir):
    first = store.tags.apply([TagChange("Y.3173", "region", "europe", "add")],
                          actor="ana", reason="earlier decision")
    assert first.changed == 1
    targets = ["Y.3172", "Y.3173", "Y.3174", "Y.3100"]
    changes = [TagChange(d, "region", "europe", "remove" if d == "Y.3173" else "add")
               for d in targets]
    batch_id, report = store.batches.apply(changes, kind="bulk", actor="bob",
                                   reason="European work", description="q=imt")
    assert report.changed == 4 and batch_id
    batch = store.batches.get(batch_id)
    assert (batch.kind, batch.changes, batch.documents) == ("bulk", 4, 4)
    assert [b.id for b in store.batches.recent()] == [batch_id]
    # someone changes one of the documents after the batch: a revert keeps that change
    store.tags.apply([TagChange("Y.3100", "region", "europe", "clear")], actor="cy",
                  reason="wrong")
    store.tags.apply([TagChange("Y.3100", "region", "asia-pacific", "add")], actor="cy",
                  reason="right")
    result = store.batches.revert(batch_id, actor="ana", reason="too broad")
    assert result.reverted == 3
    assert result.conflicts == [{"document_id": "Y.3100", "facet": "region", "value": "europe"}]
    regions = {d: {(t.value, t.action) for t in store.tags.of_document(d)} for d in targets}
    assert regions == {"Y.3172": set(), "Y.3174": set(),
                       "Y.3173": {("europe", "add")},  # the earlier decision is back
                       "Y.3100": {("asia-pacific", "add")}}
    restored = next(t for t in store.tags.of_document("Y.3173"))
    assert (restored.curator, restored.reason) == ("ana", "earlier decision")
    assert store.batches.get(batch_id).reverted_by == result.batch_id
    with pytest.raises(BatchError, match="reverted already"):
        store.batches.revert(batch_id, actor="ana", reason="again")
    with pytest.raises(BatchError, match="no batch"):
        store.batches.revert("nope", actor="ana", reason="x")
    assert reflect_in_search(store, data_dir, result.documents)
    assert [t["id"] for t in search_doc(data_dir, "Y.3173")["regions"]] == ["europe"]


def test_empty_batch_leaves_no_trace(store):
    change = TagChange("Y.3172", "region", "africa", "add")
    store.tags.apply([change], actor="a", reason="r")
    batch_id, report = store.batches.apply([change], kind="bulk", actor="a", reason="r")
    assert batch_id is None and report.unchanged == 1
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.batches)).scalar() == 0


def test_audit_query_filters(store):
    store.tags.apply([TagChange("Y.3172", "region", "africa", "add")], actor="ana",
                  reason="r")
    store.tags.apply([TagChange("Y.3173", "topic", "iot", "add")], actor="bob", reason="r")
    assert store.audit.count(AuditQuery()) == 2
    assert [e.document_id for e in store.audit.entries(AuditQuery(actor="bob"))] == [
        "Y.3173"]
    assert store.audit.count(AuditQuery(document="Y.3172", action="tag")) == 1
    assert store.audit.count(AuditQuery(action="note")) == 0
    assert store.audit.count(AuditQuery(since="2999-01-01")) == 0
    today = store.audit.entries(AuditQuery())[0].at[:10]
    assert store.audit.count(AuditQuery(until=today)) == 2
    assert store.audit.count(AuditQuery(action="%")) == 0
    assert store.audit.actors_and_actions() == (["ana", "bob"], ["tag"])


def test_documents_queued_while_reindexing_are_not_left_behind(store, data_dir, monkeypatch):
    from index.search import build
    from index.search.layout import add_pending, paths_for

    store.tags.apply([TagChange("Y.3172", "region", "africa", "add"),
                          TagChange("Y.3173", "region", "africa", "add")], actor="a", reason="r")
    real = build.reindex_one
    calls = []

    def busy(store_, paths, doc_id, taxonomy=None):
        done = real(store_, paths, doc_id, taxonomy)
        if not calls:  # another curator queued Y.3173 while this writer ran
            add_pending(paths_for(data_dir), "Y.3173")
        calls.append(doc_id)
        return done

    monkeypatch.setattr(build, "reindex_one", busy)
    assert reflect_in_search(store, data_dir, ["Y.3172"])
    assert calls == ["Y.3172", "Y.3173"]
    for number in ("Y.3172", "Y.3173"):
        assert "africa" in [t["id"] for t in search_doc(data_dir, number)["regions"]]
