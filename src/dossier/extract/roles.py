"""Role cues: words that mark roles beyond a trigger's own arguments (``roles`` in events.yaml).

The recipient ("a X"), the dative ("ai giornalisti"), the agent of a noun ("effettuata da X"), the
owner of an object noun ("il coraggio dei soldati X"), the members listed ("tra cui X, Y e Z") and the
people named after a cue ("accolto dal ministro X"), with the mention search they stand on: the first
mention after a position (`object_after`) and the names coordinated with it (`coordinated`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import Mention, Sentence
from .tokens import Grammar, prev_word

_SUBJECT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})
_HEARERS = frozenset({"PERSON", "ORG", "GROUP"})


@dataclass(frozen=True)
class RoleCues:
    """Words that mark roles beyond the trigger's own arguments (``roles`` in events.yaml)."""

    place: frozenset[str] = frozenset()  # a meeting's place: "a Mosca", "nel cosmodromo" (not "verso")
    dative: frozenset[str] = frozenset()  # "ai giornalisti", "alla Russia": addressee or beneficiary
    host: frozenset[str] = frozenset()  # "accolto dal ministro": the host of a visit
    accompanying: frozenset[str] = frozenset()  # "accompagnato da": who travels with the visitor
    supplied: frozenset[str] = frozenset()  # "rifornire l'esercito di munizioni": the object receives
    performed: frozenset[str] = frozenset()  # "la visita effettuata da X": the agent of a noun
    including: tuple[str, ...] = ()  # "ministri di paesi tra cui X, Y e Z": the members named
    purpose: frozenset[str] = frozenset()  # "per la guerra in X": X is no recipient


@lru_cache(maxsize=None)
def role_cues(code: str) -> RoleCues:
    from ..lang import load_language

    lang = load_language(code)
    d = (lang.data("events").get("roles") or {}) if lang.has("events") else {}
    w = lambda key: frozenset(str(x).lower() for x in d.get(key) or ())  # noqa: E731
    return RoleCues(place=w("place"), dative=w("dative"), host=w("host"), accompanying=w("accompanying"),
                    supplied=w("supplied"), purpose=w("purpose"), performed=w("performed"),
                    including=tuple(str(x).lower() for x in d.get("including") or ()))


def _in_parenthesis(text: str, pos: int, floor: int) -> bool:
    return text.rfind("(", floor, pos) > text.rfind(")", floor, pos)


def object_after(text: str, mentions: list[Mention], pos: int, ceil: int, preps: frozenset[str] | None,
                 g: Grammar) -> Mention | None:
    """First mention after `pos`; with `preps`, only one introduced by one of them."""
    for i, m in enumerate(mentions):
        if m.start < pos or m.end > ceil:
            continue
        if m.form == "ADJ" and i + 1 < len(mentions) and _titled(text, m.end, mentions[i + 1]):
            continue  # "il presidente russo Vladimir Putin": the adjective belongs to the title
        pw = prev_word(text, m.start, pos)
        if m.type in ("PERSON", "ORG") and m.form == "NAM" and (t := _title_rx(g.code, g.articles, g.of).search(text, max(pos, m.start - 60), m.start)):
            before = prev_word(text, t.start(1), pos)  # "con il presidente X", "all'agenzia X", "del leader X"
            pw = before if before in g.articles or before in g.prepositions else pw
        if pw in g.articles:  # "con la Germania": the preposition before the article
            k = text.rfind(pw, pos, m.start)
            pw = prev_word(text, k, pos) if k > pos else ""
        if preps is None:
            if pw in g.prepositions:
                continue
            return m
        if pw in preps:
            return m
    return None


@lru_cache(maxsize=None)
def _title_rx(code: str, articles: frozenset[str], of: frozenset[str]) -> re.Pattern[str]:
    """A title between an article and a name: "il presidente russo ", "il ministro della Difesa "."""
    arts = "|".join(sorted(articles, key=len, reverse=True)) or "(?!x)x"
    ofs = "|".join(sorted((w for w in of if len(w) > 1), key=len, reverse=True)) or "(?!x)x"
    word = r"[a-zàèéìòù]+"
    return re.compile(rf"(?:\b(?:{arts})\s+|['’]\s*)({word})(?:\s+(?:{word}|(?:{ofs})\s+[A-ZÀ-Ý][\w-]*))?(?:\s+{word})?\s+$")


def _titled(text: str, end: int, nxt: Mention) -> bool:
    return nxt.type == "PERSON" and nxt.form == "NAM" and bool(re.fullmatch(r"\s+(?:[a-zàèéìòù]+\s+){0,2}", text[end:nxt.start]))


def coordinated(text: str, mentions: list[Mention], m: Mention, ceil: int, g: Grammar) -> list[Mention]:
    """`m` and the names coordinated after it: "Russia e Corea del Nord", "Cina, Giappone e
    Corea". A list joined by commas only is no coordination ("..., la Corea del Nord ha ...")."""
    out = [m]
    for n in mentions:
        if n.start < out[-1].end or n.end > ceil or n.form == "ADJ":
            continue
        if n.start == out[-1].end or not g.coordination.fullmatch(text, out[-1].end, n.start):
            break
        out.append(n)
    conj = re.compile(r"\b(?:" + "|".join(sorted(g.conjunctions)) + r")\b") if g.conjunctions else None
    while len(out) > 1 and not (conj and conj.search(text[out[-2].end:out[-1].start])):
        out.pop()
    return out


def _phrase_end(text: str, pos: int, ceil: int) -> int:
    k = min((i for i in (text.find(ch, pos, ceil) for ch in ",;:(") if i >= 0), default=ceil)
    return k


def _recipient(text: str, ms: list[Mention], pos: int, ceil: int, g: Grammar, cues: RoleCues) -> Mention | None:
    """Whom goods go to ("a X", "alla X", "in X", "verso X") in the trigger's clause: not past a
    new clause ("armi che la Russia usa in Ucraina") nor inside a purpose ("per la guerra in X")."""
    opening = g.clause_opening.search(text, pos, ceil)
    m = object_after(text, ms, pos, opening.start() if opening else ceil, g.to, g)
    if m is not None and cues.purpose and prev_word(text, m.start, pos) in g.inside:
        words = re.findall(r"[^\W\d_]+", text[pos:m.start].lower())
        if any(w in cues.purpose for w in words[-5:]):
            return None
    return m


def _dative(text: str, ms: list[Mention], pos: int, ceil: int, g: Grammar, cues: RoleCues,
            types: frozenset[str | None]) -> Mention | None:
    """The first mention after `pos` introduced by "a"/"al"/"alla" (directly, or as the complement of
    one noun: "alle decisioni del Cremlino"), of one of `types`."""
    if not cues.dative:
        return None
    m = object_after(text, ms, pos, ceil, cues.dative, g)
    if m is not None:
        pre = re.findall(r"[^\W\d_]+", text[pos:m.start].lower())
        k = max((i for i, w in enumerate(pre) if w in cues.dative), default=0)
        if k > 2:
            m = None  # "ha lodato i soldati schierati accanto alle truppe": not the verb's dative
    if m is None:
        for n in ms:
            if pos <= n.start and n.end <= ceil and n.form != "ADJ":
                pre = re.findall(r"[^\W\d_]+", text[pos:n.start].lower())
                k = next((i for i, w in enumerate(pre[:3]) if w in cues.dative), None)
                mid = pre[k + 1:-1] if k is not None else []
                if mid and len(mid) <= 3 and pre[-1] in g.of and not any(w in g.prepositions for w in mid):
                    m = n  # "alle decisioni del Cremlino", "all'operazione militare della Russia"
                break
    return m if m is not None and m.type in types else None


def _performed_by(text: str, ms: list[Mention], pos: int, ceil: int, g: Grammar, cues: RoleCues) -> Mention | None:
    """"la visita a Mosca effettuata dal ministro X": the agent of a noun named by a participle and "da"."""
    if not cues.performed:
        return None
    rx = re.compile(r"\b(?:" + "|".join(sorted(cues.performed)) + r")\s+(?:" + "|".join(sorted(g.by)) + r")\b", re.I)
    cue = rx.search(text, pos, ceil)
    if cue is None:
        return None
    m = next((m for m in ms if cue.end() <= m.start and m.end <= ceil and m.form != "ADJ"), None)
    return m if m is not None and m.type in _SUBJECT_TYPES and m.start - cue.end() <= 60 else None


def _object_complement(text: str, ms: list[Mention], pos: int, ceil: int, g: Grammar) -> Mention | None:
    """"ha lodato il coraggio dei soldati X", "ha criticato la decisione della Francia": the one the
    object noun belongs to, named right after it (an article, at most two nouns, then "di")."""
    n = next((m for m in ms if pos <= m.start and m.end <= ceil and m.form != "ADJ"), None)
    if n is None or n.type not in _SUBJECT_TYPES:
        return None
    pre = re.findall(r"[^\W\d_]+", text[pos:n.start].lower())
    if not (2 <= len(pre) <= 6 and pre[0] in g.articles and pre[-1] in g.of):
        return None
    mid = pre[1:-1]
    ok = all(w not in g.prepositions or w in g.articles for w in mid)
    return n if ok and sum(w not in g.articles and w not in g.conjunctions for w in mid) <= 2 else None


def _included(text: str, ms: list[Mention], pos: int, ceil: int, g: Grammar, cues: RoleCues) -> list[Mention]:
    """The names listed after "tra cui", "including" in the clause after `pos`."""
    if not cues.including:
        return []
    rx = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in cues.including) + r")\s+", re.I)
    opening = g.clause_opening.search(text, pos, ceil)
    cue = rx.search(text, pos, opening.start() if opening else ceil)
    if cue is None:
        return []
    first = next((m for m in ms if cue.end() <= m.start and m.end <= ceil), None)
    gap = re.findall(r"[^\W_]+|[^\w\s'’]", text[cue.end():first.start].lower()) if first is not None else []
    if first is None or first.form == "ADJ" or any(w not in g.articles for w in gap):
        return []  # only an article between the cue and the first name
    return [m for m in coordinated(text, ms, first, ceil, g) if m.type in _SUBJECT_TYPES]


def _cued(text: str, ms: list[Mention], sent: Sentence, words: frozenset[str], g: Grammar) -> list[Mention]:
    """The people named after a cue and an agent preposition ("accolto dal ministro X"): the names
    of a parenthesis opened by it, else the first name after it and those coordinated with it."""
    if not words:
        return []
    rx = re.compile(r"\b(?:" + "|".join(sorted(words)) + r")\s+(?:" + "|".join(sorted(g.by)) + r")\b", re.I)
    out: list[Mention] = []
    for cue in rx.finditer(text, sent.start, sent.end):
        close = text.find(")", cue.end(), sent.end)
        if _in_parenthesis(text, cue.start(), sent.start) and close > 0:
            out += [m for m in ms if cue.end() <= m.start and m.end <= close and m.type in _HEARERS and m.form != "ADJ"
                    and prev_word(text, m.start, cue.end()) not in g.of]  # not "i capi dell'Agenzia X"
            continue
        end = _phrase_end(text, cue.end(), sent.end)
        first = next((m for m in ms if cue.end() <= m.start and m.end <= end and m.form != "ADJ"), None)
        if first is not None and first.type in _HEARERS:
            out += coordinated(text, ms, first, end, g)
    return out
