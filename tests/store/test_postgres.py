"""What the PostgreSQL engine adds to the shared store tests: its migrations, many writers at once,
a busy server, and words cut as SQLite's FTS5 cuts them. Every test
here runs against the real server of DOSSIER_TEST_POSTGRES (see tests/conftest.py)."""
from __future__ import annotations

import threading

import pytest

from dossier.errors import StoreError
from dossier.store import open_store
from dossier.store.migrations import MIGRATIONS, Migration
from dossier.store.pg_schema import PG_MIGRATIONS
from dossier.store.postgres import PostgresStore, fts_words, tsquery
from dossier.store.sqlite import SQLiteStore


def ledger(store: PostgresStore) -> list[tuple]:
    return [(r["version"], r["name"], r["applied_at"])
            for r in store._rows("SELECT version, name, applied_at FROM migrations ORDER BY version")]


def test_the_migrations_mirror_sqlites():
    assert [(m.version, m.name) for m in PG_MIGRATIONS] == [(m.version, m.name) for m in MIGRATIONS]


def test_fresh_store_records_every_migration_once(postgres_url):
    with open_store(postgres_url) as st:
        assert isinstance(st, PostgresStore)
        first = ledger(st)
        assert [v for v, _, _ in first] == [m.version for m in PG_MIGRATIONS]
        assert st.schema_version() == len(PG_MIGRATIONS)
    with open_store(postgres_url) as st:
        assert ledger(st) == first


def test_store_newer_than_the_code_is_refused(postgres_url):
    with PostgresStore(postgres_url) as st:
        st._execute("INSERT INTO migrations (version, name, applied_at) VALUES (99, 'future', 'x')")
    with pytest.raises(StoreError, match="schema version 99, newer than this version"):
        PostgresStore(postgres_url)


def test_failed_migration_leaves_the_previous_version(postgres_url):
    PostgresStore(postgres_url).close()
    broken = PG_MIGRATIONS + (Migration(len(PG_MIGRATIONS) + 1, "broken", "CREATE TABLE fine (x TEXT); SELEC oops;"),)
    with pytest.raises(StoreError, match=f"migration {len(PG_MIGRATIONS) + 1} \\(broken\\) failed"):
        PostgresStore(postgres_url, migrations=broken)
    with PostgresStore(postgres_url) as st:
        assert st.schema_version() == len(PG_MIGRATIONS)
        assert st._one("SELECT to_regclass('fine') IS NULL AS gone")["gone"]  # the whole migration rolled back


def test_many_writers_at_once_give_the_rows_of_one_writer(postgres_url, tmp_path, italian, english):
    # Eight writers, each its own connection, store articles that share entities (locked rows in
    # common), two of them the same document at the same time. The result must equal a serial
    # build into SQLite: no lost article, no duplicate, no deadlock left unresolved.
    articles = [italian(f"doc-it-{i}") for i in range(6)] + [english("doc-en"), english("doc-en")]
    with PostgresStore(postgres_url):
        pass  # migrate once, before the race
    errors: list[BaseException] = []
    start = threading.Barrier(len(articles))

    def write(article) -> None:
        try:
            with PostgresStore(postgres_url) as st:
                start.wait()
                for _ in range(3):  # and again, over the others' writes
                    st.write_article(article, b"sig", "p")
        except BaseException as e:  # reported below: a thread's exception would vanish
            errors.append(e)

    threads = [threading.Thread(target=write, args=(a,)) for a in articles]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with SQLiteStore(tmp_path / "serial.db") as serial:
        for a in articles:
            serial.write_article(a, b"sig", "p")
        expected = serial.dump()
    with PostgresStore(postgres_url) as st:
        assert st.dump() == expected
        assert len(st.search("Cremlino")) == 6


def test_a_writer_waits_for_a_lock_then_says_the_store_is_busy(postgres_url, italian):
    import psycopg

    with PostgresStore(postgres_url, timeout=0.3) as st:
        told: list[str] = []
        st.wait_when_busy(0.3, told.append)
        with psycopg.connect(postgres_url) as other:  # another writer holds the documents table
            other.execute("LOCK TABLE documents IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StoreError, match="is busy") as err:
                st.write_article(italian(), None, "p")
            assert "busy_timeout_seconds" in str(err.value) and told
            other.rollback()
        assert not st.has_document("doc-it")
        st.write_article(italian(), None, "p")  # free again: the write goes through
        assert st.has_document("doc-it", "p")


def test_words_are_cut_as_sqlite_cuts_them():
    assert fts_words("La Città di Mosca, l'esercito: Kim Jong-un 5.000 casse_x") == [
        "la", "citta", "di", "mosca", "l", "esercito", "kim", "jong", "un", "5", "000", "casse", "x"]
    assert tsquery('Mosca "artillery shells" muni* (NOT") x:y') == \
        "'mosca' & ('artillery' <-> 'shells') & 'muni':* & 'not' & 'x' & 'y'"
    assert tsquery("Città") == "'citta'"
    assert tsquery('" () :-)') is None
