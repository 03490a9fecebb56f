"""Counters behind every figure of the scorer: precision/recall/F1 and accuracy.

Counts are kept, not rates, so that per-document scores add up to the micro
average over a folder. Precision and recall keep separate true-positive counts
(`tp_pred`, `tp_gold`) because some matchings are not one-to-one: a system event
that stands for several gold mentions of the same event is one true positive on
the system side and one found unit on the gold side.
"""
from __future__ import annotations

from dataclasses import dataclass


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(slots=True)
class PRF:
    tp_pred: int = 0  # system items that matched gold
    n_pred: int = 0  # system items that count (ignored ones are left out)
    tp_gold: int = 0  # gold units found
    n_gold: int = 0  # gold units required

    def add(self, other: "PRF") -> "PRF":
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold
        return self

    @property
    def precision(self) -> float:
        return _ratio(self.tp_pred, self.n_pred)

    @property
    def recall(self) -> float:
        return _ratio(self.tp_gold, self.n_gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "p": self.precision, "r": self.recall, "f1": self.f1,
            "tp_pred": self.tp_pred, "n_pred": self.n_pred, "tp_gold": self.tp_gold, "n_gold": self.n_gold,
        }


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    def count(self, ok: bool) -> None:
        self.total += 1
        self.correct += bool(ok)

    def add(self, other: "Accuracy") -> "Accuracy":
        self.correct += other.correct
        self.total += other.total
        return self

    @property
    def accuracy(self) -> float:
        """0.0 when nothing was judged: a floor on it can then only be 0."""
        return _ratio(self.correct, self.total)

    def to_dict(self) -> dict[str, float]:
        return {"accuracy": self.accuracy, "correct": self.correct, "total": self.total}
