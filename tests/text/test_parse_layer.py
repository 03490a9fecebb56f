"""The parse stage: one parsed document whose words, offsets and relations later stages can trust."""
from __future__ import annotations

import pytest

from dossier.pipeline import Pipeline
from dossier.records import Article, Document
from dossier.stage import Resources
from dossier.text import ParseView


ON = Resources({"parser": "on"})


def _parsed(text, lang):
    art = Pipeline(("sentences", "parse"), ON).run(Article(document=Document(id="t", text=text, language=lang)))
    return art, ParseView.of(art)


def test_english_relations_are_universal_dependencies():
    text = "The ministry said Russia sent thousands of shells to North Korea in March. Pyongyang denied it."
    art, view = _parsed(text, "en")
    p = art.parse
    assert p.parser.startswith("spacy/")
    assert all(text[a:b] == f for a, b, f in zip(p.starts, p.ends, p.forms))  # English words are printed words
    sent = view.word_at(text.index("sent"))
    subj = view.dependents(sent, "nsubj")
    assert [p.forms[k] for k in subj] == ["Russia"]
    # "to North Korea": the noun hangs on the verb as obl, the preposition is its case
    korea = view.word_at(text.index("Korea"))
    assert view.rel(korea) in ("obl", "compound", "nmod") or view.head_of_span(text.index("North"), text.index("Korea") + 5) is not None
    obl = [k for k in view.dependents(sent, "obl") if view.case(k) == "to"]
    assert obl and text[slice(*view.span(obl[0]))].endswith("Korea")
    assert "prep" not in p.deps and "pobj" not in p.deps and "dobj" not in p.deps


def test_every_word_has_a_head_in_its_own_sentence_and_one_root_per_sentence():
    text = "Kim met Putin in Vladivostok. The two leaders signed a treaty, officials said."
    art, view = _parsed(text, "en")
    p = art.parse
    for i, h in enumerate(p.heads):
        assert h == -1 or p.sentence[h] == p.sentence[i]
    roots = [p.sentence[i] for i, h in enumerate(p.heads) if h == -1]
    assert sorted(roots) == list(range(len(art.sentences)))


def test_a_language_without_a_parser_gets_words_and_lemmas_only():
    text = "Der Minister ist gestern nach Moskau gereist und hat dort Gespräche geführt."
    art = Pipeline(("sentences", "parse"), ON).run(Article(document=Document(id="t", text=text, language="de")))
    assert art.parse.parser == "" and len(art.parse) > 5
    assert set(art.parse.heads) == {-1} and ParseView.of(art) is None


def test_the_parser_setting_turns_the_syntax_off():
    art = Pipeline(("sentences", "parse"), Resources({"parser": "off"})).run(
        Article(document=Document(id="t", text="Russia sent shells to North Korea.", language="en")))
    assert art.parse.parser == "" and art.parse.forms[:2] == ("Russia", "sent") and ParseView.of(art) is None


def test_english_names_the_knowledge_base_lacks_are_proposed_by_the_english_tagger():
    text = "Analyst Margaret Ellingham of the Hollister Institute said Moscow had received the shells."
    art = Pipeline(("sentences", "issues", "entities"), Resources({"ner_model": "accurate"})).run(
        Article(document=Document(id="t", text=text, language="en")))
    found = {m.text: m.entity_id for m in art.mentions}
    assert any(t.startswith("Margaret Ellingham") and e.startswith("new:") for t, e in found.items()), found
    off = Pipeline(("sentences", "issues", "entities"), Resources({"ner_model": "off"})).run(
        Article(document=Document(id="t", text=text, language="en")))
    assert Resources({"ner_model": "off"}).names("en") is None
    assert len(off.mentions) <= len(art.mentions)
