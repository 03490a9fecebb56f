"""The PostgreSQL engine of `Store` (psycopg 3): `--db postgresql://USER@HOST:PORT/DB`.

Same rows and same answers as the SQLite engine (the shared queries are `store/sql.py`'s;
the schema is `pg_schema.py`'s). What a server adds:
- many writers at once: each article is one transaction, writers of the same document
  queue on an advisory lock keyed by its id, and a deadlock between two articles that
  share entities is retried;
- a busy server waits: a lock is awaited up to `busy_timeout` seconds (`lock_timeout`),
  then the write fails with a StoreError that says so;
- migrations are applied under an advisory lock, each in its own transaction, so two
  processes opening a new database do not both apply one.
The search matches the same words as SQLite's FTS5 (see `fts_words`).
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError
from .migrations import Migration, apply_migrations
from .pg_schema import PG_MIGRATIONS
from .rows import LayerTable, layer_row
from .sql import RANKED_AMONG, SQLStore

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - psycopg is a dependency; this names it if it is missing
    psycopg = None

_T = TypeVar("_T")
_MIGRATION_LOCK = 0x646F7373  # "doss": the advisory lock that serialises migrations
_RETRIES = 5  # tries of one article when a deadlock with another writer rolls it back


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


# --- words, as SQLite's FTS5 `unicode61 remove_diacritics 2` cuts them ----------------------

_WORD = re.compile(r"[^\W_]+")
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\w+)(\*?)')  # as sqlite.fts_query reads a query


def fts_words(text: str) -> list[str]:
    """The words of `text`, lowercased, accents removed: runs of letters and digits."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return _WORD.findall(plain.lower())


def tsvector_literal(text: str) -> str:
    """A tsvector of the words of `text` at their positions (1-based, capped as PostgreSQL caps them)."""
    where: dict[str, list[int]] = {}
    for i, w in enumerate(fts_words(text), 1):
        where.setdefault(w, []).append(min(i, 16383))
    return " ".join(f"'{w}':" + ",".join(map(str, ps[:256])) for w, ps in where.items())


def _phrase(words: Sequence[str], prefix: bool = False) -> str | None:
    if not words:
        return None
    parts = [f"'{w}'" for w in words]
    if prefix:
        parts[-1] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def tsquery(text: str) -> str | None:
    """A tsquery meaning "all these words" whatever the user typed (see `sqlite.fts_query`): every
    word a lexeme, "double quotes" a phrase, a trailing * a prefix; None when there is no word."""
    parts: list[str] = []
    for m in _QUERY_TOKEN.finditer(text):
        phrase, word, star = m.groups()
        part = _phrase(fts_words(phrase)) if phrase is not None else _phrase(fts_words(word), bool(star))
        if part:
            parts.append(part)
    return " & ".join(parts) or None


def any_term(group: Sequence[str]) -> str | None:
    """A tsquery holding any term of the group: each a word or phrase, or "prefix*"."""
    terms = []
    for t in group:
        if not t or '"' in t:
            continue
        prefix = t.endswith("*") and t[:-1].isalnum()
        q = _phrase(fts_words(t[:-1] if prefix else t), prefix)
        if q:
            terms.append(q)
    return "(" + " | ".join(terms) + ")" if terms else None


def _pg(sql: str) -> str:
    """The shared SQL's placeholders (`?`, and `:name` in inserts) as psycopg's."""
    return re.sub(r":(\w+)", r"%(\1)s", sql.replace("%", "%%")).replace("?", "%s")


class PostgresStore(SQLStore):
    _SAME = "IS NOT DISTINCT FROM"
    _VERSIONS_ORDER = "id"

    def __init__(self, url: str, migrations: tuple[Migration, ...] = PG_MIGRATIONS, timeout: float = 30.0):
        if psycopg is None:
            raise StoreError("the PostgreSQL engine needs psycopg", hint="pip install 'psycopg[binary]>=3.1,<4'")
        self.url = url
        self.where = shown(url)
        self._ERRORS = self._SEARCH_ERRORS = (psycopg.Error,)
        try:
            conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(
                f"cannot connect to the store {self.where}: {str(e).strip()}",
                hint="start the PostgreSQL server, or check the host, port, user and database in the URL",
            ) from e
        self._conn: Any = conn
        self.busy_timeout = float(timeout)
        self._on_busy: Callable[[str], None] | None = None
        try:
            self._set_lock_timeout()
            _migrate(conn, migrations, self.where)
        except BaseException:
            conn.close()
            self._conn = None
            raise

    # --- plumbing --------------------------------------------------------------------

    @property
    def _db(self) -> Any:
        if self._conn is None:
            raise StoreError(f"the store {self.where} is closed", hint="open it again with open_store()")
        return self._conn

    def _set_lock_timeout(self) -> None:
        self._db.execute(f"SET lock_timeout = {int(self.busy_timeout * 1000)}")

    def wait_when_busy(self, seconds: float, notify: Callable[[str], None] | None = None) -> None:
        """Let writes wait up to `seconds` for locks other writers hold; `notify` is told when a
        wait ran out (the server does the waiting, so there is no progress to report meanwhile)."""
        self.busy_timeout = max(0.0, float(seconds))
        self._on_busy = notify
        self._set_lock_timeout()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def schema_version(self) -> int:
        return _current_version(self._db)

    # --- what SQLStore asks of an engine -----------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Mapping[str, Any]]:
        return self._db.execute(_pg(sql), tuple(params))

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._db.execute(_pg(sql), tuple(params)).rowcount

    def _executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        with self._db.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def _insert_layer(self, lt: LayerTable, records: Sequence[Any]) -> None:
        """The rows of a layer; a sentence's with its words, for the search."""
        rows = [layer_row(lt, rec, i) for i, rec in enumerate(records)]
        if lt.table == "sentences":
            rows = [{**r, "words": tsvector_literal(r["text"])} for r in rows]
        self._insert(lt.table, rows)

    def _atomically(self, write: Callable[[], _T], key: str | None = None) -> _T:
        """One transaction; writers of the same `key` queue on an advisory lock; a deadlock or a
        serialisation failure rolls back and tries again; a lock awaited past `busy_timeout` is a
        StoreError."""
        db = self._db
        for attempt in range(1, _RETRIES + 1):
            try:
                with db.transaction():
                    if key is not None:
                        db.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))
                    return write()
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                if attempt == _RETRIES:
                    raise
                time.sleep(0.05 * attempt)
            except pg_errors.LockNotAvailable as e:
                message = (f"the store {self.where} is busy (another writer holds a lock); "
                           f"waited {self.busy_timeout:g}s")
                if self._on_busy is not None:
                    self._on_busy(message)
                raise StoreError(message, hint="try again when the other writer has finished, or raise "
                                               f"busy_timeout_seconds (now {self.busy_timeout:g})") from e
        raise AssertionError("unreachable")

    _MATCHING = "SELECT s.* FROM sentences s WHERE s.words @@ CAST(? AS tsquery)"
    _RANKED = ("WITH q AS (SELECT CAST(? AS tsquery) AS q) SELECT s.* FROM (SELECT sentences.* FROM sentences, q "
               f"WHERE words @@ q.q ORDER BY sid DESC LIMIT {RANKED_AMONG}) s, q "
               "ORDER BY ts_rank(s.words, q.q) DESC, s.doc_id, s.start_char LIMIT ?")
    _LATEST = "SELECT s.* FROM sentences s WHERE s.words @@ CAST(? AS tsquery) ORDER BY s.sid DESC LIMIT ?"
    _OR, _AND = " | ", " & "

    def _all_words(self, text: str) -> str | None:
        return tsquery(text)

    def _any_term(self, group: Sequence[str]) -> str | None:
        return any_term(group)


# --- migrations ------------------------------------------------------------------------

def _current_version(conn: Any) -> int:
    row = conn.execute("SELECT to_regclass('migrations') IS NOT NULL AS present").fetchone()
    if not row["present"]:
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) AS v FROM migrations").fetchone()["v"]


def _migrate(conn: Any, migrations: tuple[Migration, ...], where: str) -> list[int]:
    """Apply the migrations the database lacks (`migrations.apply_migrations`), each in its own
    transaction under an advisory lock."""
    @contextmanager
    def locked() -> Iterator[None]:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            yield

    return apply_migrations(migrations, where, version=lambda: _current_version(conn), transaction=locked,
                            execute=lambda sql, params: conn.execute(_pg(sql), params), script=conn.execute,
                            errors=(psycopg.Error,))
