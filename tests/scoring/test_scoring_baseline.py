import pytest

from dossier.extract.baseline import capitalised_runs, parse_number
from dossier.pipeline import Pipeline
from dossier.records import Article, Document
from dossier.scoring import BASELINE_STAGES

TEXT = "Oggi Anna Verdi ha visitato Torino con 1.200 studenti. Domani partiranno 35 autobus per Milano."


def test_capitalised_runs_skip_sentence_start():
    first_sentence_end = TEXT.index(".") + 1
    runs = [TEXT[s:e] for s, e in capitalised_runs(TEXT, 0, first_sentence_end)]
    assert runs == ["Anna Verdi", "Torino"]


@pytest.mark.parametrize("raw,value", [("11.000", 11000.0), ("5,5", 5.5), ("1.234,5", 1234.5), ("3.5", 3.5), ("42", 42.0)])
def test_parse_number(raw, value):
    assert parse_number(raw) == value


def test_baseline_pipeline_offsets_and_layers():
    art = Pipeline(BASELINE_STAGES).run(Article(document=Document(id="b1", text=TEXT, language="it", published="2024-01")))
    assert [m.text for m in art.mentions] == ["Anna Verdi", "Torino", "Milano"]
    assert all(TEXT[m.start:m.end] == m.text and m.entity_id == m.text.lower() for m in art.mentions)
    assert [(q.value, q.unit) for q in art.quantities] == [(1200.0, "studenti"), (35.0, "autobus")]
    assert all(TEXT[q.start:q.end] == q.text for q in art.quantities)
    assert art.events == () and art.claims == ()
    assert art.document.published is None
