"""The period of a quantity: which time window a figure covers or at which date it holds.

A flow ("11.000 container da settembre") covers an interval; a stock or a cumulative count
("circa 11.000 soldati", "oltre 3.000 perdite") holds at a reference date, the date of the
statement that gives it. The period is the nearest time expression of the figure's clause;
two general corrections follow:

* "dopo un primo contingente di circa 11.000", written after a period ("tra gennaio e
  febbraio"): the figure precedes the period, so it holds up to the month before it (open start);
* elapsed time ("per la prima volta in più di due decenni") runs up to publication; with a
  lower bound ("più di") the start is a year written in the text a little before the nominal one.

Words are language data (``lang/<code>/time_words.yaml``: `after`, `now_words`).
"""
from __future__ import annotations

import re

from ..records import Sentence, TimeExpr
from .dates import add_months

_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")


def clause_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """The clause around [s, e) of a sentence: between the nearest , ; : ( before and , ; : ) after."""
    a = max(text.rfind(c, 0, s) for c in ",;:(")
    bs = [i for i in (text.find(c, e) for c in ",;:)") if i >= 0]
    return a + 1, min(bs) if bs else len(text)


def nearest_period(start: int, end: int, sent: Sentence, times: list[TimeExpr],
                   now_words: frozenset[str]) -> TimeExpr | None:
    """The time expression of the figure's clause (else of its sentence, preferring intervals)."""
    cands = [t for t in times if t.value and t.text.lower() not in now_words]
    if not cands:
        return None
    text, off = sent.text, sent.start
    c0, c1 = clause_bounds(text, start - off, end - off)
    inside = [t for t in cands if c0 <= t.start - off and t.end - off <= c1]
    pool = inside or cands
    ranges = [t for t in pool if "/" in t.value]
    if not inside and ranges:
        pool = ranges
    return min(pool, key=lambda t: (t.start - end if t.start >= end else start - t.end))


def before_period(period: TimeExpr, start: int, text: str, after: re.Pattern[str]) -> str | None:
    """ "tra gennaio e febbraio, dopo un primo contingente di 11.000": the figure holds before
    the period's start (open start, end = the month before)."""
    if not period.value or period.end > start:
        return None
    gap = text[period.end:start]
    clause = gap[max(gap.rfind(c) for c in ",;:(") + 1:]  # the word must open the figure's own clause
    if not after.search(clause):
        return None
    first = period.value.split("/")[0]
    if len(first) < 7:
        return None
    y, m = add_months(int(first[:4]), int(first[5:7]), -1)
    return f"../{y:04d}-{m:02d}"


def elapsed_period(value: float, unit: str, bound: str, published: str, text: str) -> str | None:
    """ "in più di due decenni", "da dodici anni": the years up to the publication year."""
    per = {"year": 1, "decade": 10}.get(unit)
    if per is None or bound not in ("exact", "more_than", "at_least"):
        return None
    y = int(published[:4])
    start = y - int(value * per)
    if bound != "exact":
        # "più di due decenni": the event it counts from is usually dated in the text
        width = max(per, int(value * per) // 4)
        years = [int(m.group(0)) for m in _YEAR.finditer(text) if start - width <= int(m.group(0)) <= start]
        if years:
            start = max(years)
    return f"{start:04d}/{y:04d}"


def ongoing_period(sent: Sentence, published: str | None, timeline=()) -> str | None:
    """A cumulative flow without a period, in a sentence naming an ongoing situation of the
    story (the war): from the situation's start to the publication month (world knowledge,
    `KnowledgeBase.timeline`)."""
    from .published import ongoing_since

    if not published or len(published) < 7:
        return None
    start = ongoing_since(sent.text, timeline)
    return f"{start.isoformat()[:7]}/{published[:7]}" if start else None
