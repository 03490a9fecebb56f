"""The shipped parser must keep the UAS / LAS pinned in eval/parser_floors.json on the UD files.

Parses about 75k words on one thread (a minute or so); skips when ../shared/benchmarks/ud-italian
is not there. int8 output moves a little with the CPU, so the floors sit below the figures measured.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.parse import ParserModel, variant_dir

REPO = Path(__file__).resolve().parents[2]
UD = REPO.parent / "shared" / "benchmarks" / "ud-italian"
FLOORS = json.loads((REPO / "eval" / "parser_floors.json").read_text(encoding="utf-8"))
FILES = sorted(k for k in FLOORS if not k.startswith("_"))


def test_floors_name_the_held_out_files():
    assert {"it_vit-ud-test", "it_pud-ud-test", "it_postwita-ud-test"} <= set(FILES)
    assert all(set(FLOORS[f]) == {"uas", "las"} and 0 < FLOORS[f]["las"] < FLOORS[f]["uas"] < 1 for f in FILES)


@pytest.mark.slow
@pytest.mark.skipif(not (variant_dir() / "model.onnx").is_file(), reason="parser model not shipped")
@pytest.mark.parametrize("name", FILES)
def test_parser_floors(name):
    path = UD / f"{name}.conllu"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    from dossier.parse.evaluate import evaluate_file

    res = evaluate_file(ParserModel.load().parser, path)
    below = {k: res[k] for k, floor in FLOORS[name].items() if res[k] < floor}
    assert not below, f"{name}: below the floors {FLOORS[name]}: {below}"
