"""Reading the gold annotation (schema: the gold folder's README) into small typed records.

Only what the scorer compares is kept. `optional` items (and `TTL` mentions, which are
always optional) become *ignored* items: they are never required, and a system item that
only meets them is neither rewarded nor penalised. `*_alternative` values are folded into
tuples of accepted values, so the scoring code compares against a set.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldError

Span = tuple[int, int]

# The gold README's modality table: fine value -> coarse value (for `modality_alternative`).
COARSE_MODALITY = {
    "happened": "happened", "ongoing": "happened",
    "planned": "planned", "expected": "planned", "pledged": "planned",
    "possible": "possible", "probable": "possible", "hypothetical": "possible", "feared": "possible",
    "alleged": "alleged",
    "negated": "denied", "not_happened": "denied", "denied": "denied",
}


@dataclass(frozen=True, slots=True)
class GoldMention:
    entity: str
    start: int
    end: int
    form: str  # NAM MET NOM ADJ TTL
    required: bool  # entity and mention both non-optional, and form is not TTL
    with_article: Span | None = None  # alternative boundary including a leading article

    @property
    def spans(self) -> tuple[Span, ...]:
        return ((self.start, self.end),) + ((self.with_article,) if self.with_article else ())


@dataclass(frozen=True, slots=True)
class GoldQuantity:
    id: str
    start: int  # the surface span
    end: int
    value: float | None
    range: tuple[float | None, float | None] | None
    qualifiers: tuple[str, ...]  # accepted bounds: qualifier, then qualifier_alternative
    unit: str | None
    from_entity: str | None
    to_entity: str | None
    window: tuple[str | None, str | None] | None  # time_window start/end
    sources: tuple[str | None, ...]  # accepted source entities; (None,) = no attribution
    stances: tuple[str, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    type: str
    trigger: Span
    evidence: tuple[Span, ...]
    participants: tuple[tuple[str, str], ...]  # (entity, role)
    modalities: tuple[str, ...]  # accepted coarse modalities
    date: str | None  # date.value; None = the text gives no time
    sources: tuple[str | None, ...]
    required: bool
    group: str  # events of one doc sharing cross_doc_key and type may be merged by a system


@dataclass(slots=True)
class GoldDoc:
    doc_id: str
    file: str | None
    sha256: str | None
    published_range: tuple[str, str] | None
    entity_qids: dict[str, str | None]
    mentions: tuple[GoldMention, ...]
    quantities: tuple[GoldQuantity, ...]
    events: tuple[GoldEvent, ...]
    path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def gold_files(gold_dir: Path | str) -> list[Path]:
    """The per-article gold files of a folder: `*.json` except `cross_article*`."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(f"gold folder {folder} does not exist", hint="pass the folder that holds the per-article gold JSON files")
    files = sorted(p for p in folder.glob("*.json") if not p.name.startswith("cross_article"))
    if not files:
        raise GoldError(f"no gold files in {folder}", hint="the folder must hold one <doc>.json per annotated article")
    return files


def load_gold_dir(gold_dir: Path | str) -> list[GoldDoc]:
    docs = []
    for path in gold_files(gold_dir):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GoldError(f"cannot read gold file {path}: {exc}", hint="the file must be UTF-8 JSON") from exc
        doc = parse_gold(data, source=str(path))
        doc.path = path
        docs.append(doc)
    return docs


def parse_gold(data: dict[str, Any], source: str = "<dict>") -> GoldDoc:
    """One per-article gold dict -> GoldDoc. Missing optional keys get their schema default."""
    if not isinstance(data, dict) or "doc_id" not in data:
        raise GoldError(f"{source} is not a per-article gold file (no doc_id)", hint="see the gold README, section 1")
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise GoldError(f"{source}: malformed gold annotation ({exc!r})", hint="check it against the gold README schema") from exc


def _parse(data: dict[str, Any]) -> GoldDoc:
    qids: dict[str, str | None] = {}
    mentions: list[GoldMention] = []
    for ent in data.get("entities", ()):
        qids[ent["id"]] = ent.get("qid")
        ent_required = not ent.get("optional", False)
        for m in ent.get("mentions", ()):
            form = m.get("form", "NAM")
            swa = m.get("span_with_article")
            mentions.append(GoldMention(
                entity=ent["id"], start=m["start"], end=m["end"], form=form,
                required=ent_required and not m.get("optional", False) and form != "TTL",
                with_article=(int(swa[0]), int(swa[1])) if swa else None,
            ))
    rng = data.get("published_range")
    return GoldDoc(
        doc_id=str(data["doc_id"]), file=data.get("file"), sha256=data.get("sha256"),
        published_range=(str(rng[0]), str(rng[1])) if rng else None,
        entity_qids=qids, mentions=tuple(mentions),
        quantities=tuple(_quantity(q) for q in data.get("quantities", ())),
        events=tuple(_event(e) for e in data.get("events", ())),
        raw=data,
    )


def _sources(src: dict[str, Any] | None) -> tuple[str | None, ...]:
    # A claim attributed jointly (`co_sources`) is correctly attributed to any of them.
    if not src or not src.get("entity"):
        return (None,)
    return (src["entity"], *(c for c in src.get("co_sources", ()) if isinstance(c, str)))


def _end(d: dict[str, Any] | None) -> str | None:
    return d.get("entity") if isinstance(d, dict) else None


def _quantity(q: dict[str, Any]) -> GoldQuantity:
    rng = q.get("range")
    direction = q.get("direction") or {}
    tw = q.get("time_window")
    quals = (q.get("qualifier", "exact"),) + ((q["qualifier_alternative"],) if q.get("qualifier_alternative") else ())
    stances = (q.get("stance", "asserted"),) + ((q["stance_alternative"],) if q.get("stance_alternative") else ())
    return GoldQuantity(
        id=q["id"], start=q["surface"]["start"], end=q["surface"]["end"],
        value=float(q["value"]) if q.get("value") is not None else None,
        range=(_num(rng[0]), _num(rng[1])) if rng else None,
        qualifiers=quals, unit=q.get("unit"),
        from_entity=_end(direction.get("from")), to_entity=_end(direction.get("to")),
        window=(tw.get("start"), tw.get("end")) if tw else None,
        sources=_sources(q.get("source")), stances=stances,
        required=not q.get("optional", False),
    )


def _num(v: Any) -> float | None:
    return float(v) if v is not None else None


def _event(e: dict[str, Any]) -> GoldEvent:
    mods = [e.get("modality_coarse") or COARSE_MODALITY.get(e.get("modality", ""), "happened")]
    alt = e.get("modality_alternative")
    if alt:
        mods.append(COARSE_MODALITY.get(alt, alt))
    date = e.get("date") or {}
    key = e.get("cross_doc_key")
    return GoldEvent(
        id=e["id"], type=e["type"], trigger=(e["trigger"]["start"], e["trigger"]["end"]),
        evidence=tuple((ev["start"], ev["end"]) for ev in e.get("evidence", ())),
        participants=tuple((p["entity"], p["role"]) for p in e.get("participants", ()) if p.get("entity")),
        modalities=tuple(dict.fromkeys(mods)), date=date.get("value"),
        sources=_sources(e.get("source")), required=not e.get("optional", False),
        group=f"{key}|{e['type']}" if key else f"id:{e['id']}",
    )
