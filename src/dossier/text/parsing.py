"""The `parse` stage: one parsed document per article (see `parsers.py`)."""
from __future__ import annotations

import dataclasses

from ..records import Article, Parsed
from ..stage import Resources, stage
from .parsers import WordsOnly


@stage("parse", requires=("sentences",), adds=("parse",))
def parse_stage(article: Article, res: Resources) -> Article:
    parser = res.parser(article.document.language)
    limit = res.model_limit(article)
    spans = [(s.start, s.end) for s in article.sentences]
    head = [sp for sp in spans if sp[0] < limit]
    parsed = parser.parse(article.document.text, head)
    if len(head) < len(spans):
        # past the model budget the words are still there, without relations (and flagged by `issues`)
        rest = WordsOnly(article.document.language or "it").parse(article.document.text, spans[len(head):])
        parsed = _concat(parsed, rest, len(head))
    return dataclasses.replace(article, parse=parsed)


def _concat(a: Parsed, b: Parsed, offset_sentences: int) -> Parsed:
    n = len(a)
    return Parsed(a.starts + b.starts, a.ends + b.ends, a.forms + b.forms, a.lemmas + b.lemmas, a.upos + b.upos,
                  a.heads + tuple(h + n if h >= 0 else -1 for h in b.heads), a.deps + b.deps,
                  a.sentence + tuple(s + offset_sentences for s in b.sentence), a.parser)
