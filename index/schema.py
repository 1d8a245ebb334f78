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


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """Return the schema version stored in the database (0 for an empty one)."""
    if not conn.dialect.has_table(conn, "meta"):
        return 0
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value) if value else 0
