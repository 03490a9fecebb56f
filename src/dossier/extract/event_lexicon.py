"""The trigger lexicon of the events stage, read once per language from
``lang/<code>/events.yaml`` (triggers, phrases, argument classes) and ``modality.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .tokens import Grammar, grammar

SPEECH_TYPES = frozenset({"STATEMENT", "ACCUSATION", "DENIAL", "CRITICISM", "STATEMENT_SUPPORT"})
CONTESTED_TYPES = frozenset({"TRANSFER", "TROOP_DEPLOYMENT", "COMBAT", "ATTACK"})


@dataclass(frozen=True)
class TriggerSpec:
    type: str
    switch: tuple[tuple[str, str], ...] = ()
    needs: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    speech: bool = False
    subject_role: str | None = None  # the role of the subject when not the type's default ("host")


@dataclass(frozen=True)
class Lexicon:
    single: dict[str, tuple[TriggerSpec, ...]]
    phrases: tuple[tuple[str, tuple[frozenset[str], ...], int], ...]
    classes: dict[str, frozenset[str]]
    window: int
    support_words: frozenset[str]
    criticism_words: frozenset[str]
    anaphoric: frozenset[str]
    noun_only: frozenset[str]
    quantifiers: frozenset[str]
    stop_forms: frozenset[str]
    pronoun_subjects: frozenset[str]
    adverbs: frozenset[str]
    collective_subjects: frozenset[str]
    purpose_markers: frozenset[str]
    modifier_types: frozenset[str]
    premodifiers: frozenset[str]
    # modality
    reach: int
    negation: frozenset[str]
    neg_reach: int
    neg_phrases: tuple[tuple[str, ...], ...]
    planned: frozenset[str]
    future_endings: tuple[str, ...]
    future_min: int
    possible: frozenset[str]
    conditional_endings: tuple[str, ...]
    alleged_aux: frozenset[str]
    alleged_words: frozenset[str]
    auxiliaries: frozenset[str]
    attribution_clitics: frozenset[str]  # "Lo ha riferito X": a pronoun for the previous sentence
    assessments: frozenset[str]  # verbs of saying that assess ("stimare"): never an accusation
    admissions: frozenset[str]  # verbs of admission ("ammettere"): a party's own acts, never an accusation
    people_units: frozenset[str]  # units of figures that count people ("3.000 perdite")
    modals: frozenset[str]  # modal words that count only right before the trigger ("will", "could")
    modal_reach: int
    grammar: Grammar
    modified_heads: frozenset[str]  # "attack drones": a trigger noun before these is a modifier
    refusals: frozenset[str] = frozenset()  # "declined to deny": a refused act did not happen
    refusal_links: frozenset[str] = frozenset()  # words between the refusal and the act ("either", "to")


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


@lru_cache(maxsize=None)
def lexicon(code: str) -> Lexicon:
    from ..lang import load_language

    lang = load_language(code)
    ev: dict[str, Any] = lang.data("events")
    mo: dict[str, Any] = lang.data("modality")
    classes = {k: _words(v) for k, v in (ev.get("classes") or {}).items()}
    if lang.has("units"):
        # every counted noun of soldiers (units.yaml: soldiers, sappers, military builders...) is a troop
        # word: "manderà mille genieri" is a deployment, not a transfer of goods
        soldiers = {w for w, (unit, _item) in lang.data("units")["nouns"].items() if unit == "soldier" and " " not in w}
        classes["troops"] = classes.get("troops", frozenset()) | _words(soldiers)
    classes["treaty"] = _words(ev.get("treaty"))
    classes["war_context"] = _words(ev.get("war_context"))
    single: dict[str, list[TriggerSpec]] = {}
    for entry in ev.get("triggers") or []:
        spec = TriggerSpec(
            type=entry["type"],
            switch=tuple((entry.get("switch") or {}).items()),
            needs=tuple(entry.get("needs") or ()),
            block=tuple(entry.get("block") or ()),
            speech=bool(entry.get("speech")),
            subject_role=entry.get("subject_role"),
        )
        for lem in entry["lemmas"]:
            single.setdefault(str(lem).lower(), []).append(spec)
    phrases = []
    for entry in ev.get("phrases") or []:
        seq = tuple(_words(x if isinstance(x, list) else [x]) for x in entry["seq"])
        phrases.append((entry["type"], seq, int(entry.get("gap", 1))))
    sp = ev.get("speech") or {}
    neg = mo.get("negation") or {}
    pl = mo.get("planned") or {}
    po = mo.get("possible") or {}
    al = mo.get("alleged") or {}
    return Lexicon(
        single={k: tuple(v) for k, v in single.items()},
        phrases=tuple(phrases),
        classes=classes,
        window=int(ev.get("window", 6)),
        support_words=_words(sp.get("support_words")),
        criticism_words=_words(sp.get("criticism_words")),
        anaphoric=_words(ev.get("anaphoric_determiners")),
        noun_only=_words(ev.get("noun_only")),
        quantifiers=_words(ev.get("quantifiers")),
        stop_forms=_words(ev.get("stop_forms")),
        pronoun_subjects=_words(ev.get("pronoun_subjects")),
        adverbs=_words(ev.get("adverbs")),
        collective_subjects=_words(ev.get("collective_subjects")),
        purpose_markers=_words(ev.get("purpose_markers")),
        modifier_types=frozenset(ev.get("modifier_types") or ()),
        premodifiers=_words(ev.get("noun_premodifiers")),
        reach=int(mo.get("reach", 8)),
        negation=_words(neg.get("words")),
        neg_reach=int(neg.get("reach", 4)),
        neg_phrases=tuple(tuple(p) for p in neg.get("phrases") or ()),
        planned=_words(pl.get("words")),
        future_endings=tuple(pl.get("future_endings") or ()),
        future_min=int(pl.get("future_min_length", 5)),
        possible=_words(po.get("words")),
        conditional_endings=tuple(po.get("conditional_endings") or ()),
        alleged_aux=_words(al.get("auxiliaries")),
        alleged_words=_words(al.get("words")),
        auxiliaries=_words(mo.get("auxiliaries")),
        attribution_clitics=_words(sp.get("attribution_clitics")),
        assessments=_words(sp.get("assessments")),
        admissions=_words(sp.get("admissions")),
        people_units=_words(ev.get("people_units")),
        modals=_words((mo.get("modals") or {}).get("words")),
        modal_reach=int((mo.get("modals") or {}).get("reach", 0)),
        grammar=grammar(code),
        modified_heads=classes.get("modified_heads", frozenset()),
        refusals=_words((mo.get("refusal") or {}).get("words")),
        refusal_links=_words((mo.get("refusal") or {}).get("links")),
    )
