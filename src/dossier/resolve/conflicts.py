"""Where the sources differ, and why: figures of one flow and tellings of one event set side by side.

Figures (`quantity_conflicts`): two figures of the same unit that differ are compared in order,
and the first reason that explains the difference names the pair:

    different_direction   the flows run opposite ways (Russia -> Korea, Korea -> Russia)
    hypothetical          one is a capacity or a scenario, the other a count
    vague_vs_precise      "migliaia" against 11,000: the vague range holds the precise figure
    range_bounds          the upper and the lower bound of one estimate ("fino a", "almeno")
    different_period      the periods differ
    period_unknown        one figure gives its period, the other none (perhaps a later count)
    claim_vs_denial       one source denies what the other asserts
    different_claimant    the same flow and period, counted by different sources
    true_contradiction    nothing explains the difference

Events (`event_conflicts`), per resolved event: an accusation and a denial of it
(`accusation_vs_denial`, a true contradiction), an assertion and a statement that it is not
confirmed (`claim_vs_non_confirmation`), and the same event told as planned and as happened in
articles of different dates (`planned_vs_happened`). Pairs of one reason form one group; figures
are listed, never averaged.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..records import Event, Quantity
from .events import EventCluster

REASONS = ("different_direction", "hypothetical", "vague_vs_precise", "range_bounds", "different_period",
           "period_unknown", "claim_vs_denial", "different_claimant", "true_contradiction", "accusation_vs_denial",
           "claim_vs_non_confirmation", "planned_vs_happened")
TRUE = frozenset({"true_contradiction", "accusation_vs_denial"})
CONTESTED = frozenset({"TRANSFER", "TROOP_DEPLOYMENT"})
_LOSSES = frozenset({"casualty", "killed", "wounded", "death", "victim", "prisoner"})
_UPPER = frozenset({"up_to", "less_than"})
_LOWER = frozenset({"at_least", "more_than"})


@dataclass
class Conflict:
    reason: str
    topic: str
    claims: list[dict] = field(default_factory=list)
    id: str = ""  # reason and what it is about (a flow's unit and parties, an event's cluster): one per group

    @property
    def is_true_contradiction(self) -> bool:
        return self.reason in TRUE

    def to_dict(self) -> dict:
        return {"id": self.id, "reason": self.reason, "is_true_contradiction": self.is_true_contradiction,
                "topic": self.topic, "claims": self.claims}


def _interval(q: Quantity) -> tuple[float, float]:
    if q.value is not None:
        if q.bound in _LOWER:
            return q.value, float("inf")
        if q.bound in _UPPER:
            return 0.0, q.value
        if q.bound == "about":
            return q.value * 0.9, q.value * 1.1
        return q.value, q.value
    return (q.low if q.low is not None else 0.0), (q.high if q.high is not None else float("inf"))


def _states(q: Quantity, state: Any) -> tuple[str | None, str | None]:
    return state(q.from_entity), state(q.to_entity)


def quantity_reason(a: Quantity, b: Quantity, state=lambda x: x) -> str | None:
    """Why two figures of one unit differ, or None when they agree (or are not about one thing)."""
    return _reason(a, b, state, a.doc_id == b.doc_id)


def _reason(a: Quantity, b: Quantity, state, same_doc: bool) -> str | None:
    (fa, ta), (fb, tb) = _states(a, state), _states(b, state)
    if fa and fb and ta and tb and (fa, ta) == (tb, fb):
        return "different_direction"
    if (fa and fb and fa != fb) or (ta and tb and ta != tb):
        return None  # different flows, not one flow told differently
    (la, ha), (lb, hb) = _interval(a), _interval(b)
    if a.value == b.value and a.low == b.low and a.high == b.high and a.period == b.period:
        return None
    if a.hypothetical != b.hypothetical:
        return "hypothetical"
    vague_a, vague_b = a.bound == "vague" or a.value is None, b.bound == "vague" or b.value is None
    if vague_a != vague_b:
        return "vague_vs_precise" if la <= hb and lb <= ha else "true_contradiction"
    if a.bound in _UPPER | _LOWER and b.bound in _UPPER | _LOWER and a.bound != b.bound or \
            same_doc and (a.bound in _UPPER | _LOWER or b.bound in _UPPER | _LOWER):
        return "range_bounds"  # "up to 5.5 bn" and "at least 1.7 bn"; bounds given side by side in one article
    if a.period and b.period and a.period != b.period:
        return "different_period"
    if (a.stance == "denied") != (b.stance == "denied"):
        return "claim_vs_denial"
    if la <= hb and lb <= ha:
        return None  # the intervals meet: "about 11,000" and "11,000"
    if bool(a.period) != bool(b.period):
        return "period_unknown"  # one figure says when, the other does not: perhaps a later count
    if a.source_entity != b.source_entity:
        return "different_claimant"
    return "true_contradiction"


def quantity_conflicts(quantities: Iterable[Quantity], state=lambda x: x, cite=None) -> list[Conflict]:
    """Conflict groups among the figures of flows (a giver or a receiver named) and of losses,
    one per (unit, reason, parties); losses are compared only with losses of the same kind
    (600 killed is not 4,700 killed and wounded, nor 11,000 deployed).

    Figures that read alike (`_Alike`: the same parties, figure, bound, period, stance, source)
    are compared once as a class, so the cost grows with the distinct figures of a unit rather
    than with the square of its copies; a figure joins a group when the other class holds a
    figure of another article (or, for the bounds of one estimate, another figure of its own)."""
    by_unit: dict[tuple[str, str], dict[tuple, _Alike]] = {}
    for q in quantities:
        loss = q.item if q.item in _LOSSES else ""
        if q.unit and (q.value is not None or q.low is not None or q.high is not None) and \
                (loss or q.from_entity or q.to_entity):
            f, t = _states(q, state)
            key = (f, t, q.value, q.low, q.high, q.bound, q.period, q.hypothetical, q.stance, q.source_entity)
            by_unit.setdefault((q.unit, loss), {}).setdefault(key, _Alike()).add(q)
    out: list[Conflict] = []
    for (unit, loss), classes in by_unit.items():
        # one group per reason and pair of parties: the containers Korea-Russia, not every container
        groups: dict[tuple[str, frozenset], dict[str, Quantity]] = {}
        alike = list(classes.values())
        for i, a in enumerate(alike):
            for b in alike[:i + 1]:
                qa, qb = a.members[0], b.members[0]
                for same_doc in (False, True):
                    reason = _reason(qa, qb, state, same_doc)
                    if reason is None:
                        continue
                    joined = [q for q in a.members if b.partners(q, same_doc)] + \
                        [q for q in b.members if a.partners(q, same_doc)]
                    if joined:
                        parties = frozenset(x for x in (*_states(qa, state), *_states(qb, state)) if x)
                        g = groups.setdefault((reason, parties), {})
                        for q in joined:
                            g.setdefault(q.id, q)
        for (reason, parties), members in groups.items():
            ordered = sorted(members.values(), key=lambda q: (q.doc_id, q.start, q.id))
            out.append(Conflict(reason, f"{unit} {loss} ".replace("  ", " ") + "-".join(sorted(parties)),
                                [_quantity_claim(q, cite) for q in ordered],
                                f"{reason}:{unit}:{loss}:" + "-".join(sorted(parties))))
    return out


class _Alike:
    """Figures that read alike, with the articles and offsets they come from."""

    def __init__(self) -> None:
        self.members: list[Quantity] = []
        self.starts: dict[str, set[int]] = {}  # doc id -> starts of its figures here

    def add(self, q: Quantity) -> None:
        self.members.append(q)
        self.starts.setdefault(q.doc_id, set()).add(q.start)

    def partners(self, q: Quantity, same_doc: bool) -> bool:
        """Whether this class holds a figure to compare `q` with: one of another article, or
        (same_doc) another figure of q's own article; never q's own span."""
        if not same_doc:
            return len(self.starts) > 1 or q.doc_id not in self.starts
        return bool(self.starts.get(q.doc_id, set()) - {q.start})


def event_conflicts(clusters: Iterable[EventCluster], events: Mapping[str, Event], about: Mapping[str, str],
                    published: Mapping[str, str | None], cite=None, state=lambda x: x) -> list[Conflict]:
    """Conflict groups over the resolved events (`about`: speech event -> the event it tells of).
    A denial that the claims layer tied to nothing denies the contested acts (transfers,
    deployments) its party is said to take part in: "Mosca e Pyongyang hanno negato"."""
    cluster_of = {eid: c for c in clusters for eid in c.members}
    told: dict[str, list[Event]] = {}  # cluster id -> speech events about it, from other clusters too
    for sid, tid in about.items():
        if tid in cluster_of and sid in events:
            told.setdefault(cluster_of[tid].id, []).append(events[sid])
    parties: dict[str, set] = {}  # contested cluster id -> the states taking part
    for e in events.values():
        if e.type in CONTESTED and e.id in cluster_of:
            parties.setdefault(cluster_of[e.id].id, set()).update(
                state(p.entity_id) for p in e.participants if p.entity_id)
    contested: dict[str, list[str]] = {}  # state -> the contested clusters it takes part in
    for cid, states in parties.items():
        for st in states:
            contested.setdefault(st, []).append(cid)
    for e in events.values():
        if e.id not in about and (e.type == "DENIAL" and e.modality == "happened" or
                                  e.type == "STATEMENT" and e.modality == "denied"):  # "non hanno confermato"
            deniers = {state(p.entity_id) for p in e.participants if p.role == "actor" and p.entity_id}
            for cid in dict.fromkeys(c for st in sorted(deniers, key=str) for c in contested.get(st, ())):
                told.setdefault(cid, []).append(e)
    out: list[Conflict] = []
    for c in {c.id: c for c in cluster_of.values()}.values():
        members = [events[e] for e in c.members if e in events]
        speech = told.get(c.id, []) + [e for e in members if e.type in ("ACCUSATION", "DENIAL", "STATEMENT")]
        speech = list({e.id: e for e in speech}.values())
        acts = [e for e in members if e.type not in ("ACCUSATION", "DENIAL", "STATEMENT", "CRITICISM",
                                                      "STATEMENT_SUPPORT")]
        denials = [e for e in speech if e.type == "DENIAL" and e.modality == "happened"]
        asserted = [e for e in speech if e.type == "ACCUSATION"] + [e for e in acts if e.modality in ("happened",
                                                                                                      "alleged")]
        unconfirmed = [e for e in speech if e.type == "STATEMENT" and e.modality == "denied"]
        topic = f"{c.type} {c.date or ''}".strip()
        if denials and asserted:
            out.append(Conflict("accusation_vs_denial", topic, [_event_claim(e, cite) for e in asserted + denials],
                                f"accusation_vs_denial:{c.id}"))
        elif unconfirmed and asserted:
            out.append(Conflict("claim_vs_non_confirmation", topic,
                                [_event_claim(e, cite) for e in asserted + unconfirmed],
                                f"claim_vs_non_confirmation:{c.id}"))
        planned = [e for e in acts if e.modality == "planned"]
        happened = [e for e in acts if e.modality == "happened"]
        if planned and happened and {published.get(e.doc_id) for e in planned} != \
                {published.get(e.doc_id) for e in happened}:
            out.append(Conflict("planned_vs_happened", topic, [_event_claim(e, cite) for e in planned + happened],
                                f"planned_vs_happened:{c.id}"))
    return out


def party_state(kb: Any):
    """Entity id -> the state it stands for (an institution's, a capital's), else itself."""
    from ..extract.participants import state_of

    def state(x: str | None) -> str | None:
        return (state_of(x, kb) or x) if x and kb is not None else x

    return state


def find_conflicts(events: list[Event], claims: Iterable[Any], quantities: Iterable[Quantity],
                   published: Mapping[str, str | None], kb: Any, cite=None,
                   previous: Mapping[str, str] | None = None,
                   clusters: list[EventCluster] | None = None) -> list[Conflict]:
    """Every conflict group over these records: figures (`quantity_conflicts`) and the events
    resolved from them (`event_conflicts`: `clusters` as a resolve made them, or made here with
    the ids of `previous`); `cite` gives a record's evidence span."""
    from .events import cluster_events, speech_targets

    about = speech_targets(events, claims)
    if clusters is None:
        clusters = cluster_events(events, kb, previous=previous, about=about)
    state = party_state(kb)
    return quantity_conflicts(quantities, state, cite) + \
        event_conflicts(clusters, {e.id: e for e in events}, about, published, cite, state)


def _quantity_claim(q: Quantity, cite) -> dict:
    start, end = cite(q) if cite else (q.start, q.end)
    return {"doc_id": q.doc_id, "start": start, "end": end, "id": q.id, "value": q.value, "low": q.low,
            "high": q.high, "bound": q.bound, "unit": q.unit, "from": q.from_entity, "to": q.to_entity,
            "period": q.period, "source": q.source_entity, "stance": q.stance, "hypothetical": q.hypothetical,
            "text": q.text}


def _event_claim(e: Event, cite) -> dict:
    """An event as a claim: who asserts it is its source, or for a speech act its speaker."""
    start, end = cite(e) if cite else (e.start, e.end)
    speaker = next((p.entity_id for p in e.participants if p.role == "actor"), None) \
        if e.type in ("ACCUSATION", "DENIAL", "STATEMENT") else None
    return {"doc_id": e.doc_id, "start": start, "end": end, "id": e.id, "event": e.type, "modality": e.modality,
            "date": e.date, "source": e.source_entity or speaker,
            "stance": "denied" if e.type == "DENIAL" or e.modality == "denied" else e.modality, "text": e.text}


__all__ = ["Conflict", "quantity_conflicts", "event_conflicts", "quantity_reason"]
