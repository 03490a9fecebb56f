"""Number forms as printed in wire copy, counted-noun classes, verb classes by lemma and datelines.

Every sentence here is our own; each test names a whole class (attached multipliers, words for
one before a multiplier, vague determiners, trades counted as soldiers), not a gold sentence.
"""
from __future__ import annotations

import pytest

from dossier.extract.figures import lexicon
from dossier.extract.published import read_dateline
from dossier.lang.wordclass import WordClass
from dossier.pipeline import Pipeline
from dossier.records import Article, Document


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(("sentences", "parse", "issues", "entities", "times", "quantities"))


def _quantities(pipe, text, lang):
    doc = Document(id="t", text=text, language=lang, published="2024-11-30")
    return [(q.text, q.value, q.low, q.unit) for q in pipe.run(Article(document=doc)).quantities]


@pytest.mark.parametrize("text,surface,value", [
    ("Secondo Seul sono arrivati in Russia circa 12mila soldati nordcoreani.", "circa 12mila soldati", 12000),
    ("Il governo ha stanziato 1,5mln di euro per gli aiuti.", "1,5mln di euro", 1_500_000),
    ("Mosca avrebbe ricevuto un milione di proiettili.", "un milione di proiettili", 1_000_000),
])
def test_italian_number_forms(pipe, text, surface, value):
    got = {s: v for s, v, _, _ in _quantities(pipe, text, "it")}
    assert got.get(surface) == value, got


@pytest.mark.parametrize("text,surface,value,unit", [
    ("Officials said the North shipped one thousand containers last month.", "one thousand containers", 1000, "container"),
    ("The ministry said Moscow sent a million barrels of oil.", "a million barrels", 1_000_000, "barrel"),
    ("Analysts put the deal at about $2 billion.", "about $2 billion", 2e9, "USD"),
    ("The deal was worth $4bn, the report said.", "$4bn", 4e9, "USD"),
])
def test_english_number_forms(pipe, text, surface, value, unit):
    got = {s: (v, u) for s, v, _, u in _quantities(pipe, text, "en")}
    assert got.get(surface) == (value, unit), got


def test_vague_determiners_count_goods_and_troops_only(pipe):
    got = {s: (low, u) for s, _, low, u in _quantities(
        pipe, "Russia sent a few hundred missiles and several tanks after several days of talks in several countries.", "en")}
    assert got["a few hundred missiles"] == (200, "missile")
    assert got["several tanks"] == (2, "tank")
    assert not any("days" in s or "countries" in s for s in got)
    it = {s for s, *_ in _quantities(pipe, "Mosca ha consegnato diversi missili dopo alcuni giorni di colloqui.", "it")}
    assert "diversi missili" in it and not any("giorni" in s for s in it)


def test_military_trades_and_modifiers_count_soldiers(pipe):
    units = {s: u for s, _, _, u in _quantities(
        pipe, "Pyongyang invierà 800 genieri, 2mila costruttori militari e 300 operai civili.", "it")}
    assert units["800 genieri"] == "soldier"
    assert units["2mila costruttori militari"] == "soldier"
    assert units.get("300 operai") == "person"


def test_counted_nouns_in_both_numbers():
    it, en = lexicon("it").nouns, lexicon("en").nouns
    assert it["soldato"] == it["soldati"] and it["missile"] == it["missili"]
    assert en["howitzer"] == en["howitzers"] and en["casualty"] == en["casualties"]
    assert "arm" not in en  # "arms" are weapons, "an arm" is not


def test_verb_classes_match_every_form_of_their_lemmas():
    give = WordClass(["spedit*"], "it", ["mandare", "inviare"])
    assert give.search("La Corea del Nord manderà truppe").group() == "manderà"
    assert give.search("le armi inviate ieri").group() == "inviate"
    assert give.search("un messaggio di saluto") is None
    exact = WordClass(["present"], "en")
    assert exact.search("the agency presented its estimate") is None  # exact words stay exact


@pytest.mark.parametrize("text,code,expected", [
    ("BERLINO, 4 DIC – Il ministro", "it", (None, 12, 4)),
    ("NAPOLI, 21 marzo 2024 – Il sindaco", "it", (2024, 3, 21)),
    ("TOKYO, Feb. 9 (Wire) - The cabinet", "en", (None, 2, 9)),
    ("New York, October 2, 2023 — The council", "en", (2023, 10, 2)),
])
def test_datelines(text, code, expected):
    assert read_dateline(text, code)[:3] == expected


def test_a_clause_is_not_a_dateline():
    assert read_dateline("Il ministro, 3 marzo - ha detto", "it") is None
    assert read_dateline("Il governo ha parlato il 3 marzo.", "it") is None


def test_a_dateline_without_year_takes_the_year_of_the_story(pipe):
    text = ("LISBONA, 12 FEB – Il presidente ha firmato ieri l'accordo. Il testo era stato negoziato nel 2023 "
            "e approvato dal parlamento a gennaio.")
    doc = pipe.run(Article(document=Document(id="t", text=text, language="it"))).document
    assert doc.published is not None and doc.published.endswith("-02-12")
