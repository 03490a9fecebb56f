"""Answers over a real store of the sample corpus: figures side by side with their sources and
conflicts, dates, doers, places, speakers; every citation slices from its article; nothing guessed."""
from __future__ import annotations

import pytest

from dossier.store import open_store


@pytest.fixture(scope="module")
def texts(ask_db):
    with open_store(ask_db) as s:
        return {d.id: d.text for d in s.documents()}


def _check_citations(result, texts):
    assert result["citations"], result["answer"]
    for c in result["citations"]:
        assert texts[c["doc_id"]][c["start"]:c["end"]] == c["text"]  # exactly the article's sentence
    for conflict in result["conflicts"]:
        for claim in conflict["claims"]:
            assert texts[claim["doc_id"]][claim["start"]:claim["end"]] == claim["sentence"]


@pytest.mark.parametrize("text", ["How many containers did North Korea send to Russia?",
                                  "Quanti container ha spedito la Corea del Nord in Russia?"])
def test_figures_of_a_flow_are_listed_each_with_its_source_and_never_averaged(asker, texts, text):
    r = asker.ask(text)
    assert r["answered_from"] == "figures"
    figures = [f for f in r["facts"] if f["kind"] == "figure"]
    values = {f["value"] for f in figures}
    assert len(values) >= 3 and {6700, 11000} <= values  # the sample corpus's Korean and American figures
    assert all(f["source"] and f["stance"] for f in figures)
    assert all(f["unit"] == "container" and f["from"] == "North Korea" and f["to"] == "Russia" for f in figures)
    assert r["conflicts"] and all(c["reason"] for c in r["conflicts"])
    compared = {claim["value"] for c in r["conflicts"] for claim in c["claims"]}
    assert compared <= values | {None}  # a conflict lists figures that were given, no blend of them
    assert any(f["kind"] == "denial" for f in r["facts"])  # Moscow and Pyongyang deny the trade
    _check_citations(r, texts)
    assert r["independent_sources"] >= 3


def test_english_question_over_italian_articles_answers_from_them(asker, texts):
    r = asker.ask("When did the State Duma ratify the treaty with North Korea?")
    assert "2024-10-24" in r["answer"]
    _check_citations(r, texts)
    italian = [c for c in r["citations"] if c["doc_id"].startswith("44b05276")]
    assert italian  # the Italian report of the vote


def test_a_period_keeps_only_the_figures_of_that_time(asker, texts):
    r = asker.ask("How many North Korean soldiers were sent to Russia in April 2025?")
    values = {f["value"] for f in r["facts"] if f["kind"] == "figure"}
    assert values == {15000}
    _check_citations(r, texts)


def test_when_who_where(asker, texts):
    when = asker.ask("When did Putin and Kim Jong Un sign the treaty?")
    assert "2024-06-19" in when["answer"]
    who = asker.ask("Chi ha posto il veto al rinnovo del panel dell'ONU?")
    assert "Russia" in who["answer"]
    where = asker.ask("Where did Putin and Kim Jong Un sign the treaty?")
    assert "Pyongyang" in where["answer"]
    for r in (when, who, where):
        _check_citations(r, texts)


@pytest.mark.parametrize("text", ["How many penguins live in Antarctica?",
                                  "Chi ha vinto le elezioni presidenziali in Brasile?",
                                  "How many tanks did China send to Russia?"])
def test_no_answer_in_the_corpus_is_said_not_guessed(asker, text):
    r = asker.ask(text)
    assert r["answered_from"] is None and r["citations"] == [] and r["facts"] == []
    assert "no answer in the corpus" in r["answer"].lower()


def test_the_json_shape(asker):
    r = asker.ask("How many containers did North Korea send to Russia?")
    assert {"answer", "citations", "conflicts", "facts", "independent_sources", "parsed"} <= set(r)
    assert all({"doc_id", "start", "end", "text"} <= set(c) for c in r["citations"])
    assert all({"reason", "is_true_contradiction", "claims"} <= set(c) for c in r["conflicts"])
