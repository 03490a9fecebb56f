"""Schema creation, upgrade and refusal: registered migrations recorded in `migrations`."""
from __future__ import annotations

import sqlite3

import pytest

from dossier.errors import StoreError
from dossier.store import open_store
from dossier.store.migrations import MIGRATIONS, Migration
from dossier.store.rows import CONTENT_TABLES
from dossier.store.sqlite import SQLiteStore


def ledger(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT version, name, applied_at FROM migrations ORDER BY version").fetchall()


def test_fresh_store_records_every_migration(db_path):
    with SQLiteStore(db_path) as st:
        assert st.schema_version() == MIGRATIONS[-1].version
    rows = ledger(db_path)
    assert [(v, n) for v, n, _ in rows] == [(m.version, m.name) for m in MIGRATIONS]
    assert all(at.endswith("+00:00") for _, _, at in rows)  # UTC ISO time stamps


def test_reopening_applies_nothing_twice(db_path):
    SQLiteStore(db_path).close()
    first = ledger(db_path)
    SQLiteStore(db_path).close()
    assert ledger(db_path) == first


def test_wal_and_foreign_keys(sqlite_store):
    assert sqlite_store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sqlite_store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_old_store_gets_the_missing_migrations(db_path, italian):
    article = italian()
    with SQLiteStore(db_path) as st:
        st.write_article(article, None, "p1")
    newer = MIGRATIONS + (Migration(len(MIGRATIONS) + 1, "add notes", "CREATE TABLE notes (doc_id TEXT, body TEXT);"),)
    with SQLiteStore(db_path, migrations=newer) as st:
        assert st.schema_version() == len(newer)
        assert st.load_article(article.document.id) == article  # data survives the upgrade
        st._db.execute("INSERT INTO notes VALUES ('x', 'y')")
    assert [r[1] for r in ledger(db_path)][-1] == "add notes"


def test_store_newer_than_the_code_is_refused(db_path):
    SQLiteStore(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO migrations VALUES (99, 'from the future', '2030-01-01T00:00:00+00:00')")
    with pytest.raises(StoreError) as err:
        open_store(db_path)
    msg = str(err.value)
    assert f"has schema version 99, newer than this version of dossier knows (up to {MIGRATIONS[-1].version})" in msg
    assert "hint: upgrade dossier" in msg


def test_failed_migration_leaves_the_previous_version(db_path):
    SQLiteStore(db_path).close()
    broken = MIGRATIONS + (Migration(len(MIGRATIONS) + 1, "broken", "CREATE TABLE fine (x TEXT);\nCREATE TABLE bad (;"),)
    with pytest.raises(StoreError, match=r"migration \d+ \(broken\) failed"):
        SQLiteStore(db_path, migrations=broken)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'fine'").fetchone() is None
    assert len(ledger(db_path)) == len(MIGRATIONS)


def test_migrations_must_be_numbered_without_gaps(db_path):
    gap = MIGRATIONS + (Migration(len(MIGRATIONS) + 2, "skips one", "SELECT 1;"),)
    with pytest.raises(StoreError, match="numbered 1, 2, 3"):
        SQLiteStore(db_path, migrations=gap)


def test_record_columns_match_the_migrated_schema(store):
    # The row mapping (rows.py) and the SQL of the migrations must name the same columns.
    # Hidden: surrogate keys, first-seen times, and PostgreSQL's words of a sentence (its search index).
    hidden = {"sentences": {"sid", "words"}, "rejected": {"first_seen"}}
    for table, cols in CONTENT_TABLES.items():
        assert set(cols) == table_columns(store, table) - hidden.get(table, set()), table


def table_columns(store, table: str) -> set[str]:
    if isinstance(store, SQLiteStore):
        return {r["name"] for r in store._rows(f"SELECT name FROM pragma_table_info('{table}')")}
    return {r["name"] for r in store._rows(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema()", (table,))}


def test_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are plain notes, not a database " * 50)
    with pytest.raises(StoreError, match="cannot be used as a dossier store"):
        open_store(path)


def test_missing_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nowhere" / "x.db")


def test_default_path_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOSSIER_DB", raising=False)
    open_store().close()
    assert (tmp_path / "dossier.db").is_file()
    open_store(settings={"db": str(tmp_path / "other.db")}).close()
    assert (tmp_path / "other.db").is_file()


def test_a_postgres_url_that_reaches_no_server_is_a_store_error():
    # port 9 on loopback: nothing listens there; the message names the server, never the password
    with pytest.raises(StoreError, match="cannot connect to the store postgresql://u:\\*\\*\\*@127.0.0.1:9/x") as err:
        open_store("postgresql://u:secret@127.0.0.1:9/x")
    assert "secret" not in str(err.value) and "start the PostgreSQL server" in str(err.value)
