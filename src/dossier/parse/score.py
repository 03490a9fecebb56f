"""Attachment scores on gold tokenisation, as the CoNLL 2018 shared task counts them.

Every syntactic word counts, punctuation included. UAS: the head is right. LAS: head and
relation are right, the relation compared on its universal part only ("nsubj:pass" counts
as "nsubj"), which is what CoNLL 2018's `conll18_ud_eval.py` does. `las_full` also asks for
the subtype. `upos`: accuracy of the part-of-speech tag.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..errors import DossierError


class Tree(Protocol):
    heads: Sequence[int]
    deprels: Sequence[str]
    upos: Sequence[str]


@dataclass
class Scores:
    words: int = 0
    heads: int = 0
    labelled: int = 0
    labelled_full: int = 0
    upos: int = 0

    def add(self, gold: Tree, pred: Tree) -> None:
        if len(gold.heads) != len(pred.heads):
            raise DossierError(f"a parse has {len(pred.heads)} words where the gold has {len(gold.heads)}",
                               hint="score on gold tokenisation (parse with split=False)")
        for gh, gr, gu, ph, pr, pu in zip(gold.heads, gold.deprels, gold.upos, pred.heads, pred.deprels, pred.upos):
            self.words += 1
            self.upos += gu == pu
            if gh == ph:
                self.heads += 1
                self.labelled += universal(gr) == universal(pr)
                self.labelled_full += gr == pr

    def to_dict(self) -> dict[str, float | int]:
        n = max(self.words, 1)
        return {"words": self.words, "uas": round(self.heads / n, 4), "las": round(self.labelled / n, 4),
                "las_full": round(self.labelled_full / n, 4), "upos": round(self.upos / n, 4)}


def universal(deprel: str) -> str:
    return deprel.partition(":")[0]


def score(gold: Sequence[Tree], pred: Sequence[Tree]) -> Scores:
    if len(gold) != len(pred):
        raise DossierError(f"{len(pred)} parses for {len(gold)} gold sentences")
    s = Scores()
    for g, p in zip(gold, pred):
        s.add(g, p)
    return s
