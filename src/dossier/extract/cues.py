"""Attribution cues of one sentence: verbs of saying, prepositions of source, nouns of allegation.

The cue lexicon is data (``lang/<code>/cues.yaml``). A cue's claimant is the nearest
entity mention on the right side: the subject before the verb, the inverted subject after
it (", ha detto il Cremlino"), the name after the preposition ("secondo X"). Its scope is
the rest of the clause, or what comes before a cue that closes the sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..records import Article, Mention, Sentence
from .modality import refused
from .participants import outer_mentions
from .tokens import Grammar, Token, closing_clause, grammar, in_pp, prev_word, subject_ceiling

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
    report_subjects: frozenset[str]
    clause_breaks: frozenset[str]  # words that open a new clause ("ma", "mentre", "but")
    past_endings: tuple[str, ...]
    relative_pronouns: frozenset[str]  # a cue verb with these endings reports once, not on and on
    grammar: Grammar
    postposed_max: int  # words after a closing cue verb ("..., the White House said on Friday.")
    refusals: frozenset[str]  # "declined to confirm": the cue is negated (modality.yaml `refusal`)
    refusal_links: frozenset[str]
    dropped_subject_auxiliaries: frozenset[str]  # "ha risposto": a finite verb whose subject may be dropped
    subject_pronouns: frozenset[str]  # "he said": a pronoun for the person named last


@lru_cache(maxsize=None)
def cues(code: str) -> Cues:
    from ..lang import load_language

    lang = load_language(code)
    d: dict[str, Any] = lang.data("cues")
    refusal = (lang.data("modality").get("refusal") or {}) if lang.has("modality") else {}
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
        report_subjects=_words(d.get("report_subjects")),
        clause_breaks=_words(d.get("clause_breaks")),
        past_endings=tuple(str(x) for x in d.get("past_endings") or ()),
        relative_pronouns=_words(d.get("relative_pronouns")),
        grammar=grammar(code),
        postposed_max=int(d.get("postposed_max", 0)),
        refusals=_words(refusal.get("words")),
        refusal_links=_words(refusal.get("links")),
        dropped_subject_auxiliaries=_words(d.get("dropped_subject_auxiliaries")),
        subject_pronouns=_words(d.get("subject_pronouns")),
    )


@dataclass
class Cue:
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
    while j > 0 and tokens[j - 1].text not in (";", ":", "—") and tokens[j - 1].low not in cu.clause_breaks:
        j -= 1
    return j


def _scope_end(tokens: list[Token], i: int, sent: Sentence, cu: Cues) -> int:
    for k in range(i + 1, len(tokens)):
        t = tokens[k]
        if t.text == ";" or (t.low in cu.scope_breaks and k > 0 and tokens[k - 1].text == ","
                             and not (k > 1 and tokens[k - 2].low in cu.grammar.that)
                             and not (k + 1 < len(tokens) and tokens[k + 1].low in cu.grammar.that)):
            return tokens[k - 1].end
    return sent.end


def _mention_at(ms: list[Mention], start: int, end: int, speakers_only: bool = False) -> Mention | None:
    for m in ms:
        if start <= m.start and m.end <= end and m.type in (_SPEAKERS if speakers_only else _AGENTS) \
                and m.form != "ADJ":  # "attribuiscono a un missile nordcoreano": an adjective is no inverted subject
            return m
    return None


def _subject(text: str, ms: list[Mention], pos: int, floor: int, g: Grammar,
             reports: frozenset[str] = frozenset()) -> Mention | None:
    """The subject before a verb: the nearest agent mention not in a prepositional phrase
    (or a document headed by one of `reports`: "il rapporto evidenzia"); failing that one
    after "di" ("uno studio della Fondazione X ha rivelato"). Of
    coordinated subjects ("America, Corea del Sud e altri paesi") the first is cited."""
    pos = subject_ceiling(text, pos, floor, g)
    cands = [m for m in ms if floor <= m.start and m.end <= pos and (m.type in _AGENTS or _is_report(m, reports, g))
             and not _in_relative(text, m, pos, floor, g)]
    pick = None
    for allow_of, allow_adj in ((False, False), (False, True), (True, True)):
        for m in reversed(cands):
            pw = prev_word(text, m.start, floor)
            if pw in g.articles and g.bare_subject:  # "spokesman for the Council": the word before the article
                k = text.rfind(pw, floor, m.start)
                pw = prev_word(text, k, floor) if k > floor else pw
            elif pw in g.articles and in_pp(text, m.start, floor, g):
                continue  # "Secondo la Francia, uno dei prigionieri ... ha detto": a source, not the subject
            if pw in g.subject_blockers or (pw in g.of and not allow_of) or (m.form == "ADJ" and not allow_adj):
                continue
            if (pw in g.of or m.form == "ADJ" and pw and pw not in g.articles and not
                    text[floor:m.start].strip()[-1:].isdigit()) and not _opens_clause(text, floor, m, g):
                continue  # "un documento militare russo", "a margine del vertice dei BRICS": inside another phrase
            pick = m
            break
        if pick is not None:
            break
    if pick is None:
        return None
    if _is_report(pick, reports, g):
        author = _author_of(text, ms, pick, pos, g)
        if author is not None:
            return author  # "uno studio della Fondazione X ha rivelato": the author speaks
    k = cands.index(pick)
    joins = {","} | g.conjunctions | {", " + c for c in g.conjunctions} | g.both | g.both_second
    while k > 0 and text[cands[k - 1].end:cands[k].start].strip() in joins and not (
            prev_word(text, cands[k - 1].start, floor) in g.prepositions):
        k -= 1  # not "in Kyiv, Kostin said": a name inside a prepositional phrase is coordinated with nothing
    return cands[k]


def _author_of(text: str, ms: list[Mention], report: Mention, pos: int, g: Grammar) -> Mention | None:
    """The author named right after a report noun ("studio recente della Fondazione X"), or None."""
    nxt = next((m for m in ms if m.start >= report.end and m.end <= pos), None)
    if nxt is None or nxt.type not in ("ORG", "PERSON", "GROUP") or nxt.form == "ADJ":
        return None
    gap = [w for w in re.findall(r"[^\W\d_]+", text[report.end:nxt.start].lower())]
    return nxt if gap and gap[0] in g.of and all(w in g.of or w in g.articles for w in gap) else None


def _opens_clause(text: str, floor: int, m: Mention, g: Grammar) -> bool:
    """The noun phrase that ends with `m` opens its clause ("i vertici militari ucraini negano", "uno
    studio della Fondazione X ha rivelato", "..., che le autorità ucraine attribuiscono"): after the
    clause start, a comma or a "che", only a determiner and words other than prepositions."""
    that = "|".join(sorted(g.that)) or "(?!x)x"
    pieces = re.split(rf"[,;:]|\b(?:{that})\b", text[floor:m.start], flags=re.I)
    words = re.findall(r"[^\W\d_]+", pieces[-1].lower())
    at_start = len(pieces) == 1 and pieces[0].lstrip()[:1].isupper()  # "Funzionari della Germania affermano"
    if not words or len(words) > 6 or not (words[0] in g.articles or words[0] in g.openers or at_start):
        return False
    return not any(w in g.prepositions and w not in g.of for w in words)


def _in_relative(text: str, m: Mention, pos: int, floor: int, g: Grammar) -> bool:
    """A name inside a relative or completive clause closed by a comma before the verb ("immagini
    che mostrerebbero truppe X in Russia, ha risposto"): an object there, not the verb's subject."""
    rel = [k.end() for k in re.finditer(r"\b(?:" + "|".join(sorted(g.that)) + r")\b", text[floor:m.start], re.I)] \
        if g.that else []
    if not rel:
        return False
    after = floor + rel[-1]
    return "," not in text[after:m.start] and "," in text[m.end:pos]


def _is_report(m: Mention, reports: frozenset[str], g: Grammar) -> bool:
    """"il rapporto", "uno studio della Fondazione X": a document that states, as a source."""
    words = [w for w in m.text.lower().replace("’", " ").replace("'", " ").split() if w not in g.articles]
    return m.type == "WORK" and bool(words) and words[0] in reports


def _verb_cue(tokens: list[Token], i: int, cu: Cues) -> str | None:
    t = tokens[i]
    stance = cu.verbs.get(t.low)
    if stance is None and cu.grammar.verb_lemma(t.lemma):
        stance = cu.verbs.get(t.lemma)  # by lemma only for verbs: "stime" is the noun of "stima"
    if stance is None:
        return None
    if (t.lemma in cu.needs_information or t.low in cu.needs_information):
        nxt = [x.low for x in tokens[i + 1:i + 6]]
        if not any(w in cu.information for w in nxt):
            return None
    prev = tokens[i - 1].low if i > 0 else ""
    if prev in cu.grammar.noun_markers:
        return None  # a noun ("la conferma", "il detto") or an adjective after "di"
    return stance


def _closing_subject(text: str, tokens: list[Token], first: int, i: int, subj: Mention, sent: Sentence,
                     cu: Cues) -> int | None:
    """"North Korea has shipped ..., the White House said on Friday.": in a language that keeps
    the subject before a closing verb of saying, the cue reports the clause before the comma
    that opens its subject. Returns the end of that reported clause, or None."""
    k = closing_clause(tokens, first, i, cu.grammar)
    if k is None or not (tokens[k].end <= subj.start and subj.end <= tokens[first].start):
        return None
    return tokens[k].start


def _bare_subject(tokens: list[Token], first: int, ms: list[Mention], g: Grammar) -> bool:
    """"analysts say", "he said": a common noun or a pronoun right before the verb is its
    subject, and it names no entity (where the language puts subjects before verbs)."""
    if not g.bare_subject or first == 0:
        return False
    t = tokens[first - 1]
    if not t.is_word or not t.text[:1].islower() or t.low in g.articles or t.low in g.prepositions:
        return False
    return not any(m.start <= t.start and t.end <= m.end for m in ms)


def _opening_subject(text: str, ms: list[Mention], pos: int, floor: int, g: Grammar) -> Mention | None:
    """The subject of the last finite verb before `pos`: the last agent named outside a prepositional
    phrase right before an auxiliary ("Putin ha ringraziato Kim, assicurando", "Putin did not deny it,
    saying"); None when no such verb is found."""
    for m in reversed(ms):
        if floor <= m.start and m.end <= pos and m.type in _AGENTS and m.form != "ADJ":
            nxt = re.match(r"\s*([^\W\d_]+)", text[m.end:pos])
            pw = prev_word(text, m.start, floor)
            if nxt and nxt.group(1).lower() in g.auxiliaries and pw not in g.subject_blockers \
                    and pw not in g.of and not in_pp(text, m.start, floor, g):
                return m
    return None


def _resumed_subject(article: Article, sent: Sentence, here: list[Cue], prior: list[Cue], person_only: bool,
                     g: Grammar, this_sentence_only: bool = False) -> Mention | None:
    """The subject a dropped or pronoun subject stands for: the claimant of the last cue of this
    sentence, else of the previous sentence of the same paragraph, else that sentence's subject
    (its first agent named outside a prepositional phrase)."""
    kinds = ("PERSON",) if person_only else ("PERSON", "ORG", "GROUP")
    for c in reversed(here):
        if c.kind == "verb" and c.claimant is not None and c.claimant.type in kinds:
            return c.claimant  # the speaker of a verb of saying (not the source after "secondo")
    if this_sentence_only:
        return None
    prev = next((x for x in article.sentences if x.index == sent.index - 1), None)
    text = article.text
    if prev is None or "\n" in text[prev.end:sent.start]:
        return None
    before = [c for c in prior if c.sentence.index == prev.index]
    if before:
        cl = before[-1].claimant
        return cl if cl is not None and cl.type in kinds else None
    ms = outer_mentions([m for m in article.mentions if m.entity_id and prev.start <= m.start and m.end <= prev.end])
    for m in ms:
        if m.form == "ADJ" or in_pp(text, m.start, prev.start, g):
            continue
        return m if m.type in kinds else None
    return None


def _relative_follows(tokens: list[Token], pos: int, cu: Cues) -> bool:
    """"..., according to X, who said ...": the source phrase ends at a comma and a relative pronoun."""
    nxt = [t for t in tokens if t.start >= pos][:2]
    return len(nxt) == 2 and nxt[0].text == "," and nxt[1].low in cu.relative_pronouns


def _sentence(article: Article, index: int) -> Sentence | None:
    """The sentence numbered `index` (sentences are numbered in order; a search if not from 0)."""
    sents = article.sentences
    if 0 <= index < len(sents) and sents[index].index == index:
        return sents[index]
    return next((x for x in sents if x.index == index), None)


def _inside_mentions(tokens: list[Token], ms: list[Mention]) -> list[bool]:
    """For each token, whether it lies inside one of the mentions (one pass over both, both in text order)."""
    out = [False] * len(tokens)
    spans = sorted((m.start, m.end) for m in ms)
    j, reach = 0, []
    for i, t in enumerate(tokens):
        while j < len(spans) and spans[j][0] <= t.start:
            reach.append(spans[j][1])
            j += 1
        out[i] = any(e >= t.end for e in reach)
        if len(reach) > 8:  # spans that end before this token can hold no later token
            reach = [e for e in reach if e > t.start]
    return out


def find_cues(article: Article, sent: Sentence, tokens: list[Token], ms: list[Mention], cu: Cues,
              prior: list[Cue] = ()) -> list[Cue]:
    """The cues of one sentence; `prior` are those of the sentences before (for "la stessa agenzia")."""
    text = article.text
    g = cu.grammar
    out: list[Cue] = []
    n = len(tokens)
    named = _inside_mentions(tokens, ms)
    for i, t in enumerate(tokens):
        if not t.is_word or named[i]:
            continue  # "United States", "United States-led": a word of a name (or of its adjective) is no cue
        # "secondo X", "stando a X", "a detta di X", clause-initial "per X"
        is_prep = t.low in cu.prepositions and not (i > 0 and tokens[i - 1].low in g.ordinal_markers)
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
                # "secondo il portavoce per la sicurezza nazionale della Casa Bianca John Kirby": a title
                # of lower-case words may stand between the preposition and the source's first name
                if not (m is not None and is_prep and m.start - tokens[j].start < 80 and
                        "," not in text[tokens[j].start:m.start] and
                        not any(x.text[:1].isupper() for x in tokens if tokens[j].start <= x.start < m.start)):
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
            closing = i > 0 and tokens[i - 1].text == "," and (all(
                x.text in ".!?»”\"" for x in tokens if x.start >= after) or _relative_follows(tokens, after, cu))
            if closing:
                scope = (sent.start, tokens[i - 1].start)
            else:
                scope = (after, _scope_end(tokens, i, sent, cu))
            out.append(Cue(i, i, "asserted", m, scope, sent, "prep"))
            continue
        stance = _verb_cue(tokens, i, cu)
        if stance is not None:
            first = i
            while first > 0 and tokens[first - 1].low in g.auxiliaries:
                first -= 1
            post = first > 0 and tokens[first - 1].text in (",", "”", "\"", "»")
            floor = tokens[_clause_start(tokens, first, cu)].start if first > 0 else sent.start
            # inverted subject: ", ha detto il Cremlino", "lo ha annunciato il presidente ..."
            inv = _mention_at(ms, t.end, min(sent.end, t.end + 60))
            if inv is not None and g.postposed_subject and not (
                    first > 0 and tokens[first - 1].text in ",”\"»" and re.match(r"\s*[,.;:!?]", text[inv.end:])):
                inv = None  # a name after the verb is its object, except in ", said Kirby."
            if inv is not None and ("," in text[t.end:inv.start]
                                    or any(f" {w} " in text[t.end - 1:inv.start + 1] for w in g.that)
                                    or prev_word(text, inv.start, t.end) in g.prepositions):
                inv = None  # "ha riferito ai parlamentari": an addressee, not the speaker
            # "il Nis, il servizio di Seul, ha riferito che ...": a report that follows its verb
            # is not closed by it, whatever comma stands before the verb
            reports_after = i + 1 < n and (tokens[i + 1].low in g.that or tokens[i + 1].text == ":")
            subj = inv if post and inv is not None and not reports_after else _subject(
                text, ms, tokens[first].start, floor, g, cu.report_subjects)
            if subj is None and inv is not None:
                subj, post = inv, post or first > 0
            elif subj is not None and subj is not inv:
                post = False  # "il Nis, il servizio di Seul, ha riferito che": the subject came first
            prev_sent = _sentence(article, sent.index - 1)
            closing = _closing_subject(text, tokens, first, i, subj, sent, cu) if subj is not None else None
            if first > 0 and first <= 2 and tokens[first - 1].low in cu.backward_clitics and prev_sent is not None:
                scope = (prev_sent.start, prev_sent.end)  # "Lo ha annunciato il presidente": the previous sentence
            elif post and subj is not None and subj.start > t.end:
                scope = (sent.start, tokens[first - 1].start if first > 0 else t.start)
            elif closing is not None:
                scope = (sent.start, closing)  # "..., the White House said on Friday."
            else:
                scope = (t.end, _scope_end(tokens, i, sent, cu))
            if (any(tokens[k].low in g.negation for k in range(first, i)) or
                    refused(tokens, first, cu.refusals, cu.refusal_links)) and stance == "asserted":
                stance = "denied"  # "non ha confermato", "declined to confirm"
            if subj is None and any(x.low in cu.same_source for x in tokens[max(0, first - 3):first]):
                subj = next((c.claimant for c in reversed(prior) if c.claimant is not None), None)
            if _bare_subject(tokens, first, ms, g) and (subj is None or subj.end <= tokens[first - 1].start):
                subj = None  # "analysts say", "he said": nobody named
            pronoun = first > 0 and tokens[first - 1].low in cu.subject_pronouns
            if subj is None and (pronoun or any(
                    tokens[k].low in cu.dropped_subject_auxiliaries for k in range(first, i))) and not any(
                    tokens[k].low in g.clitics for k in range(max(0, first - 1), i)):
                # "Ha risposto che ...", "He said ...": the subject is the speaker named last; after "e" the
                # subject of the coordinated verb before it, a named speaker only if that verb was a cue
                coordinated = first > 0 and tokens[first - 1].low in g.conjunctions
                subj = _resumed_subject(article, sent, out, prior, person_only=pronoun, g=g,
                                        this_sentence_only=coordinated)
            if subj is not None and first == i and t.low.endswith(g.gerund_endings) and g.gerund_endings:
                # "X ha ringraziato Y, assicurando che ...": a gerund's subject is its main clause's, named first
                subj = _opening_subject(text, ms, tokens[first].start, floor, g) or subj
            if subj is None and stance not in ("denied", "alleged"):
                continue  # "è previsto", "si dice": no one to attribute the claim to
            out.append(Cue(first, i, stance, subj, scope, sent, "verb"))
            continue
        if t.low in cu.allegation_nouns or t.lemma in cu.allegation_nouns:
            out.append(Cue(i, i, "alleged", None, (t.end, _scope_end(tokens, i, sent, cu)), sent, "noun"))
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
            if ok and any(c.stance == "denied" and c.first < c.last < i <= c.last + 3 for c in out):
                continue  # "dismissed them as groundless rumours": one denial, spelled twice
            if ok:
                out = [c for c in out if not (i <= c.first <= k)]
                floor = tokens[_clause_start(tokens, i, cu)].start
                subj = _subject(text, ms, tokens[i].start, floor, g)
                out.append(Cue(i, k, "denied", subj, (tokens[k].end, _scope_end(tokens, k, sent, cu)), sent, "verb"))
    return sorted(out, key=lambda c: c.first)
