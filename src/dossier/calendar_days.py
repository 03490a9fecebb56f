"""Days of ISO dates at their precision: the first and last day of "2024", "2024-06", "2024-06-18"
(shared by the knowledge base's timeline and the date grammar)."""
from __future__ import annotations

import calendar
from datetime import date


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def first_day(iso: str) -> date:
    p = [int(v) for v in iso.split("-")]
    return date(p[0], p[1] if len(p) > 1 else 1, p[2] if len(p) > 2 else 1)


def last_day(iso: str) -> date:
    p = [int(v) for v in iso.split("-")]
    if len(p) == 3:
        return date(*p)
    if len(p) == 2:
        return month_end(p[0], p[1])
    return date(p[0], 12, 31)
