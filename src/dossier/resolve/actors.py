"""One actor across articles and languages: names found in different articles joined by their form.

Knowledge-base names are already one id everywhere (the entity stage links every known spelling).
Names the stage discovered (`new:` ids) are joined here when they are the same name written
another way: the spelling key of each word (`extract/variants.py`: Shoigu/Shoygu/Šojgu,
Seul/Seoul), Korean given names with or without hyphen or space (Kim Jong-un / Kim Jong Un), and a
family name alone against the full name ("Podolyak" / "Mykhailo Podolyak") when the full name is the
only one it can be. A lone word that is the first word of the full name ("Kim") joins nothing: it is
a Korean family name shared by many. Types must agree.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..extract.variants import spelling_key
from ..records import Entity

_SPLIT = re.compile(r"[\s\-‐–]+")
_FOLD = ((re.compile(r"['’`]"), ""), (re.compile(r"x"), "ks"), (re.compile(r"(?<=[tp])h"), ""),
         (re.compile(r"ck"), "k"))


def name_key(name: str) -> tuple[str, ...]:
    """Words of a name folded by spelling; the given names after a one-syllable family name are
    joined ("Kim Jong Un", "Kim Jong-un", "Kim Jongun" -> ("kim", "iongun"))."""
    words = []
    capitalised = all(w[:1].isupper() for w in name.split())
    for w in _SPLIT.split(name.strip()):
        if not w or not w[0].isalnum() or w.endswith("."):
            continue  # "Joseph R. Biden": an initial tells nothing apart
        k = spelling_key(w)
        for rx, rep in _FOLD:
            k = rx.sub(rep, k)
        words.append(k)
    if capitalised and len(words) >= 3 and len(words[0]) <= 4 and all(len(w) <= 4 for w in words[1:]):
        words = [words[0], "".join(words[1:])]
    return tuple(words)


def _close(a: str, b: str) -> bool:
    """The same word in two romanisations: equal, or one edit apart in words of five letters or more
    (Aleksandr/Aleksander, Dmitri/Dmitro, Mihail/Michail; not Jong-un/Jong-il, two edits)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= 1


def same_name(a: str, b: str) -> bool:
    """Whether two names written in articles are the same actor's (by form alone)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if len(ka) == len(kb):
        return all(_close(x, y) for x, y in zip(ka, kb))
    short, full = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    if len(short) == 1:
        return _close(short[0], full[-1]) and len(short[0]) > 3  # a family name written last
    if all(_close(x, y) for x, y in zip(short, full[-len(short):])):
        return True  # "von der Leyen", "Thomas-Greenfield": the family name of the full name
    return _close(short[0], full[0]) and _close(short[-1], full[-1])  # a middle name left out


def merge_discovered(entities: Iterable[Entity]) -> dict[str, str]:
    """Discovered entity id -> the id of the actor it is (itself, or the first of a group of the same
    name). Only `new:` ids of one type are joined; a name matching two different actors joins neither."""
    found = [e for e in entities if e.discovered or e.id.startswith("new:")]
    out: dict[str, str] = {}
    for e in found:
        names = {e.name, *e.aliases}
        matches = {out[o.id] for o in found if o.id in out and o.type == e.type
                   and any(same_name(x, y) for x in names for y in {o.name, *o.aliases})}
        out[e.id] = matches.pop() if len(matches) == 1 else e.id
    return out
