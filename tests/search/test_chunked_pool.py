"""The chunked writer (index/search/_whoosh.py) writes the index Whoosh's own writer would.

The pool is made to spill many runs (a 1 MB bound) and, for its merge, to merge runs in
rounds (fewer open files than runs); the index it writes is compared term for term and
posting for posting (with the length statistics of its blocks, which the listed field
lengths give) with the one Whoosh's plain writer writes from the same documents.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from index.search._whoosh import ChunkedWriter, fields, index

WORDS = [f"w{n}" for n in range(3000)]


def _documents(count: int) -> list[dict[str, str]]:
    pick = random.Random(74)
    return [{"id": f"D.{n}", "body": " ".join(pick.choices(WORDS, k=pick.randint(1, 80)))}
            for n in range(count)]


def _postings(path: Path) -> dict[bytes, tuple[Any, ...]]:
    """Each term's postings and the statistics its blocks keep (lengths: for scoring)."""
    ix = index.open_dir(str(path))
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            found = {}
            for term in reader.lexicon("body"):
                info = reader.term_info("body", term)
                found[term] = (list(reader.postings("body", term).items_as("weight")),
                               info.min_length(), info.max_length(), info.max_weight())
            return found
    finally:
        ix.close()


def _write(path: Path, docs: list[dict[str, str]], make: Any) -> int:
    """Write the documents; return how many runs the pool had spilled before the commit."""
    path.mkdir()
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT())
    ix = index.create_in(str(path), schema)
    writer = make(ix)
    for doc in docs:
        writer.add_document(**doc)
    spilled = len(writer.pool.runs)
    writer.commit()
    ix.close()
    return spilled


def test_a_spilled_pool_writes_the_index_whooshs_pool_writes(tmp_path):
    docs = _documents(6000)
    assert _write(tmp_path / "plain", docs, lambda ix: ix.writer(limitmb=256)) == 0
    assert _write(tmp_path / "chunked", docs, lambda ix: ChunkedWriter(ix, limitmb=1)) > 10
    assert list(tmp_path.rglob("*.run")) == []  # every run was merged and removed
    assert _postings(tmp_path / "chunked") == _postings(tmp_path / "plain")


def test_runs_merged_in_rounds_come_back_sorted_and_whole(tmp_path):
    ix_path = tmp_path / "ix"
    ix_path.mkdir()
    ix = index.create_in(str(ix_path), fields.Schema(body=fields.TEXT()))
    writer = ChunkedWriter(ix, limitmb=1)
    pool = writer.pool
    pick = random.Random(7)
    postings = [("body", pick.choice(WORDS).encode(), n, 1.0, b"") for n in range(30000)]
    for posting in postings:
        pool.add(posting)
    assert len(pool.runs) >= 3
    assert list(pool.items(maxfiles=2)) == sorted(postings)
    assert list(tmp_path.rglob("*.run")) == []  # read runs are deleted
    writer.cancel()
    ix.close()
