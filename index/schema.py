"""Own the catalogue store's tables and their versioned migrations (SQLAlchemy Core).

Each migration is a function that takes a connection inside a transaction; the version
reached is kept in the `meta` table. Migrations only add: no step drops or rewrites
data, and the store module copies an SQLite file aside before upgrading it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(120), primary_key=True),  # canonical number: "Y.3172", "G.Suppl.47"
    Column("type", String(40), nullable=False),
    Column("title", Text),
    Column("summary", Text),
    Column("series", String(16)),
    Column("series_titles", JSON),  # [series, sub-series, ...], outermost first
    Column("study_group", String(40)),  # "SG13", "TSAG"
    Column("study_group_name", Text),
    Column("status", String(20)),  # status of the current edition
    Column("approval_date", Date),
    Column("current_idrec", Integer),
    Column("provisional_name", Text),
    Column("iso_number", Text),
    Column("approval_process", String(40)),
    Column("observation", Text),
    Column("url", Text),  # persistent ITU link of the current edition
    Column("pdf_url", Text),
    Column("source", String(20)),  # "mws" | "rec.aspx" | "enumeration" (header not yet fetched)
    Column("family_hash", String(64)),  # fingerprint of its enumeration rows when last complete
    Column("first_seen", String(32), nullable=False),
    Column("last_changed", String(32), nullable=False),
    Column("last_fetched", String(32)),
    Column("gone_since", String(32)),  # set when the family left ITU's enumeration
    # v4: an implementers' guide is not in ITU's enumeration: the Recommendation listing it.
    Column("listed_by", String(120)),
    Column("merged_into", String(120)),  # an old number of another document (now its alias)
)

editions = Table(
    "editions",
    metadata,
    Column("idrec", Integer, primary_key=True),
    Column("document_id", String(120), ForeignKey("documents.id"), nullable=False),
    Column("label", Text, nullable=False),  # "G.989.2 (2014) Amd. 1 (04/2016)"
    Column("kind", String(20), nullable=False),  # edition | amendment | corrigendum | ...
    Column("version", String(20)),
    Column("title", Text),
    Column("approval_date", Date),
    Column("status", String(20)),
    Column("edition_id", Text),  # "T-REC-G.989.2-201604-S!Amd1" (the /rec/ page)
    Column("files", JSON),  # [{language, format, size_bytes, url, posted}] or NULL = not known
    Column("files_key", Text),  # edition id without its status letter, when files were read
    Column("gone_since", String(32)),
    # v4: ITU's edition number, how exact the date is, the edition an annex/amendment is part
    # of, and the edition's own summary (backfilled for older editions; checked = tried).
    Column("edition_number", String(20)),  # "3", "2.1" (rec.aspx "Ed.", getRecEditions Version)
    Column("date_precision", String(5)),  # "day" | "month" (NULL: day, stores before v4)
    Column("part_of", Integer),  # idrec of the main edition this annex/appendix/amendment is of
    Column("summary", Text),
    Column("summary_source", String(20)),  # "mws" | "rec.aspx" | "SUM-HTM" | "none"
    Column("summary_url", Text),  # ITU's SUM-HTM fragment, when its editions list names one
    Column("summary_checked_at", String(32)),  # when the backfill last asked ITU
)
Index("editions_document", editions.c.document_id)

relations = Table(
    "relations",
    metadata,
    Column("document_id", String(120), ForeignKey("documents.id"), primary_key=True),
    Column("kind", String(30), primary_key=True),  # supplement | implementers_guide | related
    Column("target", String(200), primary_key=True),  # document number or publication id
    Column("label", Text),
    Column("title", Text),
    Column("status", String(20)),
    Column("year", Integer),
    Column("url", Text),
)

publications = Table(
    "publications",
    metadata,
    Column("id", String(120), primary_key=True),  # "T-TUT-HOME-2020-1"
    Column("type", String(40), nullable=False),  # Technical Paper | Technical Report | Handbook
    Column("title", Text),
    Column("year", String(20)),
    Column("url", Text, nullable=False),
    Column("items", JSON),
    Column("fetched_at", String(32)),
    Column("not_found_at", String(32)),  # last time ITU answered "notfound" (throttled/unknown)
    # v2: what ITU's /pub/ index pages say of it
    Column("study_group", String(40)),  # the group it is listed under: "SG12"
    Column("listed_in", String(40)),  # the index page that lists it: "T-TUT"
    Column("parent", String(120)),  # the family page it is an edition of
    Column("observation", Text),
    # v4: ITU answered 404 ("not found upstream"): since when, how often, when to ask again
    Column("missing_since", String(32)),
    Column("missing_checks", Integer),
    Column("retry_at", String(32)),
)

crawl_runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("command", String(20), nullable=False),
    Column("base_url", Text),
    Column("new", Integer, default=0),
    Column("changed", Integer, default=0),
    Column("unchanged", Integer, default=0),
    Column("failed", Integer, default=0),
    Column("gone", Integer, default=0),
    Column("requests", Integer, default=0),
    Column("seconds", Float),
    Column("exit_code", Integer),
    Column("completed", Boolean, default=False),
    Column("error", Text),
    Column("failures", JSON),  # up to 200 {"url", "reason"} for the status page
    # v4: edition summaries fetched by the backfill, and how many are still missing
    Column("backfill", Integer),
    Column("backfill_remaining", Integer),
    Column("not_found", Integer),  # items ITU answered 404 for (not failures)
)

# -- v4: lineage and old numbers. Links are kept per document whose fetch stated them
# (`stated_by`), so a re-fetch replaces exactly its own statements.
lineage = Table(
    "lineage",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stated_by", String(120), nullable=False),
    Column("old_doc", String(120), nullable=False),
    Column("new_doc", String(120), nullable=False),
    Column("old_idrec", Integer),
    Column("new_idrec", Integer),
    Column("level", String(10), nullable=False),  # "document" | "edition"
    Column("source", String(30), nullable=False),  # getRecEditions | rec.aspx | observation
    Column("evidence", Text, nullable=False),
    Column("first_seen", String(32), nullable=False),
)
Index("lineage_old", lineage.c.old_doc)
Index("lineage_new", lineage.c.new_doc)
Index("lineage_stated_by", lineage.c.stated_by)

aliases = Table(
    "document_aliases",
    metadata,
    Column("alias", String(200), primary_key=True),  # "G.780", "H.350 attachment"
    Column("document_id", String(120), nullable=False),  # where it leads: "G.780/Y.1351"
    Column("source", String(20), nullable=False),  # "variant" | "part" | "renamed"
    Column("since", String(32), nullable=False),
)
Index("document_aliases_document", aliases.c.document_id)

# -- v3: the curator workspace. The crawler never writes these tables; document ids are
# plain strings (no foreign key), so a document that leaves ITU keeps its curator data.

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # "curator" | "admin"
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("session_version", Integer, nullable=False, default=1),  # bump = sign out everywhere
    Column("created_at", String(32), nullable=False),
    Column("last_login", String(32)),
)

# The current curator decisions, one row per (document, facet, value), and for the facet
# "developing_countries" one row per document (value yes or no). Read by
# index/tags/provenance.py.
tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(120), nullable=False),
    Column("facet", String(30), nullable=False),  # developing_countries | region | topic
    Column("value", String(120), nullable=False),  # yes/no, or a region or topic id
    Column("action", String(10), nullable=False),  # set (relevance) | add | remove
    Column("curator", String(80), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("batch_id", String(40)),
    UniqueConstraint("document_id", "facet", "value", name="tags_one_decision"),
)
Index("tags_document", tags.c.document_id)
# One relevance decision per document, even when two curators save at the same moment.
_RELEVANCE = tags.c.facet == "developing_countries"
Index("tags_one_relevance", tags.c.document_id, unique=True, sqlite_where=_RELEVANCE,
      postgresql_where=_RELEVANCE)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(120), nullable=False),
    Column("body", Text, nullable=False),  # Markdown; rendered and sanitised on display
    Column("visibility", String(10), nullable=False),  # "public" | "curators"
    Column("author", String(80), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_by", String(80)),
    Column("updated_at", String(32)),
    Column("deleted_at", String(32)),  # notes are hidden, never erased
)
Index("notes_document", notes.c.document_id)

batches = Table(
    "batches",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(20), nullable=False),  # bulk | import | revert
    Column("actor", String(80), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("description", Text),  # the search it was made from, the file imported, ...
    Column("changes", Integer, nullable=False, default=0),
    Column("reverts", String(40)),  # the batch a revert undid
)

# Append-only: triggers made by _v3 refuse UPDATE and DELETE, _v4's refuse INSERT OR
# REPLACE (SQLite) and TRUNCATE (PostgreSQL); `hash` chains each entry to the one before
# (index/chain.py), so a rewrite by other means is detected by `itucat audit verify`.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),  # tag | note.add | user.disable | ...
    Column("document_id", String(120)),
    Column("facet", String(30)),
    Column("value", String(120)),
    Column("before", JSON),
    Column("after", JSON),
    Column("reason", Text),
    Column("batch_id", String(40)),
    Column("hash", String(64)),  # v4: sha256(previous hash + this entry)
)
Index("audit_document", audit_log.c.document_id)
Index("audit_batch", audit_log.c.batch_id)

signin_failures = Table(
    "signin_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),  # "name:<user>" or "ip:<address>"
    Column("at", Float, nullable=False),  # seconds since the epoch
)
Index("signin_failures_key", signin_failures.c.key, signin_failures.c.at)

CURATOR_TABLES = (users, tags, notes, batches, audit_log, signin_failures)


# -- v4: reach (issue 11). Demand metrics hold aggregate facts only: no address, no user
# agent, no cookie or session id, ever (tests/reach/test_privacy.py inspects every table).

metric_searches = Table(
    "metric_searches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("via", String(20), nullable=False),  # search | browse
    Column("query", Text, nullable=False),  # normalised words ("" for a browse)
    Column("ui_lang", String(8), nullable=False),
    Column("filters", JSON),  # {public filter name: [values]}
    Column("results", Integer, nullable=False),
    Column("opened", String(120)),  # the first result opened from it, if any
)
Index("metric_searches_day", metric_searches.c.day)
Index("metric_searches_query", metric_searches.c.query, metric_searches.c.ui_lang)

metric_views = Table(
    "metric_views",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("document_id", String(120), nullable=False),
    Column("ui_lang", String(8), nullable=False),
    Column("via", String(20), nullable=False),  # search | browse | collection | other
    Column("query", Text),  # the normalised words of the search it was opened from
)
Index("metric_views_day", metric_views.c.day)

metric_downloads = Table(
    "metric_downloads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("day", String(10), nullable=False),
    Column("document_id", String(120), nullable=False),
    Column("language", String(40), nullable=False),  # ITU's name: "French"
    Column("format", String(40), nullable=False),  # "PDF", "Word"
    Column("ui_lang", String(8), nullable=False),
)
Index("metric_downloads_day", metric_downloads.c.day)

# Daily counts, kept after the raw rows above are pruned (metrics.retention_days).
metric_daily = Table(
    "metric_daily",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("metric", String(40), primary_key=True),  # searches | zero | views | ...
    Column("key", String(240), primary_key=True),  # what is counted ("" for a total)
    Column("ui_lang", String(8), primary_key=True),
    Column("count", Integer, nullable=False),
)
Index("metric_daily_metric", metric_daily.c.metric, metric_daily.c.day)

collections = Table(
    "collections",
    metadata,
    Column("id", String(80), primary_key=True),  # the slug in its address
    Column("title", Text, nullable=False),
    Column("intro", Text),  # Markdown
    Column("created_by", String(80), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_by", String(80)),
    Column("updated_at", String(32), nullable=False),
)

collection_items = Table(
    "collection_items",
    metadata,
    Column("collection_id", String(80), primary_key=True),
    Column("document_id", String(120), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("note", Text),  # Markdown: why read it, what to look at
    Column("added_by", String(80), nullable=False),
    Column("added_at", String(32), nullable=False),
)
Index("collection_items_order", collection_items.c.collection_id, collection_items.c.position)

# What readers outside the site see of each document (feeds, OAI-PMH, the delta API): its
# last known public state, the sets it belongs to, and the journal of its changes. Kept
# by index/store/journal.py from the documents, editions and curator decisions.
reach_records = Table(
    "reach_records",
    metadata,
    Column("document_id", String(120), primary_key=True),
    Column("status", String(20)),
    Column("gone_since", String(32)),
    Column("datestamp", String(32), nullable=False),  # last public change (UTC, seconds)
    Column("digest", String(64), nullable=False),
    Column("record", JSON, nullable=False),  # the public record (index/journal/state.py)
)
Index("reach_records_datestamp", reach_records.c.datestamp, reach_records.c.document_id)

reach_facets = Table(
    "reach_facets",
    metadata,
    Column("document_id", String(120), primary_key=True),
    Column("facet", String(20), primary_key=True),  # topic | region | type | kind | dc
    Column("value", String(120), primary_key=True),
)
Index("reach_facets_value", reach_facets.c.facet, reach_facets.c.value)

reach_changes = Table(
    "reach_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),  # when the journal recorded it (microseconds)
    Column("changed_at", String(32), nullable=False),  # when the store says it changed
    Column("document_id", String(120), nullable=False),
    Column("kind", String(20), nullable=False),  # added | edition | superseded | ...
    Column("edition", Text),  # the edition's label, for new editions
    Column("status", String(20)),
    Column("previous", String(20)),  # the status before
)
Index("reach_changes_at", reach_changes.c.at)
Index("reach_changes_document", reach_changes.c.document_id, reach_changes.c.id)

REACH_TABLES = (metric_searches, metric_views, metric_downloads, metric_daily, collections,
                collection_items, reach_records, reach_facets, reach_changes)


def _v1(conn: Connection) -> None:
    """Create the schema (every table at its newest shape; later steps then skip)."""
    metadata.create_all(conn)


def _add_columns(conn: Connection, table: Table, names: list[str]) -> None:
    """Add columns that an older store lacks (ALTER TABLE ADD COLUMN keeps every row)."""
    present = {c["name"] for c in inspect(conn).get_columns(table.name)}
    for name in names:
        if name in present:
            continue
        column = table.c[name]
        kind = column.type.compile(dialect=conn.dialect)
        conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{name}" {kind}'))


def _v2(conn: Connection) -> None:
    """Publications learn their study group, index page, family and observation."""
    _add_columns(conn, publications, ["study_group", "listed_in", "parent", "observation"])


_SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
_POSTGRES_APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]


def _v3(conn: Connection) -> None:
    """The curator workspace: users, tags, notes, batches, the append-only audit log."""
    for table in CURATOR_TABLES:
        table.create(conn, checkfirst=True)
    statements = {"sqlite": _SQLITE_APPEND_ONLY, "postgresql": _POSTGRES_APPEND_ONLY}
    for statement in statements.get(conn.dialect.name, []):
        conn.execute(text(statement))


_V4_COLUMNS = {
    editions: ["edition_number", "date_precision", "part_of", "summary", "summary_source",
               "summary_url", "summary_checked_at"],
    documents: ["listed_by", "merged_into"],
    publications: ["missing_since", "missing_checks", "retry_at"],
    crawl_runs: ["backfill", "backfill_remaining", "not_found"],
}


def _v4(conn: Connection) -> None:
    """Lineage, old numbers, edition numbers and summaries, not-found-upstream publications."""
    for table, names in _V4_COLUMNS.items():
        _add_columns(conn, table, names)
    for table in (lineage, aliases):
        table.create(conn, checkfirst=True)
    for index in (*lineage.indexes, *aliases.indexes):
        index.create(conn, checkfirst=True)


_SQLITE_NO_REPLACE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_replace BEFORE INSERT ON audit_log "
    "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
_POSTGRES_NO_TRUNCATE = [
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def _chain_existing(conn: Connection) -> None:
    """Give every entry without a hash its place in the chain (oldest first)."""
    from index.chain import entry_hash

    c = audit_log.c
    previous = ""
    rows = conn.execute(select(audit_log).order_by(c.id)).mappings().all()
    for row in rows:
        digest = row["hash"]
        if digest is None:
            digest = entry_hash(previous, dict(row))
            conn.execute(audit_log.update().where(c.id == row["id"]).values(hash=digest))
        previous = digest


def _v5(conn: Connection) -> None:
    """Audit log integrity: a hash chain over every entry, no INSERT OR REPLACE, no TRUNCATE."""
    _add_columns(conn, audit_log, ["hash"])
    dialect = conn.dialect.name
    # The append-only triggers refuse the UPDATE that gives old entries their hash: lift
    # them for this one transaction.
    if dialect == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        _chain_existing(conn)
        for statement in [*_SQLITE_APPEND_ONLY, _SQLITE_NO_REPLACE]:
            conn.execute(text(statement))
    elif dialect == "postgresql":
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        _chain_existing(conn)
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        for statement in _POSTGRES_NO_TRUNCATE:
            conn.execute(text(statement))
    else:
        _chain_existing(conn)


def _v6(conn: Connection) -> None:
    """Reach: demand metrics, curated collections, the public journal of changes."""
    for table in REACH_TABLES:
        table.create(conn, checkfirst=True)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """Return the schema version stored in the database (0 for an empty one)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value) if value else 0
