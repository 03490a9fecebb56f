"""Read CoNLL-U files (Universal Dependencies) into sentences of syntactic words.

Multiword-token lines ("1-2  della") and empty nodes ("8.1") are skipped: the parser is
trained and scored on syntactic words ("di", "la") with gold tokenisation, as in the
CoNLL 2018 shared task. Malformed lines raise a `DossierError` with file and line number.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DossierError

HINT = "CoNLL-U lines are 10 tab-separated columns: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC"


@dataclass(frozen=True, slots=True)
class Sentence:
    words: tuple[str, ...]
    upos: tuple[str, ...]
    heads: tuple[int, ...]    # 0 = root, else 1-based index into words
    deprels: tuple[str, ...]
    sent_id: str = ""


def read_conllu(path: str | Path) -> list[Sentence]:
    """Every sentence of one CoNLL-U file."""
    return list(iter_conllu(path))


def iter_conllu(path: str | Path) -> Iterator[Sentence]:
    path = Path(path)
    if not path.is_file():
        raise DossierError(f"CoNLL-U file not found: {path}",
                           hint="pass a .conllu file, e.g. ../shared/benchmarks/ud-italian/it_isdt-ud-dev.conllu")
    rows: list[tuple[str, str, int, str]] = []
    sent_id, first_line = "", 0
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                if rows:
                    yield _sentence(rows, sent_id, path, first_line)
                rows, sent_id = [], ""
                continue
            if line.startswith("#"):
                if line.startswith("# sent_id"):
                    sent_id = line.partition("=")[2].strip()
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise DossierError(f"{path}:{lineno}: expected 10 tab-separated columns, got {len(cols)}: "
                                   f"{line[:80]!r}",
                                   hint=HINT)
            wid = cols[0]
            if "-" in wid or "." in wid:  # multiword token or empty node
                continue
            if not rows:
                first_line = lineno
            if not wid.isdigit() or int(wid) != len(rows) + 1:
                raise DossierError(f"{path}:{lineno}: word id {wid!r} where {len(rows) + 1} was expected", hint=HINT)
            try:
                head = int(cols[6])
            except ValueError:
                raise DossierError(f"{path}:{lineno}: HEAD {cols[6]!r} is not a number", hint=HINT) from None
            if head < 0 or not cols[7] or cols[7] == "_" or not cols[1]:
                raise DossierError(f"{path}:{lineno}: missing form, head or relation: {line[:80]!r}", hint=HINT)
            rows.append((cols[1], cols[3], head, cols[7]))
    if rows:
        yield _sentence(rows, sent_id, path, first_line)


def _sentence(rows: list[tuple[str, str, int, str]], sent_id: str, path: Path, lineno: int) -> Sentence:
    n = len(rows)
    bad = [h for _, _, h, _ in rows if h > n]
    if bad:
        raise DossierError(f"{path}:{lineno}: sentence {sent_id or '?'} has a head ({bad[0]}) beyond its {n} words",
                           hint=HINT)
    return Sentence(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows),
                    tuple(r[3] for r in rows), sent_id)


def read_surface(path: str | Path) -> list[tuple[str, list[str]]]:
    """(the `# text` line, surface tokens) of each sentence: a multiword token counts once, by its
    surface form ("della"), as running text would give it. For benchmarks on realistic input."""
    path = Path(path)
    if not path.is_file():
        raise DossierError(f"CoNLL-U file not found: {path}", hint="pass a .conllu file")
    out: list[tuple[str, list[str]]] = []
    text, tokens, skip_to = "", [], 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    out.append((text or " ".join(tokens), tokens))
                text, tokens, skip_to = "", [], 0
            elif line.startswith("# text ="):
                text = line.partition("=")[2].strip()
            elif not line.startswith("#"):
                cols = line.split("\t")
                wid = cols[0]
                if "." in wid:
                    continue
                if "-" in wid:
                    tokens.append(cols[1])
                    skip_to = int(wid.split("-")[1])
                elif int(wid) > skip_to:
                    tokens.append(cols[1])
    if tokens:
        out.append((text or " ".join(tokens), tokens))
    return out
