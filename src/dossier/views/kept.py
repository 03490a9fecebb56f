"""The views' rows kept in the store, read a page at a time.

A view (timeline, flows, claims, conflicts, actors, the actor graph) is made whole from the
store's records once, at resolve time (`make`), or when it is read after articles arrived
(`page` makes it first); each row is kept with what it is found by:

    keys    actor:ID, source:ID, about:ID, type:T, item:X, reason:R, id:ID (a row has any number)
    dates   its first and last date (a merged event's date, a figure's period)
    dup     whether it comes from a near-duplicate article
    ref     the record it shows (a claim's id, for `claims --about`)

so that a page, its count and every filter of the CLI and the API are one query of one view
(`Store.view_page`), whatever the size of the corpus.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .rows import _duplicates, actor_rows, claim_rows, conflict_rows, flow_rows, merged_event_rows

VIEWS = ("timeline", "flows", "claims", "conflicts", "actors", "graph_nodes", "graph_edges")


def kb_mark(kb: Any) -> str:
    return kb.digest() if kb is not None else "none"


def make(store, kb: Any, views: Sequence[str] = VIEWS) -> dict[str, int]:
    """Make these views from the store's records and keep them; the number of rows of each."""
    return {view: len(_make(store, kb, view)) for view in views}


def page(store, view: str, kb: Any, *, keys: Sequence[Sequence[str]] = (), since: str | None = None,
         until: str | None = None, originals: bool = False, about: tuple[str, tuple[str, ...]] | None = None,
         limit: int | None = None, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(how many rows pass the filters, the page of them) of one view, made first when the
    store changed since it was made (see `Store.view_page` for the filters)."""
    fresh(store, view, kb)
    return store.view_page(view, keys=keys, since=since, until=until, originals=originals, about=about,
                           limit=limit, offset=offset)


def months(store, view: str, kb: Any, **filters: Any) -> dict[str, int]:
    """Month -> how many rows of the view (filtered as by `page`) fall in it."""
    fresh(store, view, kb)
    return store.view_months(view, **filters)


def fresh(store, view: str, kb: Any) -> None:
    """Make the view when the store changed since it was made, or it was made with another knowledge base."""
    if view not in MAKERS:
        raise ValueError(f"no view {view!r}")
    if store.view_made(view) != kb_mark(kb):
        _make(store, kb, view)


def ids_named(store, want: str) -> list[str]:
    """The entity ids `want` names: an id, or a part of an id or of a name, case ignored."""
    w = want.lower()
    ids = [i for i, name in store.entity_names().items() if w in i.lower() or w in (name or "").lower()]
    return ids if want in ids else [want, *ids]


def keys_of(kind: str, ids: Sequence[str]) -> list[str]:
    return [f"{kind}:{i}" for i in ids]


def _make(store, kb: Any, view: str) -> list[dict[str, Any]]:
    mark = store.begin_view(view)
    rows = []
    for n, r in enumerate(MAKERS[view](store, kb)):
        date = r.get("date")
        rows.append({"n": n, "ref": r.get("ref"), "dup": int(bool(r.get("dup"))), "keys": set(r.get("keys", ())),
                     "lo": date.split("/")[0] if date else None, "hi": date.split("/")[-1] if date else None,
                     "row": json.dumps(r["row"], ensure_ascii=False, separators=(",", ":"))})
    store.write_view(view, rows, kb_mark(kb), mark)
    return rows


Made = Iterator[dict[str, Any]]


def _timeline(store, kb: Any) -> Made:
    for r in merged_event_rows(store, kb=kb):
        yield {"row": r, "date": r["date"], "keys": [f"type:{r['type']}", *keys_of("actor", r["who_ids"])]}


def _flows(store, kb: Any) -> Made:
    dup = _duplicates(store)
    for r in flow_rows(store, duplicates=True):
        keys = [f"item:{x.lower()}" for x in (r["item"], r["unit"]) if x]
        keys += keys_of("actor", [x for x in (r["from_id"], r["to_id"]) if x])
        keys += keys_of("source", [r["source_id"]] if r["source_id"] else [])
        yield {"row": r, "date": r["period"], "dup": r["doc_id"] in dup, "keys": keys}


def _claims(store, kb: Any) -> Made:
    """Claims, found by who makes them (source:) and by whom what they carry involves (about:)."""
    involves: dict[str, set[str]] = {}
    for e in store.events():
        involves[e.id] = {p.entity_id for p in e.participants if p.entity_id}
    for q in store.quantities():
        involves[q.id] = {x for x in (q.from_entity, q.to_entity) if x}
    dup = _duplicates(store)
    for r in claim_rows(store, duplicates=True):
        about = sorted({x for t in r["about"] for x in involves.get(t, ())})
        keys = keys_of("source", [r["claimant_id"]] if r["claimant_id"] else []) + keys_of("about", about)
        yield {"row": r, "ref": r["id"], "dup": r["doc_id"] in dup, "keys": keys}


def _conflicts(store, kb: Any) -> Made:
    for r in conflict_rows(store, kb):
        yield {"row": r, "keys": [f"reason:{r['reason']}"]}


def _actors(store, kb: Any) -> Made:
    for r in actor_rows(store, kb):
        yield {"row": r, "ref": r["id"], "keys": [f"type:{r['type']}", *keys_of("id", r["ids"])]}


def _graph(store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The actor graph's nodes, strongest first (the sum of their edges' weights), and edges."""
    from ..export import actor_graph

    g = actor_graph(store)
    strength: dict[str, int] = {}
    for a, b, d in g.edges(data=True):
        strength[a] = strength.get(a, 0) + d["weight"]
        strength[b] = strength.get(b, 0) + d["weight"]
    nodes = [{"id": n, **g.nodes[n], "strength": strength[n]} for n in sorted(strength, key=lambda n: (-strength[n], n))]
    return nodes, [{"source": a, "target": b, **d} for a, b, d in g.edges(data=True)]


def _graph_nodes(store, kb: Any) -> Made:
    for node in _graph(store)[0]:
        yield {"row": node, "ref": node["id"]}


def _graph_edges(store, kb: Any) -> Made:
    for edge in _graph(store)[1]:
        yield {"row": edge, "keys": [f"a:{edge['source']}", f"b:{edge['target']}"]}


MAKERS: dict[str, Callable[[Any, Any], Made]] = {
    "timeline": _timeline, "flows": _flows, "claims": _claims, "conflicts": _conflicts, "actors": _actors,
    "graph_nodes": _graph_nodes, "graph_edges": _graph_edges,
}
