"""The knowledge base loads, is consistent, and answers dated office questions."""
import pytest

from dossier.errors import DossierError
from dossier.kb import KnowledgeBase
from dossier.records import ENTITY_TYPES


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_core_states_and_leaders_have_their_wikidata_ids(kb):
    expected = {"RUS": "Q159", "PRK": "Q423", "KOR": "Q884", "USA": "Q30", "UKR": "Q212", "CHN": "Q148",
                "PUTIN": "Q7747", "KJU": "Q56226"}
    for eid, qid in expected.items():
        assert kb.entities[eid].qid == qid


def test_every_entity_is_well_formed(kb):
    assert len(kb.entities) > 150
    for eid, ent in kb.entities.items():
        assert ent.id == eid and ent.type in ENTITY_TYPES and ent.name and not ent.discovered
        assert ent.aliases or kb.facts[eid].get("institution"), f"{eid} has no alias to be found by"


def test_aliases_cover_languages_and_transliterations(kb):
    assert {"Corea del Nord", "North Korea", "Repubblica Popolare Democratica di Corea"} <= set(kb.entities["PRK"].aliases)
    assert {"Kiev", "Kyiv"} <= set(kb.entities["KYIV"].aliases)
    assert {"Seul", "Seoul"} <= set(kb.entities["SEOUL"].aliases)
    assert {"Zelensky", "Zelenskyy", "Zelenski"} <= set(kb.entities["ZELENSKY"].aliases)


def test_capitals_point_both_ways(kb):
    for state in ("RUS", "PRK", "KOR", "USA", "UKR", "CHN"):
        cap = kb.capital(state)
        assert cap and kb.capital_of(cap) == state


def test_defence_minister_of_russia_changes_in_may_2024(kb):
    assert kb.holder("defence_minister", "RUS", "2023-07-28") == "SHOIGU"
    assert kb.holder("defence_minister", "RUS", "2024-06-18") == "BELOUSOV"
    assert kb.holder("defence_minister", "RUS", "2024-05") == "BELOUSOV"  # month precision: the later term wins
    assert kb.holder("defence_minister", "RUS", None) == "BELOUSOV"


def test_heads_of_state_follow_their_terms(kb):
    assert kb.holder("head_of_state", "USA", "2024-10-25") == "BIDEN"
    assert kb.holder("head_of_state", "USA", "2025-05-01") == "TRUMP"
    assert kb.holder("head_of_state", "RUS", "2010-01-01") == "MEDVEDEV"
    assert kb.holder("head_of_state", "PRK", "2005-01-01") == "KJI"
    assert kb.holder("foreign_minister", "UKR", "2024-03-01") == "KULEBA"
    assert kb.holder("foreign_minister", "UKR", "2024-12-01") == "SYBIHA"
    assert kb.holder("head_of_state", "VNM", "2000-01-01") is None


def test_institutions_by_kind_and_state(kb):
    assert kb.institution("defence_ministry", "RUS") == "RU_MOD"
    assert kb.institution("defence_ministry", "KOR") == "ROK_MOD"
    assert kb.institution("general_staff", "UKR") == "UA_GENSTAFF"
    assert kb.institution("defence_ministry", "VNM") is None


def test_bad_items_are_refused_with_a_hint():
    with pytest.raises(DossierError, match="needs id, name and a type"):
        KnowledgeBase.from_items([{"id": "X", "name": "X", "type": "PLANET"}])
    with pytest.raises(DossierError, match="unknown id"):
        KnowledgeBase.from_items([{"id": "X", "name": "X", "type": "GPE", "capital": "NOWHERE"}])
    with pytest.raises(DossierError, match="defined twice"):
        KnowledgeBase.from_items([{"id": "X", "name": "X", "type": "GPE"}, {"id": "X", "name": "Y", "type": "GPE"}])
    with pytest.raises(DossierError, match="unknown field"):
        KnowledgeBase.from_items([{"id": "X", "name": "X", "type": "GPE", "colour": "red"}])


def test_group_kinds_load_and_build_ids(kb):
    from dossier.extract.groups import group_id

    officials = kb.group_kinds["officials"]
    assert group_id(officials, ("USA",), plural=True, former=False) == "USA_OFFICIALS"
    assert group_id(officials, ("UKR",), plural=False, former=False) == "UKR_OFFICIAL"
    assert group_id(officials, ("KOR",), plural=False, former=True) == "KOR_FORMER_OFFICIAL"
    assert group_id(kb.group_kinds["analysts"], (), plural=True, former=False) == "ANALYSTS"
    for kind in kb.group_kinds.values():
        assert kind.type in ENTITY_TYPES and kind.plural != kind.singular


def test_bad_group_kinds_are_refused_with_a_hint():
    with pytest.raises(DossierError, match="needs exactly the fields"):
        KnowledgeBase.from_items([], group_kinds=[{"kind": "spies", "plural": "SPIES"}])
    good = {"kind": "spies", "plural": "SPIES", "singular": "SPY", "name": "spies", "one_name": "spy", "type": "GROUP"}
    with pytest.raises(DossierError, match="defined twice"):
        KnowledgeBase.from_items([], group_kinds=[good, good])
    with pytest.raises(DossierError, match="unknown type"):
        KnowledgeBase.from_items([], group_kinds=[dict(good, type="CROWD")])


def test_gold_links_of_groups_follow_the_id_scheme(kb):
    from dossier.extract.groups import parse_group_id
    from dossier.scoring.links import load_gold_links

    table = load_gold_links()
    built = [v for vs in table.values() for v in vs if v not in kb.entities]
    assert built, "the table links the gold's unnamed groups"
    for gid in built:
        # a group id (groups.yaml) or a report id <AUTHOR>_REPORT (dossier.extract.reports)
        author = gid[: -len("_REPORT")] if gid.endswith("_REPORT") else None
        assert parse_group_id(gid, kb) is not None or author in kb.entities, gid


def test_group_ids_parse_back_into_their_parts(kb):
    from dossier.extract.groups import group_id, parse_group_id

    troops, ambassadors = kb.group_kinds["troops"], kb.group_kinds["ambassadors"]
    assert not troops.bare and ambassadors.posted and kb.group_kinds["officials"].bare
    for kind, aff, plural, former, post in ((troops, ("PRK",), True, False, ""),
                                            (kb.group_kinds["officials"], ("RUS", "PRK"), True, False, ""),
                                            (kb.group_kinds["diplomats"], ("KOR",), False, True, ""),
                                            (ambassadors, ("RUS",), False, False, "KOR"),
                                            (kb.group_kinds["analysts"], (), True, False, "")):
        gid = group_id(kind, aff, plural, former, post)
        got = parse_group_id(gid, kb)
        assert got is not None and (got[0], got[1].kind, got[2], got[3], got[4]) == (aff, kind.kind, plural, former, post)
    assert group_id(ambassadors, ("RUS",), False, False, "KOR") == "RUS_AMBASSADOR_KOR"
    assert parse_group_id("RUS", kb) is None and parse_group_id("FNF_REPORT", kb) is None


def test_group_kind_flags_must_be_booleans():
    good = {"kind": "spies", "plural": "SPIES", "singular": "SPY", "name": "spies", "one_name": "spy", "type": "GROUP"}
    kb = KnowledgeBase.from_items([], group_kinds=[dict(good, bare=False)])
    assert kb.group_kinds["spies"].bare is False and kb.group_kinds["spies"].posted is False
    with pytest.raises(DossierError, match="true or false"):
        KnowledgeBase.from_items([], group_kinds=[dict(good, posted="yes")])
    with pytest.raises(DossierError, match="needs exactly the fields"):
        KnowledgeBase.from_items([], group_kinds=[dict(good, colour="red")])
