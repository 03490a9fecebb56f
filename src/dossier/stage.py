"""The stage contract and the read-only resources every stage is given; no runner here.

A stage is a function ``(article, resources) -> article`` registered with `@stage(name,
requires=..., adds=...)`: `requires` names the layers of `Article` it reads, `adds` the layers it
writes. The runner (`pipeline.py`) checks the order when a pipeline is built and, with
``check=True``, that a stage reads and writes nothing it did not declare.

`Resources` is the only way a stage reaches the knowledge base, language data and models, so a
leave-out experiment (a knowledge base without some people, the NER model off) really leaves out.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .records import Article

if TYPE_CHECKING:  # pragma: no cover
    from .kb import KnowledgeBase
    from .lang import Language

StageFn = Callable[[Article, "Resources"], Article]

# Layers that are not fields of Article: "published" is the inferred date on the document.
PSEUDO_LAYERS = frozenset({"document", "published"})


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


def registered() -> dict[str, Stage]:
    from . import stages as _  # noqa: F401  (registers the built-in stages)

    return dict(_REGISTRY)


class Resources:
    """Read-only data shared by all articles: language data, knowledge base, models.

    Loaded lazily and once per process; never mutated by a stage. Tests and experiments pass
    their own (`Resources(kb=smaller_kb)`, `Resources({"ner_model": "off"})`).
    """

    def __init__(self, settings: dict[str, Any] | None = None, *, kb: "KnowledgeBase | None" = None):
        from .settings import resolve

        self.settings = resolve(settings or {})
        if kb is not None:
            self.__dict__["kb"] = kb  # fills the cached property

    @cached_property
    def kb(self) -> "KnowledgeBase":
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

    def names(self, code: str | None):
        """The statistical name tagger of a language: the Italian model trained here (`ner`), spaCy's
        English NER for English; None when the `ner_model` setting is off or the language has none."""
        code = code or "it"
        if self.ner is not None and self.ner.lang == code:
            return self.ner
        if code == "en" and self.settings.get("ner_model") not in (None, False, "off"):
            from .text.names import english_names

            return english_names()
        return None

    def parser(self, code: str | None):
        """The dependency parser of a language (see `text.parsers`); words and lemmas only when the
        setting is off or the language has no parser."""
        from .text.parsers import WordsOnly, parser_for

        if self.settings.get("parser") in (None, False, "off"):
            return WordsOnly(code or "it")
        return parser_for(code or "it")

    def model_limit(self, article) -> int:
        """Character offset up to which the models read this article (`model_word_budget` words)."""
        budget = int(self.settings.get("model_word_budget") or 0)
        if budget <= 0:
            return len(article.document.text)
        words = 0
        for s in article.sentences:
            words += len(s.text.split())
            if words > budget:
                return s.start
        return len(article.document.text)

    def supports(self, code: str | None) -> bool:
        """Whether the language has data in `lang/`; stages store articles in other languages with a
        warning (an `unsupported_language` issue) and extract nothing from them."""
        from .lang import supported

        return supported(code)

    def lang(self, code: str | None) -> "Language":
        from .lang import load_language

        return load_language(code or "it")
