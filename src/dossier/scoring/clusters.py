"""Cross-article event clusters against the gold's `cross_doc_key` groups.

The mentions scored are the required gold events of every article. A gold event's system cluster
is the cluster of the system event matched to it (`match_events`: type + trigger overlap); a gold
event the pipeline missed is a cluster of its own. The gold partition groups events by
`cross_doc_key` (an event without one stands alone). Reported: MUC, B³, CEAF-e and their mean,
the CoNLL F1 (Pradhan et al. 2014 definitions, written here; no kept library scores clusters).
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scipy.optimize import linear_sum_assignment

from ..pipeline import DEFAULT_STAGES, Pipeline, Resources
from ..records import Article
from .corpus import corpus_documents, pair_documents
from .gold import load_gold_dir
from .score import match_events

Partition = Mapping[Hashable, Hashable]  # mention -> cluster


@dataclass(frozen=True)
class PRF3:
    p: float
    r: float
    f1: float


def _prf(pn: float, pd: float, rn: float, rd: float) -> PRF3:
    p = pn / pd if pd else 0.0
    r = rn / rd if rd else 0.0
    return PRF3(round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0)


def _groups(part: Partition) -> list[set]:
    out: dict[Hashable, set] = {}
    for m, c in part.items():
        out.setdefault(c, set()).add(m)
    return list(out.values())


def muc(key: Partition, response: Partition) -> PRF3:
    def side(a: Partition, b: Partition) -> tuple[int, int]:
        num = den = 0
        for g in _groups(a):
            parts = {b.get(m, ("alone", m)) for m in g}
            num += len(g) - len(parts)
            den += len(g) - 1
        return num, den
    rn, rd = side(key, response)
    pn, pd = side(response, key)
    return _prf(pn, pd, rn, rd)


def b_cubed(key: Partition, response: Partition) -> PRF3:
    kg = {m: g for g in _groups(key) for m in g}
    rg = {m: g for g in _groups(response) for m in g}
    r = sum(len(kg[m] & rg.get(m, {m})) / len(kg[m]) for m in kg)
    p = sum(len(rg[m] & kg.get(m, {m})) / len(rg[m]) for m in rg)
    return _prf(p, len(rg), r, len(kg))


def ceaf_e(key: Partition, response: Partition) -> PRF3:
    k, r = _groups(key), _groups(response)
    if not k or not r:
        return PRF3(0.0, 0.0, 0.0)
    sim = [[2 * len(a & b) / (len(a) + len(b)) for b in r] for a in k]
    rows, cols = linear_sum_assignment(sim, maximize=True)
    best = sum(sim[i][j] for i, j in zip(rows, cols))
    return _prf(best, len(r), best, len(k))


def conll(key: Partition, response: Partition) -> dict[str, PRF3 | float]:
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    return {**scores, "conll_f1": round(sum(s.f1 for s in scores.values()) / 3, 4)}


def evaluate_event_clusters(sets: Sequence[tuple[str | Path, str | Path]], resources: Resources | None = None
                            ) -> dict:
    """Run the pipeline on every (gold dir, corpus dir) pair, cluster all events together and
    score the clusters against the gold keys."""
    from ..resolve import cluster_events, speech_targets

    pipe = Pipeline(DEFAULT_STAGES, resources)
    events, key, matched, about = [], {}, {}, {}
    for gold_dir, corpus_dir in sets:
        for p in pair_documents(load_gold_dir(gold_dir), corpus_documents(corpus_dir)):
            article = pipe.run(Article(document=p.document))
            events.extend(article.events)
            about.update(speech_targets(article.events, article.claims))
            required = [g for g in p.gold.events if g.required]
            _, pairs = match_events(required, article.events, article, by_sentence=False)
            for ev, g in pairs:
                matched[(p.gold.doc_id, g.id)] = ev.id
            for g in required:
                key[(p.gold.doc_id, g.id)] = g.group.split("|")[0] if not g.group.startswith("id:") else g.id
    clusters = cluster_events(events, pipe.resources.kb, about=about)
    of = {eid: c.id for c in clusters for eid in c.members}
    response = {m: of[matched[m]] if m in matched else ("missed", m) for m in key}
    out = conll(key, response)
    return {"gold_events": len(key), "matched": len(matched), "system_events": len(events),
            "system_clusters": len(clusters), "gold_clusters": len(set(key.values())),
            **{k: (v.__dict__ if isinstance(v, PRF3) else v) for k, v in out.items()}}
