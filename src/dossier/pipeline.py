"""The per-article pipeline: named stages over one `Article`.

A stage is a function ``(article, resources) -> article`` that declares the layers it
reads (`requires`) and the layers it adds (`adds`). `Pipeline` checks the order when it
is built, so a misordered configuration fails before the first article, not halfway
through a corpus. `Pipeline.run` is a pure function of one article (plus read-only
resources loaded once), which is what lets a batch runner map it over partitions.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .errors import PipelineError
from .records import Article

StageFn = Callable[[Article, "Resources"], Article]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...]
    adds: tuple[str, ...]
    version: str = "1"


_REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, requires: Sequence[str] = ("document",), adds: Sequence[str], version: str = "1"):
    """Register a stage function under `name`."""

    def deco(fn: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, fn, tuple(requires), tuple(adds), version)
        return fn

    return deco


class Resources:
    """Read-only data shared by all articles: language data, knowledge base, models.

    Loaded lazily and once per process; never mutated by a stage.
    """

    def __init__(self, settings: dict[str, Any] | None = None):
        from .settings import resolve

        self.settings = resolve(settings or {})

    @cached_property
    def kb(self):
        from .kb import KnowledgeBase

        return KnowledgeBase.load()

    @cached_property
    def ner(self):
        """The statistical NER model shipped in the package, or None when the setting is off."""
        variant = self.settings.get("ner_model")
        if variant in (None, False, "off"):
            return None
        from .ner import NerModel, variant_dir

        return NerModel.load(variant_dir("accurate" if variant is True else variant))

    def lang(self, code: str | None):
        from .lang import load_language

        return load_language(code or "it")


# The default order. Each name must be registered by importing `dossier.stages`.
DEFAULT_STAGES = ("sentences", "issues", "entities", "times", "quantities", "events", "claims")


class Pipeline:
    def __init__(self, stage_names: Iterable[str] = DEFAULT_STAGES, resources: Resources | None = None):
        from . import stages as _  # noqa: F401  (registers the built-in stages)

        names = tuple(stage_names)
        unknown = [n for n in names if n not in _REGISTRY]
        if unknown:
            raise PipelineError(
                f"unknown stage(s): {', '.join(unknown)}", hint="known stages: " + ", ".join(sorted(_REGISTRY))
            )
        self.stages = tuple(_REGISTRY[n] for n in names)
        have = {"document"}
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} needs {', '.join(missing)}, which no earlier stage adds",
                    hint="put the stage that adds it before " + st.name,
                )
            have.update(st.adds)
        self.resources = resources or Resources()
        self.timings: dict[str, float] = {st.name: 0.0 for st in self.stages}

    @property
    def signature(self) -> str:
        """Names and versions of the stages: stored with each article's extraction."""
        return ",".join(f"{st.name}@{st.version}" for st in self.stages)

    def run(self, article: Article) -> Article:
        for st in self.stages:
            t0 = time.perf_counter()
            article = st.fn(article, self.resources)
            self.timings[st.name] += time.perf_counter() - t0
            article = dataclasses.replace(article, stages=article.stages + (st.name,))
        return article


def registered() -> dict[str, Stage]:
    from . import stages as _  # noqa: F401

    return dict(_REGISTRY)
