"""The views kept in the store (`dossier.views.kept`): made by resolve, out of date after any write,
made again by the next read, and filtered in the store exactly as the rows themselves say."""
from __future__ import annotations

import shutil

import pytest

from dossier import views
from dossier.pipeline import Pipeline
from dossier.records import Article, Document
from dossier.stage import Resources
from dossier.store import open_store


@pytest.fixture(scope="module")
def kb():
    return Resources().kb


@pytest.fixture
def store(tmp_path, examples_db):
    path = tmp_path / "kept.db"
    shutil.copyfile(examples_db, path)
    with open_store(path) as s:
        yield s


def _new_article() -> Article:
    text = ("Secondo il ministero della Difesa sudcoreano, la Corea del Nord ha inviato alla Russia 7.000 "
            "container di munizioni tra l'agosto 2023 e il marzo 2024.")
    doc = Document(id="kept00000000000a", text=text, language="it", published="2024-03-20")
    return Pipeline().run(Article(document=doc))


def test_resolve_makes_every_view_and_a_write_puts_them_out_of_date(store, kb):
    assert all(store.view_made(v) == views.kept.kb_mark(kb) for v in views.VIEWS)
    store.write_article(_new_article())
    assert all(store.view_made(v) is None for v in views.VIEWS)
    total, rows = views.page(store, "flows", kb)  # the next read makes the view again, with the new figures
    assert store.view_made("flows") == views.kept.kb_mark(kb) and total == len(rows)
    assert any(r["doc_id"] == "kept00000000000a" for r in rows)
    assert store.view_made("timeline") is None  # only the view read was made


def test_rows_made_while_an_article_arrives_are_not_taken_as_up_to_date(store, kb):
    mark = store.begin_view("flows")
    store.write_article(_new_article())
    assert store.write_view("flows", [], views.kept.kb_mark(kb), mark) is False
    assert store.view_made("flows") is None


def test_another_knowledge_base_makes_the_views_again(store, kb):
    assert store.view_made("actors") == views.kept.kb_mark(kb)
    views.page(store, "actors", None)
    assert store.view_made("actors") == views.kept.kb_mark(None) != views.kept.kb_mark(kb)


def test_store_filters_keep_the_rows_the_rows_themselves_say(store, kb):
    every = views.page(store, "timeline", kb)[1]
    assert every and [r["cluster"] for r in every] == [r["cluster"] for r in views.merged_event_rows(store, kb=kb)]
    for want in ("PUTIN", "putin", "Korea"):
        ids = views.ids_named(store, want)
        kept = views.page(store, "timeline", kb, keys=[views.keys_of("actor", ids)])[1]
        assert kept == [r for r in every if set(r["who_ids"]) & set(ids)]
    for since, until in (("2024", None), ("2024-06", "2024-06"), (None, "2023-12-31")):
        kept = views.page(store, "timeline", kb, since=since, until=until)[1]
        assert kept == [r for r in every if r["date"]
                        and (not since or r["date"].split("/")[-1][:len(since)] >= since)
                        and (not until or r["date"].split("/")[0][:len(until)] <= until)]
    flows = views.page(store, "flows", kb)[1]
    containers = views.page(store, "flows", kb, keys=[["item:container"]])[1]
    assert containers and containers == [r for r in flows if "container" in (r["item"], r["unit"])]


def test_a_page_is_a_slice_of_the_whole_view(store, kb):
    total, every = views.page(store, "claims", kb)
    assert total == len(every) > 10
    assert views.page(store, "claims", kb, limit=5, offset=5) == (total, every[5:10])
    originals = views.page(store, "claims", kb, originals=True)[1]
    assert len(originals) <= total


def test_claims_about_a_word_in_either_language(store, kb):
    english = views.page(store, "claims", kb, about=("containers", views.word_forms("containers")))[1]
    italian = views.page(store, "claims", kb, about=("contenitori", views.word_forms("contenitori")))[1]
    assert english and {c["id"] for c in english} == {c["id"] for c in italian}
    capped = views.page(store, "claims", kb, about=("containers", views.word_forms("containers")), about_latest=1)
    assert 0 < capped[0] <= len(english)
