"""Attributed claims: who says it, the cue, the stance; attribution of quantities and events.

A cue (``lang/<code>/cues.yaml``) is a verb of saying, estimating, believing, accusing or
denying ("affermano", "ha detto", "stima", "ritiene", "accusano", "negano"), a preposition
of source ("secondo X", "stando a X", "per X" at the head of a clause) or a noun of
allegation ("le accuse sull'invio ..."). Its claimant is the nearest entity mention on the
right side: the subject before the verb, the inverted subject after it (", ha detto il
Cremlino"), the name after the preposition. Its scope is the rest of the clause (or,
for a cue closing a sentence, what comes before it), plus the next sentence of the same
paragraph when that sentence carries no cue of its own (a report goes on).

Everything inside a scope is attributed: events get ``source_entity`` (contested events
asserted as fact become ``alleged``), quantities get ``source_entity`` and a ``stance``:
``hypothetical`` for capacities and scenarios, ``projected`` for plans, ``estimated`` for
estimates, ``alleged`` for attributed figures of contested facts (flows of arms and troops,
casualties), else the cue's stance. A cue inside another claim's scope is nested: the outer
claimant is the inner claim's ``via``. A denial claim points at the claim it denies.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..pipeline import Resources, stage
from ..records import Article, Claim, Event, Mention, Quantity, Sentence, record_id
from .events import CONTESTED_TYPES, SPEECH_TYPES, Token, _outer_mentions, _prev_word, tokenize
from .issues import in_boilerplate

EXTRACTOR = "claims.cues@1"
_AGENTS = frozenset({"PERSON", "ORG", "GROUP", "GPE", None})
_SPEAKERS = frozenset({"PERSON", "ORG", "GROUP", None})


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, str]
    needs_information: frozenset[str]
    information: frozenset[str]
    prepositions: frozenset[str]
    clause_per: str
    fillers: frozenset[str]
    allegation_nouns: frozenset[str]
    estimate_nouns: frozenset[str]
    denial_phrases: tuple[tuple[frozenset[str], ...], ...]
    hypothetical: frozenset[str]
    projected: frozenset[str]
    contested_units: frozenset[str]
    contested_words: frozenset[str]
    announcement: frozenset[str]
    scope_breaks: frozenset[str]
    stance_reach: int
    admission: frozenset[str]
    backward_clitics: frozenset[str]
    same_source: frozenset[str]


@lru_cache(maxsize=None)
def cues(code: str) -> Cues:
    from ..lang import load_language

    d: dict[str, Any] = load_language(code).data("cues")
    verbs: dict[str, str] = {}
    for stance, lemmas in (d.get("verbs") or {}).items():
        for lem in lemmas:
            verbs[str(lem).lower()] = stance
    return Cues(
        verbs=verbs,
        needs_information=_words(d.get("needs_information")),
        information=_words(d.get("information")),
        prepositions=_words(d.get("prepositions")),
        clause_per=str(d.get("clause_per", "")),
        fillers=_words(d.get("source_fillers")),
        allegation_nouns=_words(d.get("allegation_nouns")),
        estimate_nouns=_words(d.get("estimate_nouns")),
        denial_phrases=tuple(tuple(_words(p if isinstance(p, list) else [p]) for p in ph)
                             for ph in d.get("denial_phrases") or ()),
        hypothetical=_words(d.get("hypothetical_words")),
        projected=_words(d.get("projected_words")),
        contested_units=frozenset(str(u).lower() for u in d.get("contested_units") or ()),
        contested_words=_words(d.get("contested_words")),
        announcement=_words(d.get("announcement")),
        scope_breaks=_words(d.get("scope_breaks")),
        stance_reach=int(d.get("stance_reach", 6)),
        admission=_words(d.get("admission")),
        backward_clitics=_words(d.get("backward_clitics")),
        same_source=_words(d.get("same_source")),
    )


@dataclass
class _Cue:
    first: int  # token indices of the cue
    last: int
    stance: str
    claimant: Mention | None
    scope: tuple[int, int]  # character offsets
    sentence: Sentence
    kind: str  # verb | prep | noun
    via: Mention | None = None


# --------------------------------------------------------------------------- cue finding


def _clause_start(tokens: list[Token], i: int, cu: Cues) -> int:
    j = i
    while j > 0 and tokens[j - 1].text not in (";", ":", "—") and tokens[j - 1].low not in ("ma", "mentre"):
        j -= 1
    return j


def _scope_end(tokens: list[Token], i: int, sent: Sentence, cu: Cues) -> int:
    for k in range(i + 1, len(tokens)):
        t = tokens[k]
        if t.text == ";" or (t.low in cu.scope_breaks and k > 0 and tokens[k - 1].text == ","
                             and not (k > 1 and tokens[k - 2].low == "che")):
            return tokens[k - 1].end
    return sent.end


def _mention_at(ms: list[Mention], start: int, end: int, speakers_only: bool = False) -> Mention | None:
    for m in ms:
        if start <= m.start and m.end <= end and m.type in (_SPEAKERS if speakers_only else _AGENTS):
            return m
    return None


_OF = ("di", "del", "della", "dello", "dell", "dei", "degli", "delle")
_OTHER_PREPS = ("a", "al", "alla", "in", "nel", "nella", "con", "su", "sul", "sulla", "per", "tra", "fra", "da",
                "dal", "dalla", "verso", "contro", "che", "secondo")


def _subject(text: str, ms: list[Mention], pos: int, floor: int) -> Mention | None:
    """The subject before a verb: the nearest agent mention not in a prepositional phrase;
    failing that one after "di" ("uno studio della Fondazione X ha rivelato"). Of
    coordinated subjects ("America, Corea del Sud e altri paesi") the first is cited."""
    cands = [m for m in ms if floor <= m.start and m.end <= pos and m.type in _AGENTS]
    pick = None
    for allow_of, allow_adj in ((False, False), (False, True), (True, True)):
        for m in reversed(cands):
            pw = _prev_word(text, m.start, floor)
            if pw in _OTHER_PREPS or (pw in _OF and not allow_of) or (m.form == "ADJ" and not allow_adj):
                continue
            pick = m
            break
        if pick is not None:
            break
    if pick is None:
        return None
    k = cands.index(pick)
    while k > 0 and text[cands[k - 1].end:cands[k].start].strip() in (",", "e", "ed", ", e", "sia", "che"):
        k -= 1
    return cands[k]


def _verb_cue(tokens: list[Token], i: int, cu: Cues) -> str | None:
    t = tokens[i]
    stance = cu.verbs.get(t.low)
    if stance is None and t.lemma.endswith(("are", "ere", "ire")):
        stance = cu.verbs.get(t.lemma)  # by lemma only for verbs: "stime" is the noun of "stima"
    if stance is None:
        return None
    if (t.lemma in cu.needs_information or t.low in cu.needs_information):
        nxt = [x.low for x in tokens[i + 1:i + 6]]
        if not any(w in cu.information for w in nxt):
            return None
    prev = tokens[i - 1].low if i > 0 else ""
    if prev in ("il", "lo", "la", "l", "un", "una", "le", "i", "gli", "di", "del", "della", "dello", "dei"):
        return None  # a noun ("la conferma", "il detto") or an adjective after "di"
    return stance


def find_cues(article: Article, sent: Sentence, tokens: list[Token], ms: list[Mention], cu: Cues,
              prior: list[_Cue] = ()) -> list[_Cue]:
    """The cues of one sentence; `prior` are those of the sentences before (for "la stessa agenzia")."""
    text = article.text
    out: list[_Cue] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        if not t.is_word:
            continue
        # "secondo X", "stando a X", "a detta di X", clause-initial "per X"
        is_prep = t.low in cu.prepositions and not (
            i > 0 and tokens[i - 1].low in ("il", "lo", "la", "l", "un", "una", "del", "della", "al", "nel", "dal"))
        # ("il secondo test": an ordinal, not a source)
        is_per = t.low == cu.clause_per and (i == 0 or tokens[i - 1].text in (",", ";", ":") or
                                             (i <= 2 and all(not x.is_word or x.low in ("e", "ma") for x in tokens[:i])))
        if is_prep or is_per:
            j = i + 1
            while j < n and (tokens[j].low in cu.fillers or not tokens[j].is_word and tokens[j].text not in ",;:"):
                j += 1
            if j >= n:
                continue
            # the first mention after the preposition that reaches the first non-filler word
            m = next((x for x in ms if x.start >= t.end and x.end > tokens[j].start and
                      x.type in (_SPEAKERS if is_per and not is_prep else _AGENTS)), None)
            if m is not None and m.start < tokens[j].start:
                pass  # "l'agenzia Stella": the filler word is part of the name
            elif m is None or m.start != tokens[j].start:
                if not (m is not None and is_prep and m.start - tokens[j].start < 40 and
                        "," not in text[tokens[j].start:m.start]):
                    continue
            # the source phrase runs to the next comma: "il portavoce ... della Casa Bianca John Kirby,"
            stop = text.find(",", m.start, sent.end)
            phrase = [x for x in ms if m.start <= x.start and x.end <= (stop if stop > 0 else sent.end)
                      and x.form != "ADJ" and x.type in _AGENTS and x.start - m.start < 80]
            person = [x for x in phrase if x.type == "PERSON"]
            if person:
                m = person[-1]
            elif m.form == "ADJ" and phrase:  # "il giornale statale nordcoreano Rodong Sinmun"
                m = phrase[0]
            if is_per and m.type == "GPE":
                continue
            # postposed "..., secondo i media statali russi." closes the sentence
            after = m.end
            closing = i > 0 and tokens[i - 1].text == "," and all(
                x.text in ".!?»”\"" for x in tokens if x.start >= after)
            if closing:
                scope = (sent.start, tokens[i - 1].start)
            else:
                scope = (after, _scope_end(tokens, i, sent, cu))
            out.append(_Cue(i, i, "asserted", m, scope, sent, "prep"))
            continue
        stance = _verb_cue(tokens, i, cu)
        if stance is not None:
            first = i
            while first > 0 and tokens[first - 1].low in ("ha", "hanno", "aveva", "avevano", "è", "sono", "si",
                                                          "non", "mai", "già", "anche", "recentemente", "avrebbe"):
                first -= 1
            post = first > 0 and tokens[first - 1].text in (",", "”", "\"", "»")
            floor = tokens[_clause_start(tokens, first, cu)].start if first > 0 else sent.start
            # inverted subject: ", ha detto il Cremlino", "lo ha annunciato il presidente ..."
            inv = _mention_at(ms, t.end, min(sent.end, t.end + 60))
            if inv is not None and ("," in text[t.end:inv.start] or " che " in text[t.end - 1:inv.start + 1]
                                    or _prev_word(text, inv.start, t.end) in (
                                        "di", "a", "al", "alla", "in", "con", "per", "da", "dal", "dalla")):
                inv = None
            subj = inv if post and inv is not None else _subject(text, ms, tokens[first].start, floor)
            if subj is None and inv is not None:
                subj, post = inv, post or first > 0
            elif subj is not None and subj is not inv:
                post = False  # "il Nis, il servizio di Seul, ha riferito che": the subject came first
            prev_sent = next((x for x in article.sentences if x.index == sent.index - 1), None)
            if first > 0 and first <= 2 and tokens[first - 1].low in cu.backward_clitics and prev_sent is not None:
                scope = (prev_sent.start, prev_sent.end)  # "Lo ha annunciato il presidente": the previous sentence
            elif post and subj is not None and subj.start > t.end:
                scope = (sent.start, tokens[first - 1].start if first > 0 else t.start)
            else:
                scope = (t.end, _scope_end(tokens, i, sent, cu))
            if any(tokens[k].low in ("non", "mai") for k in range(first, i)) and stance == "asserted":
                stance = "denied"  # "non ha confermato"
            if subj is None and any(x.low in cu.same_source for x in tokens[max(0, first - 3):first]):
                subj = next((c.claimant for c in reversed(prior) if c.claimant is not None), None)
            if subj is None and stance not in ("denied", "alleged"):
                continue  # "è previsto", "si dice": no one to attribute the claim to
            out.append(_Cue(first, i, stance, subj, scope, sent, "verb"))
            continue
        if t.low in cu.allegation_nouns or t.lemma in cu.allegation_nouns:
            out.append(_Cue(i, i, "alleged", None, (t.end, _scope_end(tokens, i, sent, cu)), sent, "noun"))
    # denials spelled as phrases
    for ph in cu.denial_phrases:
        for i in range(n):
            if not (tokens[i].low in ph[0] or tokens[i].lemma in ph[0]):
                continue
            k, ok = i, True
            for part in ph[1:]:
                nxt = next((j for j in range(k + 1, min(n, k + 4)) if tokens[j].low in part or tokens[j].lemma in part), None)
                if nxt is None:
                    ok = False
                    break
                k = nxt
            if ok:
                out = [c for c in out if not (i <= c.first <= k)]
                floor = tokens[_clause_start(tokens, i, cu)].start
                subj = _subject(text, ms, tokens[i].start, floor)
                out.append(_Cue(i, k, "denied", subj, (tokens[k].end, _scope_end(tokens, k, sent, cu)), sent, "verb"))
    return sorted(out, key=lambda c: c.first)


# --------------------------------------------------------------------------- stances


def _clause_tokens_before(tokens: list[Token], pos: int, floor: int) -> list[Token]:
    """Tokens of the clause that ends at `pos` (back to a comma or stronger break)."""
    out = []
    for t in reversed(tokens):
        if t.end > pos:
            continue
        if t.start < floor or t.text in (",", ";", ":", "(", ")"):
            break
        out.append(t)
    return out[::-1]


def quantity_stance(q: Quantity, claim_stance: str, tokens: list[Token], cu: Cues, scope_start: int,
                    attributed: bool) -> str:
    before = _clause_tokens_before(tokens, q.start, scope_start)
    inside = [t for t in tokens if q.start <= t.start < q.end]
    after = [t for t in tokens if q.end <= t.start][:4]
    lows = {t.low for t in before + inside} | {t.lemma for t in before}
    near = {t.low for t in before[-cu.stance_reach:]} | {t.lemma for t in before[-cu.stance_reach:]}
    if q.hypothetical or lows & cu.hypothetical or any(t.low in cu.hypothetical for t in after[:1]):
        return "hypothetical"
    if near & cu.projected or claim_stance == "planned":
        return "projected"
    if near & cu.estimate_nouns or claim_stance in ("estimated", "believed"):
        return "estimated"
    if claim_stance == "hypothetical":
        return "hypothetical"
    if claim_stance == "denied":
        return "denied"
    if attributed and (claim_stance == "alleged" or (claim_stance == "asserted" and _contested(q, tokens, cu))):
        return "alleged"
    return "asserted"


def _contested(q: Quantity, tokens: list[Token], cu: Cues) -> bool:
    if q.from_entity or q.to_entity:
        return True
    if (q.unit or "").lower() in cu.contested_units or (q.item or "").lower() in cu.contested_units:
        return True
    words = {t.low for t in tokens if q.start <= t.start < q.end + 25}
    return bool(words & cu.contested_words)


# --------------------------------------------------------------------------- the stage


def extract_claims(article: Article, code: str = "it") -> Article:
    cu = cues(code)
    text = article.text
    doc_id = article.document.id
    ms = _outer_mentions([m for m in article.mentions if m.entity_id])
    found: list[_Cue] = []
    sent_tokens: dict[int, list[Token]] = {}
    for sent in article.sentences:
        if in_boilerplate(article, sent.start, sent.end):
            continue
        toks = tokenize(text, sent.start, sent.end, code)
        sent_tokens[sent.index] = toks
        sm = [m for m in ms if sent.start <= m.start and m.end <= sent.end]
        found.extend(find_cues(article, sent, toks, sm, cu, found))
    # a report continues into the next sentence of the paragraph when it has no cue of its own
    with_cue = {c.sentence.index for c in found}
    by_index = {s.index: s for s in article.sentences}
    extended: dict[int, tuple[int, int]] = {}
    for c in found:
        if c.claimant is None or c.stance == "denied" or c.kind == "noun":
            continue
        nxt = by_index.get(c.sentence.index + 1)
        if nxt is None or nxt.index in with_cue or "\n" in text[c.sentence.end:nxt.start]:
            continue
        cue_word = sent_tokens[c.sentence.index][c.last]
        present = c.first == c.last and not cue_word.low.endswith(("to", "ti", "ta", "te", "ò", "va", "vano"))
        if present or c.kind == "prep":
            # a present-tense report ("affermano", "dice") goes on in the next sentence
            extended[id(c)] = (nxt.start, nxt.end)
    # nesting: a cue inside another cue's scope is relayed by the outer claimant
    for c in found:
        t0 = sent_tokens[c.sentence.index][c.first].start
        for o in found:
            if o is not c and o.scope[0] <= t0 < o.scope[1] and o.claimant is not None and c.claimant is not None:
                c.via = o.claimant
    events = list(article.events)
    quantities = list(article.quantities)
    contested_article = any(e.type == "DENIAL" for e in events) or any(c.stance == "denied" for c in found)
    claims: list[Claim] = []
    cue_spans = [(sent_tokens[c.sentence.index][c.first].start, sent_tokens[c.sentence.index][c.last].end) for c in found]

    def innermost(a: int, b: int) -> _Cue | None:
        best = None
        for c, (cs, ce) in zip(found, cue_spans):
            if cs < b and a < ce:
                continue  # the speech act that is this cue is not inside its own claim
            spans = [c.scope] + ([extended[id(c)]] if id(c) in extended else [])
            if any(s <= a and b <= e for s, e in spans):
                if best is None or (c.scope[1] - c.scope[0]) < (best.scope[1] - best.scope[0]):
                    best = c
        return best

    about: dict[int, list[str]] = {id(c): [] for c in found}
    for k, e in enumerate(events):
        c = innermost(e.start, e.end)
        if c is None:
            continue
        about[id(c)].append(e.id)
        if c.stance == "denied":
            continue  # what a party denies is not its claim: no source, modality as read
        if e.type in SPEECH_TYPES and c.kind != "prep":
            continue  # a reaction inside someone's report ("..., che entrambi i governi negano") is not theirs
        src = c.claimant.entity_id if c.claimant is not None else None
        if src is not None and any(p.entity_id == src for p in e.participants if p.role in ("actor", "party")):
            src = None  # "X ha parlato di voci infondate": X's own act, not a claim about it
        mod = e.modality
        toks_c = sent_tokens[c.sentence.index]
        admitted = any(toks_c[j].lemma in cu.admission or toks_c[j].low in cu.admission or
                       toks_c[j].lemma in cu.announcement or toks_c[j].low in cu.announcement
                       for j in range(c.first, c.last + 1))  # admitted or officially announced
        if e.type in CONTESTED_TYPES and mod == "happened" and c.stance != "denied" and not admitted:
            mod = "alleged"
        if c.stance == "denied" and e.type in CONTESTED_TYPES and mod == "happened":
            mod = "alleged"  # what a denial is about is itself a contested claim
        events[k] = dataclasses.replace(e, source_entity=src if e.type not in SPEECH_TYPES or src else e.source_entity,
                                        modality=mod)
    for k, q in enumerate(quantities):
        c = innermost(q.start, q.end)
        toks = sent_tokens.get(q.sentence) if q.sentence is not None else None
        if toks is None:
            s = article.sentence_at(q.start)
            toks = sent_tokens.get(s.index, []) if s is not None else []
        if c is None:
            stance = quantity_stance(q, "asserted", toks, cu, 0, attributed=False)
            if stance != q.stance:
                quantities[k] = dataclasses.replace(q, stance=stance)
            continue
        about[id(c)].append(q.id)
        announced = any(sent_tokens[c.sentence.index][j].lemma in cu.announcement or
                        sent_tokens[c.sentence.index][j].low in cu.announcement for j in range(c.first, c.last + 1))
        claim_stance = "asserted" if announced else c.stance
        stance = quantity_stance(q, claim_stance, toks, cu, c.scope[0], attributed=not announced and (
            c.claimant is not None or c.kind == "noun" or contested_article and c.stance == "alleged"))
        src = c.claimant.entity_id if c.claimant is not None else q.source_entity
        quantities[k] = dataclasses.replace(q, source_entity=src, stance=stance)
    for c in found:
        toks = sent_tokens[c.sentence.index]
        s, e = toks[c.first].start, toks[c.last].end
        cl = c.claimant
        claims.append(Claim(
            doc_id=doc_id, start=s, end=e, text=text[s:e],
            claimant_entity=cl.entity_id if cl else None, claimant_start=cl.start if cl else None,
            claimant_end=cl.end if cl else None, stance=c.stance, about=tuple(about[id(c)]),
            via=c.via.entity_id if c.via is not None else None, sentence=c.sentence.index,
            id=record_id("claim", doc_id, s, e), extractor=EXTRACTOR,
        ))
    claims = _link_denials(claims, events)
    return dataclasses.replace(article, claims=tuple(claims), events=tuple(events), quantities=tuple(quantities))


def _link_denials(claims: list[Claim], events: list[Event]) -> list[Claim]:
    """A denial denies the nearest accusation before it (else after it) about a contested event."""
    contested = {e.id for e in events if e.type in CONTESTED_TYPES}
    accusations = [c for c in claims if c.stance != "denied" and c.claimant_entity is not None
                   and (set(c.about) & contested or c.stance == "alleged")]
    out = []
    for c in claims:
        if c.stance == "denied" and accusations:
            before = [a for a in accusations if a.start < c.start]
            target = before[-1] if before else min(accusations, key=lambda a: a.start - c.start)
            c = dataclasses.replace(c, denies=target.id)
        out.append(c)
    return out


@stage("claims", requires=("sentences", "mentions", "quantities", "events"), adds=("claims",))
def claims_stage(article: Article, res: Resources) -> Article:
    from ..lang import load_language

    code = article.document.language or "it"
    if not load_language(code).has("cues"):
        return article
    return extract_claims(article, code)
