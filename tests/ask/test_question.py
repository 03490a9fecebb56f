"""Questions are parsed by the article pipeline: kind, counted noun, parties, period, source."""
from __future__ import annotations

import pytest

from dossier.ask.question import guess_language


@pytest.mark.parametrize("text, lang", [
    ("How many containers did North Korea send to Russia?", "en"),
    ("Quanti container ha spedito la Corea del Nord in Russia?", "it"),
    ("Chi ha posto il veto?", "it"),
    ("Who vetoed the panel?", "en"),
])
def test_the_language_of_a_short_question_is_guessed_from_its_function_words(text, lang):
    assert guess_language(text) == lang


@pytest.mark.parametrize("text, kind", [
    ("How many soldiers did Pyongyang send?", "quantity"),
    ("Quante munizioni ha inviato Pyongyang?", "quantity"),
    ("When did Putin and Kim sign the treaty?", "when"),
    ("In che anno è stato firmato il trattato?", "when"),
    ("Who vetoed the renewal of the panel?", "who"),
    ("Dove hanno firmato il trattato?", "where"),
    ("What does Article 4 say?", "what"),
])
def test_the_question_word_gives_the_kind(asker, text, kind):
    assert asker.parse(text).kind == kind


def test_the_counted_noun_right_after_how_many_is_the_one_asked(asker):
    q = asker.parse("How many artillery shells could the containers hold?")
    assert q.units[0] == "shell" and "container" in q.units
    q = asker.parse("Quanti container di munizioni ha spedito Pyongyang?")
    assert q.units[0] == "container"


@pytest.mark.parametrize("text", ["How many containers did North Korea send to Russia?",
                                  "Quanti container ha inviato la Corea del Nord alla Russia?"])
def test_giver_and_receiver_come_from_the_clause_in_both_languages(asker, text):
    q = asker.parse(text)
    assert (q.giver, q.receiver) == ("PRK", "RUS")


def test_a_period_and_a_source_are_read(asker):
    q = asker.parse("How many soldiers were killed according to the NIS in January 2025?")
    assert q.period == "2025-01" and q.source == "ROK_NIS" and "killed" in q.items
    q = asker.parse("Quanti soldati nordcoreani ha stimato il Pentagono a ottobre 2024?")
    assert q.period == "2024-10" and q.source and q.source != q.receiver


def test_an_auxiliary_is_not_a_counted_noun(asker):
    q = asker.parse("Quanti soldati sono stati inviati in Russia?")
    assert q.units == ("soldier",)  # "stati" (were) is no "stati" (states)


@pytest.mark.parametrize("text", ["", "   ", "x" * 600])
def test_an_empty_or_oversized_question_is_a_clear_error(asker, text):
    from dossier.errors import DossierError

    with pytest.raises(DossierError):
        asker.ask(text)


def test_an_unknown_language_is_refused(asker):
    from dossier.errors import DossierError

    with pytest.raises(DossierError, match="language"):
        asker.ask("How many?", lang="fr")


def test_a_thing_we_do_not_count_is_named_so_other_units_do_not_answer(asker):
    assert asker.parse("How many speeches did Kim give in Moscow?").extra["uncounted"] == "speeches"
    assert asker.parse("Quanti discorsi ha tenuto Kim a Mosca?").extra["uncounted"] == "discorsi"
    assert asker.parse("How many soldiers did Pyongyang send?").extra["uncounted"] is None
