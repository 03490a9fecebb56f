"""Casualty counts of a state's forces, partitive figures, calibres, and figures given as estimates."""
from __future__ import annotations

import pytest

from dossier.pipeline import Pipeline
from dossier.records import Article, Document
from dossier.stage import Resources


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(resources=Resources({"parser": "on"}))  # these read the parse


def _q(pipe, text, lang="en"):
    art = pipe.run(Article(document=Document(id="t", text=text, language=lang, published="2025-02-14")))
    return {q.text: q for q in art.quantities}


def test_losses_of_a_states_forces_are_soldiers_and_never_flows(pipe):
    qs = _q(pipe, "Kyiv's military intelligence said about 2,300 Belarusian casualties were counted, "
                  "roughly 500 of them killed.")
    first = next(q for t, q in qs.items() if t.startswith("about 2,300"))
    assert first.unit == "soldier" and (first.from_entity, first.to_entity) == (None, None)
    part = next(q for t, q in qs.items() if t.startswith("roughly 500"))
    assert part.unit == "soldier" and part.item in ("casualty", "killed") and part.to_entity is None


def test_a_demonym_is_never_discovered_as_a_new_name(pipe):
    art = pipe.run(Article(document=Document(id="t", language="en", text=(
        "The ministry gave reporters a new estimate on Monday: about 900 Belarusian casualties."))))
    assert not any(m.entity_id and m.entity_id.startswith("new:") and "belarus" in m.entity_id for m in art.mentions)


def test_a_calibre_between_figure_and_noun_keeps_the_noun(pipe):
    qs = _q(pipe, "The depots could store as many as 2 million 122mm artillery shells, officials said.")
    (q,) = [q for t, q in qs.items() if t.startswith("as many as 2 million")]
    assert q.unit == "shell" and q.value == 2_000_000 and "122mm" in q.text


def test_an_estimate_given_by_a_service_is_its_claim(pipe):
    qs = _q(pipe, "Japan's defence ministry gave lawmakers a new estimate on Tuesday: about 1,200 Belarusian "
                  "casualties.")
    (q,) = qs.values()
    assert q.source_entity is not None and q.stance in ("asserted", "estimated", "alleged")


def test_the_speaker_of_the_governing_verb_is_the_source_not_the_relaying_agency(pipe):
    qs = _q(pipe, "The Kremlin said Minsk had sent 2,000 troops to Russia, RIA Novosti reported.")
    (q,) = qs.values()
    assert q.source_entity == "KREMLIN"


def test_an_office_in_the_english_possessive_is_its_holder_on_the_day(pipe):
    art = pipe.run(Article(document=Document(id="t", language="en", published="2024-05-01", text=(
        "Seoul's foreign minister met Russia's president after South Korea's defence minister spoke."))))
    got = {m.text: m.entity_id for m in art.mentions if m.form == "NOM"}
    assert got.get("Russia's president") == "PUTIN"
    assert got.get("South Korea's defence minister") and got.get("Seoul's foreign minister")
    assert got["South Korea's defence minister"] != got["Seoul's foreign minister"]


@pytest.mark.parametrize("lang,text,surface", [
    ("it", "La Corea del Sud ha ricevuto il ministro. Il Sud ha poi promesso aiuti a Kyiv.", "Sud"),
    ("en", "South Korea received the minister. The South then promised aid to Kyiv.", "South"),
    ("it", "Il Vietnam ha accolto Putin ad Hanoi. Il Paese asiatico ha firmato un accordo.", "Paese asiatico"),
    ("en", "Vietnam welcomed Putin in Hanoi. The Asian country signed an agreement.", "Asian country"),
])
def test_anaphoric_state_descriptions_take_the_state_named_before(pipe, lang, text, surface):
    art = pipe.run(Article(document=Document(id="t", text=text, language=lang, published="2024-07-01")))
    got = {m.text: m.entity_id for m in art.mentions}
    named_first = art.mentions[0].entity_id
    assert got.get(surface) == named_first, got


def test_a_short_state_name_needs_its_full_name_first(pipe):
    art = pipe.run(Article(document=Document(id="t", text="The South Gate of the palace was closed on Monday.",
                                             language="en", published="2024-07-01")))
    assert not any(m.entity_id == "KOR" for m in art.mentions)


@pytest.mark.parametrize("text,giver,taker", [
    ("Officials said Belarus had handed Russia several howitzers last month.", "BLR", "RUS"),
    ("Russia gave Belarus 10,000 tonnes of fuel, the ministry said.", "RUS", "BLR"),
    ("Belarus received 500 tanks from Russia in March.", "RUS", "BLR"),
])
def test_giver_and_receiver_come_from_the_verb_that_governs_the_figure(pipe, text, giver, taker):
    (q,) = _q(pipe, text).values()
    assert (q.from_entity, q.to_entity) == (giver, taker)


def test_an_institution_named_by_its_capital_or_state():
    it = Pipeline(("sentences", "issues", "entities"), Resources({"ner_model": "off"})).run(Article(document=Document(
        id="t", language="it", text="Secondo l'intelligence di Seul e i servizi segreti della Corea del Sud, Mosca tace.")))
    got = {m.text: m.entity_id for m in it.mentions}
    assert got.get("intelligence di Seul") == got.get("servizi segreti della Corea del Sud") is not None


def test_a_backward_report_attributes_the_words_it_reports():
    pipe = Pipeline(("sentences", "parse", "issues", "entities", "times", "quantities", "events", "claims"),
                    Resources({"parser": "off"}))
    text = ("Il presidente vietnamita ha ricevuto ieri ad Hanoi il ministro russo Lavrov e gli ha assicurato il "
            "sostegno del Paese. Lo ha riferito oggi l'agenzia Tass.")
    art = pipe.run(Article(document=Document(id="t", text=text, language="it", published="2024-06-21")))
    support = [e for e in art.events if e.type == "STATEMENT_SUPPORT"]
    assert support and support[0].source_entity == "TASS"


def test_a_bare_minister_is_the_minister_the_article_is_about():
    pipe = Pipeline(("sentences", "issues", "entities"), Resources({"ner_model": "off"}))
    text = ("Il ministro degli Esteri russo Sergei Lavrov ha visitato Hanoi. Lavrov ha incontrato il ministro "
            "vietnamita. Il ministro ha poi detto che i rapporti sono ottimi.")
    art = pipe.run(Article(document=Document(id="t", text=text, language="it", published="2024-06-20")))
    bare = [m for m in art.mentions if m.text == "ministro" and m.start > text.index("poi") - 20]
    assert bare and bare[0].entity_id == "LAVROV"
    alone = pipe.run(Article(document=Document(id="t", text="Il ministro ha parlato a lungo.", language="it")))
    assert not any(m.form == "NOM" for m in alone.mentions)  # nobody named before: no guess
