"""Own the documents aggregate: families with their editions and relations, and reading them.

The harvester writes through `save` (one family, atomically: with its old numbers and the
lineage its fetch stated, index/store/aliases.py and lineage.py), `mark_gone`,
`save_edition_files`; everything else reads `Document` records (index/models.py): every
document for a build or an export, one by number for a page, the changes since a run.
Technical Papers, Reports and Handbooks come in the same shape (see
`publications.publication_document`). A document merged into another (an old number) is
an alias, not a document: `iter_all` and `ids` leave it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    bindparam,
    case,
    func,
    or_,
    select,
    update,
)

from index import schema
from index.lineage_models import StoredLink
from index.models import (
    Change,
    Document,
    DocumentData,
    Edition,
    Relation,
    now,
)
from index.store import prepared
from index.store.aliases import aliases_by_document, save_identity
from index.store.base import Repository
from index.store.changes import log_changes
from index.store.family_writes import (
    HEADER_FIELDS,
    INSERT_DOCUMENT,
    SELECT_DOCUMENT,
    UPDATE_DOCUMENT,
    save_editions,
    save_relations,
)
from index.store.lineage import document_links, save_lineage
from index.store.publications import linked_from, publication_document

_DOCUMENT_COLUMNS = frozenset(c.name for c in schema.documents.c)
# Built once (one per edition page of a harvest): see family_writes.
_EDITION_FILES = select(schema.editions.c.document_id, schema.editions.c.files).where(
    schema.editions.c.idrec == bindparam("b_idrec"))
_SET_EDITION_FILES = update(schema.editions).where(
    schema.editions.c.idrec == bindparam("b_idrec"))
BATCH = 500  # documents read per batch: bounded memory and bounded IN lists


@dataclass(frozen=True)
class FamilyState:
    """What the store knows of a family, for change detection."""

    family_hash: str | None
    gone_since: str | None
    last_fetched: str | None
    current_idrec: int | None
    listed_by: str | None = None  # not in the enumeration: listed by this Recommendation
    merged_into: str | None = None  # an old number of another document

    @property
    def enumerated(self) -> bool:
        """A document of ITU's enumeration (it can leave it, i.e. be gone)."""
        return self.listed_by is None and self.merged_into is None


_EDITION_FIELDS = tuple(c.name for c in schema.editions.c)


def _edition(row: RowMapping) -> Edition:
    return Edition(**{k: row[k] for k in _EDITION_FIELDS})


def _relation(row: RowMapping) -> Relation:
    return Relation(**dict(row))


def _document(row: RowMapping, editions: Iterable[Edition], relations: Iterable[Relation],
              aliases: Iterable[str] = (), lineage: Iterable[StoredLink] = ()) -> Document:
    return Document(**{k: row[k] for k in _DOCUMENT_COLUMNS}, editions=tuple(editions),
                    relations=tuple(relations), aliases=tuple(aliases), lineage=tuple(lineage))


def binary(conn: Connection, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """A text column ordered byte by byte (SQLite's default; "C" on PostgreSQL)."""
    return prepared.binary(conn.dialect.name, column)


class DocumentRepository(Repository):
    """Documents, editions and relations (store.documents)."""

    def family_states(self) -> dict[str, FamilyState]:
        """Every stored family with its fingerprint and freshness."""
        d = schema.documents.c
        with self._read() as conn:
            rows = conn.execute(
                select(d.id, d.family_hash, d.gone_since, d.last_fetched, d.current_idrec,
                       d.listed_by, d.merged_into)
            )
            return {r.id: FamilyState(*r[1:]) for r in rows}

    def mark_gone(self, families: list[str]) -> None:
        """Mark families that left ITU's enumeration (kept, never erased)."""
        if not families:
            return
        d = schema.documents.c
        stamp = now()
        with self._write() as conn:
            leaving = [r.id for r in conn.execute(select(d.id).where(
                d.id.in_(families), d.gone_since.is_(None), d.merged_into.is_(None)))]
            conn.execute(
                update(schema.documents)
                .where(d.id.in_(leaving), d.gone_since.is_(None), d.merged_into.is_(None))
                .values(gone_since=stamp)
            )
            log_changes(conn, leaving, "gone", stamp)

    # -- writing documents --------------------------------------------------------------

    def save(self, doc: DocumentData, family_hash: str | None) -> bool:
        """Insert or update one family with its editions and relations, atomically.

        Return True when something a reader would see changed. `family_hash` None keeps
        the stored fingerprint, so a family saved from partial data is fetched again.
        """
        stamp = now()
        with self._write() as conn:
            old = conn.execute(SELECT_DOCUMENT, {"b_id": doc.id}).mappings().first()
            values: dict[str, Any] = {"type": doc.type}
            for name in HEADER_FIELDS:
                value = getattr(doc, name)
                if name == "series_titles":
                    value = list(value) or None
                if value is None and old is not None and doc.source == "enumeration":
                    continue  # partial data never erases what an earlier fetch found
                values[name] = value
            if old is not None and doc.source == "enumeration":
                values["source"] = old["source"]
            changed = old is None or any(old[k] != v for k, v in values.items())
            values["gone_since"] = None
            if family_hash is not None:
                values["family_hash"] = family_hash
                values["last_fetched"] = stamp
            if old is None:
                conn.execute(INSERT_DOCUMENT, {"id": doc.id, "first_seen": stamp,
                                               "last_changed": stamp, **values})
            else:
                if changed:
                    values["last_changed"] = stamp
                conn.execute(UPDATE_DOCUMENT, {"b_id": doc.id, **values})
            changed |= save_editions(conn, doc.id, doc.editions, stamp)
            touched: set[str] = set()
            if doc.relations is not None:
                targets = save_relations(conn, doc)
                changed |= bool(targets)
                touched |= targets  # the publications they link to list this document
            changed |= save_identity(conn, doc, stamp)
            linked = save_lineage(conn, doc, stamp)
            changed |= bool(linked)
            if changed:
                # Its old numbers (merged into it now) and the other ends of its links
                # change with it.
                log_changes(conn, [doc.id, *doc.aliases, *sorted(touched | linked)], "crawl",
                            stamp)
        return changed

    # -- edition files and revalidation -------------------------------------------------

    def editions_needing_files(self, include_known: bool = False) -> list[tuple[int, str]]:
        """Editions with an ITU edition page whose languages and formats are not known yet."""
        e = schema.editions.c
        query = select(e.idrec, e.edition_id).where(
            e.edition_id.is_not(None), e.gone_since.is_(None)
        )
        if not include_known:
            query = query.where(e.files.is_(None))
        with self._read() as conn:
            rows = conn.execute(query.order_by(e.idrec))
            return [(r.idrec, r.edition_id) for r in rows]

    def save_edition_files(self, idrec: int, files: list[dict[str, Any]], files_key: str) -> None:
        """Record which languages and formats an edition exists in."""
        with self._write() as conn:
            row = conn.execute(_EDITION_FILES, {"b_idrec": idrec}).first()
            conn.execute(_SET_EDITION_FILES,
                         {"b_idrec": idrec, "files": files, "files_key": files_key})
            if row is not None and row.files != files:
                log_changes(conn, [row.document_id], "files")

    def oldest_fetched(self, limit: int, exclude: set[str]) -> list[str]:
        """Families fetched longest ago (for the opt-in revalidation budget)."""
        if limit <= 0:
            return []
        d = schema.documents.c
        with self._read() as conn:
            rows = conn.execute(
                select(d.id)
                .where(d.gone_since.is_(None), d.family_hash.is_not(None))
                .order_by(d.last_fetched, d.id)
                .limit(limit + len(exclude))
            )
            return [r.id for r in rows if r.id not in exclude][:limit]

    # -- reading --------------------------------------------------------------------------

    def iter_all(self, include_gone: bool = True, include_publications: bool = True
                 ) -> Iterator[Document]:
        """Every document with its editions and relations, ordered by number.

        Technical Papers, Reports and Handbooks (the publications table) follow, shaped as
        documents by `publication_document`. Read in batches (`iter_batches`): memory
        stays bounded whatever the size of the catalogue.
        """
        for batch in self.iter_batches(include_gone, include_publications):
            yield from batch

    def iter_batches(self, include_gone: bool = True, include_publications: bool = True,
                     size: int = BATCH) -> Iterator[list[Document]]:
        """`iter_all` in lists of at most `size` documents, each read in a bounded number
        of indexed queries (ids first, then one query per table for the batch)."""
        d, p = schema.documents.c, schema.publications.c
        with self._read() as conn:
            query = select(d.id).where(d.merged_into.is_(None)).order_by(binary(conn, d.id))
            if not include_gone:
                query = query.where(d.gone_since.is_(None))
            ids = [r.id for r in conn.execute(query)]
        for start in range(0, len(ids), size):
            with self._read() as conn:
                yield _load(conn, ids[start:start + size])
        if not include_publications:
            return
        with self._read() as conn:
            rows = conn.execute(select(p.id, p.parent, p.fetched_at, p.title)
                                .order_by(binary(conn, p.id))).all()
        parents = {r.parent for r in rows if r.parent}
        # Family pages are represented by their editions; unread listings are not yet.
        pubs = [r.id for r in rows
                if r.id not in parents and not (r.fetched_at is None and r.title is None)]
        for start in range(0, len(pubs), size):
            with self._read() as conn:
                yield _load_publications(conn, pubs[start:start + size])

    def headlines(self, summary_containing: tuple[str, ...] = ()
                  ) -> Iterator[tuple[str, str | None, str | None]]:
        """(number, status, summary) of every document `iter_all` yields, in its order,
        streamed (what the replacement rules read of the whole catalogue).

        With `summary_containing` (ASCII words), a summary is read only when it holds one
        of them in any case, and is None otherwise: the database skips the rest rather
        than sending every summary of the catalogue to be looked at here.
        """
        d, p = schema.documents.c, schema.publications.c
        summary: ColumnElement[Any] = d.summary
        if summary_containing:
            summary = case((or_(*(d.summary.ilike(f"%{w}%") for w in summary_containing)),
                            d.summary), else_=None)
        with self._read() as conn:
            rows = conn.execution_options(yield_per=1000).execute(
                select(d.id, d.status, summary.label("summary"))
                .where(d.merged_into.is_(None)).order_by(binary(conn, d.id)))
            for row in rows:
                yield row.id, row.status, row.summary
        with self._read() as conn:
            pubs = conn.execute(select(p.id, p.parent, p.fetched_at, p.title)
                                .order_by(binary(conn, p.id))).all()
            parents = {r.parent for r in pubs if r.parent}
            shown = {r.id for r in pubs
                     if r.id not in parents and not (r.fetched_at is None and r.title is None)}
            rows = conn.execution_options(yield_per=1000).execute(
                select(p.id, p.observation).order_by(binary(conn, p.id)))
            for row in rows:
                if row.id in shown:
                    yield row.id, None, row.observation  # publication_document's shape

    def get(self, doc_id: str) -> Document | None:
        """One document (or publication, see `publication_document`) by number."""
        with self._read() as conn:
            found = _load(conn, [doc_id])
            if found:
                return found[0]
            pubs = _load_publications(conn, [doc_id])
            return pubs[0] if pubs else None

    def get_many(self, ids: Iterable[str], size: int = BATCH) -> dict[str, Document]:
        """Documents and publications by number (absent ids are left out), in batches.

        Old numbers merged into another document are left out too, as `iter_all` does.
        """
        wanted = list(dict.fromkeys(ids))
        out: dict[str, Document] = {}
        for start in range(0, len(wanted), size):
            chunk = wanted[start:start + size]
            with self._read() as conn:
                docs = {doc.id: doc for doc in _load(conn, chunk)}
                rest = [i for i in chunk if i not in docs]
                docs.update((doc.id, doc) for doc in _load_publications(conn, rest))
            out.update((k, v) for k, v in docs.items() if v.merged_into is None)
        return out

    def publication_is_document(self, pub_id: str) -> bool:
        """Whether `iter_all` yields this publication (family pages and unread ones: no)."""
        p = schema.publications.c
        with self._read() as conn:
            row = conn.execute(select(p.fetched_at, p.title).where(p.id == pub_id)).first()
            family = conn.execute(select(p.id).where(p.parent == pub_id).limit(1)).first()
        return row is not None and family is None and not (
            row.fetched_at is None and row.title is None)

    def related_to(self, target: str) -> list[Relation]:
        """The documents that link to a publication, as its "related_to" relations."""
        r = schema.relations.c
        with self._read() as conn:
            rows = conn.execute(select(r.document_id).where(r.kind == "related", r.target == target)
                                .order_by(binary(conn, r.document_id)))
            return [Relation(target, "related_to", row.document_id, row.document_id)
                    for row in rows]

    def ids(self) -> list[str]:
        """Every document and publication number, sorted."""
        d = schema.documents.c
        with self._read() as conn:
            # Old numbers merged into another document redirect: not pages of their own.
            found = {r[0] for r in conn.execute(select(d.id).where(d.merged_into.is_(None)))}
            found |= {r[0] for r in conn.execute(select(schema.publications.c.id))}
        return sorted(found)

    def existing(self, ids: Iterable[str]) -> set[str]:
        """Which of these ids are catalogue documents or publications."""
        with self._read() as conn:
            return existing_documents(conn, ids)

    def changed_since(self, stamp: str, limit: int = 50, offset: int = 0) -> list[Change]:
        """Documents first seen or changed at or after `stamp`, newest change first (from
        the `offset`-th: the status pages page through them)."""
        d = schema.documents.c
        with self._read() as conn:
            rows = conn.execute(
                select(d.id, d.title, d.type, d.status, d.first_seen, d.last_changed,
                       d.gone_since)
                .where((d.last_changed >= stamp) | (d.gone_since >= stamp))
                .order_by(d.last_changed.desc(), d.id).limit(limit).offset(offset)
            ).mappings()
            return [Change(**row) for row in rows]

    def count_changed_since(self, stamp: str) -> int:
        """How many documents `changed_since(stamp)` has in all."""
        d = schema.documents.c
        with self._read() as conn:
            return int(conn.execute(
                select(func.count()).select_from(schema.documents)
                .where((d.last_changed >= stamp) | (d.gone_since >= stamp))).scalar_one())

    def counts(self) -> dict[str, int]:
        """Row counts per table (for the status page and tests)."""
        with self._read() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in (
                    ("documents", schema.documents),
                    ("editions", schema.editions),
                    ("relations", schema.relations),
                    ("publications", schema.publications),
                    ("crawl_runs", schema.crawl_runs),
                    ("lineage", schema.lineage),
                    ("aliases", schema.aliases),
                )
            }


def existing_documents(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Which of these ids are catalogue documents or publications (inside a transaction)."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for table in (schema.documents, schema.publications):
            found |= {r[0] for r in conn.execute(select(table.c.id).where(
                table.c.id.in_(chunk)))}
    return found


# -- publications shaped as documents ----------------------------------------------------


def _load(conn: Connection, ids: list[str]) -> list[Document]:
    """These documents (not publications) with editions, relations, old numbers and lineage,
    ordered by number: five indexed queries, whatever the size of the catalogue."""
    if not ids:
        return []
    dialect, wanted = conn.dialect.name, {"ids": ids}
    eds: dict[str, list[Edition]] = {}
    for row in conn.execute(prepared.editions_of(dialect), wanted).mappings():
        eds.setdefault(row["document_id"], []).append(_edition(row))
    rels: dict[str, list[Relation]] = {}
    # Every key of the order, down to a unique one, compared byte by byte: the export is
    # the same file on SQLite and on PostgreSQL (whatever its collation).
    for row in conn.execute(prepared.relations_of(dialect), wanted).mappings():
        rels.setdefault(row["document_id"], []).append(_relation(row))
    aliases, lineage = aliases_by_document(conn, ids), document_links(conn, ids)
    return [_document(row, eds.get(row["id"], ()), rels.get(row["id"], ()),
                      aliases.get(row["id"], ()), lineage.get(row["id"], ()))
            for row in conn.execute(prepared.documents_by_id(dialect), wanted).mappings()]


def _load_publications(conn: Connection, ids: list[str]) -> list[Document]:
    """These publications shaped as documents, with the documents linking to them: two
    indexed queries."""
    if not ids:
        return []
    p, r = schema.publications, schema.relations.c
    linked: dict[str, list[Relation]] = {}
    for row in conn.execute(select(schema.relations).where(r.kind == "related",
                                                           r.target.in_(ids))
                            .order_by(binary(conn, r.document_id))).mappings():
        linked.setdefault(row["target"], []).append(linked_from(_relation(row)))
    return [publication_document(dict(row), linked.get(row["id"], []))
            for row in conn.execute(select(p).where(p.c.id.in_(ids))
                                    .order_by(binary(conn, p.c.id))).mappings()]
