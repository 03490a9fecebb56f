"""Writing articles: full round trip, idempotent rewrites, atomic transactions."""
from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dossier.errors import StoreError
from dossier.records import Rejected, record_id
from dossier.store import assign_ids, open_store
from dossier.store.sqlite import SQLiteStore


def test_round_trip_equals_the_article_written(store, italian, english):
    it, en = italian(), english()
    store.write_article(it, b"\x00\x01sig", "sentences@1,claims@1")
    store.write_article(en, None, "sentences@1,claims@1")
    assert store.load_article(it.document.id) == it
    assert store.load_article(en.document.id) == en
    # Every layer really went through the tables (a load that returned nothing would fail above,
    # but check the counts too so the test says where a layer got lost).
    counts = store.counts()
    assert counts["sentences"] == len(it.sentences) + len(en.sentences)
    assert counts["participants"] == sum(len(e.participants) for e in it.events + en.events)
    assert counts["claim_about"] == sum(len(c.about) for c in it.claims + en.claims)
    assert counts["entities"] == 5


def test_empty_ids_are_stored_as_record_ids(store, italian):
    article = italian(with_ids=False)
    assert all(q.id == "" for q in article.quantities)
    store.write_article(article, None, "p")
    loaded = store.load_article(article.document.id)
    assert loaded == assign_ids(article)
    q = loaded.quantities[0]
    assert q.id == record_id("quantity", q.doc_id, q.start, q.end)
    assert all(e.id == record_id("event", e.doc_id, e.start, e.end) for e in loaded.events)


def test_two_id_less_records_on_one_span_get_distinct_ids(store, italian):
    article = italian(with_ids=False)
    meeting = article.events[1]
    twin = dataclasses.replace(meeting, type="VISIT")
    article = dataclasses.replace(article, events=(article.events[0], meeting, twin))
    store.write_article(article, None, "p")
    ids = [e.id for e in store.load_article(article.document.id).events]
    base = record_id("event", meeting.doc_id, meeting.start, meeting.end)
    assert ids[1:] == [base, base + ":2"]


def test_writing_the_same_article_twice_changes_nothing(store, italian, english):
    store.write_article(italian(), b"sig", "p")
    store.write_article(english(), b"sig2", "p")
    before = store.dump()
    store.write_article(italian(), b"sig", "p")
    store.write_article(italian(), b"sig", "p")
    assert store.dump() == before
    assert len(store.search("Cremlino")) == 1  # the full-text index holds no stale copies


def test_building_twice_into_two_files_gives_identical_rows(tmp_path, italian, english):
    dumps = []
    for name in ("a.db", "b.db"):
        with open_store(tmp_path / name) as st:
            run = st.start_run("p")
            st.write_article(italian(), b"sig", "p")
            st.write_article(english(), None, "p")
            st.record_rejected(Rejected("in/empty.txt", "empty: no text"))
            st.finish_run(run, {"written": 2, "rejected": 1})
            dumps.append(st.dump())
    assert dumps[0] == dumps[1]
    assert dumps[0]["documents"] and dumps[0]["rejected"]
    assert "runs" not in dumps[0] and "migrations" not in dumps[0]


def test_rewrite_replaces_the_old_layers(store, italian):
    article = italian()
    store.write_article(article, None, "old")
    fewer = dataclasses.replace(article, quantities=(), claims=article.claims[1:], events=article.events[1:])
    store.write_article(fewer, None, "new")
    assert store.load_article(article.document.id) == fewer
    counts = store.counts()
    assert counts["quantities"] == 0 and counts["claims"] == 1 and counts["events"] == 1
    assert counts["participants"] == 0 and counts["claim_about"] == 0
    assert store.has_document(article.document.id, "new") and not store.has_document(article.document.id, "old")


def test_has_document_checks_the_pipeline(store, italian):
    doc_id = italian().document.id
    assert not store.has_document(doc_id)
    store.write_article(italian(), None, "sentences@1")
    assert store.has_document(doc_id)
    assert store.has_document(doc_id, "sentences@1")
    assert not store.has_document(doc_id, "sentences@2")


def test_a_failure_mid_write_leaves_no_partial_article(store, italian, english, monkeypatch):
    it, en = italian(), english()
    store.write_article(it, None, "p")
    before = store.dump()

    def boom(self, claims):
        raise RuntimeError("simulated crash while linking claims")

    monkeypatch.setattr(type(store), "_insert_claim_about", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.write_article(en, None, "p")
    assert not store.has_document(en.document.id)
    assert store.dump() == before  # no sentence, mention, entity or claim of the English article
    assert store.search("artillery") == []

    # A failed rewrite keeps the previous version whole.
    changed = dataclasses.replace(it, quantities=())
    with pytest.raises(RuntimeError):
        store.write_article(changed, None, "p2")
    assert store.load_article(it.document.id) == it
    assert store.has_document(it.document.id, "p")


def test_a_database_error_becomes_a_store_error(store, italian, english):
    it = italian()
    store.write_article(it, None, "p")
    en = english()
    # An English quantity that reuses the Italian one's id: the primary key refuses it.
    clash = dataclasses.replace(en.quantities[0], id=it.quantities[0].id)
    bad = dataclasses.replace(en, quantities=(clash,), claims=())
    with pytest.raises(StoreError, match=f"could not store document {en.document.id}"):
        store.write_article(bad, None, "p")
    assert not store.has_document(en.document.id)
    assert store.load_article(it.document.id) == it


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_a_killed_build_leaves_whole_articles(request, engine, db_path):
    # A child process writes one article, then dies (os._exit, no cleanup) inside the second
    # article's transaction. The store must hold the first article whole and nothing of the second.
    target = str(db_path) if engine == "sqlite" else request.getfixturevalue("postgres_url")
    conftest = Path(__file__).with_name("conftest.py")
    script = textwrap.dedent(f"""
        import importlib.util, os
        spec = importlib.util.spec_from_file_location("store_conftest", {str(conftest)!r})
        mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
        from dossier.store import open_store
        st = open_store({target!r})
        st.write_article(mod.italian_article(), None, "p")
        def die(self, claims):
            os._exit(9)
        type(st)._insert_claim_about = die
        st.write_article(mod.english_article(), None, "p")
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    with open_store(target) as st:
        assert st.has_document("doc-it") and not st.has_document("doc-en")
        assert st.counts()["sentences"] == 4 and st.search("artillery") == []
        if engine == "sqlite":
            assert st._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        st.write_article(_english(conftest), None, "p")  # the rerun completes the build
        assert st.has_document("doc-en", "p")


def _english(conftest: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("store_conftest_parent", conftest)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.english_article()


def test_offsets_that_do_not_cite_the_text_are_refused(store, italian):
    article = italian()
    q = article.quantities[0]
    shifted = dataclasses.replace(q, start=q.start + 1, end=q.end + 1)
    with pytest.raises(StoreError, match=r"is not document.text\[") as err:
        store.write_article(dataclasses.replace(article, quantities=(shifted,)), None, "p")
    assert "fix the offsets in test" in str(err.value)
    assert store.counts()["documents"] == 0


def test_records_of_another_document_are_refused(store, italian):
    article = italian()
    alien = dataclasses.replace(article.mentions[0], doc_id="doc-other")
    with pytest.raises(StoreError, match="has doc_id 'doc-other'"):
        store.write_article(dataclasses.replace(article, mentions=(alien,)), None, "p")


def test_duplicate_record_ids_in_one_article_are_refused(store, italian):
    article = italian()
    twin = dataclasses.replace(article.events[1], id=article.events[0].id)
    with pytest.raises(StoreError, match="two events with id"):
        store.write_article(dataclasses.replace(article, events=(article.events[0], twin)), None, "p")


def test_rejected_is_idempotent_and_sorted(store):
    store.record_rejected(Rejected("in/z.html", "oversized: 30 MB"))
    store.record_rejected(Rejected("in/a.txt", "empty: no text"))
    store.record_rejected(Rejected("in/z.html", "oversized: 30 MB"))
    store.record_rejected(Rejected("in/a.txt", "unreadable encoding"))
    assert store.rejected() == [
        Rejected("in/a.txt", "empty: no text"),
        Rejected("in/a.txt", "unreadable encoding"),
        Rejected("in/z.html", "oversized: 30 MB"),
    ]
    first = store._one("SELECT first_seen FROM rejected WHERE source_path = ?", ("in/z.html",))["first_seen"]
    assert first  # the time stamp lives outside dump()
    assert store.dump()["rejected"][0] == ("in/a.txt", "empty: no text")


def test_delete_document_removes_every_layer(store, italian, english):
    store.write_article(italian(), b"s", "p")
    store.write_article(english(), None, "p")
    assert store.delete_document("doc-it") is True
    assert store.delete_document("doc-it") is False
    for table, rows in store.dump().items():
        if table not in ("entities", "rejected"):  # entities are global; rejected is not per document
            assert all("doc-it" not in str(r) for r in rows), table
    assert store.search("Cremlino") == []
    assert store.load_article("doc-en") == english()


def test_unknown_document_is_a_store_error(store):
    with pytest.raises(StoreError, match="no document 'nope'"):
        store.load_article("nope")


def test_entities_are_global_and_upserted(store, italian, english):
    store.write_article(italian(), None, "p")
    en = english()
    renamed = dataclasses.replace(en.entities[1], aliases=("Moscow", "Russian Federation"))
    store.write_article(dataclasses.replace(en, entities=(en.entities[0], renamed, en.entities[2])), None, "p")
    assert store.counts()["entities"] == 5
    assert store.entity("kb:russia").aliases == ("Moscow", "Russian Federation")
    assert store.entity("kb:missing") is None


def test_closed_store_says_so(db_path):
    with open_store(db_path) as st:
        pass
    with pytest.raises(StoreError, match="is closed"):
        st.documents()
    st.close()  # twice is harmless


def test_second_writer_waits_then_gets_a_clear_error(db_path, italian):
    with open_store(db_path) as st:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            quick = SQLiteStore(db_path, timeout=0.1)
            with pytest.raises(StoreError, match="one writer at a time"):
                quick.write_article(italian(), None, "p")
            quick.close()
        finally:
            other.execute("ROLLBACK")
            other.close()
        st.write_article(italian(), None, "p")
        assert st.has_document("doc-it")
    assert not os.path.exists(str(db_path) + "-journal")  # WAL mode, not a rollback journal
