"""Participants of an event from the entity mentions of its sentence.

The actor is the subject before the trigger (the nearest agent mention outside a
prepositional phrase), the agent after a passive ("da X") or after a noun trigger ("la
visita di Putin", "l'invasione russa"), or the inverted subject after a verb of saying.
Other roles hang on prepositions after the trigger ("a X" recipient, "con X" participant).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import re

from ..records import Mention, Participant, Sentence
from .tokens import ARTICLES, PREPOSITIONS, Token, in_pp, lemma_of, prev_word

if TYPE_CHECKING:
    from .triggers import Candidate

_AGENT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})

_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_OF = frozenset("di del dello della dei degli delle dell d".split())
_BY = frozenset("da dal dallo dalla dai dagli dalle dall".split())
_WITH = frozenset({"con"})
_PASSIVE = frozenset("stato stata stati state venne vennero viene vengono".split())
# "da parte della Russia": the agent of a noun or a passive
_BY_PART = re.compile(r"\bda\s+parte\s+(?:di|del|dello|della|dei|degli|delle|dell)?['’\s]*$")
# what may stand between two coordinated names: "X e Y", "X, Y e Z", "X e la Y"
_COORD = re.compile(r"\s*(?:,|,?\s*(?:e|ed))\s*(?:(?:il|lo|la|i|gli|le|l)\b['’\s]*|l['’]\s*)?$")
# the same, with a title before the second name ("Putin e il leader nordcoreano Kim Jong Un")
_COORD_TITLED = re.compile(r"\s*(?:,|,?\s*(?:e|ed))\s+(?:il|lo|la|i|gli|le|l['’])\s*(?:[a-zàèéìòù]+\s+){1,4}$")
_IN = frozenset("in nel nello nella nei negli nelle nell".split())
_TO_ONLY = frozenset("a al allo alla ai agli alle all ad verso".split())
# words that may open a clause before its subject ("Ma anche la Russia e la Cina ...")
_OPENERS = frozenset("e ed ma anche pure inoltre poi intanto però il lo la i gli le l un una uno".split())
_VERB_ENDINGS = ("are", "ere", "ire", "rre")
_SUBJECT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})
_TARGET_TYPES = ("ACCUSATION", "CRITICISM", "ATTACK", "SANCTION", "VETO", "STATEMENT_SUPPORT", "INVITATION")
_TWO_SIDED = ("MEETING", "AGREEMENT_SIGNED", "AGREEMENT_REACHED")
TO_PREPS = frozenset("a al allo alla ai agli alle all ad in nel nello nella nei negli nelle nell verso".split())


def outer_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions not nested in a longer one (the longest reading of a name wins)."""
    ms = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _in_parenthesis(text: str, pos: int, floor: int) -> bool:
    return text.rfind("(", floor, pos) > text.rfind(")", floor, pos)


def subject_before(text: str, mentions: list[Mention], pos: int, floor: int) -> Mention | None:
    """Nearest agent mention before `pos` that is not inside a prepositional phrase or a
    parenthesis ("il leader russo (accompagnato da ... Novak) si è recato")."""
    for m in reversed([m for m in mentions if floor <= m.start and m.end <= pos]):
        if m.type not in _AGENT_TYPES:
            continue
        if in_pp(text, m.start, floor) or _in_parenthesis(text, m.start, floor) and not _in_parenthesis(text, pos, floor):
            continue
        return m
    return None


def object_after(text: str, mentions: list[Mention], pos: int, ceil: int, preps: frozenset[str] | None) -> Mention | None:
    """First mention after `pos`; with `preps`, only one introduced by one of them."""
    for m in mentions:
        if m.start < pos or m.end > ceil:
            continue
        pw = prev_word(text, m.start, pos)
        if pw in ARTICLES:  # "con la Germania": the preposition before the article
            k = text.rfind(pw, pos, m.start)
            pw = prev_word(text, k, pos) if k > pos else ""
        if preps is None:
            if pw in PREPOSITIONS:
                continue
            return m
        if pw in preps:
            return m
    return None


def _by_phrase(text: str, mentions: list[Mention], pos: int, ceil: int) -> Mention | None:
    """"da parte della Russia": the agent named after a noun or a passive."""
    return next((m for m in mentions if pos <= m.start and m.end <= ceil
                 and _BY_PART.search(text, max(pos, m.start - 30), m.start)), None)


def coordinated(text: str, mentions: list[Mention], m: Mention, ceil: int) -> list[Mention]:
    """`m` and the names coordinated after it: "Russia e Corea del Nord", "Cina, Giappone e
    Corea". A list joined by commas only is no coordination ("..., la Corea del Nord ha ...")."""
    out = [m]
    for n in mentions:
        if n.start < out[-1].end or n.end > ceil or n.form == "ADJ":
            continue
        if n.start == out[-1].end or not _COORD.fullmatch(text, out[-1].end, n.start):
            break
        out.append(n)
    while len(out) > 1 and not re.search(r"\b(?:e|ed)\b", text[out[-2].end:out[-1].start]):
        out.pop()
    return out


def _coordinated_subject(text: str, mentions: list[Mention], last: Mention, floor: int) -> list[Mention]:
    """The names coordinated before the subject found nearest to the verb ("Mosca e
    Pyongyang hanno negato"), when the coordination opens the clause."""
    before = [m for m in mentions if floor <= m.start and m.end <= last.start and m.form != "ADJ"]
    group = [last]
    for m in reversed(before):
        gap = text[m.end:group[0].start]
        both = re.fullmatch(r"\s*che\s*(?:(?:il|lo|la|i|gli|le)\s+|l['’]\s*)?", gap) \
            and re.search(r"\bsia\s+(?:(?:il|lo|la|i|gli|le)\s+|l['’]\s*)?$", text[floor:m.start], re.I)  # "sia X che Y"
        if m.start == group[0].start or not (_COORD.fullmatch(gap) or _COORD_TITLED.fullmatch(gap) or both):
            break
        group.insert(0, m)
    if len(group) == 1 or not re.search(r"\b(?:e|ed|che)\b", text[group[-2].end:last.start]):
        return [last]  # "..., la Cina ha appoggiato": a comma alone coordinates nothing
    # only determiners, conjunctions and titles before it: no verb, no preposition
    # ("Il presidente X e il cancelliere Y hanno ...", not "durante un vertice con X e Y, Z ha ...")
    lead = re.findall(r"[^\W\d_]+", text[floor:group[0].start].lower())
    ok = all(w in _OPENERS or w == "sia" or (w not in PREPOSITIONS and not lemma_of(w).endswith(_VERB_ENDINGS))
             for w in lead)
    return group if ok else [last]


def participants_of(typ: str, c: Candidate, tokens: list[Token], text: str, ms: list[Mention],
                    sent: Sentence, speech: bool) -> tuple[Participant, ...]:
    t0, t1 = tokens[c.first].start, tokens[c.last].end
    out: list[Participant] = []
    ceil = min(sent.end, t1 + 120)
    clause = _clause_floor(text, t0, sent.start)

    def add(role: str, m: Mention | None, group: bool = True) -> None:
        if m is None:
            return
        for x in coordinated(text, ms, m, ceil) if group else [m]:
            if not x.entity_id or any(p.entity_id == x.entity_id and (p.role == role or role == "target"
                                                                       or p.role == "target") for p in out):
                continue  # the same entity does not stand on both sides
            out.append(Participant(role=role, entity_id=x.entity_id, start=x.start, end=x.end))

    actor_role = {"MEETING": "participant", "AGREEMENT_SIGNED": "party", "AGREEMENT_REACHED": "party"}.get(typ, "actor")
    if c.spec is not None and c.spec.subject_role and not c.noun:
        actor_role = c.spec.subject_role  # "Mosca ha ospitato ...": the host
    # a phrase trigger after a determiner or a preposition is a noun phrase ("la presenza di truppe")
    noun = c.noun or (c.spec is None and c.first > 0 and (tokens[c.first - 1].low in ARTICLES
                                                          or tokens[c.first - 1].low in PREPOSITIONS))
    if noun:
        ceil = _phrase_end(text, t1, ceil)  # a noun's arguments do not run past a comma
        # "la visita di Putin", "l'invasione russa", "l'invasione dell'Ucraina da parte della Russia"
        near = min(sent.end, t1 + 40)
        of = object_after(text, ms, t1, near, _OF)
        by = _by_phrase(text, ms, t1, min(sent.end, t1 + 80))
        adj = next((m for m in ms if m.form == "ADJ" and 0 <= m.start - t1 <= 2), None)
        agent = by or adj
        if agent is not None:
            add(actor_role, agent)
            if of is not None and of is not agent and typ in _TARGET_TYPES:
                add("target", of)
        elif of is not None and typ == "MEETING" and of.type in _PLACE_TYPES:
            add("location", of, group=False)  # "il vertice di Hanoi"
        else:
            add(actor_role, of)
    elif any(tokens[k].low in _PASSIVE for k in range(max(0, c.first - 3), c.head + 1)) and not speech:
        add(actor_role, _by_phrase(text, ms, t1, ceil) or object_after(text, ms, t1, ceil, _BY))
    else:
        subj = subject_before(text, ms, t0, clause)
        if subj is None and clause > sent.start:
            subj = subject_before(text, ms, t0, sent.start)
        if subj is not None:
            for m in _coordinated_subject(text, ms, subj, clause if subj.start >= clause else sent.start):
                add(actor_role, m, group=False)
        elif speech or typ == "VISIT":
            # inverted subject: "lo ha annunciato il presidente", "ha detto il Cremlino", "è arrivato X";
            # after other verbs the first name is their object ("ha invitato Putin")
            add(actor_role, object_after(text, ms, t1, ceil if not speech else min(ceil, t1 + 40), None))
    direct = None if noun else object_after(text, ms, t1, min(ceil, t1 + 60), None)
    if direct is not None and re.search(r"[,;:(]", text[t1:direct.start]):
        direct = None  # "ha ricevuto e, scrive la Kcna, ...": not its object
    if typ == "VISIT":
        to = object_after(text, ms, t1, ceil, TO_PREPS)
        if to is not None and to.type == "PERSON":
            add("target", to, group=False)  # "ha fatto visita a Putin a Vladivostok"
            to = object_after(text, ms, to.end, ceil, TO_PREPS)
        if direct is not None and direct.type in _PLACE_TYPES and (to is None or direct.start < to.start):
            to = direct  # "ha visitato la Russia"
        if to is not None and to.type in _PLACE_TYPES | {None}:
            add("location", to, group=False)
    elif typ == "MEETING":
        add("location", object_after(text, ms, t1, ceil, TO_PREPS), group=False)
        add("participant", object_after(text, ms, t1, ceil, _WITH) or (direct if direct is not None
                                                                      and direct.type not in _PLACE_TYPES else None))
    elif typ == "TRANSFER":
        add("recipient", object_after(text, ms, t1, ceil, TO_PREPS), group=False)
    elif typ == "TROOP_DEPLOYMENT":
        # "truppe in Russia" is where they are, "truppe alla Russia" whom they are sent to
        to = object_after(text, ms, t1, ceil, TO_PREPS)
        if to is not None:
            add("location" if prev_word(text, to.start, t1) in _IN else "recipient", to, group=False)
    elif typ in _TARGET_TYPES:
        # the object of the act; praise goes to its object, not to a name inside what is
        # reported ("ha affermato che la Russia spera ..."), while an accusation or a
        # criticism targets the subject of the report ("ha dichiarato che Putin cerca armi")
        support = typ == "STATEMENT_SUPPORT"
        obj = object_after(text, ms, t1, _report_start(text, t1, ceil) if support else ceil, None)
        add("target", obj if obj is not None and obj.type in _SUBJECT_TYPES else None)
    if typ in ("AGREEMENT_SIGNED", "AGREEMENT_REACHED", "STATEMENT", "STATEMENT_SUPPORT"):
        work = next((m for m in ms if t1 <= m.start and m.end <= min(ceil, t1 + 80) and m.type == "WORK"), None)
        add("theme", work, group=False)  # "hanno firmato ... un trattato di partenariato"
    if typ in _TWO_SIDED or typ in _TARGET_TYPES:
        between = _between(text, ms, t1, ceil)  # "le relazioni tra Russia e Corea del Nord"
        for m in between:
            add("participant" if typ == "MEETING" else "party" if typ in _TWO_SIDED else "target", m, group=False)
    return tuple(out)


def _between(text: str, mentions: list[Mention], pos: int, ceil: int) -> list[Mention]:
    """The two sides named by "tra X e Y" / "fra X e Y" after the trigger."""
    first = object_after(text, mentions, pos, ceil, frozenset({"tra", "fra"}))
    if first is None:
        return []
    group = coordinated(text, mentions, first, ceil)
    return group if len(group) > 1 else []


def _report_start(text: str, pos: int, ceil: int) -> int:
    m = re.search(r"\bche\b|:", text[pos:ceil])
    return pos + m.start() if m else ceil


def _phrase_end(text: str, pos: int, ceil: int) -> int:
    k = min((i for i in (text.find(ch, pos, ceil) for ch in ",;:(") if i >= 0), default=ceil)
    return k


def _clause_floor(text: str, pos: int, floor: int) -> int:
    """Start of the clause that holds `pos`: after the last ";", ":", ", ma" or subordinating
    word ("mentre", "che", "quando") before it; the "che" of "sia X che Y" opens no clause."""
    best = floor
    for m in re.finditer(r"[;:]|,\s*(?:ma|mentre|però)\b|\b(?:mentre|che|quando|dove|poiché|perché)\b",
                         text[floor:pos]):
        k = floor + m.start()
        if m.group(0) == "che" and re.search(r"\bsia\b", text[max(floor, k - 60):k], re.I):
            continue
        best = floor + m.end()
    return best
