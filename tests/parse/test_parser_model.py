"""The shipped parser: loading, well-formed trees on our own sentences, the eval-parser command."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dossier.errors import DossierError
from dossier.parse import MODEL_DIR, VARIANTS, Parse, ParserModel, variant_dir

needs_model = pytest.mark.skipif(not (variant_dir() / "model.onnx").is_file(), reason="parser model not shipped")

SENTENCES = [
    ["Il", "ministro", "della", "Difesa", "è", "arrivato", "ieri", "nella", "capitale", "."],
    ["Secondo", "il", "portavoce", ",", "l'", "accordo", "sarà", "firmato", "dai", "due", "governi", "entro",
     "marzo", "."],
    ["Piove", "."],
    ["Nell'ufficio", "del", "sindaco", "nessuno", "ha", "risposto", "alle", "domande", "dei", "giornalisti", "."],
]


def test_missing_model_folder_says_how_to_train(tmp_path):
    with pytest.raises(DossierError) as err:
        ParserModel.load(tmp_path / "nothing")
    assert "dossier train-parser" in str(err.value)


def test_unknown_variant_is_a_clear_error():
    with pytest.raises(DossierError) as err:
        variant_dir("huge")
    assert VARIANTS[0] in err.value.hint


@needs_model
def test_load_is_cached_and_default_is_shipped():
    model = ParserModel.load()
    assert model is ParserModel.load()
    assert model.path == variant_dir() and model.path.parent == MODEL_DIR


@needs_model
def test_parse_is_well_formed(tree_ok):
    trees = ParserModel.load().parse(SENTENCES)
    assert len(trees) == len(SENTENCES)
    for toks, t in zip(SENTENCES, trees):
        assert isinstance(t, Parse)
        n = len(t.words)
        assert len(t.token) == len(t.heads) == len(t.deprels) == len(t.upos) == n
        assert tree_ok(list(t.heads)) and t.deprels.count("root") == 1
        assert list(t.token) == sorted(t.token) and set(t.token) == set(range(len(toks)))
        assert all(r and r != "_" for r in t.deprels)
    first = trees[0]
    assert first.words[2:4] == ("di", "la") and first.token[2:4] == (2, 2)
    assert trees[3].words[:3] == ("In", "l'", "ufficio")
    # a determiner of a noun, a case marker, the full stop on the root: what any decent parser gets
    i_il, i_ministro = 0, 1
    assert first.heads[i_il] == i_ministro + 1 and first.deprels[i_il] == "det"
    assert first.deprels[-1] == "punct" and first.upos[-1] == "PUNCT"


@needs_model
def test_split_false_keeps_the_tokens():
    tree, = ParserModel.load().parse([["di", "la", "casa"]], split=False)
    assert tree.words == ("di", "la", "casa") and tree.token == (0, 1, 2)
    tree, = ParserModel.load().parse([["della", "casa"]], split=False)
    assert tree.words == ("della", "casa")


@needs_model
def test_edge_cases(tree_ok):
    model = ParserModel.load()
    assert model.parse([]) == []
    empty, one = model.parse([[], ["Ciao"]])
    assert empty.words == () and empty.heads == ()
    assert one.heads == (0,) and one.deprels == ("root",)
    long = ("Il governo ha approvato ieri il decreto sulle nuove misure economiche , "
            "che il parlamento discuterà nella prossima settimana .").split() * 40
    tree, = model.parse([long])
    assert len(tree.heads) > len(long) and tree_ok(list(tree.heads))
    with pytest.raises(DossierError):
        model.parse("Una frase come stringa.")


SAMPLE = """# sent_id = t1
1\tIl\til\tDET\t_\t_\t2\tdet\t_\t_
2\tgatto\tgatto\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\tdorme\tdormire\tVERB\t_\t_\t0\troot\t_\t_
4-5\tsul\t_\t_\t_\t_\t_\t_\t_\t_
4\tsu\tsu\tADP\t_\t_\t6\tcase\t_\t_
5\til\til\tDET\t_\t_\t6\tdet\t_\t_
6\tdivano\tdivano\tNOUN\t_\t_\t3\tobl\t_\t_
7\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

"""


@needs_model
def test_eval_parser_command(tmp_path):
    from dossier.cli import app

    path = tmp_path / "mini.conllu"
    path.write_text(SAMPLE, encoding="utf-8")
    res = CliRunner().invoke(app, ["eval-parser", "--conllu", str(path), "--json"])
    assert res.exit_code == 0, res.output
    row = json.loads(res.output.strip().splitlines()[-1])
    assert row["file"] == "mini.conllu" and row["words"] == 7
    assert 0.0 <= row["las"] <= row["uas"] <= 1.0 and row["uas"] >= 0.5
    table = CliRunner().invoke(app, ["eval-parser", "--conllu", str(path)])
    assert table.exit_code == 0 and "UAS" in table.output


def test_eval_parser_reports_a_malformed_file(tmp_path):
    from dossier.cli import app

    path = tmp_path / "bad.conllu"
    path.write_text("1\tIl\til\tDET\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval-parser", "--conllu", str(path), "--model", str(tmp_path)])
    assert res.exit_code == 1 and "bad.conllu:1" in res.output
    res = CliRunner().invoke(app, ["eval-parser", "--conllu", str(tmp_path / "none.conllu")])
    assert res.exit_code == 1 and "not found" in res.output
