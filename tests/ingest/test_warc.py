"""Web archives: the pages of a WARC (plain or gzipped, as CC-NEWS ships them) become articles; the
crawl's other records are passed over; a bad page or a cut archive is reported and the rest read.
The archives are written here with warcio, from pages of our own words."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from dossier.ingest import iter_inputs, read_file
from dossier.records import Document, Rejected

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2024-11-0{day}T09:00:00+01:00"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport and weather of the week</a></nav>
<article><h1>{title}</h1>{body}</article><footer>All rights reserved, test outlet.</footer></body></html>"""

ITALIAN = PAGE.format(lang="it", title="Nuovo ponte sul fiume", day=4, body=(
    "<p>Il comune ha inaugurato ieri il ponte pedonale che unisce i due quartieri divisi dal fiume.</p>"
    "<p>I lavori sono durati diciotto mesi e sono costati quattro milioni di euro, secondo la giunta.</p>"
    "<p>Gli abitanti della riva sinistra potranno raggiungere la stazione in dieci minuti a piedi.</p>"))
ENGLISH = PAGE.format(lang="en", title="Harbour reopens after storm", day=5, body=(
    "<p>The harbour reopened on Tuesday after a week of repairs to the northern breakwater.</p>"
    "<p>Port officials said forty fishing boats had returned and the ferry would sail again from Friday.</p>"
    "<p>Engineers will inspect the southern pier next month, the authority added in a statement.</p>"))


def warc(records: list[tuple[str, str, int, str, bytes]], gz: bool) -> bytes:
    """An archive of (record type, url, HTTP status, content type, body) records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for rec_type, url, status, ctype, body in records:
        if rec_type == "response":
            http = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        else:
            rec = writer.create_warc_record(url, rec_type, payload=io.BytesIO(body),
                                            warc_content_type="application/http; msgtype=request")
        writer.write_record(rec)
    return out.getvalue()


CRAWL = [
    ("request", "https://news.example/it/ponte", 0, "", b"GET /it/ponte HTTP/1.1\r\nHost: news.example\r\n\r\n"),
    ("response", "https://news.example/it/ponte", 200, "text/html; charset=utf-8", ITALIAN.encode()),
    ("response", "https://news.example/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("response", "https://news.example/missing", 404, "text/html", b"<html><body>Not found</body></html>"),
    ("response", "https://news.example/menu", 200, "text/html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    ("response", "https://news.example/en/harbour", 200, "text/html", ENGLISH.encode()),
]


@pytest.mark.parametrize("gz", [False, True])
def test_the_pages_of_an_archive_become_articles(tmp_path: Path, gz: bool):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc(CRAWL, gz))
    out = read_file(path, {})
    docs = [x for x in out if isinstance(x, Document)]
    assert [d.url for d in docs] == ["https://news.example/it/ponte", "https://news.example/en/harbour"]
    assert [d.language for d in docs] == ["it", "en"]
    assert "diciotto mesi" in docs[0].text and "Sport and weather" not in docs[0].text
    assert docs[1].published == "2024-11-05" and docs[1].title == "Harbour reopens after storm"
    assert all(d.source_path.startswith(str(path) + ":") for d in docs)
    # the menu-only page is reported with its record number; the request, the image and the 404 are not pages
    [rejected] = [x for x in out if isinstance(x, Rejected)]
    assert rejected.source_path == f"{path}:5" and rejected.reason.startswith("empty")


def test_the_languages_setting_keeps_only_those_languages(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc(CRAWL, True))
    out = list(iter_inputs([tmp_path], {"languages": "en"}))
    assert [d.language for d in out if isinstance(d, Document)] == ["en"]
    assert any(isinstance(r, Rejected) and "language it is not among the languages kept (en)" in r.reason for r in out)


def test_a_cut_archive_keeps_the_pages_before_the_cut(tmp_path: Path):
    whole = warc(CRAWL, False)
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: whole.index(b"Harbour reopens") + 40])  # killed while writing the last page
    out = read_file(path, {})
    assert [d.url for d in out if isinstance(d, Document)] == ["https://news.example/it/ponte"]
    assert any(isinstance(r, Rejected) and ("cut or damaged" in r.reason or r.reason.startswith("empty"))
               for r in out if r.source_path.endswith(":6") or r.source_path.endswith(":7"))


def test_a_file_that_is_not_an_archive_is_rejected_with_the_reason(tmp_path: Path):
    path = tmp_path / "notes.warc.gz"
    path.write_bytes(b"these are plain notes, not an archive\n" * 20)
    [rejected] = read_file(path, {})
    assert isinstance(rejected, Rejected) and "web archive" in rejected.reason


def test_an_archive_builds_like_a_folder(tmp_path: Path):
    from dossier.build import build_corpus
    from dossier.store import open_store

    folder = tmp_path / "cc-news"
    folder.mkdir()
    (folder / "CC-NEWS-1.warc.gz").write_bytes(warc(CRAWL[:2], True))
    (folder / "CC-NEWS-2.warc.gz").write_bytes(warc(CRAWL[4:], True))
    with open_store(tmp_path / "s.db") as store:
        summary = build_corpus([folder], store, progress=False)
        assert summary.added == 2 and len(summary.rejected) == 1
        assert {d.url for d in store.documents()} == {"https://news.example/it/ponte", "https://news.example/en/harbour"}
        again = build_corpus([folder], store, progress=False)
        assert again.added == 0 and again.unchanged == 2
