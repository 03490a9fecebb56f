"""The publication date of an article without metadata, inferred from its own text.

Clues, each a bound on the date: explicit past dates ("diffuso il 14 maggio"), a month named
bare in a past clause ("a dicembre il Nis indicava": that month is over), a relative expression
next to an explicit date ("la settimana scorsa ... il 3 marzo"), and mentions of dated events of
the story with the way the text places them: "ieri", a weekday, "la scorsa settimana", "il mese
scorso", "in corso", or a future/planning verb ("arriverà martedì", "dovrebbe firmare"). A bare
weekday is one of the six days before; when the text says "ieri" for something else, not the day
before. The dated events are world knowledge in ``kb/timeline/events.yaml``; events that recur
with the same words (briefings) all take the expression and the other clues decide.
Conflicting clues are resolved by keeping the day that satisfies the most (strong ones weigh more);
the best guess is the earliest plausible day (news reports what is recent).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any


from ..records import Sentence
from .dates import (Expr, Grammar, add_months, first_day, last_day, month_end, normalise, tense_at)



@dataclass(slots=True)
class _Bound:
    low: date | None
    high: date | None
    strong: bool  # day-level evidence (a dated event, "ieri", a weekday) vs month-level or looser
    why: str = ""
    derived: bool = False  # resolved against a provisional year ("a dicembre", "il 3 marzo"): no vote on the year


_POINT_KINDS = frozenset({"year", "day_month", "month_year", "season"})


Timeline = tuple[dict[str, Any], ...]  # KnowledgeBase.timeline: the story's dated events


def ongoing_since(text: str, timeline: Timeline) -> date | None:
    """Start of the ongoing situation of the story (a war) that a sentence names, if any."""
    low = text.lower()
    starts = [ev["start"] for ev in timeline if ev["ongoing"] and _match_event(ev, low) is not None]
    return min(starts) if starts else None


def _match_event(ev: dict[str, Any], low: str) -> list[int] | None:
    """Positions (one per cue group) of the first occurrences, or None when a group is missing."""
    pos = []
    for grp in ev["cues"]:
        hits = [low.find(c) for c in grp]
        hits = [h for h in hits if h >= 0]
        if not hits:
            return None
        pos.append(min(hits))
    return pos


_MENTIONED = "mentioned:"
_REL_KINDS = frozenset({"days", "weekday", "unit_rel", "now", "month", "month_prev", "ago", "weekend", "season_rel"})


def _event_bounds(g: Grammar, ev: dict[str, Any], sent: Sentence, exprs: list[Expr],
                  low: str, pos: list[int], owner: dict[int, frozenset[str]], has_yesterday: bool = False) -> _Bound | None:
    """What one mention of a dated event says about the publication date."""
    start, end = ev["start"], ev["end"]
    rel = [x for x in exprs if x.kind in _REL_KINDS and (x.kind != "now" or _ongoing(g, x.text))]
    rel = [x for x in rel if ev["id"] in owner.get(id(x), ())]
    if not rel:
        # A point date of another year in the sentence means another occurrence ("andò ... nel 1999").
        for x in exprs:
            if x.kind in _POINT_KINDS:
                v = normalise(g, x, None)
                if v.first and not (v.first <= end and v.last >= start):
                    return None
    if rel:
        place = pos[1] if len(pos) > 1 else pos[0]
        x = min(rel, key=lambda e: abs((e.start - sent.start) - place))
        gr = {k: (v.lower() if isinstance(v, str) else v) for k, v in x.groups.items()}
        if x.kind == "days":
            off = g.days[gr["k"]]
            return _Bound(start - timedelta(days=off), end - timedelta(days=off), True, ev["id"])
        if x.kind == "now":
            return _Bound(start, end, True, ev["id"])
        if x.kind == "weekday":
            wd = g.weekdays[gr["w"]]
            days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
            hit = [d for d in days if d.weekday() == wd]
            if not hit:
                return None
            q = gr.get("q1") or gr.get("q2")
            fut = (q in g.next) if q else (x.tense == "future")
            d = hit[0]
            if fut:
                return _Bound(d - timedelta(days=7), d - timedelta(days=1), True, ev["id"])
            # A bare weekday names a day of the last six; with "scorso" up to a week back. When the
            # text says "ieri" for something else, the named weekday is not yesterday.
            first = 2 if has_yesterday and not q else (0 if g.weekday_today and not q else 1)
            return _Bound(d + timedelta(days=first), d + timedelta(days=7 if q else 6), True, ev["id"])
        if x.kind == "unit_rel":
            unit = g.units[gr.get("u1") or gr.get("u2")]
            q = gr.get("q1") or gr.get("q2")
            if q not in g.previous:
                return None
            if unit == "week":
                monday = start - timedelta(days=start.weekday()) + timedelta(days=7)
                return _Bound(monday, monday + timedelta(days=6), True, ev["id"])
            if unit == "month":
                y, m = add_months(start.year, start.month, 1)
                return _Bound(date(y, m, 1), month_end(y, m), False, ev["id"])
            return _Bound(date(start.year + 1, 1, 1), date(start.year + 1, 12, 31), False, ev["id"])
        if x.kind in ("month", "month_prev"):
            return _Bound(end, end + timedelta(days=330), False, ev["id"])
        if x.kind == "weekend":
            sunday = start + timedelta(days=(6 - start.weekday()) % 7)
            return _Bound(sunday + timedelta(days=1), sunday + timedelta(days=5), True, ev["id"])
        if x.kind == "season_rel":
            return _Bound(end + timedelta(days=1), end + timedelta(days=300), False, ev["id"])
        return None
    # the trigger word nearest to the event's place/object word
    place = pos[1] if len(pos) > 1 else pos[0]
    occ = [i for c in ev["cues"][-1] for i in _find_all(low, c)]
    trig = min(occ, key=lambda i: abs(i - place)) if occ else pos[-1]
    if tense_at(g, sent.text, trig, trig + 1) == "future":
        return _Bound(start - timedelta(days=45), start - timedelta(days=1), False, ev["id"])
    if ev["ongoing"]:
        return None
    # told in the past without a relative word: only a hint of the year (see `infer_published`)
    return _Bound(start, None, False, _MENTIONED + ev["id"])


def _ongoing(g: Grammar, text: str) -> bool:
    return text.lower() in g.ongoing


def _find_all(text: str, sub: str) -> list[int]:
    out, i = [], text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def _cue_distance(ev: dict[str, Any], low: str, s: int, e: int) -> int:
    """How close the event's words (its place, object or trigger: every group but the actor) are to [s, e)."""
    best = 10**6
    groups = ev["cues"][1:] or ev["cues"]
    for grp in groups:
        for c in grp:
            i = low.find(c)
            while i >= 0:
                d = s - (i + len(c)) if i + len(c) <= s else (i - e if i >= e else 0)
                best = min(best, d)
                i = low.find(c, i + 1)
    return best


def infer_published(g: Grammar, sents: tuple[Sentence, ...], exprs: list[Expr], text: str = "",
                    code: str = "it", timeline: Timeline = ()) -> tuple[date, str, tuple[date, date]] | None:
    by_sent: dict[int, list[Expr]] = {}
    for x in exprs:
        by_sent.setdefault(x.sentence, []).append(x)
    bounds: list[_Bound] = []
    has_yesterday = any(x.kind == "days" and g.days.get(x.text.lower()) == -1 for x in exprs)
    for sent in sents:
        low = sent.text.lower()
        found = [(ev, p) for ev in timeline if (p := _match_event(ev, low)) is not None]
        xs = by_sent.get(sent.index, [])
        # A relative expression belongs to the event whose place/object word is nearest to it
        # (nearest words first; on a tie the more specific event: shorter, more cue groups).
        # Events that tie on all three (the same kind of event on several dates, such as
        # periodic briefings) all own it: each gives a bound and the vote in `_combine` decides.
        owner: dict[int, frozenset[str]] = {}
        for x in xs:
            if found:
                keys = [((_cue_distance(ev, low, x.start - sent.start, x.end - sent.start),
                          (ev["end"] - ev["start"]).days, -len(ev["cues"])), ev["id"]) for ev, _ in found]
                best = min(k for k, _ in keys)
                owner[id(x)] = frozenset(i for k, i in keys if k == best)
        for ev, pos in found:
            b = _event_bounds(g, ev, sent, xs, low, pos, owner, has_yesterday)
            if b:
                bounds.append(b)
    # The year: from dated events, else the latest explicit year written in the text or the
    # latest dated event the text tells in the past ("after Kim met Putin at the cosmodrome").
    mentioned = [b for b in bounds if b.why.startswith(_MENTIONED)]
    bounds = [b for b in bounds if not b.why.startswith(_MENTIONED)]
    years = [b.low.year for b in bounds if b.low] + [b.high.year for b in bounds if b.high]
    explicit_years = [int(v) for x in exprs for k, v in x.groups.items() if v and k in ("y", "y1", "y2")]
    if not years and not explicit_years and mentioned:
        latest = max(mentioned, key=lambda b: b.low)
        bounds.append(latest)
        explicit_years.append(latest.low.year)
    year = max(years) if years else (max(explicit_years) if explicit_years else None)
    if year is None:
        return None
    provisional = date(year, 12, 31) if not years else max(b.high or b.low for b in bounds)
    # Explicit past dates: the text was written after them.
    latest: list = [0, None]  # bounds seen so far and their latest low (bounds only grow)
    for x in exprs:
        if x.tense == "future":
            continue
        if x.kind in ("day_month", "month_year", "season", "since", "since_season", "between", "between_days"):
            v = normalise(g, x, provisional)
            if v.first and (v.basis == "explicit" or x.kind in ("day_month", "between", "between_days")) and v.first.year >= year - 1:
                # a day without a year (a recurring date) is weaker than a dated event
                strong = v.precision == "day" and x.kind == "day_month" and (bool(x.groups.get("y")) or not years)
                # a past interval ("tra il 7 settembre e il primo ottobre") is over
                after = v.last if x.kind in ("between", "between_days") and v.last else v.first
                bounds.append(_Bound(after, None, strong, "explicit", derived=not _has_year(x)))
        elif x.kind in ("month", "month_part") and not x.groups.get("y"):
            # "a dicembre il Nis indicava": a month named bare in a past clause is over; the
            # current month would be "questo mese", "all'inizio del mese"
            # the month is resolved against the latest day the text is known to be after
            for b in bounds[latest[0]:]:
                if b.low and (latest[1] is None or b.low > latest[1]):
                    latest[1] = b.low
            latest[0] = len(bounds)
            ref = latest[1] or provisional
            m = g.months[(x.groups.get("m") or "").lower()]
            y = ref.year if m <= ref.month else ref.year - 1
            bounds.append(_Bound(month_end(y, m) + timedelta(days=1), None, False, "past month", derived=True))
        # "la settimana scorsa ... il 3 marzo": the date lies in the relative unit.
    for sent in sents:
        xs = by_sent.get(sent.index, [])
        dm = [x for x in xs if x.kind == "day_month" and not x.groups.get("y")]
        ur = [x for x in xs if x.kind == "unit_rel" and (x.groups.get("q1") or x.groups.get("q2") or "").lower() in g.previous]
        if dm and ur:
            v = normalise(g, dm[0], provisional)
            unit = g.units[(ur[0].groups.get("u1") or ur[0].groups.get("u2")).lower()]
            if v.first and unit == "week":
                monday = v.first - timedelta(days=v.first.weekday()) + timedelta(days=7)
                bounds.append(_Bound(monday, monday + timedelta(days=6), True, "week+date"))
    dateline = _dateline(text, code, bounds, year)
    if dateline:
        # the day of writing, printed by the desk, outweighs every inference
        bounds = [b for b in bounds if (b.low is None or b.low <= dateline[0].low)
                  and (b.high is None or dateline[0].low <= b.high)] + dateline
    return _combine(bounds, year)


@lru_cache(maxsize=None)
def dateline_pattern(code: str) -> re.Pattern[str]:
    """The opening "PLACE, DATE (AGENCY) –" of wire copy, from ``lang/<code>/datelines.yaml``
    (month names and their dateline abbreviations, day-month or month-day order)."""
    from ..lang import load_language

    lang = load_language(code if code in ("it", "en") else "it")
    spec = lang.data("datelines")
    months = {**{k.lower(): int(v) for k, v in lang.data("months").items()},
              **{str(k).lower(): int(v) for k, v in spec["month_abbreviations"].items()}}
    m = "|".join(sorted((re.escape(k.rstrip(".")) for k in months), key=len, reverse=True))
    d = r"(?P<d>[12]\d|3[01]|0?[1-9])"
    mon = rf"(?P<m>{m})\.?"
    date_ = rf"{d}\s+{mon}" if spec.get("order") == "day_month" else rf"{mon}\s+{d}"
    return re.compile(
        rf"^\s*(?P<place>[A-ZÀ-Þ][A-ZÀ-Þa-zà-ÿ'’ .\-/]{{1,40}}?)(?:\s*\([^)]{{1,40}}\))?\s*,\s*{date_}"
        rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?(?:\s*\([^)]{{1,40}}\))?\s*[–—-]", re.IGNORECASE)


def read_dateline(text: str, code: str) -> tuple[int | None, int, int, int] | None:
    """(year or None, month, day, end offset) of the dateline opening `text`, if any."""
    m = dateline_pattern(code).match(text[:160])
    # a place name: every word capitalised ("SEUL", "New York"), not a clause ("Il presidente, 3 marzo -")
    if not m or not all(w[:1].isupper() for w in m.group("place").replace("-", " ").split()):
        return None
    from ..lang import load_language

    lang = load_language(code if code in ("it", "en") else "it")
    months = {**{k.lower().rstrip("."): int(v) for k, v in lang.data("months").items()},
              **{str(k).lower(): int(v) for k, v in lang.data("datelines")["month_abbreviations"].items()}}
    y = int(m.group("y")) if m.group("y") else None
    return y, months[m.group("m").lower()], int(m.group("d")), m.end()


def _has_year(x: Expr) -> bool:
    return any(v for k, v in x.groups.items() if k in ("y", "y1", "y2"))


def _dateline(text: str, code: str, bounds: list[_Bound], year: int) -> list[_Bound]:
    """ "VOSTOCHNY (Russia), 13 settembre 2023 –", "SEUL, 30 NOV –": the dateline gives the day of
    writing; without a year, the year next to the other clues that agrees with most of them."""
    found = read_dateline(text, code)
    if found is None:
        return []
    y, mo, d, _ = found
    years = [y] if y else [year - 1, year, year + 1]
    days = []
    for yy in years:
        try:
            days.append(date(yy, mo, d))
        except ValueError:
            continue
    if not days:
        return []

    def support(day: date) -> tuple[int, int]:
        ok = sum(3 if b.strong else 1 for b in bounds if not b.derived
                 and (b.low is None or b.low <= day) and (b.high is None or day <= b.high))
        return ok, -abs(day.year - year)

    best = max(days, key=support)
    return [_Bound(best, best, True, "dateline")]


def _combine(bounds: list[_Bound], year: int) -> tuple[date, str, tuple[date, date]]:
    def intersect(bs):
        lo = max((b.low for b in bs if b.low), default=None)
        hi = min((b.high for b in bs if b.high), default=None)
        return lo, hi

    lo, hi = intersect(bounds)
    if lo and hi and lo > hi:
        # conflicting clues: keep the day that satisfies the most (strong clues weigh more)
        days = sorted({b.low for b in bounds if b.low} | {b.high for b in bounds if b.high})

        def ok(b: _Bound, d: date) -> bool:
            return (b.low is None or b.low <= d) and (b.high is None or d <= b.high)

        best_day = max(days, key=lambda d: sum(3 if b.strong else 1 for b in bounds if ok(b, d)))
        bounds = [b for b in bounds if ok(b, best_day)]
        lo, hi = intersect(bounds)
    strong_low = any(b.strong and b.low == lo for b in bounds)
    if lo and hi:
        # the latest dated clue is recent news; a far upper bound is only a loose limit
        best = lo if strong_low or (hi - lo).days > 31 else hi
    elif lo:
        # news reports what is recent: without an upper clue, the month after the latest dated one
        best = lo
        hi = lo + timedelta(days=30)
    elif hi:
        best = hi
        lo = hi - timedelta(days=30)
    else:
        return date(year, 7, 1), "year", (date(year, 1, 1), date(year, 12, 31))
    width = (hi - lo).days
    precision = "day" if width <= 2 else ("month" if lo.month == hi.month and lo.year == hi.year or width <= 31 else "year")
    if precision == "year" and best == lo:
        precision = "month"  # only a loose upper clue: news is recent, the month of the latest dated clue
    return best, precision, (lo, hi)


@lru_cache(maxsize=None)
def _event_anchors(code: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """ "dall'annessione della Crimea", "il giorno stesso del voto della Duma": a prefix (language
    data, ``time_words.yaml``: `since_event`, `event_day`) and the noun phrase naming the event."""
    from ..lang import load_language

    tw = load_language(code if code in ("it", "en") else "it").data("time_words")
    np_ = r"(?P<np>[^\W\d][^,.;:()]{3,60})"
    return tuple((kind, re.compile(rf"\b(?:{tw[kind]})\s*{np_}", re.IGNORECASE))
                 for kind in ("since_event", "event_day") if tw.get(kind))


class _Spans:
    """Fixed spans, asked whether any holds an offset: sorted starts and the running maximum of ends."""

    def __init__(self, spans) -> None:
        pairs = sorted((x.start, x.end) for x in spans)
        self.starts = [a for a, _ in pairs]
        self.reach, top = [], -1
        for _, e in pairs:
            top = max(top, e)
            self.reach.append(top)

    def holds(self, offset: int) -> bool:
        k = bisect.bisect_right(self.starts, offset)
        return k > 0 and self.reach[k - 1] > offset


def since_events(sents: tuple[Sentence, ...], taken: list[Expr], code: str = "it", g: Grammar | None = None,
                 timeline: Timeline = ()) -> list[Expr]:
    """Intervals from, or days of, dated events of the story named in the text (world knowledge):
    "dall'annessione della Crimea", "lo stesso giorno del voto della Duma"."""
    out: list[Expr] = []
    near = _Spans(taken)
    for sent in sents:
        for kind, rx in _event_anchors(code):
            for m in rx.finditer(sent.text):
                a = sent.start + m.start()
                if near.holds(a) or any(x.start <= a < x.end for x in out):
                    continue
                np_ = m.group("np").lower()
                for ev in timeline:
                    hit = _match_event(ev, np_)
                    if hit is None:
                        continue
                    stop = max(p + 1 for p in hit)
                    while stop < len(np_) and np_[stop].isalnum():
                        stop += 1
                    if g is not None and (g.finite_past or g.past).search(np_[:stop]):
                        continue  # "dall'agenzia Kcna ha confermato": an agent, then a verb, not an event
                    end = sent.start + m.start("np") + stop
                    out.append(Expr(kind, a, end, sent.index, {"event": ev["id"], "start": ev["start"].isoformat(),
                                                               "end": ev["end"].isoformat()},
                                    "past", sent.text[m.start():end - sent.start]))
                    break
    return out
