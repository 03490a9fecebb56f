"""Trigger candidates of one sentence and their disambiguation.

Single words by lemma and multi-word phrases propose candidates; argument words near
the trigger decide or change the type ("inviare soldati" is a deployment, "inviare
munizioni" a transfer; "firmare" needs a treaty); verbs of saying are typed by what they
report. Noun triggers restating an earlier event ("la visita") are recognised here.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import Event, Mention, Sentence
from .event_lexicon import Lexicon, TriggerSpec
from .participants import object_after, subject_before
from .tokens import Token, closing_clause, has_word, subject_ceiling

@dataclass
class Candidate:
    type: str
    first: int  # token indices, inclusive
    last: int
    head: int  # the trigger word (verb or noun) inside [first, last]
    spec: TriggerSpec | None = None
    noun: bool = False


def find_phrases(tokens: list[Token], lex: Lexicon, used: set[int]) -> list[Candidate]:
    out = []
    words = [i for i, t in enumerate(tokens) if t.is_word]
    at: dict[str, set[int]] = {}  # word form or lemma -> positions in `words`
    for pos, i in enumerate(words):
        at.setdefault(tokens[i].low, set()).add(pos)
        at.setdefault(tokens[i].lemma, set()).add(pos)
    for typ, seq, gap in lex.phrases:
        starts = sorted({pos for w in at.keys() & seq[0] for pos in at[w]})  # where the phrase can begin
        for pos in starts:
            i = words[pos]
            if i in used:
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
    g = lex.grammar
    return p.text[:1].isdigit() or p.low in lex.anaphoric or p.low in g.prepositions or p.low in lex.quantifiers \
        or p.low in g.indefinite or not p.is_word


def is_noun(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """A trigger preceded by a determiner or preposition (skipping one adjective) is a noun."""
    g = lex.grammar
    if g.verb_form(tokens[i]):
        return False  # an infinitive or a gerund ("a rifornire", "per incontrare"), a past ("visited")
    if i == 0:
        return False
    p = tokens[i - 1]
    if p.low in g.infinitive_markers:
        return False  # "to visit"
    if p.low in lex.anaphoric or p.low in g.prepositions or p.low in g.indefinite or p.text[:1].isdigit():
        return True  # "the visit", "12 attacks", "3.000 perdite"
    if i >= 2 and p.low in lex.premodifiers and (tokens[i - 2].low in lex.anaphoric or
                                                 tokens[i - 2].low in g.indefinite):
        return True  # "un altro viaggio", "la prima visita"
    if tokens[i].lemma != tokens[i].low and g.verb_lemma_endings and g.verb_lemma(tokens[i].lemma):
        return False  # an inflected verb ("in parte smentisce")
    for j in (i - 1, i - 2):
        if j < 0:
            return False
        t = tokens[j]
        if t.low in lex.anaphoric or t.low in g.prepositions or t.low in g.indefinite:
            return True
        if t.low in lex.auxiliaries:
            return False
        if not t.text[:1].islower():
            return False
    return False


def classify(c: Candidate, tokens: list[Token], lex: Lexicon, text: str, sent_mentions: list[Mention],
              sent: Sentence) -> str | None:
    """Final type of a single-word candidate, or None when its arguments rule it out."""
    spec = c.spec
    if spec is None:
        return c.type
    w = lex.window
    for cls in spec.block:
        words = lex.classes.get(cls, frozenset())
        if _near(tokens, c.head, words, 2, 2) is not None or _object_is(tokens, c.head, words, lex):
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
                m = subject_before(text, sent_mentions, trig.start, sent.start, lex.grammar)
                ok = m is not None and m.type in ("PERSON", "GROUP")
            elif need == "person_object":
                g = lex.grammar
                ok = object_after(text, sent_mentions, trig.end, min(sent.end, trig.end + 80), None, g) is not None \
                    or (c.head >= 2 and tokens[c.head - 2].low in g.object_clitics)
                ok = ok or (c.head >= 1 and tokens[c.head - 1].low in g.object_clitics and tokens[c.head - 1].is_word
                            and len(tokens[c.head - 1].low) > 1)  # "lo ha ricevuto", "l'ha ricevuto"
                ok = ok or (c.head + 1 < len(tokens) and tokens[c.head + 1].low in g.objects_after)  # "received him"
            elif need == "recipient":
                ok = object_after(text, sent_mentions, trig.end, min(sent.end, trig.end + 60), lex.grammar.to,
                                  lex.grammar) is not None
            else:
                ok = _near(tokens, c.head, lex.classes.get(need, frozenset()), w + 2, w + 2, lex) is not None
            if ok:
                break
        if not ok:
            return None
    return typ


def _object_is(tokens: list[Token], i: int, words: frozenset[str], lex: Lexicon) -> bool:
    """"ha consegnato al leader nordcoreano una lettera": the first thing named after the
    verb in its clause (before any goods or troops word) is one of `words`."""
    things = lex.classes.get("goods", frozenset()) | lex.classes.get("troops", frozenset())
    for t in tokens[i + 1:i + 1 + lex.window]:
        if not t.is_word:
            return False
        if t.low in words or t.lemma in words:
            return True
        if (t.low in things or t.lemma in things) and not (
                (t.low in lex.noun_only or t.lemma in lex.noun_only) and not _as_noun(tokens, tokens.index(t), lex)):
            return False  # "al leader nordcoreano una lettera": an adjective is no thing sent
    return False


def speech_type(c: Candidate, tokens: list[Token], lex: Lexicon, embedded: list[Candidate],
                 modalities: dict[int, str], complement: list[Token], inner_speech: bool = False) -> str:
    """The type of a verb of saying read from what it reports. `inner_speech`: the report holds a
    speech act of its own ("said Ukraine could not confirm the use of missiles"), whose content it is."""
    contested = [e for e in embedded if e.type in ("TRANSFER", "TROOP_DEPLOYMENT")]
    if any(modalities.get(id(e)) in ("happened", "alleged") for e in contested):
        return "ACCUSATION"
    if not contested and not inner_speech and has_word(complement, lex.classes.get("goods", frozenset())) \
            and c.type == "STATEMENT":
        return "ACCUSATION"  # "ha dichiarato che le armi nordcoreane ..." with no verb of transfer
    if has_word(complement, lex.support_words):
        return "STATEMENT_SUPPORT"
    if has_word(complement, lex.criticism_words):
        return "CRITICISM"
    return c.type


def postposed(tokens: list[Token], c: Candidate, lex: Lexicon, text: str = "") -> bool:
    """", ha detto il Cremlino", "..., the Kremlin said.": a speech verb after a comma (or after
    the subject that follows the comma), closing a reported clause. Not the comma that closes an
    apposition ("Jung Pak, the State Department's envoy, said ...": the report follows the verb)."""
    if text and tokens and c.first > 0:
        at = tokens[c.first].start
        if subject_ceiling(text, at, tokens[0].start, lex.grammar) != at:
            return False
    k = c.first - 1
    return k > 0 and tokens[k].text in ",”\"»" or closing_clause(tokens, c.first, c.last, lex.grammar) is not None


def present_cue(tokens: list[Token], c: Candidate, lex: Lexicon) -> bool:
    """"afferma", "dicono", "osserva": a present-tense verb of saying (no auxiliary before it)."""
    if c.first != c.head or c.noun:
        return False
    return lex.grammar.is_present(tokens[c.head])


def participle_alone(tokens: list[Token], c: Candidate, lex: Lexicon) -> bool:
    """"lo scopo dichiarato": a participle with no auxiliary is an adjective (where the
    language tells participles from simple pasts by their ending)."""
    t = tokens[c.head]
    endings = lex.grammar.participle_endings
    return c.first == c.head and t.low.endswith(endings) and t.lemma != t.low and not c.noun


def purpose(tokens: list[Token], c: Candidate, lex: Lexicon) -> bool:
    """"per incontrare Putin", "dal fornire aiuti": an infinitive of purpose."""
    g = lex.grammar
    if c.first != c.head or c.head == 0 or not g.is_infinitive(tokens, c.head) or c.noun:
        return False
    k = c.head - 1
    if tokens[k].low in g.infinitive_markers and k > 0:
        k -= 1  # "in order to meet": the marker before "to"
    return tokens[k].low in lex.purpose_markers


def restates(c: Candidate, tokens: list[Token], lex: Lexicon, text: str, ms: list[Mention],
              earlier: dict[str, list[Event]], sentence_entities: dict[int, set[str]], sent_index: int) -> bool:
    """A definite noun ("la visita di Putin") restating an event of an earlier sentence.

    The entities attached to the noun ("di Putin", "in Corea del Nord", "russa") must all
    appear in the sentence of an earlier event of the same type (`earlier`: events so far by type)."""
    det = next((tokens[j].low for j in (c.head - 1, c.head - 2, c.head - 3) if j >= 0 and tokens[j].is_word
                and (tokens[j].low in lex.anaphoric or tokens[j].low in lex.grammar.indefinite)), None)
    if det is None or det in lex.grammar.indefinite:
        return False
    same = [e for e in earlier.get(c.type, ()) if e.sentence is not None and e.sentence <= sent_index]
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
    checked: set[int] = set()  # earlier sentences already compared (many events share one)
    for e in same:
        if e.sentence < sent_index:
            if e.sentence not in checked and attached <= sentence_entities.get(e.sentence, set()):
                return True
            checked.add(e.sentence)
            continue
        # same sentence: everything attached was already named between the two triggers
        between = {m.entity_id for m in ms if e.start <= m.start and m.end <= here}
        if e.sentence == sent_index and attached <= between | {p.entity_id for p in e.participants}:
            return True
    return False
