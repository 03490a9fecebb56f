"""The MST decoder and the numpy biaffine: always a tree with one root, and the best one."""
from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.parse.decode import Biaffine, mst

from .conftest import is_tree_with_one_root


def total(scores, heads) -> float:
    return float(sum(scores[i + 1, h] for i, h in enumerate(heads)))


matrices = st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(0, 2**31 - 1), st.sampled_from([0.1, 1.0, 10.0]), st.booleans()))


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_mst_returns_a_tree_with_one_root(case):
    n, seed, spread, ties = case
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(n + 1, n + 1)) * spread
    if ties:  # many equal scores, and a root column everyone prefers (the hardest case for one root)
        scores = np.round(scores)
        scores[:, 0] += 5 * spread
    heads = mst(scores)
    assert len(heads) == n
    assert is_tree_with_one_root(heads.tolist())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(0, 2**31 - 1))
def test_mst_is_optimal_on_small_sentences(n, seed):
    scores = np.random.default_rng(seed).normal(size=(n + 1, n + 1))
    best = max(total(scores, h) for h in itertools.product(range(n + 1), repeat=n)
               if is_tree_with_one_root(list(h)))
    assert abs(total(scores, mst(scores).tolist()) - best) < 1e-9


def test_greedy_tree_is_kept_and_empty_input():
    scores = np.full((4, 4), -5.0)
    scores[1, 2] = scores[2, 0] = scores[3, 2] = 0.0
    assert mst(scores).tolist() == [2, 0, 2]
    assert mst(np.zeros((1, 1))).tolist() == []


def test_biaffine_labels_root_only_on_the_root():
    rng = np.random.default_rng(0)
    arc_dim, label_dim, labels, upos = 8, 4, ["det", "nsubj", "obj", "root"], ["NOUN", "VERB"]
    bi = Biaffine(rng.normal(size=(arc_dim + 1, arc_dim)), rng.normal(size=(len(labels), label_dim + 1, label_dim + 1)),
                  labels, upos, arc_dim, label_dim)
    for n in (1, 2, 7, 30):
        feats = rng.normal(size=(n + 1, 2 * arc_dim + 2 * label_dim + len(upos))).astype(np.float32)
        heads, rels, tags = bi.parse(feats)
        assert len(heads) == len(rels) == len(tags) == n
        assert is_tree_with_one_root(heads)
        assert [r == "root" for r in rels] == [h == 0 for h in heads]
        assert set(tags) <= set(upos)
    assert bi.parse(np.zeros((1, 2 * arc_dim + 2 * label_dim + 2), np.float32)) == ([], [], [])
