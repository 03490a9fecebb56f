"""The sample corpus built into PostgreSQL gives what it gives in SQLite: the same rows, the same
views (CLI JSON and HTTP API), the same answers, the same search hits. Runs against the real server
of DOSSIER_TEST_POSTGRES (tests/conftest.py); the SQLite side is the session's examples store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"

runner = CliRunner()

QUESTIONS = (
    "How many containers did North Korea send to Russia?",
    "Quando è stato firmato il trattato tra Russia e Corea del Nord?",
    "Who denied the arms deliveries?",
)


@pytest.fixture(scope="module")
def both(examples_db, postgres_schemas):
    from dossier.build import build_corpus
    from dossier.resolve import resolve_store
    from dossier.stage import Resources

    url = postgres_schemas()
    with open_store(url) as store:
        build_corpus([EXAMPLES], store, progress=False)
        resolve_store(store, Resources().kb)
    return str(examples_db), url


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_same_rows_on_both_engines(both):
    sqlite, postgres = both
    with open_store(sqlite) as a, open_store(postgres) as b:
        rows = a.dump()
        assert rows == b.dump()
        assert rows["documents"] and rows["events"] and rows["quantities"]  # not two empty stores
        assert a.event_clusters() == b.event_clusters() and a.event_clusters()


@pytest.mark.parametrize("view", [
    ("timeline", "--json"), ("timeline", "--mentions", "--json"), ("flows", "--json"), ("flows", "--by-flow", "--json"),
    ("claims", "--json"), ("claims", "--about", "containers", "--json"), ("actors", "--json"),
    ("conflicts", "--json"), ("entities", "--json"),
])
def test_the_same_views_on_both_engines(both, view):
    sqlite, postgres = both
    out = cli(*view, "--db", sqlite)
    assert out.strip(), view  # each view has rows on the sample corpus
    assert cli(*view, "--db", postgres) == out


@pytest.mark.parametrize("query", ["Pyongyang", "munizion*", '"Corea del Nord"', "piu", "già"])
def test_the_same_search_hits_on_both_engines(both, query):
    # the same sentences match; their order is each engine's own ranking (BM25 in SQLite, ts_rank here)
    sqlite, postgres = both
    hits = sorted(cli("search", query, "--limit", "1000", "--json", "--db", sqlite).splitlines())
    assert hits, query
    assert sorted(cli("search", query, "--limit", "1000", "--json", "--db", postgres).splitlines()) == hits


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_same_answers_on_both_engines(both, question):
    sqlite, postgres = both
    answer = json.loads(cli("ask", question, "--json", "--db", sqlite))
    assert answer["citations"], question
    assert json.loads(cli("ask", question, "--json", "--db", postgres)) == answer


def test_the_same_api_on_both_engines(both):
    from fastapi.testclient import TestClient

    from dossier.web import create_app

    sqlite, postgres = both
    paths = ("/api/timeline?limit=20", "/api/flows", "/api/claims?limit=30", "/api/actors", "/api/conflicts",
             "/api/graph", "/api/ask?q=Who+denied+the+arms+deliveries%3F")
    with TestClient(create_app(sqlite)) as a, TestClient(create_app(postgres)) as b:
        for path in paths:
            ra, rb = a.get(path), b.get(path)
            assert ra.status_code == rb.status_code == 200, (path, ra.text)
            assert ra.json() == rb.json(), path
