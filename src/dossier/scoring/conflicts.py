"""Conflict groups against the gold's `cross_article` file (`claims_in_conflict`).

A gold group is found by the system group whose claims' evidence sentences overlap the evidence
of the most of its claims (at least two, or all when it has fewer; the smallest such group on a
tie); it is found with the right reason when that group's reason maps to the gold relation
(`REASON_TO_GOLD`). `is_true_contradiction` precision is over those best groups.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import GoldError
from ..pipeline import DEFAULT_STAGES, Pipeline, Resources
from ..records import Article
from .corpus import corpus_documents, pair_documents
from .gold import load_gold_dir
from .match import overlap

# Our reasons -> the gold's relation labels they stand for.
REASON_TO_GOLD = {
    "different_direction": {"apparent_conflict_different_direction"},
    "different_period": {"apparent_conflict_different_time_window", "explained_by_time"},
    "range_bounds": {"range_bounds_not_contradictory"},
    "vague_vs_precise": {"vague_vs_precise_compatible", "range_bounds_not_contradictory"},
    "accusation_vs_denial": {"accusation_vs_denial"},
    "claim_vs_non_confirmation": {"claim_vs_non_confirmation"},
    "planned_vs_happened": {"explained_by_publication_date", "planned_vs_happened_framing"},
    "claim_vs_denial": {"accusation_vs_denial"},
    "different_claimant": {"stance_conflict"},
    "true_contradiction": {"true_contradiction", "factual_error", "descriptive_conflict"},
}


def system_conflicts(articles: list[Article], kb) -> list:
    """Conflicts over articles in memory, each claim cited by its sentence."""
    from ..resolve.conflicts import find_conflicts

    by_doc = {a.document.id: a for a in articles}

    def cite(r):
        s = by_doc[r.doc_id].sentence_at(r.start)
        return (s.start, s.end) if s is not None else (r.start, r.end)

    return find_conflicts([e for a in articles for e in a.events], [c for a in articles for c in a.claims],
                          [q for a in articles for q in a.quantities],
                          {a.document.id: a.document.published for a in articles}, kb, cite)


def evaluate_conflicts(gold_dir: str | Path, corpus_dir: str | Path, cross_file: str | Path,
                       resources: Resources | None = None) -> dict:
    path = Path(cross_file)
    try:
        cross = json.loads(path.read_text(encoding="utf-8"))
        gold_groups = cross["claims_in_conflict"]
    except (OSError, ValueError, KeyError) as exc:
        raise GoldError(f"{path}: not a cross-article gold file ({exc})",
                        hint="pass ../shared/gold/cross_article.dev.json") from exc
    pipe = Pipeline(DEFAULT_STAGES, resources)
    articles, ids = [], {}
    for p in pair_documents(load_gold_dir(gold_dir), corpus_documents(corpus_dir)):
        articles.append(pipe.run(Article(document=p.document)))
        ids[p.gold.doc_id] = p.document.id
    found = system_conflicts(articles, pipe.resources.kb)

    def hits(sys_group, gold_claim) -> bool:
        ev = gold_claim.get("evidence") or {}
        doc = ids.get(gold_claim.get("doc_id"))
        if doc is None or "start" not in ev:
            return False
        return any(c["doc_id"] == doc and overlap((c["start"], c["end"]), (ev["start"], ev["end"])) > 0
                   for c in sys_group.claims)

    rows, right, any_reason, tc_ok, tc_total = [], 0, 0, 0, 0
    for g in gold_groups:
        need = min(2, len(g["claims"]))
        scored = [(sum(hits(s, c) for c in g["claims"]), -len(s.claims), k) for k, s in enumerate(found)]
        best = max((x for x in scored if x[0] >= need), default=None)  # most gold claims, then the smallest
        s = found[best[2]] if best is not None else None
        good = s is not None and g["relation"] in REASON_TO_GOLD.get(s.reason, ())
        any_reason += s is not None
        right += good
        if s is not None:
            tc_total += 1
            tc_ok += s.is_true_contradiction == bool(g["is_true_contradiction"])
        rows.append({"id": g["id"], "relation": g["relation"], "found": s is not None,
                     "reason": s.reason if s is not None else None, "right_reason": good})
    n = len(gold_groups)
    return {"gold_groups": n, "found_right_reason": right, "found_any_reason": any_reason,
            "right_reason_rate": round(right / n, 4) if n else 0.0,
            "true_contradiction_precision": round(tc_ok / tc_total, 4) if tc_total else None,
            "system_groups": len(found), "groups": rows}
