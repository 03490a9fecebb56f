"""`evaluate` end to end on a temporary gold folder and corpus (the conftest sample article)."""
from __future__ import annotations

import dataclasses
import json

import pytest

from dossier.errors import GoldError
from dossier.stage import stage
from dossier.records import Mention
from dossier.scoring import BASELINE_STAGES, EvalReport, evaluate

_ORACLE: dict = {}


@stage("test_scoring_oracle", requires=("sentences",), adds=("mentions",))
def _oracle(article, res):
    """Writes back the spans the test put in _ORACLE, and a publication month."""
    text = article.text
    mentions = tuple(Mention(doc_id=article.document.id, start=s, end=e, text=text[s:e]) for s, e in _ORACLE["spans"])
    doc = dataclasses.replace(article.document, published=_ORACLE["published"])
    return dataclasses.replace(article, document=doc, mentions=mentions)


@pytest.fixture
def folders(tmp_path, sample):
    gold, corpus = tmp_path / "gold", tmp_path / "corpus"
    gold.mkdir()
    corpus.mkdir()
    (gold / "t01.json").write_text(json.dumps(sample.gold), encoding="utf-8")
    (gold / "cross_article.dev.json").write_text("{}", encoding="utf-8")
    (corpus / "t01.txt").write_text(sample.text, encoding="utf-8")
    return gold, corpus


def test_oracle_mentions_score_one(folders, sample):
    _ORACLE["spans"] = [(m["start"], m["end"]) for e in sample.gold["entities"] if not e.get("optional")
                        for m in e["mentions"] if m["form"] in ("NAM", "MET", "NOM")]
    _ORACLE["published"] = "2024-06"
    report = evaluate(*folders, stages=("sentences", "test_scoring_oracle"), links={})
    flat = report.flat()
    assert flat["entities.strict.f1"] == 1.0 and flat["entities.lenient.p"] == 1.0
    assert flat["published.correct"] == 1.0 and flat["published.total"] == 1.0
    assert flat["events.trigger.n_gold"] == 1.0  # two VISIT mentions with one key = one unit
    assert flat["quantities.match.r"] == 0.0


def test_half_the_mentions(folders, sample):
    spans = [(m["start"], m["end"]) for e in sample.gold["entities"] if e["id"] in ("ROSSI", "LISBON")
             for m in e["mentions"] if m["form"] == "NAM"]
    _ORACLE["spans"], _ORACLE["published"] = spans, None
    flat = evaluate(*folders, stages=("sentences", "test_scoring_oracle"), links={}).flat()
    assert flat["entities.lenient.p"] == 1.0
    assert abs(flat["entities.lenient.r"] - 3 / 7) < 1e-9
    assert flat["published.correct"] == 0.0


def test_report_shapes(folders):
    report = evaluate(*folders, stages=BASELINE_STAGES, links={})
    assert isinstance(report, EvalReport)
    d = report.to_dict()
    assert set(d) >= {"entities", "linking", "quantities", "events", "claims", "published", "meta", "per_doc"}
    assert "f1" in d["entities"]["lenient"] and "accuracy" in d["linking"]["strict"]
    assert d["meta"]["documents"] == 1 and "t01" in d["per_doc"]
    flat = report.flat()
    assert all(isinstance(v, float) for v in flat.values())
    assert {"entities.lenient.f1", "events.trigger.f1", "quantities.bound.accuracy", "claims.stance.accuracy"} <= set(flat)
    from rich.console import Console
    console = Console(record=True, width=160)
    console.print(report.render(baseline=report))
    text = console.export_text()
    assert "baseline" in text and "mentions NAM+MET+NOM, lenient" in text and "t01" in text
    assert json.loads(report.to_json())["meta"]["documents"] == 1


def test_stem_fallback_notes_a_changed_text(folders, sample):
    gold, corpus = folders
    (corpus / "t01.txt").write_text(sample.text + "\nUna riga aggiunta.", encoding="utf-8")
    report = evaluate(gold, corpus, stages=BASELINE_STAGES, links={})
    assert any("differs" in n for n in report.notes)


def test_gold_without_article_is_an_error(folders):
    gold, corpus = folders
    (corpus / "t01.txt").rename(corpus / "other.txt")
    (corpus / "other.txt").write_text("Un altro testo, diverso da quello annotato.", encoding="utf-8")
    with pytest.raises(GoldError, match="t01"):
        evaluate(gold, corpus, stages=BASELINE_STAGES, links={})


def test_empty_gold_folder_is_an_error(tmp_path, folders):
    _, corpus = folders
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldError, match="no gold files"):
        evaluate(tmp_path / "empty", corpus, stages=BASELINE_STAGES)
