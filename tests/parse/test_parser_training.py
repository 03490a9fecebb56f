"""Train, distil and export a tiny parser on the shared treebanks (slow; skips without ../shared)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

UD = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "ud-italian"


@pytest.mark.slow
def test_train_distil_export_and_load(tmp_path, tree_ok):
    """Two layers for a few seconds, a one-layer student distilled from them, both exported: the
    float32 graph gives torch's features, the int8 one loads through ParserModel and parses."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    if not (UD / "it_partut-ud-train.conllu").is_file():
        pytest.skip("UD data not available (../shared/benchmarks/ud-italian)")
    from dossier.parse import ParserModel
    from dossier.parse.conllu import read_conllu
    from dossier.parse.training.export import export_dir
    from dossier.parse.training.model import TorchParser
    from dossier.parse.training.train import main

    teacher, student = tmp_path / "teacher", tmp_path / "student"
    assert main(["--ud", str(UD), "--out", str(teacher), "--layers", "2", "--epochs", "1",
                 "--max-minutes", "0.3", "--lr", "3e-4"]) == 0
    meta = json.loads((teacher / "parser.json").read_text())
    assert meta["layers"] == 2 and meta["history"] and "root" in meta["labels"]
    assert not set(meta["train_files"]) & {"it_vit-ud-test.conllu", "it_pud-ud-test.conllu",
                                            "it_postwita-ud-test.conllu", "it_isdt-ud-dev.conllu"}
    assert main(["--ud", str(UD), "--out", str(student), "--layers", "1", "--epochs", "1", "--max-minutes", "0.2",
                 "--teacher", str(teacher)]) == 0
    smeta = json.loads((student / "parser.json").read_text())
    assert smeta["layers"] == 1 and smeta["teacher"]["layers"] == 2 and smeta["labels"] == meta["labels"]

    sents = [s.words for s in read_conllu(UD / "it_isdt-ud-dev.conllu")[:40]]
    torch_parser = TorchParser.load(teacher, threads=1)
    expected = torch_parser.word_features(sents)
    export_dir(teacher, tmp_path / "fp32", "fast", quantize=False)
    got = ParserModel.load(tmp_path / "fp32").parser.word_features(sents)
    assert max(float(np.abs(a[0][1] - b[0][1]).max()) for a, b in zip(expected, got)) < 1e-2
    export_dir(student, tmp_path / "int8", "fast")
    trees = ParserModel.load(tmp_path / "int8").parse(sents, split=False)
    assert [len(t.heads) for t in trees] == [len(s) for s in sents]
    assert all(tree_ok(list(t.heads)) for t in trees)
