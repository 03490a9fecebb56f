"""Words of one concept in every language: the counted nouns of a unit, the verbs and nouns of an
act, the translations of a question's word. Read from `lang/<iso>/units.yaml`, `events.yaml` and
`questions.yaml`, so a question in English finds Italian sentences and the other way round."""
from __future__ import annotations

from functools import lru_cache

from ..lang import SUPPORTED, load_language


@lru_cache(maxsize=1)
def _concepts() -> tuple[dict[tuple[str, str], frozenset[str]], dict[str, frozenset[tuple[str, str]]]]:
    words: dict[tuple[str, str], set[str]] = {}
    for code in SUPPORTED:
        lang = load_language(code)
        for noun, (unit, item) in (lang.data("units").get("nouns") or {}).items():
            words.setdefault(("unit", unit), set()).add(str(noun).lower())
            if item != unit:
                words.setdefault(("item", item), set()).add(str(noun).lower())
        for cls, ws in (lang.data("events").get("classes") or {}).items():
            words.setdefault(("class", cls), set()).update(str(w).lower() for w in ws)
        for trig in lang.data("events").get("triggers") or []:
            for lemma in trig.get("lemmas") or []:
                words.setdefault(("type", trig["type"]), set()).add(str(lemma).lower())
    of_word: dict[str, set[tuple[str, str]]] = {}
    for key, ws in words.items():
        for w in ws:
            of_word.setdefault(w, set()).add(key)
    return ({k: frozenset(v) for k, v in words.items()}, {k: frozenset(v) for k, v in of_word.items()})


def concept_words(kind: str, key: str) -> frozenset[str]:
    """Every word of the concept in every language ("unit", "container" -> container, contenitori...)."""
    return _concepts()[0].get((kind, key), frozenset())


def translations(word: str) -> frozenset[str]:
    """Words sharing a unit or an item with `word` (a counted noun), in any language. Acts are left
    out: a verb belongs to too many acts for its words to stand for it."""
    words, of_word = _concepts()
    out: set[str] = set()
    for key in of_word.get(word.lower(), ()):
        if key[0] in ("unit", "item"):
            out |= words[key]
    out.discard(word.lower())
    return frozenset(out)


def phrase(lang: str, key: str, **values) -> str:
    """The short answer's phrase `key` in the question's language."""
    code = lang if lang in SUPPORTED else "en"
    return load_language(code).data("questions")["answers"][key].format(**values)


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, frozenset[str]]:
    """State id -> its demonym word forms in every language ("PRK" -> nordcoreano, nordcoreani, north korean...)."""
    from ..extract.figures import demonym_forms

    out: dict[str, set[str]] = {}
    for code in SUPPORTED:
        for form, eid in demonym_forms(load_language(code).data("entities")).items():
            out.setdefault(eid, set()).add(form)
    return {k: frozenset(v) for k, v in out.items()}


def actor_names(eid: str, kb, text: str = "") -> frozenset[str]:
    """The words that name an actor in any language: its names, aliases and short names from the
    knowledge base, for a state its demonyms ("cinese" for China), for a capital the phrase that
    names it by its state ("la capitale nordcoreana"); `text` is how the question wrote it."""
    names = {text} if text else set()
    ent = kb.entities.get(eid) if kb is not None else None
    facts = kb.facts.get(eid, {}) if kb is not None else {}
    if ent is not None:
        names |= {ent.name, *ent.aliases}
        names |= set(facts.get("short") or ())  # "il Nord", "the North"
    elif eid.startswith("new:"):
        names.add(eid[4:].replace("-", " "))
    names |= _demonyms().get(eid, frozenset())
    state = facts.get("capital_of")
    if state:  # "la capitale nordcoreana", "the North Korean capital"
        for form in _demonyms().get(state, frozenset()):
            names |= {f"capitale {form}", f"{form} capital"}
    return frozenset(n for n in names if n and len(n) > 1)


@lru_cache(maxsize=None)
def speech_words(stance: str) -> frozenset[str]:
    """The verbs of saying (`asserted`) or of denying (`denied`) in every language, from
    `lang/<iso>/questions.yaml`: "denied" finds "negano", "respingono", "smentito"."""
    return frozenset(str(w).lower() for code in SUPPORTED
                     for w in load_language(code).data("questions")["speech"].get(stance, ()))


@lru_cache(maxsize=1)
def durations() -> frozenset[str]:
    """Units of time ("year", "day"): "24 years" answers no "how many" of a thing."""
    return frozenset(u for code in SUPPORTED
                     for u in (load_language(code).data("units").get("unit_kinds") or {}).get("duration", ()))
