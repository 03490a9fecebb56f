"""The stance of a figure: hypothetical, projected, estimated, alleged, denied or asserted.

Words before the figure in its clause (capacity, plan and estimate words of
``cues.yaml``) win over the stance of the claim that carries it; an attributed figure
of a contested fact (flows of arms and troops, casualties) is alleged.
"""
from __future__ import annotations

from ..records import Quantity
from .cues import Cues
from .tokens import Token

def clause_tokens_before(tokens: list[Token], pos: int, floor: int) -> list[Token]:
    """Tokens of the clause that ends at `pos` (back to a comma or stronger break)."""
    out = []
    for t in reversed(tokens):
        if t.end > pos:
            continue
        if t.start < floor or t.text in (",", ";", ":", "(", ")"):
            break
        out.append(t)
    return out[::-1]


def quantity_stance(q: Quantity, claim_stance: str, tokens: list[Token], cu: Cues, scope_start: int,
                    attributed: bool) -> str:
    before = clause_tokens_before(tokens, q.start, scope_start)
    inside = [t for t in tokens if q.start <= t.start < q.end]
    after = [t for t in tokens if q.end <= t.start][:4]
    lows = {t.low for t in before + inside} | {t.lemma for t in before}
    near = {t.low for t in before[-cu.stance_reach:]} | {t.lemma for t in before[-cu.stance_reach:]}
    if q.hypothetical or lows & cu.hypothetical or any(t.low in cu.hypothetical for t in after[:1]):
        return "hypothetical"
    if near & cu.projected or claim_stance == "planned":
        return "projected"
    if near & cu.estimate_nouns or claim_stance in ("estimated", "believed"):
        return "estimated"
    if claim_stance == "hypothetical":
        return "hypothetical"
    if claim_stance == "denied":
        return "denied"
    if attributed and (claim_stance == "alleged" or (claim_stance == "asserted" and _contested(q, tokens, cu))):
        return "alleged"
    return "asserted"


def _contested(q: Quantity, tokens: list[Token], cu: Cues) -> bool:
    if q.from_entity or q.to_entity:
        return True
    if (q.unit or "").lower() in cu.contested_units or (q.item or "").lower() in cu.contested_units:
        return True
    words = {t.low for t in tokens if q.start <= t.start < q.end + 25}
    return bool(words & cu.contested_words)
