"""A class of words from language data, matched by form, stem or lemma.

Entries come from the YAML lists of ``lang/<code>/``: ``"stem*"`` matches any word starting with the
stem, any other entry matches that exact word or phrase; `lemmas` match every inflected form whose
`simplemma` lemma they are ("mandare" finds "manderà", "manderanno"; "send" finds "sent"). A verb
class is then written once as its lemmas, not as a list of forms. Lemmas are a list apart because
matching an exact list by lemma widens it ("present" would find "presented").

`WordClass` offers the part of the `re.Pattern` interface the stages use (`search`, `finditer`,
`fullmatch`), so it stands wherever a compiled list of forms stood.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import simplemma

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=200_000)
def lemma(word: str, code: str) -> str:
    """The lower-case simplemma lemma of one word (cached per process)."""
    try:
        return simplemma.lemmatize(word.lower(), lang=code).lower()
    except ValueError:  # a language simplemma does not know
        return word.lower()


@dataclass(frozen=True, slots=True)
class WordMatch:
    """What `re.Match` offers that the stages read."""

    _start: int
    _end: int
    _text: str

    def start(self, group: int = 0) -> int:
        return self._start

    def end(self, group: int = 0) -> int:
        return self._end

    def group(self, group: int = 0) -> str:
        return self._text

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._start, self._end


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class WordClass:
    def __init__(self, entries: Iterable[str], code: str, lemmas: Iterable[str] = ()):
        entries = [str(e).lower() for e in entries]
        stems = [e[:-1] for e in entries if e.endswith("*")]
        words = [e for e in entries if not e.endswith("*")]
        parts = ([rf"(?:{_alt(stems)})\w*"] if stems else []) + ([rf"(?:{_alt(words)})(?!\w)"] if words else [])
        self.pattern = re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE) if parts else None
        self.lemmas = frozenset(str(w).lower() for w in lemmas)
        self.code = code

    def _by_lemma(self, text: str, pos: int, endpos: int) -> Iterator[WordMatch]:
        if not self.lemmas:
            return
        for m in _WORD.finditer(text, pos, endpos):
            if lemma(m.group(), self.code) in self.lemmas:
                yield WordMatch(m.start(), m.end(), m.group())

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[WordMatch]:
        """Matches in text order; a form and a lemma hit on the same word count once."""
        end = len(text) if endpos is None else endpos
        hits: dict[int, WordMatch] = {}
        if self.pattern is not None:
            for m in self.pattern.finditer(text, pos, end):
                hits[m.start()] = WordMatch(m.start(), m.end(), m.group())
        for m in self._by_lemma(text, pos, end):
            hits.setdefault(m.start(), m)
        return iter([hits[k] for k in sorted(hits)])

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> WordMatch | None:
        end = len(text) if endpos is None else endpos
        first = self.pattern.search(text, pos, end) if self.pattern is not None else None
        limit = first.start() if first else end
        by_lemma = next(self._by_lemma(text, pos, limit), None)
        if by_lemma is not None:
            return by_lemma
        return WordMatch(first.start(), first.end(), first.group()) if first else None

    def fullmatch(self, word: str) -> WordMatch | None:
        if self.pattern is not None and (m := self.pattern.fullmatch(word)):
            return WordMatch(0, len(word), m.group())
        if " " not in word and lemma(word, self.code) in self.lemmas:
            return WordMatch(0, len(word), word)
        return None

    def __contains__(self, word: str) -> bool:
        return self.fullmatch(word) is not None
