"""Sentence segmentation: sentencex (rule-based, fast), plus a split at every line break,
because headlines, captions and credits stand on their own lines without a full stop.

A "sentence" longer than `MAX_SENTENCE_CHARS` (a run-on text, a table, a page with no full stops)
is cut at its last clause break (";", ":", ","), else space, before the limit. News sentences stay
far below it, and every later stage then does bounded work per sentence, so extraction time grows
linearly with the article's length."""
from __future__ import annotations

import dataclasses

import sentencex

from ..stage import Resources, stage
from ..records import Article, Sentence

MAX_SENTENCE_CHARS = 1200
_BREAKS = (";", ":", ",", " ")


SEGMENT_CHARS = 20_000  # sentencex slows down sharply past a few tens of thousands of characters


def split_sentences(doc_id: str, text: str, language: str | None) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for c0, c1 in _chunks(text):
        chunk = text[c0:c1]
        pos = 0
        for piece in sentencex.segment(language or "it", chunk):
            start = pos if chunk.startswith(piece, pos) else chunk.find(piece, pos)
            if start < 0:  # sentencex returns contiguous pieces; be safe if it ever does not
                continue
            pos = start + len(piece)
            for line_start, line in _lines(piece, c0 + start):
                stripped = line.strip()
                if not stripped:
                    continue
                s = line_start + (len(line) - len(line.lstrip()))
                for a, b in _bounded(text, s, s + len(stripped)):
                    out.append(Sentence(doc_id=doc_id, start=a, end=b, text=text[a:b], index=len(out)))
    return tuple(out)


def _chunks(text: str):
    """The text in pieces sentencex reads in linear time: up to SEGMENT_CHARS, cut at the last
    paragraph break, else full stop, line break, clause break or space before the limit."""
    s, n = 0, len(text)
    while s < n:
        e = min(n, s + SEGMENT_CHARS)
        if e < n:
            floor = s + SEGMENT_CHARS // 2
            for mark in ("\n\n", ". ", "\n", "; ", ", ", " "):
                cut = text.rfind(mark, floor, e)
                if cut >= 0:
                    e = cut + len(mark)
                    break
        yield s, e
        s = e


def is_headline(sent: Sentence, text: str) -> bool:
    """The title line: the first sentence, on its own line, followed by body text, not closed by a
    full stop (a closing quote may end it: 'Pyongyang promette sostegno «fino alla vittoria»').
    Headlines restate the article's events and figures in the present tense ("Putin firma la ratifica")."""
    end = sent.text.rstrip("»”\"'’)")
    return (sent.index == 0 and text[sent.end:sent.end + 1] == "\n" and end[-1:] not in ".!?:;"
            and len(text) - sent.end > len(sent.text) and "\n" not in text[:sent.start])


def _bounded(text: str, s: int, e: int):
    """[s, e) cut into pieces of at most MAX_SENTENCE_CHARS, at clause breaks where there are any."""
    while e - s > MAX_SENTENCE_CHARS:
        limit = s + MAX_SENTENCE_CHARS
        cut = -1
        for mark in _BREAKS:
            cut = text.rfind(mark, s + MAX_SENTENCE_CHARS // 2, limit)
            if cut > 0:
                break
        cut = cut + 1 if cut > 0 else limit
        piece_end = cut
        while piece_end > s and text[piece_end - 1].isspace():
            piece_end -= 1
        yield s, piece_end
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        yield s, e


def _lines(piece: str, offset: int):
    pos = 0
    for line in piece.split("\n"):
        yield offset + pos, line
        pos += len(line) + 1


@stage("sentences", requires=("document",), adds=("sentences",))
def sentences_stage(article: Article, res: Resources) -> Article:
    doc = article.document
    return dataclasses.replace(article, sentences=split_sentences(doc.id, doc.text, doc.language))
