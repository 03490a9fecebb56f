"""Cluster metrics (MUC, B³, CEAF-e, CoNLL) on partitions worked out by hand."""
import pytest

from dossier.scoring.clusters import b_cubed, ceaf_e, conll, muc

KEY = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def test_the_key_against_itself_scores_one():
    s = conll(KEY, KEY)
    assert s["conll_f1"] == 1.0 and all(s[k].f1 == 1.0 for k in ("muc", "b3", "ceafe"))


def test_all_singletons():
    alone = {m: m for m in KEY}
    assert muc(KEY, alone).r == 0.0
    b3 = b_cubed(KEY, alone)
    assert b3.p == 1.0 and b3.r == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5, abs=1e-4)
    # CEAF-e: best alignment gives phi = 2/(3+1) + 2/(2+1) over 5 response and 2 key entities
    phi = 2 / 4 + 2 / 3
    assert ceaf_e(KEY, alone).p == pytest.approx(phi / 5, abs=1e-4)
    assert ceaf_e(KEY, alone).r == pytest.approx(phi / 2, abs=1e-4)


def test_one_big_cluster():
    one = {m: 0 for m in KEY}
    m = muc(KEY, one)
    assert m.r == 1.0 and m.p == pytest.approx(3 / 4)
    b3 = b_cubed(KEY, one)
    assert b3.r == 1.0 and b3.p == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5, abs=1e-4)
