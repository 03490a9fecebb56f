import dataclasses

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


def _toy_stages():
    from dossier.stage import _REGISTRY, stage

    @stage("toy_reads_undeclared", requires=("sentences",), adds=("issues",))
    def reads(article, res):
        return dataclasses.replace(article, issues=tuple(article.mentions))  # mentions: not declared

    @stage("toy_writes_undeclared", requires=("sentences",), adds=("issues",))
    def writes(article, res):
        return dataclasses.replace(article, mentions=())  # mentions: not in adds

    return _REGISTRY


def test_checked_run_refuses_a_stage_that_reads_an_undeclared_layer():
    _toy_stages()
    doc = Document(id="t", text="Mosca ha negato ogni fornitura.", language="it")
    with pytest.raises(PipelineError, match="toy_reads_undeclared.*read the layer 'mentions'"):
        Pipeline(["sentences", "toy_reads_undeclared"]).run(Article(document=doc), check=True)


def test_checked_run_refuses_a_stage_that_writes_an_undeclared_layer():
    _toy_stages()
    doc = Document(id="t", text="Mosca ha negato ogni fornitura.", language="it")
    with pytest.raises(PipelineError, match="toy_writes_undeclared.*wrote mentions"):
        Pipeline(["sentences", "toy_writes_undeclared"]).run(Article(document=doc), check=True)


SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.parametrize("corpus", ["seeds-it", "written-it", "written-2"])
def test_every_default_stage_keeps_its_declared_contract_on_the_development_corpora(corpus):
    from dossier.scoring.corpus import corpus_documents

    if not (SHARED / corpus).is_dir():
        pytest.skip(f"{SHARED / corpus} is not present")
    pipe = Pipeline()
    for doc in corpus_documents(SHARED / corpus):
        checked = pipe.run(Article(document=doc), check=True)
        assert checked.stages == DEFAULT_STAGES


def test_run_on_text_is_cut_into_bounded_sentences_that_cover_it():
    from dossier.extract.sentences import MAX_SENTENCE_CHARS, split_sentences

    clause = "la delegazione ha visitato la fabbrica di Rason, poi il porto; "
    text = (clause * 400).strip()  # one run-on "sentence" of about 25,000 characters, no full stop
    sents = split_sentences("t", text, "it")
    assert len(sents) > 20
    assert all(0 < s.end - s.start <= MAX_SENTENCE_CHARS and text[s.start:s.end] == s.text for s in sents)
    assert [s.index for s in sents] == list(range(len(sents)))
    # nothing but spaces falls between two pieces, and they are in order
    for a, b in zip(sents, sents[1:]):
        assert a.end <= b.start and not text[a.end:b.start].strip()
    assert sents[0].start == 0 and sents[-1].end == len(text)
    # cut at clause breaks, not inside words
    assert all(text[s.end - 1] in ",;" for s in sents[:-1])


def test_a_text_longer_than_the_model_budget_is_read_by_rules_past_it_and_flagged():
    from dossier.stage import Resources

    sentence = "The Russian minister met his North Korean colleague in Moscow to talk about cooperation. "
    text = sentence * 40
    res = Resources({"model_word_budget": 100, "parser": "on"})
    art = Pipeline(resources=res).run(Article(document=Document(id="long", text=text, language="en")))
    flagged = [i for i in art.issues if i.type == "over_model_budget"]
    assert len(flagged) == 1 and "100 words" in flagged[0].note
    limit = flagged[0].start
    assert 0 < limit < len(text)
    p = art.parse
    # relations before the limit, none after it; every sentence still has its words
    assert any(h >= 0 for s, h in zip(p.starts, p.heads) if s < limit)
    assert all(h == -1 for s, h in zip(p.starts, p.heads) if s >= limit)
    assert {p.sentence[i] for i in range(len(p))} == set(range(len(art.sentences)))
    assert text[flagged[0].start:flagged[0].end] == flagged[0].text
