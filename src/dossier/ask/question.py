"""A question, parsed: what it asks for, about whom, which flow or act, which period.

The question goes through the same per-article pipeline as an article (one short document), so the
actors it names are linked to the knowledge base by the same rules, its dates are read by the same
date grammar and its verb gets the same event type. What only a question has (its question words,
"who denied") comes from `lang/<iso>/questions.yaml`; counted nouns from `units.yaml`; verbs and
nouns of acts from `events.yaml`. Nothing here knows a sentence of the corpus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..lang import SUPPORTED, load_language
from ..records import Article, Document

KINDS = ("quantity", "when", "where", "who", "what")
# Counted items that are people hurt or killed: a question on them asks for losses, not flows.
LOSSES = frozenset({"killed", "death", "victim", "casualty", "wounded", "prisoner"})
# Case words of a named party: the receiver of a flow ("to Russia", "alla Russia"), its giver ("from", "da").
_TO = frozenset({"to", "into", "towards", "a", "verso", "per"})
_FROM = frozenset({"from", "da"})
_PARTY_TYPES = frozenset({"GPE", "ORG", "PERSON", "GROUP", "NORP"})
_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)


@dataclass(frozen=True)
class Question:
    text: str
    lang: str
    kind: str  # one of KINDS
    entities: tuple[str, ...] = ()  # ids of the actors and places named
    places: tuple[str, ...] = ()
    giver: str | None = None
    receiver: str | None = None
    units: tuple[str, ...] = ()  # counted units asked about ("container", "soldier")
    items: tuple[str, ...] = ()  # the specific item when it is not the unit ("killed", "worker")
    event_types: tuple[str, ...] = ()
    speech: str | None = None  # "denied" or "asserted": the question is about who said it
    period: str | None = None  # ISO value or interval of the time the question names
    source: str | None = None  # "according to the NIS", "did the Pentagon estimate": whose figures
    terms: tuple[str, ...] = ()  # content words, for retrieval
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("lang", "kind", "entities", "places", "giver", "receiver", "units",
                                               "items", "event_types", "speech", "period", "source", "terms")}


def guess_language(text: str) -> str:
    """Italian or English, by the function and question words of each language the question holds
    (a detector trained on articles is unreliable on eight words)."""
    words = [w.lower() for w in _WORD.findall(text)]
    score = {}
    for code in SUPPORTED:
        q = _lexicon(code)
        score[code] = sum(w in q["stop"] or w in q["kind_words"] for w in words)
    best = max(SUPPORTED, key=lambda c: (score[c], c == "en"))
    return best


@lru_cache(maxsize=None)
def _lexicon(code: str) -> dict[str, Any]:
    lang = load_language(code)
    data = lang.data("questions")
    kinds = [(kind, tuple(p.split())) for kind, phrases in data["kinds"].items() for p in phrases]
    units = {k.lower(): tuple(v) for k, v in (lang.data("units").get("nouns") or {}).items()}
    types: dict[str, set[str]] = {}
    for trig in lang.data("events").get("triggers") or []:
        for lemma in trig.get("lemmas") or []:
            types.setdefault(str(lemma).lower(), set()).add(trig["type"])
    speech = {w: kind for kind, words in data["speech"].items() for w in words}
    return {"kinds": kinds, "kind_words": {w for _, p in kinds for w in p}, "stop": set(data["stop"]),
            "units": units, "types": {k: tuple(sorted(v)) for k, v in types.items()}, "speech": speech}


def _kind(words: list[str], code: str) -> str:
    best: tuple[int, int, str] | None = None
    for order, (kind, phrase) in enumerate(_lexicon(code)["kinds"]):
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                # earliest phrase wins; at one position the longer phrase ("what year" over "what")
                cand = (i, -n, kind)
                if best is None or cand < best:
                    best = cand
                break
    return best[2] if best else "what"


def parse_question(text: str, pipeline, lang: str | None = None) -> Question:
    """Parse `text` with the article `pipeline` (see `dossier.ask.Asker`)."""
    text = " ".join(text.split())
    code = lang if lang in SUPPORTED else guess_language(text)
    art: Article = pipeline.run(Article(document=Document(id="question", text=text, language=code)))
    p = art.parse
    forms = [f.lower() for f in p.forms] if p else [w.lower() for w in _WORD.findall(text)]
    lemmas = [x.lower() for x in p.lemmas] if p else forms
    lex = _lexicon(code)
    kind = _kind(forms, code)

    named = [m for m in art.mentions if m.entity_id]
    source = _source(art, named, lex, kind)
    named_parties = [m for m in named if m.entity_id != source]
    entities = tuple(dict.fromkeys(m.entity_id for m in named))
    places = tuple(dict.fromkeys(m.entity_id for m in named if m.type in ("LOC", "FAC")))
    giver, receiver = _direction(art, named_parties)

    units, items = [], []
    upos = list(p.upos) if p else ["NOUN"] * len(forms)
    # the counted noun of "how many X" / "quanti X" comes first: other counted nouns are context
    # ("how many shells could the containers hold": shells)
    first = next((i + len(ph) for kd, ph in lex["kinds"] if kd == "quantity"
                  for i in range(len(forms) - len(ph) + 1) if tuple(forms[i:i + len(ph)]) == ph), None)
    order = list(range(len(forms)))
    if first is not None:
        order = list(range(first, len(forms))) + list(range(first))
    for i in order:
        if upos[i] in ("AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "PUNCT"):
            continue  # "sono stati inviati": an auxiliary, not the counted "stati"
        for n in (2, 1):  # "artillery shells" before "shells"
            for words in (forms, lemmas):
                key = " ".join(words[i:i + n])
                hit = lex["units"].get(key) or _lexicon("en" if code == "it" else "it")["units"].get(key)
                if hit:
                    units.append(hit[0])
                    # the first counted noun's own item ("workers"), and any loss ("killed", "feriti")
                    if hit[1] != hit[0] and (len(units) == 1 or hit[1] in LOSSES):
                        items.append(hit[1])
                    break
            else:
                continue
            break
    # "how many special forces": the noun "many" counts, when it is no counted noun of ours, is named
    # (figures of other units in the question, "ships", are then no answer)
    uncounted = None
    if p is not None and first is not None and p.heads[first - 1] >= 0:
        head = p.heads[first - 1]
        if upos[head] in ("NOUN", "PROPN") and not any(
                lex_units.get(" ".join(words[max(0, head - n + 1):head + 1]))
                for n in (2, 1) for words in (forms, lemmas)
                for lex_units in (lex["units"], _lexicon("en" if code == "it" else "it")["units"])):
            uncounted = forms[head]
    types = [e.type for e in art.events if e.type not in ("STATEMENT", "OTHER")]
    if not types:
        for lemma, form in zip(lemmas, forms):
            types.extend(lex["types"].get(lemma, ()) or lex["types"].get(form, ()))
    if "TROOP_DEPLOYMENT" in types and not units:
        units.append("soldier")
    speech = next((lex["speech"][w] for w in (*lemmas, *forms) if w in lex["speech"]), None)
    period = next((t.value for t in art.times if t.value), None)
    skip = lex["stop"] | lex["kind_words"]
    # a content word and its lemma are one term ("seeking", "seek")
    term_groups = []
    for f, lm in zip(forms, lemmas):
        group = tuple(dict.fromkeys(w for w in (f, lm) if (len(w) > 2 or w.isdigit()) and w not in skip
                                    and any(c.isalnum() for c in w)))
        if group and group not in term_groups and f not in skip:
            term_groups.append(group)
    terms = tuple(dict.fromkeys(w for g in term_groups for w in g))
    return Question(text=text, lang=code, kind=kind, entities=entities, places=places, giver=giver,
                    receiver=receiver, units=tuple(dict.fromkeys(units)), items=tuple(dict.fromkeys(items)),
                    event_types=tuple(dict.fromkeys(types)), speech=speech, period=period, source=source,
                    terms=terms,
                    extra={"article": art, "term_groups": term_groups, "uncounted": uncounted})


def _source(art: Article, named, lex: dict[str, Any], kind: str) -> str | None:
    """Whose figures or tellings the question asks for: a name after "according to" / "secondo",
    or the subject of a speech verb ("did the Pentagon estimate", "ha stimato il Pentagono")
    when the question asks for something else than the speaker."""
    p = art.parse
    if p is None:
        return None
    text = art.text.lower()
    for m in named:
        before = text[:m.start].rstrip().split()
        if before[-2:] == ["according", "to"] or before[-3:-1] == ["according", "to"] or \
                before[-1:] == ["secondo"] or before[-2:-1] == ["secondo"]:
            return m.entity_id
    if kind == "who":
        return None
    for m in named:
        for i in range(len(p)):
            if m.start <= p.starts[i] < m.end and p.deps[i].startswith("nsubj") and p.heads[i] >= 0:
                head = p.heads[i]
                if lex["speech"].get(p.lemmas[head].lower()) == "asserted" or \
                        lex["speech"].get(p.forms[head].lower()) == "asserted":
                    return m.entity_id
    speaks = any(lex["speech"].get(w) == "asserted" for w in (*(x.lower() for x in p.lemmas),
                                                                 *(x.lower() for x in p.forms)))
    if speaks:  # "ha stimato il Pentagono": a person or an institution next to a speech verb
        return next((m.entity_id for m in named if m.type in ("PERSON", "ORG")), None)
    return None


def _direction(art: Article, named) -> tuple[str | None, str | None]:
    """Giver and receiver of the flow a question asks about: from the roles the events stage gave
    ("sent to Russia": recipient), else from each party's case word ("to", "a"; "from", "da"), else
    the first party left over gives."""
    giver = receiver = None
    for e in art.events:
        for part in e.participants:
            if part.role in ("recipient", "target") and receiver is None:
                receiver = part.entity_id
            elif part.role in ("actor", "giver", "agent") and giver is None:
                giver = part.entity_id
    p = art.parse
    left = []
    for m in named:
        if m.type not in _PARTY_TYPES or m.entity_id in (giver, receiver):
            continue
        case = _case_word(p, m.start, m.end) if p else None
        if case in _TO and receiver is None:
            receiver = m.entity_id
        elif case in _FROM and giver is None:
            giver = m.entity_id
        else:
            left.append(m.entity_id)
    for eid in left:
        if giver is None and eid != receiver:
            giver = eid
        elif receiver is None and eid != giver:
            receiver = eid
    return giver, receiver


def _case_word(p, start: int, end: int) -> str | None:
    inside = [i for i in range(len(p)) if start <= p.starts[i] < end]
    heads = [i for i in inside if p.heads[i] not in inside]
    for h in heads:
        for i in range(len(p)):
            if p.heads[i] == h and p.deps[i] == "case":
                return p.forms[i].lower()
    # a case word printed with its article ("alla" = "a" + "la") sits right before the name
    before = [i for i in range(len(p)) if p.ends[i] <= start]
    if before and p.upos[before[-1]] == "DET" and len(before) > 1 and p.upos[before[-2]] == "ADP":
        return p.forms[before[-2]].lower()
    if before and p.upos[before[-1]] == "ADP":
        return p.forms[before[-1]].lower()
    return None
