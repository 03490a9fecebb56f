"""Italian named-entity recogniser (PER/ORG/LOC) trained here on KIND, shipped in `model/`.

    from dossier.ner import NerModel
    m = NerModel.load()                        # cached; no network
    m.predict("Ieri Mario Rossi è arrivato a Roma.")   # [(5, 16, "PER"), (29, 33, "LOC")]

Offsets are Python str indices into the text given (half-open), so
``text[start:end]`` is the entity's surface form. The model is a spaCy pipeline
(see `train.py` and MODEL_CARD.md); it is licensed for non-commercial use only,
because the KIND annotations it was trained on are CC BY-NC.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..errors import DossierError

MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS = ("PER", "ORG", "LOC")
TRAIN_HINT = "train it with: python -m dossier.ner.train --kind /work/shared/benchmarks/kind --out " + str(MODEL_DIR)


class NerModel:
    """A loaded spaCy NER pipeline with a character-offset API."""

    def __init__(self, nlp, path: Path):
        self.nlp = nlp
        self.path = path

    @classmethod
    def load(cls, path: str | Path | None = None) -> "NerModel":
        return _load(Path(path).resolve() if path is not None else MODEL_DIR)

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
        out: list[tuple[int, int, str]] = []
        pieces = [(s, text[s:e]) for s, e in spans if e > s]
        for (offset, _), doc in zip(pieces, self.nlp.pipe(p for _, p in pieces)):
            for ent in doc.ents:
                if ent.label_ in LABELS:
                    out.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
        out.sort()
        return out

    def predict_words(self, sentences: Sequence[Sequence[str]], batch_size: int = 256) -> list[list[str]]:
        """BIO tags for pre-tokenised sentences (what `evaluate` scores against KIND)."""
        from spacy.tokens import Doc

        docs = (Doc(self.nlp.vocab, words=list(words)) for words in sentences)
        tags: list[list[str]] = []
        for doc in self.nlp.pipe(docs, batch_size=batch_size):
            tags.append([f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc])
        return tags


@lru_cache(maxsize=4)
def _load(path: Path) -> NerModel:
    if not (path / "config.cfg").is_file() or not (path / "ner").is_dir():
        raise DossierError(f"NER model files not found in {path}", hint=TRAIN_HINT)
    try:
        import spacy
    except ImportError as exc:  # spaCy is a declared dependency; say how to get it
        raise DossierError("the NER model needs spaCy", hint='pip install "spacy>=3.8,<3.9"') from exc
    try:
        nlp = spacy.load(path, exclude=["parser", "tagger", "lemmatizer"])
    except (OSError, ValueError) as exc:
        raise DossierError(f"could not load the NER model in {path}: {exc}", hint=TRAIN_HINT) from exc
    return NerModel(nlp, path)


__all__ = ["NerModel", "MODEL_DIR", "LABELS"]
