"""The date grammar and the publication-date inference, on sentences written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.extract.sentences import split_sentences
from dossier.extract.times import extract_times
from dossier.records import Document
from dossier.kb import KnowledgeBase

STORY_TIMELINE = KnowledgeBase.load().timeline

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ANCHOR = "2025-03-12"  # a Wednesday


def times_of(text: str, published: str | None = ANCHOR, language: str = "it"):
    doc = Document(id="t", text=text, language=language, published=published)
    doc2, times = extract_times(doc, split_sentences("t", text, language), STORY_TIMELINE)
    return doc2, {t.text.lower(): t for t in times}


@pytest.mark.parametrize("sentence, surface, value, precision, basis", [
    ("Il vertice si è tenuto il 3 febbraio 2025 a Roma.", "3 febbraio 2025", "2025-02-03", "day", "explicit"),
    ("Il piano era stato presentato nel novembre 2024.", "novembre 2024", "2024-11", "month", "explicit"),
    ("L'intesa risale al 2019.", "2019", "2019", "year", "explicit"),
    ("Il 28 dicembre il ministro ha parlato alla stampa.", "28 dicembre", "2024-12-28", "day", "relative_to_publication"),
    ("Lunedì il governo ha annunciato nuove misure.", "lunedì", "2025-03-10", "day", "relative_to_publication"),
    ("La delegazione partirà venerdì per la capitale.", "venerdì", "2025-03-14", "day", "relative_to_publication"),
    ("La scorsa settimana i ministri si sono incontrati.", "la scorsa settimana", "2025-03-03/2025-03-09", "range",
     "relative_to_publication"),
    ("I colloqui della settimana scorsa sono falliti.", "settimana scorsa", "2025-03-03/2025-03-09", "range",
     "relative_to_publication"),
    ("Il mese scorso la produzione è calata.", "il mese scorso", "2025-02", "month", "relative_to_publication"),
    ("Lo scorso ottobre la flotta ha lasciato il porto.", "scorso ottobre", "2024-10", "month",
     "relative_to_publication"),
    ("A giugno il parlamento ha votato la legge.", "giugno", "2024-06", "month", "relative_to_publication"),
    ("Un mese fa nessuno ne parlava.", "un mese fa", "2025-02", "month", "relative_to_publication"),
    ("Ieri il portavoce ha smentito tutto.", "ieri", "2025-03-11", "day", "relative_to_publication"),
    ("Oggi il portavoce tace.", "oggi", ANCHOR, "day", "relative_to_publication"),
    ("L'anno scorso le esportazioni sono cresciute.", "l'anno scorso", "2024", "year", "relative_to_publication"),
    ("Quest'anno il bilancio sarà diverso.", "quest'anno", "2025", "year", "relative_to_publication"),
    ("Durante il fine settimana si sono svolte proteste.", "durante il fine settimana", "2025-03-08/2025-03-09",
     "range", "relative_to_publication"),
    ("Nell'estate del 2022 le navi erano ferme.", "estate del 2022", "2022-06-21/2022-09-22", "season", "explicit"),
    ("Tra settembre e gennaio il traffico è raddoppiato.", "tra settembre e gennaio", "2024-09/2025-01", "range",
     "relative_to_publication"),
    ("Da novembre i treni viaggiano pieni.", "da novembre", "2024-11/2025-03", "range", "relative_to_publication"),
    ("Dal 2015 il confine è chiuso.", "dal 2015", "2015/2025-03", "range", "explicit"),
    ("Da gennaio 2025 i prezzi salgono.", "da gennaio 2025", "2025-01/2025-03", "range", "explicit"),
    ("Tra il 4 e il 9 febbraio sono arrivate le navi.", "tra il 4 e il 9 febbraio", "2025-02-04/2025-02-09", "range",
     "relative_to_publication"),
    ("Negli ultimi mesi i contatti si sono moltiplicati.", "negli ultimi mesi", "2025-01/2025-03", "range",
     "relative_to_publication"),
])
def test_date_forms(sentence, surface, value, precision, basis):
    _, found = times_of(sentence)
    assert surface in found, sorted(found)
    t = found[surface]
    assert (t.value, t.precision, t.basis) == (value, precision, basis)


def test_year_rolls_over_for_a_month_later_than_publication():
    _, found = times_of("A novembre era arrivato il primo carico.", published="2025-02-20")
    assert found["novembre"].value == "2024-11"
    _, found = times_of("Tra ottobre e marzo sono partiti i convogli.", published="2025-04-02")
    assert found["tra ottobre e marzo"].value == "2024-10/2025-03"


def test_offsets_are_citations():
    text = "Il primo incontro è stato il 5 aprile 2024. Martedì ci sarà il secondo."
    _, found = times_of(text)
    for t in found.values():
        assert text[t.start:t.end] == t.text
        assert t.sentence in (0, 1)


def test_metadata_date_is_kept():
    doc, _ = times_of("Ieri la riunione.", published="2024-02-02")
    assert doc.published == "2024-02-02"
    assert doc.published_basis == "metadata"


def test_publication_inferred_from_explicit_dates():
    text = ("Il rapporto, diffuso il 14 maggio 2023, descrive un forte aumento dei traffici. "
            "Ieri il ministero ha risposto alle critiche.")
    doc, found = times_of(text, published=None)
    assert doc.published_basis == "inferred"
    assert doc.published_range[0] == "2023-05-14"
    assert doc.published_range[0] <= doc.published_range[1]
    # relative expressions are normalised against the inferred date; the range spans weeks,
    # so a day word is known only to the month
    assert (found["ieri"].value, found["ieri"].precision) == ("2023-05", "month")


def test_publication_inferred_from_a_dated_story_event():
    # The story timeline knows when Putin's visit to North Korea began (a Tuesday):
    # "arriverà martedì" puts the article in the days just before it.
    text = "Secondo il Cremlino, il presidente Putin arriverà martedì a Pyongyang per una visita di Stato."
    doc, found = times_of(text, published=None)
    assert doc.published_basis == "inferred"
    lo, hi = doc.published_range
    assert "2024-06-11" <= lo <= hi <= "2024-06-17"
    assert found["martedì"].value == "2024-06-18"


def test_a_text_without_clues_keeps_no_date():
    doc, found = times_of("La riunione è stata lunga e tesa.", published=None)
    assert doc.published is None
    assert found == {}


@pytest.mark.parametrize("folder", ["seeds-it", "written-it"])
def test_shared_corpus_spans_and_dates(folder):
    corpus = SHARED / "corpus" / folder
    if not corpus.is_dir():
        pytest.skip("../shared is not present")
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc, times = extract_times(Document(id=path.stem, text=text, language="it"),
                                   split_sentences(path.stem, text, "it"), STORY_TIMELINE)
        assert doc.published is not None, path.name  # every article of the story can be dated
        for t in times:
            assert text[t.start:t.end] == t.text


def test_interval_inside_an_earlier_statement_ends_at_the_statement():
    _, found = times_of("A inizio gennaio il governo aveva detto che da ottobre erano partiti molti convogli.")
    assert found["da ottobre"].value == "2024-10/2025-01"
    _, found = times_of("Da ottobre sono partiti molti convogli, ha detto il governo.")
    assert found["da ottobre"].value == "2024-10/2025-03"


def test_metadata_with_a_time_of_day():
    _, found = times_of("Ieri la riunione.", published="2024-02-02T08:15:00+01:00")
    assert found["ieri"].value == "2024-02-01"


# --- publication date: how the clues combine -------------------------------------------------

def test_a_weekday_is_not_yesterday_when_the_text_says_ieri_for_something_else():
    # The Duma ratified the treaty on a Thursday (kb/timeline): "giovedì" alone can be the day before.
    doc, _ = times_of("Giovedì la Duma ha ratificato il trattato con Pyongyang.", published=None)
    assert doc.published_range[0] == "2024-10-25"
    doc, found = times_of("Giovedì la Duma ha ratificato il trattato con Pyongyang. Ieri il Cremlino ha taciuto.",
                          published=None)
    assert doc.published_range[0] == "2024-10-26"
    assert doc.published_range[1] <= "2024-10-30"  # a bare weekday is one of the last six days
    assert found["ieri"].value < doc.published_range[0]


def test_a_month_named_bare_in_the_past_is_over():
    text = ("Il rapporto del 20 dicembre 2024 parlava di poche centinaia di uomini. "
            "A dicembre il ministero indicava cifre ancora più basse.")
    doc, _ = times_of(text, published=None)
    assert doc.published_range[0] == "2025-01-01"
    assert doc.published == "2025-01" and doc.published_precision == "month"


def test_recurring_briefings_are_decided_by_the_other_clues():
    # Briefings of the Seoul intelligence to lawmakers recur on several dates of the timeline:
    # "domenica" next to the offer of a prisoner swap (12 January 2025) decides which one "oggi" is.
    text = ("Oggi l'intelligence sudcoreana ha riferito ai parlamentari che i morti sono centinaia. "
            "Domenica Zelensky si è detto disposto a uno scambio: i prigionieri a Kim in cambio di soldati ucraini.")
    doc, found = times_of(text, published=None)
    assert doc.published == "2025-01-13"
    assert found["domenica"].value == "2025-01-12"


def test_same_day_takes_the_date_written_before_it():
    _, found = times_of("Il 3 marzo il ministro ha firmato l'accordo. Lo stesso giorno il parlamento ha votato.")
    assert found["lo stesso giorno"].value == "2025-03-03"
    assert found["lo stesso giorno"].basis == "context"


def test_the_day_of_a_dated_story_event():
    _, found = times_of("Il giorno stesso del voto della Duma, Putin ha parlato ai giornalisti.")
    t = next(v for k, v in found.items() if k.startswith("il giorno stesso"))
    assert t.value == "2024-10-24" and t.basis == "world_knowledge"


def test_an_interval_in_a_present_tense_clause_runs_to_publication():
    text = ("A fine ottobre il ministero stimava 10.000 soldati nella regione, "
            "dove l'esercito combatte dall'agosto una battaglia difficile.")
    _, found = times_of(text, published="2024-11-11")
    assert found["dall'agosto"].value == "2024-08/2024-11"


def test_day_words_in_an_article_dated_only_to_weeks_give_the_month():
    text = "Lo studio, pubblicato il 28 ottobre 2024, è stato discusso. Oggi il governo non commenta."
    doc, found = times_of(text, published=None)
    assert doc.published_precision == "month"
    assert (found["oggi"].value, found["oggi"].precision) == ("2024-10", "month")


# --- English ----------------------------------------------------------------------------------

EN_ANCHOR = "2023-10-14"  # a Saturday


@pytest.mark.parametrize("sentence, surface, value, precision", [
    ("The convoy left Najin on September 7, 2023.", "september 7, 2023", "2023-09-07", "day"),
    ("Talks were held on 3 February 2023 in Beijing.", "3 february 2023", "2023-02-03", "day"),
    ("Shipments have continued since early September, officials said.", "since early september",
     "2023-09/2023-10", "range"),
    ("The spokesman said on Friday that the images were genuine.", "friday", "2023-10-13", "day"),
    ("Ministers met last week in Moscow.", "last week", "2023-10-02/2023-10-08", "range"),
    ("The ship sailed between September 7 and October 1.", "between september 7 and october 1",
     "2023-09-07/2023-10-01", "range"),
    ("Yesterday the ministry denied the report.", "yesterday", "2023-10-13", "day"),
    ("Two weeks ago the first train arrived.", "two weeks ago", "2023-09-30", "day"),
    ("The leader will travel to Russia next month.", "next month", "2023-11", "month"),
    ("In May the ministry published a report.", "may", "2023-05", "month"),
    ("Since last summer the trade has grown.", "since last summer", "2023-06/2023-10", "range"),
    ("In recent months the flights have resumed.", "in recent months", "2023-01/2023-10", "range"),
])
def test_english_date_forms(sentence, surface, value, precision):
    _, found = times_of(sentence, published=EN_ANCHOR, language="en")
    assert surface in found, sorted(found)
    assert (found[surface].value, found[surface].precision) == (value, precision)


def test_english_modal_may_is_not_a_month():
    _, found = times_of("Officials said the leader may visit soon.", published=EN_ANCHOR, language="en")
    assert "may" not in found


def test_english_publication_inferred_from_explicit_dates():
    text = "The report was released on May 14, 2023. Yesterday the ministry responded to it."
    doc, found = times_of(text, published=None, language="en")
    assert doc.published_range[0] == "2023-05-14"
    assert found["yesterday"].value == "2023-05"  # a range of weeks: the month only


def test_a_dateline_gives_the_day_of_writing():
    text = "BERLINO, 4 marzo 2024 – Il cancelliere ha ricevuto oggi il ministro. Domenica era a Parigi."
    doc, found = times_of(text, published=None)
    assert doc.published == "2024-03-04" and doc.published_precision == "day"
    assert found["oggi"].value == "2024-03-04"
    assert found["domenica"].value == "2024-03-03"


def test_an_agent_after_da_is_not_the_start_of_an_interval():
    # "dall'agenzia Kcna ha confermato": the agency confirmed; no interval from a dated confirmation
    _, found = times_of("Un comunicato diffuso dall'agenzia Kcna ha confermato la notizia.")
    assert not any(k.startswith("dall") for k in found)


def test_the_same_day_as_a_weekday_before_it():
    _, found = times_of("Lunedì è arrivata la conferma. Nella stessa giornata il presidente ha ringraziato gli alleati.")
    assert found["nella stessa giornata"].value == found["lunedì"].value == "2025-03-10"


def test_english_sample_article_reads_its_dates():
    from dossier.ingest.readers import read_file

    path = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "03-kirby-containers.txt"
    if not path.is_file():
        pytest.skip("examples/corpus is not present")
    doc = read_file(path)[0]
    assert doc.language == "en"
    _, times = extract_times(doc, split_sentences(doc.id, doc.text, "en"), STORY_TIMELINE)
    found = {t.text.lower(): t.value for t in times}
    assert found["since early september"] == "2023-09/2023-10"
    assert found["friday"] == "2023-10-13"
    for t in times:
        assert doc.text[t.start:t.end] == t.text
