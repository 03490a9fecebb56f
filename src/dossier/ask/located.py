"""Answers read from the records of the sentences that best match the question.

"When did the Duma ratify the treaty?" names an act that many events share a type with (signing,
ratifying, approving are one type). The sentence retriever finds the sentences that hold the
question's actors and words; the answer is then read from the records extracted from those
sentences: the date of the event told there, its participants, its place, the speaker of the claim.
Only sentences that give the same answer as the best one are cited.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..records import Article, Sentence
from ..resolve.events import best_date
from .answer import Answer, _period, figure_fact, overlaps
from .question import Question
from .retrieve import retrieve_scored
from .words import durations, phrase

TOP = 10  # sentences read
BIG_CLUSTER = 15  # a resolved event told more often than this is likely several events merged: not cited whole
SLACK = 0.7  # a sentence is read when it holds at least this share of the best one's weighted groups
_SPEECH = ("ACCUSATION", "DENIAL", "STATEMENT", "CRITICISM", "STATEMENT_SUPPORT")
_DOERS = ("actor", "party", "agent", "recipient", "target", "participant")
_PLACES = ("location",)
_ASSERTING = ("asserted", "alleged", "estimated", "believed")


class Located:
    def __init__(self, store, kb: Any, names, state, embed: bool = True):
        self.store, self.kb, self.name, self.state, self.embed = store, kb, names, state, embed
        self.load = lru_cache(maxsize=64)(store.load_article)
        self.duplicates = lru_cache(maxsize=1)(store.duplicates)

    def _read(self, q: Question) -> list[tuple[Sentence, Article]]:
        scored = retrieve_scored(self.store, q, self.kb, limit=TOP, embed=self.embed, need_actors=True)
        # only the sentences nearly as close to the question as the best one (SLACK of its weight)
        sents = [s for s, c in scored if c >= scored[0][1] * SLACK] if scored else []
        out = []
        for s in sents:
            art = self.load(s.doc_id)
            if q.period and not self._in_period(q.period, s, art):
                continue
            out.append((s, art))
        return out

    @staticmethod
    def _in_period(period: str, s: Sentence, art: Article) -> bool:
        """Whether the sentence tells of the question's period: a date it gives, else its article's."""
        given = [t.value for t in art.times if s.start <= t.start < s.end and t.value]
        given += [e.date for e in art.events if s.start <= e.start < s.end and e.date]
        if given:
            return any(overlaps(period, d) for d in given)
        return overlaps(period, art.document.published)

    def _asked(self, q: Question) -> set[str]:
        return set(q.entities) | {self.state(e) for e in q.entities if self.state(e)}

    def _events(self, q: Question, s: Sentence, art: Article):
        evs = [e for e in art.events if s.start <= e.start < s.end]
        acts = [t for t in q.event_types if t not in _SPEECH]
        if acts:
            return [e for e in evs if e.type in acts]
        return [e for e in evs if e.type not in _SPEECH]

    def when(self, q: Question) -> Answer | None:
        """The date of the asked act in the best sentences (of an event of the asked type there, else
        the finest date the sentence gives); the date most of them give at the finest precision,
        citing every sentence, and every other mention of the same resolved event, that agrees."""
        found: list[tuple[str, Sentence]] = []
        events = []
        for s, art in self._read(q):
            told = self._events(q, s, art) if q.event_types else []
            # of several acts in one sentence, the one the question's actors take part in
            asked = self._asked(q)
            evs = sorted((e for e in told if e.date),
                         key=lambda e: -len(asked & (_parts(e) | {self.state(x) for x in _parts(e)})))
            if evs:
                found.append((evs[0].date, s))
                events.append(evs[0])
                continue
            if not told and not found:  # no event of the asked kind in the best sentence: its finest date
                times = [t for t in art.times if s.start <= t.start < s.end and t.value and "/" not in t.value]
                if times:
                    found.append((max(times, key=lambda t: len(t.value)).value, s))
        if not found:
            return None
        # the date most of the sentences agree with (a day agrees with its month), the best first on a tie
        votes = {d: sum(1 for other, _ in found if _within(d, other)) for d, _ in found}
        first = max(votes, key=lambda d: (votes[d], -next(i for i, (x, _) in enumerate(found) if x == d)))
        dates = [d for d, _ in found if _within(first, d)]
        spans = [(s.doc_id, s.start) for d, s in found if _within(first, d)]
        clusters = set(self.store.event_clusters([e.id for e in events if _within(first, e.date)]).values())
        for e in self.store.cluster_events(clusters):
            if e.date and _within(first, e.date) and e.doc_id not in self.duplicates():
                dates.append(e.date)
                spans.append((e.doc_id, e.start))
        date = best_date(dates)
        spans = list(dict.fromkeys(spans))
        facts = [{"kind": "event", "date": date, "spans": spans}]
        return Answer(q, phrase(q.lang, "when", date=_period(date), n=len({d for d, _ in spans})), "events",
                      facts, [], spans)

    def quantity(self, q: Question) -> Answer | None:
        """How many of something our lexicons do not count ("special forces", "votes"): the figures
        of the best sentence that holds the question's actors and words."""
        for s, art in self._read(q)[:1]:
            figures = [x for x in art.quantities if s.start <= x.start < s.end and
                       (x.value is not None or x.low is not None or x.high is not None) and x.unit not in durations()]
            if not figures:
                return None
            facts = [figure_fact(x, self.name, [(x.doc_id, x.start)]) for x in figures]
            text = phrase(q.lang, "figures", n=len(facts), sources=len({f["source"] for f in facts})) + " " + \
                "; ".join(f"{f['figure']}, {f['source']}, {f['stance']}" for f in facts)
            return Answer(q, text, "sentences+records", facts, [], [(s.doc_id, s.start)])
        return None

    def speakers(self, q: Question) -> Answer | None:
        """Who said or denied it: the speakers of the claims of that stance in every sentence that
        holds the question's actors and topic about as well as the best one does."""
        stances = ("denied",) if q.speech == "denied" else _ASSERTING
        scored = retrieve_scored(self.store, q, self.kb, limit=3 * TOP, embed=False, need_actors=True,
                                 need_noun=True)  # "who denied sending troops": troops, not arms
        found = []
        for s, c in scored:
            art = self.load(s.doc_id)
            if q.period and not self._in_period(q.period, s, art):
                continue
            who = [x.claimant_entity for x in art.claims if s.start <= x.start < s.end and x.stance in stances
                   and x.claimant_entity]
            if who:
                found.append((c, tuple(dict.fromkeys(who)), s))
        if not found:
            return None
        best = found[0][0]
        kept = [(ids, s) for c, ids, s in found if c >= best * SLACK]
        from collections import Counter

        count = Counter(x for ids, _ in kept for x in ids)
        who = [x for x, _ in count.most_common(4)]
        spans = [(s.doc_id, s.start) for _, s in kept]
        names = ", ".join(self.name(x) for x in who)
        facts = [{"kind": "claim", "id": x, "source": self.name(x), "stance": stances[0], "spans": spans} for x in who]
        return Answer(q, phrase(q.lang, "denied_by" if q.speech == "denied" else "said_by", who=names),
                      "sentences+records", facts, [], spans)

    def who(self, q: Question) -> Answer | None:
        if q.speech:
            return self.speakers(q)
        asked = self._asked(q)
        found: list[tuple[tuple[str, ...], Sentence]] = []
        events: list = []
        for s, art in self._read(q):
            evs = self._events(q, s, art)
            who = [p.entity_id for e in evs for p in e.participants if p.entity_id and p.role in _DOERS]
            if not who and not found:  # only the best sentence may answer from the names it holds
                who = [m.entity_id for m in art.mentions if s.start <= m.start < s.end and m.entity_id
                       and m.type in ("PERSON", "ORG", "GPE")]
            who = [w for w in dict.fromkeys(who) if w not in asked]
            if who:
                found.append((tuple(who[:3]), s))
                events.extend(e for e in evs if set(who) & _parts(e))
        return self._answer(q, found, "who", "who", events=events)

    def where(self, q: Question) -> Answer | None:
        asked = self._asked(q)
        found: list[tuple[tuple[str, ...], Sentence]] = []
        events: list = []
        for s, art in self._read(q):
            places = [p.entity_id for e in self._events(q, s, art) for p in e.participants
                      if p.entity_id and p.role in _PLACES]
            if not places and not found:  # only the best sentence may answer from the names it holds
                places = [m.entity_id for m in art.mentions if s.start <= m.start < s.end and m.entity_id
                          and m.type in ("LOC", "FAC", "GPE") and m.form == "NAM"]  # not "sudcoreano"
            # a city or a site before a country: "a Vladivostok" answers where, "in Russia" less so
            places = sorted((x for x in dict.fromkeys(places) if x not in asked),
                            key=lambda x: self.state(x) == x)
            if places:
                found.append((tuple(places[:2]), s))
                events.extend(e for e in self._events(q, s, art) if set(places[:2]) & _parts(e))
        return self._answer(q, found, "where", "where", events=events)

    def _answer(self, q: Question, found, key: str, slot: str, events=()) -> Answer | None:
        """The answer of the best sentence, citing the sentences that agree."""
        if not found:
            return None
        best = found[0][0]
        agree = [s for ids, s in found if set(ids) & set(best)]
        spans = [(s.doc_id, s.start) for s in agree]
        # every other telling of the same resolved event with the same participant or place
        # (only the events of the best sentence: a participant of many events would bring them all)
        top = found[0][1]
        clusters = set(self.store.event_clusters([e.id for e in events if set(best) & _parts(e) and q.event_types
                                                  and e.doc_id == top.doc_id and top.start <= e.start < top.end]).values())
        members = self.store.cluster_events(clusters, limit=BIG_CLUSTER + 1)
        for e in members if len(members) <= BIG_CLUSTER else ():
            # a place is where the event was, however it is told; a doer must be named
            if (slot == "where" or set(best) & _parts(e)) and e.doc_id not in self.duplicates():
                spans.append((e.doc_id, e.start))
        spans = list(dict.fromkeys(spans))
        names = ", ".join(self.name(x) for x in best)
        facts = [{"kind": "actor" if slot == "who" else "place", "id": x, slot: self.name(x), "spans": spans}
                 for x in best]
        return Answer(q, phrase(q.lang, key, who=names, where=names), "sentences+records", facts, [], spans)


def _within(date: str, other: str) -> bool:
    """Whether `other` names the same day, month or year as `date` at its own precision
    ("2024-06" agrees with "2024-06-19"; "2024-06-18" does not)."""
    return date.startswith(other) or other.startswith(date)


def _parts(e) -> set[str]:
    return {p.entity_id for p in e.participants if p.entity_id}

