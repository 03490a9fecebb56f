"""The date grammar is language data (lang/<iso>/date_grammar.yaml) compiled by one builder."""
from __future__ import annotations

import inspect
import re
from datetime import date
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

import dossier.lang
from dossier.errors import DossierError
from dossier.extract import dates
from dossier.extract.date_patterns import KINDS
from dossier.extract.dates import build_grammar, grammar, normalise, scan_sentence
from dossier.lang import Language, load_language
from dossier.records import Sentence

ANCHOR = date(2025, 3, 12)  # a Wednesday
# What the date grammar of a language reads from its folder.
GRAMMAR_FILES = ("date_grammar", "months", "weekdays", "seasons", "time_words", "numbers", "units")
# Kinds made from time_words.yaml (since_event, event_day) and the story's timeline, not from the rules.
WORLD_KNOWLEDGE_KINDS = {"since_event", "event_day"}


def normalised_kinds() -> set[str]:
    """The kinds `dates.normalise` (and `_since`) handle, read from their source."""
    src = inspect.getsource(dates.normalise) + inspect.getsource(dates._since)
    kinds = set(re.findall(r'k(?:ind)? == "(\w+)"', src))
    for group in re.findall(r"k(?:ind)? in \(([^)]*)\)", src):
        kinds |= set(re.findall(r'"(\w+)"', group))
    return kinds


def spec_of(code: str) -> dict:
    return load_language(code).data("date_grammar")


def values(code: str, text: str, anchor: date = ANCHOR) -> list[tuple[str, str, str | None]]:
    g = grammar(code)
    sent = Sentence(doc_id="t", start=0, end=len(text), text=text, index=0)
    return [(x.kind, x.text, normalise(g, x, anchor).value) for x in scan_sentence(g, sent)]


def test_the_builder_knows_every_kind_the_normalisation_handles():
    assert normalised_kinds() - WORLD_KNOWLEDGE_KINDS == set(KINDS)


@pytest.mark.parametrize("code", dossier.lang.SUPPORTED)
def test_every_normalised_kind_appears_in_the_language_data(code):
    spec = spec_of(code)
    ruled = [r["kind"] for r in spec["rules"]]
    not_covered = set(spec.get("not_covered") or ())
    assert len(ruled) == len(set(ruled)), "a kind has two rules"
    assert not (not_covered & set(ruled)), "a kind is both ruled and declared not covered"
    for kind in normalised_kinds() - WORLD_KNOWLEDGE_KINDS:
        assert kind in ruled or kind in not_covered, f"{code}: no rule for {kind}"
    for key in ("since_event", "event_day"):  # the world-knowledge kinds come from time_words.yaml
        assert load_language(code).data("time_words")[key]
    # the compiled grammar keeps the rules in the order of the file (first match wins on ties)
    assert [k for k, _ in grammar(code).patterns] == ruled


def test_italian_covers_every_kind_and_english_declares_what_it_lacks():
    assert not spec_of("it").get("not_covered")
    assert spec_of("en")["not_covered"] == ["between_parts"]


def toy_language(tmp_path: Path, monkeypatch, code: str = "xx", without: tuple[str, ...] = ()) -> Language:
    """A language folder in tmp_path built from the English files, read through dossier.lang."""
    folder = tmp_path / code
    folder.mkdir()
    english = resources.files("dossier.lang").joinpath("en")
    for name in GRAMMAR_FILES:
        if name not in without:
            (folder / f"{name}.yaml").write_text(english.joinpath(f"{name}.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    monkeypatch.setattr(dossier.lang, "resources", SimpleNamespace(files=lambda package: tmp_path))
    return Language(code)


def test_a_toy_third_language_compiles_without_code_changes(tmp_path, monkeypatch):
    lang = toy_language(tmp_path, monkeypatch)
    folder = tmp_path / "xx"
    # its own month names, and its own way of saying "ago"
    toy_months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                  "octobre", "novembre", "décembre"]
    (folder / "months.yaml").write_text(yaml.safe_dump({m: i for i, m in enumerate(toy_months, 1)},
                                                       allow_unicode=True), encoding="utf-8")
    spec = yaml.safe_load((folder / "date_grammar.yaml").read_text(encoding="utf-8"))
    for rule in spec["rules"]:
        if rule["kind"] == "ago":
            rule["pattern"] = r"\bil\s+y\s+a\s+(?P<n>{NUMW})\s+(?P<u>{AGO})\b"
    (folder / "date_grammar.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")

    g = build_grammar(lang)
    text = "The convoy left on 5 Mars 2024, il y a two weeks they met, not in March."
    found = scan_sentence(g, Sentence(doc_id="t", start=0, end=len(text), text=text, index=0))
    got = [(x.kind, x.text, normalise(g, x, ANCHOR).value) for x in found]
    assert ("day_month", "5 Mars 2024", "2024-03-05") in got
    assert ("ago", "il y a two weeks", "2025-02-26") in got
    assert not any("March" in t for _, t, _ in got)  # the English month is not a month of this language


def test_a_language_without_the_date_grammar_file_names_it(tmp_path, monkeypatch):
    lang = toy_language(tmp_path, monkeypatch, without=("date_grammar",))
    with pytest.raises(DossierError, match=r"lang/xx/date_grammar\.yaml is missing"):
        build_grammar(lang)


@pytest.mark.parametrize("edit, message", [
    (lambda s: s["rules"][0].update(kind="fortnight"), "unknown kind 'fortnight'"),
    (lambda s: s["rules"][0].update(pattern=r"\bbetween\s+{NOWHERE}"), r"uses \{NOWHERE\}, which is not defined"),
    (lambda s: s["rules"].pop(0), "no rule for between_days"),
    (lambda s: s["rules"][0].update(pattern=r"\bbetween\s+(?P<day>\d+)"), "does not read: day"),
    (lambda s: s["words"].update(PREV="time_words.before"), "has no `before`"),
])
def test_mistakes_in_the_data_are_named(tmp_path, monkeypatch, edit, message):
    lang = toy_language(tmp_path, monkeypatch)
    path = tmp_path / "xx" / "date_grammar.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(spec)
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DossierError, match=message):
        build_grammar(lang)


@pytest.mark.parametrize("code, text, expected", [
    ("it", "Tra l'inizio e la metà di febbraio sono arrivati i convogli.",
     ("between_parts", "Tra l'inizio e la metà di febbraio", "2025-02-01/2025-02-15")),
    ("it", "Due settimane fa il ministro ha visitato il porto.", ("ago", "Due settimane fa", "2025-02-26")),
    ("it", "Dall'estate scorsa le consegne sono aumentate.", ("since_season", "Dall'estate scorsa", "2024-06/2025-03")),
    ("it", "Venerdì scorso il governo ha risposto.", ("weekday", "Venerdì scorso", "2025-03-07")),
    ("it", "Negli anni novanta i rapporti erano freddi.", ("decade", "anni novanta", "1990/1999")),
    ("it", "Il 5 marzo 2024 la nave è partita.", ("day_month", "5 marzo 2024", "2024-03-05")),
    ("en", "Two weeks ago the minister visited the port.", ("ago", "Two weeks ago", "2025-02-26")),
    ("en", "Since last summer deliveries have grown.", ("since_season", "Since last summer", "2024-06/2025-03")),
    ("en", "The ship left on March 5, 2024.", ("day_month", "March 5, 2024", "2024-03-05")),
    ("en", "Between 4 and 9 February the convoys arrived.",
     ("between_days", "Between 4 and 9 February", "2025-02-04/2025-02-09")),
    ("en", "In the nineties relations were cold.", ("decade", "the nineties", "1990/1999")),
    ("en", "The talks may resume next week.", ("unit_rel", "next week", "2025-03-17/2025-03-23")),
])
def test_our_sentences_parse_to_the_expected_values(code, text, expected):
    got = values(code, text)
    assert expected in got, got
    assert all(kind != "month" for kind, _, _ in got)  # "may" the verb, "marzo 2024" inside a day
