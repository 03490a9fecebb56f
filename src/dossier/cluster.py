"""Where the per-article extraction runs: in this process, or on a Dask cluster.

`build_corpus` hands each document to a runner and stores the articles in input order, so a build
on a cluster writes the same rows as a build in one process. A runner's `submit(doc)` returns an
object whose `result()` is the extracted article (or raises the article's ArticleTimeout or
ArticleTooBig). `InProcess` extracts at once; `DaskRunner` sends the document to a Dask worker
(a `LocalCluster` of worker processes bound to 127.0.0.1, or an existing scheduler), where a
pipeline is loaded once per worker process and reused for every article it gets. Only the
extraction is distributed; the one writer is the build's process.
"""
from __future__ import annotations

from typing import Any

from .errors import DossierError
from .records import Article, Document

_PIPELINES: dict[tuple, Any] = {}  # per worker process: settings -> Pipeline


def _frozen(settings: dict[str, Any]) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in settings.items()))


def extract(doc: Document, settings: dict[str, Any]) -> Article:
    """The per-article function, as a worker runs it: the pipeline of these settings (loaded once in
    this process), within the article's time and memory limits where the process allows them."""
    from .pipeline import Pipeline
    from .stage import Resources

    key = _frozen(settings)
    pipe = _PIPELINES.get(key)
    if pipe is None:
        pipe = _PIPELINES[key] = Pipeline(resources=Resources(settings))
    return _limited(doc, pipe, settings)


def _limited(doc: Document, pipe, settings: dict[str, Any]) -> Article:
    """The pipeline on one document within the settings' time and memory limits (`build._bounded`)."""
    from .build import _bounded

    return _bounded(doc, pipe, float(settings.get("article_seconds") or 0), float(settings.get("article_memory_mb") or 0))


class _Done:
    def __init__(self, article: Article | None = None, error: BaseException | None = None):
        self.article, self.error = article, error

    def result(self) -> Article:
        if self.error is not None:
            raise self.error
        return self.article


class InProcess:
    """Extraction in this process, at submit time (the default: no cluster to start)."""

    window = 1

    def __init__(self, pipeline, settings: dict[str, Any]):
        self.pipeline, self.settings = pipeline, settings

    def submit(self, doc: Document) -> _Done:
        from .build import ArticleTimeout, ArticleTooBig

        try:
            return _Done(_limited(doc, self.pipeline, self.settings))
        except (ArticleTimeout, ArticleTooBig) as exc:
            return _Done(error=exc)

    def close(self) -> None:
        pass


class DaskRunner:
    """Extraction on Dask workers: `workers` local worker processes (one thread each, on
    127.0.0.1, no dashboard), or the cluster whose scheduler is at `scheduler`."""

    def __init__(self, settings: dict[str, Any], workers: int = 2, scheduler: str | None = None,
                 connect_seconds: float = 30):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # a dependency, so only a broken install gets here
            raise DossierError("Dask's distributed scheduler is not installed",
                               hint='pip install "dask[distributed]"') from exc
        self.settings = settings
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=f"{connect_seconds}s")
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None, memory_limit=None)
                self.client = Client(self.cluster)
        except OSError as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise DossierError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}",
                               hint="check --scheduler tcp://HOST:PORT, or leave it out for a local cluster") from exc
        n = len(self.client.scheduler_info().get("workers", {})) or workers
        self.window = 4 * max(1, n)  # documents in flight: enough to keep every worker busy

    def submit(self, doc: Document):
        return self.client.submit(extract, doc, self.settings, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
