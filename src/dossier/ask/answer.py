"""Answers from the store's records: figures of a flow, dates of an act, who did or said it, where.

Each answer lists every supporting record with its source, stance and date and cites the sentence
it came from; figures that differ are set side by side with the reason (`resolve.conflicts`), never
averaged. When no record fits, the sentence retriever (`retrieve.py`) is asked; when it finds
nothing that holds the question's actors and topic, the answer is that the corpus has none.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..records import Claim, Event, Quantity
from ..resolve.conflicts import party_state, quantity_conflicts
from ..views import format_quantity
from .question import LOSSES, Question
from .words import concept_words, phrase, translations

_SPEECH_TYPES = ("ACCUSATION", "DENIAL", "STATEMENT", "CRITICISM", "STATEMENT_SUPPORT")
# What is sent, by unit: the act that sends it (a question on soldiers is about deployments).
_ACT_OF_UNIT = {"soldier": ("TROOP_DEPLOYMENT", "TRANSFER")}
_DOER_ROLES = ("actor", "party", "agent")
EVENTS_READ = 1000  # events (or claims) of the asked kind read when no sentence located the answer
MAX_COMPARED = 60
PER_FIGURE = 50  # stored tellings of one distinct figure cited  # distinct figures compared pairwise for conflicts
_FLOW_TYPES = ("TRANSFER", "TROOP_DEPLOYMENT", "STATEMENT", "ACCUSATION", "DENIAL")
# which figure items answer a question on a loss
_LOSS_FAMILY = {"killed": {"killed", "death", "victim", "casualty"}, "death": {"killed", "death", "victim", "casualty"},
                "victim": {"killed", "death", "victim", "casualty"}, "wounded": {"wounded", "casualty"},
                "casualty": {"casualty", "killed", "death", "victim", "wounded"}, "prisoner": {"prisoner"}}


@dataclass
class Answer:
    question: Question
    answer: str
    answered_from: str | None  # figures | events | claims | sentences | None (no answer)
    facts: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    spans: list[tuple[str, int]] = field(default_factory=list)  # (doc_id, offset) of each cited record

    @property
    def found(self) -> bool:
        return self.answered_from is not None


def _interval(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = value.split("/")
    lo, hi = parts[0], parts[-1]
    return (lo + "-01-01"[len(lo) - 4:] if len(lo) < 10 else lo), (hi + "-12-31"[len(hi) - 4:] if len(hi) < 10 else hi)


def overlaps(a: str | None, b: str | None) -> bool:
    """Whether two ISO dates or intervals share a day (True when either is unknown)."""
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


class Answerer:
    """Answers parsed questions from one store; `names` gives display names of entity ids."""

    def __init__(self, store, kb: Any, names):
        self.store, self.kb, self.name = store, kb, names
        self.state = party_state(kb)
        self._dups: dict[str, str] | None = None
        self._published: dict[str, str | None] = {}

    @property
    def duplicates(self) -> dict[str, str]:
        if self._dups is None:
            self._dups = self.store.duplicates()
        return self._dups

    def published(self, doc_id: str) -> str | None:
        if doc_id not in self._published:
            self._published.update(self.store.published_of([doc_id]))
        return self._published.get(doc_id)

    def belongs(self, eid: str | None, asked: str) -> bool:
        """Whether `eid` is `asked` or part of it (a spokesperson of a ministry, an office of a state)."""
        for _ in range(4):
            if not eid:
                return False
            if eid == asked or self.state(eid) == asked and self.state(asked) == asked:
                return True
            facts = self.kb.facts.get(eid, {}) if self.kb is not None else {}
            nxt = facts.get("of") or next((r.of for r in self.kb.roles.get(eid, ())), None) if self.kb else None
            if nxt == eid:
                return False
            eid = nxt
        return False

    def origin(self, doc_id: str) -> str:
        return self.duplicates.get(doc_id, doc_id)

    # -- figures ----------------------------------------------------------------------------
    def figures(self, q: Question) -> Answer | None:
        if not q.units or q.extra.get("uncounted"):
            return None  # nothing we count, or a thing our lexicons do not count: read the best sentence
        losses = [i for i in q.items if i in LOSSES]
        if losses:  # "how many were killed or wounded": losses of the kinds asked
            accept = set().union(*(_LOSS_FAMILY[i] for i in losses))
            # of the people counted first ("civilians", "soldiers"), else of anyone
            units = [q.units[0]] if q.items[:1] != losses[:1] else list(dict.fromkeys((*q.units, "soldier", "person")))
        else:
            units, accept = [q.units[0]], set(q.items)
        # a flow's direction matters when the question is about sending; "fired at", "killed" are not flows
        flow = not [t for t in q.event_types if t not in _FLOW_TYPES] and not losses
        parties = {self.state(x) for x in (q.giver, q.receiver) if x} if flow else set()
        kept: list[tuple[Quantity, int, list[tuple[str, int]]]] = []
        for x, n in self.store.figure_groups(units):
            if accept and x.item not in accept:
                continue
            if parties and not (x.from_entity or x.to_entity):
                continue
            if flow and not self._direction_ok(q, x.from_entity, x.to_entity):
                continue
            if q.source and not self.belongs(x.source_entity, q.source):
                continue
            if q.period and x.period and not overlaps(q.period, x.period):
                continue
            members = [(m.doc_id, m.start) for m in self.store.figure_members(x, limit=PER_FIGURE)]
            if q.period and not x.period:  # a figure without its own period counts as of its article's date
                dates = self.store.published_of(d for d, _ in members)
                members = [m for m in members if overlaps(q.period, dates.get(m[0]))]
                n = len(members)
            if members:
                kept.append((x, n, members))
        if not kept:
            return None
        groups: dict[tuple, list[tuple[Quantity, int, list[tuple[str, int]]]]] = {}
        for g in kept:
            x = g[0]
            key = (x.value, x.low, x.high, x.bound, x.unit, x.item, self.state(x.from_entity),
                   self.state(x.to_entity), x.period, x.source_entity, x.stance, x.hypothetical)
            groups.setdefault(key, []).append(g)
        facts, spans = [], []
        for same in groups.values():
            x = same[0][0]
            members = [m for _, _, ms in same for m in ms]
            spans.extend(members)
            facts.append({**figure_fact(x, self.name, members), "figures": sum(n for _, n, _ in same),
                          "articles": len({self.origin(m[0]) for m in members})})
        # a denial answers what was sent, not what could have been (capacities, scenarios)
        actual = [g for g in kept if not g[0].hypothetical]
        denials = [] if q.source or not parties or not actual else \
            self._denials(q, parties, {m[0] for _, _, ms in actual for m in ms})
        for d in denials:
            spans.append(d["spans"][0])
        facts.extend(denials)
        # conflicts between distinct figures (one of each), the most repeated first
        reps = [x for x, _, _ in sorted(kept, key=lambda g: -g[1])[:MAX_COMPARED]]
        conflicts = [c.to_dict() for c in quantity_conflicts(reps, self.state)]
        told = [f for f in facts if f["kind"] == "figure"]
        text = phrase(q.lang, "figures", n=len(told), sources=len({f["source"] for f in told})) + " " + "; ".join(
            f"{f['figure']}" + (f" ({_period(f['period'])})" if f["period"] else "") + f", {f['source']}, {f['stance']}"
            for f in told[:12])
        if denials:
            text += ". " + phrase(q.lang, "denied_by", who=", ".join(sorted({d["source"] for d in denials})))
        return Answer(q, text, "figures", facts, conflicts, spans)

    def _direction_ok(self, q: Question, frm: str | None, to: str | None) -> bool:
        g, r = self.state(q.giver), self.state(q.receiver)
        f, t = self.state(frm), self.state(to)
        if g and f and g != f or r and t and r != t:
            return False
        if g and not r and t == g or r and not g and f == r:
            return False  # the other way round
        return True

    def _denials(self, q: Question, parties: set[str], docs: set[str]) -> list[dict[str, Any]]:
        """Denials by a party of the flow, in the articles that give its figures, beside the
        question's topic words."""
        if not parties:
            return []
        words = {w.lower() for u in q.units for w in concept_words("unit", u)}
        words |= concept_words("class", "troops" if "soldier" in q.units else "goods")
        claims = [c for c in self.store.claims_in(docs, ["denied"]) if self.state(c.claimant_entity) in parties]
        sents = self.store.sentences_at((c.doc_id, c.start) for c in claims)
        out = []
        for c in claims:
            s = sents.get((c.doc_id, c.start))
            if s is None or not (set(_tokens(s.text)) & words):
                continue
            if q.period and not overlaps(q.period, self.published(c.doc_id)):
                continue
            out.append({"kind": "denial", "source": self.name(c.claimant_entity), "stance": "denied",
                        "cue": c.text, "spans": [(c.doc_id, c.start)]})
        return out

    # -- events -----------------------------------------------------------------------------
    def _events(self, q: Question, require: bool = True) -> list[Event]:
        types = list(q.event_types) or [t for u in q.units for t in _ACT_OF_UNIT.get(u, ())]
        acts = [t for t in types if t not in _SPEECH_TYPES] or types
        if not acts:
            return []
        want = {self.state(e) or e for e in q.entities if e not in q.places}
        people = {e for e in q.entities if self._is_person(e)}  # a person named must take part himself
        best, kept = 0, []
        for e in self.store.events_of(acts, limit=EVENTS_READ):
            if e.doc_id in self.duplicates or e.modality in ("denied",):
                continue
            have = {p.entity_id for p in e.participants if p.entity_id}
            have |= {self.state(x) for x in have}
            score = len(want & have)
            if want and (score < len(want) or not people <= have) and require:
                continue  # "when did Kim visit Washington": every actor named must take part
            if not overlaps(q.period, e.date):
                continue
            if score > best:
                best, kept = score, []
            if score == best:
                kept.append(e)
        return kept

    def who(self, q: Question) -> Answer | None:
        if q.speech:
            return self._speakers(q)
        events = self._events(q, require=False)  # "who vetoed the UN panel": the UN need not take part
        asked = {self.state(e) or e for e in q.entities}
        who, doers, spans = _tally(events, _DOER_ROLES + ("recipient", "target"),
                                   lambda x: x not in q.entities and (self.state(x) not in asked or not asked), 5)
        if not who:
            return None
        facts = [{"kind": "actor", "actor": self.name(eid), "id": eid, "events": doers[eid],
                  "spans": spans[eid]} for eid in who]
        text = phrase(q.lang, "who", who=", ".join(self.name(eid) for eid in who))
        return Answer(q, text, "events", facts, [], [s for eid in who for s in spans[eid]])

    def figure_sources(self, q: Question) -> Answer | None:
        """Who gave a figure the question quotes ("who estimated 6,700 containers"): the sources of
        the stored figures of that value and unit."""
        art = q.extra.get("article")
        asked = [x for x in (art.quantities if art is not None else ()) if x.value is not None and x.unit]
        if not asked or q.speech == "denied":
            return None
        facts, spans = [], []
        for a in asked:
            for x, _ in self.store.figure_groups([a.unit]):
                if x.value is None or abs(x.value - a.value) > 0.005 * a.value or not x.source_entity:
                    continue
                members = [(m.doc_id, m.start) for m in self.store.figure_members(x, limit=PER_FIGURE)]
                spans.extend(members)
                facts.append({"kind": "claim", "id": x.source_entity, "source": self.name(x.source_entity),
                              "stance": x.stance, "figure": format_quantity(x), "spans": members})
        if not facts:
            return None
        who = list(dict.fromkeys(f["source"] for f in facts))
        return Answer(q, phrase(q.lang, "said_by", who=", ".join(who)), "figures", facts, [], spans)

    def _speakers(self, q: Question) -> Answer | None:
        stances = ["denied"] if q.speech == "denied" else ["asserted", "alleged", "estimated", "believed"]
        words = {w.lower() for t in q.terms for w in _expand(t)}
        words |= {w.lower() for u in q.units for w in concept_words("unit", u)}
        words |= {w.lower() for t in q.event_types for w in concept_words("type", t)}
        for eid in q.entities:
            words |= {w.lower() for w in self._names_of(eid)}
        claims = [c for c in self.store.claims_with(stances, limit=EVENTS_READ) if c.claimant_entity and c.doc_id not in self.duplicates]
        sents = self.store.sentences_at((c.doc_id, c.start) for c in claims)
        scored: list[tuple[int, Claim]] = []
        for c in claims:
            s = sents.get((c.doc_id, c.start))
            if s is None:
                continue
            text, tokens = s.text.lower(), set(_tokens(s.text))  # once per sentence, not once per word
            hits = sum(1 for w in words if w and (" " in w and w in text or w in tokens))
            if hits:
                scored.append((hits, c))
        if not scored:
            return None
        top = max(h for h, _ in scored)
        kept = [c for h, c in scored if h == top]
        speakers = list(dict.fromkeys(c.claimant_entity for c in kept))
        facts = [{"kind": "claim", "source": self.name(c.claimant_entity), "stance": c.stance, "cue": c.text,
                  "spans": [(c.doc_id, c.start)]} for c in kept]
        text = phrase(q.lang, "said_by" if q.speech == "asserted" else "denied_by",
                      who=", ".join(self.name(s) for s in speakers))
        return Answer(q, text, "claims", facts, [], [(c.doc_id, c.start) for c in kept])

    def where(self, q: Question) -> Answer | None:
        where, _, spans = _tally(self._events(q), ("location", "target"), lambda x: x not in q.entities, 3)
        if not where:
            return None
        facts = [{"kind": "place", "place": self.name(eid), "id": eid, "spans": spans[eid]} for eid in where]
        return Answer(q, phrase(q.lang, "where", where=", ".join(self.name(x) for x in where)), "events", facts, [],
                      [s for x in where for s in spans[x]])

    def _is_person(self, eid: str) -> bool:
        ent = self.kb.entities.get(eid) if self.kb is not None else None
        return ent is not None and ent.type == "PERSON"

    def _names_of(self, eid: str) -> list[str]:
        ent = self.kb.entities.get(eid) if self.kb is not None else None
        if ent is None:
            return [eid.removeprefix("new:").replace("-", " ")]
        return [ent.name, *ent.aliases]


def figure_fact(x: Quantity, name, spans: list[tuple[str, int]]) -> dict[str, Any]:
    """A figure as an answer lists it: the figure, its parties, period, source and stance, and the
    (document id, offset) of the figures it stands for; `name` gives an entity's display name."""
    return {"kind": "figure", "figure": format_quantity(x), "value": x.value, "low": x.low, "high": x.high,
            "bound": x.bound, "unit": x.unit, "item": x.item, "from": name(x.from_entity), "to": name(x.to_entity),
            "period": x.period, "source": name(x.source_entity) or "(article)", "stance": x.stance,
            "hypothetical": x.hypothetical, "spans": spans}


def _tally(events, roles: tuple[str, ...], keep, most: int) -> tuple[list[str], Counter, dict[str, list]]:
    """The entities in `roles` of the events that `keep` accepts, most often first, those named at
    least half as often as the first; with how often and where (document id, offset)."""
    count: Counter[str] = Counter()
    spans: dict[str, list[tuple[str, int]]] = {}
    for e in events:
        for p in e.participants:
            if p.entity_id and p.role in roles and keep(p.entity_id):
                count[p.entity_id] += 1
                spans.setdefault(p.entity_id, []).append((e.doc_id, e.start))
    if not count:
        return [], count, spans
    top = count.most_common(1)[0][1]
    return [eid for eid, n in count.most_common() if n * 2 >= top][:most], count, spans


def _expand(term: str) -> list[str]:
    return [term, *translations(term)]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _period(value: str | None) -> str:
    return (value or "?").replace("/", " – ")
