"""`dossier ask`, `dossier eval-ask`, GET /api/ask and the Ask page over the same real store."""
from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dossier.cli import app
from dossier.web import create_app

runner = CliRunner()


def test_cli_ask_prints_the_answer_and_its_sentences(ask_db):
    r = runner.invoke(app, ["ask", "Quanti container ha spedito la Corea del Nord in Russia?", "--db", str(ask_db)])
    assert r.exit_code == 0, r.output
    assert "6,700" in r.stdout and "conflict:" in r.stdout and "a5643427:" in r.stdout


def test_cli_ask_json_is_one_object_with_citations(ask_db):
    r = runner.invoke(app, ["ask", "When did Putin and Kim Jong Un sign the treaty?", "--db", str(ask_db), "--json"])
    out = json.loads(r.stdout)
    assert out["citations"] and "2024-06-19" in out["answer"]


def test_cli_ask_errors_are_clear(ask_db, tmp_path):
    r = runner.invoke(app, ["ask", " ", "--db", str(ask_db)])
    assert r.exit_code == 1 and "empty" in r.stderr
    r = runner.invoke(app, ["ask", "Who?", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 1 and "no store" in r.stderr
    r = runner.invoke(app, ["ask", "Who?", "--db", str(ask_db), "--prose"], env={"DOSSIER_ASK_ENDPOINT": ""})
    assert r.exit_code == 1 and "no model endpoint" in r.stderr


def test_eval_ask_names_the_articles_a_store_lacks(ask_db):
    r = runner.invoke(app, ["eval-ask", "--db", str(ask_db)])  # the question set also cites ../shared articles
    assert r.exit_code == 1 and "lacks" in r.stderr and "build them" in r.stderr


def test_api_and_page(ask_db):
    client = TestClient(create_app(ask_db))
    r = client.get("/api/ask", params={"q": "How many containers did North Korea send to Russia?"})
    assert r.status_code == 200 and r.json()["answered_from"] == "figures"
    assert client.get("/api/ask", params={"q": "x", "lang": "fr"}).json()["error"]["status"] == 422
    page = client.get("/ask", params={"q": "Chi ha posto il veto al rinnovo del panel dell'ONU?"})
    assert page.status_code == 200 and "Russia" in page.text and "?hl=" in page.text
    assert "<script" not in page.text
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
