"""The SQL both engines share: every read and the shape of every write of `Store`.

`SQLStore` holds the queries that mean the same on SQLite and PostgreSQL, written with
`?` placeholders (the PostgreSQL engine turns them into `%s`) and ordered explicitly
(`x IS NULL, x` instead of an engine's NULL order, columns compared byte by byte), so
both engines return the same rows in the same order. An engine supplies the connection
(`_rows`, `_execute`, `_insert`), the transactions (`_atomically`), the full-text search
and its schema; it overrides nothing else.
"""
from __future__ import annotations

import json
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from ..errors import StoreError
from ..records import Article, Claim, Document, Entity, Event, Mention, Quantity, Rejected, Sentence
from . import Store
from .migrations import now
from .rows import (
    CONTENT_TABLES, LAYER_BY_TABLE, LAYERS, LayerTable, assign_ids, check_article, document_record,
    document_row, entity_record, entity_row, layer_record, layer_row, marks, participant_record, participant_row,
)
from .view_rows import ViewRows

_T = TypeVar("_T")
RANKED_AMONG = 2000  # a search ranks the latest so many matching sentences

ENTITY_UPSERT = (
    'INSERT INTO entities (id, name, type, qid, aliases, discovered) '
    'VALUES (:id, :name, :type, :qid, :aliases, :discovered) '
    'ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, qid = excluded.qid, '
    'aliases = excluded.aliases, discovered = excluded.discovered'
)

# The fields that make two stored figures the same figure (`figure_groups`).
FIGURE_KEY = ("unit", "item", "from_entity", "to_entity", "value", "low", "high", "bound", "period",
              "source_entity", "stance", "hypothetical")


class SQLStore(ViewRows, Store):
    """The engine-neutral queries of a store; see the module."""

    where: str  # the file or server, for messages
    _SAME = "IS"  # null-safe equality
    _VERSIONS_ORDER = "rowid"  # insertion order of the versions table
    _ERRORS: tuple[type[BaseException], ...] = ()  # the driver's errors, turned into StoreError on writes

    # --- what an engine supplies -----------------------------------------------------

    @abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterable[Mapping[str, Any]]:
        """Run a read; rows are mappings by column name."""

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write inside `_atomically`; return the number of rows it touched."""

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run one statement with `:name` placeholders for each row, inside `_atomically`."""

    @abstractmethod
    def _atomically(self, write: Callable[[], _T], key: str | None = None) -> _T:
        """Run `write` in one transaction (committed, or rolled back and raised again), waiting for
        other writers as the engine must; `key` names what is written (a document id), for engines
        that serialise writers of the same thing."""

    # Full text. `_MATCHING` selects `s.*` (with `s.sid`) of the sentences matching one engine search
    # expression (the parameter); `_RANKED` the same, best first among the latest RANKED_AMONG, with
    # the limit as second parameter; `_LATEST` the latest (highest sid) so many.
    _MATCHING: str
    _RANKED: str
    _LATEST: str
    _OR = " OR "  # the search expression's alternatives...
    _AND = " AND "  # ...and conjunction
    _SEARCH_ERRORS: tuple[type[BaseException], ...] = ()  # a query the search could not read

    @abstractmethod
    def _all_words(self, text: str) -> str | None:
        """The engine search expression for "all the words of `text`" as a user typed it (see
        `sqlite.fts_query`); None when it holds no word."""

    @abstractmethod
    def _any_term(self, group: Sequence[str]) -> str | None:
        """The engine search expression for "a term of `group`" (each a word or phrase, or "prefix*");
        None when no term."""

    def _match(self, queries: Sequence[str]) -> str | None:
        """"All the words of one of these queries"; None when no query holds a word."""
        alternatives = [q for q in map(self._all_words, queries) if q]
        if len(alternatives) <= 1:
            return alternatives[0] if alternatives else None
        return self._OR.join(f"({q})" for q in alternatives)

    def _group_match(self, groups: Sequence[Sequence[str]]) -> str | None:
        """"A term of each group"; None when no group holds a term."""
        parts = [m for m in map(self._any_term, groups) if m]
        return self._AND.join(parts) if parts else None

    def _matching(self, match: str) -> tuple[str, tuple[Any, ...]]:
        return self._MATCHING, (match,)

    def _search_error(self, query: str, run: Callable[[], _T]) -> _T:
        """Run a full-text read, a query the search could not read becoming a StoreError (every word
        is quoted by `_all_words`; this is a safety net)."""
        try:
            return run()
        except self._SEARCH_ERRORS as e:
            raise StoreError(f"cannot search for {query!r}: {str(e).strip()}", hint="search with plain words") from e

    def _insert(self, table: str, rows: Sequence[Mapping[str, Any]], sql: str | None = None) -> None:
        """Insert rows (dicts by column name, all with the same keys) inside `_atomically`, with
        `sql` (`:name` placeholders) or a plain INSERT of their columns."""
        if not rows:
            return
        if sql is None:
            cols = list(rows[0])
            sql = (f"INSERT INTO {table} ({', '.join(map(quoted, cols))}) "
                   f"VALUES ({', '.join(':' + c for c in cols)})")
        self._executemany(sql, rows)

    def _rows_of(self, select: str, ids: Iterable[str], params: Sequence[Any] = ()) -> Iterator[Mapping[str, Any]]:
        """The rows of `select` + " IN (...)" for each of `ids` (distinct), read 500 ids at a time so
        that no statement outgrows an engine's limit on parameters; `params` are select's own."""
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            yield from self._rows(f"{select} IN ({marks(chunk)})", [*params, *chunk])

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Mapping[str, Any] | None:
        return next(iter(self._rows(sql, params)), None)

    # --- writing -------------------------------------------------------------------

    def write_article(self, article: Article, signature: bytes | None = None, pipeline: str = "") -> None:
        article = assign_ids(article)
        check_article(article)
        doc_id = article.document.id

        def write() -> None:
            self._delete_rows(doc_id)
            self._insert("documents", [document_row(article.document, article.stages, signature, pipeline)])
            # entities in id order: concurrent writers then lock shared entity rows in one order
            self._insert("entities", [entity_row(e) for e in sorted(article.entities, key=lambda e: e.id)],
                         ENTITY_UPSERT)
            self._insert("article_entities", [
                {"doc_id": doc_id, "seq": i, "entity_id": e.id} for i, e in enumerate(article.entities)])
            for lt in LAYERS:
                self._insert_layer(lt, getattr(article, lt.layer))
            self._insert_participants(article.events)
            self._insert_claim_about(article.claims)
            self._execute("INSERT INTO arrivals (doc_id, first_seen) VALUES (?, ?) ON CONFLICT (doc_id) DO NOTHING",
                          (doc_id, now()))

        try:
            self._atomically(write, key=doc_id)
        except self._ERRORS as e:
            raise StoreError(
                f"could not store document {doc_id}: {e}",
                hint="nothing of this document was written; record ids must be unique across documents",
            ) from e

    def _insert_layer(self, lt: LayerTable, records: Sequence[Any]) -> None:
        self._insert(lt.table, [layer_row(lt, rec, i) for i, rec in enumerate(records)])

    def _insert_participants(self, events: Sequence[Event]) -> None:
        self._insert("participants", [
            participant_row(ev.id, i, p) for ev in events for i, p in enumerate(ev.participants)
        ])

    def _insert_claim_about(self, claims: Sequence[Claim]) -> None:
        self._insert("claim_about", [
            {"claim_id": c.id, "seq": i, "target_id": t} for c in claims for i, t in enumerate(c.about)
        ])

    def _delete_rows(self, doc_id: str) -> bool:
        ex = self._execute
        self._stale_views()
        ex("DELETE FROM claim_about WHERE claim_id IN (SELECT id FROM claims WHERE doc_id = ?)", (doc_id,))
        ex("DELETE FROM participants WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", (doc_id,))
        ex("DELETE FROM event_clusters WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)", (doc_id,))
        for lt in LAYERS:
            ex(f"DELETE FROM {lt.table} WHERE doc_id = ?", (doc_id,))
        ex("DELETE FROM article_entities WHERE doc_id = ?", (doc_id,))
        return ex("DELETE FROM documents WHERE id = ?", (doc_id,)) > 0

    def delete_document(self, doc_id: str) -> bool:
        return self._atomically(lambda: self._delete_rows(doc_id), key=doc_id)

    def has_document(self, doc_id: str, pipeline: str | None = None) -> bool:
        row = self._one("SELECT pipeline FROM documents WHERE id = ?", (doc_id,))
        return row is not None and (pipeline is None or row["pipeline"] == pipeline)

    def record_rejected(self, rejected: Rejected) -> None:
        self._atomically(lambda: self._execute(
            "INSERT INTO rejected (source_path, reason, first_seen) VALUES (?, ?, ?) "
            "ON CONFLICT (source_path, reason) DO NOTHING",
            (rejected.source_path, rejected.reason, now()),
        ))

    def start_run(self, pipeline: str) -> int:
        def write() -> int:
            rows = list(self._rows("INSERT INTO runs (pipeline, started_at) VALUES (?, ?) RETURNING id",
                                   (pipeline, now())))
            return int(rows[0]["id"])

        return self._atomically(write)

    def finish_run(self, run_id: int, stats: Mapping[str, int]) -> None:
        self._atomically(lambda: self._execute(
            "UPDATE runs SET finished_at = ?, stats = ? WHERE id = ?",
            (now(), json.dumps(dict(stats), sort_keys=True), run_id),
        ))

    def retire(self, doc_id: str, action: str, replaced_by: str | None = None) -> bool:
        def write() -> bool:
            row = self._one("SELECT url, source_path FROM documents WHERE id = ?", (doc_id,))
            if row is None:
                return False
            self._execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?", (doc_id,))
            self._delete_rows(doc_id)
            self._execute("INSERT INTO versions (doc_id, source, action, replaced_by, at) VALUES (?, ?, ?, ?, ?)",
                          (doc_id, row["url"] or row["source_path"], action, replaced_by, now()))
            return True

        return self._atomically(write, key=doc_id)

    def set_duplicate_of(self, doc_id: str, original: str | None) -> None:
        def write() -> None:
            self._stale_views()
            self._execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (original, doc_id))

        self._atomically(write)

    def write_event_clusters(self, assignments: Mapping[str, str]) -> None:
        def write() -> None:
            self._stale_views()
            self._execute("DELETE FROM event_clusters")
            self._insert("event_clusters", [{"event_id": e, "cluster_id": c} for e, c in sorted(assignments.items())])

        self._atomically(write)

    # --- reading -------------------------------------------------------------------

    def documents(self, with_text: bool = True) -> list[Document]:
        cols = "*" if with_text else "id, NULL AS text, " + ", ".join(
            c for c in CONTENT_TABLES["documents"] if c not in ("id", "text"))
        rows = self._rows(f"SELECT {cols} FROM documents ORDER BY published IS NULL, published, id")
        return [document_record(r, with_text) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self._one("SELECT * FROM documents WHERE id = ?", (doc_id,))
        return document_record(row) if row else None

    def load_article(self, doc_id: str) -> Article:
        row = self._one("SELECT * FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise StoreError(
                f"no document {doc_id!r} in the store {self.where}",
                hint="document ids are content hashes; list the stored ones with Store.documents()",
            )
        layers: dict[str, tuple[Any, ...]] = {}
        for lt in LAYERS:
            if lt.table == "events":
                layers[lt.layer] = tuple(self._events("e.doc_id = ?", (doc_id,), "e.seq"))
            elif lt.table == "claims":
                layers[lt.layer] = tuple(self._claims("c.doc_id = ?", (doc_id,), "c.seq"))
            else:
                rows = self._rows(f"SELECT * FROM {lt.table} WHERE doc_id = ? ORDER BY seq", (doc_id,))
                layers[lt.layer] = tuple(layer_record(lt, r) for r in rows)
        entities = self._rows(
            "SELECT e.* FROM article_entities a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.doc_id = ? ORDER BY a.seq", (doc_id,))
        return Article(
            document=document_record(row),
            entities=tuple(entity_record(r) for r in entities),
            stages=tuple(json.loads(row["stages"])),
            **layers,
        )

    def entities(self, type: str | None = None) -> list[tuple[Entity, int]]:
        where, params = ("WHERE e.type = ?", (type,)) if type else ("", ())
        rows = self._rows(
            "SELECT e.*, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS n "
            f"FROM entities e {where} ORDER BY n DESC, e.id", params)
        return [(entity_record(r), r["n"]) for r in rows]

    def entity(self, entity_id: str) -> Entity | None:
        row = self._one("SELECT * FROM entities WHERE id = ?", (entity_id,))
        return entity_record(row) if row else None

    def mentions(self, entity_id: str) -> list[Mention]:
        lt = LAYER_BY_TABLE["mentions"]
        rows = self._rows("SELECT * FROM mentions WHERE entity_id = ? ORDER BY doc_id, start_char, seq", (entity_id,))
        return [layer_record(lt, r) for r in rows]

    def events(self, type: str | None = None) -> list[Event]:
        if type:
            return self._events("e.type = ?", (type,), "e.doc_id, e.start_char, e.seq")
        return self._events("TRUE", (), "e.doc_id, e.start_char, e.seq")

    def timeline(self) -> list[Event]:
        return self._events("TRUE", (), "e.date IS NULL, e.date, e.doc_id, e.start_char, e.seq")

    def _events(self, where: str, params: Sequence[Any], order: str) -> list[Event]:
        parts: dict[str, list[Any]] = defaultdict(list)
        for r in self._rows(
            f"SELECT p.* FROM participants p JOIN events e ON e.id = p.event_id WHERE {where} "
            "ORDER BY p.event_id, p.seq", params,
        ):
            parts[r["event_id"]].append(participant_record(r))
        lt = LAYER_BY_TABLE["events"]
        rows = self._rows(f"SELECT e.* FROM events e WHERE {where} ORDER BY {order}", params)
        return [layer_record(lt, r, participants=tuple(parts.get(r["id"], ()))) for r in rows]

    def quantities(self) -> list[Quantity]:
        lt = LAYER_BY_TABLE["quantities"]
        return [layer_record(lt, r) for r in self._rows("SELECT * FROM quantities ORDER BY doc_id, start_char, seq")]

    def flows(self, item: str | None = None) -> list[Quantity]:
        lt = LAYER_BY_TABLE["quantities"]
        where, params = "(from_entity IS NOT NULL OR to_entity IS NOT NULL)", ()
        if item:
            where += " AND (lower(item) = lower(?) OR lower(unit) = lower(?))"
            params = (item, item)
        rows = self._rows(
            f"SELECT * FROM quantities WHERE {where} ORDER BY period IS NULL, period, doc_id, start_char, seq", params)
        return [layer_record(lt, r) for r in rows]

    def claims(self, about: str | None = None, forms: tuple[str, ...] = ()) -> list[Claim]:
        order = "c.doc_id, c.start_char, c.seq"
        if about is None:
            return self._claims("TRUE", (), order)
        found = self._about(about, forms)
        if found is None:
            return []
        with_clause, ids, params = found
        return self._search_error(about, lambda: self._claims(f"c.id IN (SELECT u.id FROM ({ids}) u)", params,
                                                              order, with_clause=with_clause))

    def _about(self, about: str, forms: tuple[str, ...]) -> tuple[str, str, tuple[Any, ...]] | None:
        """The WITH clause, the SELECT of (id, sid) of the claims about `about` (or any of its
        `forms`) with the sentence that says it, and their parameters; None when no word of it can
        be searched."""
        match = self._about_match(about, forms)
        if match is None:
            return None
        # A claim is about what its cue's sentence says (the sentence holding the cue's start),
        # and about the sentences of the quantities and events it carries: from the matching
        # sentences to the claims, never the other way (no scan of every claim).
        # (CROSS JOIN: SQLite keeps this order, sentences -> records -> claims; PostgreSQL plans as ever)
        inside = "h.doc_id = {r}.doc_id AND h.start_char <= {r}.start_char AND {r}.start_char < h.end_char"
        carried = ("SELECT a.claim_id AS id, h.sid FROM hits h CROSS JOIN {t} r CROSS JOIN claim_about a WHERE "
                   + inside.format(r="r") + " AND a.target_id = r.id")
        ids = (f"SELECT k.id AS id, h.sid FROM hits h CROSS JOIN claims k WHERE {inside.format(r='k')} "
               f"UNION ALL {carried.format(t='quantities')} UNION ALL {carried.format(t='events')}")
        sql, params = self._matching(match)
        return f"WITH hits AS (SELECT s.sid, s.doc_id, s.start_char, s.end_char FROM ({sql}) s) ", ids, params

    def _about_match(self, about: str, forms: tuple[str, ...]) -> str | None:
        match = self._match(forms) if forms else None
        return match if match is not None else self._match((about,))

    def _claims(self, where: str, params: Sequence[Any], order: str, with_clause: str = "") -> list[Claim]:
        about: dict[str, list[str]] = defaultdict(list)
        for r in self._rows(
            f"{with_clause}SELECT a.* FROM claim_about a JOIN claims c ON c.id = a.claim_id WHERE {where} "
            "ORDER BY a.claim_id, a.seq", params,
        ):
            about[r["claim_id"]].append(r["target_id"])
        lt = LAYER_BY_TABLE["claims"]
        rows = self._rows(f"{with_clause}SELECT c.* FROM claims c WHERE {where} ORDER BY {order}", params)
        return [layer_record(lt, r, about=tuple(about.get(r["id"], ()))) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[Sentence]:
        match = self._all_words(query)
        if match is None or limit <= 0:
            return []
        lt = LAYER_BY_TABLE["sentences"]
        rows = self._search_error(query, lambda: list(self._rows(self._RANKED, (match, limit))))
        return [layer_record(lt, r) for r in rows]

    def search_groups(self, groups: Sequence[Sequence[str]], limit: int = 20) -> list[Sentence]:
        match = self._group_match(groups)
        if match is None or limit <= 0:
            return []
        lt = LAYER_BY_TABLE["sentences"]
        sql, params = self._matching(match)
        # the latest matches, unranked: ranking costs more than the match itself on a large
        # store, and the caller ranks by the groups each sentence holds
        rows = self._search_error(str(groups), lambda: list(self._rows(
            f"SELECT * FROM ({sql}) s ORDER BY s.sid DESC LIMIT ?", (*params, limit))))
        return [layer_record(lt, r) for r in rows]

    def group_counts(self, groups: Sequence[Sequence[str]], cap: int = 2000) -> list[int]:
        out = []
        for group in groups:
            match = self._group_match([group])
            if match is None:
                out.append(0)
                continue
            sql, params = self._matching(match)
            row = self._search_error(str(group), lambda: self._one(
                f"SELECT COUNT(*) AS n FROM (SELECT s.sid FROM ({sql}) s LIMIT ?) k", (*params, cap)))
            out.append(int(row["n"]) if row else 0)
        return out

    def figures(self, units: Sequence[str], limit: int = 5000) -> list[Quantity]:
        if not units:
            return []
        lt = LAYER_BY_TABLE["quantities"]
        rows = self._rows(
            f"SELECT * FROM quantities WHERE unit IN ({marks(units)}) "
            "ORDER BY period IS NULL, period, doc_id, start_char, seq LIMIT ?", (*units, limit))
        return [layer_record(lt, r) for r in rows]

    def figure_groups(self, units: Sequence[str], limit: int = 500) -> list[tuple[Quantity, int]]:
        if not units:
            return []
        key = ", ".join(FIGURE_KEY)
        # ties broken by the group's first figure, so both engines list them in one order
        rows = self._rows(
            f"SELECT {key}, COUNT(*) AS n, MIN(doc_id) AS doc_id FROM quantities "
            f"WHERE unit IN ({marks(units)}) AND doc_id NOT IN "
            "(SELECT id FROM documents WHERE duplicate_of IS NOT NULL) "
            f"GROUP BY {key} ORDER BY n DESC, MIN(doc_id), MIN(start_char), MIN(id) LIMIT ?", (*units, limit))
        out = []
        for r in rows:
            q = Quantity(doc_id=r["doc_id"], start=0, end=0, text="", **{
                f: r[f] for f in FIGURE_KEY if f != "hypothetical"}, hypothetical=bool(r["hypothetical"]))
            out.append((q, r["n"]))
        return out

    def figure_members(self, figure: Quantity, limit: int = 50) -> list[Quantity]:
        where = " AND ".join(f"{c} {self._SAME} ?" for c in FIGURE_KEY)
        values = (figure.unit, figure.item, figure.from_entity, figure.to_entity, figure.value, figure.low, figure.high,
                  figure.bound, figure.period, figure.source_entity, figure.stance, int(figure.hypothetical))
        rows = self._rows(
            f"SELECT * FROM quantities WHERE {where} AND doc_id NOT IN "
            "(SELECT id FROM documents WHERE duplicate_of IS NOT NULL) ORDER BY doc_id, start_char, seq LIMIT ?",
            (*values, limit))
        lt = LAYER_BY_TABLE["quantities"]
        return [layer_record(lt, r) for r in rows]

    def published_of(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        return {r["id"]: r["published"] for r in self._rows_of("SELECT id, published FROM documents WHERE id", doc_ids)}

    def claims_in(self, doc_ids: Iterable[str], stances: Sequence[str]) -> list[Claim]:
        ids = list(dict.fromkeys(doc_ids))[:900]
        if not ids or not stances:
            return []
        return self._claims(f"c.doc_id IN ({marks(ids)}) AND c.stance IN ({marks(stances)})", (*ids, *stances),
                            "c.doc_id, c.start_char, c.seq")

    def events_of(self, types: Sequence[str], limit: int = 5000) -> list[Event]:
        if not types:
            return []
        return self._events(f"e.id IN (SELECT id FROM events WHERE type IN ({marks(types)}) "
                            "ORDER BY date IS NULL, date, doc_id, start_char, seq LIMIT ?)", (*types, limit),
                            "e.date IS NULL, e.date, e.doc_id, e.start_char, e.seq")

    def claims_with(self, stances: Sequence[str], limit: int = 5000) -> list[Claim]:
        if not stances:
            return []
        return self._claims(f"c.id IN (SELECT id FROM claims WHERE stance IN ({marks(stances)}) "
                            "ORDER BY doc_id, start_char, seq LIMIT ?)", (*stances, limit),
                            "c.doc_id, c.start_char, c.seq")

    def sentences_at(self, spans: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Sentence]:
        lt = LAYER_BY_TABLE["sentences"]
        out: dict[tuple[str, int], Sentence] = {}
        for doc_id, offset in dict.fromkeys(spans):
            row = self._one(
                "SELECT * FROM sentences WHERE doc_id = ? AND start_char <= ? ORDER BY start_char DESC LIMIT 1",
                (doc_id, offset))
            if row is not None and offset < row["end_char"]:
                out[(doc_id, offset)] = layer_record(lt, row)
        return out

    def sentences_of(self, doc_id: str) -> list[Sentence]:
        lt = LAYER_BY_TABLE["sentences"]
        return [layer_record(lt, r) for r in self._rows(
            "SELECT * FROM sentences WHERE doc_id = ? ORDER BY start_char", (doc_id,))]

    def record_starts(self, doc_id: str) -> dict[str, int]:
        """Event and quantity id -> its start, in one document."""
        rows = self._rows("SELECT id, start_char FROM events WHERE doc_id = ? UNION ALL "
                          "SELECT id, start_char FROM quantities WHERE doc_id = ?", (doc_id, doc_id))
        return {r["id"]: int(r["start_char"]) for r in rows}

    def duplicates(self) -> dict[str, str]:
        rows = self._rows("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL")
        return {r["id"]: r["duplicate_of"] for r in rows}

    def documents_from(self, source: str) -> list[str]:
        rows = self._rows("SELECT id FROM documents WHERE url = ? UNION "  # two index lookups, no scan
                          "SELECT id FROM documents WHERE source_path = ? AND url IS NULL ORDER BY 1", (source, source))
        return [r["id"] for r in rows]

    def history(self) -> list[dict[str, Any]]:
        rows = self._rows(f"SELECT doc_id, source, action, replaced_by, at FROM versions ORDER BY {self._VERSIONS_ORDER}")
        return [dict(r) for r in rows]

    def arrivals(self, since: str | None = None) -> dict[str, str]:
        rows = self._rows("SELECT doc_id, first_seen FROM arrivals WHERE first_seen >= ? ORDER BY first_seen, doc_id",
                          (since or "",))
        return {r["doc_id"]: r["first_seen"] for r in rows}

    def event_clusters(self, event_ids: Iterable[str] | None = None) -> dict[str, str]:
        if event_ids is None:
            return {r["event_id"]: r["cluster_id"] for r in self._rows("SELECT event_id, cluster_id FROM event_clusters")}
        rows = self._rows_of("SELECT event_id, cluster_id FROM event_clusters WHERE event_id", event_ids)
        return {r["event_id"]: r["cluster_id"] for r in rows}

    def cluster_events(self, cluster_ids: Iterable[str], limit: int = 200) -> list[Event]:
        ids = list(dict.fromkeys(cluster_ids))[:500]
        if not ids:
            return []
        return self._events(f"e.id IN (SELECT event_id FROM event_clusters WHERE cluster_id IN ({marks(ids)}) "
                            "ORDER BY event_id LIMIT ?)", (*ids, limit),
                            "e.date IS NULL, e.date, e.doc_id, e.start_char, e.seq")

    def signatures(self) -> list[tuple[str, bytes]]:
        rows = self._rows("SELECT id, signature FROM documents WHERE signature IS NOT NULL ORDER BY id")
        return [(r["id"], bytes(r["signature"])) for r in rows]

    def rejected(self) -> list[Rejected]:
        rows = self._rows("SELECT source_path, reason FROM rejected ORDER BY source_path, reason")
        return [Rejected(source_path=r["source_path"], reason=r["reason"]) for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: int(self._one(f"SELECT COUNT(*) AS n FROM {t}")["n"]) for t in CONTENT_TABLES}

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table, cols in CONTENT_TABLES.items():
            names = ", ".join(map(quoted, cols))
            order = ", ".join(f"{i + 1} NULLS FIRST" for i in range(len(cols)))
            out[table] = [tuple(_plain(r[c]) for c in cols)
                          for r in self._rows(f"SELECT {names} FROM {table} ORDER BY {order}")]
        return out


def _plain(value: Any) -> Any:
    """A driver value as the same Python value on every engine (bytea may come as memoryview)."""
    return bytes(value) if isinstance(value, (memoryview, bytearray)) else value


def quoted(name: str) -> str:
    """A column name as an SQL identifier."""
    return f'"{name}"'

