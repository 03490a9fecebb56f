"""The question set, the scorer, and the floors of `dossier eval-ask` (eval/ask/floors.json)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from dossier.scoring.ask import correct, load_questions, score

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = REPO / "eval" / "ask" / "questions.jsonl"
FLOORS = json.loads((REPO / "eval" / "ask" / "floors.json").read_text())


def test_the_question_set_is_whole_and_holds_no_article_text():
    qs = load_questions(QUESTIONS)
    assert len(qs) >= 60 and len({q["id"] for q in qs}) == len(qs)
    langs = Counter(q["lang"] for q in qs)
    assert langs["it"] == langs["en"]
    for q in qs:
        for s in q["support"]:
            assert set(s) == {"doc_id", "file", "start", "end"} and s["start"] < s["end"]  # offsets, never text
        if "none" not in q["expect"]:
            assert q["support"], q["id"]


def _result(answer="x", facts=(), citations=(), answered_from="figures"):
    return {"answer": answer, "facts": list(facts), "citations": list(citations), "answered_from": answered_from}


def test_the_scorer_checks_each_kind_of_expected_answer():
    kb = None
    fig = {"kind": "figure", "value": 6700.0, "low": None, "high": None}
    assert correct({"expect": {"values": [6700]}}, _result(facts=[fig]), kb)
    assert not correct({"expect": {"values": [6700, 11000]}}, _result(facts=[fig]), kb)
    assert correct({"expect": {"date": "2024-06-19"}}, _result("2024-06-19 (told in 2)"), kb)
    assert not correct({"expect": {"date": "2024-06-19"}}, _result("2024-06 (told in 2). Dates given: 2024-06-19"), kb)
    assert correct({"expect": {"none": True}}, _result("No answer", answered_from=None), kb)
    assert not correct({"expect": {"none": True}}, _result("Russia."), kb)
    assert correct({"expect": {"entities": [["RUS"]]}}, _result(facts=[{"id": "RUS"}]), kb)
    cite = {"doc_id": "d", "start": 0, "end": 10}
    assert correct({"expect": {"sentence": True}, "support": [{"doc_id": "d", "start": 5, "end": 20}]},
                   _result(citations=[cite]), kb)


class _Fixed:
    """An asker that gives one fixed answer: for the scorer's arithmetic only."""
    kb = None

    def __init__(self, result):
        self.result = result

    def ask(self, text, lang=None):
        return self.result


def test_citation_precision_and_recall_count_sentences():
    q = {"id": "t", "lang": "en", "question": "?", "expect": {"values": [1]},
         "support": [{"doc_id": "d", "start": 0, "end": 10}, {"doc_id": "d", "start": 20, "end": 30}]}
    cites = [{"doc_id": "d", "start": 0, "end": 10, "text": "0123456789"},
             {"doc_id": "e", "start": 0, "end": 5, "text": "zzzzz"}]
    fig = {"kind": "figure", "value": 1.0}
    report = score([q], _Fixed(_result(facts=[fig], citations=cites)), texts={"d": "0123456789" * 3, "e": "abcde"})
    assert report["accuracy"] == 1.0 and report["citation_precision"] == 0.5 and report["citation_recall"] == 0.5
    assert report["bad_slices"] == 1  # "zzzzz" is not what document e holds there


@pytest.fixture(scope="module")
def eval_store(tmp_path_factory):
    from tests.conftest import SHARED

    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not present")
    from dossier.build import build_corpus
    from dossier.resolve import resolve_store
    from dossier.stage import Resources
    from dossier.store import open_store

    path = tmp_path_factory.mktemp("evalask") / "e.db"
    corpora = [REPO / "examples" / "corpus"] + [SHARED / "corpus" / c for c in ("seeds-it", "written-it", "written-2")]
    with open_store(path) as store:
        build_corpus(corpora, store, progress=False)
        resolve_store(store, Resources().kb)
    return path


@pytest.mark.slow
def test_ask_holds_its_floors_on_the_question_set(eval_store):
    from dossier.ask import Asker
    from dossier.store import open_store

    with open_store(eval_store) as store:
        texts = {d.id: d.text for d in store.documents()}
        report = score(load_questions(QUESTIONS), Asker(store, embed=False), texts)
    assert report["bad_slices"] == 0
    for lang in ("it", "en"):
        got = report["by_lang"][lang]
        for key in ("accuracy", "precision", "recall"):
            assert got[key] >= FLOORS[lang][key], (lang, key, got[key])
