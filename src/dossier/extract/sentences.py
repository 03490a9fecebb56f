"""Sentence segmentation: sentencex (rule-based, fast), plus a split at every line break,
because headlines, captions and credits stand on their own lines without a full stop."""
from __future__ import annotations

import dataclasses

import sentencex

from ..stage import Resources, stage
from ..records import Article, Sentence


def split_sentences(doc_id: str, text: str, language: str | None) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    pos = 0
    for piece in sentencex.segment(language or "it", text):
        start = pos if text.startswith(piece, pos) else text.find(piece, pos)
        if start < 0:  # sentencex returns contiguous pieces; be safe if it ever does not
            continue
        pos = start + len(piece)
        for line_start, line in _lines(piece, start):
            stripped = line.strip()
            if not stripped:
                continue
            s = line_start + (len(line) - len(line.lstrip()))
            e = s + len(stripped)
            out.append(Sentence(doc_id=doc_id, start=s, end=e, text=text[s:e], index=len(out)))
    return tuple(out)


def _lines(piece: str, offset: int):
    pos = 0
    for line in piece.split("\n"):
        yield offset + pos, line
        pos += len(line) + 1


@stage("sentences", requires=("document",), adds=("sentences",))
def sentences_stage(article: Article, res: Resources) -> Article:
    doc = article.document
    return dataclasses.replace(article, sentences=split_sentences(doc.id, doc.text, doc.language))
