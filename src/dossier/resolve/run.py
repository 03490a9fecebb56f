"""The resolve step over a store: cluster every stored event, keep the ids it had, apply the
analysts' judgements, write each event's cluster back, and make the views' rows from them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import judgements as judged
from ..records import Event
from .events import EventCluster, cluster_events, cluster_of_events, speech_targets

REJECTED = "rejected:"  # prefix of the cluster id of an event an analyst rejected


def kept(assignments: Mapping[str, str]) -> dict[str, str]:
    """Event id -> cluster id, without the events an analyst rejected."""
    return {e: c for e, c in assignments.items() if not c.startswith(REJECTED)}


def clusters_of(events: Sequence[Event], assignments: Mapping[str, str]) -> list[EventCluster]:
    """The clusters a resolve recorded (event id -> cluster id), rebuilt over these events as the
    resolver makes them (members and articles in input order, the first member's type, the best
    date); events an analyst rejected, or not assigned, are in none."""
    by_cluster: dict[str, list[Event]] = {}
    for e in events:
        cid = assignments.get(e.id)
        if cid is not None and not cid.startswith(REJECTED):
            by_cluster.setdefault(cid, []).append(e)
    return [cluster_of_events(cid, evs) for cid, evs in by_cluster.items()]


def cluster_members(assignments: Mapping[str, str]) -> dict[str, list[str]]:
    """Cluster id -> its event ids (a rejected event under its cluster's plain id)."""
    members: dict[str, list[str]] = {}
    for e, c in assignments.items():
        members.setdefault(c.removeprefix(REJECTED), []).append(e)
    return members


def resolve_store(store, kb: Any, judgements: Path | None = None) -> list[EventCluster]:
    """Cluster the store's events (ids kept from the last run), with the judgements of the file
    `judgements` (see `judgements.py`; None: none), and record each event's cluster."""
    events = store.events()
    claims = store.claims()
    about = speech_targets(events, claims)
    previous = kept(store.event_clusters())
    same, different, rejected = judged.constraints(judged.active(judgements) if judgements else [],
                                                   cluster_members(previous))
    clusters = cluster_events(events, kb, previous=previous, about=about, same=same, different=different,
                              rejected=rejected)
    store.write_event_clusters({eid: (REJECTED if c.rejected else "") + c.id for c in clusters for eid in c.members})
    from ..views import make

    make(store, kb, events=events, claims=claims)  # the views' rows, so that no page computes them from every record
    store.analyze()
    return clusters


def judge(store, path: Path, kb: Any, kind: str, ids: tuple[str, ...], reason: str = "",
          who: str | None = None) -> judged.Judgement:
    """Record a judgement on the store's events or clusters (ids checked against the store) and
    resolve again so that it applies."""
    j = judged.add(path, kind, ids, reason, who, cluster_members(store.event_clusters()))
    resolve_store(store, kb, path)
    return j
