"""Quantities and flows: value or range, bound, unit, item, direction, period.

A figure is a number in digits with Italian separators ("11.000", "5,5"), a number word
("ventiquattro", "due"), a collective ("un centinaio") or a vague plural ("migliaia di",
"centinaia di milioni di"), optionally scaled ("5,5 miliardi"), bounded ("circa", "più di",
"fino a", "tra 10.000 e 12.000") and followed by a counted noun ("container", "soldati").

Direction comes from the `mentions` layer of the same sentence (giver = subject of a transfer
verb or object of "da"; receiver = object of "in/a/verso" or subject of a receiving verb), then
from the flows already read in the article. The period is the nearest time expression of the
clause. All vocabulary is language data (``lang/<code>/{numbers,bounds,units,flows}.yaml``).
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..lang import load_language
from ..pipeline import Resources, stage
from ..records import Article, Mention, Quantity, Sentence, TimeExpr, record_id
from .periods import before_period, clause_bounds, elapsed_period, nearest_period, ongoing_period

_APOS = "['’]"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    figure: re.Pattern[str]
    noun: re.Pattern[str]
    modifier: re.Pattern[str]
    bound_before: re.Pattern[str]
    bounds: dict[str, str]
    nouns: dict[str, tuple[str, str]]
    unit_kind: dict[str, str]
    casualty_items: frozenset[str]
    military: re.Pattern[str]
    occurrence: dict[str, re.Pattern[str]]
    units: dict[str, int]
    tens: dict[str, int]
    multipliers: dict[str, int]
    collectives: dict[str, int]
    vague: dict[str, tuple[float, float | None]]
    not_before: re.Pattern[str]
    transfer: re.Pattern[str]
    receive: re.Pattern[str]
    from_prep: re.Pattern[str]
    to_prep: re.Pattern[str]
    gen_prep: re.Pattern[str]
    trade: re.Pattern[str]
    hypothetical: re.Pattern[str]
    word_number: re.Pattern[str]
    place_in: re.Pattern[str]
    personnel_noun: re.Pattern[str]
    elapsed: re.Pattern[str]
    presence: re.Pattern[str]
    visit: re.Pattern[str]
    after: re.Pattern[str]
    now_words: frozenset[str]


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=None)
def lexicon(code: str = "it") -> _Lexicon:
    """Compile the figure grammar of one language once per process."""
    lang = load_language("it" if code not in ("it",) else code)
    nums, bounds, units, flows, tw = (lang.data(n) for n in ("numbers", "bounds", "units", "flows", "time_words"))
    unit_words = {k: int(v) for k, v in nums["units"].items() if k not in nums.get("weak", [])}
    tens = {k: int(v) for k, v in nums["tens"].items()}
    mult = {k: int(v) for k, v in nums["multipliers"].items()}
    coll = {k: int(v) for k, v in nums["collectives"].items()}
    vague = {k: (float(v[0]), None if v[1] is None else float(v[1])) for k, v in nums["vague"].items()}
    # Compound number words are one token in Italian ("ventiquattro", "duemila", "centocinquanta").
    parts = list(unit_words) + list(tens) + [t[:-1] for t in tens] + ["cento", "mille", "mila", "uno"]
    word_tok = rf"(?:{_alt(parts)})+"
    digits = r"(?<![\w\-/.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\w\-/.,])\d+(?:,\d+)?(?![\d.]\d)"
    num = rf"(?:{digits}|\b{word_tok}\b)"
    MULT = _alt(mult)
    COLL = _alt(coll)
    VAGUE = _alt(vague)
    figure = re.compile(
        rf"(?P<range>\b(?:compres[oaie]\s+)?(?:tra|fra)\s+(?P<r1>{num})(?:\s+(?P<rm1>{MULT}))?\s+e\s+(?P<r2>{num})(?:\s+(?P<rm2>{MULT}))?"
        rf"|\bda\s+(?P<f1>{num})(?:\s+(?P<fm1>{MULT}))?\s+a\s+(?P<f2>{num})(?:\s+(?P<fm2>{MULT}))?"
        rf"|(?P<d1>{digits})\s*[-–]\s*(?P<d2>{digits})(?:\s+(?P<dm>{MULT}))?)"
        rf"|(?P<coll>\b(?:un|una)\s+(?P<cw>{COLL}))"
        rf"|(?P<num>{num})(?:\s+(?P<m>{MULT})\b)?"
        rf"|(?P<vague>\b(?:{VAGUE})\b)",
        re.IGNORECASE)
    nouns = {k.lower(): (v[0], v[1]) for k, v in units["nouns"].items()}
    noun = re.compile(rf"\s*(?:di\s+|d{_APOS}\s*|(?:i|gli|le)\s+)?(?P<noun>{_alt(nouns)})(?!\w)", re.IGNORECASE)
    modifier = re.compile(rf"\s+(?:{'|'.join(units['modifiers'])})", re.IGNORECASE)
    kinds = {u: k for k, us in units["unit_kinds"].items() for u in us}
    bnd = {k.lower(): v for k, v in bounds["before"].items()}
    bound_before = re.compile(rf"(?:^|\s|[(“\"«])(?P<b>{_alt(bnd)})\s*(?:(?P<b2>{_alt(bnd)})\s*)?$", re.IGNORECASE)
    occ = {u: re.compile(rf"\b(?:{_alt(st)})", re.IGNORECASE) for u, st in units["occurrence_events"].items()}

    def stems(key):
        return re.compile(rf"\b(?:{_alt(flows[key])})\w*", re.IGNORECASE)

    def preps(key):
        return re.compile(rf"(?:^|\s)(?:{_alt(flows[key])})\s*$", re.IGNORECASE)

    return _Lexicon(
        figure, noun, modifier, bound_before, bnd, nouns, kinds, frozenset(units["casualty_items"]),
        re.compile(rf"\b(?:{_alt(units['military_context'])})", re.IGNORECASE), occ,
        unit_words, tens, mult, coll, vague,
        re.compile(rf"(?:^|\s)(?:{_alt(units['not_before'])})\s*$", re.IGNORECASE),
        stems("transfer_verbs"), stems("receive_verbs"), preps("from_preps"), preps("to_preps"),
        preps("genitive_preps"), re.compile(rf"\b(?:{_alt(flows['trade_nouns'])})\w*", re.IGNORECASE),
        re.compile(rf"\b(?:{_alt(flows['hypothetical_cues'])})\b", re.IGNORECASE),
        re.compile(rf"^{word_tok}$", re.IGNORECASE),
        re.compile(rf"(?:^|\s)(?:nel|nell{_APOS}|nella|in|a|verso\s+l{_APOS}|verso\s+la)\s*(?:{_alt(flows['place_nouns'])})\s+"
                   rf"(?:\w+\s+)?(?:di|del|della|dell{_APOS})\s*$", re.IGNORECASE),
        re.compile(rf"\b(?:{_alt([n for n, (u, _i) in nouns.items() if kinds.get(u) == 'personnel'] + units['troop_nouns'])})\s*$",
                   re.IGNORECASE),
        re.compile(r"\b(?:da|in|negli\s+ultimi|dopo)\s*$", re.IGNORECASE),
        stems("presence_cues"), stems("visit_verbs"),
        re.compile(rf"\b(?:{_alt(tw['after'])})\b", re.IGNORECASE), frozenset(w.lower() for w in tw["now_words"]))


# --------------------------------------------------------------------------- numbers


def parse_number(lex: _Lexicon, s: str) -> float | None:
    """ "11.000" -> 11000, "5,5" -> 5.5, "ventiquattro" -> 24, "duemilacinquecento" -> 2500."""
    s = s.strip().lower()
    if s[:1].isdigit():
        return float(s.replace(".", "").replace(",", "."))
    return _parse_words(lex, s)


def _parse_words(lex: _Lexicon, w: str) -> float | None:
    if not lex.word_number.match(w):
        return None
    for sep in ("mila", "mille"):
        i = w.find(sep)
        if i >= 0:
            head, tail = w[:i], w[i + len(sep):]
            h = _below_thousand(lex, head) if head else 1
            t = _below_thousand(lex, tail) if tail else 0
            return None if h is None or t is None else float(h * 1000 + t)
    v = _below_thousand(lex, w)
    return None if v is None else float(v)


def _below_thousand(lex: _Lexicon, w: str) -> int | None:
    total = 0
    if "cento" in w:
        i = w.find("cento")
        h = _below_hundred(lex, w[:i]) if w[:i] else 1
        if h is None:
            return None
        total, w = h * 100, w[i + 5:]
    if not w:
        return total
    r = _below_hundred(lex, w)
    return None if r is None else total + r


def _below_hundred(lex: _Lexicon, w: str) -> int | None:
    if w in lex.units:
        return lex.units[w]
    if w in ("un", "uno", "una"):
        return 1
    for t, v in lex.tens.items():
        for form in (t, t[:-1]):
            if w.startswith(form):
                rest = w[len(form):]
                if not rest:
                    return v if form == t else None
                u = lex.units.get(rest) or (1 if rest in ("uno", "un", "una") else None)
                if u is not None and u < 10:
                    return v + u
    return None


# --------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class _Fig:
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    bound: str
    unit: str | None
    item: str | None
    sentence: Sentence
    noun_end: int  # end of the counted noun (or of the figure)


def _scaled(lex: _Lexicon, num: str | None, mult: str | None) -> float | None:
    if not num:
        return None
    v = parse_number(lex, num)
    if v is None:
        return None
    return v * lex.multipliers.get((mult or "").lower(), 1)


def _figures(lex: _Lexicon, sent: Sentence, skip: list[tuple[int, int]], adj: list[Mention]) -> list[_Fig]:
    text = sent.text
    out: list[_Fig] = []
    for m in lex.figure.finditer(text):
        s, e = m.start(), m.end()
        a0, a1 = sent.start + s, sent.start + e
        if any(a0 < k1 and a1 > k0 for k0, k1 in skip):
            continue
        before = text[max(0, s - 40):s]
        if lex.not_before.search(before):
            continue
        value = low = high = None
        bound = "exact"
        if m.group("range"):
            g = m.groupdict()
            if g["r1"]:
                low, high = _scaled(lex, g["r1"], g["rm1"] or g["rm2"]), _scaled(lex, g["r2"], g["rm2"])
            elif g["f1"]:
                low, high = _scaled(lex, g["f1"], g["fm1"] or g["fm2"]), _scaled(lex, g["f2"], g["fm2"])
            else:
                low, high = _scaled(lex, g["d1"], g["dm"]), _scaled(lex, g["d2"], g["dm"])
            if low is None or high is None or low >= high:
                continue
        elif m.group("coll"):
            value = float(lex.collectives[m.group("cw").lower()])
            bound = "about"
        elif m.group("num"):
            raw = m.group("num")
            if raw.lower() == "uno":
                continue  # "uno" alone is a pronoun or an article far more often than a count
            value = _scaled(lex, raw, m.group("m"))
            if value is None:
                continue
            if raw.isdigit() and len(raw) == 4 and 1500 <= int(raw) <= 2100 and not m.group("m"):
                nxt = lex.noun.match(text, e)
                if not nxt or lex.nouns[nxt.group("noun").lower()][0] in ("year", "month", "day"):
                    continue  # a year, not a count
            # "i due Paesi", "dei due leader": a reference to known things, not a count
            if not raw[:1].isdigit() and re.search(r"(?:\b(?:i|gli|le|dei|degli|delle|ai|agli|alle|tra i|fra i|entrambi i)\s*)$", text[max(0, s - 12):s], re.I):
                continue
        else:
            phrase = m.group("vague").lower()
            low, high = lex.vague[phrase]
            bound = "vague"
        # bound word before ("circa", "più di", "fino a circa")
        if bound != "vague":
            bm = lex.bound_before.search(text[max(0, s - 30):s])
            if bm:
                bound = lex.bounds[bm.group("b").lower()]
                s = s - (len(text[max(0, s - 30):s]) - bm.start("b"))
        # counted noun and its modifiers
        nm = lex.noun.match(text, e)
        unit = item = None
        noun_end = e
        if nm and not (m.group("vague") and not text[e:nm.start("noun")].strip().lower().startswith("di")):
            unit, item = lex.nouns[nm.group("noun").lower()]
            noun_end = nm.end()
            while (mm := lex.modifier.match(text, noun_end)):
                noun_end = mm.end()
            # "paesi e organizzazioni": two nouns counted together
            nm2 = re.match(r"\s+[eo]\s+", text[noun_end:])
            if nm2:
                second = lex.noun.match(text, noun_end + nm2.end())
                if second and text[noun_end + nm2.end():second.start("noun")].strip() == "":
                    u2 = lex.nouns[second.group("noun").lower()][0]
                    if u2 != unit:
                        unit = f"{unit} or {u2}"
                        noun_end = second.end()
        elif (dem := _demonym_after(text, e, sent.start, adj)) is not None:
            unit, item, noun_end = "person", "person", dem  # "7.000 moldavi": a demonym used as a noun
        elif m.group("vague"):
            continue  # "migliaia" alone: not a figure we can place
        elif bound == "exact" and not m.group("m"):
            continue  # a bare number without bound word or noun: an identifier more often than a count
        if unit == "time":
            window = text[max(0, s - 80):noun_end + 40]
            for u, rx in lex.occurrence.items():
                if rx.search(window):
                    unit = u
                    break
        # calibres ("152 mm") are attributes of the item, not quantities
        if re.match(r"\s*(?:mm|millimetri|cm)\b", text[e:]):
            continue
        out.append(_Fig(sent.start + s, sent.start + (noun_end if unit else e), value, low, high, bound, unit, item,
                        sent, sent.start + noun_end))
    return out


def _visit_direction(lex: _Lexicon, f: _Fig, ms: list[Mention]) -> tuple[str | None, str | None]:
    """ "il premier ha visitato la Cina tre volte": the visitor (a person or a state) -> the place visited."""
    text, off = f.sentence.text, f.sentence.start
    verbs = [v for v in lex.visit.finditer(text)]
    if not verbs:
        return None, None
    v = min(verbs, key=lambda v: abs(v.start() - (f.start - off)))
    before = [m for m in ms if m.end - off <= v.start() and m.form in ("NAM", "MET") and m.type in ("PERSON", "GPE")]
    after = [m for m in ms if m.start - off >= v.end() and m.type == "GPE" and m.form in ("NAM", "MET")
             and re.fullmatch(r"\w*\s+(?:(?:la|il|lo|l['’]|i|gli|le|a|ad|in|nella|nel)\s*)?", text[v.start():m.start - off])]
    src = before[-1] if before else None
    return (src.entity_id if src else None), (after[0].entity_id if after else None)


def _demonym_after(text: str, e: int, off: int, adj: list[Mention]) -> int | None:
    """End (sentence offset) of a demonym mention right after a figure, article allowed."""
    for m in adj:
        gap = text[e:m.start - off]
        if m.start - off >= e and len(gap) <= 5 and re.fullmatch(r"\s*(?:(?:i|gli|le)\s+)?", gap):
            return m.end - off
    return None


# --------------------------------------------------------------------------- direction


def _country_mentions(ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if m.entity_id and m.form in ("NAM", "MET", "NOM") and (m.type in (None, "GPE", "ORG"))]


def _direction(lex: _Lexicon, f: _Fig, ms: list[Mention]
               ) -> tuple[str | None, str | None, tuple[str | None, str | None]]:
    """(giver, receiver) read in the figure's clause, and a weaker guess read in the whole sentence."""
    sent = f.sentence
    text, off = sent.text, sent.start
    names = [m for m in _country_mentions(ms) if m.type in (None, "GPE")]
    src = dst = None
    # 1. "dalla Bielorussia alla Serbia", "dell'Iran alla Siria"
    for x in names:
        pre = text[max(0, x.start - off - 20):x.start - off]
        if not (lex.from_prep.search(pre) or lex.gen_prep.search(pre)):
            continue
        for y in names:
            gap = y.start - x.end
            if 0 < gap <= 12 and y.entity_id != x.entity_id and lex.to_prep.search(text[x.end - off:y.start - off]):
                if lex.from_prep.search(pre) or abs(x.start - f.start) < 160:
                    return x.entity_id, y.entity_id, (None, None)
    if f.unit == "visit":
        return (*_visit_direction(lex, f, ms), (None, None))
    # 2. transfer / receiving verb and the prepositions around the figure
    verbs = [(v.start(), "give") for v in lex.transfer.finditer(text)] + [(v.start(), "get") for v in lex.receive.finditer(text)]
    fpos = f.start - off
    c0, c1 = clause_bounds(text, fpos, f.end - off)
    near = [v for v in verbs if c0 <= v[0] < c1] or verbs
    lo_, hi_ = c0, c1
    if near:
        vpos, kind = min(near, key=lambda v: abs(v[0] - fpos))
        v0, v1 = clause_bounds(text, vpos, vpos + 1)
        lo_, hi_ = min(c0, v0), max(c1, v1)
        subj = [x for x in names if lo_ <= x.start - off and x.end - off <= vpos and not _prep_before(lex, text, x.start - off)]
        if subj:
            who = subj[-1].entity_id
            valued = f.unit in ("USD", "EUR", "RUB", "KRW", "CNY", "GBP") and lex.trade.search(text[max(0, fpos - 30):fpos])
            if kind == "give" or valued:
                src = who
            else:
                dst = who
    if not near and not lex.presence.search(text):
        names_for_preps: list[Mention] = []  # "interrogati a Minsk": a place, not a destination
    else:
        names_for_preps = names
    for x in names_for_preps:
        if not (lo_ <= x.start - off < hi_):
            continue
        pre = text[max(0, x.start - off - 40):x.start - off]
        if lex.from_prep.search(pre[-20:]) and src is None and x.entity_id != dst:
            src = x.entity_id
        elif (lex.to_prep.search(pre) or lex.place_in.search(pre)) and dst is None and x.entity_id != src:
            dst = x.entity_id
    # 3. a demonym right after the counted noun: "soldati moldavi"
    adj = [m for m in ms if m.form == "ADJ" and m.entity_id]
    if src is None:
        for m in adj:
            if (0 <= m.start - f.end <= 5 or f.start <= m.start < f.end) and m.entity_id != dst:
                src = m.entity_id
                break
    guess_src = guess_dst = None
    if lex.unit_kind.get(f.unit or "") == "personnel" and (src is None or dst is None):
        # "la presenza di truppe bielorusse" elsewhere in the sentence: the troops' origin,
        # and the other state named as a subject is where they are
        guess_src = src or next((m.entity_id for m in adj if m.entity_id != dst and
                                 lex.personnel_noun.search(text[max(0, m.start - off - 25):m.start - off])), None)
        if guess_src is not None:
            guess_dst = dst or next((x.entity_id for x in names if x.entity_id != guess_src
                                     and not _prep_before(lex, text, x.start - off)), None)
    return src, dst, (guess_src, guess_dst)


def _flow_class(lex: _Lexicon, unit: str | None) -> str:
    """Flows are filled in from flows of the same class: money, people, goods."""
    if unit in ("USD", "EUR", "RUB", "KRW", "CNY", "GBP", "MKD"):
        return "money"
    return "people" if lex.unit_kind.get(unit or "") == "personnel" else "goods"


def _prep_before(lex: _Lexicon, text: str, i: int) -> bool:
    pre = text[max(0, i - 20):i]
    return bool(lex.from_prep.search(pre) or lex.to_prep.search(pre) or lex.gen_prep.search(pre))


# --------------------------------------------------------------------------- stage

def _is_headline(text: str, sent: Sentence) -> bool:
    """The first line of the text, without a final full stop, followed by body text."""
    return (sent.index == 0 and text[sent.end:sent.end + 1] == "\n" and sent.text[-1:] not in ".!?:;\"”»"
            and len(text) > 3 * len(sent.text) and "\n" not in text[:sent.start])


def _country(kb: Any, eid: str | None) -> str | None:
    """A city or region given as giver/receiver stands for its state, when the KB knows it."""
    if eid is None or kb is None:
        return eid
    facts = getattr(kb, "facts", {}).get(eid) or {}
    if facts.get("type") == "PERSON":
        roles = getattr(kb, "roles", {}).get(eid) or ()
        return roles[0].of if roles else eid
    if facts.get("type") in ("GPE", "LOC") and facts.get("subtype") not in ("country", None):
        return facts.get("capital_of") or facts.get("of") or eid
    return eid


def extract_quantities(article: Article, kb: Any = None) -> tuple[Quantity, ...]:
    doc = article.document
    lex = lexicon(doc.language or "it")
    skip = [(i.start, i.end) for i in article.issues if i.type == "boilerplate"]
    skip += [(t.start, t.end) for t in article.times if t.precision != "unknown" or t.value]
    by_sent_m: dict[int, list[Mention]] = {}
    for m in article.mentions:
        s = m.sentence if m.sentence is not None else (article.sentence_at(m.start).index if article.sentence_at(m.start) else -1)
        by_sent_m.setdefault(s, []).append(m)
    by_sent_t: dict[int, list[TimeExpr]] = {}
    for t in article.times:
        by_sent_t.setdefault(t.sentence if t.sentence is not None else -1, []).append(t)
    figs: list[_Fig] = []
    for sent in article.sentences:
        if _is_headline(doc.text, sent):
            continue  # a headline repeats figures of the body
        adj = [m for m in by_sent_m.get(sent.index, []) if m.form == "ADJ"]
        figs.extend(_figures(lex, sent, skip, adj))
    out: list[Quantity] = []
    guesses: dict[int, tuple[str | None, str | None]] = {}
    pairs: Counter[tuple[str, str, str]] = Counter()
    prev_unit: str | None = None
    recent_military = -10
    for f in figs:
        sent = f.sentence
        if lex.military.search(sent.text):
            recent_military = sent.index
        # a figure without a noun counts what the clause counted last ("ne contava circa 5.000")
        if f.unit is None:
            f.unit = prev_unit
            if f.unit is None:
                continue
        if f.unit == "person" and (sent.index - recent_military <= 3 or prev_unit == "soldier"):
            f.unit = "soldier"
        prev_unit = f.unit if f.unit in ("soldier", "person") or f.item is not None else prev_unit
        kind = lex.unit_kind.get(f.unit, "count")
        casualty = f.item in lex.casualty_items
        ms = by_sent_m.get(sent.index, [])
        src = dst = None
        if (kind in ("flow", "personnel") or f.unit == "visit") and not casualty:
            src, dst, guess = _direction(lex, f, ms)
            src, dst = _country(kb, src), _country(kb, dst)
            guesses[len(out)] = (_country(kb, guess[0]), _country(kb, guess[1]))
            if src and dst and src != dst:
                pairs[(_flow_class(lex, f.unit), src, dst)] += 1
        c0, c1 = clause_bounds(sent.text, f.start - sent.start, f.end - sent.start)
        window = sent.text[c0:c1]
        hypothetical = kind in ("flow", "personnel") and bool(lex.hypothetical.search(window))
        period = None
        value = None
        if kind in ("flow", "personnel", "event_count") or casualty:
            period = nearest_period(f.start, f.end, sent, by_sent_t.get(sent.index, []), lex.now_words)
            if period is not None:
                value = before_period(period, f.start, doc.text, lex.after) or period.value
            elif kind == "flow" and not casualty:
                value = ongoing_period(sent, doc.published)
        elif f.value and doc.published and lex.elapsed.search(sent.text[max(0, f.start - sent.start - 12):f.start - sent.start]):
            value = elapsed_period(f.value, f.unit, f.bound, doc.published, doc.text)
        out.append(Quantity(
            doc_id=doc.id, start=f.start, end=f.end, text=doc.text[f.start:f.end], value=f.value, low=f.low,
            high=f.high, bound=f.bound, unit=f.unit, item=f.item, from_entity=src, to_entity=dst,
            period=value, period_start=period.start if period else None,
            period_end=period.end if period else None, hypothetical=hypothetical,
            stance="hypothetical" if hypothetical else "asserted", sentence=sent.index,
            id=record_id("quantity", doc.id, f.start, f.end), extractor="quantities.grammar"))
    # Fill a missing side of a flow from the flows already read in the article (same giver or receiver).
    filled = []
    for i, q in enumerate(out):
        kind = lex.unit_kind.get(q.unit or "", "count")
        if kind in ("flow", "personnel") and q.item not in lex.casualty_items and not (q.from_entity and q.to_entity):
            cls = _flow_class(lex, q.unit)
            same = [(n, (a, b)) for (c, a, b), n in pairs.items() if c == cls]
            cands = [(n, p) for n, p in same if q.from_entity in (None, p[0]) and q.to_entity in (None, p[1])]
            # the counterpart of a known party: money earned by the giver of goods flows back
            cands = cands or [(n, (p[1], p[0])) for n, p in pairs.items() and [(n, (a, b)) for (c, a, b), n in pairs.items()]
                              if (q.from_entity or q.to_entity) and q.from_entity in (None, p[1]) and q.to_entity in (None, p[0])]
            if cands:
                _, (a, b) = max(cands)
                q = dataclasses.replace(q, from_entity=q.from_entity or a, to_entity=q.to_entity or b)
            elif i in guesses:
                a, b = guesses[i]
                q = dataclasses.replace(q, from_entity=q.from_entity or a, to_entity=q.to_entity or b)
        filled.append(q)
    return tuple(filled)


@stage("quantities", requires=("sentences", "mentions", "times"), adds=("quantities",))
def quantities_stage(article: Article, res: Resources) -> Article:
    return dataclasses.replace(article, quantities=extract_quantities(article, res.kb))
