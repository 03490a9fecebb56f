"""UAS / LAS on hand-made trees: punctuation counts, LAS compares the universal relation."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from dossier.errors import DossierError
from dossier.parse.score import score


@dataclass
class T:
    heads: tuple
    deprels: tuple
    upos: tuple


GOLD = T((2, 0, 2, 2), ("nsubj:pass", "root", "obj", "punct"), ("NOUN", "VERB", "NOUN", "PUNCT"))


def test_perfect_parse():
    assert score([GOLD], [GOLD]).to_dict() == {"words": 4, "uas": 1.0, "las": 1.0, "las_full": 1.0, "upos": 1.0}


def test_subtype_counts_only_in_las_full():
    pred = T(GOLD.heads, ("nsubj", "root", "obj", "punct"), GOLD.upos)
    r = score([GOLD], [pred]).to_dict()
    assert (r["uas"], r["las"], r["las_full"]) == (1.0, 1.0, 0.75)


def test_wrong_head_costs_both_wrong_label_only_las():
    pred = T((2, 0, 1, 2), ("nsubj:pass", "root", "obj", "nmod"), ("NOUN", "VERB", "VERB", "PUNCT"))
    r = score([GOLD, GOLD], [pred, GOLD]).to_dict()
    assert r["words"] == 8
    assert r["uas"] == pytest.approx(7 / 8, abs=1e-4)      # punctuation counts
    assert r["las"] == pytest.approx(6 / 8, abs=1e-4)      # wrong head; right head, wrong label
    assert r["upos"] == pytest.approx(7 / 8, abs=1e-4)


def test_length_mismatch_is_an_error():
    with pytest.raises(DossierError):
        score([GOLD], [T((0,), ("root",), ("X",))])
    with pytest.raises(DossierError):
        score([GOLD], [])
