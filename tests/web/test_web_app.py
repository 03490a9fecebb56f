"""The pages and the JSON API over a real store built from the sample corpus (FastAPI's test client;
a browser drives them in the browser tests still to come)."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dossier.records import Document
from dossier.store import open_store
from dossier.web import create_app



@pytest.fixture(scope="module")
def db(tmp_path_factory, examples_db):
    import shutil

    path = tmp_path_factory.mktemp("web") / "w.db"
    shutil.copyfile(examples_db, path)  # this store gets one more article: a copy of the shared one
    with open_store(path) as store:
        from dossier.pipeline import Pipeline
        from dossier.records import Article

        text = "Il <script>alert('x')</script> ministro russo ha detto che Mosca ha inviato 5 <b>carri</b>."
        store.write_article(Pipeline().run(Article(document=Document(id="evil0000000000aa", text=text,
                                                                    language="it", published="2024-06-01"))))
        from dossier.resolve import resolve_store
        from dossier.stage import Resources

        resolve_store(store, Resources().kb)
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, token="s3cret", rate=0))  # the rate limit has its own test


@pytest.mark.parametrize("page", ["/", "/timeline", "/flows", "/conflicts", "/actors", "/search?q=veto", "/graph",
                                  "/claims", "/claims?about=containers&source=Kirby", "/flows?by=flow",
                                  "/actors/PUTIN",
                                  "/timeline?type=VISIT&since=2024-01", "/flows?item=container"])
def test_every_page_loads_with_security_headers(client, page):
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert "<style>" not in r.text and "<script" not in r.text  # nothing inline for the policy to block


def test_api_lists_are_paged_and_every_row_cites(client):
    first = client.get("/api/timeline?limit=5").json()
    second = client.get("/api/timeline?limit=5&offset=5").json()
    assert first["total"] == second["total"] > 10 and len(first["items"]) == 5
    assert {r["cluster"] for r in first["items"]}.isdisjoint(r["cluster"] for r in second["items"])
    for kind in ("timeline", "flows", "claims"):
        for row in client.get(f"/api/{kind}?limit=500").json()["items"]:
            assert row["doc_id"] and row["end"] > row["start"]
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/timeline"]["get"]["parameters"]}
    assert {"limit", "offset", "type", "since", "until", "actor"} <= params


def test_a_flow_row_opens_its_sentence_highlighted(client):
    row = client.get("/api/flows?item=container").json()["items"][0]
    page = client.get("/flows?item=container").text
    link = f"/articles/{row['doc_id']}?hl={row['start']}-{row['end']}#hl"
    assert link.replace("&", "&amp;") in page or link in page
    article = client.get(link.split("#")[0]).text
    focus = re.search(r'<span id="hl" class="focus">(.*?)</span>', article, re.S)
    assert focus and "mark" in focus.group(1)


def test_article_text_is_escaped(client):
    page = client.get("/articles/evil0000000000aa").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>carri</b>" not in page


def test_errors_have_one_shape(client):
    for url, status in [("/api/articles/nope", 404), ("/api/timeline?limit=0", 422),
                        ("/api/conflicts?reason=bogus", 422), ("/static/../app.py", 404),
                        ("/static/..%2Fapp.py", 404), ("/articles/..%2F..%2Fetc", 404)]:
        r = client.get(url)
        assert r.status_code == status, url
        body = r.json()["error"]
        assert body["status"] == status and body["message"]


def test_writes_need_the_token_and_big_bodies_are_refused(client, db):
    ids = [m["id"] for m in client.get("/api/timeline?type=VISIT").json()["items"][0]["members"]][:1]
    payload = {"kind": "reject", "ids": ids, "reason": "test"}
    assert client.post("/api/judgements", json=payload).status_code == 401
    assert client.post("/api/judgements", json=payload, headers={"Authorization": "Bearer nope"}).status_code == 401
    ok = client.post("/api/judgements", json=payload, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200 and ok.json()["kind"] == "reject"
    read_only = TestClient(create_app(db))
    assert read_only.post("/api/judgements", json=payload).status_code == 403
    big = client.post("/api/judgements", content=b"x" * 1_100_000, headers={"Authorization": "Bearer s3cret",
                                                                          "content-type": "application/json"})
    assert big.status_code == 413


def test_search_finds_english_and_italian(client):
    assert client.get("/api/search?q=containers").json()["items"]
    assert client.get("/api/search?q=trattato").json()["items"]
    page = client.get("/search?q=%3Cscript%3E").text
    assert "<script>" not in page


def test_search_finds_actors_events_and_claims_with_the_words_marked(client):
    found = client.get("/api/search?q=Putin").json()
    assert any(a["id"] == "PUTIN" for a in found["actors"]["items"])
    assert found["events"]["items"] and found["events"]["total"] >= len(found["events"]["items"])
    containers = client.get("/api/search?q=containers").json()
    assert containers["claims"]["items"] and all("contain" in c["sentence"].lower() or "conteni" in c["sentence"].lower()
                                                  for c in containers["claims"]["items"])
    page = client.get("/search?q=Putin").text
    marked = re.findall(r'<mark class="hit">(.*?)</mark>', page)
    assert marked and {m.lower() for m in marked} == {"putin"}
    assert 'class="actor-hit"' in page and 'class="event-hit"' in page
    accents = client.get("/search?q=citta").text  # the index ignores accents; so does the marking
    assert all(m.lower().startswith("citt") for m in re.findall(r'<mark class="hit">(.*?)</mark>', accents))


def test_a_client_sending_too_fast_is_slowed(db):
    c = TestClient(create_app(db))
    codes = [c.get("/static/dossier.css").status_code for _ in range(80)]
    assert codes.count(200) >= 40 and 429 in codes  # at most 50 a second per client


def test_actor_page_and_graph(client):
    putin = client.get("/api/actors/PUTIN").json()
    assert putin["names"] and putin["events"] and all("PUTIN" in e["who_ids"] for e in putin["events"])
    graph = client.get("/api/graph?limit=6").json()
    ids = {n["id"] for n in graph["nodes"]}
    assert len(ids) == 6 and all(e["source"] in ids and e["target"] in ids and e["weight"] >= 1 for e in graph["edges"])
    page = client.get("/graph?limit=6").text
    assert page.count("<circle") == 6 and all(f'href="/actors/{i}"' in page for i in ids)
    timeline = client.get("/timeline").text
    assert '<svg class="chart"' in timeline and "<rect" in timeline
    assert client.get("/api/actors/NOBODY").status_code == 404


def test_no_rate_limit_when_set_to_zero(db):
    c = TestClient(create_app(db, rate=0))
    assert {c.get("/static/dossier.css").status_code for _ in range(80)} == {200}


def test_ledger_by_flow_charts_figures_and_names_their_conflicts(client):
    groups = client.get("/api/ledger?limit=500").json()["items"]
    assert groups and all(g["figures"] >= len(g["rows"]) for g in groups)
    flows = client.get("/api/flows?limit=500").json()["items"]
    assert sum(g["figures"] for g in groups) == len(flows)  # every figure in exactly one flow, none averaged
    in_conflict: dict[str, set] = {}  # figure id -> reasons, from every claim of every group
    for c in client.get("/api/conflicts?limit=500").json()["items"]:
        for cl in client.get("/api/conflicts/claims", params={"group": c["id"], "limit": 500}).json()["items"]:
            in_conflict.setdefault(cl["id"], set()).add(c["reason"])
    rows = [r for g in groups for r in g["rows"]]
    assert all(set(r["conflicts"]) == in_conflict.get(r["id"], set()) for r in rows)
    assert any(r["conflicts"] for r in rows)
    page = client.get("/flows?by=flow&item=container").text
    assert 'class="flow-group"' in page and '<svg class="figures"' in page and "<circle" in page


def test_timeline_filters_by_modality_and_actor(client):
    every = client.get("/api/timeline?limit=500").json()
    planned = client.get("/api/timeline?modality=planned&limit=500").json()
    assert 0 < planned["total"] < every["total"]
    assert all("planned" in r["modalities"] for r in planned["items"])
    assert client.get("/api/timeline?modality=maybe").status_code == 422
    putin = client.get("/api/timeline?actor=putin&limit=500").json()["items"]  # part of a name, case aside
    assert putin and all("PUTIN" in r["who_ids"] for r in putin)
    page = client.get("/timeline?modality=planned").text
    assert 'value="planned"' in page and f"{planned['total']} in all" in page


def test_an_uploaded_article_needs_the_token_and_is_built_and_resolved(tmp_path, examples_db):
    import shutil

    db = tmp_path / "up.db"
    shutil.copyfile(examples_db, db)
    c = TestClient(create_app(db, token="s3cret"))
    body = {"text": "Il 3 marzo 2025 il ministro della Difesa russo ha visitato Pyongyang, dove ha incontrato "
                    "Kim Jong-un per discutere della cooperazione militare tra i due Paesi.",
            "title": "Visita a Pyongyang", "published": "2025-03-04", "language": "it"}
    assert c.post("/api/articles", json=body).status_code == 401
    before = c.get("/api/timeline?limit=1").json()["total"]
    r = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 201 and r.json()["added"]
    doc = c.get(f"/api/articles/{r.json()['doc_id']}").json()
    assert doc["document"]["title"] == "Visita a Pyongyang" and doc["events"]
    assert c.get("/api/timeline?limit=1").json()["total"] >= before  # resolved: the views were made again
    again = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
    assert again.status_code == 201 and not again.json()["added"]  # the same text twice: stored once
    bad = c.post("/api/articles", json={"title": "no text"}, headers={"Authorization": "Bearer s3cret"})
    assert bad.status_code == 422 and "text" in bad.json()["error"]["message"]


def test_exports_from_the_api_read_back(client):
    import io
    import zipfile

    import networkx as nx

    graph = client.get("/api/export?format=graphml")
    assert graph.status_code == 200
    g = nx.read_graphml(io.BytesIO(graph.content))
    assert g.number_of_nodes() > 3
    tables = zipfile.ZipFile(io.BytesIO(client.get("/api/export?format=csv").content))
    assert {"events.csv", "figures.csv", "claims.csv"} <= set(tables.namelist())
    lines = client.get("/api/export?format=jsonl").text.splitlines()
    assert lines and all('"doc_id"' in line for line in lines)
    assert client.get("/api/export?format=pdf").status_code == 422


def test_claims_page_and_claims_about_what_an_actor_did(client):
    about = client.get("/api/claims?actor=RUS&limit=500").json()
    assert about["total"] == len(about["items"]) > 0
    page = client.get("/claims?about=containers").text
    assert 'class="claim"' in page and re.search(r'<mark class="hit">(containers?|contenitor[ei])</mark>', page, re.I)
    putin = client.get("/api/actors/PUTIN?limit=2").json()
    assert len(putin["events"]) <= 2 <= putin["events_total"] or putin["events_total"] == len(putin["events"])
