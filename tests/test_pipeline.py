import pytest

from dossier.errors import PipelineError
from dossier.pipeline import DEFAULT_STAGES, Pipeline, registered
from dossier.records import Article, Document


def test_default_stages_are_registered_and_ordered():
    p = Pipeline()
    assert [s.name for s in p.stages] == list(DEFAULT_STAGES)
    assert "@" in p.signature


def test_misordered_pipeline_fails_when_built():
    with pytest.raises(PipelineError, match="needs sentences"):
        Pipeline(["entities", "sentences"])


def test_unknown_stage_is_named():
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline(["sentences", "nonsense"])


def test_every_stage_declares_what_it_adds():
    for st in registered().values():
        assert st.adds, st.name


def test_run_keeps_offsets_true():
    text = ("Mosca ha negato venerdì ogni fornitura. Secondo Seul, la Corea del Nord ha spedito circa 5.000 "
            "container di munizioni alla Russia tra agosto e febbraio.")
    art = Pipeline().run(Article(document=Document(id="t1", text=text, language="it", published="2024-03-01",
                                                   published_precision="day")))
    assert art.stages == DEFAULT_STAGES
    assert len(art.sentences) == 2
    layers = [art.sentences, art.mentions, art.times, art.quantities, art.events, art.claims, art.issues]
    for layer in layers:
        for rec in layer:
            assert text[rec.start:rec.end] == rec.text, rec


def test_article_json_round_trip():
    import json

    text = "Kim Jong Un ha incontrato Vladimir Putin a settembre."
    art = Pipeline().run(Article(document=Document(id="t2", text=text, language="it")))
    assert Article.from_dict(json.loads(json.dumps(art.to_dict()))) == art
