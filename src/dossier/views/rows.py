"""Rows for the CLI views (and later the web pages): records joined with names and citations.

Each row keeps `doc_id`, `start`, `end` so the citation is the record's own offsets.
"""
from __future__ import annotations

from collections import Counter
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from ..errors import DossierError
from ..records import Article, Quantity

_BOUND_WORDS = {"about": "~", "at_least": ">=", "more_than": ">", "up_to": "<=", "less_than": "<", "exact": "",
                "vague": ""}


def format_number(x: float | None) -> str:
    if x is None:
        return "?"
    if x >= 1e9:
        return f"{x / 1e9:g} bn"
    if x >= 1e6:
        return f"{x / 1e6:g} m"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def format_quantity(q: Quantity) -> str:
    if q.value is not None:
        figure = _BOUND_WORDS.get(q.bound, "") + format_number(q.value)
    elif q.low is not None or q.high is not None:
        figure = f"{format_number(q.low)}-{format_number(q.high)}" if q.high is not None else f">={format_number(q.low)}"
        if q.bound == "vague":
            figure = "vague " + figure
    else:
        figure = "?"
    unit = q.item or q.unit or ""
    return f"{figure} {unit}".strip() + (" (hypothetical)" if q.hypothetical else "")


def cite(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id[:8]}:{start}-{end}"


class _Names:
    """Entity id -> display name, from the store."""

    def __init__(self, store):
        self.names = {e.id: e.name for e, _ in store.entities()}

    def __call__(self, entity_id: str | None) -> str | None:
        if entity_id is None:
            return None
        return self.names.get(entity_id, entity_id.removeprefix("new:"))


def _duplicates(store) -> set[str]:
    """Ids of near-duplicate documents (syndicated copies): not independent sources."""
    return set(store.duplicates())


class Sentences:
    """The sentences of the articles records are cited from, read a few articles at a time
    (never whole articles, never every article at once)."""

    def __init__(self, store):
        self.store = store
        self.of = lru_cache(maxsize=64)(self._of)

    def _of(self, doc_id: str) -> tuple[list, list[int], dict[str, int]]:
        sentences = self.store.sentences_of(doc_id)
        return sentences, [s.start for s in sentences], self.store.record_starts(doc_id)

    def at(self, doc_id: str, offset: int):
        """The sentence holding `offset`, or None."""
        sentences, starts, _ = self.of(doc_id)
        i = bisect_right(starts, offset) - 1
        return sentences[i] if i >= 0 and offset < sentences[i].end else None

    def text_at(self, doc_id: str, offset: int) -> str:
        """The text of the sentence holding `offset`, or ""."""
        s = self.at(doc_id, offset)
        return s.text if s is not None else ""

    def span(self, record) -> tuple[int, int]:
        """A record's sentence (start, end), or its own span when it has none."""
        s = self.at(record.doc_id, record.start)
        return (s.start, s.end) if s is not None else (record.start, record.end)

    def claim_text(self, claim) -> str:
        """The cue's sentence, then any other sentence holding what the claim carries."""
        starts = self.of(claim.doc_id)[2]
        found = [self.at(claim.doc_id, claim.start)] + \
            [self.at(claim.doc_id, starts[i]) for i in claim.about if i in starts]
        seen, texts = set(), []
        for s in sorted((s for s in found if s is not None), key=lambda s: s.index):
            if s.index not in seen:
                seen.add(s.index)
                texts.append(s.text)
        return " […] ".join(texts)


def flow_rows(store, item: str | None = None, duplicates: bool = False) -> list[dict[str, Any]]:
    name = _Names(store)
    skip = set() if duplicates else _duplicates(store)
    rows = []
    for q in store.flows(item=item):
        if q.doc_id in skip:
            continue
        rows.append({
            "figure": format_quantity(q), "value": q.value, "low": q.low, "high": q.high, "bound": q.bound,
            "unit": q.unit, "item": q.item, "from": name(q.from_entity), "to": name(q.to_entity),
            "from_id": q.from_entity, "to_id": q.to_entity, "period": q.period, "hypothetical": q.hypothetical,
            "source": name(q.source_entity), "source_id": q.source_entity, "stance": q.stance,
            "text": q.text, "doc_id": q.doc_id, "start": q.start, "end": q.end, "cite": cite(q.doc_id, q.start, q.end),
            "id": q.id,
        })
    return rows


def event_rows(store, type: str | None = None, duplicates: bool = False) -> list[dict[str, Any]]:
    name = _Names(store)
    skip = set() if duplicates else _duplicates(store)
    rows = []
    for ev in store.timeline():
        if (type and ev.type != type) or ev.doc_id in skip:
            continue
        parts = [f"{p.role}={name(p.entity_id)}" for p in ev.participants if p.entity_id]
        rows.append({
            "date": ev.date, "date_precision": ev.date_precision, "type": ev.type, "modality": ev.modality,
            "participants": [p.to_dict() for p in ev.participants], "participants_text": ", ".join(parts),
            "source": name(ev.source_entity), "source_id": ev.source_entity, "trigger": ev.text,
            "doc_id": ev.doc_id, "start": ev.start, "end": ev.end, "cite": cite(ev.doc_id, ev.start, ev.end),
        })
    return rows


def ledger_rows(store, kb: Any = None, item: str | None = None, duplicates: bool = False) -> list[dict[str, Any]]:
    """The flow ledger by flow: the figures of one unit between the same two states in the same
    direction, each with its bound, period, source, stance and sentence, in period order; never
    averaged. Groups by the number of figures, then by unit."""
    from ..resolve.conflicts import party_state

    state = party_state(kb)
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for r in flow_rows(store, item=item, duplicates=duplicates):
        key = (r["unit"] or "?", state(r["from_id"]), state(r["to_id"]))
        groups.setdefault(key, []).append(r)
    name = _Names(store)
    out = []
    for (unit, frm, to), rows in groups.items():
        rows.sort(key=lambda r: (r["period"] or "9999", r["doc_id"], r["start"]))
        out.append({"unit": unit, "from_id": frm, "to_id": to, "from": name(frm), "to": name(to),
                    "figures": len(rows), "sources": len({r["source_id"] for r in rows}), "rows": rows})
    out.sort(key=lambda g: (-g["figures"], g["unit"], g["from_id"] or "", g["to_id"] or ""))
    return out


def merged_event_rows(store, type: str | None = None, kb: Any = None) -> list[dict[str, Any]]:
    """One row per event of the story (a cluster of the resolve layer), in date order: its best
    date and the spread of dates the sources give, who did it, how many articles and how many
    independent origins tell of it (a near-duplicate counts as its original), and the first
    mention's citation. Clusters come from the store's last `dossier resolve`; events it has not
    seen yet are resolved in memory (nothing is written)."""
    from ..resolve import cluster_events, speech_targets
    from ..resolve.events import best_date
    from ..resolve.run import kept

    name = _Names(store)
    events = store.events()
    stored = store.event_clusters()
    if any(e.id not in stored for e in events):
        clusters = cluster_events(events, kb, previous=kept(stored), about=speech_targets(events, store.claims()))
        stored = {eid: c.id for c in clusters for eid in c.members}
    stored = kept(stored)  # an event an analyst rejected (`dossier reject`) is left out
    origin = {d.id: d.duplicate_of or d.id for d in store.documents(with_text=False)}
    by_cluster: dict[str, list] = {}
    for e in events:
        if e.id in stored:
            by_cluster.setdefault(stored[e.id], []).append(e)
    rows = []
    for cid, evs in by_cluster.items():
        first = evs[0]
        kind = Counter(e.type for e in evs).most_common(1)[0][0]
        if type and kind != type:
            continue
        dated = sorted({e.date for e in evs if e.date})
        best = best_date([e.date for e in evs if e.date])
        doers = sorted({p.entity_id for e in evs if e.type == kind for p in e.participants
                        if p.entity_id and p.role in ("actor", "party", "participant", "host")})
        docs = sorted({e.doc_id for e in evs})
        rows.append({
            "cluster": cid, "date": best, "dates": dated, "type": kind, "mentions": len(evs),
            "articles": len(docs), "independent": len({origin.get(d, d) for d in docs}),
            "modalities": sorted({e.modality for e in evs}), "who": ", ".join(filter(None, map(name, doers))),
            "who_ids": doers, "trigger": first.text, "doc_id": first.doc_id, "start": first.start,
            "end": first.end, "cite": cite(first.doc_id, first.start, first.end),
            "members": [{"id": e.id, "doc_id": e.doc_id, "start": e.start, "end": e.end, "date": e.date,
                         "type": e.type} for e in evs],
        })
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["type"]))
    return rows


def actor_rows(store, kb: Any = None, type: str | None = None) -> list[dict[str, Any]]:
    """One row per actor of the story, most mentioned first: its names by language (as the articles
    write them), its dated roles from the knowledge base, how many articles and mentions name it.
    Names found in articles (`new:` ids) that are the same name written another way are one actor
    (`dossier.resolve.actors`)."""
    from ..resolve.actors import merge_discovered

    lang = {d.id: d.language or "?" for d in store.documents(with_text=False)}
    entities = [(e, n) for e, n in store.entities(type=type) if n > 0]
    actor_of = merge_discovered(e for e, _ in entities)
    rows: dict[str, dict[str, Any]] = {}
    for e, n in entities:
        aid = actor_of.get(e.id, e.id)
        row = rows.setdefault(aid, {"id": aid, "name": e.name, "type": e.type, "ids": [], "names": {},
                                    "roles": [], "articles": set(), "mentions": 0})
        row["ids"].append(e.id)
        row["mentions"] += n
        for m in store.mentions(e.id):
            row["articles"].add(m.doc_id)
            row["names"].setdefault(lang.get(m.doc_id, "?"), set()).add(m.text)
    out = []
    for row in rows.values():
        roles = (kb.roles.get(row["id"], ()) if kb is not None else ())
        row["roles"] = [{"office": r.office, "of": r.of, "from": r.start or None, "to": r.end or None} for r in roles]
        row["names"] = {k: sorted(v) for k, v in sorted(row["names"].items())}
        row["articles"] = len(row["articles"])
        out.append(row)
    out.sort(key=lambda r: (-r["mentions"], r["id"]))
    return out


def conflict_rows(store, kb: Any = None, reason: str | None = None) -> list[dict[str, Any]]:
    """Groups of claims that differ, each with its reason (`dossier.resolve.conflicts`); every
    claim cites its evidence sentence (`doc_id`, `start`, `end`) and carries its figure or event,
    source and stance. True contradictions first."""
    from ..resolve.conflicts import find_conflicts
    from ..resolve.run import clusters_of, kept

    sentence = Sentences(store).span
    published = {d.id: d.published for d in store.documents(with_text=False)}
    events, stored = store.events(), store.event_clusters()
    resolved = clusters_of(events, stored) if all(e.id in stored for e in events) else None  # else made here
    found = find_conflicts(events, store.claims(), store.quantities(), published, kb, sentence,
                           previous=kept(stored), clusters=resolved)
    name = _Names(store)
    rows = []
    for c in found:
        if reason and c.reason != reason:
            continue
        row = c.to_dict()
        for cl in row["claims"]:
            cl["source_name"] = name(cl["source"])
            cl["cite"] = cite(cl["doc_id"], cl["start"], cl["end"])
        rows.append(row)
    rows.sort(key=lambda r: (not r["is_true_contradiction"], r["reason"], r["topic"]))
    return rows


def changes(store, since: str, kb: Any = None) -> dict[str, Any]:
    """What came in at or after `since` (a date or time of ingestion, UTC): the new articles, the
    events they bring (new: told by new articles only; grown: an event already known, told again),
    their figures, and the conflict groups they take part in."""
    new = store.arrivals(since)
    docs = {d.id: d for d in store.documents(with_text=False)}
    articles = [{"doc_id": d, "first_seen": t, "title": docs[d].title if d in docs else None,
                 "duplicate_of": docs[d].duplicate_of if d in docs else None} for d, t in new.items()]
    events = []
    for r in merged_event_rows(store, kb=kb):
        fresh = [m for m in r["members"] if m["doc_id"] in new]
        if fresh:
            events.append({**r, "change": "new" if len(fresh) == len(r["members"]) else "grown",
                           "new_mentions": len(fresh)})
    figures = [r for r in flow_rows(store, duplicates=True) if r["doc_id"] in new]
    conflicts = [r for r in conflict_rows(store, kb) if any(c["doc_id"] in new for c in r["claims"])]
    return {"since": since, "articles": articles, "events": events, "figures": figures, "conflicts": conflicts}


def word_forms(word: str) -> tuple[str, ...]:
    """The forms of a counted noun in both languages ("container" -> container, containers,
    contenitore, contenitori), from the languages' unit nouns; a word they lack stands alone."""
    from ..extract.figures import lexicon

    w = word.strip().lower()
    forms = {w}
    for code in ("it", "en"):
        unit = lexicon(code).nouns.get(w)
        if unit is not None:
            for other in ("it", "en"):
                forms |= {k for k, v in lexicon(other).nouns.items() if v == unit}
    return tuple(sorted(forms))


def about_forms(about: str | None) -> tuple[str, tuple[str, ...]] | None:
    """(`about`, its word forms in both languages when it is one word), as the claims filter takes it."""
    return (about, word_forms(about) if len(about.split()) == 1 else ()) if about else None


def claim_rows(store, about: str | None = None, duplicates: bool = False) -> list[dict[str, Any]]:
    name = _Names(store)
    sentences = Sentences(store)
    skip = set() if duplicates else _duplicates(store)
    rows = []
    forms = about_forms(about)[1] if about else ()
    for c in store.claims(about=about, forms=forms):
        if c.doc_id in skip:
            continue
        rows.append({
            "claimant": name(c.claimant_entity), "claimant_id": c.claimant_entity, "cue": c.text,
            "stance": c.stance, "about": list(c.about), "denies": c.denies, "via": name(c.via),
            "sentence": sentences.claim_text(c), "id": c.id,
            "doc_id": c.doc_id, "start": c.start, "end": c.end, "cite": cite(c.doc_id, c.start, c.end),
        })
    return rows


def find_document(store, prefix: str) -> str:
    ids = [d.id for d in store.documents() if d.id.startswith(prefix)]
    if not ids:
        raise DossierError(f"no document with id {prefix!r}", hint="`dossier show` takes an id from `dossier search` or the build output")
    if len(ids) > 1:
        raise DossierError(f"{prefix!r} matches {len(ids)} documents", hint="give more characters of the id")
    return ids[0]


def article_summary(article: Article) -> list[str]:
    d = article.document
    lines = [
        f"[bold]{d.title or '(no title)'}[/]",
        f"id {d.id}  language {d.language}  published {d.published or '?'} ({d.published_basis or 'unknown'})"
        + (f"  outlet {d.outlet}" if d.outlet else "") + (f"  duplicate of {d.duplicate_of}" if d.duplicate_of else ""),
        f"{len(article.sentences)} sentences, {len(article.mentions)} mentions, {len(article.events)} events, "
        f"{len(article.quantities)} quantities, {len(article.claims)} claims, {len(article.issues)} issues",
    ]
    names = {e.id: e.name for e in article.entities}
    for q in article.quantities:
        arrow = f" {names.get(q.from_entity, q.from_entity) or '?'} -> {names.get(q.to_entity, q.to_entity) or '?'}" \
            if (q.from_entity or q.to_entity) else ""
        lines.append(f"  quantity {format_quantity(q)}{arrow} [{q.stance}] «{q.text}» {q.start}-{q.end}")
    for ev in article.events:
        lines.append(f"  event {ev.type} ({ev.modality}) {ev.date or ''} «{ev.text}» {ev.start}-{ev.end}")
    for c in article.claims:
        who = names.get(c.claimant_entity, c.claimant_entity) or "(article)"
        lines.append(f"  claim {who} [{c.stance}] «{c.text}» {c.start}-{c.end}")
    for i in article.issues:
        lines.append(f"  issue {i.type} «{i.text[:60]}» {i.start}-{i.end}")
    return lines
