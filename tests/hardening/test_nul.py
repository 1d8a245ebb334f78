"""Finding 6 on both stores: a NUL in a note is a 400 in JSON, never a 500 (PostgreSQL
cannot store NUL: the request is refused before the store sees it)."""

from __future__ import annotations

from tests.backends import BOTH
from tests.curate.conftest import csrf_of

BACKENDS = BOTH


def test_a_nul_in_a_note_is_refused_in_json(curator, web_store):
    for path in ("/curate/documents/Y.3172/notes?format=json",
                 "/curate/documents/Y.3172/notes"):
        answer = curator.post(path, headers={"Accept": "application/json"}, data={
            "body": "before\x00after", "visibility": "public",
            "csrf_token": csrf_of(curator)})
        assert answer.status_code == 400 and answer.get_json()["ok"] is False, path
    assert web_store.notes.of_document("Y.3172", curator=True) == []
    fine = curator.post("/curate/documents/Y.3172/notes?format=json", data={
        "body": "a line\nand a tab\there", "visibility": "public",
        "csrf_token": csrf_of(curator)})
    assert fine.status_code == 201
