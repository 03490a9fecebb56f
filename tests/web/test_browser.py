"""The pages in a real browser: Debian's Chromium driven by Playwright, against `dossier serve`'s app
running on loopback. `.ci/run` installs Chromium and sets DOSSIER_REQUIRE_BROWSER=1, so in CI a
missing browser fails these tests instead of skipping them. Each page's screenshot is a test
artefact: build/artefacts/pages/NAME.png (or under $DOSSIER_ARTEFACTS)."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(os.environ.get("DOSSIER_ARTEFACTS") or Path(__file__).resolve().parents[2] / "build" / "artefacts") / "pages"

if not CHROMIUM.exists() or not __import__("importlib").util.find_spec("playwright"):
    if os.environ.get("DOSSIER_REQUIRE_BROWSER"):
        raise RuntimeError("browser tests need Debian's chromium (/usr/bin/chromium) and the playwright package")
    pytest.skip("no /usr/bin/chromium or playwright here (CI installs them: .ci/run)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(examples_db):
    import uvicorn

    from dossier.web import create_app

    db = examples_db
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    pg.problems = []  # console errors (a Content-Security-Policy violation shows up there)
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    yield pg
    pg.close()


@pytest.mark.parametrize("path, heading", [("/", "The story"), ("/timeline", "Timeline"), ("/flows", "Flow ledger"),
                                           ("/conflicts", "Where the sources differ"), ("/actors", "Actors"),
                                           ("/search", "Search"), ("/graph", "Actor graph"),
                                           ("/actors/PUTIN", "Vladimir Putin"), ("/ask", "Ask"),
                                           ("/flows?by=flow", "Flow ledger by flow"),
                                           ("/claims?about=containers", "Claims")])
def test_each_page_loads_styled_and_clean(server, page, path, heading):
    response = page.goto(server + path)
    assert response.status == 200
    assert page.locator("h1").inner_text() == heading
    # the stylesheet applied (same origin, allowed by the policy): marks and tables are styled
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    assert page.problems == []
    shot = ARTEFACTS / ((path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home") + ".png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1200, "height": 900})
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5000  # a rendered page, not a blank one


def test_the_timeline_filter_works(server, page):
    page.goto(server + "/timeline")
    page.fill("input[name=type]", "VISIT")
    with page.expect_navigation():
        page.click("button")
    types = page.locator("tr.event td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"VISIT"}


def test_a_flow_row_opens_the_article_with_its_sentence_highlighted(server, page):
    page.goto(server + "/flows?item=container")
    link = page.locator("a.cite").first
    figure = link.inner_text()
    with page.expect_navigation():
        link.click()
    assert "/articles/" in page.url
    focus = page.locator("#hl")
    assert focus.is_visible() and figure.split()[0] in focus.inner_text()
    assert focus.locator("mark").count() >= 1
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "article.png"))  # the cited sentence in view


@pytest.mark.parametrize("word", ["containers", "trattato"])
def test_search_finds_english_and_italian(server, page, word):
    page.goto(server + "/search")
    page.fill("input[name=q]", word)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    hits = page.locator("li.hit a")
    assert hits.count() >= 1 and word in hits.first.inner_text().lower()
    with page.expect_navigation():
        hits.first.click()
    assert word in page.locator("#hl").inner_text().lower()


def test_the_graph_leads_to_an_actor_page(server, page):
    page.goto(server + "/graph")
    node = page.locator("svg.graph a").first
    with page.expect_navigation():
        node.click()
    assert "/actors/" in page.url and page.locator("h1").inner_text()
    assert page.problems == []


@pytest.mark.parametrize("question, expect", [("How many containers did North Korea send to Russia?", "6,700"),
                                              ("Quando Putin e Kim Jong Un hanno firmato il trattato?", "2024-06-19")])
def test_ask_answers_and_a_cited_sentence_opens_highlighted(server, page, question, expect):
    page.goto(server + "/ask")
    page.fill("input[name=q]", question)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert expect in page.locator("p.short").inner_text()
    cited = page.locator("ol.citations li.hit a").first
    sentence = cited.inner_text()
    with page.expect_navigation():
        cited.click()
    assert "/articles/" in page.url
    assert page.locator("#hl").inner_text().strip() in sentence
    assert page.problems == []
