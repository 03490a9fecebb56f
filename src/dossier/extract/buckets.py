"""Records grouped by the sentence that holds them, in one pass: stages read a sentence's mentions,
times and figures without scanning the whole article for every sentence (which made extraction
time grow with the square of the article's length)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class _Spanned(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Spanned)


def by_sentence(records: Iterable[S], sentences: Sequence[_Spanned]) -> dict[int, list[S]]:
    """Sentence index -> the records lying wholly inside that sentence, in their input order."""
    starts = [s.start for s in sentences]
    out: dict[int, list[S]] = {}
    for r in records:
        k = bisect_right(starts, r.start) - 1
        if k >= 0 and r.end <= sentences[k].end:
            out.setdefault(getattr(sentences[k], "index", k), []).append(r)
    return out


def overlapping(spans: Sequence[tuple[int, int]], sentences: Sequence[_Spanned]) -> dict[int, list[tuple[int, int]]]:
    """Sentence index -> the (start, end) spans that overlap it (a span may touch several)."""
    starts = [s.start for s in sentences]
    out: dict[int, list[tuple[int, int]]] = {}
    for a, b in spans:
        k = max(0, bisect_right(starts, a) - 1)
        while k < len(sentences) and sentences[k].start < b:
            if sentences[k].end > a:
                out.setdefault(getattr(sentences[k], "index", k), []).append((a, b))
            k += 1
    return out
