"""Troops in deployments and fights: the soldiers a trigger is about and the state they belong to.

A troop group ("PRK_TROOPS") is what a deployment moves and who fights; its state, from the group id,
is the deployment's actor when no other is named (`troop_state`, `state_of` from the knowledge base).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..records import Mention, Participant
from .tokens import Grammar, Token

if TYPE_CHECKING:
    from .triggers import Candidate

_TROOP_KINDS = frozenset({"troops"})  # the group kind of soldiers (kb/groups.yaml)


@lru_cache(maxsize=4096)
def troop_state(eid: str | None, kb: Any) -> str | None:
    """The state whose soldiers a troop group is ("PRK_TROOPS" -> "PRK"), else None."""
    if not eid or "_" not in eid:
        return None
    from .groups import parse_group_id

    parsed = parse_group_id(eid, kb)
    if parsed is None or parsed[1].kind not in _TROOP_KINDS or len(parsed[0]) != 1:
        return None
    return parsed[0][0]


@lru_cache(maxsize=4096)
def state_of(eid: str | None, kb: Any) -> str | None:
    """The state an entity belongs to: a state itself (a capital's state), an institution's or an
    office holder's state, a group's affiliation ("KOR_OFFICIALS" -> KOR), from the knowledge base."""
    from .groups import parse_group_id

    for _ in range(3):
        if not eid:
            return None
        ent = kb.entities.get(eid)
        if ent is None:
            parsed = parse_group_id(eid, kb)
            if parsed is None or len(parsed[0]) != 1:
                return None
            eid = parsed[0][0]
            continue
        facts = kb.facts.get(eid, {})
        if ent.type == "GPE":
            return kb.capital_of(eid) or facts.get("stands_for") or eid
        nxt = facts.get("of") or facts.get("stands_for") or next((r.of for r in kb.roles.get(eid, ())), None)
        if nxt is None or nxt == eid:
            return None
        eid = nxt
    return None


def _adjectival(tokens: list[Token], c: Candidate, g: Grammar) -> bool:
    """"i militari nordcoreani schierati accanto ...": a participle with no auxiliary after a noun."""
    t = tokens[c.head]
    return bool(g.participle_endings) and c.first == c.head and c.head > 0 and not c.noun and \
        t.low.endswith(g.participle_endings) and t.lemma != t.low and tokens[c.head - 1].is_word and \
        tokens[c.head - 1].low not in g.auxiliaries and tokens[c.head - 1].low not in g.passive


def _troop_mention(tokens: list[Token], c: Candidate, text: str, ms: list[Mention], g: Grammar,
                   ceil: int, kb: Any) -> Mention | None:
    """The soldiers a deployment or a fight is about: a troop group inside the trigger ("presenza di
    truppe nordcoreane"), right before it ("militari nordcoreani schierati", "... sono stati
    trasferiti") or after it in its clause ("ha inviato soldati nordcoreani")."""
    t0, t1 = tokens[c.first].start, tokens[c.last].end
    troops = [m for m in ms if troop_state(m.entity_id, kb) is not None]
    for m in troops:
        if m.start < t1 and t0 < m.end:
            return m
    for m in reversed(troops):
        if m.end <= t0:
            gap = [t for t in tokens if m.end <= t.start and t.end <= t0]
            if all(t.low in g.auxiliaries or t.low in g.passive for t in gap):
                return m
            break
    for m in troops:
        if t1 <= m.start and m.end <= ceil and m.start - t1 <= 40 and not re.search(r"[,;:(]", text[t1:m.start]):
            return m
    return None


def _with_troops(typ: str, c: Candidate, tokens: list[Token], text: str, ms: list[Mention],
                 out: list[Participant], g: Grammar, noun: bool, ceil: int, kb: Any) -> list[Participant]:
    """Troop groups in deployments and fights: the soldiers are what a deployment moves (its theme;
    their state, from the group id, its actor when no other is named) and who fights (the actor)."""
    troop = _troop_mention(tokens, c, text, ms, g, ceil, kb)
    if troop is None and typ == "TROOP_DEPLOYMENT" and not any(p.role == "actor" for p in out):
        people = _people_before(tokens, c, ms, g)  # "i nordcoreani arrivati in Russia": a demonym as a noun
        if people is not None:
            out.insert(0, Participant(role="actor", entity_id=people.entity_id, start=people.start, end=people.end))
    if typ == "COMBAT":
        out = [p for p in out if not (p.role == "actor" and _is_person(ms, p))]  # a person does not fight here
        if troop is not None and not any(p.role == "actor" for p in out):
            out.append(Participant(role="actor", entity_id=troop.entity_id, start=troop.start, end=troop.end))
        return out
    if troop is None:
        return out
    if _adjectival(tokens, c, g):
        out = [p for p in out if p.role != "actor"]  # "X ha lodato i militari schierati": X sent no one
    out = [p for p in out if p.entity_id != troop.entity_id]
    out.append(Participant(role="theme", entity_id=troop.entity_id, start=troop.start, end=troop.end))
    if not any(p.role == "actor" for p in out):
        out.insert(0, Participant(role="actor", entity_id=troop_state(troop.entity_id, kb)))
    return out


def _people_before(tokens: list[Token], c: Candidate, ms: list[Mention], g: Grammar) -> Mention | None:
    """A demonym used as a noun ("i nordcoreani", "11.000 nordcoreani") right before a trigger."""
    t0 = tokens[c.first].start
    m = next((m for m in reversed(ms) if m.end <= t0), None)
    if m is None or m.form != "ADJ" or m.type != "GPE":
        return None
    gap = [t for t in tokens if m.end <= t.start and t.end <= t0]
    k = next((j for j, t in enumerate(tokens) if t.start == m.start), None)
    before = tokens[k - 1] if k else None
    if gap and not all(t.low in g.auxiliaries or t.low in g.passive for t in gap):
        return None
    return m if before is not None and (before.low in g.articles or before.text[:1].isdigit()) else None


def _is_person(ms: list[Mention], p: Participant) -> bool:
    return any(m.entity_id == p.entity_id and m.type == "PERSON" for m in ms)
