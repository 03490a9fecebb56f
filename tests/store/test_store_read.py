"""The reads the CLI views call: search, claims, flows, timeline, entities."""
from __future__ import annotations

import dataclasses

import pytest

from dossier.records import Event, Quantity, record_id
from dossier.store.sqlite import fts_query


@pytest.fixture
def filled(store, italian, english):
    store.write_article(italian(), b"it-sig", "p")
    store.write_article(english(), None, "p")
    return store


def texts(sentences) -> list[str]:
    return [s.text for s in sentences]


def test_search_finds_a_word_and_ignores_accents(filled):
    hits = filled.search("Città")
    assert [s.text.startswith("La Città di Mosca") for s in hits] == [True]
    assert filled.search("citta") == hits
    assert filled.search("CITTA") == hits
    assert filled.search("ospitera") == hits  # "ospiterà" without its accent


def test_search_returns_sentences_with_their_offsets(filled, italian):
    text = italian().document.text
    for s in filled.search("Mosca"):
        assert s.doc_id == "doc-it"
        assert text[s.start:s.end] == s.text
    assert len(filled.search("Mosca")) == 2


def test_search_needs_every_word(filled):
    assert texts(filled.search("Mosca incontro")) == [t for t in texts(filled.search("incontro")) if "Mosca" in t]
    assert len(filled.search("Mosca incontro")) == 1
    assert filled.search("Mosca artillery") == []


@pytest.mark.parametrize("query", [
    '"Mosca', 'Mosca"', "(Mosca", "Mosca)", '("Mosca', "-Mosca", "Mosca^", "{Mosca}", "Mosca'", "*Mosca", "+Mosca+",
])
def test_search_punctuation_in_the_query_is_ignored(filled, query):
    assert len(filled.search(query)) == 2  # the only word is Mosca, whatever surrounds it


@pytest.mark.parametrize("query", ["Mosca AND", "NOT Mosca", "Mosca OR", "NEAR(Mosca, 2)", "text:Mosca"])
def test_search_operators_are_plain_words(filled, query):
    # FTS5 would read these as operators or a column filter (or fail on them); here every word
    # must occur, and no sentence holds "and", "not", "or", "near" or "text" beside Mosca.
    assert filled.search(query) == []


def test_fts_query_quotes_every_word():
    assert fts_query('Mosca "artillery shells" muni* (NOT") x:y') == '"Mosca" "artillery shells" "muni"* "NOT" "x" "y"'
    assert fts_query("l'esercito nordcoreano") == '"l" "esercito" "nordcoreano"'


@pytest.mark.parametrize("query", ['"', "()", "   ", "*", "AND", ":-)"])
def test_search_for_nothing_returns_nothing(filled, query):
    result = filled.search(query)
    assert isinstance(result, list)
    if query == "AND":  # a word like any other: no sentence holds it
        assert result == []
    else:
        assert fts_query(query) is None and result == []


def test_search_phrases_and_prefixes(filled):
    assert len(filled.search('"artillery shells"')) == 1
    assert filled.search('"shells artillery"') == []
    assert texts(filled.search("munizion*")) == [t for t in texts(filled.search("munizioni"))]
    assert len(filled.search("munizion")) == 0
    assert len(filled.search("muni*")) == 2  # "munizioni" and "munitions"


def test_search_limit(filled):
    assert len(filled.search("the", limit=1)) == 1
    assert len(filled.search("the", limit=20)) == 2
    assert filled.search("the", limit=0) == []


def test_claims_about_filters_by_the_cue_sentence(filled, italian, english):
    it, en = italian(), english()
    assert filled.claims() == list(en.claims) + list(it.claims)  # by document id, then offset
    about_shells = filled.claims(about="artillery")
    assert [c.id for c in about_shells] == [en.claims[0].id]
    assert about_shells[0].about == en.claims[0].about
    assert [c.text for c in filled.claims(about="munizioni")] == ["Secondo"]
    assert [c.text for c in filled.claims(about="fornitura armi")] == ["nega"]
    assert filled.claims(about="(") == []
    assert filled.claims(about="treaty") == []  # that sentence carries no claim


def test_flows_ordered_by_period_then_document(filled, store, italian):
    # A third article with an undated flow and a non-flow figure.
    base = italian("doc-zz")
    undated = dataclasses.replace(base.quantities[0], period=None, period_start=None, period_end=None,
                                  id=record_id("quantity", "doc-zz", base.quantities[0].start, base.quantities[0].end))
    plain = Quantity(doc_id="doc-zz", start=base.sentences[3].start, end=base.sentences[3].start + 4, text="Foto",
                     id="quantity:doc-zz:not-a-flow")
    filled.write_article(dataclasses.replace(base, quantities=(undated, plain), claims=()), None, "p")
    flows = filled.flows()
    assert [(q.doc_id, q.period) for q in flows] == [("doc-it", "2024"), ("doc-en", "2024-05"), ("doc-zz", None)]
    assert plain.id not in {q.id for q in flows}
    assert plain.id in {q.id for q in filled.quantities()}
    assert [q.doc_id for q in filled.flows(item="shell")] == ["doc-en"]
    assert [q.doc_id for q in filled.flows(item="CRATE")] == ["doc-it", "doc-zz"]  # the unit, any case
    assert filled.flows(item="tank") == []


def test_timeline_ordered_by_date_with_undated_last(filled, italian, english):
    it, en = italian(), english()
    timeline = filled.timeline()
    assert [(e.date, e.doc_id, e.type) for e in timeline] == [
        ("2024", "doc-it", "TRANSFER"), ("2025-03", "doc-it", "MEETING"), (None, "doc-en", "MEETING"),
    ]
    assert timeline[0] == it.events[0]  # participants come back too
    assert timeline[2] == en.events[0]


def test_timeline_puts_month_before_day_and_breaks_ties_by_document(store, italian):
    def dated(doc_id: str, date: str) -> object:
        a = italian(doc_id)
        ev = dataclasses.replace(a.events[0], date=date)
        return dataclasses.replace(a, events=(ev,), claims=())

    for doc_id, date in (("doc-c", "2024-06-18"), ("doc-b", "2024-06"), ("doc-a", "2024-06-18")):
        store.write_article(dated(doc_id, date), None, "p")
    assert [(e.date, e.doc_id) for e in store.timeline()] == [
        ("2024-06", "doc-b"), ("2024-06-18", "doc-a"), ("2024-06-18", "doc-c"),
    ]


def test_events_by_type(filled):
    assert {e.doc_id for e in filled.events("MEETING")} == {"doc-it", "doc-en"}
    assert [e.type for e in filled.events("TRANSFER")] == ["TRANSFER"]
    assert len(filled.events()) == 3
    assert all(isinstance(e, Event) for e in filled.events())


def test_entities_ordered_by_mention_count(filled):
    ranked = [(e.id, n) for e, n in filled.entities()]
    # Russia: 3 Italian + 2 English mentions; the others 2, 1, 1; Archivio is listed but never mentioned.
    assert ranked == [("kb:russia", 5), ("kb:dprk", 2), ("kb:seoul", 1), ("kb:ukraine", 1), ("new:archivio", 0)]
    assert [e.id for e, _ in filled.entities(type="ORG")] == ["new:archivio"]
    assert filled.entities(type="PERSON") == []
    assert filled.entity("new:archivio").discovered is True


def test_mentions_of_an_entity(filled):
    ms = filled.mentions("kb:russia")
    assert [(m.doc_id, m.text) for m in ms] == [
        ("doc-en", "Russia"), ("doc-en", "Moscow"), ("doc-it", "Mosca"), ("doc-it", "Cremlino"), ("doc-it", "Mosca"),
    ]
    assert [m.form for m in ms if m.text == "Cremlino"] == ["MET"]
    assert filled.mentions("kb:nobody") == []


def test_documents_signatures_counts(filled, italian, english):
    docs = filled.documents()
    assert [d.id for d in docs] == ["doc-en", "doc-it"]  # published 2024-06-01 before 2025-01-10
    assert docs[1] == italian().document
    assert [d.text for d in filled.documents(with_text=False)] == ["", ""]
    assert filled.documents(with_text=False)[0] == dataclasses.replace(english().document, text="")
    assert filled.document("doc-it") == italian().document and filled.document("nope") is None
    assert filled.signatures() == [("doc-it", b"it-sig")]
    counts = filled.counts()
    assert counts["documents"] == 2 and counts["claims"] == 4 and counts["mentions"] == 9
    assert set(counts) == set(filled.dump())


def test_undated_documents_come_last(store, italian):
    store.write_article(italian("doc-a", published=None), None, "p")
    store.write_article(italian("doc-b", published="2023-01-01"), None, "p")
    assert [d.id for d in store.documents()] == ["doc-b", "doc-a"]
