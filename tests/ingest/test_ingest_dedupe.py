"""Identity: content-hash ids and MinHash near-duplicates."""
from __future__ import annotations

import pytest

from dossier.errors import IngestError
from dossier.ingest import NearDuplicateIndex, document_id


def article(headline: str, body: str) -> str:
    return headline + "\n\n" + body


def test_document_id_ignores_whitespace_and_unicode_form_only():
    composed = "La citt\u00e0 \u00e8 pronta."
    decomposed = "La  citta\u0300\n\u00e8 pronta.  "
    assert document_id(composed) == document_id(decomposed)
    assert document_id(composed) != document_id("La città è pronta!")
    assert len(document_id(composed)) == 16


def test_signature_is_stable_bytes(samples):
    index = NearDuplicateIndex()
    sig = index.signature(samples.RAIL_BODY)
    assert isinstance(sig, bytes) and len(sig) == 128 * 8
    # A fresh index (another run) computes the same bytes: the store can keep them.
    assert NearDuplicateIndex().signature(samples.RAIL_BODY) == sig
    assert index.signature(samples.HARVEST_BODY) != sig


def test_republished_copy_is_found_and_unrelated_article_is_not(samples):
    index = NearDuplicateIndex(threshold=0.8)
    original = article(samples.RAIL_HEADLINE, samples.RAIL_BODY)
    copy = article(samples.RAIL_COPY_HEADLINE, samples.RAIL_COPY_BODY)
    assert copy != original
    index.add(document_id(samples.HARVEST_BODY), index.signature(samples.HARVEST_BODY))
    index.add(document_id(original), index.signature(original))
    assert index.find(index.signature(copy)) == document_id(original)
    assert index.find(index.signature(samples.ENGLISH_BODY)) is None


def test_index_seeded_from_saved_signatures_finds_the_earliest_original(samples):
    first = NearDuplicateIndex()
    original = article(samples.RAIL_HEADLINE, samples.RAIL_BODY)
    copy = article(samples.RAIL_COPY_HEADLINE, samples.RAIL_COPY_BODY)
    saved = [("orig", first.signature(original)), ("copy", first.signature(copy))]

    index = NearDuplicateIndex()
    index.add_all(saved)
    index.add("orig", saved[0][1])  # adding twice is a no-op
    assert len(index) == 2 and "copy" in index
    assert index.find(saved[1][1]) == "orig"
    assert index.find(saved[0][1], exclude="orig") == "copy"


def test_threshold_comes_from_settings_and_is_checked(samples):
    strict = NearDuplicateIndex.from_settings({"near_duplicate_threshold": 0.95})
    assert strict.threshold == 0.95
    original = article(samples.RAIL_HEADLINE, samples.RAIL_BODY)
    strict.add("orig", strict.signature(original))
    # The copy shares about 85% of its shingles: not a near-duplicate at 0.95.
    assert strict.find(strict.signature(article(samples.RAIL_COPY_HEADLINE, samples.RAIL_COPY_BODY))) is None
    assert NearDuplicateIndex.from_settings({}).threshold == 0.8
    with pytest.raises(IngestError, match="near_duplicate_threshold"):
        NearDuplicateIndex(threshold=1.5)
    with pytest.raises(IngestError, match="signature"):
        strict.find(b"\x00" * 10)
