"""Matching system records to gold items: spans, values, units, dates at a precision.

Pure functions on plain values, so each rule can be tested on its own. Every matching is
one-to-one and greedy: candidate pairs are sorted (required gold first, then larger
overlap, then position) and taken while both sides are free.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

S = TypeVar("S")
G = TypeVar("G")
Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """Characters shared by two half-open spans (0 when disjoint)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def greedy_pairs(system: Sequence[S], gold: Sequence[G],
                 score: Callable[[S, G], tuple | None]) -> list[tuple[int, int]]:
    """One-to-one pairs (i_system, j_gold); `score` returns None for no match, else a sort key
    where larger is better."""
    cands = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            key = score(s, g)
            if key is not None:
                cands.append((key, -i, -j, i, j))
    cands.sort(reverse=True)
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for *_, i, j in cands:
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


# --- numbers and units -------------------------------------------------------------------

REL_TOLERANCE = 0.01  # "value equal within 1%"


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= REL_TOLERANCE * abs(b) if b else a == 0


def value_matches(value: float | None, low: float | None, high: float | None,
                  gold_value: float | None, gold_range: tuple[float | None, float | None] | None) -> bool:
    """A gold number is met by the system value (or by one of its bounds when the system only
    gives a range); a gold range (vague or "tra X e Y") needs the same two bounds, None = open."""
    if gold_value is not None:
        candidates = [value] if value is not None else [low, high]
        return any(v is not None and close(v, gold_value) for v in candidates)
    if gold_range is not None:
        if low is None and high is None and value is not None:
            low = value
        return close(low, gold_range[0]) and close(high, gold_range[1])
    return False


# Canonical unit -> other spellings. Small on purpose: the system is expected to write
# normalised English units ("USD", "container", "soldier"); this only absorbs synonyms.
UNIT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "usd": ("dollar", "us dollar", "us$", "$"),
    "eur": ("euro", "€"),
    "mkd": ("denar", "macedonian denar"),
    "soldier": ("troop", "serviceman", "servicemen", "military personnel"),
    "person": ("people", "persons", "individual"),
    "shell": ("artillery shell", "projectile", "round of ammunition"),
    "rocket": ("rocket round", "missile round"),
    "container": ("shipping container",),
    "country": ("state", "nation"),
    "organisation": ("organization",),
}
_CANON = {syn: canon for canon, syns in UNIT_SYNONYMS.items() for syn in syns + (canon,)}


def normalise_unit(unit: str | None) -> frozenset[str]:
    """All canonical readings of a unit string: "MKD (Macedonian denar)" -> {mkd},
    "country or organisation" -> {country, organisation}, "Containers" -> {container}."""
    if not unit:
        return frozenset()
    text = re.sub(r"\(.*?\)", " ", unit.lower())
    out = set()
    for part in re.split(r"\s+or\s+|/", text):
        part = " ".join(part.split())
        if not part:
            continue
        if part not in _CANON and part.endswith("s") and len(part) > 3:  # English plural
            part = part[:-1]
        out.add(_CANON.get(part, part))
    return frozenset(out)


def unit_matches(system_unit: str | None, gold_unit: str | None) -> bool:
    if not gold_unit:
        return True
    return bool(normalise_unit(system_unit) & normalise_unit(gold_unit))


# --- dates at the gold's precision --------------------------------------------------------

def _interval(value: str) -> tuple[str | None, str | None]:
    parts = [p.strip() for p in value.split("/")]
    if len(parts) == 1:
        return parts[0], parts[0]
    start, end = parts[0], parts[-1]
    return (start if start not in ("", "..") else None), (end if end not in ("", "..") else None)


def _at_precision(system: str | None, gold: str | None) -> bool:
    """`system` truncated to the length (= precision) of the ISO `gold` value equals it."""
    if gold is None:
        return True
    return system is not None and len(system) >= len(gold) and system[: len(gold)] == gold


def date_matches(system: str | None, gold: str | None) -> bool:
    """Event date: "2024-06-18" meets gold "2024-06" (month precision); intervals compare
    start and end; a gold null date is met only by a system that gives none."""
    if gold is None:
        return system is None
    if system is None:
        return False
    gs, ge = _interval(gold)
    ss, se = _interval(system)
    return _at_precision(ss, gs) and _at_precision(se, ge)


def period_matches(system: str | None, window: tuple[str | None, str | None] | None) -> bool:
    """Quantity period vs gold time_window (start, end). A null gold start (a cumulative count
    up to a reference date) judges only the end; no window is met only by no period."""
    if window is None:
        return system is None
    if system is None:
        return False
    gs, ge = window
    ss, se = _interval(system)
    if gs is None:
        return _at_precision(se, ge)
    return _at_precision(ss, gs) and _at_precision(se, ge)


def published_in_range(published: str | None, rng: tuple[str, str] | None) -> bool:
    """A day date must lie inside [earliest, latest]; a month date counts when the month
    overlaps the range; a year alone is too coarse to count."""
    if not published or not rng:
        return False
    p = published.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", p):
        day = p[:10]
        return rng[0] <= day <= rng[1]
    if re.fullmatch(r"\d{4}-\d{2}", p):
        return f"{p}-01" <= rng[1] and f"{p}-31" >= rng[0]
    return False


def any_overlap(span: Span, spans: Iterable[Span]) -> bool:
    return any(overlap(span, s) > 0 for s in spans)
