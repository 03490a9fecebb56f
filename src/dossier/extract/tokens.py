"""Word tokens with lemmas, and the small phrase tests shared by the events and claims stages.

A token keeps its character offsets into `Document.text`, its lower-case form and its
`simplemma` lemma; words are matched on either ("ha spedito" matches the lemma list
of a trigger by "spedito" or by "spedire").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:-[^\W_]+)*|[^\w\s’']")

PREPOSITIONS = frozenset(
    "di del dello della dei degli delle dell d a al allo alla ai agli alle all ad in nel nello nella "
    "nei negli nelle nell da dal dallo dalla dai dagli dalle dall su sul sullo sulla sui sugli sulle "
    "sull con per tra fra verso contro presso secondo".split())
ARTICLES = frozenset("il lo la i gli le l un una uno".split())


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


def prev_word(text: str, start: int, floor: int) -> str:
    """The word before `start`, skipping figures ("di 11.000 nordcoreani" gives "di")."""
    m = re.search(r"([^\W\d_]+)[’'\s]*(?:[\d.,]+\s*)*$", text[floor:start])
    return m.group(1).lower() if m else ""


def in_pp(text: str, start: int, floor: int) -> bool:
    """After a preposition, directly or across an article ("secondo la Kcna")."""
    pw = prev_word(text, start, floor)
    if pw in PREPOSITIONS:
        return True
    if pw in ARTICLES:
        m = re.search(r"([^\W\d_]+)[’'\s]+[^\W\d_]+[’'\s]*$", text[floor:start])
        return bool(m) and m.group(1).lower() in PREPOSITIONS
    return False
