"""Surface tokens -> the syntactic words of Universal Dependencies Italian.

UD splits articulated prepositions into two words ("della" -> "di" "la", "nell'" -> "in" "l'");
the table is language data (`lang/it/contractions.yaml`). A token with an elided word glued to the
next ("dell'Onu") is cut after the apostrophe first. Verb + clitic forms ("darglielo") stay whole:
the treebanks split them too, but guessing where a verb ends is a job for a morphological
analyser, and the parser attaches the whole form as the verb.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..lang import load_language

APOSTROPHES = "'’"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    data = load_language("it").data("contractions")
    table = {k.lower(): tuple(v) for k, v in data["articulated"].items()}
    return table, frozenset(e.lower() for e in data.get("elided", ()))


def _cased(parts: tuple[str, ...], surface: str) -> list[str]:
    """Give the parts the case and apostrophe of the surface form."""
    apostrophe = next((c for c in surface if c in APOSTROPHES), "'")
    parts = tuple(p.replace("'", apostrophe) for p in parts)
    letters = [c for c in surface if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return [p.upper() for p in parts]
    if surface[:1].isupper():
        return [parts[0][:1].upper() + parts[0][1:]] + list(parts[1:])
    return list(parts)


def _key(token: str) -> str:
    return token.lower().replace("’", "'")


def split_token(token: str) -> list[str]:
    """The syntactic words of one surface token (the token itself when nothing applies)."""
    table, elided = _table()
    key = _key(token)
    if key in table:
        return _cased(table[key], token)
    cut = next((i for i, c in enumerate(token) if c in APOSTROPHES), -1)
    if 0 < cut < len(token) - 1 and key[:cut + 1] in elided and token[cut + 1].isalpha():
        head, rest = token[:cut + 1], token[cut + 1:]
        return split_token(head) + [rest]
    return [token]


def split_words(tokens: Sequence[str]) -> tuple[list[str], list[int]]:
    """Syntactic words and, for each, the index of the token it came from."""
    words: list[str] = []
    origin: list[int] = []
    for i, tok in enumerate(tokens):
        for w in split_token(tok):
            words.append(w)
            origin.append(i)
    return words, origin
