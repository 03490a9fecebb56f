"""The regular expressions of the date grammar, one builder per language.

Each builder returns the same kinds with the same group names (see `dates.normalise`), so
normalisation is shared: ``d``/``dd`` day (``dd`` when written after the month, English
order), ``m`` month, ``y`` year, ``w`` weekday, ``s`` season, ``p`` part of a month,
``prev``/``q`` a "previous"/"next" word, ``u`` a unit, ``k`` a day word, ``fut`` the
forward direction of "in the coming days". Vocabulary comes from the language data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_APOS = "['’]"
Y = r"(?<![\d.,\-/])(?:1[5-9]\d\d|20\d\d)(?![\d.,]\d)"


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, Any]
    numbers: dict[str, int]
    tw: dict[str, Any]
    nouns: dict[str, Any]


Rules = tuple[list[tuple[str, str]], re.Pattern[str], re.Pattern[str], re.Pattern[str]]  # rules, future, past, finite past


# A bare participle is a past marker, unless an article makes it a noun ("il mandato", "l'esercito").
_NOT_AFTER_ARTICLE = "".join(rf"(?<!\b{a})" for a in (
    "il ", "lo ", "la ", "i ", "gli ", "le ", "un ", "uno ", "una ", "l'", "l’", "del ", "della ", "dello ", "dei ",
    "degli ", "delle ", "al ", "alla ", "ai ", "dal ", "dalla ", "nel ", "nella ", "sul ", "sulla ", "dell'", "dell’"))


def italian(v: Vocabulary) -> Rules:
    months, weekdays, seasons, numbers, tw = v.months, v.weekdays, v.seasons, v.numbers, v.tw
    M, W, S = _alt(months), _alt(weekdays), _alt(seasons)
    PREV, NEXT = _alt(tw["previous"]), _alt(tw["next"])
    PART = _alt(tw["month_parts"])
    Y = r"(?<![\d.,\-/])(?:1[5-9]\d\d|20\d\d)(?![\d.,]\d)"
    D = r"(?:[12]\d|3[01]|0?[1-9])(?:º|°)?|primo"
    ART = rf"(?:il\s+|l{_APOS}\s*|lo\s+|la\s+)"
    NUMW = _alt(numbers) + r"|\d+"
    DAYW = _alt(tw["days"])
    UNITS = _alt(tw["units"])
    THIS = _alt(tw["this"])
    rx = [
        ("between_days", rf"\b(?:tra|fra)\s+{ART}?(?P<d1>{D})\s+e\s+{ART}?(?P<d2>{D})\s+(?P<m>{M})(?:\s+(?:del\s+)?(?P<y>{Y}))?"),
        ("between_parts", rf"\b(?:tra|fra)\s+{ART}?(?P<p1>{PART})\s+e\s+{ART}?(?P<p2>{PART})\s+(?:di|del)\s+(?P<m>{M})(?:\s+(?P<y>{Y}))?"),
        ("between", rf"\b(?:tra|fra)\s+{ART}?(?:(?P<d1>{D})\s+)?(?P<m1>{M})(?:\s+(?:del\s+)?(?P<y1>{Y}))?\s+e\s+{ART}?(?:(?P<d2>{D})\s+)?(?P<m2>{M})(?:\s+(?:del\s+)?(?P<y2>{Y}))?"),
        ("between_years", rf"\b(?:tra|fra|dal)\s+(?:il\s+)?(?P<y1>{Y})\s+(?:e|al)\s+(?:il\s+)?(?P<y2>{Y})"),
        ("since", rf"\b(?:(?:sin|fin)\s+)?(?:dall{_APOS}\s*|dallo\s+|dalla\s+|dal\s+|da\s+)(?:(?P<prev1>{PREV})\s+)?(?:(?P<d>{D})\s+)?(?P<m>{M})(?:\s+(?:del\s+)?(?P<y>{Y}))?(?:\s+(?P<prev2>{PREV}))?"),
        ("since_season", rf"\b(?:(?:sin|fin)\s+)?(?:dall{_APOS}\s*|dallo\s+|dalla\s+|dal\s+|da\s+)(?:(?P<prev1>{PREV})\s+)?(?P<s>{S})(?:\s+(?:del\s+)?(?P<y>{Y})|\s+(?P<prev2>{PREV}))?"),
        ("since_year", rf"\b(?:(?:sin|fin)\s+)?(?:dal|dall{_APOS}anno)\s+(?P<y>{Y})"),
        ("recent", r"\b(?:negli|nei)\s+ultimi\s+(?:due\s+|tre\s+)?mesi\b|\bda\s+(?:alcuni\s+|diversi\s+|molti\s+)?mesi\b|\bnei\s+mesi\s+scorsi\b|\b(?:nelle\s+)?ultime\s+settimane\b"),
        ("few_days", r"\bnei\s+(?P<dir>(?P<fut>prossimi)|giorni\s+scorsi|ultimi)\s*(?:giorni)?\b"),
        ("season", rf"\b(?P<s>{S})\s+(?:del\s+|di\s+)?(?P<y>{Y})"),
        ("season_rel", rf"\b(?:(?P<prev1>{PREV})\s+(?P<s1>{S})|(?P<s2>{S})\s+(?P<prev2>{PREV}))"),
        ("day_month", rf"\b(?:(?P<w>{W})\s+)?(?:(?P<prev>{PREV})\s+)?(?P<d>{D})\s+(?P<m>{M})(?:\s+(?:del\s+)?(?P<y>{Y}))?"),
        ("month_year", rf"\b(?:(?P<p>{PART})\s+(?:di\s+|del\s+)?)?(?P<m>{M})\s+(?:del\s+)?(?P<y>{Y})"),
        ("month_prev", rf"\b(?:(?P<prev1>{PREV})\s+(?P<m1>{M})|(?P<m2>{M})\s+(?P<prev2>{PREV}))"),
        ("part_this_year", rf"\b(?:a|al|alla|all{_APOS})\s*(?P<p>{PART})\s+(?:di\s+|del\s+|dell{_APOS})\s*(?:{THIS})\s*anno"),
        ("month_part", rf"\b(?P<p>{PART})\s+(?:di\s+|del\s+)?(?P<m>{M})\b"),
        ("weekend", r"\b(?:(?:durante|nel|per)\s+)?(?:il|lo\s+scorso)\s+fine\s+settimana\b"),
        ("ago", rf"\b(?P<n>{NUMW})\s+(?P<u>{_alt(tw['ago_units'])})\s+fa\b"),
        ("unit_rel", rf"\b(?:{ART})?(?:(?P<q1>{PREV}|{NEXT})\s+(?P<u1>{UNITS})|(?P<u2>{UNITS})\s+(?P<q2>{PREV}|{NEXT}))\b"),
        ("unit_this", rf"\b(?:{THIS})\s*(?P<u>{UNITS})\b"),
        ("days", rf"(?<!\w)(?P<k>{DAYW})(?!\w)"),
        ("weekday", rf"\b(?:(?P<q1>{PREV}|{NEXT})\s+)?(?P<w>{W})(?:\s+(?P<q2>{PREV}|{NEXT}))?(?!\w)"),
        ("decade", rf"\banni\s+(?P<dec>{_alt(tw['decades'])})\b"),
        ("month", rf"\b(?P<m>{M})\b"),
        ("same_day", r"\b(?:lo\s+stesso\s+giorno|il\s+giorno\s+stesso|quello\s+stesso\s+giorno|nello\s+stesso\s+giorno"
                     r"|(?:nella\s+)?stessa\s+giornata)\b"
                     r"(?!\s+(?:del|della|dello|dell['’]|di|in\s+cui)\b)"),
        ("now", r"\bin\s+corso\b|\bper\s+ora\b|\battualmente\b|\brecentemente\b|\bdi\s+recente\b|(?<!\w)ora(?!\w)"),
        # a bare year, unless a counted noun follows ("1500 soldati" is a figure)
        ("year", rf"(?P<y>{Y})(?!\s+(?:{_alt(v.nouns)})(?!\w))"),
    ]
    future = re.compile(
        r"\b\w{3,}\b(?<=erà|irà|arà|erò|irò)|\b\w{7,}\b(?<=eranno|iranno|aranno)|\b(?:sarà|saranno|avrà|avranno|farà|faranno|andrà)\b"
        r"|\bsi\s+prevede\b|\bprevist[oa]\b|\bprossim[oaie]\b|\bdovrebber?o?\b|\bpotrebber?o?\b|\batteso\b|\battesa\b",
        re.IGNORECASE)
    past = re.compile(
        r"\b(?:ha|hanno|ho|abbiamo|aveva|avevano|avevo|ebbe|fu|furono|si\s+è|si\s+sono)\s+\w+"
        r"|\b(?:è|sono|era|erano)\s+(?:\w+\s+)?\w+(?:at|it|ut)[oaie]\b"
        rf"|(?<!essere ){_NOT_AFTER_ARTICLE}\b\w{{4,}}\b(?<=ato|ati|ate|ito|iti|uto|uti)"
        r"|\b\w{5,}\b(?<=ava|eva|iva)|\b\w{7,}\b(?<=avano|evano|ivano)", re.IGNORECASE)  # the imperfect: "stimava"
    # a finite past form (auxiliary + participle, the imperfect), not a noun in -ito ("esercito")
    finite_past = re.compile(
        r"\b(?:ha|hanno|aveva|avevano|ebbe|è|sono|era|erano|fu|furono)\s+(?:\w+\s+)?\w+(?:at|it|ut|ss|st)[oaie]\b"
        r"|\b\w{5,}\b(?<=ava|eva|iva)|\b\w{7,}\b(?<=avano|evano|ivano)", re.IGNORECASE)
    return rx, future, past, finite_past


def english(v: Vocabulary) -> Rules:
    tw = v.tw
    # Month names are matched capitalised only: "May" the month, not "may" the verb.
    M = "(?-i:" + _alt([m.capitalize() for m in v.months] + [m.upper() for m in v.months if len(m) <= 4]) + ")"
    W = _alt(v.weekdays)
    S = _alt(v.seasons)
    PREV, NEXT = _alt(tw["previous"]), _alt(tw["next"])
    PART = _alt(tw["month_parts"])
    D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    DD = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
    NUMW = _alt(v.numbers) + r"|\d+|a|an"
    UNITS = _alt(tw["units"])
    AGO = _alt(tw["ago_units"])
    THE = r"(?:the\s+)?"
    YR = rf"(?:,?\s+(?:of\s+)?(?P<y>{Y}))"
    rx = [
        ("between_days", rf"\b(?:between|from)\s+(?P<d1>{D})\s+(?:and|to)\s+(?P<d2>{D})\s+(?P<m>{M}){YR}?"),
        ("between", rf"\b(?:between|from)\s+{THE}(?:(?P<d1>{D})\s+)?(?P<m1>{M})(?:\s+(?P<dd1>{DD}))?(?:,?\s+(?P<y1>{Y}))?"
                    rf"\s+(?:and|to|until|through)\s+{THE}(?:(?P<d2>{D})\s+)?(?P<m2>{M})(?:\s+(?P<dd2>{DD}))?(?:,?\s+(?P<y2>{Y}))?"),
        ("between_years", rf"\b(?:between|from)\s+(?P<y1>{Y})\s+(?:and|to|until)\s+(?P<y2>{Y})"),
        ("since", rf"\bsince\s+{THE}(?:(?:{PART})[-\s]+(?:of\s+)?)?(?:(?P<prev1>{PREV})\s+)?(?:(?P<d>{D})\s+)?(?P<m>{M})"
                  rf"(?:\s+(?P<dd>{DD}))?{YR}?"),
        ("since_season", rf"\bsince\s+{THE}(?:(?P<prev1>{PREV})\s+)?(?P<s>{S}){YR}?"),
        ("since_year", rf"\bsince\s+(?P<y>{Y})"),
        ("recent", r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+|two\s+|three\s+|several\s+)?(?:months|weeks)\b"
                   r"|\bfor\s+(?:several\s+|many\s+)?months\b"),
        ("few_days", r"\b(?:in|over)\s+the\s+(?:(?P<fut>coming|next\s+few)|past\s+few|last\s+few|recent)\s+days\b|\bin\s+recent\s+days\b"),
        ("season", rf"\b{THE}(?P<s>{S}){YR}"),
        ("season_rel", rf"\b(?P<prev1>{PREV})\s+(?P<s1>{S})\b"),
        ("day_month", rf"\b(?:(?:on\s+)?(?P<w>{W}),?\s+)?(?:(?P<d>{D})\s+(?P<m>{M})|(?P<m2x>{M})\s+(?P<dd>{DD}))"
                      rf"(?:,?\s+(?P<y>{Y}))?"),
        ("month_year", rf"\b(?:(?P<p>{PART})[-\s]+(?:of\s+)?)?(?P<m>{M}),?\s+(?:of\s+)?(?P<y>{Y})"),
        ("month_prev", rf"\b(?P<prev1>{PREV})\s+(?P<m1>{M})\b"),
        ("part_this_year", r"\b(?:earlier|early|later|late)\s+this\s+year\b"),
        ("month_part", rf"\b(?P<p>{PART})[-\s]+(?:of\s+)?(?P<m>{M})\b"),
        ("weekend", r"\b(?:over|during|at|on)\s+the\s+weekend\b|\blast\s+weekend\b"),
        ("ago", rf"\b(?P<n>{NUMW})\s+(?P<u>{AGO})\s+ago\b"),
        ("unit_rel", rf"\b(?:the\s+)?(?P<q1>{PREV}|{NEXT})\s+(?P<u1>{UNITS})\b"),
        ("unit_this", rf"\bthis\s+(?P<u>{UNITS})\b"),
        ("days", rf"(?<!\w)(?P<k>{_alt(tw['days'])})(?!\w)"),
        ("weekday", rf"\b(?:(?P<q1>{PREV}|{NEXT}|this)\s+)?(?P<w>{W})(?!\w)"),
        ("decade", rf"\bthe\s+(?:19)?(?P<dec>{_alt(tw['decades'])})\b"),
        ("month", rf"(?<![\w.])(?P<m>{M})(?![\w])"),
        ("same_day", r"\b(?:on\s+)?(?:the\s+same\s+day|that\s+same\s+day|later\s+that\s+day)\b(?!\s+(?:as|of)\b)"),
        ("now", r"\b(?:currently|at\s+present|for\s+now|recently|ongoing|under\s?way)\b"),
        ("year", rf"(?P<y>{Y})(?!['’]?s\b)(?!\s+(?:{_alt(v.nouns)})(?!\w))"),
    ]
    future = re.compile(
        r"\b(?:will|won['’]t|shall|is\s+(?:expected|due|set|scheduled|likely)\s+to|are\s+(?:expected|due|set|scheduled|likely)\s+to"
        r"|plans?\s+to|planned|upcoming|next|would|could|might)\b", re.IGNORECASE)
    past = re.compile(r"\b(?:has|have|had|was|were|did)\s+\w+|\b\w{3,}ed\b|\b(?:said|told|sent|met|went|came|gave|sold|began|took|made)\b",
                      re.IGNORECASE)
    return rx, future, past, past
