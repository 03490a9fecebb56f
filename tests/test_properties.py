"""Properties that hold for any input (hypothesis): the readers never crash, the number and date
grammars read what they are given, and every record of every stage points at its own text."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.extract.figures import lexicon, parse_number
from dossier.extract.sentences import split_sentences
from dossier.extract.times import extract_times
from dossier.ingest import read_file
from dossier.kb import KnowledgeBase
from dossier.pipeline import Pipeline
from dossier.records import Article, Document, Rejected

MONTHS_IT = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
             "ottobre", "novembre", "dicembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]

# Pieces of news copy about the story, written for these tests, joined in any order with noise.
PIECES = [
    "Il ministro della Difesa russo Andrei Belousov è arrivato a Pyongyang", "secondo l'intelligence di Seul",
    "la Corea del Nord ha inviato circa 11mila soldati in Russia", "Mosca ha negato", "il 19 giugno 2024",
    "North Korea has shipped about 6,700 containers to Russia", "US officials said on Friday",
    "Kim Jong Un met Vladimir Putin", "tra agosto e febbraio", "fino a 1,5 milioni di proiettili",
    "the Kremlin denied the reports", "(ANSA)", "Il Cremlino", "più di 3.000", "“", "”", "'", "—", "\n\n",
]


@st.composite
def news_text(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=14))
    seps = draw(st.lists(st.sampled_from([" ", ", ", ". ", ".\n", "; ", " e ", ": "]), min_size=len(parts),
                         max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=news_text(), language=st.sampled_from(["it", "en"]))
def test_every_record_points_at_its_own_text(pipe, text, language):
    art = pipe.run(Article(document=Document(id="p", text=text, language=language, published="2024-11-30")),
                   check=True)
    for layer in (art.sentences, art.mentions, art.times, art.quantities, art.events, art.claims, art.issues):
        for r in layer:
            assert 0 <= r.start <= r.end <= len(text)
            assert text[r.start:r.end] == r.text, (type(r).__name__, r)
    for e in art.events:
        for p in e.participants:
            if p.start is not None:
                assert 0 <= p.start <= p.end <= len(text)


def _it_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**9))
def test_italian_and_english_digits_read_back(n):
    assert parse_number(lexicon("it"), _it_thousands(n)) == n
    assert parse_number(lexicon("en"), f"{n:,}") == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["mila", "mln", "miliardi", "milioni"]))
def test_italian_multiplied_figures(k, word):
    from dossier.extract.figures import _scaled

    lex = lexicon("it")
    scale = {"mila": 1e3, "mln": 1e6, "milioni": 1e6, "miliardi": 1e9}[word]
    assert _scaled(lex, str(k), word) == k * scale
    assert parse_number(lex, f"{k}{word}") is None  # glued forms are the figure pattern's, never an error


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)), st.sampled_from(["it", "en"]))
def test_a_written_date_is_read_as_that_day(day, language):
    if language == "it":
        text = f"La riunione si è tenuta il {day.day} {MONTHS_IT[day.month - 1]} {day.year} a Mosca."
    else:
        text = f"The meeting was held on {MONTHS_EN[day.month - 1]} {day.day}, {day.year} in Moscow."
    doc = Document(id="d", text=text, language=language, published="2031-01-15")
    _, times = extract_times(doc, split_sentences("d", text, language), KnowledgeBase.load().timeline)
    assert day.isoformat() in {t.value for t in times}, [(t.text, t.value) for t in times]


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".jsonl"]))
def test_readers_never_crash_on_any_bytes(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(raw)
    for out in read_file(path):
        if isinstance(out, Rejected):
            assert out.reason and str(path) in out.source_path
        elif isinstance(out, Document):
            assert out.id and isinstance(out.text, str)
