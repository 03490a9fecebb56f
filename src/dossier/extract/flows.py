"""The direction of a flow: who gives and who receives, read in the figure's sentence.

Giver = subject of a transfer verb or object of "da"/"from"; receiver = object of "in/a"/"to"
or subject of a receiving verb; "dalla Bielorussia alla Serbia" gives both; a demonym on the
counted noun ("soldati moldavi", "Moldovan troops") gives the origin; for troops, a weaker guess
reads the whole sentence. General corrections:

* who gives the figure is not a party: the subject of a verb of saying and the object of
  "secondo"/"according to" are left out (`sayers`);
* where people or goods are ("si trovano in", "are in", "in diverse basi del") or the place reached
  ranks before a heading ("verso il confine", "towards the front");
* cities and regions stand for their state (KB `capital_of`/`of`, else a demonym in the name);
  people stand for the state of their office.
"""
from __future__ import annotations

import re
from typing import Any

from ..records import Mention
from .figures import Figure, Lexicon
from .periods import clause_bounds


def _visit_direction(lex: Lexicon, f: Figure, ms: list[Mention]) -> tuple[str | None, str | None]:
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


def _country_mentions(ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if m.entity_id and m.form in ("NAM", "MET", "NOM") and (m.type in (None, "GPE", "ORG"))]


def sayers(lex: Lexicon, text: str, off: int, ms: list[Mention]) -> set[int]:
    """Starts of the mentions that give the figure rather than take part in the flow: the subject
    of a verb of saying ("Seul afferma che ...", "Washington and Seoul say that ..."), the inverted
    subject (", ha detto il Cremlino", ", said the Kremlin") and the object of a source preposition
    ("secondo l'intelligence sudcoreana", "according to Kyiv"), within the cue's clause."""
    out: set[int] = set()
    for p in lex.source_prep.finditer(text):
        _c0, c1 = clause_bounds(text, p.end(), p.end())
        out.update(m.start for m in ms if p.end() <= m.start - off < c1 and m.start - off - p.end() <= 80)
    for v in lex.speech.finditer(text):
        if lex.same_subject.match(text[v.end():v.end() + 30]):
            continue  # "ha dichiarato di aver inviato": the speaker is also the giver
        c0, c1 = clause_bounds(text, v.start(), v.end())
        # ", ha detto il Cremlino", ", said the Kremlin": the verb opens a clause after a comma
        inverted = c0 > 0 and text[c0 - 1] == "," and len(text[c0:v.start()].split()) <= 2
        for m in ms:
            ms_, me = m.start - off, m.end - off
            if c0 <= ms_ and me <= v.start():
                between = text[me:v.start()]
                if not (lex.transfer.search(between) or lex.receive.search(between) or lex.presence.search(between)):
                    out.add(m.start)
            elif inverted and v.end() <= ms_ < c1 and ms_ - v.end() <= 25:
                out.add(m.start)
    return out


def _arrival_before(lex: Lexicon, pre: str) -> bool:
    """ "hanno raggiunto la Russia", "had entered Russia": the place is the verb's direct object."""
    w = re.search(r"(\w+)\s+(?:(?:the|la|il|lo|le|i|gli)\s+|l['’]\s*)?$", pre)
    return bool(w and lex.arrival.fullmatch(w.group(1)))


def direction(lex: Lexicon, f: Figure, ms: list[Mention]
               ) -> tuple[str | None, str | None, tuple[str | None, str | None]]:
    """(giver, receiver) read in the figure's clause, and a weaker guess read in the whole sentence."""
    sent = f.sentence
    text, off = sent.text, sent.start
    said = sayers(lex, text, off, [m for m in ms if m.entity_id])
    names = [m for m in _country_mentions(ms) if m.type in (None, "GPE") and m.start not in said]
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
    # receivers ranked: a place reached or where they are (0) before a heading ("verso il confine", 1)
    places: list[tuple[int, int, str]] = []
    for x in names_for_preps:
        if not (lo_ <= x.start - off < hi_):
            continue
        pre = text[max(0, x.start - off - 40):x.start - off]
        if lex.from_prep.search(pre[-20:]) and src is None and x.entity_id != dst:
            src = x.entity_id
        elif x.entity_id != src and lex.heading_prep.search(pre):
            places.append((1, x.start, x.entity_id))
        elif x.entity_id != src and (lex.to_prep.search(pre) or lex.place_in.search(pre) or _arrival_before(lex, pre)):
            places.append((0, x.start, x.entity_id))
    if dst is None and places:
        dst = min(places)[2]
    # 3. a demonym on the counted noun ("soldati moldavi", "North Korean troops") is the origin;
    # for people it wins over the subject of the verb ("la Russia ha schierato soldati nordcoreani")
    adj = [m for m in ms if m.form == "ADJ" and m.entity_id and m.start not in said]
    personnel = lex.unit_kind.get(f.unit or "") == "personnel"
    for m in adj:
        if (0 <= m.start - f.end <= 5 or f.start <= m.start < f.end) and m.entity_id != dst:
            if src is None or personnel:
                src = m.entity_id
            break
    if dst is not None and dst == src:
        dst = next((p[2] for p in sorted(places) if p[2] != src), None)
    guess_src = guess_dst = None
    if personnel and (src is None or dst is None):
        # "la presenza di truppe bielorusse" elsewhere in the sentence: the troops' origin,
        # and the other state named as a subject is where they are
        guess_src = src or next((m.entity_id for m in adj if m.entity_id != dst and
                                 lex.personnel_noun.search(text[max(0, m.start - off - 25):m.start - off])), None)
        if guess_src is not None:
            guess_dst = dst or next((x.entity_id for x in names if x.entity_id != guess_src
                                     and not _prep_before(lex, text, x.start - off)), None)
    return src, dst, (guess_src, guess_dst)


def flow_class(lex: Lexicon, unit: str | None) -> str:
    """Flows are filled in from flows of the same class: money, people, goods."""
    if unit in ("USD", "EUR", "RUB", "KRW", "CNY", "GBP", "MKD"):
        return "money"
    return "people" if lex.unit_kind.get(unit or "") == "personnel" else "goods"


def _prep_before(lex: Lexicon, text: str, i: int) -> bool:
    pre = text[max(0, i - 20):i]
    return bool(lex.from_prep.search(pre) or lex.to_prep.search(pre) or lex.gen_prep.search(pre))


def country_of(kb: Any, eid: str | None) -> str | None:
    """A city or region given as giver/receiver stands for its state, when the KB knows it
    (`capital_of`, or `of` followed up to the state: city -> region -> state)."""
    if eid is None or kb is None:
        return eid
    facts_of = getattr(kb, "facts", {})
    facts = facts_of.get(eid) or {}
    if facts.get("type") == "PERSON":
        roles = getattr(kb, "roles", {}).get(eid) or ()
        return roles[0].of if roles else eid
    cur = eid
    for _ in range(4):
        facts = facts_of.get(cur) or {}
        if facts.get("type") not in ("GPE", "LOC") or facts.get("subtype") in ("country", None):
            return cur
        up = facts.get("capital_of") or facts.get("of")
        if not up:
            return cur
        cur = up
    return cur


def place_state(kb: Any, lex: Lexicon, m: Mention) -> str | None:
    """The state a place mention stands for in a flow: its own id for a state; the KB's state for a
    city or region; else a demonym in its name ("Estremo Oriente russo", "Russian Far East")."""
    if m.entity_id is None:
        return None
    facts_of = getattr(kb, "facts", {}) if kb is not None else {}
    state = country_of(kb, m.entity_id)
    if state != m.entity_id or (facts_of.get(state) or {}).get("subtype") == "country":
        return state
    words = re.findall(r"\w+", m.text.lower())
    for i in range(len(words)):
        for w in (" ".join(words[i:i + 2]), words[i]):
            cand = lex.demonyms.get(w)
            if cand and (not facts_of or (facts_of.get(cand) or {}).get("subtype") == "country"):
                return cand
    return m.entity_id
