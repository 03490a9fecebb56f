"""News as it arrives: RSS and Atom feeds (feedparser), each new item's page fetched and read as an
HTML file is (`readers.html_article`), for `dossier watch`.

An item is new when no stored article came from its link (`Store.documents_from`), so a feed polled
again adds only what appeared since, and an interrupted poll resumes without duplicates. A page
that cannot be fetched falls back to the text the feed itself carries for the item (its content or
summary), when there is enough of it; otherwise the item is Rejected with its link and the reason,
and the rest of the feed goes in. A feed that cannot be fetched or parsed is Rejected with its URL.
Only http and https are fetched, each with a time limit and a size limit (`max_file_bytes`).
"""
from __future__ import annotations

import html
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import IngestError
from ..records import Rejected

USER_AGENT = f"dossier/{__version__} (news reader; +https://github.com/dossier)"


def fetch(url: str, timeout: float, limit: int | None) -> bytes:
    """The body of `url` (http or https), at most `limit` bytes; IngestError with the reason otherwise."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise IngestError(f"not an http(s) address: {url}", hint="feeds and their items are fetched over http or https")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - scheme checked above
            body = answer.read(limit + 1 if limit else -1)
    except urllib.error.HTTPError as exc:
        raise IngestError(f"the server answered {exc.code} {exc.reason}", hint="check the address") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IngestError(f"cannot fetch {url}: {reason}", hint="check the address and the network") from None
    if limit and len(body) > limit:
        raise IngestError(f"oversized ({len(body)} bytes > max_file_bytes {limit})",
                          hint="raise the max_file_bytes setting to read it")
    return body


def read_feeds(urls: Iterable[str], cfg: Mapping[str, Any], stored: Callable[[str], bool],
               timeout: float = 30.0) -> Iterator[Any]:
    """Documents (and Rejected, InputWarning) of the items of `urls` whose link is not `stored`."""
    import feedparser

    from .readers import _reason, html_article

    limit = cfg.get("max_file_bytes")
    def get(address: str) -> bytes:
        return fetch(address, timeout, limit)
    for url in urls:
        try:
            parsed = feedparser.parse(get(url))
        except IngestError as exc:
            yield Rejected(url, f"feed: {_reason(exc)}")
            continue
        if not parsed.entries:
            problem = f"not a feed: {parsed.bozo_exception}" if parsed.bozo else "a feed with no items"
            yield Rejected(url, f"{problem}; check that the address is an RSS or Atom feed")
            continue
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                yield Rejected(url, f"an item without a link ({entry.get('title') or 'untitled'}): nothing to fetch")
                continue
            if stored(link):
                continue
            known = {"title": entry.get("title"), "published": _published(entry)}
            try:
                page = get(link)
            except IngestError as exc:
                carried = _carried(entry)
                if not carried:
                    yield Rejected(link, _reason(exc))
                    continue
                page = carried.encode("utf-8")
            try:
                yield from html_article(page, link, cfg, url=link, known=known)
            except IngestError as exc:
                yield Rejected(link, _reason(exc))


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return "%04d-%02d-%02d" % tuple(parsed[:3])
    return None


def _carried(entry: Any) -> str:
    """The item's own text (content, else summary) as an HTML page, or ""."""
    parts = [c.get("value", "") for c in entry.get("content", ())] or [entry.get("summary", "")]
    body = "".join(parts).strip()
    if not body:
        return ""
    title = html.escape(entry.get("title") or "")
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"
