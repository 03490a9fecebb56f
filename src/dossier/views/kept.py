"""The views' rows kept in the store, read a page at a time.

A view (timeline, flows, the ledger by flow, claims, conflicts and their claims, actors, the
actor graph) is made
whole from the store's records once, at resolve time (`make`), or when it is read after
articles arrived (`page` makes it first); each row is kept with what it is found by:

    keys    actor:ID, source:ID, about:ID, type:T, modality:M, item:X, reason:R, id:ID, conflict:ID
    dates   its first and last date (a merged event's date, a figure's period)
    dup     whether it comes from a near-duplicate article
    ref     the record it shows (a claim's id for `claims --about`, an event's cluster)

so that a page, its count and every filter of the CLI and the API are one query of one view
(`Store.view_page`), whatever the size of the corpus. A row holds at most SHOWN members of an
event and SHOWN claims of a conflict group; the rest are a page of their own view away.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .rows import _duplicates, actor_rows, claim_rows, conflict_rows, flow_rows, ledger_rows, merged_event_rows

SHOWN = 20
CHARTED = 500  # figures of a flow drawn in its chart

Made = Iterable[dict[str, Any]]  # {"row": ..., and what it is found by: keys, date, dup, ref}


ROWS_VERSION = 1  # raised whenever a view's rows change shape: views kept by older code are made again


def kb_mark(kb: Any) -> str:
    """What the kept rows were made with: this code's rows and the knowledge base."""
    return f"v{ROWS_VERSION}:" + (kb.digest() if kb is not None else "none")


def make(store, kb: Any, **loaded: Any) -> dict[str, int]:
    """Make every view from the store's records and keep it; the number of rows of each.
    `loaded`: records the caller read already (events=..., claims=...)."""
    records = _Records(store, loaded)
    counts: dict[str, int] = {}
    for views in MAKERS.values():
        counts.update(_make(records, kb, views[0]))
    return counts


class _Records:
    """The store, whose whole tables (events, claims...) are read once while the views are made,
    not once per view."""

    ONCE = frozenset({"events", "claims", "quantities", "entities", "documents", "event_clusters"})

    def __init__(self, store, loaded: dict[str, Any]):
        self._store = store
        self._read = {(name, (), ()): rows for name, rows in loaded.items() if rows is not None}

    def __getattr__(self, name: str) -> Any:
        read = getattr(self._store, name)
        if name not in self.ONCE:
            return read

        def once(*args: Any, **kwargs: Any) -> Any:
            key = (name, args, tuple(sorted(kwargs.items())))
            if key not in self._read:
                self._read[key] = read(*args, **kwargs)
            return self._read[key]

        return once


def page(store, view: str, kb: Any, *, keys: Sequence[Sequence[str]] = (), since: str | None = None,
         until: str | None = None, originals: bool = False, about: tuple[str, tuple[str, ...]] | None = None,
         about_latest: int | None = None, limit: int | None = None, offset: int = 0
         ) -> tuple[int, list[dict[str, Any]]]:
    """(how many rows pass the filters, the page of them) of one view, made first when the
    store changed since it was made (see `Store.view_page` for the filters)."""
    fresh(store, view, kb)
    return store.view_page(view, keys=keys, since=since, until=until, originals=originals, about=about,
                           about_latest=about_latest, limit=limit, offset=offset)


def months(store, view: str, kb: Any, **filters: Any) -> dict[str, int]:
    """Month -> how many rows of the view (filtered as by `page`) fall in it."""
    fresh(store, view, kb)
    return store.view_months(view, **filters)


def fresh(store, view: str, kb: Any) -> None:
    """Make the view when the store changed since it was made, or it was made with another knowledge base."""
    if view not in VIEWS:
        raise ValueError(f"no view {view!r}; views: {', '.join(VIEWS)}")
    if store.view_made(view) != kb_mark(kb):
        _make(store, kb, view)


def ids_named(store, want: str) -> list[str]:
    """The entity ids `want` names: an id, or a part of an id or of a name, case ignored."""
    w = want.lower()
    ids = [i for i, name in store.entity_names().items() if w in i.lower() or w in (name or "").lower()]
    return ids if want in ids else [want, *ids]


def keys_of(kind: str, ids: Sequence[str]) -> list[str]:
    return [f"{kind}:{i}" for i in ids]


_NAMED = frozenset({"actor", "source", "about"})  # kinds whose value is an id or part of a name


def filters(store, **wanted: str | None) -> list[list[str]]:
    """The key groups (`page(keys=...)`) of the filters given: type, modality, item, reason, id,
    conflict as written (type in capitals, item in lower case, as the rows are kept), and actor,
    source, about as an id or part of an id or a name (`ids_named`). A filter left out keeps all."""
    groups = []
    for kind, value in wanted.items():
        if not value:
            continue
        if kind in _NAMED:
            groups.append(keys_of(kind, ids_named(store, value)))
        else:
            groups.append([f"{kind}:{value.upper() if kind == 'type' else value.lower() if kind == 'item' else value}"])
    return groups


def _make(store, kb: Any, view: str) -> dict[str, int]:
    """Make `view` and the views made from the same computation, and keep them."""
    maker = next(m for m, views in MAKERS.items() if view in views)
    marks = {v: store.begin_view(v) for v in MAKERS[maker]}
    counts = {}
    for v, made in maker(store, kb).items():
        rows = []
        for n, r in enumerate(made):
            date = r.get("date")
            rows.append({"n": n, "ref": r.get("ref"), "dup": int(bool(r.get("dup"))), "keys": set(r.get("keys", ())),
                         "lo": date.split("/")[0] if date else None, "hi": date.split("/")[-1] if date else None,
                         "row": json.dumps(r["row"], ensure_ascii=False, separators=(",", ":"))})
        store.write_view(v, rows, kb_mark(kb), marks[v])
        counts[v] = len(rows)
    return counts


def _timeline(store, kb: Any) -> dict[str, Made]:
    def made() -> Made:
        for r in merged_event_rows(store, kb=kb):
            r = {**r, "members": r["members"][:SHOWN], "members_total": len(r["members"])}
            yield {"row": r, "ref": r["cluster"], "date": r["date"],
                   "keys": [f"type:{r['type']}", *keys_of("actor", r["who_ids"]), *keys_of("modality", r["modalities"])]}

    return {"timeline": made()}


def _flows(store, kb: Any) -> dict[str, Made]:
    def made() -> Made:
        dup = _duplicates(store)
        for r in flow_rows(store, duplicates=True):
            keys = [f"item:{x.lower()}" for x in (r["item"], r["unit"]) if x]
            keys += keys_of("actor", [x for x in (r["from_id"], r["to_id"]) if x])
            keys += keys_of("source", [r["source_id"]] if r["source_id"] else [])
            yield {"row": r, "date": r["period"], "dup": r["doc_id"] in dup, "keys": keys}

    return {"flows": made()}


def _claims(store, kb: Any) -> dict[str, Made]:
    """Claims, found by who makes them (source:) and by whom what they carry involves (about:)."""
    def made() -> Made:
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

    return {"claims": made()}


def _conflicts(store, kb: Any) -> dict[str, Made]:
    """Conflict groups, each with its first claims; every claim of each (conflict_claims); the
    flow ledger (one row per flow, its figures with the reasons of the conflicts they are in)."""
    groups = conflict_rows(store, kb)
    reasons: dict[str, set[str]] = {}
    for r in groups:
        for c in r["claims"]:
            reasons.setdefault(c["id"], set()).add(r["reason"])

    def ledger() -> Made:
        for g in ledger_rows(store, kb):
            rows = [{**r, "conflicts": sorted(reasons.get(r["id"], ()))} for r in g["rows"]]
            chart = [{k: r[k] for k in ("period", "value", "low", "high", "bound", "figure", "source")}
                     for r in rows if r["period"]][:CHARTED]
            keys = {f"item:{x.lower()}" for r in rows for x in (r["item"], r["unit"]) if x}
            keys |= set(keys_of("actor", [x for r in rows for x in (r["from_id"], r["to_id"]) if x] +
                                [x for x in (g["from_id"], g["to_id"]) if x]))
            yield {"row": {**g, "rows": rows[:SHOWN], "chart": chart, "charted": len(chart)}, "keys": keys}

    return {
        "conflicts": ({"row": {**r, "claims": r["claims"][:SHOWN], "claims_total": len(r["claims"])},
                       "ref": r["id"], "keys": [f"reason:{r['reason']}", f"id:{r['id']}"]} for r in groups),
        "conflict_claims": ({"row": c, "keys": [f"conflict:{r['id']}"]} for r in groups for c in r["claims"]),
        "ledger": ledger(),
    }


def _actors(store, kb: Any) -> dict[str, Made]:
    return {"actors": ({"row": r, "ref": r["id"], "keys": [f"type:{r['type']}", f"id:{r['id']}",
                                                          *keys_of("id", r["ids"])]} for r in actor_rows(store, kb))}


def _graph(store, kb: Any) -> dict[str, Made]:
    """The actor graph's nodes, strongest first (the sum of their edges' weights), and edges."""
    from ..export import actor_graph

    g = actor_graph(store)
    strength: dict[str, int] = {}
    for a, b, d in g.edges(data=True):
        strength[a] = strength.get(a, 0) + d["weight"]
        strength[b] = strength.get(b, 0) + d["weight"]
    nodes = [{"id": n, **g.nodes[n], "strength": strength[n]} for n in sorted(strength, key=lambda n: (-strength[n], n))]
    edges = [{"source": a, "target": b, **d} for a, b, d in g.edges(data=True)]
    return {"graph_nodes": ({"row": x, "ref": x["id"]} for x in nodes),
            "graph_edges": ({"row": x, "keys": [f"a:{x['source']}", f"b:{x['target']}"]} for x in edges)}


def _counts(store, kb: Any) -> dict[str, Made]:
    """How many rows each table holds (the overview's line), counted once, not on every visit."""
    return {"counts": [{"row": store.counts()}]}


# each maker and the views it makes from one computation
MAKERS: dict[Callable[[Any, Any], dict[str, Made]], tuple[str, ...]] = {
    _timeline: ("timeline",), _flows: ("flows",), _claims: ("claims",), _conflicts: ("conflicts", "conflict_claims", "ledger"),
    _actors: ("actors",), _graph: ("graph_nodes", "graph_edges"), _counts: ("counts",),
}
VIEWS = tuple(v for views in MAKERS.values() for v in views)
