import pytest

from dossier.errors import GoldError
from dossier.records import Entity
from dossier.scoring.links import Linker, load_gold_links

KB = {
    "kb_kremlin": Entity(id="kb_kremlin", name="Kremlin", type="ORG", qid="Q1"),
    "kb_usa": Entity(id="kb_usa", name="United States", type="GPE", qid="Q30"),
    "kb_rossi": Entity(id="kb_rossi", name="Mario Rossi", type="PERSON"),
    "kb_russia": Entity(id="kb_russia", name="Russia", type="GPE", qid="Q159"),
}
QIDS = {"KREMLIN": "Q1", "USA": "Q30", "WHITEHOUSE": "Q35525", "ROSSI": None, "RUS": "Q159"}


def test_link_by_qid():
    linker = Linker(KB, QIDS, {})
    assert linker.same("kb_kremlin", "KREMLIN")
    assert not linker.same("kb_usa", "KREMLIN")


def test_link_by_table_when_no_qid():
    assert not Linker(KB, QIDS, {}).same("kb_rossi", "ROSSI")
    assert Linker(KB, QIDS, {"ROSSI": ("kb_rossi",)}).same("kb_rossi", "ROSSI")


def test_unknown_or_missing_ids_never_link():
    linker = Linker({}, QIDS, {})
    assert not linker.same("kb_kremlin", "KREMLIN")  # empty KB: no qid to compare
    assert not linker.same(None, "KREMLIN")


def test_country_level_mapping():
    linker = Linker(KB, QIDS, {})
    assert not linker.same("kb_usa", "WHITEHOUSE")
    assert linker.same_country("kb_usa", "WHITEHOUSE")  # White House counts as the US
    assert linker.same_country("kb_kremlin", "RUS")  # a Kremlin link where the gold says Russia
    assert not linker.same_country("kb_usa", "KREMLIN")


def test_source_acceptance_with_none():
    linker = Linker(KB, QIDS, {})
    assert linker.accepts(None, (None,))
    assert not linker.accepts("kb_usa", (None,))
    assert not linker.accepts(None, ("USA",))
    assert linker.accepts("kb_usa", ("KREMLIN", "USA"))  # co-source


def test_shipped_table_loads():
    table = load_gold_links()
    assert isinstance(table, dict)
    assert all(isinstance(v, tuple) and v for v in table.values())


def test_table_file_format(tmp_path):
    p = tmp_path / "links.yaml"
    p.write_text("# a comment\nROSSI: kb_rossi\nPAIR: [kb_a, kb_b]\n", encoding="utf-8")
    assert load_gold_links(p) == {"ROSSI": ("kb_rossi",), "PAIR": ("kb_a", "kb_b")}
    p.write_text("ROSSI: 3\n", encoding="utf-8")
    with pytest.raises(GoldError, match="ROSSI"):
        load_gold_links(p)


def test_a_gold_key_identical_to_a_kb_id_links():
    linker = Linker(KB, {"kb_rossi": None}, {})
    assert linker.same("kb_rossi", "kb_rossi")  # no QID, no table entry: the shared key is enough
    assert "kb_rossi" in linker.gold_keys("kb_rossi")
    assert not linker.same("kb_other", "kb_other")  # an id the knowledge base does not hold
    assert not linker.same("kb_rossi", "kb_usa")


def test_a_discovered_name_counts_as_the_gold_entity_outside_the_kb_it_matched():
    qids = dict(QIDS, PODOLYAK=None, SMITH=None)
    base = Linker(KB, qids, {"ROSSI": ("kb_rossi",)})
    doc = base.with_discovered([("new:mykhailo-podolyak", "PODOLYAK"), ("new:mykhailo-podolyak", "PODOLYAK"),
                                ("new:mykhailo-podolyak", "SMITH"),   # the majority wins
                                ("new:mario-rossi", "ROSSI"),        # ROSSI is in the KB: no shortcut
                                ("kb_usa", "KREMLIN")])              # only discovered ids are aliased
    assert doc.accepts("new:mykhailo-podolyak", ("PODOLYAK",))
    assert not doc.accepts("new:mykhailo-podolyak", ("SMITH",))
    assert not doc.same("new:mario-rossi", "ROSSI")
    assert not doc.same("kb_usa", "KREMLIN")
    assert not base.same("new:mykhailo-podolyak", "PODOLYAK")  # the article's view leaves the base alone
