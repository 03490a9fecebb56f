"""Figures in text: the lexicon of one language, number parsing, and the figures of a sentence.

A figure is a number in digits with the language's separators, a number word, a collective or a
vague plural, optionally scaled, bounded and followed by a counted noun (see `quantities.py`).
The lexicon compiles ``lang/<code>/{numbers,bounds,units,flows,time_words}.yaml`` once per process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang import load_language
from ..lang.wordclass import WordClass
from ..records import Mention, Sentence

_APOS = "['’]"
NEVER = "\x00"  # an alternative that matches no text, for an empty word list


@dataclass(frozen=True, slots=True)
class Lexicon:
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
    transfer: WordClass
    receive: WordClass
    from_prep: re.Pattern[str]
    to_prep: re.Pattern[str]
    gen_prep: re.Pattern[str]
    trade: re.Pattern[str]
    hypothetical: re.Pattern[str]
    word_number: re.Pattern[str]
    place_in: re.Pattern[str]
    personnel_noun: re.Pattern[str]
    elapsed: re.Pattern[str]
    presence: WordClass
    visit: WordClass
    after: re.Pattern[str]
    now_words: frozenset[str]
    reference_before: re.Pattern[str]
    conjunction: re.Pattern[str]
    code: str
    separators: tuple[str, str]
    civilian_items: frozenset[str]
    # direction cues added for attribution, headings and casualties (see lang/<code>/flows.yaml)
    heading_prep: re.Pattern[str]
    arrival: WordClass
    speech: WordClass
    source_prep: re.Pattern[str]
    same_subject: re.Pattern[str]
    casualty_after: re.Pattern[str]
    demonyms: dict[str, str]
    use: WordClass
    currency: dict[str, str]  # symbols written before a figure ("$3 billion") -> unit
    vague_determiners: frozenset[str]  # "several", "alcuni": only for goods and troops
    military_modifier: re.Pattern[str]  # "costruttori militari", "military builders": soldiers
    casualty_before: re.Pattern[str]  # "killed at least two people", "ha ucciso due persone": the verb of harm


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=None)
def lexicon(code: str = "it") -> Lexicon:
    """Compile the figure grammar of one language once per process."""
    lang = load_language(code if code in ("it", "en") else "it")
    nums, bounds, units, flows, tw = (lang.data(n) for n in ("numbers", "bounds", "units", "flows", "time_words"))
    unit_words = {k: int(v) for k, v in nums["units"].items() if k not in nums.get("weak", [])}
    tens = {k: int(v) for k, v in nums["tens"].items()}
    mult = {k: int(v) for k, v in nums["multipliers"].items()}
    coll = {k: int(v) for k, v in nums["collectives"].items()}
    vague = {k: (float(v[0]), None if v[1] is None else float(v[1])) for k, v in nums["vague"].items()}
    if code == "en":  # "twenty-four": tens and units joined by a hyphen
        word_tok = rf"(?:(?:{_alt(tens)})(?:-(?:{_alt(unit_words)}))?|{_alt(unit_words)})"
    else:  # compound number words are one token in Italian ("ventiquattro", "duemila", "centocinquanta")
        parts = list(unit_words) + list(tens) + [t[:-1] for t in tens] + ["cento", "mille", "mila", "uno"]
        word_tok = rf"(?:{_alt(parts)})+"
    th, dec = re.escape(nums["thousands_separator"]), re.escape(nums["decimal_separator"])
    digits = (rf"(?<![\w\-/.,])\d{{1,3}}(?:{th}\d{{3}})+(?:{dec}\d+)?(?![\d])"
              rf"|(?<![\w\-/.,])\d+(?:{dec}\d+)?(?![\d.,]\d)")
    num = rf"(?:{digits}|\b{word_tok}\b)"
    MULT = _alt(mult)
    COLL = _alt(coll)
    VAGUE = _alt(vague)
    # "un milione", "a thousand", "one-thousand": a word for one before a multiplier
    ONE = _alt(nums.get("one_words") or [NEVER])
    # multipliers written onto the digits: "11mila", "1,5mln", "3bn"
    SUFFIX = _alt(nums.get("suffix_multipliers") or [NEVER])
    BETWEEN, AND = _alt(bounds["range_between"]), _alt(bounds["range_and"])
    FROM, TO = _alt(bounds["range_from"]), _alt(bounds["range_to"])
    figure = re.compile(
        rf"(?P<range>\b(?:{BETWEEN})\s+(?P<r1>{num})(?:\s+(?P<rm1>{MULT}))?\s+(?:{AND})\s+(?P<r2>{num})(?:\s+(?P<rm2>{MULT}))?"
        rf"|\b(?:{FROM})\s+(?P<f1>{num})(?:\s+(?P<fm1>{MULT}))?\s+(?:{TO})\s+(?P<f2>{num})(?:\s+(?P<fm2>{MULT}))?"
        rf"|(?P<d1>{digits})\s*[-–]\s*(?P<d2>{digits})(?:\s+(?P<dm>{MULT}))?)"
        rf"|(?P<coll>\b(?:{_alt(nums['collective_articles'])})\s+(?P<cw>{COLL}))"
        rf"|(?P<vague>\b(?:{VAGUE})\b)"
        rf"|(?P<one>\b(?:{ONE})[\s-]+(?P<om>{MULT})\b)"
        rf"|(?P<num>{num})(?:\s+(?P<m>{MULT})\b|(?<=\d)(?P<ms>{SUFFIX})\b)?",
        re.IGNORECASE)
    nouns = _inflected({k.lower(): (v[0], v[1]) for k, v in units["nouns"].items()}, units)
    links = "|".join(re.escape(w) + (r"\s*" if w[-1] in "'’" else r"\s+") for w in
                     sorted(units["noun_links"], key=len, reverse=True))
    # a calibre may stand between a figure and its noun ("3 million 152mm artillery shells")
    calibre = r"(?:\d+(?:[.,]\d+)?\s?-?mm\s+)?"
    noun = re.compile(rf"\s*(?:{links})?{calibre}(?P<noun>{_alt(nouns)})(?!\w)", re.IGNORECASE)
    modifier = re.compile(rf"\s+(?:{'|'.join(units['modifiers'])})", re.IGNORECASE)
    kinds = {u: k for k, us in units["unit_kinds"].items() for u in us}
    bnd = {k.lower(): v for k, v in bounds["before"].items()}
    bound_before = re.compile(rf"(?:^|\s|[(“\"«])(?P<b>{_alt(bnd)})\s*(?:(?P<b2>{_alt(bnd)})\s*)?$", re.IGNORECASE)
    occ = {u: re.compile(rf"\b(?:{_alt(st)})", re.IGNORECASE) for u, st in units["occurrence_events"].items()}

    def stems(key):
        return _forms(flows[key], lang.code, flows.get(key.rsplit("_", 1)[0] + "_lemmas"))

    def preps(key):
        return re.compile(rf"(?:^|\s)(?:{_alt(flows[key])})\s*$", re.IGNORECASE)

    return Lexicon(
        figure, noun, modifier, bound_before, bnd, nouns, kinds, frozenset(units["casualty_items"]),
        re.compile(rf"\b(?:{_alt(units['military_context'])})", re.IGNORECASE), occ,
        unit_words, tens, mult, coll, vague,
        re.compile(rf"(?:^|\s)(?:{_alt(units['not_before'])})\s*$", re.IGNORECASE),
        stems("transfer_verbs"), stems("receive_verbs"), preps("from_preps"), preps("to_preps"),
        preps("genitive_preps"), re.compile(rf"\b(?:{_alt(flows['trade_nouns'])})\w*", re.IGNORECASE),
        re.compile(rf"\b(?:{_alt(flows['hypothetical_cues'])})\b", re.IGNORECASE),
        re.compile(rf"^{word_tok}$", re.IGNORECASE),
        re.compile(rf"(?:^|\s)(?:{_alt(flows['place_preps'])})\s*(?:\w+\s+)?(?:{_alt(flows['place_nouns'])})\s+"
                   rf"(?:\w+\s+)?(?:{_alt(flows['genitive_preps'])})\s*$", re.IGNORECASE),
        re.compile(rf"\b(?:{_alt([n for n, (u, _i) in nouns.items() if kinds.get(u) == 'personnel'] + units['troop_nouns'])})\s*$",
                   re.IGNORECASE),
        re.compile(rf"\b(?:{_alt(flows['elapsed_before'])})\s*$", re.IGNORECASE),
        stems("presence_cues"), stems("visit_verbs"),
        re.compile(rf"\b(?:{_alt(tw['after'])})\b", re.IGNORECASE), frozenset(w.lower() for w in tw["now_words"]),
        re.compile(rf"(?:\b(?:{_alt(nums['reference_before'])})\s*)$", re.IGNORECASE),
        re.compile(rf"\s+(?:{_alt(units['noun_conjunctions'])})\s+", re.IGNORECASE), code,
        (nums["thousands_separator"], nums["decimal_separator"]), frozenset(units.get("civilian_items", ())),
        # a heading word up to three words before the place ("verso il fronte di Kursk")
        re.compile(rf"(?:^|\s)(?:{_alt(flows['heading_preps'])})(?:\s+\S+){{0,3}}\s*$", re.IGNORECASE),
        _forms(flows["arrival_verbs"], lang.code), _forms(flows["speech_verbs"], lang.code),
        re.compile(rf"(?:^|\s)(?:{_alt(flows['source_preps'])})\s", re.IGNORECASE),
        re.compile(rf"^\s+(?:{_alt(flows['same_subject_after'])})\b", re.IGNORECASE),
        re.compile(rf"^\s*(?:,\s*)?(?:(?:{_alt(units['casualty_links'])})\s+)?(?:{_alt(units['casualty_after'])})\b",
                   re.IGNORECASE),
        demonym_forms(lang.data("entities")), _forms(flows["use_verbs"], lang.code),
        {str(k): str(v) for k, v in (units.get("currency_symbols") or {}).items()},
        frozenset(str(w).lower() for w in nums.get("vague_determiners") or ()),
        re.compile(r"\b(?:" + _alt(units.get("military_modifiers") or [NEVER]) + r")\b", re.IGNORECASE),
        re.compile(r"\b(?:" + _alt(units.get("casualty_verbs") or [NEVER]) + r")\s+$", re.IGNORECASE))


def _inflected(nouns: dict[str, tuple[str, str]], units: dict) -> dict[str, tuple[str, str]]:
    """The counted nouns in both numbers, from the language's singular/plural endings
    (``plural_to_singular``, ``singular_to_plural`` in units.yaml), inflecting a phrase's head word."""
    to_sg = [(str(a), str(b)) for a, b in units.get("plural_to_singular") or ()]
    to_pl = [(str(a), str(b)) for a, b in units.get("singular_to_plural") or ()]
    both = bool(units.get("inflect_both_ways"))
    skip = {str(w).lower() for w in units.get("no_inflection") or ()}
    first = units.get("inflect_head") == "first"
    out = dict(nouns)
    for key, val in nouns.items():
        words = key.split()
        i = 0 if first else len(words) - 1
        head = words[i]
        if key in skip or head in skip or not head.isalpha() or len(head) < 4:
            continue
        forms = [head[:len(head) - len(a)] + b for a, b in to_sg if head.endswith(a)]
        if both or not forms:
            forms += [head[:len(head) - len(a)] + b for a, b in to_pl if head.endswith(a)][:1]
        if not both:
            forms = forms[:1]
        for form in forms:
            out.setdefault(" ".join(words[:i] + [form] + words[i + 1:]), val)
    return out


def _forms(entries: list[str], code: str, lemmas: list[str] | None = None) -> WordClass:
    """Entries ending in "*" are stems, the others exact words or phrases; `lemmas` match every
    inflected form (see `lang.wordclass`)."""
    return WordClass(entries, code, lemmas or ())


def demonym_forms(entities: dict) -> dict[str, str]:
    """Demonym word forms -> state id, with the Italian inflections ("russo/russa/russi/russe")."""
    out: dict[str, str] = {}
    for word, eid in (entities.get("demonyms") or {}).items():
        w = str(word).lower()
        out[w] = eid
        if w.endswith("o"):
            out.update({w[:-1] + e: eid for e in "oaie"})
        elif w.endswith("e"):
            out.update({w[:-1] + e: eid for e in "ei"})
        elif w.endswith("a"):
            out.update({w[:-1] + e: eid for e in "aie"})
    out.update({str(k).lower(): v for k, v in (entities.get("demonym_forms") or {}).items()})
    return out


# --------------------------------------------------------------------------- numbers


def parse_number(lex: Lexicon, s: str) -> float | None:
    """ "11.000" -> 11000, "5,5" -> 5.5, "ventiquattro" -> 24, "duemilacinquecento" -> 2500."""
    s = s.strip().lower()
    if s[:1].isdigit():
        th, dec = lex.separators
        try:
            return float(s.replace(th, "").replace(dec, "."))
        except ValueError:  # "1mila", "3.2.1": not a plain figure (suffixes are read by the figure pattern)
            return None
    if lex.code == "en":
        return _parse_hyphenated(lex, s)
    return _parse_words(lex, s)


def _parse_hyphenated(lex: Lexicon, w: str) -> float | None:
    """ "twenty-four" -> 24, "seven" -> 7 (larger numbers take a multiplier: "two hundred")."""
    total = 0
    for part in w.split("-"):
        v = lex.units.get(part, lex.tens.get(part))
        if v is None:
            return None
        total += v
    return float(total)


def _parse_words(lex: Lexicon, w: str) -> float | None:
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


def _below_thousand(lex: Lexicon, w: str) -> int | None:
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


def _below_hundred(lex: Lexicon, w: str) -> int | None:
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
class Figure:
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


def _scaled(lex: Lexicon, num: str | None, mult: str | None) -> float | None:
    if not num:
        return None
    v = parse_number(lex, num)
    if v is None:
        return None
    return v * lex.multipliers.get((mult or "").lower(), 1)


def sentence_figures(lex: Lexicon, sent: Sentence, skip: list[tuple[int, int]], adj: list[Mention]) -> list[Figure]:
    text = sent.text
    out: list[Figure] = []
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
        elif m.group("one"):
            value = float(lex.multipliers[m.group("om").lower()])
        elif m.group("num"):
            raw = m.group("num")
            if raw.lower() == "uno":
                continue  # "uno" alone is a pronoun or an article far more often than a count
            value = _scaled(lex, raw, m.group("m") or m.group("ms"))
            if value is None:
                continue
            if raw.isdigit() and len(raw) == 4 and 1500 <= int(raw) <= 2100 and not (m.group("m") or m.group("ms")):
                nxt = lex.noun.match(text, e)
                if not nxt or lex.nouns[nxt.group("noun").lower()][0] in ("year", "month", "day"):
                    continue  # a year, not a count
            # "i due Paesi", "dei due leader": a reference to known things, not a count
            if not raw[:1].isdigit() and lex.reference_before.search(text[max(0, s - 12):s]):
                continue
        else:
            phrase = m.group("vague").lower()
            low, high = lex.vague[phrase]
            bound = "vague"
        currency = None
        for sym, code in sorted(lex.currency.items(), key=lambda kv: -len(kv[0])):
            if text[max(0, s - len(sym)):s] == sym:
                s, currency = s - len(sym), code
                break
        # bound word before ("circa", "più di", "fino a circa")
        if bound != "vague":
            bm = lex.bound_before.search(text[max(0, s - 30):s])
            if bm:
                bound = lex.bounds[bm.group("b").lower()]
                s = s - (len(text[max(0, s - 30):s]) - bm.start("b"))
        # counted noun and its modifiers
        nm = lex.noun.match(text, e)
        of_state = False
        if nm is None and (dem := _demonym_after(text, e, sent.start, adj)) is not None:
            # "10,000 North Korean soldiers": the demonym stands between the figure and its noun
            nm2 = lex.noun.match(text, dem)
            if nm2 and not text[dem:nm2.start("noun")].strip():
                nm, of_state = nm2, True
        unit = item = None
        noun_end = e
        # "migliaia di soldati", "hundreds of shells" take a link word; "several tanks", "a few hundred
        # missiles" (a determiner, or a phrase ending in a multiplier) take the noun directly
        vague = (m.group("vague") or "").lower()
        direct = vague in lex.vague_determiners or vague.rsplit(" ", 1)[-1] in lex.multipliers
        if nm and not (vague and not direct and not text[e:nm.start("noun")].strip()):
            unit, item = lex.nouns[nm.group("noun").lower()]
            noun_end = nm.end()
            if unit == "person" and item not in lex.civilian_items:
                after = lex.military_modifier.match(text, noun_end + 1) if text[noun_end:noun_end + 1] == " " else None
                if after or lex.military_modifier.search(text, e, nm.start("noun")):
                    unit, noun_end = "soldier", after.end() if after else noun_end
                elif of_state and item in lex.casualty_items:
                    unit = "soldier"  # "4,700 North Korean casualties": the losses of a state's forces
            while (mm := lex.modifier.match(text, noun_end)):
                noun_end = mm.end()
            # "paesi e organizzazioni": two nouns counted together
            nm2 = lex.conjunction.match(text, noun_end)
            if nm2:
                second = lex.noun.match(text, nm2.end())
                if second and text[nm2.end():second.start("noun")].strip() == "":
                    u2 = lex.nouns[second.group("noun").lower()][0]
                    if u2 != unit:
                        unit = f"{unit} or {u2}"
                        noun_end = second.end()
        elif currency:
            unit, item = currency, "money"
        elif (dem := _demonym_after(text, e, sent.start, adj)) is not None:
            unit, item, noun_end = "person", "person", dem  # "7.000 moldavi": a demonym used as a noun
        elif m.group("vague"):
            continue  # "migliaia" alone: not a figure we can place
        elif bound == "exact" and not (m.group("m") or m.group("ms") or m.group("one")):
            continue  # a bare number without bound word or noun: an identifier more often than a count
        if vague in lex.vague_determiners and (lex.unit_kind.get(unit or "") not in ("flow", "personnel")
                                               or item in lex.casualty_items):
            continue  # "several countries", "alcuni giorni": not a figure of the story
        if unit == "time":
            window = text[max(0, s - 80):noun_end + 40]
            for u, rx in lex.occurrence.items():
                if rx.search(window):
                    unit = u
                    break
        # calibres ("152 mm") are attributes of the item, not quantities
        if re.match(r"\s*(?:mm|millimetri|cm)\b", text[e:]):
            continue
        out.append(Figure(sent.start + s, sent.start + (noun_end if unit else e), value, low, high, bound, unit, item,
                        sent, sent.start + noun_end))
    return out


def _demonym_after(text: str, e: int, off: int, adj: list[Mention]) -> int | None:
    """End (sentence offset) of a demonym mention right after a figure, article allowed."""
    for m in adj:
        gap = text[e:m.start - off]
        if m.start - off >= e and len(gap) <= 5 and re.fullmatch(r"\s*(?:(?:i|gli|le)\s+)?", gap):
            return m.end - off
    return None
