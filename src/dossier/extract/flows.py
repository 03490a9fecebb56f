"""The direction of a flow: who gives and who receives, read in the figure's sentence.

Giver = subject of a transfer verb or object of "da"/"from"; receiver = object of "in/a/verso"/"to"
or subject of a receiving verb; "dalla Bielorussia alla Serbia" gives both; a demonym after the
counted noun ("soldati moldavi") gives the origin; for troops, a weaker guess reads the whole
sentence. Cities and people stand for their state when the knowledge base says so.
"""
from __future__ import annotations

import re
from typing import Any

from ..records import Mention
from .figures import Figure, Lexicon
from .periods import clause_bounds


def _visit_direction(lex: Lexicon, f: Figure, ms: list[Mention]) -> tuple[str | None, str | None]:
    """ "il premier ha visitato la Cina tre volte": the visitor (a person or a state) -> the place visited."""
    text, off = f.sentence.text, f.sentence.start
    verbs = [v for v in lex.visit.finditer(text)]
    if not verbs:
        return None, None
    v = min(verbs, key=lambda v: abs(v.start() - (f.start - off)))
    before = [m for m in ms if m.end - off <= v.start() and m.form in ("NAM", "MET") and m.type in ("PERSON", "GPE")]
    after = [m for m in ms if m.start - off >= v.end() and m.type == "GPE" and m.form in ("NAM", "MET")
             and re.fullmatch(r"\w*\s+(?:(?:la|il|lo|l['’]|i|gli|le|a|ad|in|nella|nel)\s*)?", text[v.start():m.start - off])]
    src = before[-1] if before else None
    return (src.entity_id if src else None), (after[0].entity_id if after else None)


def _country_mentions(ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if m.entity_id and m.form in ("NAM", "MET", "NOM") and (m.type in (None, "GPE", "ORG"))]


def direction(lex: Lexicon, f: Figure, ms: list[Mention]
               ) -> tuple[str | None, str | None, tuple[str | None, str | None]]:
    """(giver, receiver) read in the figure's clause, and a weaker guess read in the whole sentence."""
    sent = f.sentence
    text, off = sent.text, sent.start
    names = [m for m in _country_mentions(ms) if m.type in (None, "GPE")]
    src = dst = None
    # 1. "dalla Bielorussia alla Serbia", "dell'Iran alla Siria"
    for x in names:
        pre = text[max(0, x.start - off - 20):x.start - off]
        if not (lex.from_prep.search(pre) or lex.gen_prep.search(pre)):
            continue
        for y in names:
            gap = y.start - x.end
            if 0 < gap <= 12 and y.entity_id != x.entity_id and lex.to_prep.search(text[x.end - off:y.start - off]):
                if lex.from_prep.search(pre) or abs(x.start - f.start) < 160:
                    return x.entity_id, y.entity_id, (None, None)
    if f.unit == "visit":
        return (*_visit_direction(lex, f, ms), (None, None))
    # 2. transfer / receiving verb and the prepositions around the figure
    verbs = [(v.start(), "give") for v in lex.transfer.finditer(text)] + [(v.start(), "get") for v in lex.receive.finditer(text)]
    fpos = f.start - off
    c0, c1 = clause_bounds(text, fpos, f.end - off)
    near = [v for v in verbs if c0 <= v[0] < c1] or verbs
    lo_, hi_ = c0, c1
    if near:
        vpos, kind = min(near, key=lambda v: abs(v[0] - fpos))
        v0, v1 = clause_bounds(text, vpos, vpos + 1)
        lo_, hi_ = min(c0, v0), max(c1, v1)
        subj = [x for x in names if lo_ <= x.start - off and x.end - off <= vpos and not _prep_before(lex, text, x.start - off)]
        if subj:
            who = subj[-1].entity_id
            valued = f.unit in ("USD", "EUR", "RUB", "KRW", "CNY", "GBP") and lex.trade.search(text[max(0, fpos - 30):fpos])
            if kind == "give" or valued:
                src = who
            else:
                dst = who
    if not near and not lex.presence.search(text):
        names_for_preps: list[Mention] = []  # "interrogati a Minsk": a place, not a destination
    else:
        names_for_preps = names
    for x in names_for_preps:
        if not (lo_ <= x.start - off < hi_):
            continue
        pre = text[max(0, x.start - off - 40):x.start - off]
        if lex.from_prep.search(pre[-20:]) and src is None and x.entity_id != dst:
            src = x.entity_id
        elif (lex.to_prep.search(pre) or lex.place_in.search(pre)) and dst is None and x.entity_id != src:
            dst = x.entity_id
    # 3. a demonym right after the counted noun: "soldati moldavi"
    adj = [m for m in ms if m.form == "ADJ" and m.entity_id]
    if src is None:
        for m in adj:
            if (0 <= m.start - f.end <= 5 or f.start <= m.start < f.end) and m.entity_id != dst:
                src = m.entity_id
                break
    guess_src = guess_dst = None
    if lex.unit_kind.get(f.unit or "") == "personnel" and (src is None or dst is None):
        # "la presenza di truppe bielorusse" elsewhere in the sentence: the troops' origin,
        # and the other state named as a subject is where they are
        guess_src = src or next((m.entity_id for m in adj if m.entity_id != dst and
                                 lex.personnel_noun.search(text[max(0, m.start - off - 25):m.start - off])), None)
        if guess_src is not None:
            guess_dst = dst or next((x.entity_id for x in names if x.entity_id != guess_src
                                     and not _prep_before(lex, text, x.start - off)), None)
    return src, dst, (guess_src, guess_dst)


def flow_class(lex: Lexicon, unit: str | None) -> str:
    """Flows are filled in from flows of the same class: money, people, goods."""
    if unit in ("USD", "EUR", "RUB", "KRW", "CNY", "GBP", "MKD"):
        return "money"
    return "people" if lex.unit_kind.get(unit or "") == "personnel" else "goods"


def _prep_before(lex: Lexicon, text: str, i: int) -> bool:
    pre = text[max(0, i - 20):i]
    return bool(lex.from_prep.search(pre) or lex.to_prep.search(pre) or lex.gen_prep.search(pre))


def country_of(kb: Any, eid: str | None) -> str | None:
    """A city or region given as giver/receiver stands for its state, when the KB knows it."""
    if eid is None or kb is None:
        return eid
    facts = getattr(kb, "facts", {}).get(eid) or {}
    if facts.get("type") == "PERSON":
        roles = getattr(kb, "roles", {}).get(eid) or ()
        return roles[0].of if roles else eid
    if facts.get("type") in ("GPE", "LOC") and facts.get("subtype") not in ("country", None):
        return facts.get("capital_of") or facts.get("of") or eid
    return eid

