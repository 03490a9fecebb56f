"""KIND reader, BIO <-> span conversion and the entity-level scorer, on hand-made data."""
from __future__ import annotations

import pytest

from dossier.errors import DossierError
from dossier.ner.kind import (
    bio_to_spans,
    char_spans,
    detokenize,
    read_kind,
    score,
    score_spans,
    spans_to_bio,
)

TSV = (
    "Ieri\tO\nLaura\tB-PER\nBianchi\tI-PER\nha\tO\nvisitato\tO\nTorino\tB-LOC\n.\tO\n"
    "\n\n"  # several blank lines are one separator
    "La\tO\nBanca\tB-ORG\nd'\tI-ORG\nItalia\tI-ORG\ntace\tO\n"  # no trailing blank line
)


def test_read_kind_sentences(tmp_path):
    path = tmp_path / "mini.tsv"
    path.write_text(TSV, encoding="utf-8")
    sents = read_kind(path)
    assert len(sents) == 2
    assert sents[0].words == ("Ieri", "Laura", "Bianchi", "ha", "visitato", "Torino", ".")
    assert sents[0].tags[1:3] == ("B-PER", "I-PER")
    assert sents[1].words[2] == "d'"
    assert sents[1].tags == ("O", "B-ORG", "I-ORG", "I-ORG", "O")


@pytest.mark.parametrize("bad", ["Roma\n", "Roma\tB-CITY\n", "Roma\tX-LOC\n", "\tO\n"])
def test_read_kind_rejects_malformed_lines(tmp_path, bad):
    path = tmp_path / "bad.tsv"
    path.write_text("Ciao\tO\n" + bad, encoding="utf-8")
    with pytest.raises(DossierError, match=":2:"):
        read_kind(path)


def test_read_kind_missing_file(tmp_path):
    with pytest.raises(DossierError, match="not found"):
        read_kind(tmp_path / "none.tsv")


def test_bio_to_spans_basic_and_adjacent():
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O", "B-ORG"]
    assert bio_to_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC"), (7, 8, "ORG")]


def test_bio_to_spans_stray_inside_tags_start_entities():
    # seqeval (CoNLL mode) treats an I- after O or after another type as a start
    assert bio_to_spans(["O", "I-LOC", "I-LOC", "I-PER"]) == [(1, 3, "LOC"), (3, 4, "PER")]


def test_spans_to_bio_round_trip():
    spans = [(0, 1, "ORG"), (1, 3, "ORG"), (5, 6, "PER")]
    tags = spans_to_bio(7, spans)
    assert tags == ["B-ORG", "B-ORG", "I-ORG", "O", "O", "B-PER", "O"]
    assert bio_to_spans(tags) == spans


def test_score_exact_match_per_type_and_micro():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-LOC"]]  # PER boundary wrong, one spurious LOC
    s = score(gold, pred)
    assert s.prf("PER")[:3] == (0.0, 0.0, 0.0)
    assert s.prf("LOC")[:3] == (0.5, 1.0, pytest.approx(2 / 3))
    assert s.prf("ORG")[:3] == (1.0, 1.0, 1.0)
    p, r, f, support = s.prf()
    assert (p, r, support) == (0.5, 2 / 3, 3)
    assert f == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_score_agrees_with_seqeval():
    seqeval = pytest.importorskip("seqeval.metrics")
    gold = [["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-ORG"], ["O", "B-LOC", "I-LOC", "B-LOC"]]
    pred = [["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "O"], ["O", "B-LOC", "I-LOC", "I-LOC"]]
    p, r, f, _ = score(gold, pred).prf()
    assert p == pytest.approx(seqeval.precision_score(gold, pred))
    assert r == pytest.approx(seqeval.recall_score(gold, pred))
    assert f == pytest.approx(seqeval.f1_score(gold, pred))


def test_score_rejects_length_mismatch():
    with pytest.raises(DossierError):
        score([["O", "O"]], [["O"]])


def test_detokenize_glues_elisions_and_punctuation():
    words = ["Il", "capo", "dell'", "Onu", "(", "a", "Ginevra", ")", "ha", "parlato", "."]
    text, offsets = detokenize(words)
    assert text == "Il capo dell'Onu (a Ginevra) ha parlato."
    assert [text[a:b] for a, b in offsets] == words


def test_char_spans_and_span_scorer():
    words = ["Anna", "Verdi", "lavora", "all'", "Eni", "."]
    tags = ["B-PER", "I-PER", "O", "O", "B-ORG", "O"]
    text, spans = char_spans(words, tags)
    assert [(text[a:b], lab) for a, b, lab in spans] == [("Anna Verdi", "PER"), ("Eni", "ORG")]
    s = score_spans([spans], [[spans[0], (0, 4, "PER")]])
    assert s.prf("PER")[:2] == (0.5, 1.0)
    assert s.prf("ORG")[1] == 0.0


def test_decoding_respects_bio():
    import numpy as np

    from dossier.ner.tagger import TAGS, decode

    logits = np.full((3, len(TAGS)), -5.0)
    logits[0, TAGS.index("I-PER")] = 3.0  # I- at the start is not allowed ...
    logits[0, TAGS.index("B-PER")] = 2.0  # ... so the next best tag wins
    logits[1, TAGS.index("I-PER")] = 3.0  # allowed after B-PER
    logits[2, TAGS.index("I-LOC")] = 3.0  # not allowed after I-PER
    logits[2, TAGS.index("O")] = 1.0
    assert decode(logits) == ["B-PER", "I-PER", "O"]
    assert decode(np.zeros((0, len(TAGS)))) == []
