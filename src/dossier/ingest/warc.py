"""Web archives (WARC, ISO 28500), plain or gzipped, as crawlers and Common Crawl's CC-NEWS write
them: every HTML page a `response` record holds becomes an article, read as an HTML file is
(trafilatura; `readers.html_article`), with the record's target URI as its URL.

Records that are not pages (requests, metadata, redirects, errors, images, PDFs) are passed over:
they are the crawl's bookkeeping, not articles. A page that cannot become an article is Rejected
with the archive and the record's number (`ARCHIVE:N`, as JSON Lines name their lines), and the
rest of the archive is read; an archive cut short (a crawl killed mid-write) keeps the pages read
before the cut, and the cut is Rejected with its reason. Archives are read as a stream, record by
record, whatever their size; `max_file_bytes` bounds each page.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import IngestError
from ..records import Rejected
from .files import open_regular

_PAGE_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Any]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .readers import _reason, html_article

    limit = cfg.get("max_file_bytes")
    n = 0
    with open_regular(path) as fh:
        _check_warc(fh)
        records = ArchiveIterator(fh)
        try:
            for n, record in enumerate(records, start=1):
                if not _is_page(record):
                    continue
                where = f"{source}:{n}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    raw = record.content_stream().read(limit + 1 if limit else -1)
                    if limit and len(raw) > limit:
                        raise IngestError(f"oversized page ({len(raw)} bytes > max_file_bytes {limit})",
                                          hint="raise the max_file_bytes setting to read it")
                    yield from html_article(raw, where, cfg, url=url)
                except IngestError as exc:
                    yield Rejected(where, _reason(exc))
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:  # a bad record, a cut gzip stream
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            if n == 0:
                raise IngestError(f"not a readable web archive: {reason}",
                                  hint="a .warc or .warc.gz file holds WARC records; check the file") from None
            yield Rejected(f"{source}:{n + 1}", f"the archive is cut or damaged after record {n}: {reason}; "
                           "the pages before it were read")
    if n == 0:
        raise IngestError("empty: no WARC records in the archive", hint="check that the crawl wrote the file")


def _check_warc(fh: Any) -> None:
    """Refuse a file that does not start with a WARC record (warcio would read any text as one)."""
    import zlib

    head = fh.read(8192)
    fh.seek(0)
    if head[:2] == b"\x1f\x8b":  # gzip: look at the start of the first member
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            head = b""
    if not head.startswith(b"WARC/"):
        raise IngestError("not a web archive: the file does not start with a WARC record",
                          hint="a .warc or .warc.gz file holds WARC records (WARC/1.0 or 1.1); check the file")


def _is_page(record: Any) -> bool:
    """A response record of a successful fetch of an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status.startswith("2") and kind in _PAGE_TYPES
