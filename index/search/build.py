"""Own building the search index from the store: full rebuild, incremental update, one doc.

`rebuild` streams the store in bounded batches into a new build directory and then points
CURRENT at it, so a reader opens either the old or the new index, never a half-built one;
the previous build is kept for readers that still hold it open. `update` re-indexes in
place (a Whoosh commit is atomic) only the documents the store's change log names since
the build's last seq (index/store/changes.py), plus those whose replacement links moved,
and of those only the ones whose source hash changed: the hash covers the document row
(minus crawl bookkeeping), its editions with their file lists, its relations, what
replaced it, curator decisions and the taxonomy and synonyms. With nothing logged it
reads nothing else. A changed taxonomy, synonyms file or schema makes `update` rebuild;
an update that finds a rebuild running is queued and applied to the new build before it
goes live. Where the files live: layout.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.models import Document
from index.search import fields as index_fields
from index.search._whoosh import ChunkedWriter
from index.search._whoosh import index as whoosh_index
from index.search.documents import ConceptFinder, index_document, source_hash
from index.search.errors import IndexLocked
from index.search.layout import (
    IndexPaths,
    add_pending,
    paths_for,
    point_current,
    read_state,
    remove_old_builds,
    request_update,
    take_pending,
    take_update_request,
    update_requested,
    write_state,
    writer_lock,
)
from index.search.replacements import Replacement, rule_input, summary_claims
from index.search.sources import (
    DerivedLinks,
    derive_links,
    itu_lineage,
    read_many,
    rules_digest,
    stream_documents,
)
from index.search.synonyms import load_synonyms
from index.search.vocabulary import VocabularyWriter
from index.store import Store
from index.tags.taxonomy import Taxonomy, load_taxonomy
from itucat.config import Config

log = logging.getLogger("itucat.search")
# Whoosh's in-memory posting pool before it spills a sorted run to disk: the largest part
# of a rebuild's memory, so bounded (a larger pool only saves a little merging).
WRITER_MB = 64


@dataclass
class BuildReport:
    """What a rebuild, update or single re-index did."""

    mode: str
    documents: int = 0
    indexed: int = 0
    deleted: int = 0
    seconds: float = 0.0
    build: str = ""
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One summary line for the command line and cron logs."""
        extra = f" ({'; '.join(self.notes)})" if self.notes else ""
        return (f"{self.mode}: documents={self.documents} indexed={self.indexed} "
                f"deleted={self.deleted} seconds={self.seconds:.2f} build={self.build}{extra}")


# -- writing ------------------------------------------------------------------------


@contextmanager
def _writing(build: Path, create: bool = False,
             limitmb: int = 128) -> Iterator[VocabularyWriter]:
    """A Whoosh writer on a build that commits on success and cancels on any error; it
    keeps the build's did-you-mean vocabulary in step (vocabulary.py)."""
    if create:
        ix = whoosh_index.create_in(str(build), index_fields.build_schema())
    else:
        ix = whoosh_index.open_dir(str(build))
    writer = VocabularyWriter(ChunkedWriter(ix, limitmb=limitmb), build, create)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    else:
        writer.commit()
        writer.save(ix)
    finally:
        ix.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- building -------------------------------------------------------------------------


def rebuild(store: Store, paths: IndexPaths, taxonomy: Taxonomy | None = None) -> BuildReport:
    """Build a complete new index and swap it in atomically."""
    taxonomy = taxonomy or load_taxonomy()
    with writer_lock(paths):
        report = _rebuild_locked(store, paths, taxonomy)
        _drain_pending(store, paths, report)
    _catch_up(store, paths, taxonomy)
    return report


def _rebuild_locked(store: Store, paths: IndexPaths, taxonomy: Taxonomy) -> BuildReport:
    started = time.perf_counter()
    # The change log's position first: whatever changes while this build reads the store
    # is then read again by the next update.
    seq = store.changes.latest()
    digest = rules_digest(taxonomy)
    derived = derive_links(store)
    replaced = derived.links
    hashes: dict[str, str] = {}
    name = f"build-{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{os.getpid()}"
    tmp = paths.root / f"{name}.tmp"
    tmp.mkdir(parents=True)
    stamp = ""
    try:
        concepts = ConceptFinder(load_synonyms())
        with _writing(tmp, create=True, limitmb=WRITER_MB) as writer:
            for batch in stream_documents(store):
                decisions = store.tags.curator_decisions([d.id for d in batch])
                for doc in batch:
                    mine = decisions.get(doc.id, [])
                    links = replaced.get(doc.id, [])
                    writer.add_document(**index_document(doc, taxonomy, concepts, links, mine))
                    hashes[doc.id] = source_hash(doc, links, mine, digest)
                    stamp = max(stamp, doc.last_changed or "")
        write_state(tmp, {
            "schema": index_fields.SCHEMA_VERSION, "rules": digest,
            "taxonomy_version": taxonomy.version, "built_at": _now(), "updated_at": _now(),
            "stamp": stamp, "change_seq": seq, "hashes": hashes, "replaced_by": replaced,
            **_link_sources(derived),
        })
        caught_up = 0
        while take_update_request(paths):
            # An update found the lock held while this build read the store: what changed
            # since is applied to the new build before it goes live.
            caught_up += _update_build(store, tmp, taxonomy).indexed
        final = paths.root / name
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    point_current(paths, name)
    remove_old_builds(paths, keep={name})
    report = BuildReport("rebuild", len(hashes), len(hashes), 0,
                         time.perf_counter() - started, name)
    if caught_up:
        report.notes.append(f"{caught_up} changed during the rebuild, applied before the swap")
    return report


def update(store: Store, paths: IndexPaths, taxonomy: Taxonomy | None = None,
           wait: float = 2.0) -> BuildReport:
    """Re-index only the documents that changed since the last build (rebuild if none).

    When another writer holds the index (a rebuild), the update is queued rather than
    given up: that writer applies it (a rebuild before its swap) before it finishes, and
    the report's mode is "queued". Nothing is left stale.
    """
    taxonomy = taxonomy or load_taxonomy()
    try:
        with writer_lock(paths, wait=wait):
            report = _update_locked(store, paths, taxonomy)
            _drain_pending(store, paths, report)
    except IndexLocked:
        request_update(paths)
        try:  # the holder may have finished meanwhile, before seeing the request
            with writer_lock(paths):
                take_update_request(paths)
                report = _update_locked(store, paths, taxonomy)
                _drain_pending(store, paths, report)
        except IndexLocked:
            log.info("index busy: update queued for the writer holding it")
            return BuildReport("queued", notes=["another writer holds the index and applies "
                                                "this update before it finishes"])
    _catch_up(store, paths, taxonomy)
    return report


def _update_locked(store: Store, paths: IndexPaths, taxonomy: Taxonomy) -> BuildReport:
    take_update_request(paths)  # this update is the one asked for
    build = paths.current()
    state = read_state(build) if build else {}
    digest = rules_digest(taxonomy)
    if build is None or state.get("rules") != digest or "change_seq" not in state:
        report = _rebuild_locked(store, paths, taxonomy)
        report.notes.append("no index yet" if build is None else
                            "taxonomy or schema changed" if state.get("rules") != digest else
                            "the index predates the change log")
        return report
    return _update_build(store, build, taxonomy)


def _update_build(store: Store, build: Path, taxonomy: Taxonomy) -> BuildReport:
    """Read the change log after the build's last seq; re-index what it names (and the
    documents whose replacement links that changes), if their source hash moved."""
    started = time.perf_counter()
    state = read_state(build)
    digest = rules_digest(taxonomy)
    hashes: dict[str, str] = state.get("hashes", {})
    logged, seq = store.changes.documents_since(int(state["change_seq"]))
    # A clean-up outside the store's repositories writes no log: numbers gone from the
    # store are found by their ids alone (one light query).
    present = set(store.documents.ids())
    gone = [doc_id for doc_id in hashes if doc_id not in present]
    report = BuildReport("update", len(hashes), 0, 0, 0.0, build.name)
    if not logged and not gone:
        state.update(updated_at=_now())
        write_state(build, state)
        report.seconds = time.perf_counter() - started
        report.notes.append("nothing in the change log")
        return report
    old_links: dict[str, list[Replacement]] = state.get("replaced_by", {})
    docs = read_many(store, logged)
    derived = None
    if gone or not _links_hold(store, state, logged, docs, hashes):
        derived = derive_links(store)
        state.update(_link_sources(derived))
    replaced = derived.links if derived else old_links
    relinked = [k for k in old_links.keys() | replaced.keys()
                if old_links.get(k) != replaced.get(k)]
    wanted = list(dict.fromkeys([*logged, *sorted(relinked)]))
    docs.update(read_many(store, [k for k in relinked if k not in docs]))
    decisions = store.tags.curator_decisions(list(docs))
    concepts = ConceptFinder(load_synonyms())
    with _writing(build) as writer:
        for doc_id in wanted:
            doc = docs.get(doc_id)
            if doc is None:
                if hashes.pop(doc_id, None) is not None:
                    writer.delete_by_term("id", doc_id)
                    report.deleted += 1
                continue
            mine, links = decisions.get(doc_id, []), replaced.get(doc_id, [])
            new_hash = source_hash(doc, links, mine, digest)
            if hashes.get(doc_id) == new_hash:
                continue  # logged, but nothing its entry is made from changed
            writer.update_document(**index_document(doc, taxonomy, concepts, links, mine))
            hashes[doc_id] = new_hash
            report.indexed += 1
        for doc_id in gone:
            if hashes.pop(doc_id, None) is not None:
                writer.delete_by_term("id", doc_id)
                report.deleted += 1
    state.update(hashes=hashes, replaced_by=replaced, change_seq=seq, updated_at=_now())
    write_state(build, state)
    report.documents = len(hashes)
    report.seconds = time.perf_counter() - started
    report.notes.append(f"{len(logged)} in the change log, {len(relinked)} by replacement "
                        f"links; read {len(wanted)}; replacement links "
                        + ("derived again" if derived else "kept (no change bears on them)"))
    return report


def _link_sources(derived: DerivedLinks) -> dict[str, Any]:
    """What the state keeps of the links' derivation, for `_links_hold`."""
    return {"link_inputs": derived.inputs, "lineage_digest": derived.lineage}


def _links_hold(store: Store, state: dict[str, Any], logged: list[str],
                docs: dict[str, Document], hashes: dict[str, str]) -> bool:
    """Whether the replacement links the build keeps still hold after these changes, so
    that the update need not read the whole catalogue to derive them again.

    They hold when every changed document was indexed before and still is (the set of
    numbers is the same), none is a publication (whose status the rules read apart), each
    gives the rules what it gave them (status class and summary claims), and ITU's
    lineage data is unchanged. Anything else, and they are derived again.
    """
    inputs, lineage = state.get("link_inputs"), state.get("lineage_digest")
    if inputs is None or lineage is None:
        return False  # a build from before these were kept
    for doc_id in logged:
        doc = docs.get(doc_id)
        if doc is None or doc_id not in hashes or doc.source == "pub":
            return False
        if rule_input(doc.status, summary_claims(doc.summary)) != inputs.get(doc_id):
            return False
    return bool(itu_lineage(store)[1] == lineage)


def _catch_up(store: Store, paths: IndexPaths, taxonomy: Taxonomy | None = None) -> None:
    """After releasing the lock: run what was queued meanwhile, unless a writer holds it.

    A request made while this writer held the lock may have come after its last look;
    the requester could not take the lock, so it is this writer's to run. If another
    writer holds the lock now, that one looks again when it releases it.
    """
    for _ in range(3):
        if not update_requested(paths) and not _queued(paths.pending_file):
            return
        try:
            with writer_lock(paths):
                report = BuildReport("catch-up")
                if take_update_request(paths):
                    report = _update_locked(store, paths, taxonomy or load_taxonomy())
                _drain_pending(store, paths, report, taxonomy)
        except IndexLocked:
            return


# -- one document ---------------------------------------------------------------------


def reindex_document(config_or_store: Config | Store, doc_id: str, *,
                     data_dir: Path | None = None) -> bool:
    """Re-index one document now, e.g. after a curator changed its tags.

    Takes the configuration, or an open store (then the index is beside its SQLite file,
    or in `data_dir`). Returns False when another writer held the index: the document is
    then queued and that writer re-indexes it before it finishes.
    """
    if isinstance(config_or_store, Store):
        root = data_dir or (config_or_store.sqlite_path.parent
                            if config_or_store.sqlite_path else None)
        if root is None:
            raise ValueError("reindex_document needs data_dir for a non-SQLite store")
        return reindex_one(config_or_store, paths_for(root), doc_id)
    store = Store.open(config_or_store.data_dir, config_or_store.store.database_url)
    try:
        return reindex_one(store, paths_for(config_or_store.data_dir), doc_id)
    finally:
        store.close()


def reindex_one(store: Store, paths: IndexPaths, doc_id: str,
                taxonomy: Taxonomy | None = None) -> bool:
    """Re-index one document now (a curator's tag change); False when it was deferred.

    If another writer holds the lock, the id is queued and that writer re-indexes it
    before releasing the lock, so the change is never lost.
    """
    add_pending(paths, doc_id)
    try:
        with writer_lock(paths, wait=2.0):
            report = BuildReport("reindex")
            _drain_pending(store, paths, report, taxonomy)
    except IndexLocked:
        log.info("index busy: %s queued for the running writer", doc_id)
        return False
    _catch_up(store, paths, taxonomy)
    return True


def _drain_pending(store: Store, paths: IndexPaths, report: BuildReport,
                   taxonomy: Taxonomy | None = None) -> None:
    """Re-index queued documents (called while holding the writer lock)."""
    ids = take_pending(paths)
    build = paths.current()
    if not ids or build is None:
        return
    taxonomy = taxonomy or load_taxonomy()
    state = read_state(build)
    digest = rules_digest(taxonomy)
    hashes = state.setdefault("hashes", {})
    decisions = store.tags.curator_decisions(ids)
    docs = read_many(store, ids)
    concepts = ConceptFinder(load_synonyms())
    with _writing(build, limitmb=64) as writer:
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:
                writer.delete_by_term("id", doc_id)
                hashes.pop(doc_id, None)
                report.deleted += 1
                continue
            # Replacement links need every summary: reuse the last build's, the nightly
            # update recomputes them.
            replaced: list[Replacement] = state.get("replaced_by", {}).get(doc_id, [])
            writer.update_document(**index_document(doc, taxonomy, concepts, replaced,
                                                    decisions.get(doc_id)))
            hashes[doc_id] = source_hash(doc, replaced, decisions.get(doc_id, []), digest)
            report.indexed += 1
    state["updated_at"] = _now()
    write_state(build, state)
    report.build = build.name


def reflect_in_search(store: Store, data_dir: Path, doc_ids: Iterable[str]) -> bool:
    """Re-index these documents now (False: queued for the index writer running now)."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return True
    paths = paths_for(data_dir)
    for doc_id in ids[:-1]:
        add_pending(paths, doc_id)
    done = reindex_one(store, paths, ids[-1])
    for _ in range(3):
        # Documents queued by other curators while this writer ran (the writer drains the
        # queue once, when it starts): drain them too rather than leave them waiting.
        if not done or not _queued(paths.pending_file):
            break
        done = reindex_one(store, paths, _queued(paths.pending_file)[-1])
    return done


def _queued(pending: Path) -> list[str]:
    try:
        return [line.strip() for line in pending.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    except FileNotFoundError:
        return []
