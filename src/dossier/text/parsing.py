"""The `parse` stage: one parsed document per article (see `parsers.py`)."""
from __future__ import annotations

import dataclasses

from ..records import Article
from ..stage import Resources, stage


@stage("parse", requires=("sentences",), adds=("parse",))
def parse_stage(article: Article, res: Resources) -> Article:
    parser = res.parser(article.document.language)
    spans = [(s.start, s.end) for s in article.sentences]
    return dataclasses.replace(article, parse=parser.parse(article.document.text, spans))
