"""Training data for the parser: UD files in, sub-word items out, teacher targets beside them.

Which files may train the parser is decided here: the three files the team keeps as held-out
tests are refused. Every 20th training sentence is held out to pick the best epoch, so no test or
dev file is ever read while training. Raw Italian text (the KIND news tokens, no labels) can be
added for distillation: the teacher's trees and distributions are the targets there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...errors import DossierError
from ..conllu import Sentence, read_conllu
from ..contractions import split_words

BASE_FILES = ("it_partut-ud-train", "it_partut-ud-dev", "it_partut-ud-test", "it_vit-ud-dev", "it_postwita-ud-dev")
ISDT_DEV = "it_isdt-ud-dev"  # the proxy for the team's hidden news set: kept out to measure, then added
HELD_OUT = ("it_vit-ud-test", "it_pud-ud-test", "it_postwita-ud-test")
HOLDOUT_EVERY = 20


def train_files(ud_dir: str | Path, with_isdt_dev: bool) -> list[Path]:
    names = BASE_FILES + ((ISDT_DEV,) if with_isdt_dev else ())
    paths = [Path(ud_dir) / f"{n}.conllu" for n in names]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise DossierError(f"{ud_dir} lacks {', '.join(missing)}",
                           hint="pass --ud the folder of the UD Italian CoNLL-U files "
                                "(../shared/benchmarks/ud-italian)")
    assert not set(names) & set(HELD_OUT)
    return paths


def load_ud(paths: list[Path]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, holdout) sentences of the given files."""
    train: list[Sentence] = []
    holdout: list[Sentence] = []
    for path in paths:
        for i, s in enumerate(read_conllu(path)):
            (holdout if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else train).append(s)
    return train, holdout


def raw_sentences(kind_dir: str | Path, domains: tuple[str, ...]) -> list[list[str]]:
    """KIND train files as sentences of syntactic words (contractions split), labels ignored."""
    from ...ner.kind import kind_file, read_kind

    out = []
    for d in domains:
        for s in read_kind(kind_file(kind_dir, d, "train")):
            out.append(split_words(s.words)[0])
    return out


@dataclass
class Item:
    ids: list[int]
    firsts: list[int]
    heads: np.ndarray            # [n] targets: gold, or the teacher's tree for raw text
    rels: np.ndarray             # [n] label indices
    upos: np.ndarray             # [n]
    soft: dict[str, np.ndarray] = field(default_factory=dict)  # teacher: arc [n, n+1], rel [n, L], upos [n, U]


def vocab(sentences: list[Sentence]) -> tuple[list[str], list[str]]:
    labels = sorted({r for s in sentences for r in s.deprels} | {"root"})
    upos = sorted({u for s in sentences for u in s.upos})
    return labels, upos


def items_from(parser, sentences: list[Sentence], labels: list[str], upos: list[str]) -> list[Item]:
    """One item per sentence that fits the encoder in one chunk (longer ones are left out)."""
    li, ui = {r: i for i, r in enumerate(labels)}, {u: i for i, u in enumerate(upos)}
    out = []
    for s in sentences:
        chunks = parser.pieces(s.words)
        if len(chunks) != 1:
            continue
        _, ids, firsts = chunks[0]
        out.append(Item(ids, firsts, np.array(s.heads), np.array([li.get(r, li.get("dep", 0)) for r in s.deprels]),
                        np.array([ui.get(u, ui.get("X", 0)) for u in s.upos])))
    return out


def raw_items(parser, sentences: list[list[str]], max_words: int = 120) -> list[Item]:
    out = []
    for words in sentences:
        if not 2 <= len(words) <= max_words:
            continue
        chunks = parser.pieces(words)
        if len(chunks) == 1:
            n = len(words)
            out.append(Item(chunks[0][1], chunks[0][2], np.zeros(n, int), np.zeros(n, int), np.zeros(n, int)))
    return out
