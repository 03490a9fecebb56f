"""Events of the story's types with participants, date and modality.

A trigger lexicon by lemma (``lang/<code>/events.yaml``) proposes triggers; argument
words near the trigger decide or change the type ("inviare soldati" is a deployment,
"inviare munizioni" a transfer; "firmare" needs a treaty). Verbs of saying are typed by
what they report: an embedded arms transfer makes the speech act an accusation, words of
support a statement of support. Participants come from the sentence's entity mentions,
the date from the nearest time expression of the sentence, the coarse modality from cues
before the trigger (``modality.yaml``: negation, future and planning words, modal verbs,
conditional endings). Attribution (``source_entity``, and ``alleged`` for contested
events) is left to the claims stage.

Noun triggers that restate an earlier event of the article ("la visita", "il viaggio di
Putin") are merged into it, and triggers inside boilerplate (captions, appeals) are
skipped: they are not news.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import simplemma

from ..pipeline import Resources, stage
from ..records import Article, Event, Mention, Participant, Sentence, TimeExpr, record_id
from .issues import in_boilerplate

EXTRACTOR = "events.lexicon@1"

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:-[^\W_]+)*|[^\w\s’']")

SPEECH_TYPES = frozenset({"STATEMENT", "ACCUSATION", "DENIAL", "CRITICISM", "STATEMENT_SUPPORT"})
CONTESTED_TYPES = frozenset({"TRANSFER", "TROOP_DEPLOYMENT", "COMBAT", "ATTACK"})
_AGENT_TYPES = frozenset({"PERSON", "GPE", "ORG", "GROUP", None})
_PREPOSITIONS = frozenset(
    "di del dello della dei degli delle dell d a al allo alla ai agli alle all ad in nel nello nella "
    "nei negli nelle nell da dal dallo dalla dai dagli dalle dall su sul sullo sulla sui sugli sulle "
    "sull con per tra fra verso contro presso secondo".split())
_TO = frozenset("a al allo alla ai agli alle all ad in nel nello nella nei negli nelle nell verso".split())
_CLAUSE_BREAK = frozenset(";:()[]—–\"“”«»")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    low: str
    lemma: str

    @property
    def keys(self) -> tuple[str, str]:
        return (self.low, self.lemma)

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@lru_cache(maxsize=200_000)
def lemma_of(word: str, code: str = "it") -> str:
    try:
        return simplemma.lemmatize(word, lang=code).lower()
    except ValueError:  # a language simplemma lacks: fall back to the word itself
        return word


def tokenize(text: str, start: int, end: int, code: str = "it") -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        low = m.group(0).lower()
        lem = lemma_of(low, code) if m.group(0)[:1].isalpha() else low
        out.append(Token(m.start(), m.end(), m.group(0), low, lem))
    return out


def has_word(tokens: list[Token], words: frozenset[str]) -> bool:
    return any(t.low in words or t.lemma in words for t in tokens)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class TriggerSpec:
    type: str
    switch: tuple[tuple[str, str], ...] = ()
    needs: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    speech: bool = False


@dataclass(frozen=True)
class Lexicon:
    single: dict[str, tuple[TriggerSpec, ...]]
    phrases: tuple[tuple[str, tuple[frozenset[str], ...], int], ...]
    classes: dict[str, frozenset[str]]
    window: int
    support_words: frozenset[str]
    criticism_words: frozenset[str]
    anaphoric: frozenset[str]
    noun_only: frozenset[str]
    quantifiers: frozenset[str]
    stop_forms: frozenset[str]
    pronoun_subjects: frozenset[str]
    adverbs: frozenset[str]
    collective_subjects: frozenset[str]
    purpose_markers: frozenset[str]
    modifier_types: frozenset[str]
    premodifiers: frozenset[str]
    # modality
    reach: int
    negation: frozenset[str]
    neg_reach: int
    neg_phrases: tuple[tuple[str, ...], ...]
    planned: frozenset[str]
    future_endings: tuple[str, ...]
    future_min: int
    possible: frozenset[str]
    conditional_endings: tuple[str, ...]
    alleged_aux: frozenset[str]
    alleged_words: frozenset[str]
    auxiliaries: frozenset[str]


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


@lru_cache(maxsize=None)
def lexicon(code: str) -> Lexicon:
    from ..lang import load_language

    lang = load_language(code)
    ev: dict[str, Any] = lang.data("events")
    mo: dict[str, Any] = lang.data("modality")
    classes = {k: _words(v) for k, v in (ev.get("classes") or {}).items()}
    classes["treaty"] = _words(ev.get("treaty"))
    classes["war_context"] = _words(ev.get("war_context"))
    single: dict[str, list[TriggerSpec]] = {}
    for entry in ev.get("triggers") or []:
        spec = TriggerSpec(
            type=entry["type"],
            switch=tuple((entry.get("switch") or {}).items()),
            needs=tuple(entry.get("needs") or ()),
            block=tuple(entry.get("block") or ()),
            speech=bool(entry.get("speech")),
        )
        for lem in entry["lemmas"]:
            single.setdefault(str(lem).lower(), []).append(spec)
    phrases = []
    for entry in ev.get("phrases") or []:
        seq = tuple(_words(x if isinstance(x, list) else [x]) for x in entry["seq"])
        phrases.append((entry["type"], seq, int(entry.get("gap", 1))))
    sp = ev.get("speech") or {}
    neg = mo.get("negation") or {}
    pl = mo.get("planned") or {}
    po = mo.get("possible") or {}
    al = mo.get("alleged") or {}
    return Lexicon(
        single={k: tuple(v) for k, v in single.items()},
        phrases=tuple(phrases),
        classes=classes,
        window=int(ev.get("window", 6)),
        support_words=_words(sp.get("support_words")),
        criticism_words=_words(sp.get("criticism_words")),
        anaphoric=_words(ev.get("anaphoric_determiners")),
        noun_only=_words(ev.get("noun_only")),
        quantifiers=_words(ev.get("quantifiers")),
        stop_forms=_words(ev.get("stop_forms")),
        pronoun_subjects=_words(ev.get("pronoun_subjects")),
        adverbs=_words(ev.get("adverbs")),
        collective_subjects=_words(ev.get("collective_subjects")),
        purpose_markers=_words(ev.get("purpose_markers")),
        modifier_types=frozenset(ev.get("modifier_types") or ()),
        premodifiers=_words(ev.get("noun_premodifiers")),
        reach=int(mo.get("reach", 8)),
        negation=_words(neg.get("words")),
        neg_reach=int(neg.get("reach", 4)),
        neg_phrases=tuple(tuple(p) for p in neg.get("phrases") or ()),
        planned=_words(pl.get("words")),
        future_endings=tuple(pl.get("future_endings") or ()),
        future_min=int(pl.get("future_min_length", 5)),
        possible=_words(po.get("words")),
        conditional_endings=tuple(po.get("conditional_endings") or ()),
        alleged_aux=_words(al.get("auxiliaries")),
        alleged_words=_words(al.get("words")),
        auxiliaries=_words(mo.get("auxiliaries")),
    )


# --------------------------------------------------------------------------- candidates


@dataclass
class Candidate:
    type: str
    first: int  # token indices, inclusive
    last: int
    head: int  # the trigger word (verb or noun) inside [first, last]
    spec: TriggerSpec | None = None
    noun: bool = False


def _find_phrases(tokens: list[Token], lex: Lexicon, used: set[int]) -> list[Candidate]:
    out = []
    words = [i for i, t in enumerate(tokens) if t.is_word]
    for typ, seq, gap in lex.phrases:
        for pos, i in enumerate(words):
            if i in used or not (tokens[i].low in seq[0] or tokens[i].lemma in seq[0]):
                continue
            idx = [i]
            p = pos
            ok = True
            for part in seq[1:]:
                found = None
                for q in range(p + 1, min(len(words), p + 2 + gap)):
                    j = words[q]
                    if tokens[j].low in part or tokens[j].lemma in part:
                        found = q
                        break
                    if not tokens[j].is_word:
                        break
                if found is None:
                    ok = False
                    break
                # no clause punctuation inside a phrase
                if any(not tokens[k].is_word and tokens[k].text not in "’'" for k in range(words[p], words[found])):
                    ok = False
                    break
                idx.append(words[found])
                p = found
            if ok and not any(k in used for k in range(idx[0], idx[-1] + 1)):
                used.update(range(idx[0], idx[-1] + 1))
                out.append(Candidate(typ, idx[0], idx[-1], idx[0]))
    return out


def _near(tokens: list[Token], i: int, words: frozenset[str], before: int, after: int,
          lex: Lexicon | None = None) -> int | None:
    """Index of the nearest word of `words` around token i (after first on ties)."""
    for d in range(1, max(before, after) + 1):
        for j in (i + d, i - d):
            if (j > i and d > after) or (j < i and d > before) or not (0 <= j < len(tokens)):
                continue
            t = tokens[j]
            if t.low in words or t.lemma in words:
                if lex is not None and (t.low in lex.noun_only or t.lemma in lex.noun_only) and not _as_noun(tokens, j, lex):
                    continue
                return j
    return None


def _as_noun(tokens: list[Token], j: int, lex: Lexicon) -> bool:
    """"3.000 militari", "i militari", "migliaia di nordcoreani" – not "tecnologia militare"."""
    if j == 0:
        return True
    p = tokens[j - 1]
    return p.text[:1].isdigit() or p.low in lex.anaphoric or p.low in _PREPOSITIONS or p.low in lex.quantifiers \
        or p.low in ("un", "una", "uno") or not p.is_word


def _is_noun(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """A trigger preceded by a determiner or preposition (skipping one adjective) is a noun."""
    if tokens[i].low.endswith(("are", "ere", "ire", "rre", "ando", "endo")) and tokens[i].lemma != tokens[i].low \
            or tokens[i].low == tokens[i].lemma and tokens[i].low.endswith(("are", "ere", "ire")):
        return False  # an infinitive or a gerund ("a rifornire", "per incontrare")
    if i == 0:
        return False
    p = tokens[i - 1]
    if p.low in lex.anaphoric or p.low in _PREPOSITIONS or p.low in ("un", "una", "uno"):
        return True
    if i >= 2 and p.low in lex.premodifiers and (tokens[i - 2].low in lex.anaphoric or
                                                 tokens[i - 2].low in ("un", "una", "uno")):
        return True  # "un altro viaggio", "la prima visita"
    if tokens[i].lemma != tokens[i].low and tokens[i].lemma.endswith(("are", "ere", "ire")):
        return False  # an inflected verb ("in parte smentisce")
    for j in (i - 1, i - 2):
        if j < 0:
            return False
        t = tokens[j]
        if t.low in lex.anaphoric or t.low in _PREPOSITIONS or t.low in ("un", "una", "uno"):
            return True
        if t.low in lex.auxiliaries:
            return False
        if not t.text[:1].islower():
            return False
    return False


# --------------------------------------------------------------------------- mentions


def _outer_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions not nested in a longer one (the longest reading of a name wins)."""
    ms = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _prev_word(text: str, start: int, floor: int) -> str:
    """The word before `start`, skipping figures ("di 11.000 nordcoreani" gives "di")."""
    m = re.search(r"([^\W\d_]+)[’'\s]*(?:[\d.,]+\s*)*$", text[floor:start])
    return m.group(1).lower() if m else ""


_ARTICLES = frozenset("il lo la i gli le l un una uno".split())


def _in_pp(text: str, start: int, floor: int) -> bool:
    """After a preposition, directly or across an article ("secondo la Kcna")."""
    pw = _prev_word(text, start, floor)
    if pw in _PREPOSITIONS:
        return True
    if pw in _ARTICLES:
        m = re.search(r"([^\W\d_]+)[’'\s]+[^\W\d_]+[’'\s]*$", text[floor:start])
        return bool(m) and m.group(1).lower() in _PREPOSITIONS
    return False


def _subject_before(text: str, mentions: list[Mention], pos: int, floor: int) -> Mention | None:
    """Nearest agent mention before `pos` that is not inside a prepositional phrase."""
    for m in reversed([m for m in mentions if floor <= m.start and m.end <= pos]):
        if m.type not in _AGENT_TYPES:
            continue
        if _in_pp(text, m.start, floor):
            continue
        return m
    return None


def _object_after(text: str, mentions: list[Mention], pos: int, ceil: int, preps: frozenset[str] | None) -> Mention | None:
    """First mention after `pos`; with `preps`, only one introduced by one of them."""
    for m in mentions:
        if m.start < pos or m.end > ceil:
            continue
        pw = _prev_word(text, m.start, pos)
        if preps is None:
            if pw in _PREPOSITIONS:
                continue
            return m
        if pw in preps:
            return m
    return None


# --------------------------------------------------------------------------- modality


def _future(tok: Token, lex: Lexicon) -> bool:
    return len(tok.low) >= lex.future_min and tok.low.endswith(lex.future_endings) and tok.lemma != tok.low


def modality_of(tokens: list[Token], first: int, head: int, lex: Lexicon) -> str:
    """Coarse modality from the words before the trigger in its clause and its own form."""
    start = first
    while start > 0 and first - start < lex.reach:
        t = tokens[start - 1]
        if t.text in _CLAUSE_BREAK or t.text in ".!?":
            break
        start -= 1
    before = tokens[start:first]
    near = before[-lex.neg_reach:] + tokens[first:head]  # "non ha mai confermato": inside the trigger too
    lows = [t.low for t in before]
    trig = tokens[first:head + 1]
    lows += [t.low for t in trig]
    if any(t.low in lex.negation for t in near) or any(
            tuple(lows[k:k + len(p)]) == p for p in lex.neg_phrases for k in range(len(lows))):
        return "denied"
    # conditional of attribution: "avrebbe inviato", "sarebbero arrivati"
    if any(t.low in lex.alleged_aux for t in before[-3:] + trig):
        return "alleged"
    if any(t.low in lex.possible or t.lemma in lex.possible for t in before):
        return "possible"
    if tokens[head].low.endswith(lex.conditional_endings) and tokens[head].lemma != tokens[head].low:
        return "possible"
    if any(t.low in lex.planned or t.lemma in lex.planned for t in before):
        return "planned"
    if any(_future(t, lex) for t in before + trig):
        return "planned"
    return "happened"


# --------------------------------------------------------------------------- the stage


def _classify(c: Candidate, tokens: list[Token], lex: Lexicon, text: str, sent_mentions: list[Mention],
              sent: Sentence) -> str | None:
    """Final type of a single-word candidate, or None when its arguments rule it out."""
    spec = c.spec
    if spec is None:
        return c.type
    w = lex.window
    for cls in spec.block:
        if _near(tokens, c.head, lex.classes.get(cls, frozenset()), 2, 2) is not None:
            return None
    typ = spec.type
    best = None
    for cls, new_type in spec.switch:
        after_only = cls.endswith(">")
        j = _near(tokens, c.head, lex.classes.get(cls.rstrip(">"), frozenset()), 0 if after_only else 5, w, lex)
        if j is not None and (best is None or abs(j - c.head) < abs(best[0] - c.head)):
            best = (j, new_type)
    if best is not None and spec.switch:
        # "convincere i nordcoreani a vendere proiettili": the nearer object wins
        g = _near(tokens, c.head, lex.classes.get("goods", frozenset()), 0, w, lex)
        if g is not None and abs(g - c.head) < abs(best[0] - c.head):
            best = None
    if best is not None:
        typ = best[1]
    if spec.needs and best is None:
        ok = False
        trig = tokens[c.head]
        for need in spec.needs:
            if need == "person_subject":
                m = _subject_before(text, sent_mentions, trig.start, sent.start)
                ok = m is not None and m.type in ("PERSON", "GROUP")
            elif need == "person_object":
                ok = _object_after(text, sent_mentions, trig.end, min(sent.end, trig.end + 80), None) is not None \
                    or (c.head >= 2 and tokens[c.head - 2].low in ("lo", "la", "li", "le", "l"))
                ok = ok or (c.head >= 1 and tokens[c.head - 1].low in ("lo", "la", "li", "le"))
            elif need == "recipient":
                ok = _object_after(text, sent_mentions, trig.end, min(sent.end, trig.end + 60), _TO) is not None
            else:
                ok = _near(tokens, c.head, lex.classes.get(need, frozenset()), w + 2, w + 2, lex) is not None
            if ok:
                break
        if not ok:
            return None
    return typ


def _participants(typ: str, c: Candidate, tokens: list[Token], text: str, ms: list[Mention],
                  sent: Sentence, speech: bool) -> tuple[Participant, ...]:
    t0, t1 = tokens[c.first].start, tokens[c.last].end
    out: list[Participant] = []
    ceil = min(sent.end, t1 + 120)

    def add(role: str, m: Mention | None) -> None:
        if m is not None and m.entity_id and all(p.entity_id != m.entity_id or p.role != role for p in out):
            out.append(Participant(role=role, entity_id=m.entity_id, start=m.start, end=m.end))

    actor_role = {"MEETING": "participant", "AGREEMENT_SIGNED": "party", "AGREEMENT_REACHED": "party"}.get(typ, "actor")
    if c.noun:
        # "la visita di Putin", "l'invasione russa": the agent follows the noun
        after = _object_after(text, ms, t1, min(sent.end, t1 + 40),
                              frozenset({"di", "del", "della", "dello", "dell", "parte"}))
        adj = next((m for m in ms if m.form == "ADJ" and 0 <= m.start - t1 <= 2), None)
        add(actor_role, adj or after)
    elif any(tokens[k].low in ("stato", "stata", "stati", "state", "venne", "viene", "vengono")
             for k in range(max(0, c.first - 3), c.head + 1)) and not speech:
        add(actor_role, _object_after(text, ms, t1, ceil, frozenset({"da", "dal", "dalla", "dallo", "dall", "dai",
                                                                      "dagli", "dalle"})))
    else:
        subj = _subject_before(text, ms, t0, sent.start)
        if subj is None:  # inverted subject: "lo ha annunciato il presidente", "ha detto il Cremlino"
            subj = _object_after(text, ms, t1, ceil if not speech else min(ceil, t1 + 40), None)
        add(actor_role, subj)
    if typ in ("VISIT", "MEETING"):
        add("location", _object_after(text, ms, t1, ceil, _TO))
        if typ == "MEETING":
            add("participant", _object_after(text, ms, t1, ceil, frozenset({"con"})))
    elif typ in ("TRANSFER", "TROOP_DEPLOYMENT"):
        add("recipient", _object_after(text, ms, t1, ceil, _TO))
    elif typ in ("ACCUSATION", "CRITICISM", "ATTACK", "SANCTION", "VETO", "STATEMENT_SUPPORT", "INVITATION"):
        add("target", _object_after(text, ms, t1, ceil, None))
    return tuple(out)


def _date(times: list[TimeExpr], c: Candidate, tokens: list[Token], others: list[Candidate],
          text: str) -> TimeExpr | None:
    """The nearest time of the sentence that belongs to this trigger's clause.

    A time is another event's when a trigger lies between them, or when it follows this
    trigger past a comma and a conjunction (", e il mese scorso ...")."""
    a, b = tokens[c.first].start, tokens[c.last].end
    head = tokens[c.head]
    best = None
    for t in times:
        if t.start <= head.start and head.end <= t.end:
            continue  # "dalla piena invasione": the time contains the trigger itself
        lo, hi = (b, t.start) if t.start >= b else (t.end, a)
        if any(lo <= tokens[o.first].start and tokens[o.last].end <= hi for o in others if o is not c):
            continue
        if t.start >= b and re.search(r"[,;:]\s*(?:e|ed|ma|mentre|però|anche se|se|quando|dove|benché|sebbene|poiché)\b",
                                      text[b:t.start]):
            continue
        if t.start >= b and c.spec is not None and c.spec.speech and re.search(r"\bche\b", text[b:t.start]):
            continue  # "ha affermato che tra l'8 e il 13 ottobre ...": the time of what is reported
        if re.search(r"[()]", text[lo:hi]):
            continue  # "(... già paventata nei mesi scorsi ...)": a parenthesis has its own time
        d = hi - lo
        if best is None or d < best[0] or (d == best[0] and t.start > best[1].start):
            best = (d, t)
    return best[1] if best else None


def _speech_type(c: Candidate, tokens: list[Token], lex: Lexicon, embedded: list[Candidate],
                 modalities: dict[int, str], complement: list[Token]) -> str:
    contested = [e for e in embedded if e.type in ("TRANSFER", "TROOP_DEPLOYMENT")]
    if any(modalities.get(id(e)) in ("happened", "alleged") for e in contested):
        return "ACCUSATION"
    if not contested and has_word(complement, lex.classes.get("goods", frozenset())) and c.type == "STATEMENT":
        return "ACCUSATION"  # "ha dichiarato che le armi nordcoreane ..." with no verb of transfer
    if has_word(complement, lex.support_words):
        return "STATEMENT_SUPPORT"
    if has_word(complement, lex.criticism_words):
        return "CRITICISM"
    return c.type


def _postposed(tokens: list[Token], c: Candidate) -> bool:
    """", ha detto il Cremlino": a speech verb after a comma, closing a reported clause."""
    k = c.first - 1
    return k > 0 and tokens[k].text in ",”\"»"


def _present(tokens: list[Token], c: Candidate, lex: Lexicon) -> bool:
    """"afferma", "dicono", "osserva": a present-tense verb of saying (no auxiliary before it)."""
    if c.first != c.head or c.noun:
        return False
    low = tokens[c.head].low
    return not low.endswith(("ò", "ì", "rono", "to", "ti", "ta", "te", "va", "vano", "ndo"))


def _participle_alone(tokens: list[Token], c: Candidate) -> bool:
    """"lo scopo dichiarato": a participle with no auxiliary is an adjective."""
    t = tokens[c.head]
    return c.first == c.head and t.low.endswith(("to", "ta", "ti", "te")) and t.lemma != t.low and not c.noun


def _purpose(tokens: list[Token], c: Candidate, lex: Lexicon) -> bool:
    """"per incontrare Putin", "dal fornire aiuti": an infinitive of purpose."""
    t = tokens[c.head]
    return c.first == c.head and c.head > 0 and t.low.endswith(("are", "ere", "ire")) \
        and tokens[c.head - 1].low in lex.purpose_markers


def extract_events(article: Article, code: str = "it", inherit: bool = True) -> tuple[Event, ...]:
    lex = lexicon(code)
    doc = article.document
    text = doc.text
    mentions = _outer_mentions([m for m in article.mentions if m.entity_id])
    events: list[Event] = []
    seen: list[Event] = []
    sent_entities: dict[int, set[str]] = {}
    for m in mentions:
        if m.sentence is not None:
            sent_entities.setdefault(m.sentence, set()).add(m.entity_id or "")
    for sent in article.sentences:
        if in_boilerplate(article, sent.start, sent.end) or _headline(sent, text):
            continue
        tokens = tokenize(text, sent.start, sent.end, code)
        ms = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
        sent_entities.setdefault(sent.index, set()).update(m.entity_id or "" for m in ms)
        times = [t for t in article.times if sent.start <= t.start and t.end <= sent.end]
        used: set[int] = set()
        cands = _find_phrases(tokens, lex, used)
        for i, tok in enumerate(tokens):
            if i in used or not tok.is_word or tok.low in lex.stop_forms:
                continue
            specs = lex.single.get(tok.low) or lex.single.get(tok.lemma)
            if not specs:
                continue
            spec = specs[0]
            first = i
            while first > 0 and tokens[first - 1].low in lex.auxiliaries and i - first < 4:
                first -= 1
            cands.append(Candidate(spec.type, first, i, i, spec, noun=_is_noun(tokens, i, lex)))
        kept: list[Candidate] = []
        for c in sorted(cands, key=lambda c: c.first):
            if c.spec is not None and _purpose(tokens, c, lex):
                continue
            typ = _classify(c, tokens, lex, text, ms, sent)
            if typ is None or in_boilerplate(article, tokens[c.first].start, tokens[c.last].end):
                continue
            if c.spec is not None and c.noun and typ in lex.modifier_types and c.head > 0 and \
                    tokens[c.head - 1].low in ("di", "d", "da"):
                continue  # "agenzie di viaggio", "droni d'attacco": a modifier, not an event
            c.type = typ
            kept.append(c)
        modalities = {id(c): modality_of(tokens, c.first, c.head, lex) for c in kept}
        final: list[Candidate] = []
        for c in kept:
            if c.spec is not None and c.spec.type == "ACCUSATION" and not c.noun:
                rest = tokens[c.last + 1:]
                if not any(e.type in CONTESTED_TYPES for e in kept if e.first > c.last) and \
                        not has_word(rest, lex.classes.get("goods", frozenset())) and has_word(rest, lex.criticism_words):
                    c.type = "CRITICISM"  # "ha accusato l'Occidente di voler strangolare ..."
            if c.spec is not None and c.spec.speech:
                if _present(tokens, c, lex) or _participle_alone(tokens, c):
                    continue  # a cue of attribution ("afferma") or an adjective, not a reported act
                post = _postposed(tokens, c)
                embedded = [e for e in kept if e is not c and not (e.spec and e.spec.speech)
                            and (e.last < c.first if post else e.first > c.last)]
                if embedded and post:
                    continue  # ", ha detto X" closing a report: attribution of the reported event
                complement = tokens[:c.first] if post else tokens[c.last + 1:]
                if modalities.get(id(c)) != "denied":  # "non conferma" accuses nobody
                    c.type = _speech_type(c, tokens, lex, embedded, modalities, complement)
            final.append(c)
        # objects of a denial or accusation are what is denied, not a new event
        denials = [c for c in final if c.type in ("DENIAL", "ACCUSATION") and not c.noun]
        final = [c for c in final if not (c.noun and c.type in CONTESTED_TYPES and any(
            0 < c.first - d.last <= 3 for d in denials))]
        # a noun restating a verb of the same type in the same sentence ("ha ospitato ... un incontro")
        verbs = {c.type for c in final if not c.noun}
        final = [c for c in final if not (c.noun and c.type in verbs)]
        last_speech: dict[str, Candidate] = {}
        survivors: list[tuple[Candidate, tuple[Participant, ...]]] = []
        for c in final:
            speech = c.type in SPEECH_TYPES
            parts = _participants(c.type, c, tokens, text, ms, sent, speech)
            if speech:
                prev = last_speech.get(c.type)
                if prev is not None and not any(t.text in ",;:" for t in tokens[prev.last + 1:c.first]):
                    continue  # "ha elogiato ... e ha promesso": one act of speech, told twice
                left = [t.low for t in tokens[max(0, c.first - 4):c.first]]
                if left and (left[-1] in lex.pronoun_subjects or (
                        len(left) > 1 and left[-2] in lex.pronoun_subjects and left[-1] in lex.adverbs)):
                    continue  # "alcuni ora temono": nobody to cite
                if not any(p.role in ("actor", "party", "participant") for p in parts) and \
                        not any(w in lex.collective_subjects for w in left):
                    continue  # a speech act needs a speaker ("tale affetto smentisce..." is not a denial)
                last_speech[c.type] = c
            if c.noun and c.spec is not None and _restates(c, tokens, lex, text, ms, seen, sent_entities, sent.index):
                continue
            if tokens[c.head].low.endswith(("ando", "endo")) and any(o.type == c.type for o, _ in survivors):
                continue  # "si è recato ..., visitando una fabbrica": a gerund elaborating the main event
            survivors.append((c, parts))
            seen.append(_stub(doc.id, c, tokens, sent.index, parts))
        kept_cands = [c for c, _ in survivors]
        for c, parts in survivors:
            s, e = tokens[c.first].start, tokens[c.last].end
            t = _date(times, c, tokens, kept_cands, text)
            ev = Event(
                doc_id=doc.id, start=s, end=e, text=text[s:e], type=c.type, participants=parts,
                date=t.value if t else None, date_precision=t.precision if t else None,
                date_start=t.start if t else None, date_end=t.end if t else None,
                modality=modalities.get(id(c), "happened"), sentence=sent.index,
                id=record_id("event", doc.id, s, e), extractor=EXTRACTOR,
            )
            events.append(ev)
    if inherit:
        events = _inherit_dates(events, article)
    events = _spans_of_days(events, article)
    return tuple(events)


def _spans_of_days(events: list[Event], article: Article) -> list[Event]:
    """"La visita di due giorni inizierà martedì": a dated visit or meeting lasting N days
    covers the N days from its date (uses the quantities layer when it ran before)."""
    out = []
    for ev in events:
        if ev.type in ("VISIT", "MEETING") and ev.date_precision == "day" and ev.date and len(ev.date) == 10:
            sent = article.sentence_at(ev.start)
            days = [q for q in article.quantities if q.unit == "day" and q.value and 1 < q.value <= 31
                    and sent is not None and sent.start <= q.start < sent.end and 0 <= q.start - ev.end <= 80
                    and article.text[max(0, q.start - 3):q.start] == "di "]  # "viaggio di due giorni"
            if days:
                first = date.fromisoformat(ev.date)
                last = first + timedelta(days=int(days[0].value) - 1)
                ev = dataclasses.replace(ev, date=f"{first.isoformat()}/{last.isoformat()}")
        out.append(ev)
    return out


def _inherit_dates(events: list[Event], article: Article) -> list[Event]:
    """An undated past event takes the time of the sentence before it in the same paragraph
    ("Mercoledì Washington ha confermato ... Il segretario alla Difesa ha parlato di ...")."""
    text = article.text
    out = []
    for ev in events:
        if ev.date is None and ev.modality == "happened" and ev.type in SPEECH_TYPES and ev.type != "DENIAL" \
                and ev.sentence:
            prev = [t for t in article.times if t.sentence == ev.sentence - 1 or (
                t.sentence is None and (s := article.sentence_at(t.start)) is not None and s.index == ev.sentence - 1)]
            prev = [t for t in prev if t.value and "\n" not in text[t.end:ev.start]]
            said = [o for o in out if o.type in SPEECH_TYPES and o.date and o.sentence == ev.sentence - 1
                    and "\n" not in text[o.end:ev.start]]
            if said:  # the time of the previous statement of the paragraph ("Lunedì ... ha scritto ... Kim ha annunciato")
                o = said[-1]
                ev = dataclasses.replace(ev, date=o.date, date_precision=o.date_precision, date_start=o.date_start,
                                         date_end=o.date_end)
            elif prev:
                t = prev[-1]
                ev = dataclasses.replace(ev, date=t.value, date_precision=t.precision, date_start=t.start, date_end=t.end)
        out.append(ev)
    return out


def _stub(doc_id: str, c: Candidate, tokens: list[Token], index: int, parts: tuple[Participant, ...]) -> Event:
    """A bare event standing for an accepted candidate while its sentence is being read."""
    s, e = tokens[c.first].start, tokens[c.last].end
    return Event(doc_id=doc_id, start=s, end=e, text="", type=c.type, participants=parts, sentence=index)


def _headline(sent: Sentence, text: str) -> bool:
    """The title line: first sentence, on its own line, with no closing punctuation.

    Headlines restate the article's events in the present tense ("Putin firma la ratifica")."""
    return sent.index == 0 and sent.text[-1:] not in ".!?»”\"" and text[sent.end:sent.end + 1] == "\n"


def _restates(c: Candidate, tokens: list[Token], lex: Lexicon, text: str, ms: list[Mention],
              earlier: list[Event], sentence_entities: dict[int, set[str]], sent_index: int) -> bool:
    """A definite noun ("la visita di Putin") restating an event of an earlier sentence.

    The entities attached to the noun ("di Putin", "in Corea del Nord", "russa") must all
    appear in the sentence of an earlier event of the same type."""
    det = next((tokens[j].low for j in (c.head - 1, c.head - 2, c.head - 3) if j >= 0 and tokens[j].is_word
                and (tokens[j].low in lex.anaphoric or tokens[j].low in ("un", "una", "uno"))), None)
    if det is None or det in ("un", "una", "uno"):
        return False
    same = [e for e in earlier if e.type == c.type and e.sentence is not None and e.sentence <= sent_index]
    if not same:
        return False
    # the noun phrase: up to the first clause break or verb-like word, at most 8 words on
    end = tokens[c.last].end
    for t in tokens[c.last + 1:c.last + 9]:
        if not t.is_word or t.low in lex.auxiliaries:
            break
        end = t.end
    attached = {m.entity_id for m in ms if tokens[c.first].start - 1 <= m.start and m.end <= end and m.entity_id}
    if not attached:
        return True  # "la visita di due giorni": nothing new, the visit already told
    here = tokens[c.first].start
    for e in same:
        if e.sentence < sent_index and attached <= sentence_entities.get(e.sentence, set()):
            return True
        # same sentence: everything attached was already named between the two triggers
        between = {m.entity_id for m in ms if e.start <= m.start and m.end <= here}
        if e.sentence == sent_index and attached <= between | {p.entity_id for p in e.participants}:
            return True
    return False


@stage("events", requires=("sentences", "mentions", "times"), adds=("events",))
def events_stage(article: Article, res: Resources) -> Article:
    from ..lang import load_language

    code = article.document.language or "it"
    if not load_language(code).has("events"):
        return dataclasses.replace(article, events=())  # no trigger lexicon for this language yet
    return dataclasses.replace(article, events=extract_events(article, code))
