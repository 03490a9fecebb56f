"""The store in the formats analysts use (`dossier export --format F --out DIR`).

* `jsonl`: `records.jsonl`, every event, figure and claim as one JSON object with its citation
  (`doc_id`, `start`, `end`, and the sentence it stands in);
* `csv`: one table per record kind (`events.csv`, `figures.csv`, `claims.csv`, `actors.csv`,
  `documents.csv`; columns in docs/exports.md);
* `graphml`: `actors.graphml`, the actor graph: who did what with whom, one edge per pair of actors
  and event type, weighted by the independent origins that tell of it (opens in Gephi);
* `ftm`: `entities.ftm.json`, FollowTheMoney entities (people, organisations, states and events with
  their participants) as JSON lines, made with the `followthemoney` library, for Aleph.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

from .errors import DossierError
from .views.rows import Sentences

FORMATS = ("jsonl", "csv", "graphml", "ftm")
_DOERS = ("actor", "party", "participant", "host")
_FTM_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "GPE": "LegalEntity"}


def export(store, fmt: str, out: Path, kb: Any = None) -> list[Path]:
    """Write the export and return the files written."""
    if fmt not in FORMATS:
        raise DossierError(f"unknown export format {fmt!r}", hint="one of: " + ", ".join(FORMATS))
    out.mkdir(parents=True, exist_ok=True)
    return {"jsonl": _jsonl, "csv": _csv, "graphml": _graphml, "ftm": _ftm}[fmt](store, out, kb)


def _records(store) -> Iterator[tuple[str, Any]]:
    for kind, rows in (("event", store.events()), ("figure", store.quantities()), ("claim", store.claims())):
        for r in sorted(rows, key=lambda r: (r.doc_id, r.start)):
            yield kind, r


def _jsonl(store, out: Path, kb) -> list[Path]:
    sentence = Sentences(store).text_at
    path = out / "records.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for kind, r in _records(store):
            row = {"kind": kind, **r.to_dict(), "sentence": sentence(r.doc_id, r.start)}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return [path]


_CSV = {
    "events": ["id", "doc_id", "start", "end", "text", "type", "date", "modality", "source_entity", "participants",
               "sentence"],
    "figures": ["id", "doc_id", "start", "end", "text", "value", "low", "high", "bound", "unit", "item",
                "from_entity", "to_entity", "period", "source_entity", "stance", "hypothetical", "sentence"],
    "claims": ["id", "doc_id", "start", "end", "text", "claimant_entity", "stance", "about", "denies", "sentence"],
}


def _csv(store, out: Path, kb) -> list[Path]:
    sentence = Sentences(store).text_at
    files = {k: (out / f"{k}.csv").open("w", encoding="utf-8", newline="") for k in _CSV}
    writers = {k: csv.DictWriter(f, fieldnames=cols, extrasaction="ignore") for (k, f), cols in
               zip(files.items(), _CSV.values())}
    for w in writers.values():
        w.writeheader()
    table = {"event": "events", "figure": "figures", "claim": "claims"}
    for kind, r in _records(store):
        row = r.to_dict()
        if kind == "event":
            row["participants"] = "; ".join(f"{p.role}={p.entity_id}" for p in r.participants if p.entity_id)
        if kind == "claim":
            row["about"] = " ".join(r.about)
        row["sentence"] = sentence(r.doc_id, r.start)
        writers[table[kind]].writerow(row)
    for f in files.values():
        f.close()
    paths = [out / f"{k}.csv" for k in _CSV]
    with (out / "actors.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "type", "mentions", "qid"])
        for e, n in store.entities():
            w.writerow([e.id, e.name, e.type, n, e.qid or ""])
    with (out / "documents.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "language", "published", "url", "source_path", "duplicate_of"])
        for d in store.documents(with_text=False):
            w.writerow([d.id, d.title or "", d.language or "", d.published or "", d.url or "", d.source_path or "",
                        d.duplicate_of or ""])
    return paths + [out / "actors.csv", out / "documents.csv"]


def actor_graph(store):
    """networkx MultiDiGraph-free summary: a DiGraph whose edges (a, b, type) carry the number of
    events, of articles and of independent origins that tell of a doing b (or a and b together)."""
    import networkx as nx

    names = {e.id: (e.name, e.type) for e, _ in store.entities()}
    origin = {d.id: d.duplicate_of or d.id for d in store.documents(with_text=False)}
    edges: dict[tuple[str, str, str], dict[str, set]] = {}
    for ev in store.events():
        doers = sorted({p.entity_id for p in ev.participants if p.role in _DOERS and p.entity_id})
        others = sorted({p.entity_id for p in ev.participants if p.role not in _DOERS and p.entity_id} - set(doers))
        pairs = [(a, b) for a in doers for b in others] + list(combinations(doers, 2))
        for a, b in pairs:
            e = edges.setdefault((a, b, ev.type), {"events": set(), "docs": set()})
            e["events"].add(ev.id)
            e["docs"].add(ev.doc_id)
    g = nx.MultiDiGraph()
    for (a, b, typ), e in sorted(edges.items()):
        for n in (a, b):
            if n not in g:
                name, kind = names.get(n, (n.removeprefix("new:"), ""))
                g.add_node(n, label=name, type=kind)
        g.add_edge(a, b, key=typ, type=typ, events=len(e["events"]), articles=len(e["docs"]),
                   weight=len({origin.get(d, d) for d in e["docs"]}))
    return g


def _graphml(store, out: Path, kb) -> list[Path]:
    import networkx as nx

    path = out / "actors.graphml"
    nx.write_graphml(actor_graph(store), path)
    return [path]


def _ftm(store, out: Path, kb) -> list[Path]:
    from followthemoney import model

    path = out / "entities.ftm.json"
    ids: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as fh:
        for e, _n in store.entities():
            proxy = model.make_entity(_FTM_SCHEMA.get(e.type, "LegalEntity"))
            proxy.make_id("dossier", e.id)
            proxy.add("name", e.name)
            proxy.add("alias", [a for a in e.aliases if a != e.name])
            if e.qid:
                proxy.add("wikidataId", e.qid)
            ids[e.id] = proxy.id
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
        docs = {d.id: d for d in store.documents(with_text=False)}
        sentence = Sentences(store).text_at
        for ev in sorted(store.events(), key=lambda e: (e.doc_id, e.start)):
            proxy = model.make_entity("Event")
            proxy.make_id("dossier", ev.id)
            proxy.add("name", f"{ev.type} ({ev.text})")
            proxy.add("summary", sentence(ev.doc_id, ev.start))
            if ev.date and len(ev.date.split("/")[0]) >= 4:
                proxy.add("date", ev.date.split("/")[0])
            proxy.add("involved", [ids[p.entity_id] for p in ev.participants if p.entity_id in ids])
            doc = docs.get(ev.doc_id)
            if doc is not None and doc.url:
                proxy.add("sourceUrl", doc.url)
            proxy.add("recordId", ev.id)
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False) + "\n")
    return [path]
