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
)

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

# Append-only: triggers made by _v3 refuse UPDATE and DELETE.
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


def _v4(conn: Connection) -> None:
    """Reach: demand metrics, curated collections, the public journal of changes."""
    for table in REACH_TABLES:
        table.create(conn, checkfirst=True)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """Return the schema version stored in the database (0 for an empty one)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value) if value else 0
