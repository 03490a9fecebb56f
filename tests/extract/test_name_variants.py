"""People's names as other desks spell them: one KB alias, many printed forms."""
from __future__ import annotations

import pytest

from dossier.extract.variants import joined_forms, spelling_key
from dossier.pipeline import Pipeline
from dossier.records import Article, Document
from dossier.stage import Resources


@pytest.mark.parametrize("a,b", [("Shoigu", "Shoygu"), ("Šojgu", "Shoigu"), ("Belousov", "Belousow"),
                                 ("Dmitrij", "Dmitry"), ("Sergej", "Sergey"), ("Khabarovsk", "Habarovsk")])
def test_romanisations_share_a_spelling_key(a, b):
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize("a,b", [("Putin", "Patin"), ("Kim", "Kam"), ("Lavrov", "Lavrova")])
def test_different_names_keep_different_keys(a, b):
    assert spelling_key(a) != spelling_key(b)


def test_korean_given_names_are_written_three_ways():
    forms = joined_forms(("Kim", "Jong", "Un"))
    assert ("Kim", "Jong-un") in forms and ("Kim", "Jongun") in forms
    assert ("Kim", "Jong", "Un") in joined_forms(("Kim", "Jong-un"))


def test_variants_link_to_the_known_person_and_common_words_stay_words():
    pipe = Pipeline(("sentences", "issues", "entities"), Resources({"ner_model": "off"}))
    text = "Andrej Belousow ha incontrato Dmitrij Peskow a Mosca. Il belousow non è una parola."
    got = {m.text: m.entity_id for m in pipe.run(Article(document=Document(id="t", text=text, language="it"))).mentions}
    assert got.get("Andrej Belousow") == "BELOUSOV" and got.get("Dmitrij Peskow") == "PESKOV"
    assert "belousow" not in got  # a lower-case word is never read as a name
