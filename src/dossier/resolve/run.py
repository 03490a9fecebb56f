"""The resolve step over a store: cluster every stored event, keep the ids it had, apply the
analysts' judgements, write each event's cluster back."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import judgements as judged
from .events import EventCluster, cluster_events, speech_targets

REJECTED = "rejected:"  # prefix of the cluster id of an event an analyst rejected


def resolve_store(store, kb: Any, judgements: Path | None = None) -> list[EventCluster]:
    """Cluster the store's events (ids kept from the last run), with the judgements of the file
    `judgements` (see `judgements.py`; None: none), and record each event's cluster."""
    events = store.events()
    about = speech_targets(events, store.claims())
    previous = {e: c for e, c in store.event_clusters().items() if not c.startswith(REJECTED)}
    members: dict[str, list[str]] = {}
    for e, c in previous.items():
        members.setdefault(c, []).append(e)
    same, different, rejected = judged.constraints(judged.active(judgements) if judgements else [], members)
    clusters = cluster_events(events, kb, previous=previous, about=about, same=same, different=different,
                              rejected=rejected)
    store.write_event_clusters({eid: (REJECTED if c.rejected else "") + c.id for c in clusters for eid in c.members})
    return clusters
