"""The store: where built articles live, behind one engine-neutral interface.

`Store` is what the CLI, the web views and the resolver call. Two engines implement it
with the same SQL (`store/sql.py`): `SQLiteStore` (`store/sqlite.py`, one file) and
`PostgresStore` (`store/postgres.py`, a server, for many writers and large corpora);
both give the same rows and answers. Everything goes in and comes out as records from `dossier.records` (or plain
tuples, dicts and bytes), never as engine rows.

Guarantees every engine keeps:
- `write_article` stores an article and all its layers in one transaction,
  replacing the rows of a document already stored, so a rerun never duplicates and a
  killed build leaves whole articles only;
- deterministic content: no random ids and no times in the article rows, so building
  the same folder twice gives the same `dump()`;
- a schema built by numbered migrations recorded in the store, and a clear `StoreError`
  for a store written by a newer dossier.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..records import Article, Claim, Document, Entity, Event, Mention, Quantity, Rejected, Sentence
from .rows import assign_ids

__all__ = ["Store", "StoreError", "open_store", "store_exists", "assign_ids"]


class Store(ABC):
    """An article store. Use it as a context manager, or call `close()`."""

    # --- writing -----------------------------------------------------------------

    @abstractmethod
    def write_article(self, article: Article, signature: bytes | None = None, pipeline: str = "") -> None:
        """Store one article with every layer, atomically, replacing the document's old rows.

        `signature` is the near-duplicate MinHash of the text; `pipeline` is the
        `Pipeline.signature` that extracted the layers (see `has_document`). Quantities,
        events and claims with an empty id are stored with `records.record_id(...)`
        (see `assign_ids`). Raises StoreError when a record's text is not
        `document.text[start:end]` or carries another document's id.
        """

    @abstractmethod
    def has_document(self, doc_id: str, pipeline: str | None = None) -> bool:
        """Whether `doc_id` is stored (and, with `pipeline`, was extracted by that pipeline)."""

    @abstractmethod
    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and its layers; False when it was not stored."""

    @abstractmethod
    def record_rejected(self, rejected: Rejected) -> None:
        """Remember an input that did not become a document; idempotent per (source_path, reason)."""

    @abstractmethod
    def start_run(self, pipeline: str) -> int:
        """Open an entry in the run log (the only time-stamped rows); return its id."""

    @abstractmethod
    def finish_run(self, run_id: int, stats: Mapping[str, int]) -> None:
        """Close a run log entry with its counts (written, skipped, rejected...)."""

    # --- reading -----------------------------------------------------------------

    @abstractmethod
    def documents(self, with_text: bool = True) -> list[Document]:
        """Every document, by publication date (undated last) then id; text "" when not wanted."""

    @abstractmethod
    def document(self, doc_id: str) -> Document | None:
        """One document, or None."""

    @abstractmethod
    def load_article(self, doc_id: str) -> Article:
        """The article as written (with ids assigned); StoreError when the id is unknown."""

    @abstractmethod
    def entities(self, type: str | None = None) -> list[tuple[Entity, int]]:
        """Entities with their mention counts, most mentioned first (then by id)."""

    @abstractmethod
    def entity(self, entity_id: str) -> Entity | None:
        """One entity, or None."""

    @abstractmethod
    def mentions(self, entity_id: str) -> list[Mention]:
        """The mentions of one entity, by document then offset."""

    @abstractmethod
    def events(self, type: str | None = None) -> list[Event]:
        """Events (optionally of one type), by document then offset."""

    @abstractmethod
    def timeline(self) -> list[Event]:
        """Events by date (ISO strings, so "2024-06" precedes "2024-06-18"; undated last), then document, offset."""

    @abstractmethod
    def quantities(self) -> list[Quantity]:
        """Every quantity, by document then offset."""

    @abstractmethod
    def flows(self, item: str | None = None) -> list[Quantity]:
        """Quantities with a from_entity or to_entity, optionally whose item or unit is `item`;
        by period (unknown last), then document, offset."""

    @abstractmethod
    def claims(self, about: str | None = None, forms: tuple[str, ...] = ()) -> list[Claim]:
        """Claims, by document then offset; `about` keeps those whose cue sentence, or the
        sentence of a quantity or event they carry, matches the words of `about` (full text,
        accents ignored); `forms`, when given, are the word forms any of which may stand for
        `about` ("container", "containers", "contenitori")."""

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[Sentence]:
        """Sentences matching every word of `query` (accents ignored, "quoted phrases" kept,
        a trailing * for a prefix), best first. Other syntax is taken literally."""

    @abstractmethod
    def figures(self, units: Sequence[str], limit: int = 5000) -> list[Quantity]:
        """Quantities counted in any of `units`, by period (unknown last), document, offset; at most `limit`."""

    @abstractmethod
    def figure_groups(self, units: Sequence[str], limit: int = 500) -> list[tuple[Quantity, int]]:
        """Figures counted in any of `units`, one per distinct figure (value, range, bound, unit, item,
        parties, period, source, stance, hypothetical) outside near-duplicate documents, with how
        many stored figures it stands for; the most repeated first, at most `limit`. The returned
        Quantity carries those fields only (no offsets): `figure_members` gives the figures."""

    @abstractmethod
    def figure_members(self, figure: Quantity, limit: int = 50) -> list[Quantity]:
        """The stored figures equal to `figure` in every field `figure_groups` groups by, outside
        near-duplicate documents, by document then offset; at most `limit`."""

    @abstractmethod
    def published_of(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """Publication date of each of these documents."""

    @abstractmethod
    def claims_in(self, doc_ids: Iterable[str], stances: Sequence[str]) -> list[Claim]:
        """Claims of any of `stances` in these documents, by document then offset."""

    @abstractmethod
    def events_of(self, types: Sequence[str], limit: int = 5000) -> list[Event]:
        """Events of any of `types`, by date (unknown last), document, offset; at most `limit`."""

    @abstractmethod
    def claims_with(self, stances: Sequence[str], limit: int = 5000) -> list[Claim]:
        """Claims of any of `stances`, by document then offset; at most `limit`."""

    @abstractmethod
    def sentences_at(self, spans: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Sentence]:
        """The sentence holding each (document id, offset), keyed by that pair; absent when none does."""

    @abstractmethod
    def search_groups(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[Sentence]:
        """Sentences holding a word (or phrase, or "prefix*") of every group, the latest stored first,
        at most `limit`: the terms of a group are alternatives (synonyms, translations, names of one
        actor). Unranked: the caller ranks them."""

    @abstractmethod
    def group_counts(self, groups: Sequence[Sequence[str]], cap: int = 2000) -> list[int]:
        """How many sentences hold a term of each group (the terms of `search_groups`), counted up
        to `cap`: enough to tell a group no sentence holds, and a rare group from a common one."""

    @abstractmethod
    def duplicates(self) -> dict[str, str]:
        """Near-duplicate document id -> the id of its original."""

    @abstractmethod
    def documents_from(self, source: str) -> list[str]:
        """Ids of the stored documents whose url, or else source path, is `source`."""

    @abstractmethod
    def retire(self, doc_id: str, action: str, replaced_by: str | None = None) -> bool:
        """Remove a document and its layers and record why in the history (`versions`); copies that
        linked to it become originals. False when it was not stored."""

    @abstractmethod
    def history(self) -> list[dict[str, Any]]:
        """The documents that left the store, oldest first (doc_id, source, action, replaced_by, at)."""

    @abstractmethod
    def arrivals(self, since: str | None = None) -> dict[str, str]:
        """Document id -> when it first entered the store (UTC ISO time), those at or after `since`."""

    @abstractmethod
    def set_duplicate_of(self, doc_id: str, original: str | None) -> None:
        """Point a stored document's near-duplicate link at `original` (None: it is an original)."""

    @abstractmethod
    def event_clusters(self, event_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Event id -> cluster id, as the last `dossier resolve` left them (empty before one);
        only for `event_ids` when given."""

    @abstractmethod
    def cluster_events(self, cluster_ids: Iterable[str], limit: int = 200) -> list[Event]:
        """The events of these clusters (the last `dossier resolve`'s), at most `limit`."""

    @abstractmethod
    def write_event_clusters(self, assignments: Mapping[str, str]) -> None:
        """Replace every event's cluster with `assignments` (event id -> cluster id), atomically."""

    @abstractmethod
    def signatures(self) -> list[tuple[str, bytes]]:
        """(document id, MinHash signature) of every document that has one, by id."""

    @abstractmethod
    def rejected(self) -> list[Rejected]:
        """The rejected inputs, by source path then reason."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Row count of every content table."""

    @abstractmethod
    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every content table as a sorted list of row tuples (run log, migration ledger,
        surrogate keys and first-seen times left out): equal dumps mean equal content."""

    @abstractmethod
    def schema_version(self) -> int:
        """The highest migration applied to this store."""

    @abstractmethod
    def close(self) -> None:
        """Release the store; calling it twice is harmless."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_server(target: str | Path) -> bool:
    """Whether `target` names a PostgreSQL server (a postgresql:// URL) rather than an SQLite file."""
    return str(target).startswith(("postgres://", "postgresql://"))


def store_exists(target: str | Path) -> bool:
    """Whether a store may be read at `target`: an SQLite file that exists, or any server URL
    (a server that cannot be reached says so when it is opened)."""
    return is_server(target) or Path(target).exists()


def open_store(path: str | Path | None = None, settings: Mapping[str, Any] | None = None) -> Store:
    """Open (creating and migrating as needed) the store at `path`.

    `path` defaults to the `db` entry of `settings` (resolved settings; when None,
    `settings.resolve()`, whose default is `dossier.db`). A path is an SQLite file;
    ":memory:" gives a throwaway store; a `postgresql://USER@HOST:PORT/DATABASE` URL is a
    PostgreSQL database (created tables in the first schema of its search path).
    """
    if path is None:
        if settings is None:
            from ..settings import resolve

            settings = resolve()
        path = settings["db"]
    target = str(path)
    if is_server(target):
        from .postgres import PostgresStore

        return PostgresStore(target)
    from .sqlite import SQLiteStore

    return SQLiteStore(target)
