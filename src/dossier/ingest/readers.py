"""Input files to Documents: plain text (with optional front matter), HTML, JSON Lines.

One bad input never stops a run: every file (every line of a JSON Lines file) that
cannot become a Document comes out as a `Rejected` with the reason, in the same
deterministic order as the documents.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import IngestError
from ..records import Document, Rejected
from ..settings import defaults
from .decoding import decode_bytes, is_binary, normalise_newlines, read_text
from .dedupe import document_id
from .language import detect_language, normalise_language
from .metadata import clean_metadata, parse_published, split_front_matter

Output = Document | Rejected


def _config(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    cfg = defaults()
    cfg.update({k: v for k, v in (settings or {}).items() if v is not None})
    return cfg


def _reason(exc: IngestError) -> str:
    return str(exc.args[0]) if exc.args else "unreadable"


# -- building a Document ---------------------------------------------------------------


def make_document(text: str, meta: Mapping[str, Any], source_path: str, cfg: Mapping[str, Any]) -> Document:
    """A Document from article text and raw metadata; IngestError when it cannot be one."""
    body = text.strip()
    if not body:
        raise IngestError("empty")
    min_chars = int(cfg.get("min_text_chars") or 0)
    if len(body) < min_chars:
        raise IngestError(f"empty ({len(body)} characters < min_text_chars {min_chars})")
    fields = clean_metadata(meta)
    published = parse_published(fields["published"])
    language = (
        normalise_language(fields["language"])
        or normalise_language(cfg.get("default_language"))
        or detect_language(text)
    )
    return Document(
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


def _read_bytes(path: Path, cfg: Mapping[str, Any]) -> bytes:
    limit = cfg.get("max_file_bytes")
    size = path.stat().st_size
    if limit and size > limit:
        raise IngestError(f"oversized ({size} bytes > {limit})", hint="raise the max_file_bytes setting to read it")
    return path.read_bytes()


# -- one reader per format ----------------------------------------------------------------


def _read_txt(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    # Without front matter the text is the file itself (BOM and CR aside): gold offsets index it.
    text = read_text(_read_bytes(path, cfg))
    meta, body = split_front_matter(text)
    yield make_document(body, meta or {}, source, cfg)


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


def _read_html(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    import trafilatura  # slow import; only HTML needs it

    html = read_text(_read_bytes(path, cfg))
    tree = trafilatura.load_html(html)
    if tree is None:
        raise IngestError("unparsable HTML", hint="check that the file is an HTML page")
    language = _html_language(tree)
    result = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if result is None or not (result.text or "").strip():
        raise IngestError("empty (no main text found in the HTML)")
    meta = {
        "title": result.title,
        "url": result.url,
        "outlet": result.sitename,
        "published": result.date,
        "language": result.language or language,
    }
    yield make_document(normalise_newlines(result.text), meta, source, cfg)


def _read_jsonl(path: Path, source: str, cfg: Mapping[str, Any]) -> Iterator[Output]:
    limit = cfg.get("max_file_bytes")  # per line: a JSON Lines corpus may hold thousands of articles
    with path.open("rb") as fh:
        if is_binary(fh.read(64 * 1024)):
            raise IngestError("binary file", hint="only text, HTML and JSON Lines files can be ingested")
        fh.seek(0)
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{source}:{lineno}"
            try:
                if limit and len(raw) > limit:
                    raise IngestError(f"oversized ({len(raw)} bytes > {limit})")
                yield make_document(*_jsonl_article(raw), where, cfg)
            except IngestError as exc:
                yield Rejected(where, _reason(exc))


def _jsonl_article(raw: bytes) -> tuple[str, dict[str, Any]]:
    try:
        obj = json.loads(decode_bytes(raw))
    except json.JSONDecodeError as exc:
        raise IngestError(f"bad JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise IngestError(f"bad JSON: expected an object, got {type(obj).__name__}")
    text = obj.get("text")
    if text is None:
        raise IngestError("no 'text' field", hint='each line needs {"text": "..."}')
    if not isinstance(text, str):
        raise IngestError(f"'text' must be a string, got {type(text).__name__}")
    return normalise_newlines(text.removeprefix("\ufeff")), obj


_READERS: dict[str, Callable[[Path, str, Mapping[str, Any]], Iterator[Output]]] = {
    ".txt": _read_txt,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
}


# -- public API ------------------------------------------------------------------------------


def _iter_file(path: Path, cfg: Mapping[str, Any]) -> Iterator[Output]:
    source = str(path)
    if not path.exists():
        yield Rejected(source, "no such file or folder")
        return
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        yield Rejected(source, f"unsupported file type {path.suffix.lower() or '(no extension)'}")
        return
    try:
        yield from reader(path, source, cfg)
    except IngestError as exc:
        yield Rejected(source, _reason(exc))
    except OSError as exc:
        yield Rejected(source, f"unreadable: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop a corpus run
        yield Rejected(source, f"reader failed: {type(exc).__name__}: {exc}")


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_paths(paths: Iterable[str | Path] | str | Path) -> Iterator[Path]:
    """Files to read: each given file, and every file under each given folder (recursive,
    sorted; hidden files and folders skipped). A missing path is passed on to be rejected."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
        else:
            yield path


def count_inputs(paths: Iterable[str | Path] | str | Path) -> int:
    """Number of files `iter_inputs` will read (for a progress bar)."""
    return sum(1 for _ in expand_paths(paths))


def read_file(path: str | Path, settings: Mapping[str, Any] | None = None) -> list[Output]:
    """The Documents and Rejected of one file (several for JSON Lines)."""
    return list(_iter_file(Path(path), _config(settings)))


def iter_inputs(
    paths: Iterable[str | Path] | str | Path, settings: Mapping[str, Any] | None = None
) -> Iterator[Output]:
    """Documents and Rejected from files and folders, in a deterministic order."""
    cfg = _config(settings)
    for path in expand_paths(paths):
        yield from _iter_file(path, cfg)
