"""`dossier watch`: a feed served on 127.0.0.1 by a real HTTP server in this process, its new items
fetched, built and resolved; a second poll adds only what appeared since. Pages and feeds are our
own words."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.store import open_store

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport and weather of the week</a></nav>
<article><h1>{title}</h1>{body}</article><footer>All rights reserved, test outlet.</footer></body></html>"""

PAGES = {
    "/it/ponte": PAGE.format(lang="it", title="Nuovo ponte sul fiume", body=(
        "<p>Il comune ha inaugurato ieri il ponte pedonale che unisce i due quartieri divisi dal fiume.</p>"
        "<p>I lavori sono durati diciotto mesi e sono costati quattro milioni di euro, secondo la giunta.</p>")),
    "/en/harbour": PAGE.format(lang="en", title="Harbour reopens after storm", body=(
        "<p>The harbour reopened on Tuesday after a week of repairs to the northern breakwater.</p>"
        "<p>Port officials said forty fishing boats had returned and the ferry would sail again from Friday.</p>")),
    "/en/rail": PAGE.format(lang="en", title="Night train returns", body=(
        "<p>The night train between the two capitals will run again from March, the operator announced.</p>"
        "<p>Tickets go on sale next week and the first departures are already half booked, it said.</p>")),
}

CARRIED = ("<p>The regional council approved a plan for three new bus lines linking the valley towns.</p>"
           "<p>Services are expected to start in the autumn, according to the transport office.</p>")


def item(path: str, title: str, content: str = "") -> str:
    carried = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (f"<item><title>{title}</title><link>{{base}}{path}</link>"
            f"<pubDate>Tue, 05 Nov 2024 09:00:00 GMT</pubDate>{carried}</item>")


def rss(items: list[str]) -> str:
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            "<channel><title>Test news</title><link>{base}/</link>" + "".join(items) + "</channel></rss>")


@pytest.fixture
def site():
    """A loopback web server: `routes` maps a path to (status, content type, body with {base})."""
    routes: dict[str, tuple[int, str, str]] = {p: (200, "text/html; charset=utf-8", b) for p, b in PAGES.items()}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            status, ctype, body = routes.get(self.path, (404, "text/html", "<html><body>not here</body></html>"))
            data = body.replace("{base}", base).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, routes
    server.shutdown()
    server.server_close()


def watch(*args: str):
    return CliRunner().invoke(app, ["watch", *args, "--once", "--timeout", "5"])


def test_a_poll_builds_the_new_items_and_a_second_adds_only_what_appeared(site, tmp_path):
    base, routes = site
    db = str(tmp_path / "w.db")
    routes["/feed.xml"] = (200, "application/rss+xml", rss([
        item("/it/ponte", "Nuovo ponte sul fiume"),
        item("/en/harbour", "Harbour reopens after storm"),
        item("/en/buses", "Three new bus lines", content=CARRIED),  # the page is gone; the feed carries the text
        item("/en/gone", "A page that is gone"),  # gone, and nothing carried
    ]))
    first = watch(f"{base}/feed.xml", "--db", db)
    assert first.exit_code == 0, first.output
    assert "3 added" in first.output
    assert f"skipped {base}/en/gone: the server answered 404" in first.output.replace("\n", " ")
    with open_store(db) as store:
        docs = {d.url: d for d in store.documents()}
        assert set(docs) == {f"{base}/it/ponte", f"{base}/en/harbour", f"{base}/en/buses"}
        assert "diciotto mesi" in docs[f"{base}/it/ponte"].text and "Sport and weather" not in docs[f"{base}/it/ponte"].text
        assert "three new bus lines" in docs[f"{base}/en/buses"].text
        assert docs[f"{base}/en/buses"].published == "2024-11-05"  # the feed's date, the page giving none

    routes["/feed.xml"] = (200, "application/rss+xml", rss([
        item("/en/rail", "Night train returns"), item("/it/ponte", "Nuovo ponte sul fiume"),
        item("/en/harbour", "Harbour reopens after storm"),
    ]))
    second = watch(f"{base}/feed.xml", "--db", db)
    assert second.exit_code == 0, second.output
    assert "1 added" in second.output
    with open_store(db) as store:
        assert len(store.documents()) == 4
        assert store.documents_from(f"{base}/en/rail")


def test_a_feed_that_cannot_be_read_is_skipped_with_the_reason(site, tmp_path):
    base, routes = site
    routes["/page.html"] = (200, "text/html", PAGES["/it/ponte"])
    db = str(tmp_path / "w.db")
    result = watch(f"{base}/page.html", f"{base}/nothing.xml", "ftp://example.org/feed", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.output.replace("\n", " ")
    assert f"skipped {base}/page.html: not a feed" in out or f"skipped {base}/page.html: a feed with no items" in out
    assert f"skipped {base}/nothing.xml: feed: the server answered 404" in out
    assert "not an http(s) address" in out
    assert "0 added" in out
