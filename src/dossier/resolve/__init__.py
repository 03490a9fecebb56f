"""Across articles: the records of many articles joined into the story's events.

Runs after `build`, on what the store holds (or on articles in memory), never inside the
per-article pipeline. `events.py` groups event mentions that tell of the same real-world event
or situation; `ids` stay stable as articles are added (a cluster is named after its earliest
member). The cross-article issue lists what is still to come (actors, one flow ledger,
conflicts, judgements).
"""
from .events import EventCluster, cluster_events, speech_targets
from .run import resolve_store

__all__ = ["EventCluster", "cluster_events", "resolve_store", "speech_targets"]
