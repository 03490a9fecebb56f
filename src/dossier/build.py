"""`dossier build`: ingest -> per-article pipeline -> store, resumable and idempotent.

Each article is written in its own transaction, so an interrupted build leaves a
consistent store; a rerun skips what is already stored by the same pipeline, which is
also why building the same folder twice changes no row.

Input problems never stop a build: an input that cannot become an article is skipped and
listed in `BuildSummary.rejected` with its reason, an article kept despite a problem is
listed in `BuildSummary.warnings`. A path that does not exist at all stops the build before
it starts (a mistyped argument, not a bad file). A store another process is writing to is
waited for (`busy_timeout_seconds`), with a message on the console.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError
from .ingest import InputWarning, NearDuplicateIndex, count_inputs, iter_inputs
from .pipeline import Pipeline
from .records import Article, Document, Rejected
from .settings import resolve
from .stage import Resources


@dataclass
class BuildSummary:
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    replaced: int = 0  # earlier versions of the same file or URL retired
    pruned: int = 0  # stored articles whose file is gone (--prune)
    words: int = 0
    seconds: float = 0.0
    rejected: list[Rejected] = field(default_factory=list)  # inputs skipped, with the reason
    warnings: list[InputWarning] = field(default_factory=list)  # articles kept despite a problem
    unsupported: dict[str, int] = field(default_factory=dict)  # language -> articles stored without extraction


def _original(store, index: NearDuplicateIndex, item, signature: bytes) -> str | None:
    """The original `item` is stored with: the earliest published (then the smallest id) of the item,
    its stored near-duplicates and their originals. The stored copies are re-pointed, and every link
    settled whatever the order, by `relink_duplicates` at the end of the build."""
    found = index.find_all(signature, exclude=item.id)
    if not found:
        return None
    group: dict[str, str | None] = {item.id: item.published}
    for d in found:
        doc = store.document(d)
        if doc is None:
            continue
        group[d] = doc.published
        if doc.duplicate_of and doc.duplicate_of not in group:
            orig = store.document(doc.duplicate_of)
            group[doc.duplicate_of] = orig.published if orig is not None else None
    canon = min(group, key=lambda d: (group[d] or "9999", d))
    return None if canon == item.id else canon


def relink_duplicates(store, index: NearDuplicateIndex) -> int:
    """Recompute every near-duplicate link from the stored signatures: the copies of one text form a
    group (any chain of near-duplicates), whose earliest published member (then smallest id) is the
    original every other links to. Run at the end of each build, it makes the links the same whatever
    the order, the interruptions or the concurrent builds that stored the articles. `index` is the
    build's (seeded from the store, so only what another build stored meanwhile is added); ids it
    holds that are no longer stored are ignored. Returns the number of links changed."""
    sigs = [(d, s) for d, s in store.signatures() if s]
    index.add_all(sigs)
    parent = {d: d for d, _ in sigs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d, s in sigs:
        for other in index.find_all(s, exclude=d):
            if other not in parent:
                continue  # retired since it was indexed
            a, b = find(d), find(other)
            if a != b:
                parent[a] = b
    docs = {d.id: d for d in store.documents(with_text=False)}
    groups: dict[str, list[str]] = {}
    for d, _ in sigs:
        groups.setdefault(find(d), []).append(d)
    changed = 0
    for members in groups.values():
        canon = min(members, key=lambda d: ((docs[d].published if d in docs else None) or "9999", d))
        for d in members:
            want = None if d == canon else canon
            if d in docs and docs[d].duplicate_of != want:
                store.set_duplicate_of(d, want)
                changed += 1
    return changed


def prune_missing(store, paths: list[Path]) -> int:
    """Retire the stored articles read from under `paths` whose file no longer exists."""
    roots = [p.resolve() for p in paths]
    gone = 0
    for d in store.documents(with_text=False):
        if not d.source_path:
            continue
        f = Path(d.source_path.rsplit(":", 1)[0] if d.source_path.rsplit(":", 1)[-1].isdigit() else d.source_path)
        full = f.resolve()
        if any(full == r or r in full.parents for r in roots) and not f.exists():
            gone += store.retire(d.id, "pruned")
    return gone


def build_corpus(paths: Iterable[str | Path], store, *, force: bool = False, progress: bool = True, prune: bool = False,
                 console=None, settings: dict | None = None, pipeline: Pipeline | None = None,
                 workers: int = 0, scheduler: str | None = None,
                 items: Iterable[Document | Rejected | InputWarning] | None = None) -> BuildSummary:
    """Build `paths` into `store`. With `workers` (1 or more) or a `scheduler` address, the articles
    are extracted on a Dask cluster (`cluster.py`) and stored here, in input order, by this process:
    the same rows as a build in one process. `items`, when given, are read instead of files (the
    documents of a feed: `ingest.feeds`), with `paths` empty."""
    from collections import deque

    from .cluster import DaskRunner, InProcess

    settings = resolve(settings or {})
    paths = [Path(p) for p in paths]
    check_paths(paths)
    pipeline = pipeline or Pipeline(resources=Resources(settings))
    wait_when_busy = getattr(store, "wait_when_busy", None)
    if wait_when_busy is not None:
        wait_when_busy(settings["busy_timeout_seconds"], _busy_message(console))
    index = NearDuplicateIndex(threshold=settings["near_duplicate_threshold"])
    index.add_all((doc_id, sig) for doc_id, sig in store.signatures() if sig)
    summary = BuildSummary()
    run_id = store.start_run(pipeline.signature)
    t0 = time.perf_counter()
    runner = DaskRunner(settings, workers or 1, scheduler) if (workers or scheduler) else InProcess(pipeline, settings)
    pending: deque = deque()  # (document, its extraction), stored in input order

    inflight: set[str] = set()  # ids submitted in this build

    def store_next() -> None:
        item, job = pending.popleft()
        try:  # extracted first: an article over its limits changes nothing in the store
            article = job.result()
        except (ArticleTimeout, ArticleTooBig) as exc:
            reason = (f"extraction took longer than {settings['article_seconds']:g} s "
                      f"({len(item.text):,} characters); raise article_seconds to allow it"
                      if isinstance(exc, ArticleTimeout) else
                      f"extraction needed more than {settings['article_memory_mb']:g} MB ({exc.args[0]} MB, "
                      f"{len(item.text):,} characters); raise article_memory_mb to allow it")
            rej = Rejected(source_path=item.source_path or item.id, reason=reason)
            store.record_rejected(rej)
            summary.rejected.append(rej)
            return
        _store_article(store, index, item, article, pipeline.signature, summary)

    try:
        inputs = iter_inputs(paths, settings, warnings=True) if items is None else items
        with _progress(progress and items is None, console, count_inputs(paths)) as advance:
            for item in inputs:
                advance(item.source_path)
                if isinstance(item, InputWarning):
                    summary.warnings.append(item)
                    continue
                if isinstance(item, Rejected):
                    store.record_rejected(item)
                    summary.rejected.append(item)
                    continue
                if item.id in inflight or not force and store.has_document(item.id, pipeline.signature):
                    summary.unchanged += 1  # (the same text twice in one batch: the first is kept, as in order)
                    continue
                inflight.add(item.id)
                pending.append((item, runner.submit(item)))
                while len(pending) >= runner.window:
                    store_next()
            while pending:
                store_next()
    finally:
        runner.close()
    if prune:
        summary.pruned = prune_missing(store, paths)
    if summary.added or summary.replaced or summary.pruned:
        relink_duplicates(store, index)
    summary.seconds = time.perf_counter() - t0
    store.finish_run(run_id, {"added": summary.added, "unchanged": summary.unchanged, "replaced": summary.replaced,
                              "pruned": summary.pruned,
                              "duplicates": summary.duplicates, "rejected": len(summary.rejected),
                              "warnings": len(summary.warnings)})
    return summary


def _store_article(store, index: NearDuplicateIndex, item: Document, article: Article, signature_of: str,
                   summary: BuildSummary) -> None:
    """Store one extracted article: retire its earlier versions, link it to its original when it is
    a near-duplicate, count it."""
    for old in store.documents_from(item.url or item.source_path or ""):
        if old != item.id and store.retire(old, "replaced", replaced_by=item.id):
            index.remove(old)  # an edit replaces its stale version; it is no copy of it
            summary.replaced += 1
    signature = index.signature(item.text)
    original = _original(store, index, item, signature)
    if original is not None:
        article = dataclasses.replace(article, document=dataclasses.replace(article.document, duplicate_of=original))
        summary.duplicates += 1
    index.add(item.id, signature)
    if any(i.type == "unsupported_language" for i in article.issues):
        lang = item.language or "?"
        summary.unsupported[lang] = summary.unsupported.get(lang, 0) + 1
    store.write_article(article, signature, signature_of)
    summary.added += 1
    summary.words += len(item.text.split())


def check_paths(paths: Iterable[str | Path]) -> None:
    """IngestError naming every given path that does not exist (a broken link exists: it is
    read, and reported, like any bad file)."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise IngestError(
            f"no such file or folder: {', '.join(missing)}; nothing was built",
            hint="check the path (dossier build takes files and folders of .txt, .html, .htm and .jsonl articles "
                 "and .warc/.warc.gz web archives)",
        )


def _busy_message(console):
    """Where the store's "busy, waiting" messages go: the console, else standard error."""

    def notify(message: str) -> None:
        if console is not None:
            console.print(f"[yellow]waiting[/] {message}", highlight=False)
        else:
            print(f"waiting: {message}", file=sys.stderr)

    return notify


def process_document(doc: Document, pipeline: Pipeline) -> Article:
    """The per-article function: one document in, one article with all layers out."""
    return pipeline.run(Article(document=doc))


class ArticleTimeout(BaseException):
    """The article's time ran out. A BaseException, as KeyboardInterrupt is: the alarm rings wherever
    the pipeline happens to be, and an `except Exception` in library code there must not swallow it."""


class ArticleTooBig(Exception):
    pass


def _rss_mb() -> float | None:
    """Resident memory of this process now, in MB (Linux /proc), or None where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _bounded(doc: Document, pipeline: Pipeline, seconds: float, memory_mb: float = 0) -> Article:
    """`process_document` within `seconds` of wall-clock time (a timer signal, so only in the main
    thread; elsewhere, or with 0, unbounded) and within `memory_mb` of memory grown since it began
    (checked after each stage; 0: unbounded)."""
    import signal
    import threading

    guard = None
    base = _rss_mb() if memory_mb else None
    if base is not None:
        def guard() -> None:
            now = _rss_mb()
            if now is not None and now - base > memory_mb:
                raise ArticleTooBig(round(now - base))

    def run() -> Article:
        return pipeline.run(Article(document=doc), guard=guard)

    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return run()

    def expire(_signum, _frame):
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return run()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _progress:
    """A rich progress bar over input files (a no-op when disabled)."""

    def __init__(self, enabled: bool, console, total: int):
        self.enabled, self.console, self.total = enabled, console, total
        self._seen: set[str] = set()

    def __enter__(self):
        if not self.enabled:
            return lambda path: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             console=self.console, transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("files", total=self.total)

        def advance(path: str | None) -> None:
            key = (path or "").split(":")[0]
            if key not in self._seen:
                self._seen.add(key)
                self._bar.update(task, advance=1)

        return advance

    def __exit__(self, *exc):
        if self.enabled:
            self._bar.__exit__(*exc)
        return False
