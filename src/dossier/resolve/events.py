"""One event from many mentions: the event records of all articles grouped by what they tell of.

Two mentions join when they have the same type, the same doers (a person stays that person, any
other participant counts as its state: the Kremlin is Russia), compatible other parties, and
compatible dates:

* situations that run for months (arms transfers, deployments, fighting), and a party's
  repeated denials, join whatever their dates, since articles date them by the moment they
  speak of;
* point events (a visit, a signing, a veto, a statement) join when their dates overlap at the
  precision each gives, or when one is undated and the doers are the same person or state
  pair; two statements join only on the same day or inside one article.

Two mentions with nobody named join when they give the same date ("the 2000 treaty was signed").
Candidates are compared only inside a block (type + a party's state, article, or date), never all pairs, and joined by
single link. A cluster keeps the id it had (`previous`), so new articles join existing clusters
without renaming them; a new cluster is named after its first member.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..calendar_days import first_day, last_day
from ..extract.participants import state_of
from ..records import Claim, Event

# Types that name a situation lasting months, dated by each article at the moment it speaks of.
SITUATIONS = frozenset({"TRANSFER", "TROOP_DEPLOYMENT", "COMBAT"})
SPEECH = frozenset({"STATEMENT", "ACCUSATION", "DENIAL", "CRITICISM", "STATEMENT_SUPPORT"})
_DOERS = ("actor", "party", "participant", "host")
_OTHERS = ("recipient", "target", "location")


@dataclass(frozen=True, slots=True)
class EventCluster:
    id: str
    type: str
    members: tuple[str, ...]  # event ids, in input order
    docs: tuple[str, ...]  # articles that tell of it, in first-seen order
    date: str | None  # the date most members give, at the finest precision given
    dates: tuple[str, ...]  # every distinct date the members give (the spread)
    doers: tuple[str, ...]
    rejected: bool = False  # an analyst judged it no event of the story (`dossier reject`)


@dataclass(frozen=True, slots=True)
class _Mention:
    event: Event
    doc: str
    people: frozenset[str]  # doers who are people (Putin's visit is not Shoigu's)
    doers: frozenset[str]  # the doers' states (a person's state, the Kremlin's Russia)
    others: frozenset[str]  # the other parties' states (recipient, target, place)
    span: tuple[date, date] | None

    @property
    def states(self) -> frozenset[str]:
        return self.doers | self.others


def cluster_events(events: Iterable[Event], kb: Any, previous: Mapping[str, str] | None = None,
                   about: Mapping[str, str] | None = None, same: Iterable[tuple[str, str]] = (),
                   different: Iterable[tuple[str, str]] = (), rejected: frozenset[str] | set[str] = frozenset()
                   ) -> list[EventCluster]:
    """Clusters of the events (each event in exactly one). `previous`: event id -> cluster id
    from an earlier run, kept where a cluster holds one of those events. `about`: speech event id
    -> the event it tells of (`speech_targets`): an accusation joins the transfer it alleges, and
    denials of events of one cluster join each other. Analysts' judgements (`judgements.py`):
    `same` pairs are one event, `different` pairs never end up in one cluster, `rejected` events
    stand alone, flagged."""
    mentions = [_features(e, kb) for e in events]
    parent = list(range(len(mentions)))
    index = {m.event.id: i for i, m in enumerate(mentions)}
    held = {i: {i} for i in range(len(mentions))}  # root -> members
    apart: dict[int, set[int]] = {}
    for a, b in different:
        if a in index and b in index:
            apart.setdefault(index[a], set()).add(index[b])
            apart.setdefault(index[b], set()).add(index[a])
    out_of_play = {index[e] for e in rejected if e in index}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int, forced: bool = False) -> None:
        ri, rj = find(i), find(j)
        if ri == rj or i in out_of_play or j in out_of_play:
            return
        if not forced and any(apart.get(k, set()) & held[rj] for k in held[ri]):
            return  # an analyst said these are different events
        parent[ri] = rj
        held[rj] |= held.pop(ri)

    for a, b in same:
        if a in index and b in index:
            join(index[a], index[b], forced=True)

    blocks: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(mentions):
        for key in _block_keys(m):
            blocks.setdefault(key, []).append(i)
    for members in blocks.values():
        # each mention meets the clusters already in its block through a few of their members
        # (REPS each): single link, but the cost grows with the clusters of a block, not its size
        reps: dict[int, list[int]] = {}
        for i in members:
            for r in list(reps):
                root = find(r)
                if root != r:  # the cluster joined another since: carry its members over
                    reps.setdefault(root, []).extend(reps.pop(r)[:REPS])
                    reps[root] = reps[root][:REPS]
            for root, seen in list(reps.items()):
                if root in reps and find(i) != root and any(_compatible(mentions[i], mentions[j]) for j in seen):
                    join(i, root)
                    merged = find(i)
                    pool = reps.pop(root, []) + reps.pop(merged, [])
                    reps[merged] = pool[:REPS]
            root = find(i)
            if len(reps.setdefault(root, [])) < REPS and i not in reps[root]:
                reps[root].append(i)
    denials: dict[int, int] = {}  # cluster of the denied event -> a denial of it
    for sid, tid in (about or {}).items():
        i, j = index.get(sid), index.get(tid)
        if i is None or j is None:
            continue
        if mentions[i].event.type == "DENIAL":
            join(i, denials.setdefault(find(j), i))
        else:
            join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(find(i), []).append(i)
    taken: set[str] = set()  # a cluster that split keeps its id in one part only (the larger)
    out = []
    for g in sorted(groups.values(), key=lambda g: (-len(g), g[0])):
        c = _cluster([mentions[i] for i in g], previous or {}, taken, rejected=bool(set(g) & out_of_play))
        taken.add(c.id)
        out.append(c)
    return out


REPS = 8  # members of a cluster a new mention is compared with, per block


def _block_keys(m: _Mention) -> list[tuple[str, str]]:
    """Where a mention looks for its cluster: mentions sharing none of these keys are never
    compared. Situations by party; point events by party and month (their dates must overlap),
    speech by party and day (it joins nothing across articles otherwise); undated point events by
    person or article; nobody named by date."""
    t = m.event.type
    keys = [(t, "doc:" + m.doc)]
    if t in SITUATIONS or t == "DENIAL":
        keys += [(t, s) for s in m.states]
    elif t in SPEECH:  # across articles speech joins only speech of the same day (`_compatible`)
        if m.span is not None and m.span[0] == m.span[1]:
            keys += [(t, f"{s}@{m.span[0].isoformat()}") for s in m.states]
    elif _dated(m):
        months = _months(m.span)
        keys += [(t, f"{s}@{mo}") for s in m.states for mo in months]
    else:
        keys += [(t, "person:" + p) for p in m.people]
    if not m.states and m.event.date and t not in SPEECH:
        keys.append((t, "date:" + m.event.date))
    return keys


def _months(span: tuple[date, date]) -> list[str]:
    out, (y, mo) = [], (span[0].year, span[0].month)
    while (y, mo) <= (span[1].year, span[1].month) and len(out) < 3:
        out.append(f"{y}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def speech_targets(events: Iterable[Event], claims: Iterable[Claim]) -> dict[str, str]:
    """Speech event id -> the first event (not itself speech) of the claim it makes, read from the
    claims layer: the claim of the same article whose cue overlaps the speech verb."""
    speech: dict[str, list[Event]] = {}
    kinds: dict[str, str] = {}
    for e in events:
        kinds[e.id] = e.type
        if e.type in SPEECH:
            speech.setdefault(e.doc_id, []).append(e)
    out: dict[str, str] = {}
    for c in claims:
        target = next((a for a in c.about if kinds.get(a) and kinds[a] not in SPEECH), None)
        if target is None:
            continue
        for e in speech.get(c.doc_id, ()):
            if e.start < c.end and c.start < e.end:
                out.setdefault(e.id, target)
    return out


def _features(e: Event, kb: Any) -> _Mention:
    def state(eid: str) -> str:
        return (state_of(eid, kb) if kb is not None else None) or eid

    def is_person(eid: str) -> bool:
        ent = kb.entities.get(eid) if kb is not None else None
        return (ent is not None and ent.type == "PERSON") or eid.startswith("new:")

    doing = [p.entity_id for p in e.participants if p.role in _DOERS and p.entity_id]
    doers = frozenset(state(x) for x in doing)
    others = frozenset(state(p.entity_id) for p in e.participants if p.role in _OTHERS and p.entity_id) - doers
    return _Mention(e, e.doc_id, frozenset(x for x in doing if is_person(x)), doers, others, _span(e.date))


def _span(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        a, _, b = value.partition("/")
        return first_day(a), last_day(b or a)
    except ValueError:
        return None


def _compatible(x: _Mention, y: _Mention) -> bool:
    if x.event.type in SITUATIONS and x.doc == y.doc and not (x.states and y.states):
        return True  # "l'invio" with no party named, in an article telling of one deployment
    if not x.states and not y.states:  # nobody named: "the 2000 treaty was signed"
        return x.event.type not in SPEECH and x.event.date is not None and x.event.date == y.event.date
    if x.people and y.people and not x.people & y.people:
        return False  # Putin's visit is not Shoigu's
    if x.doers and y.doers and not x.doers & y.doers:
        return False  # arms from Korea and arms from Russia are two flows
    if x.others and y.others and not x.others & y.others:
        return False  # arms to Russia and arms to Syria are two flows
    if not (x.doers & y.doers or x.others & y.others):
        return False  # a party in the same role: Russia as giver does not meet Russia as receiver
    if x.event.type in SITUATIONS or x.event.type == "DENIAL" and x.doers & y.doers:
        return True  # a denial repeated over months by the same party is one stance
    if _dated(x) and _dated(y):
        overlap = x.span[0] <= y.span[1] and y.span[0] <= x.span[1]
        if x.event.type in SPEECH and x.doc != y.doc:
            return x.span == y.span and (x.span[1] - x.span[0]).days == 0  # the same day
        return overlap
    if x.doc == y.doc:
        return True  # "la visita", told again in the same article
    # across articles an undated point event joins only the same person's ("Putin's visit to Pyongyang")
    return x.event.type not in SPEECH and bool(x.people & y.people)


def _dated(m: _Mention) -> bool:
    """Dated to the month or finer: a bare year ("nel 2024") does not tell two visits apart."""
    return m.span is not None and (m.span[1] - m.span[0]).days < 62


def _cluster(ms: list[_Mention], previous: Mapping[str, str], taken: set[str], rejected: bool = False
             ) -> EventCluster:
    ids = [m.event.id for m in ms]
    old = sorted({previous[i] for i in ids if i in previous} - taken)
    fresh = ("cluster:" + i + (f"~{k}" if k else "") for k in range(len(taken) + 1) for i in ids)
    cid = old[0] if old else next(c for c in fresh if c not in taken)
    return cluster_of_events(cid, [m.event for m in ms], sorted(set().union(*(m.doers for m in ms))), rejected)


def cluster_of_events(cid: str, events: list[Event], doers: Iterable[str] = (), rejected: bool = False
                      ) -> EventCluster:
    """The cluster `cid` of these events, in input order: the first one's type, their articles in
    first-seen order, the date most of them give and the spread of their dates."""
    dated = [e.date for e in events if e.date]
    return EventCluster(cid, events[0].type, tuple(e.id for e in events), tuple(dict.fromkeys(e.doc_id for e in events)),
                        best_date(dated), tuple(sorted(set(dated))), tuple(doers), rejected)


def best_date(dates: list[str]) -> str | None:
    """The date most of the given ones are, among those at the finest precision given."""
    finest = max((_precision(d) for d in dates), default=0)
    best = Counter(d for d in dates if _precision(d) == finest).most_common(1)
    return best[0][0] if best else None


def _precision(value: str) -> int:
    """3 for a day, 2 for a month, 1 for a year; an interval counts as its coarser end."""
    return min(len(p.split("-")) for p in value.split("/"))
