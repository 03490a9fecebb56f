"""The SQLite engine of `Store`: one file, WAL mode, foreign keys on, FTS5 over sentences.

Transactions are explicit (the connection runs in autocommit mode and every write says
BEGIN IMMEDIATE ... COMMIT), so an article is stored whole or not at all, and a second
writer waits for the lock instead of failing halfway: every write is retried while another
connection holds the write lock, for up to `busy_timeout` seconds, telling `wait_when_busy`'s
callback how long it has waited; then it fails with a StoreError that says the store is busy.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from contextlib import contextmanager
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from ..records import (
    Article, Claim, Document, Entity, Event, Mention, Quantity, Rejected, Sentence,
)
from . import Store
from .migrations import MIGRATIONS, Migration, current_version, migrate, now
from .rows import (
    CONTENT_TABLES, LAYER_BY_TABLE, LAYERS, LayerTable, assign_ids, check_article, document_record,
    document_row, entity_record, entity_row, layer_record, layer_row, participant_record, participant_row,
)

_T = TypeVar("_T")

# While it waits for another writer, SQLite blocks inside one try for at most this long, so that
# the wait can be reported between tries.
_BUSY_SLICE = 0.5
_BUSY_REPORT_EVERY = 5.0  # seconds between two "still waiting" messages


def _is_busy(e: sqlite3.Error) -> bool:
    message = str(e).lower()
    return isinstance(e, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


_ENTITY_UPSERT = (
    'INSERT INTO entities (id, name, type, qid, aliases, discovered) '
    'VALUES (:id, :name, :type, :qid, :aliases, :discovered) '
    'ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, qid = excluded.qid, '
    'aliases = excluded.aliases, discovered = excluded.discovered'
)


class SQLiteStore(Store):
    def __init__(self, path: str | Path, migrations: tuple[Migration, ...] = MIGRATIONS, timeout: float = 30.0):
        self.path = str(path)
        if self.path != ":memory:" and not Path(self.path).parent.is_dir():
            raise StoreError(
                f"cannot create the store {self.path}: the folder {Path(self.path).parent} does not exist",
                hint="create the folder first, or choose another path with --db",
            )
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the store {self.path}: {e}", hint="check the path and its permissions") from e
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # with WAL: consistent after a crash, cheap commits
            migrate(conn, migrations, where=self.path)
        except sqlite3.OperationalError as e:
            conn.close()
            raise StoreError(
                f"cannot open the store {self.path}: {e}",
                hint="another dossier process is upgrading or writing it; wait for it to finish (one writer at a time)",
            ) from e
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(
                f"{self.path} cannot be used as a dossier store: {e}",
                hint="point --db at a dossier store or at a new file name",
            ) from e
        except BaseException:
            conn.close()
            raise
        self._conn: sqlite3.Connection | None = conn
        self.busy_timeout = float(timeout)
        self._on_busy: Callable[[str], None] | None = None
        self._told_busy_at = float("-inf")  # when the last "busy, waiting" message went out

    # --- plumbing ------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed", hint="open it again with open_store()")
        return self._conn

    def wait_when_busy(self, seconds: float, notify: Callable[[str], None] | None = None) -> None:
        """Let writes wait up to `seconds` for another process that holds the write lock, calling
        `notify(message)` when the wait begins and every few seconds while it lasts."""
        self.busy_timeout = max(0.0, float(seconds))
        self._on_busy = notify
        self._db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def _when_free(self, write: Callable[[], _T]) -> _T:
        """Run `write`, trying again while another connection holds the write lock (see the module)."""
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {int(min(_BUSY_SLICE, self.busy_timeout) * 1000)}")
        try:
            started = time.monotonic()
            while True:
                try:
                    return write()
                except sqlite3.OperationalError as e:
                    if not _is_busy(e):
                        raise
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                waited = time.monotonic() - started
                if waited >= self.busy_timeout:
                    raise StoreError(
                        f"the store {self.path} is busy (another build is writing); waited {waited:.0f}s",
                        hint=f"one writer at a time: try again when the other build has finished, or raise "
                             f"busy_timeout_seconds (now {self.busy_timeout:g})",
                    )
                if self._on_busy is not None and time.monotonic() - self._told_busy_at >= _BUSY_REPORT_EVERY:
                    self._told_busy_at = time.monotonic()
                    self._on_busy(f"the store {self.path} is busy (another process is writing): waiting, "
                                  f"{waited:.0f}s of at most {self.busy_timeout:g}s (busy_timeout_seconds)")
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")

    def _begin(self) -> None:
        try:
            self._when_free(lambda: self._db.execute("BEGIN IMMEDIATE"))
        except sqlite3.OperationalError as e:
            raise StoreError(
                f"cannot write to the store {self.path}: {e}",
                hint="another dossier process is writing to it; wait for it to finish (one writer at a time)",
            ) from e

    def _insert(self, table: str, rows: Sequence[Mapping[str, Any]], sql: str | None = None) -> None:
        if not rows:
            return
        if sql is None:
            cols = list(rows[0])
            sql = (f'INSERT INTO {table} ({", ".join(_q(c) for c in cols)}) '
                   f'VALUES ({", ".join(":" + c for c in cols)})')
        self._db.executemany(sql, rows)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def schema_version(self) -> int:
        return current_version(self._db)

    # --- writing -------------------------------------------------------------------

    def write_article(self, article: Article, signature: bytes | None = None, pipeline: str = "") -> None:
        article = assign_ids(article)
        check_article(article)
        doc_id = article.document.id
        self._begin()
        try:
            self._delete_rows(doc_id)
            self._insert("documents", [document_row(article.document, article.stages, signature, pipeline)])
            self._insert_entities(article)
            for lt in LAYERS:
                self._insert_layer(lt, getattr(article, lt.layer))
            self._insert_participants(article.events)
            self._insert_claim_about(article.claims)
            self._db.execute("INSERT OR IGNORE INTO arrivals (doc_id, first_seen) VALUES (?, ?)", (doc_id, now()))
            self._db.execute("COMMIT")
        except BaseException as e:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise StoreError(
                    f"could not store document {doc_id}: {e}",
                    hint="nothing of this document was written; record ids must be unique across documents",
                ) from e
            raise

    def _insert_entities(self, article: Article) -> None:
        self._insert("entities", [entity_row(e) for e in article.entities], _ENTITY_UPSERT)
        self._insert("article_entities", [
            {"doc_id": article.document.id, "seq": i, "entity_id": e.id} for i, e in enumerate(article.entities)
        ])

    def _insert_layer(self, lt: LayerTable, records: Sequence[Any]) -> None:
        self._insert(lt.table, [layer_row(lt, rec, i) for i, rec in enumerate(records)])

    def _insert_participants(self, events: Sequence[Event]) -> None:
        self._insert("participants", [
            participant_row(ev.id, i, p) for ev in events for i, p in enumerate(ev.participants)
        ])

    def _insert_claim_about(self, claims: Sequence[Claim]) -> None:
        self._insert("claim_about", [
            {"claim_id": c.id, "seq": i, "target_id": t} for c in claims for i, t in enumerate(c.about)
        ])

    def _delete_rows(self, doc_id: str) -> bool:
        db = self._db
        db.execute("DELETE FROM claim_about WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = ?)", (doc_id,))
        db.execute("DELETE FROM participants WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", (doc_id,))
        db.execute("DELETE FROM event_clusters WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", (doc_id,))
        for lt in LAYERS:
            db.execute(f"DELETE FROM {lt.table} WHERE doc_id = ?", (doc_id,))
        db.execute("DELETE FROM article_entities WHERE doc_id = ?", (doc_id,))
        return db.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE (waiting while another process writes), then
        COMMIT, or ROLLBACK on any error, the error raised again."""
        self._begin()
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def delete_document(self, doc_id: str) -> bool:
        with self._transaction():
            return self._delete_rows(doc_id)

    def has_document(self, doc_id: str, pipeline: str | None = None) -> bool:
        row = self._db.execute("SELECT pipeline FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None and (pipeline is None or row["pipeline"] == pipeline)

    def record_rejected(self, rejected: Rejected) -> None:
        self._when_free(lambda: self._db.execute(
            "INSERT INTO rejected (source_path, reason, first_seen) VALUES (?, ?, ?) "
            "ON CONFLICT (source_path, reason) DO NOTHING",
            (rejected.source_path, rejected.reason, now()),
        ))

    def start_run(self, pipeline: str) -> int:
        cur = self._when_free(
            lambda: self._db.execute("INSERT INTO runs (pipeline, started_at) VALUES (?, ?)", (pipeline, now())))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, stats: Mapping[str, int]) -> None:
        self._when_free(lambda: self._db.execute(
            "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?",
            (now(), json.dumps(dict(stats), sort_keys=True), run_id),
        ))

    # --- reading -------------------------------------------------------------------

    def documents(self, with_text: bool = True) -> list[Document]:
        cols = "*" if with_text else "id, NULL AS text, " + ", ".join(
            c for c in CONTENT_TABLES["documents"] if c not in ("id", "text"))
        rows = self._db.execute(f"SELECT {cols} FROM documents ORDER BY published IS NULL, published, id")
        return [document_record(r, with_text) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return document_record(row) if row else None

    def load_article(self, doc_id: str) -> Article:
        db = self._db
        row = db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(
                f"no document {doc_id!r} in the store {self.path}",
                hint="document ids are content hashes; list the stored ones with Store.documents()",
            )
        layers: dict[str, tuple[Any, ...]] = {}
        for lt in LAYERS:
            if lt.table == "events":
                layers[lt.layer] = tuple(self._events("e.doc_id = ?", (doc_id,), "e.seq"))
            elif lt.table == "claims":
                layers[lt.layer] = tuple(self._claims("c.doc_id = ?", (doc_id,), "c.seq"))
            else:
                rows = db.execute(f"SELECT * FROM {lt.table} WHERE doc_id = ? ORDER BY seq", (doc_id,))
                layers[lt.layer] = tuple(layer_record(lt, r) for r in rows)
        entities = db.execute(
            "SELECT e.* FROM article_entities a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.doc_id = ? ORDER BY a.seq", (doc_id,))
        return Article(
            document=document_record(row),
            entities=tuple(entity_record(r) for r in entities),
            stages=tuple(json.loads(row["stages"])),
            **layers,
        )

    def entities(self, type: str | None = None) -> list[tuple[Entity, int]]:
        where, params = ("WHERE e.type = ?", (type,)) if type else ("", ())
        rows = self._db.execute(
            "SELECT e.*, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS n "
            f"FROM entities e {where} ORDER BY n DESC, e.id", params)
        return [(entity_record(r), r["n"]) for r in rows]

    def entity(self, entity_id: str) -> Entity | None:
        row = self._db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return entity_record(row) if row else None

    def mentions(self, entity_id: str) -> list[Mention]:
        lt = LAYER_BY_TABLE["mentions"]
        rows = self._db.execute(
            "SELECT * FROM mentions WHERE entity_id = ? ORDER BY doc_id, start_char, seq", (entity_id,))
        return [layer_record(lt, r) for r in rows]

    def events(self, type: str | None = None) -> list[Event]:
        if type:
            return self._events("e.type = ?", (type,), "e.doc_id, e.start_char, e.seq")
        return self._events("1", (), "e.doc_id, e.start_char, e.seq")

    def timeline(self) -> list[Event]:
        return self._events("1", (), "e.date IS NULL, e.date, e.doc_id, e.start_char, e.seq")

    def _events(self, where: str, params: tuple[Any, ...], order: str) -> list[Event]:
        db = self._db
        parts: dict[str, list[Any]] = defaultdict(list)
        for r in db.execute(
            f"SELECT p.* FROM participants p JOIN events e ON e.id = p.event_id WHERE {where} "
            "ORDER BY p.event_id, p.seq", params,
        ):
            parts[r["event_id"]].append(participant_record(r))
        lt = LAYER_BY_TABLE["events"]
        rows = db.execute(f"SELECT e.* FROM events e WHERE {where} ORDER BY {order}", params)
        return [layer_record(lt, r, participants=tuple(parts.get(r["id"], ()))) for r in rows]

    def quantities(self) -> list[Quantity]:
        lt = LAYER_BY_TABLE["quantities"]
        rows = self._db.execute("SELECT * FROM quantities ORDER BY doc_id, start_char, seq")
        return [layer_record(lt, r) for r in rows]

    def flows(self, item: str | None = None) -> list[Quantity]:
        lt = LAYER_BY_TABLE["quantities"]
        where, params = "(from_entity IS NOT NULL OR to_entity IS NOT NULL)", ()
        if item:
            where += " AND (lower(item) = lower(?) OR lower(unit) = lower(?))"
            params = (item, item)
        rows = self._db.execute(
            f"SELECT * FROM quantities WHERE {where} ORDER BY period IS NULL, period, doc_id, start_char, seq", params)
        return [layer_record(lt, r) for r in rows]

    def claims(self, about: str | None = None, forms: tuple[str, ...] = ()) -> list[Claim]:
        order = "c.doc_id, c.start_char, c.seq"
        if about is None:
            return self._claims("1", (), order)
        alternatives = [q for q in (fts_query(f) for f in forms) if q]
        match = " OR ".join(f"({q})" for q in alternatives) if alternatives else fts_query(about)
        if match is None:
            return []
        # A claim is about what its cue's sentence says (the sentence holding the cue's start),
        # and about the sentences of the quantities and events it carries.
        carried = (
            "SELECT a.claim_id FROM claim_about a JOIN {t} r ON r.id = a.target_id JOIN hits h "
            "ON h.doc_id = r.doc_id AND h.start_char <= r.start_char AND r.start_char < h.end_char"
        )
        where = (
            "(c.id IN (SELECT k.id FROM hits h JOIN claims k ON k.doc_id = h.doc_id "
            "AND h.start_char <= k.start_char AND k.start_char < h.end_char) "
            f"OR c.id IN ({carried.format(t='quantities')}) OR c.id IN ({carried.format(t='events')}))"
        )
        hits = (
            "WITH hits AS (SELECT s.doc_id, s.start_char, s.end_char FROM sentences_fts "
            "JOIN sentences s ON s.sid = sentences_fts.rowid WHERE sentences_fts MATCH ?) "
        )
        return self._fts(about, lambda: self._claims(where, (match,), order, with_clause=hits))

    def _claims(self, where: str, params: tuple[Any, ...], order: str, with_clause: str = "") -> list[Claim]:
        db = self._db
        about: dict[str, list[str]] = defaultdict(list)
        for r in db.execute(
            f"{with_clause}SELECT a.* FROM claim_about a JOIN claims c ON c.id = a.claim_id WHERE {where} "
            "ORDER BY a.claim_id, a.seq", params,
        ):
            about[r["claim_id"]].append(r["target_id"])
        lt = LAYER_BY_TABLE["claims"]
        rows = db.execute(f"{with_clause}SELECT c.* FROM claims c WHERE {where} ORDER BY {order}", params)
        return [layer_record(lt, r, about=tuple(about.get(r["id"], ()))) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[Sentence]:
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        lt = LAYER_BY_TABLE["sentences"]

        def run() -> list[Sentence]:
            rows = self._db.execute(
                "SELECT s.* FROM sentences_fts JOIN sentences s ON s.sid = sentences_fts.rowid "
                "WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts), s.doc_id, s.start_char LIMIT ?",
                (match, limit),
            )
            return [layer_record(lt, r) for r in rows]

        return self._fts(query, run)

    def _fts(self, query: str, run: Callable[[], _T]) -> _T:
        try:
            return run()
        except sqlite3.OperationalError as e:  # fts_query quotes every term; this is a safety net
            raise StoreError(f"cannot search for {query!r}: {e}", hint="search with plain words") from e

    def figures(self, units: Sequence[str], limit: int = 5000) -> list[Quantity]:
        if not units:
            return []
        lt = LAYER_BY_TABLE["quantities"]
        rows = self._db.execute(
            f"SELECT * FROM quantities WHERE unit IN ({_marks(units)}) "
            "ORDER BY period IS NULL, period, doc_id, start_char, seq LIMIT ?", (*units, limit))
        return [layer_record(lt, r) for r in rows]

    _FIGURE_KEY = ("unit", "item", "from_entity", "to_entity", "value", "low", "high", "bound", "period",
                   "source_entity", "stance", "hypothetical")

    def figure_groups(self, units: Sequence[str], limit: int = 500) -> list[tuple[Quantity, int]]:
        if not units:
            return []
        key = ", ".join(self._FIGURE_KEY)
        rows = self._db.execute(
            f"SELECT {key}, COUNT(*) AS n, MIN(doc_id) AS doc_id FROM quantities "
            f"WHERE unit IN ({_marks(units)}) AND doc_id NOT IN "
            "(SELECT id FROM documents WHERE duplicate_of IS NOT NULL) "
            f"GROUP BY {key} ORDER BY n DESC LIMIT ?", (*units, limit)).fetchall()
        out = []
        for r in rows:
            q = Quantity(doc_id=r["doc_id"], start=0, end=0, text="", **{
                f: r[c] for f, c in (("value", "value"), ("low", "low"), ("high", "high"), ("bound", "bound"),
                                     ("unit", "unit"), ("item", "item"), ("from_entity", "from_entity"),
                                     ("to_entity", "to_entity"), ("period", "period"),
                                     ("source_entity", "source_entity"), ("stance", "stance"))},
                hypothetical=bool(r["hypothetical"]))
            out.append((q, r["n"]))
        return out

    def figure_members(self, figure: Quantity, limit: int = 50) -> list[Quantity]:
        where = " AND ".join(f"{c} IS ?" for c in self._FIGURE_KEY)
        values = (figure.unit, figure.item, figure.from_entity, figure.to_entity, figure.value, figure.low, figure.high,
                  figure.bound, figure.period, figure.source_entity, figure.stance, int(figure.hypothetical))
        rows = self._db.execute(
            f"SELECT * FROM quantities WHERE {where} AND doc_id NOT IN "
            "(SELECT id FROM documents WHERE duplicate_of IS NOT NULL) ORDER BY doc_id, start_char LIMIT ?",
            (*values, limit))
        lt = LAYER_BY_TABLE["quantities"]
        return [layer_record(lt, r) for r in rows]

    def published_of(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, str | None] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self._db.execute(f"SELECT id, published FROM documents WHERE id IN ({_marks(chunk)})", chunk):
                out[r["id"]] = r["published"]
        return out

    def claims_in(self, doc_ids: Iterable[str], stances: Sequence[str]) -> list[Claim]:
        ids = list(dict.fromkeys(doc_ids))[:900]
        if not ids or not stances:
            return []
        return self._claims(f"c.doc_id IN ({_marks(ids)}) AND c.stance IN ({_marks(stances)})", (*ids, *stances),
                            "c.doc_id, c.start_char, c.seq")

    def events_of(self, types: Sequence[str], limit: int = 5000) -> list[Event]:
        if not types:
            return []
        return self._events(f"e.id IN (SELECT id FROM events WHERE type IN ({_marks(types)}) "
                            "ORDER BY date IS NULL, date, doc_id, start_char, seq LIMIT ?)", (*types, limit),
                            "e.date IS NULL, e.date, e.doc_id, e.start_char, e.seq")

    def claims_with(self, stances: Sequence[str], limit: int = 5000) -> list[Claim]:
        if not stances:
            return []
        return self._claims(f"c.id IN (SELECT id FROM claims WHERE stance IN ({_marks(stances)}) "
                            "ORDER BY doc_id, start_char, seq LIMIT ?)", (*stances, limit),
                            "c.doc_id, c.start_char, c.seq")

    def sentences_at(self, spans: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Sentence]:
        lt = LAYER_BY_TABLE["sentences"]
        out: dict[tuple[str, int], Sentence] = {}
        for doc_id, offset in dict.fromkeys(spans):
            row = self._db.execute(
                "SELECT * FROM sentences WHERE doc_id = ? AND start_char <= ? ORDER BY start_char DESC LIMIT 1",
                (doc_id, offset)).fetchone()
            if row is not None and offset < row["end_char"]:
                out[(doc_id, offset)] = layer_record(lt, row)
        return out

    def search_groups(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[Sentence]:
        parts = [m for m in (_group_match(g) for g in groups) if m]
        if not parts or limit <= 0:
            return []
        lt = LAYER_BY_TABLE["sentences"]
        match = " AND ".join(parts)

        def run() -> list[Sentence]:
            # the latest matches, unranked: reading BM25's rank costs more than the match itself on a
            # large store, and the caller ranks by the groups each sentence holds
            rows = self._db.execute(
                "SELECT s.* FROM (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? "
                "ORDER BY rowid DESC LIMIT ?) f JOIN sentences s ON s.sid = f.rowid", (match, limit))
            return [layer_record(lt, r) for r in rows]

        return self._fts(match, run)

    def group_counts(self, groups: Sequence[Sequence[str]], cap: int = 2000) -> list[int]:
        out = []
        for group in groups:
            match = _group_match(group)
            if match is None:
                out.append(0)
                continue
            row = self._fts(match, lambda: self._db.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT ?)",
                (match, cap)).fetchone())
            out.append(row[0])
        return out

    def duplicates(self) -> dict[str, str]:
        rows = self._db.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL")
        return {r["id"]: r["duplicate_of"] for r in rows}

    def documents_from(self, source: str) -> list[str]:
        rows = self._db.execute("SELECT id FROM documents WHERE url = ? OR (url IS NULL AND source_path = ?) ORDER BY id",
                                (source, source))
        return [r["id"] for r in rows]

    def retire(self, doc_id: str, action: str, replaced_by: str | None = None) -> bool:
        with self._transaction() as db:
            row = db.execute("SELECT url, source_path FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return False
            db.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?", (doc_id,))
            self._delete_rows(doc_id)
            db.execute("INSERT INTO versions (doc_id, source, action, replaced_by, at) VALUES (?, ?, ?, ?, ?)",
                       (doc_id, row["url"] or row["source_path"], action, replaced_by, now()))
        return True

    def history(self) -> list[dict[str, Any]]:
        rows = self._db.execute("SELECT doc_id, source, action, replaced_by, at FROM versions ORDER BY rowid")
        return [dict(r) for r in rows]

    def arrivals(self, since: str | None = None) -> dict[str, str]:
        rows = self._db.execute("SELECT doc_id, first_seen FROM arrivals WHERE first_seen >= ? ORDER BY first_seen",
                                (since or "",))
        return {r["doc_id"]: r["first_seen"] for r in rows}

    def set_duplicate_of(self, doc_id: str, original: str | None) -> None:
        with self._transaction() as db:
            db.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (original, doc_id))

    def event_clusters(self, event_ids: Iterable[str] | None = None) -> dict[str, str]:
        if event_ids is None:
            rows = self._db.execute("SELECT event_id, cluster_id FROM event_clusters")
            return {r["event_id"]: r["cluster_id"] for r in rows}
        out: dict[str, str] = {}
        ids = list(dict.fromkeys(event_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows = self._db.execute(
                f"SELECT event_id, cluster_id FROM event_clusters WHERE event_id IN ({_marks(chunk)})", chunk)
            out.update((r["event_id"], r["cluster_id"]) for r in rows)
        return out

    def cluster_events(self, cluster_ids: Iterable[str], limit: int = 200) -> list[Event]:
        ids = list(dict.fromkeys(cluster_ids))[:500]
        if not ids:
            return []
        return self._events(f"e.id IN (SELECT event_id FROM event_clusters WHERE cluster_id IN ({_marks(ids)}) "
                            "ORDER BY event_id LIMIT ?)", (*ids, limit), "e.date IS NULL, e.date, e.doc_id, e.start_char, e.seq")

    def write_event_clusters(self, assignments: Mapping[str, str]) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM event_clusters")
            db.executemany("INSERT INTO event_clusters (event_id, cluster_id) VALUES (?, ?)", sorted(assignments.items()))

    def signatures(self) -> list[tuple[str, bytes]]:
        rows = self._db.execute("SELECT id, signature FROM documents WHERE signature IS NOT NULL ORDER BY id")
        return [(r["id"], bytes(r["signature"])) for r in rows]

    def rejected(self) -> list[Rejected]:
        rows = self._db.execute("SELECT source_path, reason FROM rejected ORDER BY source_path, reason")
        return [Rejected(source_path=r["source_path"], reason=r["reason"]) for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in CONTENT_TABLES}

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table, cols in CONTENT_TABLES.items():
            names = ", ".join(_q(c) for c in cols)
            order = ", ".join(str(i + 1) for i in range(len(cols)))
            out[table] = [tuple(r) for r in self._db.execute(f"SELECT {names} FROM {table} ORDER BY {order}")]
        return out


def _group_match(group: Sequence[str]) -> str | None:
    """An FTS5 expression holding any term of the group: each a quoted word or phrase, or a prefix."""
    terms = [q for q in (fts_query(t if t.endswith("*") and t[:-1].isalnum() else f'"{t}"')
                         for t in group if t and '"' not in t) if q]
    return "(" + " OR ".join(terms) + ")" if terms else None


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _q(name: str) -> str:
    return f'"{name}"'


_FTS_TOKEN = re.compile(r'"([^"]*)"|(\w+)(\*?)')


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression that means "all these words" whatever the user typed.

    Every word becomes a quoted string, so FTS syntax in the input (AND, NEAR, -, :,
    parentheses, stray quotes) is text, not an operator. Balanced "double quotes" keep a
    phrase; a trailing * keeps a prefix search. None when there is no word to look for.
    """
    parts: list[str] = []
    for m in _FTS_TOKEN.finditer(text):
        phrase, word, star = m.groups()
        if phrase is not None:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        elif word:
            parts.append(f'"{word}"' + ("*" if star else ""))
    return " ".join(parts) or None
