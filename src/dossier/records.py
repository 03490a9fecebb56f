"""The typed records that flow through dossier.

One `Article` is the spine: ingest fills its `Document`, and each extraction stage
reads some layers of the article and adds one (see `pipeline.py`). Every record
that comes from the text carries `doc_id`, `start` and `end`: character offsets into
`Document.text` (Python `str` indices, half-open), so that
``article.document.text[rec.start:rec.end] == rec.text`` always holds. The offsets
are the citation: the CLI, the store, the scorer and later the web pages all use them.

Fields are plain values (str, int, float, None, tuples of those) so that a record
serialises to JSON with `to_dict` and back with `from_dict`, and the per-article
pipeline stays a pure function that a distributed runner can map over partitions.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

# Vocabularies (kept here so the store, the scorer and the CLI share one list).
ENTITY_TYPES = ("PERSON", "GPE", "ORG", "LOC", "FAC", "EVENT", "WEAPON", "PRODUCT", "WORK", "GROUP")
MENTION_FORMS = ("NAM", "MET", "NOM", "ADJ")
BOUNDS = ("exact", "about", "at_least", "more_than", "up_to", "less_than", "vague")
STANCES = ("asserted", "estimated", "believed", "alleged", "denied", "hypothetical", "planned", "projected")
MODALITIES = ("happened", "planned", "possible", "alleged", "denied")  # coarse event modality
DATE_PRECISIONS = ("day", "month", "season", "year", "range", "unknown")
EVENT_TYPES = (
    "VISIT", "MEETING", "INVITATION", "AGREEMENT_SIGNED", "AGREEMENT_REACHED", "TRANSFER",
    "TROOP_DEPLOYMENT", "COMBAT", "ATTACK", "LAUNCH", "VETO", "SANCTION",
    "MILITARY_EXERCISE_PLANNED", "REPORT_PUBLISHED", "STATEMENT_SUPPORT", "CRITICISM",
    "ACCUSATION", "DENIAL", "STATEMENT", "OTHER",
)

R = TypeVar("R", bound="Record")


def record_id(kind: str, doc_id: str, start: int, end: int, extra: str = "") -> str:
    """Deterministic id of an extracted record: the same article gives the same ids."""
    return f"{kind}:{doc_id}:{start}-{end}" + (f":{extra}" if extra else "")


@dataclass(slots=True)
class Record:
    """Base of every record: JSON round trip by field name."""

    KIND: ClassVar[str] = "record"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            sub = _NESTED.get((cls.__name__, f.name))
            if sub is not None and value is not None:
                value = tuple(sub.from_dict(v) for v in value) if isinstance(value, list) else sub.from_dict(value)
            elif isinstance(value, list):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            kwargs[f.name] = value
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(slots=True)
class Document(Record):
    """An ingested article. `id` is a content hash of the normalised text."""

    KIND: ClassVar[str] = "document"
    id: str
    text: str
    language: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date at its precision: "2024-06-18", "2024-06"
    published_precision: str | None = None  # "day", "month", "year"
    published_range: tuple[str, str] | None = None  # plausible [earliest, latest], ISO days
    published_basis: str | None = None  # "metadata" or "inferred"
    source_path: str | None = None
    duplicate_of: str | None = None  # id of the original when this is a near-duplicate


@dataclass(slots=True)
class Span(Record):
    """A piece of text in one document."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Sentence(Span):
    KIND: ClassVar[str] = "sentence"
    index: int = 0


@dataclass(slots=True)
class Mention(Span):
    """A reference to an entity: a name, a metonym, a nominal or an adjective."""

    KIND: ClassVar[str] = "mention"
    entity_id: str | None = None  # knowledge-base id, or "new:<slug>" for a discovered name
    type: str | None = None  # one of ENTITY_TYPES
    form: str = "NAM"  # one of MENTION_FORMS
    sentence: int | None = None
    extractor: str = ""


@dataclass(slots=True)
class Entity(Record):
    """An actor, place, institution... known to the knowledge base or discovered in text."""

    KIND: ClassVar[str] = "entity"
    id: str
    name: str  # canonical English name
    type: str
    qid: str | None = None  # Wikidata id where known
    aliases: tuple[str, ...] = ()
    discovered: bool = False  # True when not in the knowledge base


@dataclass(slots=True)
class TimeExpr(Span):
    """A date or period expression normalised against the publication date."""

    KIND: ClassVar[str] = "time"
    value: str | None = None  # "2024-06-18", "2024-06", "2023-09/2024-06", "2000"
    precision: str = "unknown"  # one of DATE_PRECISIONS
    basis: str = "explicit"  # explicit | relative_to_publication | none
    sentence: int | None = None
    extractor: str = ""


@dataclass(slots=True)
class Participant(Record):
    role: str
    entity_id: str | None
    start: int | None = None  # the mention's offsets, None when implied
    end: int | None = None


@dataclass(slots=True)
class Quantity(Span):
    """A figure as written, with its bound, unit and (for flows) direction and period.

    `text` covers the numeric expression with its bound word and counted noun
    ("circa 11.000 container"). A quantity with `from_entity`/`to_entity` is a flow.
    `source_entity` and `stance` are the attribution, filled by the claims stage.
    """

    KIND: ClassVar[str] = "quantity"
    value: float | None = None
    low: float | None = None  # range bounds; None = open
    high: float | None = None
    bound: str = "exact"  # one of BOUNDS
    unit: str | None = None  # "container", "person", "USD", "shell", ...
    item: str | None = None  # what is counted, as a normalised lemma ("container", "soldier")
    from_entity: str | None = None
    to_entity: str | None = None
    period: str | None = None  # ISO value or interval "2023-09/2024-06"
    period_start: int | None = None  # offsets of the period expression
    period_end: int | None = None
    hypothetical: bool = False  # capacity or scenario, not a fact
    source_entity: str | None = None
    stance: str = "asserted"
    sentence: int | None = None
    id: str = ""
    extractor: str = ""


@dataclass(slots=True)
class Event(Span):
    """Something that happened (or is planned, alleged, denied). Span = the trigger."""

    KIND: ClassVar[str] = "event"
    type: str = "OTHER"  # one of EVENT_TYPES
    participants: tuple[Participant, ...] = ()
    date: str | None = None
    date_precision: str | None = None
    date_start: int | None = None
    date_end: int | None = None
    modality: str = "happened"  # one of MODALITIES (coarse)
    source_entity: str | None = None  # attribution, filled by the claims stage
    sentence: int | None = None
    id: str = ""
    extractor: str = ""


@dataclass(slots=True)
class Claim(Span):
    """An attributed statement. Span = the cue ("affermano", "secondo").

    `claimant_*` locate who says it (None: the article itself); `about` lists the ids
    of the quantities and events the claim carries; `denies` the claim it denies.
    """

    KIND: ClassVar[str] = "claim"
    claimant_entity: str | None = None
    claimant_start: int | None = None
    claimant_end: int | None = None
    stance: str = "asserted"
    about: tuple[str, ...] = ()
    denies: str | None = None
    via: str | None = None  # relaying source in nested attribution ("secondo il Rodong Sinmun, Putin ha...")
    sentence: int | None = None
    id: str = ""
    extractor: str = ""


@dataclass(slots=True)
class TextIssue(Span):
    """Non-news text (captions, credits, appeals) or garbled passages."""

    KIND: ClassVar[str] = "issue"
    type: str = "boilerplate"  # boilerplate | garbled | unsupported_language | over_model_budget
    note: str = ""


@dataclass(slots=True)
class Parsed(Record):
    """The parsed document: every syntactic word of every sentence, in columns (one entry a word).

    Words are in text order; `heads` index into the same columns (-1 for a sentence's root), so a
    word's head is in its own sentence. A contraction split into two words ("della" = "di" + "la")
    gives both the offsets of the printed token. `deps` are Universal Dependencies relations with
    their subtypes ("nsubj", "obl:agent"), whatever parser made them (`parser` names it).
    """

    KIND: ClassVar[str] = "parse"
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    forms: tuple[str, ...] = ()  # the syntactic word ("di" for the first half of "della")
    lemmas: tuple[str, ...] = ()
    upos: tuple[str, ...] = ()
    heads: tuple[int, ...] = ()
    deps: tuple[str, ...] = ()
    sentence: tuple[int, ...] = ()  # index of the word's sentence
    parser: str = ""

    def __len__(self) -> int:
        return len(self.starts)


@dataclass(slots=True)
class Article(Record):
    """One document and every layer extracted from it."""

    KIND: ClassVar[str] = "article"
    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    issues: tuple[TextIssue, ...] = ()
    parse: Parsed | None = None  # one parse of the whole text, read by every later stage
    stages: tuple[str, ...] = field(default_factory=tuple)  # names of the stages that ran

    @property
    def text(self) -> str:
        return self.document.text

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset` (a binary search: sentences are in text order)."""
        sents = self.sentences
        lo, hi = 0, len(sents)
        while lo < hi:
            mid = (lo + hi) // 2
            if sents[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(sents) and sents[lo].start <= offset < sents[lo].end:
            return sents[lo]
        return None


@dataclass(slots=True)
class Rejected(Record):
    """An input that could not become a Document, with the reason (never a silent None)."""

    KIND: ClassVar[str] = "rejected"
    source_path: str
    reason: str


_NESTED: dict[tuple[str, str], type[Record]] = {
    ("Article", "document"): Document,
    ("Article", "sentences"): Sentence,
    ("Article", "mentions"): Mention,
    ("Article", "entities"): Entity,
    ("Article", "times"): TimeExpr,
    ("Article", "quantities"): Quantity,
    ("Article", "events"): Event,
    ("Article", "claims"): Claim,
    ("Article", "issues"): TextIssue,
    ("Article", "parse"): Parsed,
    ("Event", "participants"): Participant,
}
