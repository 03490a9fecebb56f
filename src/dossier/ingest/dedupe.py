"""Identity of articles: content-hash ids and near-duplicate (syndicated copy) detection.

`document_id` makes ingesting the same text twice a no-op for the store. Near-duplicates
(a wire story republished with a new headline or one sentence changed) get their own id
but point at the original through `Document.duplicate_of`, found with MinHash over word
5-shingles and an LSH index (datasketch).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..errors import IngestError

NUM_PERM = 128
SHINGLE_WORDS = 5
_SEED = 1  # fixed: signatures saved by the store must stay comparable across runs
_WORD = re.compile(r"\w+")
_DTYPE = np.dtype("<u8")


def document_id(text: str) -> str:
    """sha256 of the NFC-normalised text with whitespace runs collapsed, first 16 hex digits."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word `size`-grams of the lower-cased text (the whole text when it is shorter)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Any:
    # Building a MinHash draws its permutations from the seed each time; reuse them.
    return MinHash(num_perm=num_perm, seed=_SEED).permutations


class NearDuplicateIndex:
    """MinHash-LSH index of earlier articles.

    >>> index = NearDuplicateIndex(threshold=0.8)
    >>> sig = index.signature(text)          # bytes, for the store
    >>> original = index.find(sig)           # id of an earlier near-duplicate, or None
    >>> index.add(doc_id, sig)

    `find` confirms LSH candidates with the estimated Jaccard similarity and returns
    the earliest added among those at or above the threshold, so copies of copies
    point at the first version the index saw.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM):
        if not 0.0 < threshold <= 1.0:
            raise IngestError(
                f"near_duplicate_threshold must be in (0, 1], got {threshold}",
                hint="0.8 finds republished copies with a new headline or a changed sentence",
            )
        self.threshold = float(threshold)
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=num_perm)
        self._minhashes: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}  # doc_id -> position in insertion order (age)

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None = None) -> NearDuplicateIndex:
        from ..settings import defaults

        value = (settings or {}).get("near_duplicate_threshold")
        return cls(threshold=defaults()["near_duplicate_threshold"] if value is None else float(value))

    def __len__(self) -> int:
        return len(self._minhashes)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._minhashes

    def signature(self, text: str) -> bytes:
        """The MinHash of `text` as bytes (num_perm little-endian uint64 values)."""
        mh = MinHash(num_perm=self.num_perm, seed=_SEED, permutations=_permutations(self.num_perm))
        mh.update_batch(sorted(shingles(text)))
        return mh.hashvalues.astype(_DTYPE).tobytes()

    def _minhash(self, signature: bytes) -> MinHash:
        if len(signature) != self.num_perm * _DTYPE.itemsize:
            raise IngestError(
                f"near-duplicate signature has {len(signature)} bytes, expected {self.num_perm * _DTYPE.itemsize}",
                hint=f"signatures must come from NearDuplicateIndex(num_perm={self.num_perm}).signature",
            )
        values = np.frombuffer(signature, dtype=_DTYPE).astype(np.uint64)
        return MinHash(
            num_perm=self.num_perm, seed=_SEED, hashvalues=values, permutations=_permutations(self.num_perm)
        )

    def add(self, doc_id: str, signature: bytes) -> None:
        """Index `doc_id`; adding an id already present is a no-op."""
        if doc_id in self._minhashes:
            return
        mh = self._minhash(signature)
        self._lsh.insert(doc_id, mh)
        self._minhashes[doc_id] = mh
        self._order[doc_id] = len(self._order)

    def remove(self, doc_id: str) -> None:
        """Forget `doc_id` (a retired version); unknown ids are ignored."""
        if doc_id in self._minhashes:
            self._lsh.remove(doc_id)
            del self._minhashes[doc_id]
            self._order.pop(doc_id, None)

    def add_all(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Seed the index from saved (doc_id, signature) pairs, oldest first."""
        for doc_id, signature in items:
            self.add(doc_id, signature)

    def find_all(self, signature: bytes, exclude: str | None = None) -> list[str]:
        """Every indexed near-duplicate of `signature` (estimated Jaccard at or above the threshold)."""
        mh = self._minhash(signature)
        return sorted(c for c in self._lsh.query(mh)
                      if c != exclude and mh.jaccard(self._minhashes[c]) >= self.threshold)

    def find(self, signature: bytes, exclude: str | None = None) -> str | None:
        """The id of the earliest indexed near-duplicate of `signature`, or None.

        `exclude` skips one id (the document itself, when it is already indexed).
        """
        mh = self._minhash(signature)
        candidates = sorted((c for c in self._lsh.query(mh) if c != exclude), key=self._order.__getitem__)
        for doc_id in candidates:  # oldest first
            if mh.jaccard(self._minhashes[doc_id]) >= self.threshold:
                return doc_id
        return None
