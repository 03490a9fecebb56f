"""The regular expressions of the date grammar, compiled from a language's data.

Each language writes its rules in ``lang/<code>/date_grammar.yaml`` (the layout is described at the
top of ``lang/it/date_grammar.yaml``): word-list placeholders filled from the language's other data
files (months, weekdays, seasons, time words, numbers, counted nouns), regular-expression fragments,
the rules in order (a kind and a pattern) and the tense markers. Every language uses the same kinds
and the same group names (see `dates.normalise`), so normalisation is shared: ``d``/``dd`` day
(``dd`` when written after the month, English order), ``m`` month, ``y`` year, ``w`` weekday, ``s``
season, ``p`` part of a month, ``prev``/``q`` a "previous"/"next" word, ``u`` a unit, ``n`` a number,
``k`` a day word, ``dec`` a decade, ``fut`` the forward direction of "in the coming days". One builder
serves every language: adding a language adds a folder.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import DossierError

FILE = "date_grammar"

# The kinds `dates.normalise` reads, as a language's rules name them.
KINDS = frozenset({
    "between_days", "between_parts", "between", "between_years", "since", "since_season", "since_year",
    "recent", "few_days", "season", "season_rel", "day_month", "month_year", "month_prev", "part_this_year",
    "month_part", "weekend", "ago", "unit_rel", "unit_this", "days", "weekday", "decade", "month", "same_day",
    "now", "year"})

# The group names the normalisation reads (``dd1``/``dd2``/``m2x``: the English order of day and month),
# and three kept for reading the patterns (``p`` the part of a month, ``prev`` before a day, ``dir``).
GROUPS = frozenset({
    "d", "dd", "d1", "d2", "dd1", "dd2", "m", "m1", "m2", "m2x", "y", "y1", "y2", "w", "s", "s1", "s2",
    "p", "p1", "p2", "prev", "prev1", "prev2", "q1", "q2", "u", "u1", "u2", "n", "k", "dec", "fut", "dir"})

# the rules (kind, pattern) in order, and the future, past and finite-past markers
Rules = tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str], re.Pattern[str], re.Pattern[str]]

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")  # "{M}"; never a quantifier such as "\w{3,}"
_CASES: dict[str, Callable[[str], str]] = {
    "as_written": lambda w: w, "lower": str.lower, "upper": str.upper, "capitalized": str.capitalize}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def compile_rules(lang: Any) -> Rules:
    """The rules (kind, compiled pattern) in order and the future, past and finite-past markers of
    `lang` (a `dossier.lang.Language`), from its ``date_grammar.yaml``."""
    where = f"src/dossier/lang/{lang.code}/{FILE}.yaml"
    if not lang.has(FILE):
        raise DossierError(f"language {lang.code!r} has no date grammar: {where} is missing",
                           hint=f"copy src/dossier/lang/en/{FILE}.yaml to {where} and write its patterns "
                                "with the words of the language")
    spec = lang.data(FILE)
    if not isinstance(spec, dict) or not isinstance(spec.get("rules"), list) or not isinstance(spec.get("tense"), dict):
        raise DossierError(f"{where} must be a mapping with a list `rules` and a mapping `tense`",
                           hint="see the layout at the top of src/dossier/lang/it/date_grammar.yaml")
    values: dict[str, str] = {}
    for name, source in (spec.get("words") or {}).items():
        values[name] = _alt(dict.fromkeys(_words(lang, source, where, name)))
    for name, template in (spec.get("fragments") or {}).items():
        values[name] = _fill(template, values, where, f"fragment {name}")

    rules: list[tuple[str, re.Pattern[str]]] = []
    for i, rule in enumerate(spec["rules"]):
        if not isinstance(rule, dict) or "kind" not in rule or "pattern" not in rule:
            raise DossierError(f"{where}: rule {i + 1} needs a `kind` and a `pattern`",
                               hint="write it as `- kind: month` / `  pattern: '...'`")
        kind = rule["kind"]
        if kind not in KINDS:
            raise DossierError(f"{where}: rule {i + 1} has the unknown kind {kind!r}",
                               hint=f"use one of the kinds dates.normalise reads: {', '.join(sorted(KINDS))}")
        rx = _compile(_fill(rule["pattern"], values, where, f"rule {kind}"), where, f"rule {kind}")
        unknown = sorted(set(rx.groupindex) - GROUPS)
        if unknown:
            raise DossierError(f"{where}: rule {kind} has groups dates.normalise does not read: {', '.join(unknown)}",
                               hint=f"name the groups among {', '.join(sorted(GROUPS))}")
        rules.append((kind, rx))
    missing = sorted(KINDS - {k for k, _ in rules} - set(spec.get("not_covered") or ()))
    if missing:
        raise DossierError(f"{where} has no rule for {', '.join(missing)}",
                           hint="add a rule for each, or list those the language does not cover under `not_covered`")

    tense = spec["tense"]
    marks: dict[str, re.Pattern[str]] = {}
    for name in ("future", "past", "finite_past"):
        if name in tense:
            marks[name] = _compile(_fill(tense[name], values, where, f"tense {name}"), where, f"tense {name}")
        elif name != "finite_past":
            raise DossierError(f"{where} has no tense marker `{name}`", hint=f"add `{name}:` under `tense:`")
    return rules, marks["future"], marks["past"], marks.get("finite_past", marks["past"])


def _words(lang: Any, source: Any, where: str, name: str) -> list[str]:
    """The words of a `words:` entry: "file", "file.key", a list of those, or {from:, forms:}."""
    if isinstance(source, dict):
        words = _words(lang, source.get("from"), where, name)
        out: list[str] = []
        for form in source.get("forms") or [{"case": "as_written"}]:
            case = _CASES.get(form.get("case", "as_written"))
            if case is None:
                raise DossierError(f"{where}: words {name} has the unknown case {form.get('case')!r}",
                                   hint=f"use one of {', '.join(_CASES)}")
            longest = form.get("max_length")
            out += [case(w) for w in words if longest is None or len(w) <= longest]
        return out
    if isinstance(source, list):
        return [w for s in source for w in _words(lang, s, where, name)]
    if not isinstance(source, str) or not source:
        raise DossierError(f"{where}: words {name} needs a source such as `months` or `time_words.previous`")
    file, _, key = source.partition(".")
    data = lang.data(file)
    if key:
        if not isinstance(data, dict) or key not in data:
            raise DossierError(f"{where}: words {name} reads {source!r}, "
                               f"but lang/{lang.code}/{file}.yaml has no `{key}`",
                               hint=f"add `{key}:` to lang/{lang.code}/{file}.yaml or change the source")
        data = data[key]
    return [str(w) for w in data] if isinstance(data, (dict, list)) else [str(data)]


def _fill(template: Any, values: dict[str, str], where: str, what: str) -> str:
    """A pattern with its {PLACEHOLDERS} filled; a list of strings is joined first."""
    text = "".join(template) if isinstance(template, list) else template
    if not isinstance(text, str):
        raise DossierError(f"{where}: {what} must be a string or a list of strings")

    def value(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            raise DossierError(f"{where}: {what} uses {{{m.group(1)}}}, which is not defined",
                               hint="define it under `words:` or, above its first use, under `fragments:`")
        return values[m.group(1)]

    return _PLACEHOLDER.sub(value, text)


def _compile(pattern: str, where: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise DossierError(f"{where}: {what} is not a valid regular expression ({e})") from e
