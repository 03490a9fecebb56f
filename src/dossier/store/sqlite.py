"""The SQLite engine of `Store`: one file, WAL mode, foreign keys on, FTS5 over sentences.

Transactions are explicit (the connection runs in autocommit mode and every write says
BEGIN IMMEDIATE ... COMMIT), so an article is stored whole or not at all, and a second
writer waits for the lock instead of failing halfway: every write is retried while another
connection holds the write lock, for up to `busy_timeout` seconds, telling `wait_when_busy`'s
callback how long it has waited; then it fails with a StoreError that says the store is busy.
"""
from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import StoreError
from .migrations import MIGRATIONS, Migration, current_version, migrate
from .sql import RANKED_AMONG, SQLStore

_T = TypeVar("_T")

# While it waits for another writer, SQLite blocks inside one try for at most this long, so that
# the wait can be reported between tries.
_BUSY_SLICE = 0.5
_BUSY_REPORT_EVERY = 5.0  # seconds between two "still waiting" messages


def _is_busy(e: sqlite3.Error) -> bool:
    message = str(e).lower()
    return isinstance(e, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


class SQLiteStore(SQLStore):
    _ERRORS = (sqlite3.Error,)

    def __init__(self, path: str | Path, migrations: tuple[Migration, ...] = MIGRATIONS, timeout: float = 30.0):
        self.path = self.where = str(path)
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

    def _executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        self._db.executemany(sql, rows)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def schema_version(self) -> int:
        return current_version(self._db)

    # --- what SQLStore asks of an engine ----------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Mapping[str, Any]]:
        return self._db.execute(sql, tuple(params))

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._db.execute(sql, tuple(params)).rowcount

    def _atomically(self, write: Callable[[], _T], key: str | None = None) -> _T:
        """BEGIN IMMEDIATE (waiting while another process writes), then COMMIT, or ROLLBACK on any
        error, the error raised again. One writer per file: `key` needs no lock of its own."""
        self._begin()
        try:
            result = write()
            self._db.execute("COMMIT")
            return result
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    _MATCHING = ("SELECT s.* FROM sentences_fts JOIN sentences s ON s.sid = sentences_fts.rowid "
                 "WHERE sentences_fts MATCH ?")
    # the best of the latest RANKED_AMONG matches: ranking every match of a common word costs
    # more than the search on a large store
    _RANKED = ("SELECT s.* FROM (SELECT rowid AS sid, bm25(sentences_fts) AS score FROM sentences_fts "
               f"WHERE sentences_fts MATCH ? ORDER BY rowid DESC LIMIT {RANKED_AMONG}) f "
               "JOIN sentences s ON s.sid = f.sid ORDER BY f.score, s.doc_id, s.start_char LIMIT ?")
    # the latest matches: FTS5 reads its index backwards and stops, no sort of every match
    _LATEST = ("SELECT s.* FROM (SELECT rowid AS sid FROM sentences_fts WHERE sentences_fts MATCH ? "
               "ORDER BY rowid DESC LIMIT ?) f JOIN sentences s ON s.sid = f.sid")
    _SEARCH_ERRORS = (sqlite3.OperationalError,)

    def _all_words(self, text: str) -> str | None:
        return fts_query(text)

    def _any_term(self, group: Sequence[str]) -> str | None:
        """Each term a quoted word or phrase, or a prefix."""
        terms = [q for q in (fts_query(t if t.endswith("*") and t[:-1].isalnum() else f'"{t}"')
                             for t in group if t and '"' not in t) if q]
        return "(" + " OR ".join(terms) + ")" if terms else None


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
