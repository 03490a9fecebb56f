"""The resolve step over a store: cluster every stored event, keep the ids it had, write them back."""
from __future__ import annotations

from typing import Any

from .events import EventCluster, cluster_events, speech_targets


def resolve_store(store, kb: Any) -> list[EventCluster]:
    """Cluster the store's events (ids kept from the last run) and record each event's cluster."""
    events = store.events()
    about = speech_targets(events, store.claims())
    clusters = cluster_events(events, kb, previous=store.event_clusters(), about=about)
    store.write_event_clusters({eid: c.id for c in clusters for eid in c.members})
    return clusters
