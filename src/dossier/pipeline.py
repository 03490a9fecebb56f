"""The per-article runner: named stages (see `stage.py`) over one `Article`.

`Pipeline` checks the order when it is built, so a misordered configuration fails before the
first article, not halfway through a corpus. `Pipeline.run` is a pure function of one article
(plus read-only resources loaded once), which is what lets a batch runner map it over partitions.
With ``check=True`` every stage sees only the layers it declares (the others raise when read) and
may change only the layers it adds: the contract is checked, not just written down.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable

from .errors import PipelineError
from .records import Article
from .stage import _REGISTRY, PSEUDO_LAYERS, Resources, Stage, registered, stage  # noqa: F401  (re-exported)

# The default order. Each name must be registered by importing `dossier.stages`.
DEFAULT_STAGES = ("sentences", "parse", "issues", "entities", "times", "quantities", "events", "claims")

LAYERS = tuple(f.name for f in dataclasses.fields(Article) if f.name not in ("document", "stages"))


class _Undeclared:
    """Stands for a layer a stage did not declare: any use of it is a contract error."""

    __slots__ = ("layer", "stage")

    def __init__(self, layer: str, stage_name: str):
        self.layer, self.stage = layer, stage_name

    def _fail(self, *_a, **_k):
        raise PipelineError(f"stage {self.stage!r} read the layer {self.layer!r}, which it does not declare",
                            hint=f"add {self.layer!r} to the stage's requires=")

    __iter__ = __len__ = __getitem__ = __bool__ = __contains__ = _fail


class Pipeline:
    def __init__(self, stage_names: Iterable[str] = DEFAULT_STAGES, resources: Resources | None = None):
        known = registered()
        names = tuple(stage_names)
        unknown = [n for n in names if n not in known]
        if unknown:
            raise PipelineError(
                f"unknown stage(s): {', '.join(unknown)}", hint="known stages: " + ", ".join(sorted(known))
            )
        self.stages = tuple(known[n] for n in names)
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

    def run(self, article: Article, check: bool = False, guard=None) -> Article:
        """Run every stage on the article; `guard()`, when given, is called after each stage and may
        raise to stop an article that has gone over its limits (see `build._bounded`)."""
        for st in self.stages:
            t0 = time.perf_counter()
            article = self._checked(st, article) if check else st.fn(article, self.resources)
            self.timings[st.name] += time.perf_counter() - t0
            article = dataclasses.replace(article, stages=article.stages + (st.name,))
            if guard is not None:
                guard()
        return article

    def _checked(self, st: Stage, article: Article) -> Article:
        readable = set(st.requires) | set(st.adds)
        hidden = {name: _Undeclared(name, st.name) for name in LAYERS if name not in readable}
        out = st.fn(dataclasses.replace(article, **hidden), self.resources)
        changed = [name for name in LAYERS if name not in st.adds
                   and getattr(out, name) is not hidden.get(name, getattr(article, name))]
        if out.document != article.document and not ({"published", "document"} & set(st.adds)):
            changed.append("document")
        if changed:
            raise PipelineError(f"stage {st.name!r} wrote {', '.join(changed)}, which it does not declare",
                                hint="add them to the stage's adds=")
        return dataclasses.replace(article, **{name: getattr(out, name) for name in st.adds if name in LAYERS},
                                   document=out.document)
