"""The scorer's result: per-document counters, their micro average, a table for the CLI.

`EvalReport.to_dict()` nests the figures under stable keys (`entities.lenient.f1`,
`quantities.bound.accuracy`, `published.correct` ...) with `meta` and `per_doc` beside them;
`flat()` gives the micro figures as one level of dotted keys, which `eval/floors.json` and
the quality-floor test use.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import json

from rich.console import Group
from rich.table import Table

from .metrics import PRF, Accuracy

# (dotted key, DocScores attribute, label) in display order.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("entities.strict", "entities_strict", "mentions NAM+MET+NOM, strict"),
    ("entities.lenient", "entities_lenient", "mentions NAM+MET+NOM, lenient"),
    ("entities.adj", "entities_adj", "mentions ADJ, lenient"),
    ("linking.strict", "linking", "linking (exact entity)"),
    ("linking.country", "linking_country", "linking (Kremlin=RUS, White House=USA)"),
    ("quantities.match", "quantities", "quantities value+unit+direction"),
    ("quantities.value", "quantities_value", "quantities value only (diagnostic)"),
    ("quantities.bound", "q_bound", "  bound"),
    ("quantities.period", "q_period", "  period"),
    ("quantities.source", "q_source", "  source"),
    ("quantities.stance", "q_stance", "  stance"),
    ("events.trigger", "events", "events type+trigger"),
    ("events.sentence", "events_sentence", "events type+sentence"),
    ("events.participants", "participants", "  participants (entity+role)"),
    ("events.modality", "ev_modality", "  modality (coarse)"),
    ("events.date", "ev_date", "  date at gold precision"),
    ("events.source", "ev_source", "  source"),
    ("claims.source", "claim_source", "claim source (quantities+events)"),
    ("claims.stance", "claim_stance", "claim stance / modality"),
    ("published", "published", "publication date in range"),
)


@dataclass(slots=True)
class DocScores:
    doc_id: str = ""
    entities_strict: PRF = field(default_factory=PRF)
    entities_lenient: PRF = field(default_factory=PRF)
    entities_adj: PRF = field(default_factory=PRF)
    linking: Accuracy = field(default_factory=Accuracy)
    linking_country: Accuracy = field(default_factory=Accuracy)
    quantities: PRF = field(default_factory=PRF)
    quantities_value: PRF = field(default_factory=PRF)
    q_bound: Accuracy = field(default_factory=Accuracy)
    q_period: Accuracy = field(default_factory=Accuracy)
    q_source: Accuracy = field(default_factory=Accuracy)
    q_stance: Accuracy = field(default_factory=Accuracy)
    events: PRF = field(default_factory=PRF)
    events_sentence: PRF = field(default_factory=PRF)
    participants: PRF = field(default_factory=PRF)
    ev_modality: Accuracy = field(default_factory=Accuracy)
    ev_date: Accuracy = field(default_factory=Accuracy)
    ev_source: Accuracy = field(default_factory=Accuracy)
    claim_source: Accuracy = field(default_factory=Accuracy)
    claim_stance: Accuracy = field(default_factory=Accuracy)
    published: Accuracy = field(default_factory=Accuracy)
    published_value: str | None = None

    def add(self, other: "DocScores") -> "DocScores":
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, (PRF, Accuracy)):
                mine.add(getattr(other, f.name))
        return self

    def figures(self) -> dict[str, Any]:
        """Nested dict: {"entities": {"lenient": {"p":..., "r":..., "f1":...}}, ...}."""
        out: dict[str, Any] = {}
        for dotted, attr, _ in FIGURES:
            node = out
            *parents, leaf = dotted.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = getattr(self, attr).to_dict()
        return out


def _flatten(d: dict[str, Any], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        elif isinstance(v, (int, float)):
            out[key] = float(v)
    return out


@dataclass(slots=True)
class EvalReport:
    gold_dir: str
    corpus_dir: str
    stages: str
    docs: tuple[DocScores, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> DocScores:
        total = DocScores(doc_id="micro")
        for d in self.docs:
            total.add(d)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.total.figures(),
            "meta": {"gold": self.gold_dir, "corpus": self.corpus_dir, "stages": self.stages,
                     "documents": len(self.docs), "notes": list(self.notes)},
            "per_doc": {d.doc_id: {**d.figures(), "published_value": d.published_value} for d in self.docs},
        }

    def flat(self) -> dict[str, float]:
        """Micro figures: `entities.lenient.f1`, `linking.strict.accuracy`, `published.correct` ..."""
        return _flatten(self.total.figures())

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def render(self, baseline: "EvalReport | None" = None) -> Group:
        """One rich renderable for the CLI: the figure table (system beside baseline), the
        per-document table and the notes."""
        table = Table(title=f"dossier eval: {self.corpus_dir} ({len(self.docs)} documents)")
        table.add_column("figure")
        table.add_column("system", justify="right")
        if baseline is not None:
            table.add_column("baseline", justify="right")
        table.add_column("n", justify="right")  # gold units, or pairs judged
        totals = [self.total] + ([baseline.total] if baseline is not None else [])
        for _, attr, label in FIGURES:
            cells = [_cell(getattr(t, attr), attr) for t in totals]
            table.add_row(label, *cells, _n(getattr(self.total, attr)))
        per_doc = Table(title="per document (system)")
        for col in ("doc", "mentions F1 (len.)", "linking", "quantities F1", "events F1", "published"):
            per_doc.add_column(col, justify="right" if col != "doc" else "left")
        for d in self.docs:
            per_doc.add_row(d.doc_id, f"{d.entities_lenient.f1:.2f}", _acc(d.linking), f"{d.quantities.f1:.2f}",
                            f"{d.events.f1:.2f}", f"{d.published_value or '-'} {'ok' if d.published.correct else 'no'}")
        notes = [f"[yellow]note:[/] {n}" for n in self.notes]
        return Group(table, per_doc, *notes)


def _acc(a: Accuracy) -> str:
    return f"{a.accuracy:.2f} ({a.correct}/{a.total})" if a.total else "-"


def _cell(metric: PRF | Accuracy, attr: str) -> str:
    if isinstance(metric, PRF):
        return f"P {metric.precision:.2f} R {metric.recall:.2f} F1 {metric.f1:.2f}"
    if attr == "published":
        return f"{metric.correct} of {metric.total}"
    return _acc(metric)


def _n(metric: PRF | Accuracy) -> str:
    return str(metric.n_gold) if isinstance(metric, PRF) else str(metric.total)
