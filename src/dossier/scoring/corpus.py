"""The scorer's input: the corpus folder as Documents, each paired with its gold file.

Documents come from `dossier.ingest.iter_inputs` when it exists; otherwise every `.txt`
file is read as is (UTF-8). Gold offsets index the exact annotated text, so a gold file is
paired with the document whose text has the gold `sha256`; the file stem equal to the gold
`doc_id` is the fallback, with a note when the text differs (offsets may then be off).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..records import Document
from .gold import GoldDoc


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_txt_folder(corpus_dir: Path) -> list[Document]:
    docs = []
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(Document(id=sha256(text)[:16], text=text, language="it", source_path=str(path)))
    return docs


def _as_document(item: Any) -> Document | None:
    if isinstance(item, Document):
        return item
    doc = getattr(item, "document", None)
    if isinstance(doc, Document):
        return doc
    if isinstance(item, tuple):
        return next((d for d in map(_as_document, item) if d is not None), None)
    return None  # e.g. a Rejected input


def corpus_documents(corpus_dir: Path | str) -> list[Document]:
    folder = Path(corpus_dir)
    if not folder.is_dir():
        raise GoldError(f"corpus folder {folder} does not exist", hint="pass the folder holding the annotated articles")
    try:
        from ..ingest import iter_inputs  # type: ignore[attr-defined]
    except ImportError:
        iter_inputs = None
    if iter_inputs is not None:
        docs = [d for d in map(_as_document, iter_inputs(folder)) if d is not None]
        if docs:
            return docs
    return read_txt_folder(folder)


@dataclass(slots=True)
class Pairing:
    gold: GoldDoc
    document: Document
    exact_text: bool  # the document text is the annotated text (sha256 equal)


def pair_documents(golds: list[GoldDoc], docs: list[Document]) -> list[Pairing]:
    by_sha = {}
    by_stem = {}
    for d in docs:
        by_sha.setdefault(sha256(d.text), d)
        if d.source_path:
            by_stem.setdefault(Path(d.source_path).stem, d)
    out = []
    for g in golds:
        doc = by_sha.get(g.sha256 or "")
        if doc is not None:
            out.append(Pairing(g, doc, True))
            continue
        stem = Path(g.file).stem if g.file else g.doc_id
        doc = by_stem.get(g.doc_id) or by_stem.get(stem)
        if doc is None:
            raise GoldError(
                f"gold document {g.doc_id} has no article in the corpus (no text with its sha256, no file {g.doc_id}.*)",
                hint="pass the corpus folder that was annotated with this gold folder",
            )
        out.append(Pairing(g, doc, sha256(doc.text) == g.sha256))
    return out
