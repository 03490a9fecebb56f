"""The shared seed articles read back exactly as their files (gold offsets index the raw text)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest import count_inputs, iter_inputs
from dossier.records import Document

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds-it"


def test_seed_articles_keep_their_raw_text():
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds-it is not present")
    files = sorted(SEEDS.glob("*.txt"))
    assert count_inputs([SEEDS]) == len(files) == 4
    docs = list(iter_inputs([SEEDS], {}))
    assert all(isinstance(d, Document) for d in docs), docs
    assert [d.source_path for d in docs] == [str(f) for f in files]
    for doc, path in zip(docs, files):
        raw = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        assert doc.text == raw
        assert doc.language == "it"
    assert len({d.id for d in docs}) == 4
