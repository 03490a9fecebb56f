"""The resolve step over a store: cluster every stored event, keep the ids it had, apply the
analysts' judgements, write each event's cluster back, and make the views' rows from them."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import judgements as judged
from .events import EventCluster, cluster_events, speech_targets

REJECTED = "rejected:"  # prefix of the cluster id of an event an analyst rejected


def kept(assignments: Mapping[str, str]) -> dict[str, str]:
    """Event id -> cluster id, without the events an analyst rejected."""
    return {e: c for e, c in assignments.items() if not c.startswith(REJECTED)}


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
    about = speech_targets(events, store.claims())
    previous = kept(store.event_clusters())
    same, different, rejected = judged.constraints(judged.active(judgements) if judgements else [],
                                                   cluster_members(previous))
    clusters = cluster_events(events, kb, previous=previous, about=about, same=same, different=different,
                              rejected=rejected)
    store.write_event_clusters({eid: (REJECTED if c.rejected else "") + c.id for c in clusters for eid in c.members})
    from ..views import make

    make(store, kb)  # the views' rows, so that no page computes them from every record
    return clusters


def judge(store, path: Path, kb: Any, kind: str, ids: tuple[str, ...], reason: str = "",
          who: str | None = None) -> judged.Judgement:
    """Record a judgement on the store's events or clusters (ids checked against the store) and
    resolve again so that it applies."""
    j = judged.add(path, kind, ids, reason, who, cluster_members(store.event_clusters()))
    resolve_store(store, kb, path)
    return j
