import json

import pytest

from dossier.errors import GoldError
from dossier.scoring.floors import check_floors, load_floors, suggest_floors
from dossier.scoring.metrics import PRF
from dossier.scoring.report import DocScores, EvalReport


def report(tp: int) -> EvalReport:
    doc = DocScores(doc_id="d", entities_lenient=PRF(tp_pred=tp, n_pred=4, tp_gold=tp, n_gold=4))
    return EvalReport("g", "c", "s", (doc,))


def test_check_floors_names_the_figure():
    assert check_floors(report(3), {"entities.lenient.f1": 0.7}) == []
    failures = check_floors(report(2), {"entities.lenient.f1": 0.7})
    assert len(failures) == 1 and failures[0].startswith("entities.lenient.f1 = 0.5000")
    assert "no such figure" in check_floors(report(3), {"entities.lenient.f2": 0.1})[0]


def test_check_floors_from_a_file_section(tmp_path):
    p = tmp_path / "floors.json"
    p.write_text(json.dumps({"a": {"entities.lenient.f1": 0.9}, "b": {"entities.lenient.f1": 0.1}}), encoding="utf-8")
    assert len(check_floors(report(3), p, "a")) == 1
    assert check_floors(report(3), p, "b") == []
    with pytest.raises(GoldError, match="no floors"):
        check_floors(report(3), p, "c")


def test_suggest_rounds_down():
    floors = suggest_floors(report(3))  # f1 = 0.75
    assert floors["entities.lenient.f1"] == 0.75
    floors = suggest_floors(EvalReport("g", "c", "s", (DocScores(entities_lenient=PRF(2, 3, 2, 3)),)))
    assert floors["entities.lenient.f1"] == 0.66
    assert all(k.endswith((".f1", ".accuracy")) for k in floors)


def test_load_floors_skips_comments(tmp_path):
    p = tmp_path / "floors.json"
    p.write_text(json.dumps({"_about": "x", "c": {"entities.lenient.f1": 0.5}}), encoding="utf-8")
    assert load_floors(p) == {"c": {"entities.lenient.f1": 0.5}}
    p.write_text("{", encoding="utf-8")
    with pytest.raises(GoldError):
        load_floors(p)
