"""The entity stage's lookup data: word tokens, token tries, and `EntityData`.

`EntityData` is built once per (knowledge base, language): a token trie of every KB alias and
description, the demonyms with their inflections, and tries of the office, institution and
organisation nominals of the language file (`lang/<iso>/entities.yaml`). Matching then walks
these tries over an article's tokens, which keeps the stage at a few microseconds per word.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple

from ..kb import KnowledgeBase
from .variants import joined_forms, spelling_key

# Words (with inner hyphens: "Kim Jong-un", "Su-35"), apostrophes, other punctuation.
_TOKEN_RE = re.compile(r"\w+(?:[-‐]\w+)*|['’`]|[^\w\s]")
_APOS = "'’`"
EMPTY: frozenset = frozenset()


class Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str  # lower-cased, apostrophes normalised, accents kept


@dataclass(frozen=True, slots=True)
class Alias:
    entity_id: str
    words: tuple[str, ...]  # as written in the KB
    exact_case: bool  # short all-capital acronyms ("UN", "US") must match their case
    form: str = "NAM"  # NOM for KB descriptions ("invasione russa dell'Ucraina")
    adj_at: int = -1  # position of a demonym added to a region name ("regione russa di Kursk"): still an ADJ



_GLUED_RE = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Ý][a-zà-ÿ])")


def tokenize(text: str) -> list[Token]:
    """Word tokens; a word glued to the next one by a missing space ("PechinoLì") is split."""
    glued = [m.start() for m in _GLUED_RE.finditer(text)]
    out = []
    for m in _TOKEN_RE.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        k = bisect.bisect_right(glued, start) if glued else 0
        if k < len(glued) and glued[k] < end:
            prev = start
            while k < len(glued) and glued[k] < end:
                out.append(Token(prev, glued[k], text[prev:glued[k]], text[prev:glued[k]].lower()))
                prev = glued[k]
                k += 1
            out.append(Token(prev, end, text[prev:end], text[prev:end].lower()))
        else:
            out.append(Token(start, end, word, "'" if word in _APOS else word.lower()))
    return out


def norm_word(word: str) -> str:
    return "'" if word in _APOS else word.lower()


def trie_add(trie: dict, words: Iterable[str], payload: Any) -> None:
    node = trie
    for w in words:
        node = node.setdefault(w, {})
    node.setdefault("$", []).append(payload)


def trie_walk(trie: dict, toks: list[Token], i: int, stop: int) -> list[tuple[int, list]]:
    """Every (end token, payloads) reachable from token i, shortest first."""
    out = []
    node = trie
    j = i
    while j < stop and toks[j].low in node:
        node = node[toks[j].low]
        j += 1
        if "$" in node:
            out.append((j, node["$"]))
    return out


def inflect(base: str) -> list[str]:
    if base.endswith(("co", "go")):  # "polacco": polacca, polacchi, polacche (also -ci: "greci" is in demonym_forms)
        return [base, base[:-1] + "a", base[:-1] + "i", base[:-1] + "e", base[:-1] + "hi", base[:-1] + "he"]
    if base.endswith("o"):
        return [base, base[:-1] + "a", base[:-1] + "i", base[:-1] + "e"]
    if base.endswith("e"):
        return [base, base[:-1] + "i"]
    if base.endswith("a"):
        return [base, base[:-1] + "i", base[:-1] + "e"]
    return [base]


@dataclass
class EntityData:
    """Everything the stage needs, built once per (knowledge base, language)."""

    kb: KnowledgeBase
    names: dict = field(default_factory=dict)  # token trie of aliases -> [Alias]
    spelled: dict = field(default_factory=dict)  # people's aliases by spelling key (variants.py) -> [Alias]
    demonyms: dict[str, str] = field(default_factory=dict)  # inflected form -> entity id
    offices: dict = field(default_factory=dict)  # token trie -> [office]
    institutions: dict = field(default_factory=dict)  # token trie -> [kind]
    org_nominals: dict = field(default_factory=dict)  # token trie -> [(state, org id)]
    item_nominals: dict = field(default_factory=dict)  # word -> [(entity id, valid from)]
    words: dict[str, frozenset] = field(default_factory=dict)  # word lists from the language file
    nominal_firsts: frozenset = frozenset()  # first words of every nominal head (a cheap pre-filter)
    qualifiers: dict = field(default_factory=dict)  # alias words -> words after it that make it another body
    prefix_qualifiers: dict = field(default_factory=dict)  # alias words -> words before it that do ("National ...")
    capital_demonyms: bool = False  # English writes "Russian", Italian "russo"
    adjective_first: bool = False  # English puts the demonym before the head ("the Russian president")
    demonym_phrases: dict = field(default_factory=dict)  # ("south", "korean") -> KOR
    head_of: dict[str, str] = field(default_factory=dict)  # person id -> the state they led most recently
    groups: Any = None  # groups.GroupWords: nouns of unnamed groups ("funzionari", "analisti")
    code: str = "it"  # the language


_DATA: dict[tuple[int, str], EntityData] = {}


def entity_data(kb: KnowledgeBase, lang_code: str) -> EntityData:
    """Built once per knowledge base object and language (the KB is read-only)."""
    key = (id(kb), lang_code)
    got = _DATA.get(key)
    if got is None or got.kb is not kb:
        got = _DATA[key] = build_entity_data(kb, lang_code)
    return got


def build_entity_data(kb: KnowledgeBase, lang_code: str) -> EntityData:
    from ..lang import load_language

    lang = load_language(lang_code)
    spec = lang.data("entities") if lang.has("entities") else load_language("it").data("entities")
    data = EntityData(kb=kb, code=lang_code, capital_demonyms=bool(spec.get("demonyms_capitalised", False)),
                      adjective_first=bool(spec.get("adjective_first", False)))
    for key, value in spec.items():
        if isinstance(value, list):
            data.words[key] = frozenset(str(v).lower() for v in value)
    for base, eid in spec.get("demonyms", {}).items():
        if " " in base:  # "south korean": two words, matched as a phrase
            data.demonym_phrases[tuple(base.lower().split())] = eid
            continue
        for form in inflect(base):
            data.demonyms.setdefault(form, eid)
    for form, eid in (spec.get("demonym_forms") or {}).items():
        data.demonyms[form] = eid
    region_heads = frozenset(str(w).lower() for w in spec.get("region_heads", ()))
    demonym_forms = sorted(data.demonyms)
    for eid, ent in kb.entities.items():
        facts = kb.facts[eid]
        for alias, form in [(a, "NAM") for a in ent.aliases] + [(a, "NOM") for a in facts.get("descriptions", ()) or ()]:
            words = tuple(t.text for t in tokenize(alias))
            exact = len(alias) <= 3 and alias.isupper()
            trie_add(data.names, tuple(norm_word(w) for w in words), Alias(eid, words, exact, form))
            if ent.type == "PERSON" and form == "NAM":
                for variant in [words] + joined_forms(words):
                    if variant != words:
                        trie_add(data.names, tuple(norm_word(w) for w in variant), Alias(eid, variant, False, form))
                    if all(len(w) >= 3 for w in variant):
                        trie_add(data.spelled, tuple(spelling_key(w) for w in variant), Alias(eid, variant, False, form))
            if len(words) > 2 and words[0].lower() in region_heads and words[1].lower() in data.words.get("of_words", EMPTY):
                # "regione di Kursk" is also written "regione russa di Kursk"
                for dem in demonym_forms:
                    w2 = (words[0], dem) + words[1:]
                    trie_add(data.names, tuple(norm_word(w) for w in w2), Alias(eid, w2, False, form, adj_at=1))
        for n in facts.get("nominals", ()) or ():
            if facts.get("of") and not facts.get("nominal_from"):  # "intelligence" + a demonym
                trie_add(data.org_nominals, tuple(t.low for t in tokenize(n)), (facts["of"], eid))
            else:  # a bare common noun ("la pandemia"), possibly only once the item exists
                data.item_nominals.setdefault(n.lower(), []).append((eid, str(facts.get("nominal_from") or "")))
        latest = ""
        for r in kb.roles.get(eid, ()):
            if r.office in ("head_of_state", "party_leader", "supreme_leader") and r.start >= latest:
                latest, data.head_of[eid] = r.start, r.of
    for phrase, office in (spec.get("office_heads") or {}).items():
        trie_add(data.offices, tuple(t.low for t in tokenize(phrase)), office)
    for phrase, words in (spec.get("name_qualifiers") or {}).items():
        data.qualifiers[tuple(t.low for t in tokenize(phrase))] = frozenset(str(w).lower() for w in words)
    for phrase, words in (spec.get("name_prefix_qualifiers") or {}).items():
        data.prefix_qualifiers[tuple(t.low for t in tokenize(phrase))] = frozenset(str(w).lower() for w in words)
    for phrase, kind in (spec.get("institutions") or {}).items():
        trie_add(data.institutions, tuple(t.low for t in tokenize(phrase)), kind)
    from .groups import build_group_words  # (groups builds on this module)

    english = load_language("en").data("entities") if lang_code != "en" and load_language("en").has("entities") else spec
    data.groups = build_group_words(kb, spec, english.get("demonyms") or {})
    data.nominal_firsts = frozenset(set(data.offices) | set(data.org_nominals) | set(data.item_nominals)
                                    | data.words.get("state_heads", frozenset()) | data.words.get("capital_heads", frozenset())
                                    | data.words.get("generic_office_heads", frozenset()))
    return data
