"""Reader for KIND / NERMuD files and the entity-level (seqeval-style) scorer.

KIND files hold one token per line as ``token<TAB>BIO-tag`` (PER, ORG, LOC) with a
blank line between sentences. The scorer counts an entity as correct only when its
type and both token boundaries match, like seqeval's default (CoNLL) mode, so that
the figures can be compared with published NERMuD results.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DossierError

LABELS = ("PER", "ORG", "LOC")
DOMAINS = ("WN", "ADG", "FIC")


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]


def read_kind(path: str | Path) -> list[TaggedSentence]:
    """Read one KIND TSV file into sentences; malformed lines raise with their line number."""
    path = Path(path)
    if not path.is_file():
        raise DossierError(f"KIND file not found: {path}", hint="pass --kind the folder holding WN_train.tsv etc.")
    sentences: list[TaggedSentence] = []
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                if words:
                    sentences.append(TaggedSentence(tuple(words), tuple(tags)))
                    words, tags = [], []
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0] or not _valid_tag(parts[1]):
                raise DossierError(
                    f"{path}:{lineno}: expected 'token<TAB>BIO-tag', got {line!r}",
                    hint="KIND lines are a token, a tab and O, B-PER, I-ORG, ...",
                )
            words.append(parts[0])
            tags.append(parts[1])
    if words:
        sentences.append(TaggedSentence(tuple(words), tuple(tags)))
    return sentences


def _valid_tag(tag: str) -> bool:
    if tag == "O":
        return True
    prefix, _, label = tag.partition("-")
    return prefix in ("B", "I") and label in LABELS


def kind_file(kind_dir: str | Path, domain: str, split: str) -> Path:
    return Path(kind_dir) / f"{domain}_{split}.tsv"


def bio_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, label)``, end exclusive, from BIO tags.

    Follows seqeval's CoNLL convention: an ``I-X`` after ``O`` or after another type
    starts a new entity rather than being dropped.
    """
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate(tags):
        prefix, _, lab = tag.partition("-")
        if prefix == "B" or (prefix == "I" and lab != label) or tag == "O":
            if label is not None:
                spans.append((start, i, label))
            start, label = (i, lab) if tag != "O" else (None, None)
    if label is not None:
        spans.append((start, len(tags), label))
    return spans


def spans_to_bio(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for start, end, label in spans:
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


@dataclass(frozen=True, slots=True)
class Scores:
    """Entity-level counts per label; precision/recall/F1 computed from them."""

    tp: dict[str, int]
    pred: dict[str, int]
    gold: dict[str, int]

    def prf(self, label: str | None = None) -> tuple[float, float, float, int]:
        """(precision, recall, f1, support) for one label, or micro-averaged when None."""
        if label is None:
            tp, pred, gold = sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values())
        else:
            tp, pred, gold = self.tp.get(label, 0), self.pred.get(label, 0), self.gold.get(label, 0)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, gold

    def table(self) -> str:
        rows = [f"{'':8}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
        for label in sorted(set(self.gold) | set(self.pred)):
            p, r, f, s = self.prf(label)
            rows.append(f"{label:8}{p:10.4f}{r:10.4f}{f:10.4f}{s:9d}")
        p, r, f, s = self.prf()
        rows.append(f"{'micro':8}{p:10.4f}{r:10.4f}{f:10.4f}{s:9d}")
        return "\n".join(rows)


def score(gold_tags: Iterable[Sequence[str]], pred_tags: Iterable[Sequence[str]]) -> Scores:
    """Exact-match entity scoring over parallel sentences of BIO tags."""
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for g, p in zip(gold_tags, pred_tags, strict=True):
        if len(g) != len(p):
            raise DossierError(f"sentence length mismatch: {len(g)} gold tags, {len(p)} predicted")
        gs, ps = set(bio_to_spans(g)), set(bio_to_spans(p))
        gold.update(s[2] for s in gs)
        pred.update(s[2] for s in ps)
        tp.update(s[2] for s in gs & ps)
    return Scores(dict(tp), dict(pred), dict(gold))


def iter_words(sentences: Iterable[TaggedSentence]) -> Iterator[str]:
    for s in sentences:
        yield from s.words


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "»", "%", "..."}
_NO_SPACE_AFTER = {"(", "[", "«"}


def detokenize(words: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Plausible running text for KIND words and each word's character offsets in it.

    KIND does not keep the original spacing; this glues elisions ("dell'" + "Onu")
    and closing punctuation the way Italian is written, which is what a tokenizer
    sees in real articles.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev = None
    for w in words:
        if prev is not None and not (w in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER or prev[-1] in "'’"):
            parts.append(" ")
            pos += 1
        offsets.append((pos, pos + len(w)))
        parts.append(w)
        pos += len(w)
        prev = w
    return "".join(parts), offsets


def char_spans(words: Sequence[str], tags: Sequence[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Detokenised text and the gold entities as character spans into it."""
    text, offsets = detokenize(words)
    return text, [(offsets[s][0], offsets[e - 1][1], lab) for s, e, lab in bio_to_spans(tags)]


def score_spans(gold: Iterable[Iterable[tuple[int, int, str]]], pred: Iterable[Iterable[tuple[int, int, str]]]) -> Scores:
    """Exact-match scoring of character spans (start, end, label), per text."""
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(g), set(p)
        ngold.update(s[2] for s in gs)
        npred.update(s[2] for s in ps)
        tp.update(s[2] for s in gs & ps)
    return Scores(dict(tp), dict(npred), dict(ngold))
