"""The shipped NER model: loading, offsets, an obvious name (skips if not trained)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dossier.errors import DossierError
from dossier.ner import MODEL_DIR, VARIANTS, NerModel, variant_dir

needs_model = pytest.mark.skipif(not (MODEL_DIR / "accurate" / "model.onnx").is_file(),
                                 reason="NER model not trained/shipped")

TEXT = (
    "Il ministro Giovanni Esposito è arrivato ieri a Napoli. "
    "Secondo la Commissione europea, l'incontro con il sindaco di Milano è rinviato."
)


def test_missing_model_folder_says_how_to_train(tmp_path):
    with pytest.raises(DossierError) as err:
        NerModel.load(tmp_path / "nothing")
    assert "dossier train-ner" in str(err.value)


@needs_model
def test_load_is_cached():
    assert NerModel.load() is NerModel.load()


@needs_model
def test_predict_offsets_slice_to_entities():
    ents = NerModel.load().predict(TEXT)
    assert ents, "no entity found"
    for start, end, label in ents:
        assert label in ("PER", "ORG", "LOC")
        surface = TEXT[start:end]
        assert surface == surface.strip() and surface
    found = {(TEXT[s:e], lab) for s, e, lab in ents}
    assert ("Giovanni Esposito", "PER") in found
    assert any(t == "Napoli" for t, _ in found)


@needs_model
def test_predict_with_sentence_spans_maps_offsets_back():
    model = NerModel.load()
    cut = TEXT.index("Secondo")
    spans = [(0, cut - 1), (cut, len(TEXT))]
    per_sentence = model.predict(TEXT, spans)
    assert ("Giovanni Esposito", "PER") in {(TEXT[s:e], lab) for s, e, lab in per_sentence}
    assert all(TEXT[s:e] == TEXT[s:e].strip() for s, e, _ in per_sentence)
    # entities of the second sentence are found at their place in the whole text
    second = [e for e in per_sentence if e[0] >= cut]
    assert second and all(TEXT[s:e] in TEXT[cut:] for s, e, _ in second)
    # only the first sentence: nothing outside it
    assert all(end <= cut for _, end, _ in model.predict(TEXT, [(0, cut - 1)]))


@needs_model
def test_predict_words_aligns_with_input():
    words = [["Ieri", "Giovanni", "Esposito", "è", "andato", "a", "Roma", "."]]
    tags = NerModel.load().predict_words(words)
    assert len(tags) == 1 and len(tags[0]) == len(words[0])
    assert tags[0][1] == "B-PER"


KIND = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "kind"


@pytest.mark.slow
def test_finetune_export_and_load(tmp_path):
    """Fine-tune two e5 layers briefly on KIND, export to ONNX, load it like the shipped model:
    the float32 graph gives torch's scores; the int8 one loads and tags every word."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    if not (KIND / "WN_train.tsv").is_file():
        pytest.skip("KIND data not available (../shared/benchmarks/kind)")
    from dossier.ner.finetune import Tagger, main
    from dossier.ner.kind import read_kind

    out = tmp_path / "m"
    assert main(["--kind", str(KIND), "--out", str(out), "--layers", "2", "--epochs", "1",
                 "--max-minutes", "0.3", "--lr", "3e-4", "--no-export"]) == 0
    meta = json.loads((out / "transformer.json").read_text())
    assert meta["layers"] == 2 and meta["history"]
    torch_tagger = Tagger.load(out, threads=1)
    sents = [s.words for s in read_kind(KIND / "WN_dev.tsv")[:60]]
    expected = torch_tagger.word_logits(sents)
    # float32 graph: the same numbers as torch
    torch_tagger.export(out, quantize=False)
    got = NerModel.load(out).tagger.word_logits(sents)
    assert [len(x) for x in got] == [len(s) for s in sents]
    assert max(float(np.abs(a - b).max()) for a, b in zip(expected, got)) < 1e-2  # fused kernels round differently
    # int8 graph (what ships): loads, tags every word, offsets slice to names
    (out / "model.onnx").unlink()
    torch_tagger.export(out)
    copy = tmp_path / "int8"  # NerModel.load caches by folder
    copy.mkdir()
    for name in ("model.onnx", "transformer.json"):
        (copy / name).write_bytes((out / name).read_bytes())
    model = NerModel.load(copy)
    tags = model.predict_words(sents)
    assert [len(t) for t in tags] == [len(s) for s in sents]
    for start, end, _ in model.predict(TEXT):
        assert TEXT[start:end].strip() == TEXT[start:end] != ""


@needs_model
def test_predict_rejects_spans_outside_text():
    with pytest.raises(DossierError):
        NerModel.load().predict("Breve testo.", [(0, 500)])


def test_split_words_like_kind():
    from dossier.ner.words import split_words

    text = "Kim Jong-un all'Onu, in Emilia-Romagna."
    assert [text[a:b] for a, b in split_words(text)] == ["Kim", "Jong-un", "all'", "Onu", ",", "in",
                                                         "Emilia-Romagna", "."]
    assert [text[a:b] for a, b in split_words(text, 4, 11)] == ["Jong-un"]


@needs_model
@pytest.mark.parametrize("variant", VARIANTS)
def test_both_variants_ship_and_find_an_obvious_name(variant):
    model = NerModel.load(variant_dir(variant))
    found = {(TEXT[s:e], lab) for s, e, lab in model.predict(TEXT)}
    assert ("Giovanni Esposito", "PER") in found
    assert model.tagger.meta["variant"] == variant


def test_unknown_variant_is_a_clear_error():
    with pytest.raises(DossierError) as err:
        variant_dir("huge")
    assert "accurate" in err.value.hint


def test_pipeline_setting_picks_the_variant(monkeypatch):
    from dossier.pipeline import Resources
    from dossier.settings import resolve

    assert Resources(resolve({}, environ={"DOSSIER_NER_MODEL": "off"})).ner is None
    assert Resources(resolve({}, environ={"DOSSIER_NER_MODEL": "false"})).ner is None
    if (variant_dir("fast") / "model.onnx").is_file():
        assert Resources(resolve({}, environ={"DOSSIER_NER_MODEL": "fast"})).ner.path == variant_dir("fast")


@needs_model
def test_sentences_longer_than_the_encoder_are_tagged_in_windows():
    model = NerModel.load(variant_dir("fast"))
    one = "Il ministro Giovanni Esposito è arrivato a Napoli con Anna Verdi. "
    text = one * 60  # one "sentence" span of about 1,000 sub-words, twice e5's 512 positions
    people = [(s, text[s:e]) for s, e, lab in model.predict(text, [(0, len(text))]) if lab == "PER"]
    found = [s for s, name in people if name == "Giovanni Esposito"]
    # int8 output moves a little with the CPU: ask for most copies, and for copies found in
    # the last window as well as the first (a tagger that stopped at 512 pieces finds none there).
    assert len(found) >= 50
    assert min(found) < len(one) and max(found) >= len(text) - 3 * len(one)
    assert model.predict("") == [] and model.predict_words([[]]) == [[]]


@needs_model
def test_evaluate_command_defaults_to_the_shipped_model(tmp_path, capsys):
    from dossier.ner.evaluate import main

    (tmp_path / "WN_dev.tsv").write_text("Giovanni\tB-PER\nEsposito\tI-PER\nè\tO\na\tO\nNapoli\tB-LOC\n.\tO\n",
                                         encoding="utf-8")
    assert main(["--kind", str(tmp_path), "--domains", "WN"]) == 0
    assert "micro" in capsys.readouterr().out
