"""A deliberately simple reference extractor, so every figure of `dossier eval` has a floor
to compare with. It knows no Italian and no knowledge base:

* mentions: runs of capitalised words, leaving out the first word of each sentence (it is
  capitalised anyway); `entity_id` is the lowercased surface;
* quantities: every number written in digits, with the word after it as unit;
* no events, no claims, no publication date.
"""
from __future__ import annotations

import dataclasses
import re

from ..stage import Resources, stage
from ..records import Article, Mention, Quantity, record_id

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def capitalised_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of consecutive capitalised words (separated by single spaces) in text[start:end],
    the sentence's first word excluded."""
    runs: list[tuple[int, int]] = []
    current: list[int] | None = None
    for n, m in enumerate(_WORD.finditer(text, start, end)):
        capital = m.group()[0].isupper() and n > 0
        if capital and current is not None and text[current[1]:m.start()] == " ":
            current[1] = m.end()
            continue
        if current is not None:
            runs.append((current[0], current[1]))
            current = None
        if capital:
            current = [m.start(), m.end()]
    if current is not None:
        runs.append((current[0], current[1]))
    return runs


def parse_number(raw: str) -> float:
    """Italian digits: "11.000" -> 11000, "5,5" -> 5.5, "1.234,5" -> 1234.5; a lone "." with
    other than three digits after it is a decimal point."""
    if "," in raw:
        return float(raw.replace(".", "").replace(",", "."))
    groups = raw.split(".")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    return float(raw)


@stage("baseline_entities", requires=("sentences",), adds=("mentions",))
def baseline_entities(article: Article, res: Resources) -> Article:
    text, doc_id = article.text, article.document.id
    mentions = []
    for sent in article.sentences:
        for s, e in capitalised_runs(text, sent.start, sent.end):
            surface = text[s:e]
            mentions.append(Mention(doc_id=doc_id, start=s, end=e, text=surface, entity_id=surface.lower(),
                                    form="NAM", sentence=sent.index, extractor="baseline"))
    return dataclasses.replace(article, mentions=tuple(mentions))


@stage("baseline_quantities", requires=("sentences",), adds=("quantities",))
def baseline_quantities(article: Article, res: Resources) -> Article:
    text, doc_id = article.text, article.document.id
    out = []
    for m in _NUMBER.finditer(text):
        nxt = _NEXT_WORD.match(text, m.end())
        end = nxt.end() if nxt else m.end()
        unit = nxt.group(1).lower() if nxt else None
        sent = article.sentence_at(m.start())
        out.append(Quantity(doc_id=doc_id, start=m.start(), end=end, text=text[m.start():end],
                            value=parse_number(m.group()), unit=unit, item=unit,
                            sentence=sent.index if sent else None,
                            id=record_id("quantity", doc_id, m.start(), end), extractor="baseline"))
    return dataclasses.replace(article, quantities=tuple(out))


@stage("baseline_published", requires=("document",), adds=("published",))
def baseline_published(article: Article, res: Resources) -> Article:
    """The baseline dates nothing: the publication date stays unknown."""
    doc = dataclasses.replace(article.document, published=None, published_precision=None, published_basis=None)
    return dataclasses.replace(article, document=doc)
