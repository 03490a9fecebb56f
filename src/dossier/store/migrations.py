"""The SQLite schema as numbered migrations, recorded in the `migrations` table.

A migration is never edited once released: a schema change is a new entry at the end
of `MIGRATIONS`. Opening a store applies the missing ones in order, each in its own
transaction together with its row in `migrations`, so a store is never left half
upgraded. A store whose recorded version is newer than the code is refused.

Column names avoid SQL keywords (`end`, `index`), so the same names can serve the
PostgreSQL engine: `start_char`, `end_char`, `sentence_index`. Rows carry no timestamps
and no random ids (`seq` is the record's position in its article layer), so building
the same folder twice yields the same rows; only `runs`, `rejected.first_seen` and
`migrations.applied_at` hold times.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


_INITIAL = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    language TEXT,
    title TEXT,
    url TEXT,
    outlet TEXT,
    published TEXT,
    published_precision TEXT,
    published_from TEXT,            -- Document.published_range[0]
    published_to TEXT,              -- Document.published_range[1]
    published_basis TEXT,
    source_path TEXT,
    duplicate_of TEXT,
    stages TEXT NOT NULL DEFAULT '[]',  -- JSON list: Article.stages
    signature BLOB,                 -- MinHash of the text, for the near-duplicate index
    pipeline TEXT NOT NULL          -- Pipeline.signature that extracted the layers
);
CREATE INDEX documents_source_path ON documents(source_path);

-- sid is a surrogate key only because FTS5 external content needs an integer rowid.
CREATE TABLE sentences (
    sid INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX sentences_span ON sentences(doc_id, start_char);

CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='sid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.sid, new.text);
END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.sid, old.text);
END;
CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.sid, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.sid, new.text);
END;

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    qid TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',  -- JSON list
    discovered INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_type ON entities(type);

-- Which entities an article listed, in its order (the entity rows themselves are global).
CREATE TABLE article_entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    entity_id TEXT,
    type TEXT,
    form TEXT NOT NULL,
    sentence INTEGER,
    extractor TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE times (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT NOT NULL,
    basis TEXT NOT NULL,
    sentence INTEGER,
    extractor TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE quantities (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    bound TEXT NOT NULL,
    unit TEXT,
    item TEXT,
    from_entity TEXT,
    to_entity TEXT,
    period TEXT,
    period_start INTEGER,
    period_end INTEGER,
    hypothetical INTEGER NOT NULL,
    source_entity TEXT,
    stance TEXT NOT NULL,
    sentence INTEGER,
    extractor TEXT NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX quantities_from ON quantities(from_entity);
CREATE INDEX quantities_to ON quantities(to_entity);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    date_start INTEGER,
    date_end INTEGER,
    modality TEXT NOT NULL,
    source_entity TEXT,
    sentence INTEGER,
    extractor TEXT NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX events_date ON events(date);

CREATE TABLE participants (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    entity_id TEXT,
    start_char INTEGER,
    end_char INTEGER,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX participants_entity ON participants(entity_id);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    claimant_entity TEXT,
    claimant_start INTEGER,
    claimant_end INTEGER,
    stance TEXT NOT NULL,
    denies TEXT,
    via TEXT,
    sentence INTEGER,
    extractor TEXT NOT NULL,
    UNIQUE (doc_id, seq)
);

-- Claim.about: the quantity and event ids a claim carries (no foreign key: any record id).
CREATE TABLE claim_about (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    target_id TEXT NOT NULL,
    PRIMARY KEY (claim_id, seq)
);
CREATE INDEX claim_about_target ON claim_about(target_id);

CREATE TABLE issues (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE rejected (
    source_path TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (source_path, reason)
);

-- The run log: the only table of article-independent, time-stamped rows.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    pipeline TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    stats TEXT NOT NULL DEFAULT '{}'  -- JSON object of counts
);
"""

# The resolve layer's event clusters (dossier.resolve): which cluster each stored event joined.
# Rewritten whole by every `dossier resolve`; ids are kept from run to run by the resolver.
_EVENT_CLUSTERS = """
CREATE TABLE event_clusters (
    event_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL
);
CREATE INDEX event_clusters_by_cluster ON event_clusters(cluster_id);
"""

# When each document first entered the store (`dossier changes --since`). Apart from the
# documents table, whose rows carry no times (two builds of a folder give the same rows).
_ARRIVALS = """
CREATE TABLE arrivals (
    doc_id TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
);
"""

# The history of documents that left the store: replaced by a newer version of the same file or
# URL, removed (`dossier remove`) or pruned (`dossier build --prune`: the file is gone).
_VERSIONS = """
CREATE TABLE versions (
    doc_id TEXT NOT NULL,
    source TEXT,                -- url, else source path, of the retired document
    action TEXT NOT NULL,       -- replaced | removed | pruned
    replaced_by TEXT,           -- the new version's id (replaced only)
    at TEXT NOT NULL
);
"""

# Indexes for `dossier ask`: distinct figures by unit (covering, so grouping reads the index only),
# events by type, claims by stance, near-duplicates. The same SQL serves PostgreSQL (pg_schema.py).
ASK_INDEXES = """
CREATE INDEX IF NOT EXISTS quantities_figure ON quantities(unit, item, from_entity, to_entity, value, low, high, bound,
    period, source_entity, stance, hypothetical, doc_id, start_char);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS claims_stance ON claims(stance);
CREATE INDEX IF NOT EXISTS documents_duplicate_of ON documents(duplicate_of) WHERE duplicate_of IS NOT NULL;
"""

# The views' rows (timeline, flows, claims, conflicts, actors, graph) as they were last made
# (`dossier.views.kept`, at resolve time): a page reads one slice of one view, in its order,
# instead of computing the view from every record. Writing an article, a duplicate link or the
# clusters empties view_state, and a view without its state row is made again before it is read.
VIEW_ROWS = """
CREATE TABLE view_rows (
    view {T} NOT NULL,
    n INTEGER NOT NULL,          -- the row's place in the view's order
    ref {T},                     -- the record it shows (claim id, actor id)
    lo {T},                      -- its first and last date, for --since and --until
    hi {T},
    dup INTEGER NOT NULL DEFAULT 0,  -- 1: it comes from a near-duplicate article
    row TEXT NOT NULL,           -- the row as JSON
    PRIMARY KEY (view, n)
){NOROWID};
CREATE INDEX view_rows_ref ON view_rows(view, ref);
-- narrow indexes, so that a count never reads the JSON: by filter, and by place (rows found by key)
CREATE INDEX view_rows_filters ON view_rows(view, dup, lo, hi);
CREATE INDEX view_rows_by_n ON view_rows(view, n, dup, lo, hi);
CREATE TABLE view_keys (         -- what a row is found by: actor:ID, type:TRANSFER, item:shells
    view {T} NOT NULL,
    key {T} NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (view, key, n)
){NOROWID};
CREATE TABLE view_state (
    view {T} PRIMARY KEY,
    kb {T} NOT NULL,             -- the knowledge base the rows were made with, or a pending mark
    made_at {T} NOT NULL
);
"""

# A build looks up the earlier versions of each article by its URL: without an index that read
# every stored document (text included) per article, and a build slowed as the store grew.
URL_INDEX = "CREATE INDEX IF NOT EXISTS documents_url ON documents(url) WHERE url IS NOT NULL;"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(2, "event clusters", _EVENT_CLUSTERS),
    Migration(3, "document arrivals", _ARRIVALS),
    Migration(4, "versions", _VERSIONS),
    Migration(5, "indexes for ask", ASK_INDEXES),
    Migration(6, "view rows", VIEW_ROWS.format(T="TEXT", NOROWID=" WITHOUT ROWID")),
    Migration(7, "documents by url", URL_INDEX),
)

LEDGER = """CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def now() -> str:
    """UTC time to the second, ISO 8601: for the time-stamped tables only."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def current_version(conn: sqlite3.Connection) -> int:
    """The highest recorded migration, 0 for a fresh file."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM migrations").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS, where: str = "") -> list[int]:
    """Apply the migrations the SQLite store lacks; return the versions applied.

    `conn` must be in autocommit mode (isolation_level=None): each migration runs in
    its own BEGIN IMMEDIATE ... COMMIT, so two processes opening the same new file do
    not both apply it.
    """
    @contextmanager
    def immediate() -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def script(sql: str) -> None:
        for statement in _statements(sql):
            conn.execute(statement)

    return apply_migrations(migrations, where, version=lambda: current_version(conn), transaction=immediate,
                            execute=conn.execute, script=script, errors=(sqlite3.Error,))


def apply_migrations(migrations: tuple[Migration, ...], where: str, *, version: Callable[[], int],
                     transaction: Callable[[], AbstractContextManager[Any]],
                     execute: Callable[[str, tuple[Any, ...]], Any], script: Callable[[str], Any],
                     errors: tuple[type[BaseException], ...]) -> list[int]:
    """The steps of every engine: apply the migrations the store lacks, each with its row in the
    ledger in one `transaction()` that other processes wait for (so two of them opening a new store
    do not both apply one), and return the versions applied. `version()` reads the ledger (0 when
    there is none), `execute(sql, params)` runs one statement with `?` placeholders, `script(sql)` a
    migration's SQL; `errors` are the driver's, reported as the migration that failed."""
    check_sequence(migrations)
    latest = migrations[-1].version if migrations else 0
    have = version()  # a read: opening an up-to-date store takes no write lock
    if have > latest:
        raise too_new(have, latest, where)
    applied: list[int] = []
    for m in migrations:
        if m.version <= have:
            continue
        with transaction():
            execute(LEDGER, ())
            have = version()  # another process may have migrated meanwhile
            if have > latest:
                raise too_new(have, latest, where)
            if m.version <= have:
                continue
            try:
                script(m.sql)
            except errors as e:
                raise StoreError(
                    f"migration {m.version} ({m.name}) failed: {str(e).strip()}",
                    hint=f"the store was left at schema version {have}; fix the migration's SQL and open it again",
                ) from e
            execute("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)", (m.version, m.name, now()))
        have = m.version
        applied.append(m.version)
    return applied


def too_new(have: int, latest: int, where: str) -> StoreError:
    store = f"the store {where}" if where else "the store"
    return StoreError(
        f"{store} has schema version {have}, newer than this version of dossier knows (up to {latest})",
        hint="upgrade dossier to the version that wrote this store, or build into a new file with --db",
    )


def check_sequence(migrations: tuple[Migration, ...]) -> None:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise StoreError(
            f"migrations must be numbered 1, 2, 3... without gaps, got {versions}",
            hint="add a schema change as a new Migration at the end of MIGRATIONS",
        )


def _statements(sql: str) -> list[str]:
    """Split a script into statements (trigger bodies keep their inner semicolons)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip().strip(";").strip():
        raise StoreError(f"incomplete SQL statement in a migration: {buf.strip()[:80]!r}")
    return out
