"""The did-you-mean vocabulary kept beside a build (index/search/vocabulary.py).

Whatever the writes (a rebuild, an update of changed and gone documents, a curator's
re-index, one id written twice), the kept counts are those a fresh count of the index's
stored documents gives, for the index's own generation; a missing or stale vocabulary is
counted again, by readers and by the next writer, and nothing fails.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.search import SearchService, paths_for, rebuild, update
from index.search._whoosh import index as whoosh_index
from index.search.build import _writing, reindex_document
from index.search.fields import build_schema
from index.search.vocabulary import (
    FILE,
    SPELL_TEXT,
    count_stored,
    read_vocabulary,
    spell_text,
    words_of,
)
from tests.search.test_change_log import _data


def _kept_and_counted(data_dir: Path) -> tuple[Counter[str] | None, Counter[str]]:
    build = paths_for(data_dir).current()
    assert build is not None
    ix = whoosh_index.open_dir(str(build))
    try:
        with ix.searcher() as searcher:
            return read_vocabulary(build, ix.latest_generation()), count_stored(searcher)
    finally:
        ix.close()


def _speller(data_dir: Path) -> Any:
    service = SearchService(data_dir)
    try:
        return service.pool.view().speller()
    finally:
        service.close()


def test_the_words_are_the_spell_analyzers_each_once():
    assert words_of(spell_text("Optical fibre cables", "Fibre and FIBRE, the cables.")) == {
        "optical", "fibre", "cables"}
    assert words_of(spell_text(None, None)) == set()
    assert "spell" not in build_schema().names()  # counted beside the index, not indexed


def test_a_rebuild_keeps_the_counts_of_every_document(fresh):
    store, data_dir = fresh
    kept, counted = _kept_and_counted(data_dir)
    expected: Counter[str] = Counter()
    for doc in store.documents.iter_all(include_publications=True):
        expected.update(words_of(spell_text(doc.title, doc.summary)))
    assert kept == counted == expected
    assert kept["broadband"] >= 1


def test_an_update_adjusts_the_counts_for_changed_and_gone_documents(fresh, caplog):
    store, data_dir = fresh
    before, _ = _kept_and_counted(data_dir)
    assert before is not None and before["zeppelinoid"] == 0
    store.documents.save(replace(_data(store, "Y.3172"), summary="Zeppelinoid networks."), "h2")
    store.documents.save(replace(_data(store, "Y.3800"), summary="Zeppelinoid again."), "h3")
    store.documents.mark_gone(["E.800"])
    report = update(store, paths_for(data_dir))
    assert report.indexed >= 2
    kept, counted = _kept_and_counted(data_dir)
    assert kept == counted
    assert kept is not None and kept["zeppelinoid"] == 2
    with caplog.at_level(logging.WARNING, logger="itucat.search"):
        speller = _speller(data_dir)
    assert "counting it" not in caplog.text  # the kept counts were read
    assert speller.known("zeppelinoid") and speller.correct("zeppelinoidd") == "zeppelinoid"


def test_a_curators_reindex_adjusts_the_counts(fresh):
    store, data_dir = fresh
    store.documents.save(replace(_data(store, "H.810"), title="Quixotic continua"), "h4")
    assert reindex_document(store, "H.810", data_dir=data_dir) is True
    assert reindex_document(store, "NO.SUCH", data_dir=data_dir) is True
    kept, counted = _kept_and_counted(data_dir)
    assert kept == counted and kept is not None and kept["quixotic"] == 1


def test_one_id_written_twice_by_one_writer_counts_what_the_index_holds(fresh):
    store, data_dir = fresh
    build = paths_for(data_dir).current()
    assert build is not None
    with _writing(build) as writer:
        for summary in ("Firstword here.", "Secondword here."):
            writer.update_document(id="Y.3172", payload=json.dumps(
                {"title": "Twice", "summary": summary}), **{SPELL_TEXT: f"Twice {summary}"})
        writer.delete_by_term("id", "Y.3800")
    kept, counted = _kept_and_counted(data_dir)
    # Whoosh replaces the committed version only: both of this writer's stay, and count.
    assert kept == counted
    assert kept is not None and kept["firstword"] == 1 and kept["secondword"] == 1


def test_a_missing_or_stale_vocabulary_is_counted_again(fresh, caplog):
    store, data_dir = fresh
    build = paths_for(data_dir).current()
    assert build is not None
    (build / FILE).unlink()
    with caplog.at_level(logging.WARNING, logger="itucat.search"):
        speller = _speller(data_dir)
    assert "counting it from the stored documents" in caplog.text
    assert speller.known("broadband") and speller.correct("broadbnd") == "broadband"
    # A stale one (the generation before a commit whose write was cut short) is not used.
    generation = whoosh_index.open_dir(str(build)).latest_generation()
    (build / FILE).write_text(json.dumps({"generation": generation - 1,
                                          "words": {"stale": 9}}))
    store.documents.save(replace(_data(store, "Y.3172"), summary="Zeppelinoid."), "h5")
    update(store, paths_for(data_dir))
    kept, counted = _kept_and_counted(data_dir)
    assert kept == counted and kept is not None and "stale" not in kept
    assert kept["zeppelinoid"] == 1


def test_a_rebuild_after_a_rebuild_writes_its_own(fresh):
    store, data_dir = fresh
    rebuild(store, paths_for(data_dir))
    kept, counted = _kept_and_counted(data_dir)
    assert kept == counted
