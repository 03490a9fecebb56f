"""An event's participants read from the parse: who did what to whom, from the trigger's relations.

The trigger's head word gives the arguments: its subject (`nsubj`, or `obl:agent` in a passive, or a
possessor / agent phrase / demonym of a noun trigger) is the agent; its object (`obj`, the subject of a
passive) the patient; its obliques and noun modifiers a slot chosen by their preposition (language
data, ``lang/<code>/arguments.yaml``: "a/to" recipient, "da/from" origin, "contro/against" target,
"in/at" place...). A verb coordinated with another, or an infinitive under another, shares its
subject. Each slot then takes a role by event type (`ROLES`): a transfer's agent is its actor and
"to" its recipient; a meeting's agent and object are both participants.

An argument becomes a participant through the mention that covers its head word, else a name in
apposition to it ("il ministro della Difesa russo Andrei Belousov"); coordinated arguments all count.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..records import Event, Mention, Participant
from ..text import ParseView

# slot -> role, per event type; a slot missing from a type's table gives no participant
_SPEECH = {"agent": "actor", "to": "addressee", "patient": "target", "against": "target"}
ROLES: dict[str, dict[str, str]] = {
    "TRANSFER": {"agent": "actor", "from": "actor", "to": "recipient", "for": "beneficiary", "iobj": "recipient"},
    "TROOP_DEPLOYMENT": {"agent": "actor", "from": "actor", "to": "recipient", "patient": "theme", "place": "location",
                         "for": "beneficiary", "iobj": "recipient"},
    "VISIT": {"agent": "actor", "patient": "location", "to": "location", "place": "location", "with": "accompanying"},
    "MEETING": {"agent": "participant", "patient": "participant", "with": "participant", "place": "location",
                "iobj": "participant"},
    "AGREEMENT_SIGNED": {"agent": "party", "with": "party", "patient": "theme", "place": "location"},
    "AGREEMENT_REACHED": {"agent": "party", "with": "party", "patient": "theme"},
    "INVITATION": {"agent": "actor", "patient": "addressee", "to": "target"},
    "STATEMENT": {"agent": "actor", "to": "addressee", "iobj": "addressee"},
    "STATEMENT_SUPPORT": {**_SPEECH, "for": "beneficiary", "iobj": "addressee"},
    "CRITICISM": {**_SPEECH, "iobj": "addressee"},
    "ACCUSATION": {**_SPEECH, "iobj": "target"},
    "DENIAL": {"agent": "actor"},
    "ATTACK": {"agent": "actor", "patient": "target", "against": "target", "place": "location"},
    "COMBAT": {"agent": "actor", "against": "target", "for": "beneficiary", "place": "location"},
    "LAUNCH": {"agent": "actor"},
    "VETO": {"agent": "actor", "patient": "target"},
    "SANCTION": {"agent": "actor", "patient": "target"},
    "REPORT_PUBLISHED": {"agent": "actor"},
    "MILITARY_EXERCISE_PLANNED": {"agent": "participant", "with": "participant"},
    "OTHER": {"agent": "actor", "place": "location"},
}
# Where a place mention is the only sensible reading of a slot (a city is no addressee).
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_NAME_LINKS = ("appos", "flat", "flat:name", "compound", "nmod", "nmod:poss", "amod")


@dataclass(frozen=True)
class Preps:
    classes: dict[str, str]  # preposition lemma -> slot ("a" -> "to"); the first class listed wins
    agent: frozenset[str]
    of: frozenset[str]
    place: frozenset[str]


@lru_cache(maxsize=None)
def preps(code: str) -> Preps:
    from ..lang import load_language

    lang = load_language(code)
    d = lang.data("arguments") if lang.has("arguments") else {}
    classes: dict[str, str] = {}
    for slot in ("against", "with", "for", "to", "from", "about", "place"):
        for w in d.get(slot) or ():
            classes.setdefault(str(w).lower(), slot)
    low = lambda key: frozenset(str(w).lower() for w in d.get(key) or ())  # noqa: E731
    return Preps(classes, low("agent"), low("of"), low("place"))


def _slot(view: ParseView, arg: int, passive: bool, noun: bool, p: Preps) -> str | None:
    rel = view.rel(arg)
    base = rel.split(":")[0]
    if rel in ("nsubj", "csubj") or rel == "nmod:poss" or rel == "obl:agent":
        return "agent"
    if rel in ("nsubj:pass", "obj"):
        return "patient"
    if rel == "iobj":
        return "iobj"
    if base in ("obl", "nmod"):
        case = view.case(arg)
        if case is None:
            return None
        if (passive or noun) and case in p.agent:
            return "agent"
        if noun and case in p.of:
            return "of"
        return p.classes.get(case)
    return None


def _mentions_of(view: ParseView, arg: int, mentions: list[Mention]) -> list[Mention]:
    """The mentions an argument word stands for: the one covering it, else names in apposition or
    compound with it; each conjunct ("Mosca e Pechino") on its own."""
    out: list[Mention] = []
    for w in view.conjuncts(arg):
        a, b = view.p.starts[w], view.p.ends[w]
        cover = [m for m in mentions if m.start <= a and b <= m.end and m.entity_id]
        if cover:
            out.append(max(cover, key=lambda m: m.end - m.start))
            continue
        # a name in apposition ("il presidente ucraino Zelensky") before a demonym on the noun, which
        # stands for the state only when no name does ("i militari nordcoreani")
        found: list[Mention] = []
        for c in view.dependents(w, *_NAME_LINKS):
            if view.rel(c) in ("nmod", "nmod:poss") and view.case(c) is not None:
                continue  # "ministro della Difesa": a complement, not the name
            a, b = view.p.starts[c], view.p.ends[c]
            named = [m for m in mentions if m.start <= a and b <= m.end and m.entity_id]
            if named:
                found.append(max(named, key=lambda m: m.end - m.start))
        names = [m for m in found if m.form != "ADJ"]
        if names or found:
            out.append((names or found)[0])
    return out


def _subject_donor(view: ParseView, h: int) -> int | None:
    """Where a verb without a subject takes it: the verb it is coordinated with ("ha ricevuto ... e
    ha assicurato"), or the verb whose infinitive or clause it is ("ha deciso di inviare")."""
    rel = view.rel(h)
    if rel in ("conj", "xcomp") and view.head(h) >= 0:
        return view.head(h)
    return None


def speaker_of_another_verb(view: ParseView, ev: Event, m: Mention, speech_lemmas: frozenset[str] = frozenset()) -> bool:
    """The mention is the subject of a verb above the trigger ("Kirby said North Korea had shipped
    ..."): the one who tells of the event, not one who takes part in it."""
    h = view.head_of_span(ev.start, ev.end)
    w = view.head_of_span(m.start, m.end)
    while w is not None and view.rel(w) in ("appos", "flat", "flat:name", "compound", "conj") and view.head(w) >= 0:
        w = view.head(w)  # "the minister, Shin Won-sik, estimated": the name stands for the subject
    if h is None or w is None or view.base_rel(w) != "nsubj":
        return False
    verb = view.head(w)
    if speech_lemmas and view.p.lemmas[verb] not in speech_lemmas and view.p.forms[verb].lower() not in speech_lemmas:
        return False  # the subject of another kind of verb above ("admitting what they denied") may take part
    return verb != h and verb in set(view.ancestors(h))


def participants_from_parse(view: ParseView, ev: Event, mentions: list[Mention], code: str,
                            earlier: list[Mention] = (), pronouns: frozenset[str] = frozenset()) -> list[Participant] | None:
    """Participants of one event from the parse, or None when the trigger has no head word there.
    A subject pronoun in `pronouns` ("he", "she") stands for the person named last in `earlier`."""
    h = view.head_of_span(ev.start, ev.end)
    if h is None:
        return None
    table = ROLES.get(ev.type, ROLES["OTHER"])
    p = preps(code)
    noun = view.p.upos[h] in ("NOUN", "PROPN")
    passive = any(view.rel(c) in ("aux:pass", "nsubj:pass") for c in view.children[h])
    args: list[tuple[str, int]] = []
    for c in view.children[h]:
        slot = _slot(view, c, passive, noun, p)
        if slot is not None:
            args.append((slot, c))
    if not any(s == "agent" for s, _ in args) and not noun:
        donor, seen = _subject_donor(view, h), 0
        while donor is not None and seen < 3:
            subj = [c for c in view.children[donor] if view.rel(c) in ("nsubj", "obl:agent")]
            if subj:
                args.append(("agent", subj[0]))
                break
            donor, seen = _subject_donor(view, donor), seen + 1
    if view.rel(h) == "acl" and not noun:
        # "i militari schierati in Russia": the noun a participle describes is its patient
        args.append(("patient", view.head(h)))
    out: list[Participant] = []
    for slot, arg in args:
        if slot == "of":
            slot = "patient" if ev.type in ("TRANSFER", "TROOP_DEPLOYMENT", "ATTACK") else "agent"
        role = table.get(slot)
        if role is None:
            continue
        found = _mentions_of(view, arg, mentions)
        if not found and slot == "agent" and view.p.forms[arg].lower() in pronouns:
            people = [m for m in earlier if m.type == "PERSON" and m.end <= view.p.starts[arg] and m.entity_id]
            found = people[-1:]
        for m in found:
            if m.form == "ADJ" and slot != "agent":
                continue
            if role in ("location",) and m.type not in _PLACE_TYPES:
                continue
            if slot == "place" and m.type not in _PLACE_TYPES:
                continue
            out.append(Participant(role=role, entity_id=m.entity_id, start=m.start, end=m.end))
    if noun:
        # a demonym on a noun trigger is its agent ("l'invasione russa", "the Russian veto")
        for c in view.dependents(h, "amod"):
            for m in _mentions_of(view, c, mentions):
                if m.form == "ADJ" and "agent" in table and not any(x.entity_id == m.entity_id for x in out):
                    out.append(Participant(role=table["agent"], entity_id=m.entity_id, start=m.start, end=m.end))
    seen_keys: set[tuple[str, str | None]] = set()
    unique = []
    for x in out:
        if (x.role, x.entity_id) not in seen_keys:
            seen_keys.add((x.role, x.entity_id))
            unique.append(x)
    return unique


def flow_parties(view: ParseView, start: int, end: int, mentions: list[Mention], code: str, gives, gets
                 ) -> tuple[Mention | None, Mention | None] | None:
    """(giver, receiver) of a figure read from the verb that governs its counted noun: the subject of
    a verb of giving (the agent of its passive) gives and its indirect object or "a/to" phrase
    receives ("handed Russia missiles", "ha inviato alla Russia 3mila soldati"); the subject of a verb
    of receiving receives and its "da/from" phrase gives. `gives`/`gets` tell a verb's word class
    (`WordClass.fullmatch`). None when no such verb governs the figure."""
    h = view.head_of_span(start, end)
    if h is None:
        return None
    p = preps(code)
    w, steps = h, 0
    # from the counted noun up to its verb: "missiles" -obj-> "handed"; "l'invio di truppe" -nmod-> "invio"
    while w >= 0 and steps < 4:
        form = view.p.forms[w]
        if view.is_verb(w) or view.p.upos[w] == "NOUN" and w != h:
            if gives.fullmatch(form) or gives.fullmatch(view.p.lemmas[w]):
                kind = "give"
                break
            if gets.fullmatch(form) or gets.fullmatch(view.p.lemmas[w]):
                kind = "get"
                break
        if view.base_rel(w) not in ("nummod", "obj", "nsubj", "nmod", "conj", "appos", "compound", "flat", "det"):
            return None
        w, steps = view.head(w), steps + 1
    else:
        return None
    if w < 0:
        return None
    passive = any(view.rel(c) in ("aux:pass", "nsubj:pass") for c in view.children[w])
    subj = [c for c in view.children[w] if view.rel(c) == ("obl:agent" if passive else "nsubj")]
    if not subj and passive:
        subj = [c for c in view.children[w] if view.base_rel(c) == "obl" and view.case(c) in p.agent]
    to = [c for c in view.children[w] if view.rel(c) == "iobj" or
          view.base_rel(c) in ("obl", "nmod") and p.classes.get(view.case(c) or "") == "to"]
    frm = [c for c in view.children[w] if view.base_rel(c) in ("obl", "nmod") and p.classes.get(view.case(c) or "") == "from"
           and not (passive and view.case(c) in p.agent)]

    def first(ws: list[int]) -> Mention | None:
        for c in ws:
            got = _mentions_of(view, c, mentions)
            if got:
                return got[0]
        return None

    agent, recipient, origin = first(subj), first(to), first(frm)
    if kind == "give":
        return agent or origin, recipient
    return origin, agent or recipient
