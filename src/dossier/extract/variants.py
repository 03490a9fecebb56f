"""Spelling variants of names the knowledge base lists once: the same person written by another
desk or another language ("Shoigu", "Shoygu", "Šojgu"; "Kim Jong Un", "Kim Jong-un", "Kim Jongun").

`spelling_key` folds a word to a key that the usual romanisations of Russian and Korean names share:
accents dropped (š as s), sh/zh as s/z, y/j read as i, kh as h, w as v, doubled letters single,
"ou" as "u". A person's
alias is matched on these keys when its exact form is not in the text (`names.scan_names`), and only
on capitalised words, so common words never turn into names. `joined_forms` writes the given names
of Korean people with a hyphen or as one word, the way English and Italian papers both print them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_RULES = ((re.compile(r"kh|ch(?=[^aeiou]|$)"), "h"), (re.compile(r"(?<=[sz])h"), ""), (re.compile(r"[yj]"), "i"),
          (re.compile(r"w"), "v"),
          (re.compile(r"ou"), "u"), (re.compile(r"(.)\1"), r"\1"), (re.compile(r"ie(?=[^aeiou]|$)"), "i"))


@lru_cache(maxsize=100_000)
def spelling_key(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c))
    for rx, rep in _RULES:
        w = rx.sub(rep, w)
    return w


def joined_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """ "Kim Jong Un" -> "Kim Jong-un", "Kim Jongun"; "Kim Jong-un" -> "Kim Jong Un" (family name first,
    two-syllable given name: the last two words, or one hyphenated word, are the given name)."""
    out: list[tuple[str, ...]] = []
    if len(words) == 3 and all(w[:1].isupper() for w in words):
        a, b = words[1], words[2]
        out += [(words[0], f"{a}-{b.lower()}"), (words[0], f"{a}-{b}"), (words[0], a + b.lower())]
    if len(words) == 2 and "-" in words[1]:
        a, b = words[1].split("-", 1)
        out += [(words[0], a, b[:1].upper() + b[1:]), (words[0], a + b.lower())]
    return out
