"""The views' rows kept in the store (`dossier.views.kept`): written whole by a resolve, marked out
of date by any write, read a page at a time with their filters in SQL.

`ViewRows` is part of `SQLStore` (the same SQL on both engines) and uses its hooks: `_rows`,
`_execute`, `_atomically`, `_insert`, `_rows_of`, `_one`, and the full-text ones.
"""
from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .migrations import now
from .rows import marks


class ViewRows:
    """The view tables' reads and writes, mixed into `SQLStore`."""

    def _stale_views(self) -> None:
        """Inside a write: every view made before it is out of date."""
        self._execute("DELETE FROM view_state")

    def begin_view(self, view: str) -> str:
        """Mark `view` as being made; the mark `write_view` needs, gone if an article is written meanwhile."""
        mark = f"pending:{uuid.uuid4().hex}"

        def write() -> None:
            self._execute("DELETE FROM view_state WHERE view = ?", (view,))
            self._execute("INSERT INTO view_state (view, kb, made_at) VALUES (?, ?, ?)", (view, mark, now()))

        self._atomically(write)
        return mark

    def write_view(self, view: str, rows: Sequence[Mapping[str, Any]], kb: str, mark: str) -> bool:
        """Replace the rows of `view` (dicts of n, ref, lo, hi, dup, row as JSON text, keys) and,
        when nothing was written since `begin_view` gave `mark`, record them as made with `kb`.
        Returns whether they were recorded."""
        def write() -> bool:
            self._execute("DELETE FROM view_rows WHERE view = ?", (view,))
            self._execute("DELETE FROM view_keys WHERE view = ?", (view,))
            self._insert("view_rows", [{"view": view, "n": r["n"], "ref": r["ref"], "lo": r["lo"], "hi": r["hi"],
                                        "dup": r["dup"], "row": r["row"]} for r in rows])
            self._insert("view_keys", [{"view": view, "key": k, "n": r["n"]} for r in rows for k in sorted(r["keys"])])
            return self._execute("UPDATE view_state SET kb = ?, made_at = ? WHERE view = ? AND kb = ?",
                                 (kb, now(), view, mark)) > 0

        return self._atomically(write)

    def analyze(self) -> None:
        """Refresh the planner's statistics (after a resolve wrote the views): without them SQLite
        may read a whole view to join a few rows."""
        self._atomically(lambda: self._execute("ANALYZE"))

    def view_made(self, view: str) -> str | None:
        """The knowledge base `view`'s rows were made with, or None when they are out of date."""
        row = self._one("SELECT kb FROM view_state WHERE view = ?", (view,))
        return None if row is None or row["kb"].startswith("pending:") else row["kb"]

    def view_page(self, view: str, *, limit: int | None = None, offset: int = 0,
                  about: tuple[str, tuple[str, ...]] | None = None, about_latest: int | None = None,
                  **filters: Any) -> tuple[int, list[Any]]:
        """How many rows of `view` pass the filters (`_view_where`), and the page of them from
        `offset` (at most `limit`), in the view's order. `about` (text, word forms): only the
        claims (in the timeline: the events) whose sentences say it, those of the latest matching
        sentence first, from the latest `about_latest` matching sentences (None: all)."""
        found = self._view_where(view, **filters)
        if found is None:
            return 0, []
        cond, params = found
        end = offset + limit if limit is not None else None
        if about is not None:
            refs = self._search_error(about[0], lambda: self._about_refs(
                *about, latest=about_latest, of="events" if view == "timeline" else "claims"))
            rows = sorted(self._rows_of(f"SELECT v.n, v.ref, v.row FROM view_rows v WHERE {cond} AND v.ref", refs,
                                        params), key=lambda r: (-refs[r["ref"]], r["n"]))
            return len(rows), [json.loads(r["row"]) for r in rows[offset:end]]
        total = int(self._one(f"SELECT COUNT(*) AS n FROM view_rows v WHERE {cond}", params)["n"])
        page = f" LIMIT {int(limit if limit is not None else 2 ** 62)} OFFSET {int(offset)}" \
            if limit is not None or offset else ""
        rows = self._rows(f"SELECT v.row FROM view_rows v WHERE {cond} ORDER BY v.n{page}", params)
        return total, [json.loads(r["row"]) for r in rows]

    def view_months(self, view: str, **filters: Any) -> dict[str, int]:
        """Month (YYYY-MM of the first date) -> how many rows of `view` that pass the filters fall in it."""
        found = self._view_where(view, **filters)
        if found is None:
            return {}
        cond, params = found
        rows = self._rows(f"SELECT substr(v.lo, 1, 7) AS m, COUNT(*) AS n FROM view_rows v WHERE {cond} "
                          "AND v.lo IS NOT NULL GROUP BY substr(v.lo, 1, 7) ORDER BY 1", params)
        return {r["m"]: int(r["n"]) for r in rows if len(r["m"]) == 7}

    def _view_where(self, view: str, keys: Sequence[Sequence[str]] = (), since: str | None = None,
                    until: str | None = None, originals: bool = False) -> tuple[str, list[Any]] | None:
        """The condition on view rows `v` and its parameters, or None when no row can pass. keys:
        each group names keys of which a row must have one; since/until: its last/first date at the
        precision given; originals: none from a near-duplicate article."""
        where, params = ["v.view = ?"], [view]
        for group in keys:
            if not group:
                return None
            where.append(f"v.n IN (SELECT k.n FROM view_keys k WHERE k.view = ? AND k.key IN ({marks(group)}))")
            params += [view, *group]
        if since:
            where.append("v.hi >= ?")
            params.append(since)
        if until:
            where.append("v.lo <= ?")
            params.append(until + "~")  # "2024-06-19" is within --until 2024-06: '~' sorts after digits
        if originals:
            where.append("v.dup = 0")
        return " AND ".join(where), params

    def entity_names(self) -> dict[str, str]:
        """Entity id -> name, for every entity."""
        return {r["id"]: r["name"] for r in self._rows("SELECT id, name FROM entities ORDER BY id")}

    def _about_refs(self, about: str, forms: tuple[str, ...], latest: int | None, of: str) -> dict[str, int]:
        """Claim id (of="events": event cluster id) -> the latest matching sentence (sid) that says
        it, from the latest `latest` sentences matching `about` or any of its `forms` (None: all).
        In two steps, sentences then their articles' records by index, so that no engine joins a
        whole table to a few sentences."""
        match = self._about_match(about, forms)
        if match is None:
            return {}
        sql, params = self._matching(match) if latest is None else (self._LATEST, (match, int(latest)))
        spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for r in self._rows(f"SELECT s.sid, s.doc_id, s.start_char, s.end_char FROM ({sql}) s", params):
            spans[r["doc_id"]].append((int(r["start_char"]), int(r["end_char"]), int(r["sid"])))

        def said(doc_id: str, start: int) -> int | None:
            return next((sid for a, b, sid in spans[doc_id] if a <= start < b), None)

        if of == "events":  # an event is about what the sentence holding its trigger says
            reads = ["SELECT c.cluster_id AS id, e.doc_id, e.start_char FROM events e "
                     "JOIN event_clusters c ON c.event_id = e.id WHERE e.doc_id"]
        else:  # a claim, about its cue's sentence and those of the records it carries
            reads = ["SELECT id, doc_id, start_char FROM claims WHERE doc_id"] + [
                f"SELECT a.claim_id AS id, r.doc_id, r.start_char FROM {t} r "
                "JOIN claim_about a ON a.target_id = r.id WHERE r.doc_id" for t in ("quantities", "events")]
        out: dict[str, int] = {}
        for read in reads:
            for r in self._rows_of(read, spans):
                sid = said(r["doc_id"], int(r["start_char"]))
                if sid is not None and sid > out.get(r["id"], -1):
                    out[r["id"]] = sid
        return out
