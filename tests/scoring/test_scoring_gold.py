import json

import pytest

from dossier.errors import GoldError
from dossier.scoring.gold import gold_files, load_gold_dir, parse_gold


def test_optional_and_ttl_are_not_required(gold_dict):
    g = parse_gold(gold_dict)
    by_text = {(m.entity, m.form): m for m in g.mentions}
    assert by_text[("ROSSI", "TTL")].required is False
    assert by_text[("MINISTRY", "NOM")].required is False
    assert by_text[("LISBON", "NAM")].required is True


def test_span_with_article_is_an_alternative_boundary(gold_dict):
    g = parse_gold(gold_dict)
    kremlin = next(m for m in g.mentions if m.entity == "KREMLIN")
    assert len(kremlin.spans) == 2 and kremlin.spans[1][0] == kremlin.start - 3


def test_alternatives_are_folded(gold_dict):
    g = parse_gold(gold_dict)
    q = g.quantities[0]
    assert q.qualifiers == ("up_to", "at_least")
    assert q.stances == ("alleged", "estimated")
    assert (q.from_entity, q.to_entity) == ("PRT", "ESP")
    assert g.events[0].group == g.events[1].group  # same cross_doc_key and type
    assert g.events[2].group.startswith("id:")
    assert g.events[2].sources == (None,)


def test_gold_folder_skips_cross_article(tmp_path, gold_dict):
    (tmp_path / "t01.json").write_text(json.dumps(gold_dict), encoding="utf-8")
    (tmp_path / "cross_article.dev.json").write_text("{}", encoding="utf-8")
    assert [p.name for p in gold_files(tmp_path)] == ["t01.json"]
    assert load_gold_dir(tmp_path)[0].doc_id == "t01"


def test_empty_gold_folder_is_an_error(tmp_path):
    (tmp_path / "cross_article.dev.json").write_text("{}", encoding="utf-8")
    with pytest.raises(GoldError, match="no gold files"):
        gold_files(tmp_path)


def test_malformed_gold_names_the_file():
    with pytest.raises(GoldError, match="x.json"):
        parse_gold({"doc_id": "d", "entities": [{"mentions": []}]}, source="x.json")
