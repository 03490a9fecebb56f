"""Participants of an event from the entity mentions of its sentence.

The actor is the subject before the trigger (the nearest agent mention outside a
prepositional phrase), the agent after a passive ("da X") or after a noun trigger ("la
visita di Putin", "l'invasione russa"), or the inverted subject after a verb of saying.
Other roles hang on prepositions after the trigger ("a X" recipient, "con X" participant).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import re
from functools import lru_cache

from ..records import Mention, Participant, Sentence
from .tokens import Grammar, Token, in_pp, lemma_of, prev_word, subject_ceiling

if TYPE_CHECKING:
    from .triggers import Candidate

_AGENT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})

_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_SUBJECT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})
_TARGET_TYPES = ("ACCUSATION", "CRITICISM", "ATTACK", "SANCTION", "VETO", "STATEMENT_SUPPORT", "INVITATION")
_TWO_SIDED = ("MEETING", "AGREEMENT_SIGNED", "AGREEMENT_REACHED")
_TROOP_KINDS = frozenset({"troops"})  # the group kind of soldiers (kb/groups.yaml)
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


def subject_before(text: str, mentions: list[Mention], pos: int, floor: int, g: Grammar) -> Mention | None:
    """Nearest agent mention before `pos` that is not inside a prepositional phrase or a
    parenthesis ("il leader russo (accompagnato da ... Novak) si è recato")."""
    pos = subject_ceiling(text, pos, floor, g)
    for m in reversed([m for m in mentions if floor <= m.start and m.end <= pos]):
        if m.type not in _AGENT_TYPES:
            continue
        if in_pp(text, m.start, floor, g) or _in_parenthesis(text, m.start, floor) and not _in_parenthesis(text, pos, floor):
            continue
        return _apposition_anchor(text, mentions, m, pos, floor) or m
    return None


def _apposition_anchor(text: str, mentions: list[Mention], m: Mention, pos: int, floor: int) -> Mention | None:
    """"John Kirby, White House spokesman, said": the person named before the apposition that holds `m`."""
    if m.type == "PERSON" or not re.fullmatch(r"[^,;:()]*,\s*", text[m.end:pos]):
        return None  # "il portavoce del presidente, Dmitry Peskov, ha negato": the name is the subject
    for p in reversed([x for x in mentions if floor <= x.start and x.end <= m.start]):
        if p.type == "PERSON" and p.form == "NAM" and re.fullmatch(r"\s*,[^,;:()]*", text[p.end:m.start]):
            return p
        if "," in text[p.end:m.start]:
            break
    return None


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


def _by_phrase(text: str, mentions: list[Mention], pos: int, ceil: int, g: Grammar) -> Mention | None:
    """"da parte della Russia": the agent named after a noun or a passive."""
    return next((m for m in mentions if pos <= m.start and m.end <= ceil
                 and g.agent_phrase.search(text, max(pos, m.start - 30), m.start)), None)


def _conj(g: Grammar) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(g.conjunctions | g.both_second)) + r")\b") if g.conjunctions \
        else re.compile(r"(?!x)x")


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


def _coordinated_subject(text: str, mentions: list[Mention], last: Mention, floor: int, g: Grammar) -> list[Mention]:
    """The names coordinated before the subject found nearest to the verb ("Mosca e
    Pyongyang hanno negato"), when the coordination opens the clause."""
    before = [m for m in mentions if floor <= m.start and m.end <= last.start and m.form != "ADJ"]
    group = [last]
    for m in reversed(before):
        gap = text[m.end:group[0].start]
        both = g.both and re.fullmatch(r"\s*(?:" + "|".join(g.both_second) + r")\s*(?:(?:il|lo|la|i|gli|le)\s+|l['’]\s*)?", gap) \
            and re.search(r"\b(?:" + "|".join(g.both) + r")\s+(?:(?:il|lo|la|i|gli|le)\s+|l['’]\s*)?$",
                          text[floor:m.start], re.I)  # "sia X che Y"
        if m.start == group[0].start or not (g.coordination.fullmatch(gap) or g.coordination_titled.fullmatch(gap)
                                              or both):
            break
        group.insert(0, m)
    if len(group) == 1 or not _conj(g).search(text[group[-2].end:last.start]):
        return [last]  # "..., la Cina ha appoggiato": a comma alone coordinates nothing
    # only determiners, conjunctions and titles before it: no verb, no preposition
    # ("Il presidente X e il cancelliere Y hanno ...", not "durante un vertice con X e Y, Z ha ...")
    lead_text = text[floor:group[0].start]
    lead_text = lead_text[lead_text.rfind(",") + 1:]  # "Dopo mesi di silenzi, X e Y hanno ...": the clause after the comma
    lead = re.findall(r"[^\W\d_]+", lead_text.lower())
    ok = all(w in g.openers or w in g.both or (w not in g.prepositions and not _verb_like(w, g)) for w in lead)
    return group if ok else [last]


def _verb_like(w: str, g: Grammar) -> bool:
    """A word of the lead of a clause that looks like a verb (by its lemma, or by its ending)."""
    lem = lemma_of(w, g.code)
    if g.infinitive_endings:
        return lem.endswith(g.infinitive_endings)
    return w.endswith(g.verb_form_endings) and lem != w


def participants_of(typ: str, c: Candidate, tokens: list[Token], text: str, ms: list[Mention],
                    sent: Sentence, speech: bool, g: Grammar) -> tuple[Participant, ...]:
    t0, t1 = tokens[c.first].start, tokens[c.last].end
    out: list[Participant] = []
    cues = role_cues(g.code)
    ceil = min(sent.end, t1 + 120)
    clause = _clause_floor(text, t0, sent.start, g)

    def add(role: str, m: Mention | None, group: bool = True) -> None:
        if m is None:
            return
        for x in coordinated(text, ms, m, ceil, g) if group else [m]:
            if not x.entity_id or any(p.entity_id == x.entity_id and (p.role == role or role == "target"
                                                                       or p.role == "target") for p in out):
                continue  # the same entity does not stand on both sides
            out.append(Participant(role=role, entity_id=x.entity_id, start=x.start, end=x.end))

    actor_role = {"MEETING": "participant", "AGREEMENT_SIGNED": "party", "AGREEMENT_REACHED": "party"}.get(typ, "actor")
    if c.spec is not None and c.spec.subject_role and not c.noun:
        actor_role = c.spec.subject_role  # "Mosca ha ospitato ...": the host
    # a phrase trigger after a determiner or a preposition is a noun phrase ("la presenza di truppe")
    noun = c.noun or (c.spec is None and c.first > 0 and (tokens[c.first - 1].low in g.articles
                                                          or tokens[c.first - 1].low in g.prepositions
                                                          and tokens[c.first - 1].low not in g.infinitive_markers))
    if noun:
        ceil = _phrase_end(text, t1, ceil)  # a noun's arguments do not run past a comma
        # "la visita di Putin", "l'invasione russa", "l'invasione dell'Ucraina da parte della Russia"
        near = min(sent.end, t1 + 40)
        of = object_after(text, ms, t1, near, g.of, g)
        by = _by_phrase(text, ms, t1, min(sent.end, t1 + 80), g) or _performed_by(text, ms, t1, ceil, g, cues)
        adj = next((m for m in ms if m.form == "ADJ" and 0 <= m.start - t1 <= 2), None)
        if g.agent_before_noun and adj is None:
            adj = _agent_before(text, ms, t0, g)  # "Putin's visit", "the Russian invasion"
        agent = by or adj
        if agent is not None:
            add(actor_role, agent)
            if of is not None and of is not agent and typ in _TARGET_TYPES:
                add("target", of)
        elif of is not None and typ == "MEETING" and of.type in _PLACE_TYPES:
            add("location", of, group=False)  # "il vertice di Hanoi"
        else:
            add(actor_role, of)
    elif any(tokens[k].low in g.passive for k in range(max(0, c.first - 3), c.head + 1)) and not speech:
        add(actor_role, _by_phrase(text, ms, t1, ceil, g) or object_after(text, ms, t1, ceil, g.by, g))
    else:
        subj = subject_before(text, ms, t0, clause, g)
        if subj is None and clause > sent.start:
            subj = subject_before(text, ms, t0, sent.start, g)
        if subj is not None:
            for m in _coordinated_subject(text, ms, subj, clause if subj.start >= clause else sent.start, g):
                add(actor_role, m, group=False)
        elif (speech or typ == "VISIT") and not g.postposed_subject or \
                speech and c.first > 0 and tokens[c.first - 1].text in ",”\"»":
            # inverted subject: "lo ha annunciato il presidente", "ha detto il Cremlino", "è arrivato X";
            # after other verbs the first name is their object ("ha invitato Putin")
            add(actor_role, object_after(text, ms, t1, ceil if not speech else min(ceil, t1 + 40), None, g))
    direct = None if noun else object_after(text, ms, t1, min(ceil, t1 + 60), None, g)
    if direct is not None and re.search(r"[,;:(]", text[t1:direct.start]):
        direct = None  # "ha ricevuto e, scrive la Kcna, ...": not its object
    if typ == "VISIT":
        to = object_after(text, ms, t1, ceil, g.to, g)
        if to is not None and to.type == "PERSON":
            add("target", to, group=False)  # "ha fatto visita a Putin a Vladivostok"
            to = object_after(text, ms, to.end, ceil, g.to, g)
        if direct is not None and direct.type in _PLACE_TYPES and (to is None or direct.start < to.start):
            to = direct  # "ha visitato la Russia"
        if to is not None and to.type in _PLACE_TYPES | {None}:
            add("location", to, group=False)
    elif typ == "MEETING":
        add("location", object_after(text, ms, t1, ceil, cues.place or g.to, g), group=False)
        for m in _included(text, ms, t1, ceil, g, cues):
            add("participant", m, group=False)  # "ha ospitato i ministri di paesi tra cui X, Y e Z"
        add("participant", object_after(text, ms, t1, ceil, g.with_, g) or (direct if direct is not None
                                                                      and direct.type not in _PLACE_TYPES else None))
    elif typ == "TRANSFER":
        add("recipient", _recipient(text, ms, t1, ceil, g, cues), group=False)
        if direct is not None and direct.type in _SUBJECT_TYPES - {None} and tokens[c.head].lemma in cues.supplied \
                and not any(p.role == "recipient" for p in out):
            add("recipient", direct)  # "rifornire l'esercito russo di munizioni": the object is supplied
    elif typ == "TROOP_DEPLOYMENT":
        # "truppe in Russia" is where they are, "truppe alla Russia" whom they are sent to
        to = object_after(text, ms, t1, ceil, g.to, g)
        if to is not None:
            add("location" if prev_word(text, to.start, t1) in g.inside else "recipient", to, group=False)
    elif typ in _TARGET_TYPES:
        # the object of the act; praise goes to its object, not to a name inside what is
        # reported ("ha affermato che la Russia spera ..."), while an accusation or a
        # criticism targets the subject of the report ("ha dichiarato che Putin cerca armi")
        support = typ == "STATEMENT_SUPPORT"
        obj = object_after(text, ms, t1, _report_start(text, t1, ceil, g) if support else ceil, None, g)
        if g.against and typ == "ATTACK":
            obj = object_after(text, ms, t1, ceil, g.against, g) or obj  # "l'attacco contro X", "fired at X"
        if obj is not None and g.postposed_subject and (obj.form == "ADJ" or re.search(r"[,;:(]", text[t1:obj.start])):
            obj = None  # "fired North Korean missiles": a modifier of the object; past a comma, another clause
        add("target", obj if obj is not None and obj.type in _SUBJECT_TYPES else None)
        if typ in ("STATEMENT_SUPPORT", "CRITICISM") and not any(p.role == "target" for p in out) and not noun:
            add("target", _object_complement(text, ms, t1, _report_start(text, t1, _phrase_end(text, t1, ceil), g), g))
        if typ in ("STATEMENT_SUPPORT", "CRITICISM") and not any(p.role == "target" for p in out):
            add("target", _dative(text, ms, t1, _report_start(text, t1, _phrase_end(text, t1, ceil), g), g, cues,
                                  _SUBJECT_TYPES | {"EVENT"}))  # "ha espresso sostegno alla Russia"
    if typ in ("AGREEMENT_SIGNED", "AGREEMENT_REACHED", "STATEMENT", "STATEMENT_SUPPORT"):
        work = next((m for m in ms if t1 <= m.start and m.end <= min(ceil, t1 + 80) and m.type == "WORK"), None)
        add("theme", work, group=False)  # "hanno firmato ... un trattato di partenariato"
    if typ in _TWO_SIDED or typ in _TARGET_TYPES:
        between = _between(text, ms, t1, ceil, g)  # "le relazioni tra Russia e Corea del Nord"
        for m in between:
            add("participant" if typ == "MEETING" else "party" if typ in _TWO_SIDED else "target", m, group=False)
    if typ == "VISIT":
        for role, words in (("host", cues.host), ("accompanying", cues.accompanying)):
            for m in _cued(text, ms, sent, words, g):
                out = [p for p in out if not (p.role == actor_role and p.entity_id == m.entity_id)]  # not the visitor
                add(role, m, group=False)  # "accolto dal ministro X", "(accompagnato da X e Y)"
    if speech and c.last + 1 < len(tokens):
        # "ha dichiarato ai giornalisti", "riferendo al presidente": whom the words are addressed to
        hearer = _dative(text, ms, t1, min(_report_start(text, t1, ceil, g), t1 + 40), g, cues, _HEARERS)
        if hearer is not None and not re.search(r"[,;:(]", text[t1:hearer.start]):
            add("addressee", hearer, group=False)
    if typ in ("AGREEMENT_SIGNED", "AGREEMENT_REACHED"):
        end = _phrase_end(text, t1, ceil)
        opening = g.clause_opening.search(text, t1, end)
        end = opening.start() if opening else end
        if _bare_participle(tokens, c, g):
            # "il trattato firmato con X", "il trattato, ratificato dalla Duma": the noun before is what
            # was signed; the signers are the agent ("da X") and the other side ("con X")
            out = [p for p in out if p.start is None or p.start >= t1]
            add(actor_role, _by_phrase(text, ms, t1, end, g) or object_after(text, ms, t1, end, g.by, g))
        other = object_after(text, ms, t1, end, g.with_, g)
        if other is not None and other.type in _SUBJECT_TYPES - {None} and other.form != "ADJ":
            add("party", other)  # "ha firmato un accordo con la Cina"
        place = object_after(text, ms, t1, min(end, t1 + 40), cues.place, g)
        if place is not None and place.type in _PLACE_TYPES and prev_word(text, place.start, t1) in cues.place:
            add("location", place, group=False)  # "hanno firmato a Pyongyang un trattato"
    if typ == "AGREEMENT_SIGNED":
        # an institution that approves or signs (a parliament) acts; the parties are states and leaders
        orgs = {m.entity_id for m in ms if m.type == "ORG"}
        out = [Participant("actor", p.entity_id, p.start, p.end) if p.role == "party" and p.entity_id in orgs else p
               for p in out]
    if typ in ("TROOP_DEPLOYMENT", "COMBAT"):
        out = _with_troops(typ, c, tokens, text, ms, out, g, noun, ceil)
    return tuple(out)


@lru_cache(maxsize=4096)
def troop_state(eid: str | None) -> str | None:
    """The state whose soldiers a troop group is ("PRK_TROOPS" -> "PRK"), else None."""
    if not eid or "_" not in eid:
        return None
    from ..kb import KnowledgeBase
    from .groups import parse_group_id

    parsed = parse_group_id(eid, KnowledgeBase.load())
    if parsed is None or parsed[1].kind not in _TROOP_KINDS or len(parsed[0]) != 1:
        return None
    return parsed[0][0]


@lru_cache(maxsize=4096)
def state_of(eid: str | None) -> str | None:
    """The state an entity belongs to: a state itself (a capital's state), an institution's or an
    office holder's state, a group's affiliation ("KOR_OFFICIALS" -> KOR), from the knowledge base."""
    from ..kb import KnowledgeBase
    from .groups import parse_group_id

    kb = KnowledgeBase.load()
    for _ in range(3):
        if not eid:
            return None
        ent = kb.entities.get(eid)
        if ent is None:
            parsed = parse_group_id(eid, kb)
            if parsed is None or len(parsed[0]) != 1:
                return None
            eid = parsed[0][0]
            continue
        facts = kb.facts.get(eid, {})
        if ent.type == "GPE":
            return kb.capital_of(eid) or facts.get("stands_for") or eid
        nxt = facts.get("of") or facts.get("stands_for") or next((r.of for r in kb.roles.get(eid, ())), None)
        if nxt is None or nxt == eid:
            return None
        eid = nxt
    return None


def _adjectival(tokens: list[Token], c: Candidate, g: Grammar) -> bool:
    """"i militari nordcoreani schierati accanto ...": a participle with no auxiliary after a noun."""
    t = tokens[c.head]
    return bool(g.participle_endings) and c.first == c.head and c.head > 0 and not c.noun and \
        t.low.endswith(g.participle_endings) and t.lemma != t.low and tokens[c.head - 1].is_word and \
        tokens[c.head - 1].low not in g.auxiliaries and tokens[c.head - 1].low not in g.passive


def _bare_participle(tokens: list[Token], c: Candidate, g: Grammar) -> bool:
    """"il trattato firmato", "il trattato, ratificato ieri": a participle with no auxiliary before it."""
    t = tokens[c.head]
    if not g.participle_endings or c.first != c.head or c.head == 0 or c.noun:
        return False
    p = tokens[c.head - 1]
    return t.low.endswith(g.participle_endings) and t.lemma != t.low and p.low not in g.auxiliaries \
        and p.low not in g.passive and p.low not in g.clitics and (p.is_word or p.text == ",")


def _troop_mention(tokens: list[Token], c: Candidate, text: str, ms: list[Mention], g: Grammar,
                   ceil: int) -> Mention | None:
    """The soldiers a deployment or a fight is about: a troop group inside the trigger ("presenza di
    truppe nordcoreane"), right before it ("militari nordcoreani schierati", "... sono stati
    trasferiti") or after it in its clause ("ha inviato soldati nordcoreani")."""
    t0, t1 = tokens[c.first].start, tokens[c.last].end
    troops = [m for m in ms if troop_state(m.entity_id) is not None]
    for m in troops:
        if m.start < t1 and t0 < m.end:
            return m
    for m in reversed(troops):
        if m.end <= t0:
            gap = [t for t in tokens if m.end <= t.start and t.end <= t0]
            if all(t.low in g.auxiliaries or t.low in g.passive for t in gap):
                return m
            break
    for m in troops:
        if t1 <= m.start and m.end <= ceil and m.start - t1 <= 40 and not re.search(r"[,;:(]", text[t1:m.start]):
            return m
    return None


def _with_troops(typ: str, c: Candidate, tokens: list[Token], text: str, ms: list[Mention],
                 out: list[Participant], g: Grammar, noun: bool, ceil: int) -> list[Participant]:
    """Troop groups in deployments and fights: the soldiers are what a deployment moves (its theme;
    their state, from the group id, its actor when no other is named) and who fights (the actor)."""
    troop = _troop_mention(tokens, c, text, ms, g, ceil)
    if troop is None and typ == "TROOP_DEPLOYMENT" and not any(p.role == "actor" for p in out):
        people = _people_before(tokens, c, ms, g)  # "i nordcoreani arrivati in Russia": a demonym as a noun
        if people is not None:
            out.insert(0, Participant(role="actor", entity_id=people.entity_id, start=people.start, end=people.end))
    if typ == "COMBAT":
        out = [p for p in out if not (p.role == "actor" and _is_person(ms, p))]  # a person does not fight here
        if troop is not None and not any(p.role == "actor" for p in out):
            out.append(Participant(role="actor", entity_id=troop.entity_id, start=troop.start, end=troop.end))
        return out
    if troop is None:
        return out
    if _adjectival(tokens, c, g):
        out = [p for p in out if p.role != "actor"]  # "X ha lodato i militari schierati": X sent no one
    out = [p for p in out if p.entity_id != troop.entity_id]
    out.append(Participant(role="theme", entity_id=troop.entity_id, start=troop.start, end=troop.end))
    if not any(p.role == "actor" for p in out):
        out.insert(0, Participant(role="actor", entity_id=troop_state(troop.entity_id)))
    return out


def _people_before(tokens: list[Token], c: Candidate, ms: list[Mention], g: Grammar) -> Mention | None:
    """A demonym used as a noun ("i nordcoreani", "11.000 nordcoreani") right before a trigger."""
    t0 = tokens[c.first].start
    m = next((m for m in reversed(ms) if m.end <= t0), None)
    if m is None or m.form != "ADJ" or m.type != "GPE":
        return None
    gap = [t for t in tokens if m.end <= t.start and t.end <= t0]
    k = next((j for j, t in enumerate(tokens) if t.start == m.start), None)
    before = tokens[k - 1] if k else None
    if gap and not all(t.low in g.auxiliaries or t.low in g.passive for t in gap):
        return None
    return m if before is not None and (before.low in g.articles or before.text[:1].isdigit()) else None


def _is_person(ms: list[Mention], p: Participant) -> bool:
    return any(m.entity_id == p.entity_id and m.type == "PERSON" for m in ms)


def _between(text: str, mentions: list[Mention], pos: int, ceil: int, g: Grammar) -> list[Mention]:
    """The two sides named by "tra X e Y" / "fra X e Y" after the trigger."""
    first = object_after(text, mentions, pos, ceil, g.between, g)
    if first is None:
        return []
    group = coordinated(text, mentions, first, ceil, g)
    return group if len(group) > 1 else []


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


def _report_start(text: str, pos: int, ceil: int, g: Grammar) -> int:
    that = "|".join(sorted(g.that)) or "(?!x)x"
    m = re.search(rf"\b(?:{that})\b|:", text[pos:ceil])
    return pos + m.start() if m else ceil


def _agent_before(text: str, mentions: list[Mention], pos: int, g: Grammar) -> Mention | None:
    """The agent named before a noun: "Putin's visit", "the Russian invasion", "Kim's first trip"."""
    for m in reversed([m for m in mentions if m.end <= pos and pos - m.end <= 30]):
        gap = text[m.end:pos]
        poss = re.match(r"['’]s\b", gap)
        rest = gap[poss.end():] if poss else gap
        if (poss or m.form == "ADJ") and re.fullmatch(r"\s*(?:[a-z][\w-]*\s+)?", rest):
            return m
        break
    return None


def _phrase_end(text: str, pos: int, ceil: int) -> int:
    k = min((i for i in (text.find(ch, pos, ceil) for ch in ",;:(") if i >= 0), default=ceil)
    return k


def _clause_floor(text: str, pos: int, floor: int, g: Grammar) -> int:
    """Start of the clause that holds `pos`: after the last ";", ":", ", ma" or subordinating
    word ("mentre", "che", "quando") before it; the "che" of "sia X che Y" opens no clause."""
    best = floor
    both = re.compile(r"\b(?:" + "|".join(sorted(g.both)) + r")\b", re.I) if g.both else None
    for m in g.clause_opening.finditer(text[floor:pos]):
        k = floor + m.start()
        if m.group(0) in g.both_second and both is not None and both.search(text[max(floor, k - 60):k]):
            continue
        best = floor + m.end()
    return best
