"""Word tokens with lemmas, the function words of a language, and the small phrase tests
shared by the events and claims stages.

A token keeps its character offsets into `Document.text`, its lower-case form and its
`simplemma` lemma; words are matched on either ("ha spedito" matches the lemma list
of a trigger by "spedito" or by "spedire"). The function words the stages rely on
(articles, prepositions, conjunctions, auxiliaries, verb endings) are language data:
the ``grammar`` section of ``lang/<code>/events.yaml``, read into a `Grammar`.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import simplemma

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:-[^\W_]+)*|[^\w\s’']")


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


@dataclass(frozen=True)
class Grammar:
    """Function words and word-form cues of one language (``grammar`` in events.yaml)."""

    code: str
    articles: frozenset[str]
    indefinite: frozenset[str]
    prepositions: frozenset[str]
    of: frozenset[str]  # "di", "of": the complement of a noun
    by: frozenset[str]  # agent of a passive
    passive: frozenset[str]  # auxiliaries of the passive ("è stato inviato", "was sent")
    with_: frozenset[str]
    inside: frozenset[str]  # "troops in Russia": where they are, not whom they are sent to
    to: frozenset[str]  # recipient or destination
    between: frozenset[str]
    conjunctions: frozenset[str]  # "e", "and"
    both: frozenset[str]  # "sia X che Y", "both X and Y"
    both_second: frozenset[str]
    openers: frozenset[str]  # words that may open a clause before its subject
    that: frozenset[str]  # complementiser of reported speech
    interrogatives: frozenset[str]  # words opening an indirect question
    when: frozenset[str]
    relative_time: frozenset[str]  # "dopo", "after": placed relative to another time
    yet: frozenset[str]  # "deve ancora", "has yet to"
    complement_markers: frozenset[str]  # "accusa X di fornire", "accused X of supplying"
    clitics: frozenset[str]  # unstressed pronouns before the verb ("lo", "ne", "si")
    object_clitics: frozenset[str]  # object pronouns before the verb ("lo ha ricevuto")
    subject_blockers: frozenset[str]  # a name after these is no subject of a cue verb
    noun_markers: frozenset[str]  # a cue word after these is a noun ("la conferma")
    ordinal_markers: frozenset[str]  # a preposition cue after these is an ordinal ("il secondo")
    objects_after: frozenset[str]  # object pronouns after the verb ("received him")
    infinitive_markers: frozenset[str]  # "to" before an infinitive
    infinitive_endings: tuple[str, ...]
    gerund_endings: tuple[str, ...]
    participle_endings: tuple[str, ...]  # a participle with no auxiliary is an adjective
    verb_form_endings: tuple[str, ...]  # inflected forms that are never nouns (lemma differs)
    verb_lemma_endings: tuple[str, ...]  # lemmas that are verbs; empty: any lemma may be a verb
    non_present_endings: tuple[str, ...]  # endings of past and participial forms
    present_suffixes: tuple[str, ...]  # present = lemma + one of these (else by non_present_endings)
    auxiliaries: frozenset[str]  # words between a subject and a verb of saying ("ha", "has")
    negation: frozenset[str]
    agent_phrase: re.Pattern[str]  # "da parte di", "by": the agent of a noun
    coordination: re.Pattern[str]  # what may stand between two coordinated names
    coordination_titled: re.Pattern[str]
    clause_opening: re.Pattern[str]  # a break or a word that opens a new clause
    when_after: re.Pattern[str]  # "da settembre, quando ...": the event opens the period
    later_clause_rx: re.Pattern[str]  # ", e il mese scorso ...": a later clause with its own time
    noun_modifier_preps: frozenset[str]  # "agenzie di viaggio": a trigger after these is a modifier
    agent_before_noun: bool  # "Putin's visit", "the Russian invasion"
    against: frozenset[str]  # the target of an attack ("contro X", "at X")
    closing_max: int  # words after a closing verb of saying ("..., the White House said on Friday.")
    apposition: re.Pattern[str]  # ", the White House spokesman," between a subject and its verb
    bare_subject: bool  # "analysts say": a common noun right before a verb is its (unnamed) subject
    duration_before: bool  # "a two-day visit" vs "una visita di due giorni"
    duration_link: str  # the words between a noun and its duration ("di ")
    postposed_subject: bool  # "..., the White House said": subject before a closing cue verb

    def is_present(self, tok: Token) -> bool:
        if self.present_suffixes:
            return any(tok.low == tok.lemma + s for s in self.present_suffixes) or (
                tok.lemma.endswith("y") and tok.low == tok.lemma[:-1] + "ies")
        return not tok.low.endswith(self.non_present_endings)

    def is_infinitive(self, tokens: list[Token], i: int) -> bool:
        t = tokens[i]
        if self.infinitive_markers:
            return i > 0 and tokens[i - 1].low in self.infinitive_markers or t.low.endswith(self.gerund_endings)
        return t.low.endswith(self.infinitive_endings)

    def verb_form(self, tok: Token) -> bool:
        """An infinitive, gerund or inflected verb that cannot be read as a noun."""
        return (tok.low.endswith(self.verb_form_endings) and tok.lemma != tok.low) or (
            tok.low == tok.lemma and tok.low.endswith(self.verb_lemma_endings))

    def verb_lemma(self, lemma: str) -> bool:
        return not self.verb_lemma_endings or lemma.endswith(self.verb_lemma_endings)


@lru_cache(maxsize=None)
def grammar(code: str) -> Grammar:
    from ..lang import load_language

    lang = load_language(code)
    d: dict[str, Any] = (lang.data("events").get("grammar") or {}) if lang.has("events") else {}
    w = lambda key: _words(d.get(key))  # noqa: E731
    t = lambda key: tuple(str(x) for x in d.get(key) or ())  # noqa: E731
    never = r"(?!x)x"
    rx = lambda key: re.compile(str(d.get(key) or never))  # noqa: E731
    return Grammar(
        code=code, articles=w("articles"), indefinite=w("indefinite"), prepositions=w("prepositions"),
        of=w("of"), by=w("by"), passive=w("passive"), with_=w("with"), inside=w("inside"), to=w("to"), between=w("between"),
        conjunctions=w("conjunctions"), both=w("both"), both_second=w("both_second"), openers=w("openers"), that=w("that"),
        interrogatives=w("interrogatives"),
        when=w("when"), relative_time=w("relative_time"), yet=w("yet"),
        complement_markers=w("complement_markers"), clitics=w("clitics"), object_clitics=w("object_clitics"),
        subject_blockers=w("subject_blockers"), noun_markers=w("noun_markers"), ordinal_markers=w("ordinal_markers"), objects_after=w("objects_after"),
        infinitive_markers=w("infinitive_markers"), infinitive_endings=t("infinitive_endings"),
        gerund_endings=t("gerund_endings"), participle_endings=t("participle_endings"),
        verb_form_endings=t("verb_form_endings"), verb_lemma_endings=t("verb_lemma_endings"),
        non_present_endings=t("non_present_endings"), present_suffixes=t("present_suffixes"),
        auxiliaries=w("auxiliaries"), negation=w("negation"),
        agent_phrase=rx("agent_phrase"), coordination=rx("coordination"),
        coordination_titled=rx("coordination_titled"), clause_opening=rx("clause_opening"),
        when_after=rx("when_after"), later_clause_rx=rx("later_clause"),
        noun_modifier_preps=w("noun_modifier_preps"), agent_before_noun=bool(d.get("agent_before_noun")),
        against=w("against"), closing_max=int(d.get("closing_max", 0)), apposition=rx("apposition"),
        bare_subject=bool(d.get("bare_subject")), duration_before=bool(d.get("duration_before")),
        duration_link=str(d.get("duration_link", "")), postposed_subject=bool(d.get("postposed_subject")),
    )


class Token(NamedTuple):  # a tuple: an article makes hundreds of thousands of them
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


_last = threading.local()  # the tokens of the sentences of the last text tokenised, per thread


def tokenize(text: str, start: int, end: int, code: str = "it") -> list[Token]:
    """The tokens of text[start:end]. The events and claims stages ask for the same sentences of the
    same text: the tokens of the last text are kept (one text per thread) and handed out as copies."""
    if getattr(_last, "text", None) is not text or _last.code != code:
        _last.text, _last.code, _last.spans = text, code, {}
    got = _last.spans.get((start, end))
    if got is None:
        got = _last.spans[(start, end)] = _tokenize(text, start, end, code)
    return list(got)


def _tokenize(text: str, start: int, end: int, code: str) -> tuple[Token, ...]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        w = m.group()
        low = w.lower()
        out.append(Token(m.start(), m.end(), w, low, lemma_of(low, code) if w[:1].isalpha() else low))
    return tuple(out)


def has_word(tokens: list[Token], words: frozenset[str]) -> bool:
    return any(t.low in words or t.lemma in words for t in tokens)


_PREV_WORD = re.compile(r"([^\W\d_]+)[’'\s]*(?:[\d.,]+\s*)*$")


def prev_word(text: str, start: int, floor: int) -> str:
    """The word before `start`, skipping figures ("di 11.000 nordcoreani" gives "di")."""
    m = _PREV_WORD.search(text, max(floor, start - 80), start)  # an anchored search: look back a little
    return m.group(1).lower() if m else ""


def subject_ceiling(text: str, pos: int, floor: int, g: Grammar) -> int:
    """Where to stop looking back for a subject before `pos`: before an apposition that
    stands between the subject and its verb ("John Kirby, the White House spokesman, said")."""
    m = g.apposition.search(text, floor, pos)
    return floor + text[floor:pos].rfind(",", 0, m.start() - floor + 1) if m and m.end() == pos else pos


def closing_clause(tokens: list[Token], first: int, last: int, g: Grammar) -> int | None:
    """"..., the White House said on Friday.": where the subject stands before a verb of saying
    that closes the sentence, the token index of the comma that ends the reported clause."""
    if not g.closing_max:
        return None
    k = first - 1
    while k >= 0 and tokens[k].text != ",":
        if not tokens[k].is_word or tokens[k].low in g.that or first - k > 7:
            return None
        k -= 1
    if k <= 0 or first - k < 2:
        return None
    rest = 0
    for t in tokens[last + 1:]:
        if t.text in ",.;:!?":
            break
        if t.low in g.that or not t.is_word:
            return None
        rest += 1
    return k if rest <= g.closing_max else None


def in_pp(text: str, start: int, floor: int, g: Grammar) -> bool:
    """After a preposition, directly or across an article ("secondo la Kcna")."""
    pw = prev_word(text, start, floor)
    if pw in g.prepositions:
        return True
    if pw in g.articles:
        m = re.search(r"([^\W\d_]+)[’'\s]+[^\W\d_]+[’'\s]*$", text[floor:start])
        return bool(m) and m.group(1).lower() in g.prepositions
    return False
