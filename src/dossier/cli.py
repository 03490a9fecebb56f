"""The `dossier` command: a thin layer over the library.

Every command calls library functions, prints a readable table by default and JSON lines
with `--json`, and turns `DossierError` into a message and exit code 1 at this boundary.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import DossierError
from .ner import train as recipe
from .parse.training import recipe as parse_recipe

app = typer.Typer(
    help="Turn news articles into an evidence-backed model of a story: actors, events, flows, claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=False)
err = Console(stderr=True)

DbOption = typer.Option("dossier.db", "--db", help="Store to use: an SQLite file, or a postgresql://USER@HOST:PORT/DATABASE URL.", envvar="DOSSIER_DB")
JsonOption = typer.Option(False, "--json", help="Print JSON lines instead of a table.")
DupOption = typer.Option(False, "--duplicates", help="Also show records of near-duplicate (syndicated) copies.")


def main() -> None:
    """The console-script entry point: a bug ends in one line saying so, not a traceback,
    unless DOSSIER_DEBUG is set."""
    import os

    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last boundary before the user
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc}", highlight=False)
        err.print("  this is a bug in dossier; run again with DOSSIER_DEBUG=1 for the traceback", highlight=False)
        raise SystemExit(2) from None


def _fail(exc: DossierError) -> None:
    err.print(f"[bold red]error:[/] {exc}", highlight=False)
    raise typer.Exit(1)


def _store_exists(db: str) -> bool:
    from .store import store_exists

    return store_exists(db)


def _open(db: str, must_exist: bool = True):
    from .store import open_store

    if must_exist and not _store_exists(db):
        raise DossierError(f"no store at {db}", hint="run `dossier build PATH...` first, or pass --db")
    return open_store(db)


def _emit_json(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


LimitOption = typer.Option(0, "--limit", min=0, help="At most this many rows (0: all).")
SinceOption = typer.Option(None, "--since", help="Only from this date on (2024, 2024-06, 2024-06-19).")
UntilOption = typer.Option(None, "--until", help="Only up to this date (2024, 2024-06, 2024-06-19).")
ActorOption = typer.Option(None, "--actor", help="Only rows involving this actor (id like PUTIN, or part of a name).")
SourceOption = typer.Option(None, "--source", help="Only rows attributed to this source (id or part of a name).")


def _filtered(rows: list[dict[str, Any]], *, limit: int = 0, since: str | None = None, until: str | None = None,
              actor: str | None = None, source: str | None = None, date: str = "date",
              actors: tuple[str, ...] = (), sources: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The rows the view filters keep: dates compared at their precision, actor and source by id or
    by a part of the name, case ignored."""
    def has(row: dict, keys: tuple[str, ...], want: str) -> bool:
        w = want.lower()
        for k in keys:
            v = row.get(k)
            vals = v if isinstance(v, list) else [v]
            if any(x and (str(x).lower() == w or w in str(x).lower()) for x in vals):
                return True
        return False

    if since:
        rows = [r for r in rows if r.get(date) and str(r[date]).split("/")[-1][:len(since)] >= since]
    if until:
        rows = [r for r in rows if r.get(date) and str(r[date]).split("/")[0][:len(until)] <= until]
    if actor:
        rows = [r for r in rows if has(r, actors, actor)]
    if source:
        rows = [r for r in rows if has(r, sources, source)]
    return rows[:limit] if limit else rows


def _show(rows: list[dict[str, Any]], as_json: bool, title: str, columns: dict[str, Any]) -> None:
    """Rows as JSON lines, or as a table whose cells `columns` (header -> row key, or a function
    of the row) picks out; an empty result says so."""
    if as_json:
        _emit_json(rows)
        return
    if not rows:
        out.print(f"{title}: nothing matches", highlight=False)
        return
    t = Table(title=title)
    for header in columns:
        t.add_column(header, overflow="fold")
    for r in rows:
        t.add_row(*(str(get(r) if callable(get) else (r[get] or "")) for get in columns.values()))
    out.print(t)


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files or folders of articles (.txt, .html, .jsonl, web archives .warc and .warc.gz)."),
    db: str = DbOption,
    force: bool = typer.Option(False, "--force", help="Re-extract articles already in the store."),
    prune: bool = typer.Option(False, "--prune", help="Remove stored articles read from under PATHS whose file is gone."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    workers: int = typer.Option(0, "--workers", min=0, help="Extract on a local Dask cluster of this many worker "
                                "processes on 127.0.0.1 (0: in this process). The store's rows are the same."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Extract on an existing Dask cluster "
                                            "(tcp://HOST:PORT of its scheduler) instead."),
) -> None:
    """Ingest articles, extract their records and write them to the store, then resolve the
    events of all stored articles into the story's events (as `dossier resolve`).

    Inputs that cannot be read are skipped and named with the reason ("skipped" lines);
    articles kept despite a problem are named too ("warning" lines); the rest goes in. A changed
    file (or a new text at the same URL) replaces its earlier version, which goes to the history
    (`dossier history`)."""
    from .build import build_corpus, check_paths
    from .resolve import resolve_store
    from .resolve.judgements import path_for as judgements_file
    from .stage import Resources

    try:
        check_paths(paths)  # before the store is created: a mistyped path builds nothing
        with _open(db, must_exist=False) as store:
            summary = build_corpus(paths, store, force=force, progress=not quiet, console=err, prune=prune,
                                   workers=workers, scheduler=scheduler)
            changed = summary.added or summary.replaced or summary.pruned
            clusters = resolve_store(store, Resources().kb, judgements_file(db)) if changed else None
    except DossierError as exc:
        _fail(exc)
    _report(summary, db, prune, clusters)


def _report(summary, db: str, prune: bool, clusters) -> None:
    """What a build did: warnings, skipped inputs, counts, and the events resolved."""
    from rich.markup import escape  # file names and reasons are text, not markup

    for warn in summary.warnings:
        err.print(f"[yellow]warning[/] {escape(warn.source_path)}: {escape(warn.reason)}", highlight=False)
    for rej in summary.rejected:
        err.print(f"[red]skipped[/] {escape(rej.source_path)}: {escape(rej.reason)}", highlight=False)
    if summary.unsupported:
        langs = ", ".join(f"{lang}: {n}" for lang, n in sorted(summary.unsupported.items()))
        err.print(f"[yellow]stored without extraction[/] {sum(summary.unsupported.values())} article(s) in languages "
                  f"dossier has no data for ({langs}); they are searchable, flagged with an unsupported_language issue",
                  highlight=False)
    err.print(
        f"{summary.added} added, {summary.unchanged} unchanged, {summary.duplicates} near-duplicate(s) linked, "
        + (f"{summary.replaced} earlier version(s) replaced, " if summary.replaced else "")
        + (f"{summary.pruned} pruned (file gone), " if prune else "") +
        f"{len(summary.warnings)} warning(s), {len(summary.rejected)} skipped; "
        f"{summary.words} words in {summary.seconds:.1f}s -> {db}",
        highlight=False,
    )
    if clusters is not None:
        err.print(f"resolved {sum(len(c.members) for c in clusters)} event mentions into {len(clusters)} events",
                  highlight=False)


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="RSS or Atom feed addresses (http or https)."),
    db: str = DbOption,
    every: float = typer.Option(900.0, "--every", min=1, help="Seconds between two polls."),
    polls: int = typer.Option(0, "--polls", min=0, help="Stop after this many polls (0: until interrupted, Ctrl-C)."),
    once: bool = typer.Option(False, "--once", help="Poll once and stop (as --polls 1)."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Seconds to wait for a feed or a page."),
    workers: int = typer.Option(0, "--workers", min=0, help="Extract on a local Dask cluster of this many workers."),
) -> None:
    """Follow news feeds: at each poll, fetch the items no stored article came from, build them
    into the store and resolve, as `dossier build` does; then wait --every seconds.

    An item whose page cannot be fetched is read from the text the feed carries for it, or
    skipped with the reason; a feed that cannot be fetched is skipped until the next poll."""
    import time as clock
    from datetime import datetime, timezone

    from .build import build_corpus
    from .ingest.feeds import read_feeds
    from .resolve import resolve_store
    from .resolve.judgements import path_for as judgements_file
    from .settings import resolve as resolve_settings
    from .stage import Resources

    settings = resolve_settings()
    limit = 1 if once else polls
    done = 0
    try:
        while True:
            err.print(f"poll {done + 1} at {datetime.now(timezone.utc):%Y-%m-%d %H:%M:%S} UTC: {len(feeds)} feed(s)",
                      highlight=False)
            try:
                with _open(db, must_exist=False) as store:
                    items = read_feeds(feeds, settings, lambda link: bool(store.documents_from(link)), timeout=timeout)
                    summary = build_corpus([], store, progress=False, console=err, workers=workers, items=items)
                    changed = summary.added or summary.replaced
                    clusters = resolve_store(store, Resources().kb, judgements_file(db)) if changed else None
            except DossierError as exc:
                _fail(exc)
            _report(summary, db, False, clusters)
            done += 1
            if limit and done >= limit:
                return
            clock.sleep(every)
    except KeyboardInterrupt:
        err.print(f"stopped after {done} poll(s)", highlight=False)


@app.command("export")
def export_(
    fmt: str = typer.Option(..., "--format", help="jsonl, csv, graphml or ftm (FollowTheMoney)."),
    out_dir: Path = typer.Option(Path("export"), "--out", help="Folder to write into (created)."),
    db: str = DbOption,
) -> None:
    """Write the store in a format analysts use: JSON Lines of every record with its citation, CSV tables,
    the actor graph as GraphML (Gephi), or FollowTheMoney entities (Aleph). Columns: docs/exports.md."""
    from .export import export

    try:
        with _open(db) as store:
            files = export(store, fmt.lower(), out_dir)
    except DossierError as exc:
        _fail(exc)
    for f in files:
        err.print(f"wrote {f}", highlight=False)


@app.command()
def serve(
    db: str = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: Optional[str] = typer.Option(None, "--token", envvar="DOSSIER_TOKEN",
                                        help="Token that writes (judgements) must send; without it the server is read-only."),
    rate: int = typer.Option(50, "--rate", min=0, help="Requests a second allowed per client address (0: no limit)."),
) -> None:
    """Serve the pages and the JSON API (/api/..., described at /openapi.json) over the store."""
    import uvicorn

    from .web import create_app

    if not _store_exists(db):
        _fail(DossierError(f"no store at {db}", hint="run `dossier build PATH...` first, or pass --db"))
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/] listening on {host}: other machines can reach this server", highlight=False)
    err.print(f"dossier on http://{host}:{port}/ ({'writes need the token' if token else 'read-only'})",
              highlight=False)
    uvicorn.run(create_app(db, token, rate=rate), host=host, port=port, log_level="warning")


@app.command()
def remove(
    targets: list[str] = typer.Argument(..., help="Document ids (or their first 6+ characters), files or folders."),
    db: str = DbOption,
) -> None:
    """Remove articles from the store (by id, or every article read from a file or folder), keep them
    in the history, and resolve again."""
    from .resolve import resolve_store
    from .resolve.judgements import path_for
    from .stage import Resources

    try:
        with _open(db) as store:
            docs = store.documents(with_text=False)
            chosen: list[str] = []
            for t in targets:
                hits = [d.id for d in docs if len(t) >= 6 and d.id.startswith(t)] or [
                    d.id for d in docs if d.source_path and (d.source_path.rsplit(":", 1)[0] == t.rstrip("/")
                                                             or d.source_path.startswith(t.rstrip("/") + "/"))]
                if not hits:
                    raise DossierError(f"nothing in the store matches {t!r}",
                                       hint="give a document id (`dossier search`, `dossier show`) or the path it was built from")
                chosen += [h for h in hits if h not in chosen]
            removed = sum(store.retire(d, "removed") for d in chosen)
            resolve_store(store, Resources().kb, path_for(db))
    except DossierError as exc:
        _fail(exc)
    err.print(f"{removed} article(s) removed from {db} (kept in `dossier history`)", highlight=False)


@app.command()
def history(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Articles that left the store: replaced by a newer version, removed, or pruned."""
    try:
        with _open(db) as store:
            rows = store.history()
    except DossierError as exc:
        _fail(exc)
    if not rows and not as_json:
        out.print(f"no article has left {db}")
        return
    _show(rows, as_json, "History", {"when": "at", "action": "action", "document": "doc_id", "source": "source",
                                     "replaced by": "replaced_by"})


@app.command()
def resolve(db: str = DbOption) -> None:
    """Group the event mentions of all stored articles into the story's events (kept ids: an event
    keeps its id as articles are added), applying the analysts' judgements (`dossier judgements`).
    `dossier build` runs this after every build that added articles."""
    from .resolve import resolve_store
    from .resolve.judgements import path_for
    from .stage import Resources

    try:
        with _open(db) as store:
            clusters = resolve_store(store, Resources().kb, path_for(db))
    except DossierError as exc:
        _fail(exc)
    merged = sum(1 for c in clusters if len(c.members) > 1)
    err.print(f"resolved {sum(len(c.members) for c in clusters)} event mentions into {len(clusters)} events "
              f"({merged} told more than once) -> {db}", highlight=False)


@app.command()
def entities(
    db: str = DbOption,
    type: Optional[str] = typer.Option(None, "--type", help="Only this entity type (PERSON, GPE, ORG...)."),
    limit: int = typer.Option(50, "--limit", help="Rows to show."),
    as_json: bool = JsonOption,
) -> None:
    """Actors and other entities, most mentioned first."""
    try:
        with _open(db) as store:
            rows = store.entities(type=type.upper() if type else None)[:limit]
    except DossierError as exc:
        _fail(exc)
    if as_json:
        _emit_json({**e.to_dict(), "mentions": n} for e, n in rows)
        return
    t = Table(title="Entities")
    for col in ("id", "name", "type", "wikidata", "mentions", "new?"):
        t.add_column(col)
    for e, n in rows:
        t.add_row(e.id, e.name, e.type, e.qid or "", str(n), "yes" if e.discovered else "")
    out.print(t)


@app.command()
def timeline(
    db: str = DbOption,
    type: Optional[str] = typer.Option(None, "--type", help="Only this event type (VISIT, TRANSFER...)."),
    mentions: bool = typer.Option(False, "--mentions", help="One row per mention in each article, not per event."),
    modality: Optional[str] = typer.Option(None, "--modality", help="Only events some source tells with this "
                                           "modality (happened, planned, possible, alleged, denied)."),
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    actor: Optional[str] = ActorOption,
    source: Optional[str] = SourceOption,
    limit: int = LimitOption,
    duplicates: bool = DupOption,
    as_json: bool = JsonOption,
) -> None:
    """The story's events in date order: each event once, with the spread of dates its sources give,
    how many articles and independent origins tell of it, and its first citation (`--mentions`:
    every mention with participants, modality, source and evidence)."""
    from .records import EVENT_TYPES, MODALITIES
    from .stage import Resources
    from .views import event_rows, filters, page

    if type and type.upper() not in EVENT_TYPES:
        _fail(DossierError(f"unknown event type {type!r}", hint="one of: " + ", ".join(EVENT_TYPES)))
    if modality and modality not in MODALITIES:
        _fail(DossierError(f"unknown modality {modality!r}", hint="one of: " + ", ".join(MODALITIES)))
    if source and not mentions:  # before any work: the merged events have no single source
        _fail(DossierError("--source applies to mentions", hint="add --mentions: each telling has its own source"))
    try:
        with _open(db) as store:
            if mentions:
                rows = event_rows(store, type=type.upper() if type else None, duplicates=duplicates)
                rows = [r for r in rows if not modality or r["modality"] == modality]
            else:  # a page of the kept view: filters and limit in the store
                keys = filters(store, type=type, actor=actor, modality=modality)
                rows = page(store, "timeline", Resources().kb, keys=keys, since=since, until=until,
                            limit=limit or None)[1]
    except DossierError as exc:
        _fail(exc)
    if mentions:
        for r in rows:
            r["actor_ids"] = [p["entity_id"] for p in r["participants"] if p.get("entity_id")]
        rows = _filtered(rows, limit=limit, since=since, until=until, actor=actor, source=source,
                         actors=("actor_ids", "participants_text"), sources=("source_id", "source"))
    if mentions:
        _show(rows, as_json, "Timeline (mentions)", {
            "date": lambda r: r["date"] or "?", "type": "type", "modality": "modality",
            "participants": "participants_text", "source": "source", "trigger": "trigger", "cite": "cite"})
        return
    _show(rows, as_json, "Timeline", {
        "date": lambda r: r["date"] or "?", "dates given": lambda r: len(r["dates"]), "type": "type",
        "who": "who", "articles": "articles", "independent": "independent", "mentions": "mentions",
        "first": lambda r: f"{r['trigger']} {r['cite']}"})


@app.command()
def flows(
    db: str = DbOption,
    item: Optional[str] = typer.Option(None, "--item", help="Only flows of this item or unit (container, person...)."),
    by_flow: bool = typer.Option(False, "--by-flow", help="Group the figures by flow (unit, giver, receiver): "
                                 "each flow with its figures side by side (the first 20), never averaged."),
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    actor: Optional[str] = ActorOption,
    source: Optional[str] = SourceOption,
    limit: int = LimitOption,
    duplicates: bool = DupOption,
    as_json: bool = JsonOption,
) -> None:
    """The flow ledger: what went from whom to whom, how much, when, according to whom
    (`--by-flow`: one row per flow with its first 20 figures and the conflicts each is in)."""
    from .stage import Resources
    from .views import filters, page

    if by_flow and (since or until or source or duplicates):
        _fail(DossierError("--since, --until, --source and --duplicates apply to figures, not to --by-flow",
                           hint="filter flows by --item and --actor, or list the figures without --by-flow"))
    try:
        with _open(db) as store:  # a page of the kept view: filters and limit in the store
            keys = filters(store, item=item, actor=actor)
            if by_flow:
                groups = page(store, "ledger", Resources().kb, keys=keys, limit=limit or None)[1]
            else:
                rows = page(store, "flows", Resources().kb, keys=keys + filters(store, source=source),
                            since=since, until=until, originals=not duplicates, limit=limit or None)[1]
    except DossierError as exc:
        _fail(exc)
    if by_flow:
        if as_json:
            _emit_json(groups)
            return
        if not groups:
            out.print("Flows: nothing matches")
            return
        for g in groups:
            out.print(f"[bold]{g['unit']}[/] {g['from'] or '?'} -> {g['to'] or '?'}: {g['figures']} figure(s), "
                      f"{g['sources']} source(s)")
            for r in g["rows"]:
                out.print(f"    {r['figure']:>22}  {r['period'] or '?':22}  {r['source'] or '(article)'}  "
                          f"[{r['stance']}]  {', '.join(r['conflicts'])}  {r['cite']}", highlight=False, markup=False)
            if g["figures"] > len(g["rows"]):
                out.print(f"    … {g['figures'] - len(g['rows'])} more: dossier flows --item {g['unit']}",
                          highlight=False, markup=False)
        return
    _show(rows, as_json, "Flows", {"figure": "figure", "from": lambda r: r["from"] or "?", "to": lambda r: r["to"] or "?",
                                   "period": "period", "source": lambda r: r["source"] or "(article)",
                                   "stance": "stance", "cite": "cite"})


@app.command()
def claims(
    db: str = DbOption,
    about: Optional[str] = typer.Option(None, "--about", help="Only claims whose sentence mentions this text "
                                        "(a counted noun in any of its forms, in both languages: container, contenitori)."),
    source: Optional[str] = SourceOption,
    limit: int = LimitOption,
    duplicates: bool = DupOption,
    as_json: bool = JsonOption,
) -> None:
    """Attributed claims: who says what, with which stance, citing the sentence."""
    from .stage import Resources
    from .views import about_forms, filters, page

    try:
        with _open(db) as store:  # a page of the kept view: filters and limit in the store
            rows = page(store, "claims", Resources().kb, keys=filters(store, source=source), about=about_forms(about),
                        originals=not duplicates, limit=limit or None)[1]
    except DossierError as exc:
        _fail(exc)
    _show(rows, as_json, "Claims" + (f" about {about!r}" if about else ""),
          {"claimant": lambda r: r["claimant"] or "(article)", "cue": "cue", "stance": "stance",
           "sentence": "sentence", "cite": "cite"})


@app.command()
def show(
    doc: str = typer.Argument(..., help="Document id (or a unique prefix of it)."),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """One article with everything extracted from it."""
    from .views import find_document, article_summary

    try:
        with _open(db) as store:
            article = store.load_article(find_document(store, doc))
    except DossierError as exc:
        _fail(exc)
    if as_json:
        _emit_json([article.to_dict()])
        return
    for line in article_summary(article):
        out.print(line, highlight=False)


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to look for (full-text, accents ignored)."),
    db: str = DbOption,
    limit: int = typer.Option(20, "--limit"),
    as_json: bool = JsonOption,
) -> None:
    """Full-text search over sentences."""
    try:
        with _open(db) as store:
            hits = store.search(query, limit=limit)
    except DossierError as exc:
        _fail(exc)
    if as_json:
        _emit_json(s.to_dict() for s in hits)
        return
    from .views import cite

    for s in hits:
        out.print(f"[dim]{cite(s.doc_id, s.start, s.end)}[/] {s.text}", highlight=False)


@app.command()
def ask(
    question: str = typer.Argument(..., help='A question in Italian or English, e.g. "How many containers did '
                                             'North Korea send to Russia?"'),
    db: str = DbOption,
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the question (it, en); guessed when left out."),
    prose: bool = typer.Option(False, "--prose", help="Also have the model endpoint of the settings (ask_endpoint) "
                                                      "rephrase the answer from the cited sentences only."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object: answer, citations, conflicts, facts."),
) -> None:
    """Answer a question from the story: figures, dates, who and where, each with its cited sentence.

    Answers come from the stored records first (the flow ledger, merged events, claims), then from
    sentences found in both languages; conflicting figures are listed side by side with the reason,
    never averaged; with nothing to support an answer it says so.
    """
    from .ask import Asker

    try:
        with _open(db) as store:
            result = Asker(store).ask(question, lang=lang)
            if prose:
                from .ask.prose import rephrase
                from .settings import resolve

                result["prose"] = rephrase(result, resolve())
    except DossierError as exc:
        _fail(exc)
    if as_json:
        _emit_json([result])
        return
    _print_answer(result)


def _print_answer(result: dict[str, Any]) -> None:
    from .views import cite

    out.print(f"[bold]{result['answer']}[/]", highlight=False)
    if result.get("prose"):
        out.print(result["prose"]["text"], highlight=False)
    if result["answered_from"]:
        out.print(f"[dim]from {result['answered_from']}; {result['independent_sources']} independent source(s)[/]",
                  highlight=False)
    for c in result["conflicts"]:
        out.print(f"[yellow]conflict: {c['reason']}[/]"
                  + (" (true contradiction)" if c["is_true_contradiction"] else ""), highlight=False)
        for x in c["claims"]:
            figure = x.get("text") or x.get("event")
            out.print(f"  {figure} | {x.get('source') or '(article)'} | {x.get('stance')} | {x.get('period') or ''} "
                      f"[dim]{cite(x['doc_id'], x['start'], x['end'])}[/]", highlight=False)
    for c in result["citations"]:
        out.print(f"[dim]{cite(c['doc_id'], c['start'], c['end'])}[/] {c['text']}", highlight=False)


@app.command("eval-ask")
def eval_ask(
    questions: Path = typer.Option(Path("eval/ask/questions.jsonl"), "--questions",
                                   help="Question set (JSON lines: question, lang, expect, support)."),
    db: str = DbOption,
    lang: Optional[str] = typer.Option(None, "--lang", help="Only the questions in this language (it, en)."),
    show: bool = typer.Option(False, "--show", help="Print every question with its answer and verdict."),
    as_json: bool = JsonOption,
) -> None:
    """Score `dossier ask` on a question set: answer accuracy, citation precision and recall.

    The store must hold the articles the questions cite (build them first, see eval/ask/README.md);
    a question whose supporting article is missing stops the run with the file to build.
    """
    from .ask import Asker
    from .scoring.ask import load_questions, score

    try:
        qs = [q for q in load_questions(questions) if lang is None or q["lang"] == lang]
        with _open(db) as store:
            have = {d.id for d in store.documents(with_text=False)}
            missing = sorted({s.get("file", s["doc_id"]) for q in qs for s in q["support"] if s["doc_id"] not in have})
            if missing:
                raise DossierError(f"the store {db} lacks {len(missing)} article(s) the questions cite: "
                                   + ", ".join(missing[:5]), hint="build them into the store first (eval/ask/README.md)")
            docs = store.documents()
            report = score(qs, Asker(store), {d.id: d.text for d in docs}, {d.id: d.language for d in docs})
    except DossierError as exc:
        _fail(exc)
    if as_json:
        _emit_json([report])
        return
    if show:
        for r in report["rows"]:
            mark = "[green]right[/]" if r["correct"] else "[red]wrong[/]"
            out.print(f"{r['id']} {r['lang']} {mark} cites {r['cited_right']}/{r['citations']} right, "
                      f"{r['support_found']}/{r['support']} found | {r['question']}\n    {r['answer'][:300]}",
                      highlight=False)
    out.print(f"{report['questions']} questions: accuracy {report['accuracy']:.3f}, citation precision "
              f"{report['citation_precision']:.3f}, recall {report['citation_recall']:.3f}; "
              f"{report['bad_slices']} citation(s) not slicing from their article", highlight=False)
    for code, row in report["by_lang"].items():
        out.print(f"  {code}: {row['n']} questions, accuracy {row['accuracy']:.3f}, precision {row['precision']:.3f}, "
                  f"recall {row['recall']:.3f}", highlight=False)
    for code, row in report["cross_lingual"].items():
        if row["n"]:
            out.print(f"  {code} questions over articles in the other language only: {row['n']}, accuracy "
                      f"{row['accuracy']:.3f}, precision {row['precision']:.3f}, recall {row['recall']:.3f}",
                      highlight=False)


@app.command("eval")
def eval_(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold JSON files (schema of shared/gold/README.md)."),
    corpus: Path = typer.Option(..., "--corpus", help="Folder of the articles the gold annotates."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score the simple baseline."),
    floors: Optional[Path] = typer.Option(None, "--floors", help="floors.json: exit 1 if a figure is below its floor."),
    floors_key: Optional[str] = typer.Option(None, "--floors-key", help="Section of floors.json (default: corpus folder name)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Score only the articles in this language (it, en)."),
    as_json: bool = JsonOption,
) -> None:
    """Score extraction against gold annotations: P/R/F1 per layer, beside a simple baseline."""
    from .scoring import BASELINE_STAGES, evaluate
    from .scoring.floors import check_floors

    try:
        report = evaluate(gold, corpus, lang=lang)
        base = evaluate(gold, corpus, stages=BASELINE_STAGES, lang=lang) if baseline else None
        key = floors_key or (f"{corpus.name}-{lang}" if lang else corpus.name)
        failures = check_floors(report, floors, key) if floors else []
    except DossierError as exc:
        _fail(exc)
    if as_json:
        payload = {"system": report.to_dict()}
        if base is not None:
            payload["baseline"] = base.to_dict()
        if floors:
            payload["below_floor"] = failures
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(report.render(baseline=base))
        for f in failures:
            err.print(f"[red]below floor[/] {f}", highlight=False)
    if failures:
        raise typer.Exit(1)


def _judge(db: str, kind: str, ids: tuple[str, ...], reason: str, who: Optional[str]) -> None:
    from .resolve import judgements as judged
    from .resolve.run import judge
    from .stage import Resources

    path = judged.path_for(db)
    try:
        if _store_exists(db):
            with _open(db) as store:
                j = judge(store, path, Resources().kb, kind, ids, reason, who)
        else:  # no store yet: recorded now, applied by the first build
            j = judged.add(path, kind, ids, reason, who)
    except DossierError as exc:
        _fail(exc)
    err.print(f"judgement {j.n}: {kind} {' '.join(ids)} by {j.who} -> {path} (applied to {db})", highlight=False)


ReasonOption = typer.Option("", "--reason", help="Why (kept with the judgement).")
WhoOption = typer.Option(None, "--who", help="Who judges (default: the login name).")


@app.command()
def same(a: str = typer.Argument(..., help="Event or cluster id."), b: str = typer.Argument(..., help="Event or cluster id."),
         db: str = DbOption, reason: str = ReasonOption, who: Optional[str] = WhoOption) -> None:
    """Judge two events (or clusters) to be one event of the story. Kept in DB.judgements.jsonl beside
    the store, so a rebuild from scratch applies it again."""
    _judge(db, "same", (a, b), reason, who)


@app.command()
def different(a: str = typer.Argument(..., help="Event or cluster id."),
              b: str = typer.Argument(..., help="Event or cluster id."),
              db: str = DbOption, reason: str = ReasonOption, who: Optional[str] = WhoOption) -> None:
    """Judge two events (or clusters) to be different events: the resolver never joins them."""
    _judge(db, "different", (a, b), reason, who)


@app.command()
def reject(a: str = typer.Argument(..., help="Event or cluster id."), db: str = DbOption,
           reason: str = typer.Option(..., "--reason", help="Why it is no event of the story."),
           who: Optional[str] = WhoOption) -> None:
    """Judge an event (or every event of a cluster) to be no event of the story: left out of the timeline."""
    _judge(db, "reject", (a,), reason, who)


@app.command()
def judgements(db: str = DbOption, as_json: bool = JsonOption) -> None:
    """The analysts' judgements, oldest first, with who, when and why, and whether undone."""
    from .resolve import judgements as judged

    try:
        found, undone = judged.load(judged.path_for(db))
    except DossierError as exc:
        _fail(exc)
    rows = [{"n": j.n, "kind": j.kind, "ids": list(j.ids), "reason": j.reason, "who": j.who, "when": j.when,
             "undone": j.n in undone} for j in found]
    if not rows and not as_json:
        out.print(f"no judgements for {db}")
        return
    _show(rows, as_json, "Judgements", {"n": "n", "kind": "kind", "ids": lambda r: " ".join(r["ids"]),
                                        "who": "who", "when": "when", "reason": "reason",
                                        "undone": lambda r: "undone" if r["undone"] else ""})


@app.command()
def undo(n: int = typer.Argument(..., help="Number of the judgement (see `dossier judgements`)."),
         db: str = DbOption) -> None:
    """Undo a judgement (the file keeps both lines) and resolve again."""
    from .resolve import resolve_store
    from .resolve import judgements as judged
    from .stage import Resources

    path = judged.path_for(db)
    try:
        judged.undo(path, n)
        if _store_exists(db):
            with _open(db) as store:
                resolve_store(store, Resources().kb, path)
    except DossierError as exc:
        _fail(exc)
    err.print(f"judgement {n} undone -> {path}", highlight=False)


@app.command()
def changes(
    since: str = typer.Option(..., "--since", help="Date or time of ingestion, UTC (2026-12-07, 2026-12-07T15:00)."),
    db: str = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """What changed since a date of ingestion: new articles, new and grown events, new figures and
    the conflicts they enter."""
    import re as _re

    from .stage import Resources
    from .views import changes as changes_since

    if not _re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:]+)?", since):
        _fail(DossierError(f"--since {since!r} is not a date", hint="write it as 2026-12-07 or 2026-12-07T15:00"))
    try:
        with _open(db) as store:
            result = changes_since(store, since, Resources().kb)
    except DossierError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"since {since}: {len(result['articles'])} new article(s), {len(result['events'])} event(s) new or "
              f"told again, {len(result['figures'])} figure(s), {len(result['conflicts'])} conflict group(s)",
              highlight=False)
    for e in result["events"]:
        out.print(f"  {e['change']:5} {e['date'] or '?':12} {e['type']:18} {e['who'][:40]}  {e['cite']}", highlight=False)
    for f in result["figures"]:
        out.print(f"  figure {f['figure']} {f['from'] or '?'} -> {f['to'] or '?'} {f['period'] or ''}  {f['cite']}",
                  highlight=False)
    for c in result["conflicts"]:
        out.print(f"  conflict {c['reason']}: {c['topic']} ({len(c['claims'])} claims)", highlight=False)


@app.command()
def actors(
    db: str = DbOption,
    type: Optional[str] = typer.Option(None, "--type", help="Only this entity type (PERSON, GPE, ORG...)."),
    limit: int = typer.Option(50, "--limit", help="Rows to show (0: all)."),
    as_json: bool = JsonOption,
) -> None:
    """The story's actors across articles and languages: names by language, dated roles, articles
    and mentions (a name found in several spellings is one actor)."""
    from .stage import Resources
    from .views import filters, page

    try:
        with _open(db) as store:
            rows = page(store, "actors", Resources().kb, keys=filters(store, type=type),
                        limit=limit or None)[1]
    except DossierError as exc:
        _fail(exc)
    if not rows:
        out.print("no actors in the store" + (f" of type {type.upper()}" if type else ""))
        return
    _show(rows, as_json, "Actors", {
        "actor": "name", "type": "type", "articles": "articles", "mentions": "mentions",
        "names": lambda r: "; ".join(f"{k}: {', '.join(v[:4])}" for k, v in r["names"].items()),
        "roles": lambda r: "; ".join(f"{x['office']} {x['of']} {x['from'] or ''}-{x['to'] or ''}"
                                     for x in r["roles"][:3])})


@app.command()
def conflicts(
    db: str = DbOption,
    reason: Optional[str] = typer.Option(None, "--reason", help="Only groups with this reason (see --help text)."),
    group: Optional[str] = typer.Option(None, "--group", help="Every claim of this group (its id, from --json); "
                                        "a group otherwise shows its first 20."),
    limit: int = LimitOption,
    as_json: bool = JsonOption,
) -> None:
    """Groups of claims that differ, each with the reason that explains the difference:
    different_direction, hypothetical, vague_vs_precise, range_bounds, different_period,
    period_unknown, claim_vs_denial, different_claimant, accusation_vs_denial, claim_vs_non_confirmation,
    planned_vs_happened, or true_contradiction when nothing explains it. Figures are listed side
    by side, never averaged; each claim cites its sentence. A group shows its first 20 claims
    (with the number of all); `--group ID` lists every claim of one."""
    from .resolve.conflicts import REASONS
    from .stage import Resources
    from .views import filters, page

    if reason and reason not in REASONS:
        _fail(DossierError(f"unknown reason {reason!r}", hint="one of: " + ", ".join(REASONS)))
    try:
        with _open(db) as store:
            if group:
                found = page(store, "conflicts", Resources().kb, keys=filters(store, id=group), limit=1)[1]
                if not found:
                    raise DossierError(f"no conflict group {group!r}", hint="ids are in `dossier conflicts --json`")
                claims = page(store, "conflict_claims", Resources().kb, keys=filters(store, conflict=group),
                              limit=limit or None)[1]
                rows = [{**found[0], "claims": claims}]
            else:
                rows = page(store, "conflicts", Resources().kb, keys=filters(store, reason=reason),
                            limit=limit or None)[1]
    except DossierError as exc:
        _fail(exc)
    if as_json:
        _emit_json(rows)
        return
    if not rows:
        out.print("no conflicts in the store")
        return
    for r in rows:
        mark = "[bold red]true contradiction[/]" if r["is_true_contradiction"] else r["reason"]
        out.print(f"{mark}  {r['topic']}  ({r['claims_total']} claims)", highlight=False)
        for c in r["claims"]:
            what = c.get("text") or c.get("event")
            extra = c.get("period") or c.get("date") or ""
            out.print(f"    {what}  {extra}  source={c['source_name'] or '(article)'}  {c['stance']}  {c['cite']}",
                      highlight=False)
        if len(r["claims"]) < r["claims_total"]:
            out.print(f"    … {r['claims_total'] - len(r['claims'])} more: dossier conflicts --group '{r['id']}'",
                      highlight=False, markup=False)


@app.command("eval-conflicts")
def eval_conflicts(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold JSON files."),
    corpus: Path = typer.Option(..., "--corpus", help="Folder of the articles the gold annotates."),
    cross: Path = typer.Option(..., "--cross", help="The cross-article gold (cross_article.dev.json)."),
    as_json: bool = JsonOption,
) -> None:
    """Score the conflict groups found over the corpus against the gold's claims_in_conflict."""
    from .scoring.conflicts import evaluate_conflicts

    try:
        result = evaluate_conflicts(gold, corpus, cross)
    except DossierError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    t = Table(title=f"Conflicts: {result['found_right_reason']} of {result['gold_groups']} gold groups found with "
                    f"the right reason ({result['found_any_reason']} found); true-contradiction precision "
                    f"{result['true_contradiction_precision']}")
    for col in ("gold group", "relation", "found", "system reason"):
        t.add_column(col)
    for g in result["groups"]:
        t.add_row(g["id"], g["relation"], "yes" if g["found"] else "no", g["reason"] or "")
    out.print(t)


@app.command("eval-clusters")
def eval_clusters(
    gold: list[Path] = typer.Option(..., "--gold", help="Folder of gold JSON files; repeat with --corpus for each set."),
    corpus: list[Path] = typer.Option(..., "--corpus", help="Folder of the articles the matching --gold annotates."),
    as_json: bool = JsonOption,
) -> None:
    """Score the events resolved across all the given articles against the gold `cross_doc_key`
    groups: MUC, B³, CEAF-e and CoNLL F1 (a gold event the pipeline missed is a cluster of its own)."""
    from .scoring.clusters import evaluate_event_clusters

    if len(gold) != len(corpus):
        _fail(DossierError(f"{len(gold)} --gold but {len(corpus)} --corpus folders",
                           hint="give one --corpus after each --gold"))
    try:
        result = evaluate_event_clusters(list(zip(gold, corpus)))
    except DossierError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    t = Table(title=f"Event clusters: {result['gold_events']} gold events ({result['matched']} found), "
                    f"{result['gold_clusters']} gold clusters, {result['system_clusters']} system clusters")
    for col in ("metric", "P", "R", "F1"):
        t.add_column(col)
    for k, label in (("muc", "MUC"), ("b3", "B³"), ("ceafe", "CEAF-e")):
        t.add_row(label, *(f"{result[k][x]:.3f}" for x in ("p", "r", "f1")))
    t.add_row("CoNLL F1", "", "", f"{result['conll_f1']:.3f}")
    out.print(t)


@app.command("train-ner")
def train_ner(
    kind: Path = typer.Option(..., "--kind", help="Folder with the KIND TSV files (WN_train.tsv ...)."),
    out_dir: Path = typer.Option(..., "--out", help="Where to write the trained model (replaced)."),
    approach: str = typer.Option("transformer", "--approach",
                                 help="transformer (shipped: fine-tuned e5, needs the train extra) or spacy (CNN)."),
    domains: str = typer.Option("WN", "--domains", help="KIND domains to train on, comma-separated."),
    layers: int = typer.Option(recipe.STUDENT_LAYERS, "--layers", help="Student layers (transformer)."),
    teacher_layers: int = typer.Option(recipe.TEACHER_LAYERS, "--teacher-layers",
                                       help="Teacher layers, 0 for none (transformer)."),
    epochs: int = typer.Option(recipe.STUDENT_EPOCHS, "--epochs", help="Student epochs (transformer)."),
    teacher_epochs: int = typer.Option(recipe.TEACHER_EPOCHS, "--teacher-epochs",
                                       help="Teacher epochs (transformer)."),
    threads: int = typer.Option(2, "--threads", help="CPU threads."),
    workdir: str = typer.Option("", "--workdir", help="Keep checkpoints here instead of a temporary folder."),
) -> None:
    """Train the Italian NER model from KIND (about 45 minutes on 2 cores); see ner/MODEL_CARD.md."""
    try:
        code = recipe.main(["--kind", str(kind), "--out", str(out_dir), "--approach", approach, "--domains", domains,
                           "--layers", str(layers), "--teacher-layers", str(teacher_layers),
                           "--epochs", str(epochs), "--teacher-epochs", str(teacher_epochs),
                           "--threads", str(threads), "--workdir", workdir])
    except DossierError as exc:
        _fail(exc)
    raise typer.Exit(code or 0)


@app.command("eval-parser")
def eval_parser(
    conllu: list[Path] = typer.Option(..., "--conllu", help="CoNLL-U file to score (repeatable)."),
    model: Optional[Path] = typer.Option(None, "--model", help="Parser folder (default: the shipped one)."),
    as_json: bool = JsonOption,
) -> None:
    """UAS and LAS of the dependency parser per CoNLL-U file (CoNLL 2018 style, gold tokenisation)."""
    from .parse.conllu import read_conllu
    from .parse.evaluate import evaluate_file, load_parser

    try:
        golds = [read_conllu(f) for f in conllu]  # a malformed file fails before the model loads
        parser = load_parser(model)
        rows = [evaluate_file(parser, f, gold=g) for f, g in zip(conllu, golds)]
    except DossierError as exc:
        _fail(exc)
    rows = [{k: r[k] for k in ("file", "words", "uas", "las", "las_full", "upos")} for r in rows]
    _show(rows, as_json, "Parser (LAS: universal relation; LAS+subtype: full relation)",
          {"file": "file", "words": "words", "UAS": "uas", "LAS": "las", "LAS+subtype": "las_full", "UPOS": "upos"})


@app.command("train-parser")
def train_parser(
    ud: Path = typer.Option(..., "--ud", help="Folder of the UD Italian CoNLL-U files."),
    out_dir: Path = typer.Option(..., "--out", help="Model folder; its fast/ variant is replaced."),
    kind: Optional[Path] = typer.Option(None, "--kind", help="KIND folder: its news text distils the student."),
    no_isdt_dev: bool = typer.Option(False, "--no-isdt-dev",
                                     help="Keep it_isdt-ud-dev out of the student's training too (the teacher never sees it)."),
    layers: int = typer.Option(parse_recipe.STUDENT_LAYERS, "--layers", help="Student layers."),
    epochs: int = typer.Option(parse_recipe.STUDENT_EPOCHS, "--epochs", help="Student epochs."),
    teacher_layers: int = typer.Option(parse_recipe.TEACHER_LAYERS, "--teacher-layers", help="Teacher layers, 0 for none."),
    teacher_epochs: int = typer.Option(parse_recipe.TEACHER_EPOCHS, "--teacher-epochs", help="Teacher epochs."),
    threads: int = typer.Option(2, "--threads", help="CPU threads."),
    workdir: str = typer.Option("", "--workdir", help="Keep checkpoints here instead of a temporary folder."),
) -> None:
    """Train the Italian dependency parser from UD treebanks (needs the train extra); see parse/MODEL_CARD.md."""
    argv = ["--ud", str(ud), "--out", str(out_dir), "--layers", str(layers), "--epochs", str(epochs),
            "--teacher-layers", str(teacher_layers), "--teacher-epochs", str(teacher_epochs),
            "--threads", str(threads), "--workdir", workdir] + (["--kind", str(kind)] if kind else [])
    try:
        code = parse_recipe.main(argv + (["--no-isdt-dev"] if no_isdt_dev else []))
    except DossierError as exc:
        _fail(exc)
    raise typer.Exit(code or 0)


@app.command()
def settings() -> None:
    """List the settings with their defaults (set them as DOSSIER_<NAME> or options)."""
    from .settings import SETTINGS

    t = Table(title="Settings")
    for col in ("name", "default", "help"):
        t.add_column(col, overflow="fold")
    for s in SETTINGS:
        t.add_row(s.name, repr(s.default), s.help)
    out.print(t)
