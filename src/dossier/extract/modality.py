"""Coarse event modality (records.MODALITIES) from the words before a trigger and its form.

Cues are data (``lang/<code>/modality.yaml``): negation right before the trigger, the
conditional of attribution ("avrebbe inviato"), words of possibility and planning in the
clause, the future and present-conditional endings of the trigger itself.
"""
from __future__ import annotations

from .event_lexicon import Lexicon
from .tokens import Token

CLAUSE_BREAK = frozenset(";:()[]—–\"“”«»")


def _future(tok: Token, lex: Lexicon) -> bool:
    return len(tok.low) >= lex.future_min and tok.low.endswith(lex.future_endings) and tok.lemma != tok.low


def refused(tokens: list[Token], first: int, refusals: frozenset[str], links: frozenset[str]) -> bool:
    """"declined either to confirm or to deny", "si è rifiutato di smentire": a verb of refusal before
    the act, with only linking words and at most one coordinated verb between them."""
    if not refusals:
        return False
    others = 0
    for k in range(first - 1, max(-1, first - 8), -1):
        t = tokens[k]
        if t.low in refusals or t.lemma in refusals:
            return True
        if not t.is_word:
            return False
        if t.low not in links:
            others += 1
            if others > 1:
                return False
    return False


def modality_of(tokens: list[Token], first: int, head: int, lex: Lexicon) -> str:
    """Coarse modality from the words before the trigger in its clause and its own form."""
    start = first
    while start > 0 and first - start < lex.reach:
        t = tokens[start - 1]
        if t.text in CLAUSE_BREAK or t.text in ".!?":
            break
        start -= 1
    before = tokens[start:first]
    g = lex.grammar
    t, p = tokens[head], tokens[first - 1] if first > 0 else None
    if first == head and p is not None and g.participle_endings and t.low.endswith(g.participle_endings) and \
            t.lemma != t.low and p.is_word and p.text[:1].islower() and p.low not in lex.auxiliaries and \
            p.low not in g.passive and p.low not in g.clitics:
        before = before[-1:]  # "i casi previsti dal trattato firmato a giugno": the participle describes a noun
    near = before[-lex.neg_reach:] + tokens[first:head]  # "non ha mai confermato": inside the trigger too
    lows = [t.low for t in before]
    trig = tokens[first:head + 1]
    lows += [t.low for t in trig]
    if any(t.low in lex.negation for t in near) or any(
            tuple(lows[k:k + len(p)]) == p for p in lex.neg_phrases for k in range(len(lows))) or \
            refused(tokens, first, lex.refusals, lex.refusal_links) or \
            tokens[head].low in lex.refusals or tokens[head].lemma in lex.refusals:
        return "denied"  # "declined to comment", "si è rifiutato": the refusal itself is a statement not made
    # conditional of attribution: "avrebbe inviato", "sarebbero arrivati"
    if any(t.low in lex.alleged_aux for t in before[-3:] + trig):
        return "alleged"
    modal = before[-lex.modal_reach:] if lex.modal_reach else before
    if any((t.low in lex.possible or t.lemma in lex.possible) and (t.low not in lex.modals or t in modal)
           for t in before):
        return "possible"
    if tokens[head].low.endswith(lex.conditional_endings) and tokens[head].lemma != tokens[head].low:
        return "possible"
    if any((t.low in lex.planned or t.lemma in lex.planned) and (t.low not in lex.modals or t in modal)
           for t in before):
        return "planned"
    if any(_future(t, lex) for t in before + trig):
        return "planned"
    return "happened"
