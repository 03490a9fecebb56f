"""The date of an event: the time expression of its clause, else of its context.

In order: the nearest time of the trigger's clause (`date_of`); else a time before it in
the sentence, coarsened to the month when it is only context (`context_date`); else, for
"deve ancora"/"non ancora", the publication date (`not_yet_date`). After the article is
read, undated statements take the time of the statement before them in the paragraph
(`inherit_dates`) and a dated visit "di N giorni" becomes an N-day interval
(`spans_of_days`). A restating noun with its own time ("la visita in corso") dates the
event it restates (in `events.py`).
"""
from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from ..records import Article, Event, TimeExpr
from .buckets import by_sentence
from .event_lexicon import SPEECH_TYPES, Lexicon
from .tokens import Grammar, Token
from .triggers import Candidate, present_cue

_BREAKS = ",;:()[]—–"


def _segment(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The stretch of the sentence [lo, hi) around `pos` between two commas or stronger breaks."""
    s = max((text.rfind(ch, lo, pos) for ch in _BREAKS), default=-1)
    ends = [e for e in (text.find(ch, pos, hi) for ch in _BREAKS) if e >= 0]
    return (s + 1 if s >= lo else lo), (min(ends) if ends else hi)


def _infinitive_complement(tokens: list[Token], c: Candidate, g: Grammar) -> bool:
    """"accusano Pyongyang di fornire", "invitato Putin a visitare", "accused X of supplying":
    an infinitive governed by another verb; the times before it are the governing verb's."""
    if c.first != c.head or c.head == 0 or not g.is_infinitive(tokens, c.head):
        return False
    k = c.head - 1
    if tokens[k].low in g.clitics and k > 0:
        k -= 1
    return tokens[k].low in g.complement_markers


def _reported_content(tokens: list[Token], c: Candidate, report_nouns: frozenset[str]) -> bool:
    """"le notizie sulle forniture", "le accuse sull'invio": a noun trigger that is what a
    report or an accusation is about."""
    return c.noun and any(t.low in report_nouns or t.lemma in report_nouns
                          for t in tokens[max(0, c.first - 3):c.first])


def _trigger_span(tokens: list[Token], c: Candidate) -> tuple[int, int]:
    return tokens[c.first].start, tokens[c.last].end


def _owned_by_other(t: TimeExpr, c: Candidate, tokens: list[Token], others: list[Candidate], text: str,
                    lo: int, hi: int) -> bool:
    """The time shares its comma-bounded stretch with another trigger and not with this one
    ("Kim, arrivato martedì in Russia, ha detto ...": martedì is the arrival's)."""
    s, e = _segment(text, t.start, lo, hi)
    a, b = _trigger_span(tokens, c)
    if s <= a and b <= e:
        return False
    return any(s <= tokens[o.first].start and tokens[o.last].end <= e for o in others if o is not c)


def date_of(times: list[TimeExpr], c: Candidate, tokens: list[Token], others: list[Candidate],
            text: str, lex: Lexicon, report_nouns: frozenset[str] = frozenset()) -> TimeExpr | None:
    """The nearest time of the sentence that belongs to this trigger's clause.

    A time is another event's when a trigger lies between them, when it shares a comma-bounded
    stretch with another trigger only, or when it follows this trigger past a comma and a
    conjunction (", e il mese scorso ..."). An infinitive complement ("di fornire") and the
    content of a report noun ("le notizie sulle forniture") take no time from before them:
    that is the time of the governing verb or of the report. After "X, quando ..." the
    event is at the start of X."""
    if not tokens:
        return None
    g = lex.grammar
    a, b = _trigger_span(tokens, c)
    lo_s, hi_s = tokens[0].start, tokens[-1].end
    head = tokens[c.head]
    infinitive = _infinitive_complement(tokens, c, g) or _reported_content(tokens, c, report_nouns)
    that = re.compile(r"\b(?:" + "|".join(sorted(g.that)) + r")\b") if g.that else None
    best = None
    for t in times:
        if t.end <= a and t.value and g.when_after.match(text, t.end, a) and not any(
                t.end <= tokens[o.first].start and tokens[o.last].end <= a for o in others if o is not c):
            # "da settembre, quando Kim ha fatto visita": the event is the start of the period
            first = t.value.split("/")[0]
            return dataclasses.replace(t, value=first, precision=_precision_of(first)) if first != t.value else t
        if t.start <= head.start and head.end <= t.end:
            continue  # "dalla piena invasione": the time contains the trigger itself
        if infinitive and t.end <= a:
            continue
        lo, hi = (b, t.start) if t.start >= b else (t.end, a)
        if any(lo <= tokens[o.first].start and tokens[o.last].end <= hi for o in others if o is not c):
            continue
        if t.start >= b and g.later_clause_rx.search(text[b:t.start]):
            continue
        if t.start >= b and c.spec is not None and c.spec.speech and that and that.search(text[b:t.start]):
            continue  # "ha affermato che tra l'8 e il 13 ottobre ...": the time of what is reported
        if re.search(r"[()]", text[lo:hi]):
            continue  # "(... già paventata nei mesi scorsi ...)": a parenthesis has its own time
        if _owned_by_other(t, c, tokens, others, text, lo_s, hi_s):
            continue
        d = hi - lo
        if best is None or d < best[0] or (d == best[0] and t.start > best[1].start):
            best = (d, t)
    return best[1] if best else None


def _precision_of(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "unknown")


def context_date(times: list[TimeExpr], c: Candidate, tokens: list[Token], others: list[Candidate],
                 text: str, modality: str, lex: Lexicon) -> TimeExpr | None:
    """For an event of fact with no time in its clause: the nearest time before it in the
    sentence ("Lunedì, durante una riunione ..., un diplomatico ha liquidato ...").

    The context is coarsened to the month where it is only context: a time inside another
    trigger's stretch ("Dopo che lo scorso anno ... ha attraversato ..., il leader ha
    invitato") or before a verb of saying that reports this event ("Sabato X, riferendo che
    la regione era stata riconquistata, ..."). Not taken:
    across ";" or ":", by verbs in the present (standing positions: "negano", "accusano"),
    by participles used as adjectives ("i militari schierati") and by events placed relative
    to another time ("dopo un primo contingente")."""
    g = lex.grammar
    if modality not in ("happened", "alleged") or not tokens or _infinitive_complement(tokens, c, g) \
            or present_cue(tokens, c, lex) or _adjectival_participle(tokens, c, lex) \
            or _reported_content(tokens, c, lex.classes.get("accusation", frozenset())):
        return None
    if any(t.low in g.relative_time for t in tokens[max(0, c.first - 3):c.first]):
        return None
    a, _ = _trigger_span(tokens, c)
    lo_s, hi_s = tokens[0].start, tokens[-1].end
    before = [t for t in times if t.end <= a and t.value and not _in_parenthesis(text, t, lo_s)]
    if not before:
        return None
    t = before[-1]
    if re.search(r"[;:]", text[t.end:a]):
        return None
    if _owned_by_other(t, c, tokens, others, text, lo_s, hi_s) or any(
            o.spec is not None and o.spec.speech and t.end <= tokens[o.first].start
            and g.that and re.search(r"\b(?:" + "|".join(sorted(g.that)) + r")\b[^,;:]*$", text[tokens[o.last].end:a])
            for o in others if o is not c):
        return _to_month(t)  # the time of the report, not of what it reports
    return t


def _adjectival_participle(tokens: list[Token], c: Candidate, lex: Lexicon) -> bool:
    """"i militari nordcoreani schierati accanto": a participle with no auxiliary before it."""
    head = tokens[c.head]
    if c.noun or c.first != c.head or not head.low.endswith(lex.grammar.participle_endings) or head.lemma == head.low:
        return False
    return not any(t.low in lex.auxiliaries for t in tokens[max(0, c.head - 3):c.head])


def _to_month(t: TimeExpr) -> TimeExpr | None:
    """The time at most at month precision (the start of an interval): a context, not a day."""
    value = (t.value or "").split("/")[0][:7]
    if not value[:4].isdigit():
        return None
    return dataclasses.replace(t, value=value, precision=_precision_of(value))


def _in_parenthesis(text: str, t: TimeExpr, lo: int) -> bool:
    return text.rfind("(", lo, t.start) > text.rfind(")", lo, t.start)


def not_yet_date(tokens: list[Token], c: Candidate, modality: str, published: str | None,
                 precision: str | None, lex: Lexicon) -> tuple[str, str] | None:
    """"deve ancora trasferire", "non ancora", "has yet to": a negated event stated as of publication."""
    if modality != "denied" or not published:
        return None
    window = tokens[max(0, c.first - 3):c.head + 1]
    if not any(t.low in lex.grammar.yet for t in window):
        return None
    return published, precision or _precision_of(published)


def spans_of_days(events: list[Event], article: Article, g: Grammar) -> list[Event]:
    """"La visita di due giorni inizierà martedì", "a two-day visit": a dated visit or meeting
    lasting N days covers the N days from its date (uses the quantities layer when it ran before)."""
    out = []
    link = g.duration_link
    day_counts = by_sentence([q for q in article.quantities if q.unit == "day" and q.value and 1 < q.value <= 31],
                             article.sentences)
    for ev in events:
        if ev.type in ("VISIT", "MEETING") and ev.date_precision == "day" and ev.date and len(ev.date) == 10:
            sent = article.sentence_at(ev.start)
            days = [q for q in (day_counts.get(sent.index, ()) if sent is not None else ())
                    if sent.start <= q.start < sent.end and (
                        0 <= ev.start - q.end <= 2 if g.duration_before else  # "a two-day visit"
                        0 <= q.start - ev.end <= 80 and bool(link)
                        and article.text[max(0, q.start - len(link)):q.start] == link)]  # "viaggio di due giorni"
            if days:
                first = date.fromisoformat(ev.date)
                last = first + timedelta(days=int(days[0].value) - 1)
                ev = dataclasses.replace(ev, date=f"{first.isoformat()}/{last.isoformat()}")
        out.append(ev)
    return out


def inherit_dates(events: list[Event], article: Article) -> list[Event]:
    """An undated past event takes the time of the sentence before it in the same paragraph
    ("Mercoledì Washington ha confermato ... Il segretario alla Difesa ha parlato di ...")."""
    text = article.text
    out = []
    times_in = by_sentence(article.times, article.sentences)
    said_in: dict[int, list[Event]] = {}  # dated statements of `out`, by sentence
    for ev in events:
        if ev.date is None and ev.modality == "happened" and ev.type in SPEECH_TYPES and ev.type != "DENIAL" \
                and ev.sentence:
            prev = [t for t in times_in.get(ev.sentence - 1, ()) if t.value and "\n" not in text[t.end:ev.start]]
            said = [o for o in said_in.get(ev.sentence - 1, ()) if "\n" not in text[o.end:ev.start]]
            if said:  # the time of the previous statement of the paragraph ("Lunedì ... ha scritto ... Kim ha annunciato")
                o = said[-1]
                ev = dataclasses.replace(ev, date=o.date, date_precision=o.date_precision, date_start=o.date_start,
                                         date_end=o.date_end)
            elif prev:
                t = prev[-1]
                ev = dataclasses.replace(ev, date=t.value, date_precision=t.precision, date_start=t.start, date_end=t.end)
        out.append(ev)
        if ev.type in SPEECH_TYPES and ev.date and ev.sentence is not None:
            said_in.setdefault(ev.sentence, []).append(ev)
    return out

