"""Records to table rows and back, shared by every store engine.

A row is a plain dict keyed by column name. Column names follow the record's field
names, except where the field name is an SQL keyword (`start`, `end`, `index`) and
where a field is a tuple, which lives in its own columns or table (`published_range`,
`aliases`, `stages`, `Event.participants`, `Claim.about`). `TABLES` is the one place
that says which record kind goes to which table with which columns; a test checks it
against the migrated schema.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError
from ..records import (
    Article, Claim, Document, Entity, Event, Mention, Participant, Quantity, Record, Sentence,
    TextIssue, TimeExpr, record_id,
)

_RENAME = {"start": "start_char", "end": "end_char", "index": "sentence_index"}


@dataclass(frozen=True, slots=True)
class LayerTable:
    """One article layer stored as rows of one table, in the layer's order (`seq`)."""

    layer: str  # Article field
    table: str
    cls: type[Record]
    skip: tuple[str, ...] = ()  # tuple fields stored elsewhere
    own_id: bool = True  # the record has an `id` field; else the id column is record_id(...)

    @property
    def columns(self) -> tuple[str, ...]:
        cols = ["doc_id", "seq", "id"]
        for f in dataclasses.fields(self.cls):
            if f.name in ("doc_id", "id") or f.name in self.skip:
                continue
            cols.append(_RENAME.get(f.name, f.name))
        return tuple(cols)


LAYERS: tuple[LayerTable, ...] = (
    LayerTable("sentences", "sentences", Sentence, own_id=False),
    LayerTable("mentions", "mentions", Mention, own_id=False),
    LayerTable("times", "times", TimeExpr, own_id=False),
    LayerTable("quantities", "quantities", Quantity),
    LayerTable("events", "events", Event, skip=("participants",)),
    LayerTable("claims", "claims", Claim, skip=("about",)),
    LayerTable("issues", "issues", TextIssue, own_id=False),
)
LAYER_BY_TABLE = {lt.table: lt for lt in LAYERS}

DOCUMENT_COLUMNS = (
    "id", "text", "language", "title", "url", "outlet", "published", "published_precision",
    "published_from", "published_to", "published_basis", "source_path", "duplicate_of",
    "stages", "signature", "pipeline",
)
ENTITY_COLUMNS = ("id", "name", "type", "qid", "aliases", "discovered")
PARTICIPANT_COLUMNS = ("event_id", "seq", "role", "entity_id", "start_char", "end_char")
CLAIM_ABOUT_COLUMNS = ("claim_id", "seq", "target_id")
ARTICLE_ENTITY_COLUMNS = ("doc_id", "seq", "entity_id")

# Every content table with its columns (what `dump` and `counts` cover): the run log and
# the migrations ledger hold times and are left out; so are surrogate keys and `first_seen`.
CONTENT_TABLES: dict[str, tuple[str, ...]] = {
    "documents": DOCUMENT_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "article_entities": ARTICLE_ENTITY_COLUMNS,
    **{lt.table: lt.columns for lt in LAYERS},
    "participants": PARTICIPANT_COLUMNS,
    "claim_about": CLAIM_ABOUT_COLUMNS,
    "rejected": ("source_path", "reason"),
}

_WITH_ID = (("quantities", Quantity), ("events", Event), ("claims", Claim))


def assign_ids(article: Article) -> Article:
    """Fill the empty `id` of quantities, events and claims with `record_id(...)`.

    The store keys those records (and the participant and claim links) by id, so it
    stores them with an id; `load_article` returns what this function returns. Two
    id-less records on the same span get `record_id(..., extra="2")`, "3"... in order.
    """
    changes: dict[str, tuple[Record, ...]] = {}
    for layer, _cls in _WITH_ID:
        recs = getattr(article, layer)
        if all(r.id for r in recs):
            continue
        taken = {r.id for r in recs if r.id}
        filled = []
        for r in recs:
            if not r.id:
                new_id, n = record_id(r.KIND, r.doc_id, r.start, r.end), 1
                while new_id in taken:
                    n += 1
                    new_id = record_id(r.KIND, r.doc_id, r.start, r.end, str(n))
                taken.add(new_id)
                r = dataclasses.replace(r, id=new_id)
            filled.append(r)
        changes[layer] = tuple(filled)
    return dataclasses.replace(article, **changes) if changes else article


def check_article(article: Article) -> None:
    """Refuse an article whose records do not cite its own text: offsets are the evidence."""
    doc = article.document
    if not doc.id:
        raise StoreError("the article's document has an empty id", hint="ingest sets Document.id to a content hash")
    for lt in LAYERS:
        seen: set[str] = set()
        for rec in getattr(article, lt.layer):
            where = f"{rec.KIND} {rec.start}-{rec.end} of document {doc.id}"
            if rec.doc_id != doc.id:
                raise StoreError(
                    f"{where} has doc_id {rec.doc_id!r}",
                    hint="every record of an article must carry the article's document id",
                )
            if not (0 <= rec.start <= rec.end <= len(doc.text)) or doc.text[rec.start:rec.end] != rec.text:
                extractor = getattr(rec, "extractor", "") or "the stage that made it"
                raise StoreError(
                    f"{where}: text {rec.text!r} is not document.text[{rec.start}:{rec.end}]",
                    hint=f"fix the offsets in {extractor}; text[start:end] == record.text must hold",
                )
            if lt.own_id:
                if rec.id in seen:
                    raise StoreError(
                        f"document {doc.id} has two {lt.table} with id {rec.id!r}",
                        hint="record ids must be unique: build them with records.record_id(kind, doc_id, start, end, extra)",
                    )
                seen.add(rec.id)


def layer_row(lt: LayerTable, rec: Record, seq: int) -> dict[str, Any]:
    row: dict[str, Any] = {"doc_id": rec.doc_id, "seq": seq}
    row["id"] = rec.id if lt.own_id else record_id(rec.KIND, rec.doc_id, rec.start, rec.end)
    for f in dataclasses.fields(lt.cls):
        if f.name in ("doc_id", "id") or f.name in lt.skip:
            continue
        value = getattr(rec, f.name)
        row[_RENAME.get(f.name, f.name)] = int(value) if isinstance(value, bool) else value
    return row


def layer_record(lt: LayerTable, row: Mapping[str, Any], **nested: Any) -> Record:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(lt.cls):
        if f.name in lt.skip:
            continue
        if f.name == "id" and not lt.own_id:
            continue
        value = row[_RENAME.get(f.name, f.name)]
        if f.type == "bool":
            value = bool(value)
        kwargs[f.name] = value
    kwargs.update(nested)
    return lt.cls(**kwargs)


def document_row(doc: Document, stages: Iterable[str], signature: bytes | None, pipeline: str) -> dict[str, Any]:
    rng = doc.published_range
    return {
        "id": doc.id, "text": doc.text, "language": doc.language, "title": doc.title, "url": doc.url,
        "outlet": doc.outlet, "published": doc.published, "published_precision": doc.published_precision,
        "published_from": rng[0] if rng else None, "published_to": rng[1] if rng else None,
        "published_basis": doc.published_basis, "source_path": doc.source_path, "duplicate_of": doc.duplicate_of,
        "stages": json.dumps(list(stages)), "signature": signature, "pipeline": pipeline,
    }


def document_record(row: Mapping[str, Any], with_text: bool = True) -> Document:
    rng = (row["published_from"], row["published_to"]) if row["published_from"] is not None else None
    return Document(
        id=row["id"], text=row["text"] if with_text else "", language=row["language"], title=row["title"],
        url=row["url"], outlet=row["outlet"], published=row["published"],
        published_precision=row["published_precision"], published_range=rng,
        published_basis=row["published_basis"], source_path=row["source_path"], duplicate_of=row["duplicate_of"],
    )


def entity_row(ent: Entity) -> dict[str, Any]:
    return {
        "id": ent.id, "name": ent.name, "type": ent.type, "qid": ent.qid,
        "aliases": json.dumps(list(ent.aliases), ensure_ascii=False), "discovered": int(ent.discovered),
    }


def entity_record(row: Mapping[str, Any]) -> Entity:
    return Entity(
        id=row["id"], name=row["name"], type=row["type"], qid=row["qid"],
        aliases=tuple(json.loads(row["aliases"])), discovered=bool(row["discovered"]),
    )


def participant_row(event_id: str, seq: int, p: Participant) -> dict[str, Any]:
    return {"event_id": event_id, "seq": seq, "role": p.role, "entity_id": p.entity_id,
            "start_char": p.start, "end_char": p.end}


def participant_record(row: Mapping[str, Any]) -> Participant:
    return Participant(role=row["role"], entity_id=row["entity_id"], start=row["start_char"], end=row["end_char"])


def marks(values: Sequence[Any]) -> str:
    """One `?` placeholder per value, for an IN (...) list."""
    return ", ".join("?" * len(values))
