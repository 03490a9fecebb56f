"""Input files to Documents: plain text (with optional front matter), HTML, JSON Lines, and
web archives (WARC, as Common Crawl's CC-NEWS ships them: `warc.py`).

One bad input never stops a run: every file (every line of a JSON Lines file) that
cannot become a Document comes out as a `Rejected` with the reason and a hint, in the
same deterministic order as the documents. An article kept despite a problem (bytes
that are not UTF-8, a bad date, broken front matter) comes with `InputWarning`s saying
what was done, when the caller asks for them (`warnings=True`, as `dossier build` does).
Links, pipes, devices and unreadable entries are reported, never read blindly
(`files.py`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from ..errors import IngestError
from ..records import Document, Record, Rejected
from ..settings import defaults
from .decoding import BINARY_HINT, Decoded, binary_reason, decode_text, normalise_newlines, read_text_noted
from .dedupe import document_id
from .files import entry_problem, open_regular, os_reason, read_regular, walk
from .language import detect_language, normalise_language
from .metadata import clean_metadata, parse_published, read_front_matter


@dataclass(slots=True)
class InputWarning(Record):
    """A problem with an input that was still ingested (the article is kept): what was done, in
    words, with a hint. Readers yield it just before the Document it concerns."""

    KIND: ClassVar[str] = "input_warning"
    source_path: str
    reason: str


Output = Document | Rejected | InputWarning

_SUPPORTED = "only .txt, .html, .htm, .jsonl, .warc and .warc.gz files are read"


def _config(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    cfg = defaults()
    cfg.update({k: v for k, v in (settings or {}).items() if v is not None})
    return cfg


def _reason(exc: IngestError) -> str:
    """The message and its hint in one line: "what went wrong; how to fix it"."""
    message = str(exc.args[0]) if exc.args else "unreadable"
    return f"{message}; {exc.hint}" if exc.hint else message


# -- building a Document ---------------------------------------------------------------


def make_document(text: str, meta: Mapping[str, Any], source_path: str, cfg: Mapping[str, Any]) -> Document:
    """A Document from article text and raw metadata; IngestError when it cannot be one.

    Metadata problems (a bad date, a list where text belongs) do not lose the article: the
    field is left out (`document_with_notes` says so)."""
    return document_with_notes(text, meta, source_path, cfg)[0]


def document_with_notes(
    text: str, meta: Mapping[str, Any], source_path: str, cfg: Mapping[str, Any]
) -> tuple[Document, list[str]]:
    """`make_document`, with what was left out or changed, in words with a hint."""
    body = text.strip()
    if not body:
        raise IngestError("empty: no text, only whitespace", hint="add the article's text, or remove the file")
    min_chars = int(cfg.get("min_text_chars") or 0)
    if len(body) < min_chars:
        raise IngestError(
            f"empty: only {len(body)} characters of text, fewer than min_text_chars ({min_chars})",
            hint="add the article's text, or lower min_text_chars to keep very short texts",
        )
    _check_lines(text, cfg)
    notes: list[str] = []
    fields = clean_metadata(meta, notes)
    try:
        published = parse_published(fields["published"])
    except IngestError as exc:
        notes.append(f"{exc.args[0]}: the date was left out and the article kept; {exc.hint}")
        published = None
    language = (
        normalise_language(fields["language"])
        or normalise_language(cfg.get("default_language"))
        or detect_language(text)
    )
    kept = _kept_languages(cfg)
    if kept and language not in kept:
        raise IngestError(f"language {language or 'unknown'} is not among the languages kept ({', '.join(kept)})",
                          hint="add it to the languages setting (DOSSIER_LANGUAGES) to keep such articles")
    doc = Document(
        id=document_id(text),
        text=text,
        language=language,
        title=fields["title"],
        url=fields["url"],
        outlet=fields["outlet"],
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        published_range=(published.earliest, published.latest) if published else None,
        published_basis="metadata" if published else None,
        source_path=source_path,
    )
    return doc, notes


def _kept_languages(cfg: Mapping[str, Any]) -> tuple[str, ...]:
    value = cfg.get("languages")
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    return tuple(code for code in (normalise_language(str(x).strip()) for x in items) if code)


def _check_lines(text: str, cfg: Mapping[str, Any]) -> None:
    """Refuse a text with a line longer than `max_line_chars` (0, the default, for no limit: the
    sentence splitter reads a long line in linear time, in chunks; a user may still want to keep a
    dump of one-line pages out of the store)."""
    limit = int(cfg.get("max_line_chars") or 0)
    if not limit or len(text) <= limit:
        return
    pos = lineno = 0
    while pos <= len(text):
        lineno += 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if end - pos > limit:
            raise IngestError(
                f"a single line of {end - pos} characters (line {lineno} of the text), longer than "
                f"max_line_chars ({limit})",
                hint="break the text into paragraphs (one per line), or raise max_line_chars (0: no limit)",
            )
        pos = end + 1


def _kept(doc: Document, notes: Iterable[str], where: str) -> Iterator[Output]:
    for note in notes:
        yield InputWarning(where, note)
    yield doc


def _read_bytes(path: Path, cfg: Mapping[str, Any]) -> bytes:
    """The file's bytes; IngestError for a file too large, or with nothing but whitespace in it."""
    raw = read_regular(path, cfg.get("max_file_bytes"))
    if not raw:
        raise IngestError("empty: the file is 0 bytes", hint="add the article's text, or remove the file")
    if not raw.strip():
        raise IngestError("empty: no text, only whitespace", hint="add the article's text, or remove the file")
    return raw


# -- one reader per format ----------------------------------------------------------------


def _read_txt(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    # Without front matter the text is the file itself (BOM and CR aside): gold offsets index it.
    decoded = read_text_noted(_read_bytes(path, cfg))
    meta, body, problem = read_front_matter(decoded.text)
    notes = list(decoded.notes)
    if problem is not None:
        notes.append(f"{problem.args[0]}: the front matter was left out and the article kept; {problem.hint}")
    doc, more = document_with_notes(body, meta or {}, source, cfg)
    yield from _kept(doc, notes + more, source)


# Publication dates from the page's markup and URL only; htmldate's extensive search
# would guess from dates mentioned in the text, which is not metadata.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def _html_language(tree: Any) -> str | None:
    """The page's declared language: <html lang>, content-language or og:locale."""
    for value in (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath("//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content"),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ):
        code = normalise_language(value)
        if code:
            return code
    return None


# libxml2's HTML parser stops building the tree at this depth: the text nested deeper is lost.
_LXML_MAX_DEPTH = 255
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(raw: bytes) -> Decoded:
    """The page's text: as `read_text_noted`, but a page that is not UTF-8 and declares its charset
    (<meta charset>) is read in that charset without a warning (it said what it is)."""
    decoded = read_text_noted(raw)
    if not decoded.notes:
        return decoded
    declared = _CHARSET.search(raw[:4096])
    if declared is None:
        return decoded
    import codecs

    try:
        codec = codecs.lookup(declared.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return decoded
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"  # what browsers read for these labels (WHATWG Encoding)
    if codec.startswith("utf"):
        return decoded
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return decoded
    if "\x00" in text:
        return decoded
    return Decoded(normalise_newlines(text.removeprefix("\ufeff")))


def _tree_depth(tree: Any) -> int:
    depth: dict[Any, int] = {}
    best = 0
    for el in tree.iter():
        parent = el.getparent()
        d = depth.get(parent, 0) + 1
        depth[el] = d
        best = max(best, d)
    return best


_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "math", "title"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
    "article", "section", "blockquote", "header", "footer", "nav", "aside", "main", "pre", "dd", "dt",
    "figure", "figcaption", "hr", "body", "html",
}


class _PageText(HTMLParser):
    """The text of a page outside scripts and styles, one block a line, read without building a tree
    (so no depth limit), and how much script it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._open: list[str] = []  # skipped elements we are inside
        self._parts: list[str] = []
        self._title: list[str] = []
        self.script_chars = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIPPED_TAGS:
            self._open.append(tag)
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCK_TAGS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            if tag in self._open:
                while self._open.pop() != tag:
                    pass
        elif tag in _BLOCK_TAGS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._open:
            self._parts.append(data)
        elif self._open[-1] == "title":
            self._title.append(data)
        elif self._open[-1] == "script":
            self.script_chars += len(data.strip())

    @property
    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self._parts).split("\n"))
        return "\n".join(line for line in lines if line)

    @property
    def title(self) -> str | None:
        return " ".join("".join(self._title).split()) or None


def _page_text(html: str) -> _PageText:
    scan = _PageText()
    scan.feed(html)
    scan.close()
    return scan


def _read_html(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    yield from html_article(_read_bytes(path, cfg), source, cfg)


def html_article(raw: bytes, source: str, cfg: Mapping[str, Any], url: str | None = None,
                 known: Mapping[str, Any] | None = None) -> Iterator[Output]:
    """The article of an HTML page (its bytes, as read from a file, an archive or the web): the main
    text by trafilatura, with title, outlet, date and language; `url` where the page came from;
    `known`: metadata from elsewhere (a feed's title and date), used where the page gives none."""
    import trafilatura  # slow import; only HTML needs it

    decoded = _decode_html(raw)
    html = decoded.text
    notes = list(decoded.notes)
    tree = trafilatura.load_html(html)
    if tree is None:
        raise IngestError("unparsable HTML", hint="check that the file is an HTML page")
    language = _html_language(tree)
    if _tree_depth(tree) >= _LXML_MAX_DEPTH:
        # The parser dropped everything nested deeper: read the page's text without a tree instead.
        scan = _page_text(html)
        notes.append(
            f"HTML nested {_LXML_MAX_DEPTH} or more levels deep, beyond what the HTML parser reads: the page's "
            "text was read whole, without telling the article from menus and footers; check the stored text"
        )
        doc, more = document_with_notes(scan.text, {"title": scan.title, "language": language}, source, cfg)
        yield from _kept(doc, notes + more, source)
        return
    result = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if result is None or not (result.text or "").strip():
        scan = _page_text(html)
        if scan.script_chars and not scan.text.strip():
            raise IngestError(
                "empty: the page holds only scripts (its text would be written by JavaScript in a browser)",
                hint="save the page from the browser once it has loaded, or ingest the article's text",
            )
        raise IngestError(
            "empty (no main text found in the HTML: only menus, links or boilerplate)",
            hint="check that the file is an article page",
        )
    meta = {
        "title": result.title,
        "url": result.url or url,
        "outlet": result.sitename,
        "published": result.date,
        "language": result.language or language,
    }
    for key, value in (known or {}).items():
        if not meta.get(key):
            meta[key] = value
    doc, more = document_with_notes(normalise_newlines(result.text), meta, source, cfg)
    yield from _kept(doc, notes + more, source)


def _read_jsonl(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    limit = cfg.get("max_file_bytes")  # per line: a JSON Lines corpus may hold thousands of articles
    with open_regular(path) as fh:
        binary = binary_reason(fh.read(64 * 1024))
        if binary:
            raise IngestError(binary, hint=BINARY_HINT)
        fh.seek(0)
        offset = lines = 0
        for lineno, raw in enumerate(fh, start=1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            lines += 1
            where = f"{source}:{lineno}"
            try:
                if limit and len(raw) > limit:
                    raise IngestError(f"oversized line ({len(raw)} bytes > max_file_bytes {limit})",
                                      hint="split the article, or raise the max_file_bytes setting")
                text, meta, notes = _jsonl_article(raw, start)
                doc, more = document_with_notes(text, meta, where, cfg)
                yield from _kept(doc, notes + more, where)
            except IngestError as exc:
                yield Rejected(where, _reason(exc))
    if not lines:
        raise IngestError("empty: no JSON lines in the file",
                          hint='write one JSON object per line, e.g. {"text": "..."}')


def _jsonl_article(raw: bytes, offset: int) -> tuple[str, dict[str, Any], list[str]]:
    decoded = decode_text(raw, base=offset)
    notes = list(decoded.notes)
    try:
        obj = json.loads(decoded.text.rstrip("\r\n"))  # the line's own ending is not part of the JSON
    except json.JSONDecodeError as exc:
        raise IngestError(f"bad JSON: {exc.msg} (column {exc.colno})",
                          hint='write one JSON object per line, e.g. {"text": "...", "title": "..."}') from None
    if not isinstance(obj, dict):
        raise IngestError(f"bad JSON: expected an object, got {type(obj).__name__}",
                          hint='write one JSON object per line, e.g. {"text": "...", "title": "..."}')
    text = obj.get("text")
    if text is None:
        raise IngestError("no 'text' field", hint='each line needs {"text": "..."}')
    if not isinstance(text, str):
        raise IngestError(f"'text' must be a string, got {type(text).__name__}", hint='each line needs {"text": "..."}')
    if "\x00" in text:
        notes.append(f"{text.count(chr(0))} NUL character(s) removed from 'text'; check the exporter that wrote it")
        text = text.replace("\x00", "")
    return normalise_newlines(text.removeprefix("\ufeff")), obj, notes


def read_upload(raw: bytes, cfg: Mapping[str, Any], where: str = "upload") -> list[Output]:
    """An article sent as one JSON object, as a line of a .jsonl corpus ({"text": ..., "title",
    "url", "published", "language"...}): the document and its warnings, or why it was refused."""
    try:
        text, meta, notes = _jsonl_article(raw, 0)
        doc, more = document_with_notes(text, meta, where, cfg)
        return list(_kept(doc, notes + more, where))
    except IngestError as exc:
        return [Rejected(where, _reason(exc))]


def _read_warc(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    from .warc import read_warc

    yield from read_warc(path, source, cfg)


_READERS: dict[str, Callable[[Path, str, Mapping[str, Any]], Iterator[Output]]] = {
    ".txt": _read_txt,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
    ".warc": _read_warc,
    ".warc.gz": _read_warc,
}


def _suffix(path: Path) -> str:
    """The reader's suffix: the last one, or the last two of a compressed archive (.warc.gz)."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return "".join(suffixes) if len(suffixes) == 2 and suffixes[-1] == ".gz" else path.suffix.lower()


# -- public API ------------------------------------------------------------------------------


def _iter_file(path: Path, cfg: Mapping[str, Any], problem: str | None = None,
               warnings: bool = False) -> Iterator[Output]:
    source = str(path)
    problem = problem or entry_problem(path)
    if problem:
        yield Rejected(source, problem)
        return
    suffix = _suffix(path)
    reader = _READERS.get(suffix)
    if reader is None:
        yield Rejected(source, f"unsupported file type {suffix or '(no extension)'}; {_SUPPORTED}")
        return
    try:
        for item in reader(path, source, cfg):
            if warnings or not isinstance(item, InputWarning):
                yield item
    except IngestError as exc:
        yield Rejected(source, _reason(exc))
    except OSError as exc:
        yield Rejected(source, os_reason(path, exc))
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop a corpus run
        yield Rejected(source, f"reader failed: {type(exc).__name__}: {exc}; this is a bug in dossier's "
                               "reader: report it with the file")


def _entries(paths: Iterable[str | Path] | str | Path) -> Iterator[tuple[Path, str | None]]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return walk(paths, _READERS)


def expand_paths(paths: Iterable[str | Path] | str | Path) -> Iterator[Path]:
    """Entries to read: each given path, and every entry under each given folder (recursive,
    sorted; hidden files and folders skipped). Links, pipes, devices, missing paths and folders
    named like files are passed on too, to be rejected with their reason."""
    return (path for path, _ in _entries(paths))


def count_inputs(paths: Iterable[str | Path] | str | Path) -> int:
    """Number of entries `iter_inputs` will read (for a progress bar)."""
    return sum(1 for _ in _entries(paths))


def read_file(path: str | Path, settings: Mapping[str, Any] | None = None, *,
              warnings: bool = False) -> list[Output]:
    """The Documents and Rejected of one file (several for JSON Lines), with the InputWarnings
    of kept articles when `warnings` is true."""
    return list(_iter_file(Path(path), _config(settings), warnings=warnings))


def iter_inputs(
    paths: Iterable[str | Path] | str | Path, settings: Mapping[str, Any] | None = None, *,
    warnings: bool = False,
) -> Iterator[Output]:
    """Documents and Rejected from files and folders, in a deterministic order; with `warnings`,
    each Document is preceded by the InputWarnings of what was done to it."""
    cfg = _config(settings)
    for path, problem in _entries(paths):
        yield from _iter_file(path, cfg, problem, warnings)
