"""Participants of an event from the entity mentions of its sentence.

The actor is the subject before the trigger (the nearest agent mention outside a
prepositional phrase), the agent after a passive ("da X") or after a noun trigger ("la
visita di Putin", "l'invasione russa"), or the inverted subject after a verb of saying.
Other roles hang on prepositions after the trigger ("a X" recipient, "con X" participant);
their cues are in `roles.py`, the soldiers of deployments and fights in `troops.py`.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..records import Mention, Participant, Sentence
from .roles import (_HEARERS, _SUBJECT_TYPES, _cued, _dative, _in_parenthesis, _included, _object_complement,
                    _performed_by, _phrase_end, _recipient, coordinated, object_after, role_cues)
from .tokens import Grammar, Token, in_pp, lemma_of, prev_word, subject_ceiling
from .troops import _with_troops, state_of, troop_state  # noqa: F401  (state_of, troop_state: imported from here)

if TYPE_CHECKING:
    from .triggers import Candidate

_AGENT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_TARGET_TYPES = ("ACCUSATION", "CRITICISM", "ATTACK", "SANCTION", "VETO", "STATEMENT_SUPPORT", "INVITATION")
_TWO_SIDED = ("MEETING", "AGREEMENT_SIGNED", "AGREEMENT_REACHED")


def outer_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions not nested in a longer one (the longest reading of a name wins)."""
    ms = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


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


def _troops_after(text: str, ms: list[Mention], t1: int, ceil: int, kb: Any) -> bool:
    """A troop group right after the trigger in its clause (no punctuation between)."""
    return kb is not None and any(t1 <= m.start <= t1 + 60 and m.end <= ceil and troop_state(m.entity_id, kb)
                                  and not re.search(r"[,;:(]", text[t1:m.start]) for m in ms)


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


def _by_phrase(text: str, mentions: list[Mention], pos: int, ceil: int, g: Grammar) -> Mention | None:
    """"da parte della Russia": the agent named after a noun or a passive."""
    return next((m for m in mentions if pos <= m.start and m.end <= ceil
                 and g.agent_phrase.search(text, max(pos, m.start - 30), m.start)), None)


def _conj(g: Grammar) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(g.conjunctions | g.both_second)) + r")\b") if g.conjunctions \
        else re.compile(r"(?!x)x")


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
                    sent: Sentence, speech: bool, g: Grammar, kb: Any = None) -> tuple[Participant, ...]:
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
        if subj is None and clause > sent.start and not _troops_after(text, ms, t1, ceil, kb):
            # the subject of the sentence carries over into its clause ("Kim ha detto che invierà ..."),
            # not when soldiers follow the verb as its own subject ("ritiene che siano schierati 10mila
            # militari nordcoreani": the believer deploys no one)
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
        out = _with_troops(typ, c, tokens, text, ms, out, g, noun, ceil, kb)
    return tuple(out)


def _bare_participle(tokens: list[Token], c: Candidate, g: Grammar) -> bool:
    """"il trattato firmato", "il trattato, ratificato ieri": a participle with no auxiliary before it."""
    t = tokens[c.head]
    if not g.participle_endings or c.first != c.head or c.head == 0 or c.noun:
        return False
    p = tokens[c.head - 1]
    return t.low.endswith(g.participle_endings) and t.lemma != t.low and p.low not in g.auxiliaries \
        and p.low not in g.passive and p.low not in g.clitics and (p.is_word or p.text == ",")


def _between(text: str, mentions: list[Mention], pos: int, ceil: int, g: Grammar) -> list[Mention]:
    """The two sides named by "tra X e Y" / "fra X e Y" after the trigger."""
    first = object_after(text, mentions, pos, ceil, g.between, g)
    if first is None:
        return []
    group = coordinated(text, mentions, first, ceil, g)
    return group if len(group) > 1 else []


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
