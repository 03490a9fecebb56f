"""Exports read back with each format's own library (json, csv, networkx, followthemoney)."""
from __future__ import annotations

import csv
import json

import pytest

from dossier.export import export
from dossier.store import open_store



@pytest.fixture(scope="module")
def store(examples_db):
    with open_store(examples_db) as s:
        yield s


def test_jsonl_cites_every_record(store, tmp_path):
    [path] = export(store, "jsonl", tmp_path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {r["kind"] for r in rows} == {"event", "figure", "claim"}
    assert len(rows) == len(store.events()) + len(store.quantities()) + len(store.claims())
    for r in rows:
        text = store.document(r["doc_id"]).text
        assert text[r["start"]:r["end"]] == r["text"] and r["text"] in r["sentence"]


def test_csv_tables_have_their_columns(store, tmp_path):
    paths = {p.name: p for p in export(store, "csv", tmp_path)}
    assert set(paths) == {"events.csv", "figures.csv", "claims.csv", "actors.csv", "documents.csv"}
    with paths["figures.csv"].open(encoding="utf-8", newline="") as f:
        figures = list(csv.DictReader(f))
    assert len(figures) == len(store.quantities())
    assert any(r["from_entity"] == "PRK" and r["to_entity"] == "RUS" and r["unit"] == "container" for r in figures)
    with paths["events.csv"].open(encoding="utf-8", newline="") as f:
        assert all(r["sentence"] and r["type"] for r in csv.DictReader(f))


def test_graphml_reads_back_in_networkx(store, tmp_path):
    import networkx as nx

    [path] = export(store, "graphml", tmp_path)
    g = nx.read_graphml(path)
    assert g.number_of_nodes() > 5 and g.number_of_edges() > 5
    assert g.nodes["PUTIN"]["label"] == "Vladimir Putin"
    for _a, _b, data in g.edges(data=True):
        assert data["type"] and 1 <= data["weight"] <= data["articles"] <= data["events"]


def test_followthemoney_entities_read_back(store, tmp_path):
    from followthemoney import model

    [path] = export(store, "ftm", tmp_path)
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    by_id = {p.id: p for p in proxies}
    events = [p for p in proxies if p.schema.name == "Event"]
    assert events and len(events) == len(store.events())
    people = [p for p in proxies if p.schema.name == "Person"]
    assert any("Vladimir Putin" in p.get("name") for p in people)
    assert all(i in by_id for e in events for i in e.get("involved"))  # every reference resolves


def test_unknown_format_is_an_error_listing_the_formats(store, tmp_path):
    from dossier.errors import DossierError

    with pytest.raises(DossierError, match="jsonl, csv, graphml, ftm"):
        export(store, "xml", tmp_path)
