"""The date grammar and the publication-date inference, on sentences written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.extract.sentences import split_sentences
from dossier.extract.times import extract_times
from dossier.records import Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ANCHOR = "2025-03-12"  # a Wednesday


def times_of(text: str, published: str | None = ANCHOR):
    doc = Document(id="t", text=text, language="it", published=published)
    doc2, times = extract_times(doc, split_sentences("t", text, "it"))
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
    # relative expressions are normalised against the inferred date
    assert found["ieri"].value == "2023-05-13"


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
                                   split_sentences(path.stem, text, "it"))
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
