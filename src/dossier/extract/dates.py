"""The date grammar: expressions found in a sentence, and their normalisation against an anchor.

Two steps, so that the publication date can be inferred from the same expressions before
they are anchored on it (see `published.py`):

1. `scan_sentence` finds expressions and parses them into an anchor-free `Expr` (a partial
   date, a weekday, an offset, an interval of partial dates), with the tense of its context;
2. `normalise` turns one into an ISO value, a precision and a basis, given the anchor.

dateparser returns nothing for "lo scorso settembre", "la settimana scorsa", "da settembre",
"tra agosto e febbraio"; this grammar is ours. The regular expressions of each language are
language data in ``lang/<code>/date_grammar.yaml`` (compiled by `date_patterns.py`), filled with its
vocabulary (``lang/<code>/{months,weekdays,seasons,time_words,numbers,units}.yaml``).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..lang import SUPPORTED, Language, load_language
from .date_patterns import compile_rules
from ..calendar_days import first_day, last_day, month_end  # noqa: F401  (re-exported)
from ..records import Sentence

_APOS = "['’]"


# --------------------------------------------------------------------------- grammar


@dataclass(frozen=True, slots=True)
class Grammar:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[str, str]]
    days: dict[str, int]
    units: dict[str, str]
    previous: frozenset[str]
    next: frozenset[str]
    parts: dict[str, tuple[int, int]]
    numbers: dict[str, int]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    future: re.Pattern[str]
    past: re.Pattern[str]
    ongoing: frozenset[str] = frozenset()  # "in corso": an event happening at publication
    ago_units: dict[str, str] = field(default_factory=dict)  # "settimane" -> week
    decades: dict[str, int] = field(default_factory=dict)  # "anni ottanta" -> 80
    finite_past: re.Pattern[str] | None = None  # "ha inviato", "stimava" (not "esercito")
    weekday_today: bool = False  # "said on Wednesday" in a Wednesday paper is that day (English usage)


@lru_cache(maxsize=None)
def grammar(code: str = "it") -> Grammar:
    """Compile the date grammar of one language once per process."""
    return build_grammar(load_language(code if code in SUPPORTED else "it"))


def build_grammar(lang: Language) -> Grammar:
    """The date grammar of one language folder: its vocabulary and the rules of its
    ``date_grammar.yaml`` (compiled by `date_patterns.compile_rules`)."""
    rules, future, past, finite_past = compile_rules(lang)
    months = {k.lower(): int(v) for k, v in lang.data("months").items()}
    weekdays = {k.lower(): int(v) for k, v in lang.data("weekdays").items()}
    seasons = {k: (v[0], v[1]) for k, v in lang.data("seasons").items()}
    tw = lang.data("time_words")
    nums = lang.data("numbers")
    numbers = {**{k: int(v) for k, v in nums["units"].items()}, **{k: int(v) for k, v in nums["tens"].items()}}
    patterns = tuple(rules)
    return Grammar(
        months, weekdays, seasons, {k.lower(): int(v) for k, v in tw["days"].items()}, dict(tw["units"]),
        frozenset(w.lower() for w in tw["previous"]), frozenset(w.lower() for w in tw["next"]),
        {k: (int(v[0]), int(v[1])) for k, v in tw["month_parts"].items()}, numbers, patterns, future, past,
        frozenset(w.lower() for w in tw.get("ongoing", ())),
        {k.lower(): v for k, v in tw["ago_units"].items()}, {k.lower(): int(v) for k, v in tw["decades"].items()},
        finite_past, bool(tw.get("bare_weekday_may_be_today")))


@dataclass(slots=True)
class Expr:
    """One expression before anchoring: the regex kind and its captured groups."""

    kind: str
    start: int  # document offsets
    end: int
    sentence: int
    groups: dict[str, str | None]
    tense: str = "past"  # past | future: which side of the publication date a bare name points to
    text: str = ""


_SAME_GROUP = (("dd", "d"), ("dd1", "d1"), ("dd2", "d2"), ("m2x", "m"))


def scan_sentence(g: Grammar, sent: Sentence) -> list[Expr]:
    text = sent.text
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for rank, (kind, rx) in enumerate(g.patterns):
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), rank, kind, m))
    found.sort()
    out: list[Expr] = []
    taken_end = -1
    for s, _neg, _rank, kind, m in found:
        if s < taken_end:
            continue
        if kind == "now" and m.group(0).lower() == "ora" and text[m.end():m.end() + 1].isdigit():
            continue
        taken_end = m.end()
        groups = m.groupdict()
        for alt, key in _SAME_GROUP:  # English order "September 7": the day after the month
            if groups.get(alt) and not groups.get(key):
                groups[key] = groups[alt]
        out.append(Expr(kind, sent.start + s, sent.start + m.end(), sent.index,
                         groups, tense_at(g, text, s, m.end()), m.group(0)))
    return out


@lru_cache(maxsize=1024)
def _marker_spans(rx: re.Pattern[str], text: str) -> tuple[tuple[int, int], ...]:
    """Tense markers of a sentence, found once for all its expressions."""
    return tuple((m.start(), m.end()) for m in rx.finditer(text))


def tense_at(g: Grammar, text: str, s: int, e: int) -> str:
    """Future when the nearest tense marker in the sentence is a future/planning form."""
    def nearest(rx: re.Pattern[str]) -> int:
        best = 10**6
        for a, b in _marker_spans(rx, text):
            if b <= s:
                best = min(best, s - b)
            elif a >= e:
                best = min(best, a - e)
            elif a < s:  # "ha visitato" around the word: its own tense
                best = 0
        return best

    fut = nearest(g.future)
    if fut >= 10**6:
        return "past"
    return "future" if fut <= nearest(g.past) else "past"


# --------------------------------------------------------------------------- calendar helpers




def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _day(s: str | None) -> int | None:
    if not s:
        return None
    s = re.sub(r"(?:º|°|st|nd|rd|th)$", "", s.lower())
    return 1 if s == "primo" else int(s)


def _resolve_month(m: int, anchor: date, tense: str, strict: bool = False) -> int:
    """Year of a month name given without one: the last occurrence (or the next, in the future)."""
    if tense == "future":
        return anchor.year if m >= anchor.month else anchor.year + 1
    if strict:
        return anchor.year if m < anchor.month else anchor.year - 1
    return anchor.year if m <= anchor.month else anchor.year - 1


def _resolve_day(m: int, d: int, anchor: date, tense: str) -> date | None:
    for y in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            cand = date(y, m, d)
        except ValueError:
            return None
        if tense == "future" and cand >= anchor and (cand - anchor).days < 366:
            return cand
        if tense != "future" and cand <= anchor and (anchor - cand).days < 366:
            return cand
    return None


def _season(g: Grammar, name: str, y: int) -> tuple[str, str]:
    a, b = g.seasons[name.lower()]
    y2 = y + 1 if b < a else y
    if b == "02-28" and calendar.isleap(y2):
        b = "02-29"
    return f"{y:04d}-{a}", f"{y2:04d}-{b}"


# --------------------------------------------------------------------------- normalisation


@dataclass(slots=True)
class _Value:
    value: str | None
    precision: str
    basis: str
    first: date | None = None  # earliest and latest day the value covers (for inference)
    last: date | None = None


def normalise(g: Grammar, x: Expr, anchor: date | None) -> _Value:
    gr = {k: (v.lower() if isinstance(v, str) else v) for k, v in x.groups.items()}
    k = x.kind
    rel = "relative_to_publication"
    if k == "year":
        return _year_value(int(x.groups["y"]))
    if k == "decade":
        dec = g.decades[gr["dec"]]
        return _Value(f"19{dec}/19{dec + 9}", "range", "explicit", date(1900 + dec, 1, 1), date(1909 + dec, 12, 31))
    if k == "day_month":
        m, d = g.months[gr["m"]], _day(gr["d"])
        if gr.get("y"):
            return _day_value(date(int(gr["y"]), m, d), "explicit") if _valid(int(gr["y"]), m, d) else _none()
        if anchor is None:
            return _Value(None, "day", rel)
        dd = _resolve_day(m, d, anchor, x.tense)
        return _day_value(dd, rel) if dd else _none()
    if k == "month_year":
        y, m = int(gr["y"]), g.months[gr["m"]]
        return _month_value(y, m, "explicit")
    if k == "season":
        a, b = _season(g, gr["s"], int(gr["y"]))
        return _Value(f"{a}/{b}", "season", "explicit", first_day(a), last_day(b))
    if k == "since_year":
        y = int(gr["y"])
        end = _ym(anchor.year, anchor.month) if anchor else None  # "dal 2019": up to the publication month
        return _Value(f"{y}/{end}" if end else f"{y}/", "range", "explicit", date(y, 1, 1), anchor)
    if k == "between_years":
        y1, y2 = int(gr["y1"]), int(gr["y2"])
        return _Value(f"{y1}/{y2}", "range", "explicit", date(y1, 1, 1), date(y2, 12, 31))
    if k == "now":
        return _day_value(anchor, rel) if anchor else _Value(None, "day", rel)
    if k == "same_day":
        return _Value(None, "day", "context")  # filled by `same_day` from the text before it
    if anchor is None:  # everything below needs the publication date
        return _Value(None, "unknown", rel)
    if k == "month":
        m = g.months[gr["m"]]
        return _month_value(_resolve_month(m, anchor, x.tense), m, rel)
    if k == "month_prev":
        m = g.months[gr.get("m1") or gr["m2"]]
        return _month_value(_resolve_month(m, anchor, "past", strict=True), m, rel)
    if k == "month_part":
        m = g.months[gr["m"]]
        return _month_value(_resolve_month(m, anchor, x.tense), m, rel)
    if k == "part_this_year":
        return _year_value(anchor.year, rel)
    if k == "season_rel":
        name = gr.get("s1") or gr["s2"]
        a0, _b0 = g.seasons[name]
        y = anchor.year if (int(a0[:2]), int(a0[3:])) < (anchor.month, anchor.day) else anchor.year - 1
        a, b = _season(g, name, y)
        if last_day(b) and last_day(b) >= anchor:  # still running: the previous one is meant
            a, b = _season(g, name, y - 1)
        return _Value(f"{a}/{b}", "season", rel, first_day(a), last_day(b))
    if k == "days":
        return _day_value(anchor + timedelta(days=g.days[gr["k"]]), rel)
    if k == "weekday":
        wd = g.weekdays[gr["w"]]
        q = gr.get("q1") or gr.get("q2")
        fut = (q in g.next) if q else (x.tense == "future")
        if fut:
            delta = (wd - anchor.weekday()) % 7 or 7
            return _day_value(anchor + timedelta(days=delta), rel)
        delta = (anchor.weekday() - wd) % 7  # the publication weekday itself: that day (as "oggi")
        if q in g.previous and delta == 0:
            delta = 7  # "venerdì scorso" written on a Friday: a week before
        return _day_value(anchor - timedelta(days=delta), rel)
    if k == "weekend":
        sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7 or 7)
        return _range_days(sat, sat + timedelta(days=1), rel)
    if k in ("unit_rel", "unit_this"):
        unit = g.units[gr.get("u1") or gr.get("u2") or gr.get("u")]
        q = gr.get("q1") or gr.get("q2")
        off = 0 if k == "unit_this" else (-1 if q in g.previous else 1)
        return _unit_value(unit, off, anchor, rel)
    if k == "ago":
        n = int(gr["n"]) if gr["n"].isdigit() else g.numbers.get(gr["n"], 1)
        u = g.ago_units.get(gr["u"], "year")
        if u == "day":
            return _day_value(anchor - timedelta(days=n), rel)
        if u == "week":
            return _day_value(anchor - timedelta(days=7 * n), rel)
        if u == "month":
            y, m = add_months(anchor.year, anchor.month, -n)
            return _month_value(y, m, rel)
        return _year_value(anchor.year - n, rel)
    if k == "recent":
        y, m = (anchor.year, 1) if anchor.month > 1 else (anchor.year - 1, 1)
        return _Value(f"{_ym(y, m)}/{_ym(anchor.year, anchor.month)}", "range", rel, date(y, m, 1), anchor)
    if k == "between_days":
        m = g.months[gr["m"]]
        y = int(gr["y"]) if gr.get("y") else _resolve_month(m, anchor, x.tense)
        d1, d2 = _day(gr["d1"]), _day(gr["d2"])
        if not (_valid(y, m, d1) and _valid(y, m, d2)):
            return _none()
        return _range_days(date(y, m, d1), date(y, m, d2), "explicit" if gr.get("y") else rel)
    if k == "between_parts":
        m = g.months[gr["m"]]
        y = int(gr["y"]) if gr.get("y") else _resolve_month(m, anchor, x.tense)
        a, b = g.parts[gr["p1"]][0], min(g.parts[gr["p2"]][1], month_end(y, m).day)
        return _range_days(date(y, m, a), date(y, m, b), rel)
    if k == "between":
        m1, m2 = g.months[gr["m1"]], g.months[gr["m2"]]
        y2 = int(gr["y2"]) if gr.get("y2") else _resolve_month(m2, anchor, x.tense)
        y1 = int(gr["y1"]) if gr.get("y1") else (y2 if m1 <= m2 else y2 - 1)  # "tra ottobre e marzo"
        d1, d2 = _day(gr.get("d1")), _day(gr.get("d2"))
        basis = "explicit" if gr.get("y2") else rel
        if d1 and d2 and _valid(y1, m1, d1) and _valid(y2, m2, d2):
            return _range_days(date(y1, m1, d1), date(y2, m2, d2), basis)
        return _Value(f"{_ym(y1, m1)}/{_ym(y2, m2)}", "range", basis, date(y1, m1, 1), month_end(y2, m2))
    if k in ("since", "since_season"):
        return _since(g, x, gr, anchor)
    if k == "few_days":
        if gr.get("fut"):
            return _range_days(anchor, anchor + timedelta(days=6), rel)
        return _range_days(anchor - timedelta(days=7), anchor - timedelta(days=1), rel)
    if k == "since_event":  # "dall'annessione della Crimea": the event's date is world knowledge
        start = date.fromisoformat(x.groups["start"])
        return _Value(f"{start.isoformat()}/{_ym(anchor.year, anchor.month)}", "range", "world_knowledge", start, anchor)
    if k == "event_day":  # "il giorno stesso del voto della Duma": the event's day (world knowledge)
        a, b = date.fromisoformat(x.groups["start"]), date.fromisoformat(x.groups["end"])
        return _day_value(a, "world_knowledge") if a == b else _range_days(a, b, "world_knowledge")
    return _none()


def _since(g: Grammar, x: Expr, gr: dict, anchor: date) -> _Value:
    """ "da settembre": an interval from X to the publication month."""
    rel = "relative_to_publication"
    prev = bool(gr.get("prev1") or gr.get("prev2"))
    basis = "explicit" if gr.get("y") else rel
    if x.kind == "since_season":
        a0, _ = g.seasons[gr["s"]]
        m = int(a0[:2])
        y = int(gr["y"]) if gr.get("y") else _resolve_month(m, anchor, "past", strict=True)
        if not gr.get("y") and not prev and y == anchor.year and m > anchor.month:
            y -= 1
    else:
        m = g.months[gr["m"]]
        d = _day(gr.get("d"))
        if d and not gr.get("y"):
            start = _resolve_day(m, d, anchor, x.tense)
            if start is None:
                return _none()
            if start > anchor:  # "dal 30 aprile" in the future: the starting day itself
                return _day_value(start, rel)
            return _Value(f"{start.isoformat()}/{_ym(anchor.year, anchor.month)}", "range", rel, start, anchor)
        y = int(gr["y"]) if gr.get("y") else _resolve_month(m, anchor, x.tense, strict=prev)
        if d and _valid(y, m, d):
            start = date(y, m, d)
            return _Value(f"{start.isoformat()}/{_ym(anchor.year, anchor.month)}", "range", basis, start, anchor)
    if (y, m) > (anchor.year, anchor.month):
        return _month_value(y, m, basis)
    return _Value(f"{_ym(y, m)}/{_ym(anchor.year, anchor.month)}", "range", basis, date(y, m, 1), anchor)


def _valid(y: int, m: int, d: int | None) -> bool:
    try:
        date(y, m, d or 1)
        return True
    except ValueError:
        return False




def _none() -> _Value:
    return _Value(None, "unknown", "none")


def _day_value(d: date, basis: str) -> _Value:
    return _Value(d.isoformat(), "day", basis, d, d)


def _month_value(y: int, m: int, basis: str) -> _Value:
    return _Value(_ym(y, m), "month", basis, date(y, m, 1), month_end(y, m))


def _year_value(y: int, basis: str = "explicit") -> _Value:
    return _Value(f"{y:04d}", "year", basis, date(y, 1, 1), date(y, 12, 31))


def _range_days(a: date, b: date, basis: str) -> _Value:
    return _Value(f"{a.isoformat()}/{b.isoformat()}", "range", basis, a, b)


def _unit_value(unit: str, off: int, anchor: date, basis: str) -> _Value:
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * off)
        return _range_days(monday, monday + timedelta(days=6), basis)
    if unit == "month":
        y, m = add_months(anchor.year, anchor.month, off)
        return _month_value(y, m, basis)
    return _year_value(anchor.year + off, basis)


_POINTS = frozenset({"month", "month_part", "month_prev", "day_month", "month_year", "weekday", "days", "unit_rel", "ago"})


def end_at_report_time(g: Grammar, text: str, exprs: list[Expr], values: dict[int, _Value]) -> None:
    """ "A inizio gennaio il governo aveva detto che da ottobre ...": an interval opened by
    "da" inside a statement dated earlier in the sentence runs up to the statement, not to publication.
    Not when it stands in a clause of its own without a past form (", dove le truppe occupano
    dall'agosto ..."): that clause describes the time of writing."""
    points: dict[int | None, list[Expr]] = {}  # dated points of time, by sentence
    for y in exprs:
        if y.kind in _POINTS and values[id(y)].value and "/" not in values[id(y)].value:
            points.setdefault(y.sentence, []).append(y)
    for x in exprs:
        v = values[id(x)]
        if x.kind not in ("since", "since_season") or not v.value or "/" not in v.value:
            continue
        start, _end = v.value.split("/")
        frames = [y for y in points.get(x.sentence, ()) if y.end <= x.start]
        if not frames:
            continue
        c0 = max(text.rfind(c, frames[-1].end, x.start) for c in ",;:(")
        if c0 >= 0:
            stop = x.end + 1000  # a clause runs to its punctuation; a scan never to the end of a long text
            ends = [i for i in (text.find(c, x.end, stop) for c in ",;:).\n") if i >= 0]
            clause = text[c0:min(ends) if ends else stop]
            if not (g.finite_past or g.past).search(clause):
                continue
        when = values[id(frames[-1])].value[:7]
        if start[:7] <= when < _end[:7]:
            values[id(x)] = _Value(f"{start}/{when}", v.precision, v.basis, v.first, values[id(frames[-1])].last)


def day_words_to_month(exprs: list[Expr], values: dict[int, _Value]) -> None:
    """ "oggi", "ora" in an article dated only to some weeks: the month, not a guessed day."""
    for x in exprs:
        v = values[id(x)]
        if x.kind in ("now", "days") and v.value and v.precision == "day":
            values[id(x)] = _Value(v.value[:7], "month", v.basis, first_day(v.value[:7]), last_day(v.value[:7]))


def same_day(exprs: list[Expr], values: dict[int, _Value]) -> None:
    """ "Lo stesso giorno Putin ha ringraziato ...": the day of the latest day date before it."""
    last: _Value | None = None
    for x in sorted(exprs, key=lambda e: e.start):
        v = values[id(x)]
        if x.kind == "same_day":
            if last is not None:
                values[id(x)] = _Value(last.value, "day", "context", last.first, last.last)
        elif v.value and v.precision == "day" and "/" not in v.value and x.kind != "now":
            last = v
