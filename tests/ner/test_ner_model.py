"""The shipped NER model: loading, offsets, an obvious name (skips if not trained)."""
from __future__ import annotations

import pytest

from dossier.errors import DossierError
from dossier.ner import MODEL_DIR, NerModel

needs_model = pytest.mark.skipif(not (MODEL_DIR / "config.cfg").is_file(), reason="NER model not trained/shipped")

TEXT = (
    "Il ministro Giovanni Esposito è arrivato ieri a Napoli. "
    "Secondo la Commissione europea, l'incontro con il sindaco di Milano è rinviato."
)


def test_missing_model_folder_says_how_to_train(tmp_path):
    with pytest.raises(DossierError) as err:
        NerModel.load(tmp_path / "nothing")
    assert "python -m dossier.ner.train" in str(err.value)


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


@pytest.mark.slow
def test_training_smoke(tmp_path):
    """Train a tiny spaCy model on a few hundred KIND sentences (slow; needs the shared data)."""
    from pathlib import Path

    from dossier.ner.train import main

    kind = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "kind"
    if not (kind / "WN_train.tsv").is_file():
        pytest.skip("KIND data not available")
    assert main(["--kind", str(kind), "--out", str(tmp_path / "m"), "--domains", "FIC", "--max-steps", "50"]) == 0
    ents = NerModel.load(tmp_path / "m").predict(TEXT)
    assert all(TEXT[s:e] for s, e, _ in ents)


@needs_model
def test_predict_rejects_spans_outside_text():
    with pytest.raises(DossierError):
        NerModel.load().predict("Breve testo.", [(0, 500)])
