"""The HTTP surface: a JSON API under /api/ and server-rendered pages over the same views.

`create_app(db, token)` builds a FastAPI app over one store. Reads need nothing; writes (analyst
judgements) need the token (`Authorization: Bearer TOKEN`), and without a configured token there
are none. Every answer carries security headers (a Content-Security-Policy that allows only this
origin, no framing, no sniffing); bodies over `MAX_BODY` bytes are refused; each client (address) gets at
most `rate` requests a second (0: no limit). Errors have one shape: {"error": {"status", "message", "hint"}}.
"""
from __future__ import annotations

import hmac
import time
from collections import deque
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException

from ..errors import DossierError
from .highlight import highlight

MAX_BODY = 1_000_000  # bytes of a request body
RATE = 50  # requests per second per client
ABOUT_LATEST = 500  # claims --about: the latest matching sentences searched (at least twice the page's end)
SEARCH_LATEST = 200  # the search page's events and claims: from the latest so many matching sentences
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, hint: str = ""):
        super().__init__(message)
        self.status, self.message, self.hint = status, message, hint


def _error(status: int, message: str, hint: str = "") -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message, "hint": hint}}, status_code=status,
                        headers=HEADERS)


def create_app(db: str | Path, token: str | None = None, kb: Any = None, rate: int = RATE) -> FastAPI:
    from ..stage import Resources
    from ..store import open_store, store_exists
    from .. import views

    db = str(db)
    app = FastAPI(title="dossier", docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
                  description="The story's records, each citing its sentence. Paging: `limit` (1-500, default "
                              "50) and `offset`; every list answers {total, limit, offset, items}.")
    env = Environment(loader=PackageLoader("dossier.web", "templates"), autoescape=select_autoescape(["html"]))
    state: dict[str, Any] = {"kb": kb}
    hits: dict[str, deque] = {}

    def the_kb():
        if state["kb"] is None:
            state["kb"] = Resources().kb
        return state["kb"]

    def store():
        if not store_exists(db):
            raise ApiError(503, f"no store at {db}", "run `dossier build PATH... --db " + db + "` first")
        return open_store(db)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        who = request.client.host if request.client else "?"
        now = time.monotonic()
        q = hits.setdefault(who, deque())
        while q and now - q[0] > 1.0:
            q.popleft()
        if rate and len(q) >= rate:
            return _error(429, "too many requests", f"at most {rate} a second")
        q.append(now)
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return _error(413, "request body too large", f"at most {MAX_BODY} bytes")
        response = await call_next(request)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError):
        return _error(exc.status, exc.message, exc.hint)

    @app.exception_handler(DossierError)
    async def dossier_error(_request: Request, exc: DossierError):
        return _error(400, str(exc), getattr(exc, "hint", "") or "")

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_params(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, f"bad parameter {where}: {first.get('msg', 'invalid')}", "see /openapi.json")

    Limit = Query(50, ge=1, le=500, description="Items per page.")
    Offset = Query(0, ge=0, description="Items to skip.")

    # --- JSON API --------------------------------------------------------------------------
    # Every list is one page of a view kept in the store (dossier.views.kept): filters, count
    # and page are one query, whatever the size of the corpus.
    def listed(s, view: str, limit: int | None, offset: int, **filters) -> dict[str, Any]:
        total, items = views.page(s, view, the_kb(), limit=limit, offset=offset, **filters)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def timeline_filters(s, type: str | None, since: str | None, until: str | None,
                         actor: str | None, modality: str | None = None) -> dict[str, Any]:
        from ..records import EVENT_TYPES, MODALITIES

        if type and type.upper() not in EVENT_TYPES:
            raise ApiError(422, f"unknown event type {type!r}", "one of: " + ", ".join(EVENT_TYPES))
        if modality and modality not in MODALITIES:
            raise ApiError(422, f"unknown modality {modality!r}", "one of: " + ", ".join(MODALITIES))
        return {"keys": views.filters(s, type=type, actor=actor, modality=modality), "since": since, "until": until}

    Since = Query(None, description="Only from this date on (2024, 2024-06, 2024-06-19).")
    Until = Query(None, description="Only up to this date, at its precision.")
    Actor = Query(None, description="Only rows involving this actor: an id, or part of an id or a name.")
    Source = Query(None, description="Only rows attributed to this source: an id, or part of an id or a name.")
    Duplicates = Query(False, description="Keep rows from near-duplicate articles (syndicated copies).")

    @app.get("/api/timeline", summary="The story's events, each once, in date order")
    def api_timeline(type: str | None = Query(None, description="Event type (VISIT, TRANSFER...)."),
                     since: str | None = Since, until: str | None = Until, actor: str | None = Actor,
                     modality: str | None = Query(None, description="Only events some source tells with this "
                                                                    "modality (happened, planned, alleged...)."),
                     limit: int = Limit, offset: int = Offset):
        with store() as s:
            return listed(s, "timeline", limit, offset, **timeline_filters(s, type, since, until, actor, modality))

    @app.get("/api/flows", summary="The flow ledger: every figure with bound, period, source, stance")
    def api_flows(item: str | None = Query(None, description="Item or unit (container, shells, person...)."),
                  since: str | None = Since, until: str | None = Until, actor: str | None = Actor,
                  source: str | None = Source, duplicates: bool = Duplicates, limit: int = Limit,
                  offset: int = Offset):
        with store() as s:
            return listed(s, "flows", limit, offset, keys=views.filters(s, item=item, actor=actor, source=source),
                          since=since, until=until, originals=not duplicates)

    @app.get("/api/ledger", summary="The flow ledger by flow (unit, giver, receiver): its first 20 figures side by "
                                     "side, never averaged, each with the reasons of the conflicts it is in, and "
                                     "the figures over time for a chart")
    def api_ledger(item: str | None = Query(None, description="Item or unit (container, shells, person...)."),
                   actor: str | None = Actor, limit: int = Limit, offset: int = Offset):
        with store() as s:
            return listed(s, "ledger", limit, offset, keys=views.filters(s, item=item, actor=actor))

    @app.get("/api/claims", summary="Who says what, with the sentence; with `about`, the claims of the latest "
                                     "matching sentences first, from the latest `sentences_searched` of them")
    def api_claims(about: str | None = Query(None, description="Words the claim's sentences say (a counted noun "
                                                               "in any of its forms, in both languages)."),
                   source: str | None = Source,
                   actor: str | None = Query(None, description="Only claims about what this actor did (the "
                                                               "events and figures they carry involve it)."),
                   duplicates: bool = Duplicates, limit: int = Limit, offset: int = Offset):
        latest = max(ABOUT_LATEST, 2 * (offset + limit)) if about else None
        with store() as s:
            page = listed(s, "claims", limit, offset, keys=views.filters(s, source=source, about=actor),
                          about=views.about_forms(about), about_latest=latest, originals=not duplicates)
        return {**page, "sentences_searched": latest} if about else page

    @app.get("/api/conflicts", summary="Groups of claims that differ, with the reason")
    def api_conflicts(reason: str | None = Query(None, description="One reason (see /api/conflicts's rows)."),
                      limit: int = Limit, offset: int = Offset):
        from ..resolve.conflicts import REASONS

        if reason and reason not in REASONS:
            raise ApiError(422, f"unknown reason {reason!r}", "one of: " + ", ".join(REASONS))
        with store() as s:
            return listed(s, "conflicts", limit, offset, keys=views.filters(s, reason=reason))

    @app.get("/api/conflicts/claims", summary="Every claim of one conflict group (a group row holds its first 20)")
    def api_conflict_claims(group: str = Query(..., min_length=1, max_length=500, description="The group's id."),
                            limit: int = Limit, offset: int = Offset):
        with store() as s:
            found = listed(s, "conflicts", 1, 0, keys=views.filters(s, id=group))["items"]
            if not found:
                raise ApiError(404, f"no conflict group {group!r}", "ids come from /api/conflicts")
            return {**listed(s, "conflict_claims", limit, offset, keys=views.filters(s, conflict=group)),
                    "group": found[0]}

    @app.get("/api/actors", summary="Actors across articles and languages")
    def api_actors(type: str | None = Query(None, description="Entity type (PERSON, GPE, ORG...)."),
                   limit: int = Limit, offset: int = Offset):
        with store() as s:
            return listed(s, "actors", limit, offset, keys=views.filters(s, type=type))

    @app.get("/api/actors/{actor_id}", summary="One actor: names, roles, its events, claims it makes and "
                                               "claims about what it did (the first `limit` of each, with totals)")
    def api_actor(actor_id: str, limit: int = Query(20, ge=1, le=500, description="Items of each list.")):
        with store() as s:
            found = listed(s, "actors", 1, 0, keys=views.filters(s, id=actor_id))["items"]
            if not found:
                raise ApiError(404, f"no actor {actor_id!r}", "ids come from /api/actors")
            actor = found[0]
            events = listed(s, "timeline", limit, 0, keys=[views.keys_of("actor", actor["ids"])])
            made = listed(s, "claims", limit, 0, keys=[views.keys_of("source", actor["ids"])], originals=True)
            about = listed(s, "claims", limit, 0, keys=[views.keys_of("about", actor["ids"])], originals=True)
        return {**actor, "events": events["items"], "events_total": events["total"], "claims": made["items"],
                "claims_total": made["total"], "claims_about": about["items"], "claims_about_total": about["total"]}

    @app.get("/api/graph", summary="The actor graph: nodes and typed edges weighted by independent origins")
    def api_graph(limit: int = Query(40, ge=2, le=500, description="Actors kept, by the weight of their edges.")):
        with store() as s:
            nodes = listed(s, "graph_nodes", limit, 0)["items"]
            keep = [n["id"] for n in nodes]
            edges = listed(s, "graph_edges", None, 0, keys=[views.keys_of("a", keep), views.keys_of("b", keep)])
        return {"nodes": sorted(nodes, key=lambda n: n["id"]), "edges": edges["items"]}

    @app.get("/api/articles/{doc_id}", summary="One article: its text and every record, with offsets")
    def api_article(doc_id: str):
        with store() as s:
            art = _article(s, doc_id)
        return {"document": art.document.to_dict(), "events": [e.to_dict() for e in art.events],
                "quantities": [q.to_dict() for q in art.quantities], "claims": [c.to_dict() for c in art.claims],
                "mentions": [m.to_dict() for m in art.mentions]}

    @app.get("/api/search", summary="Sentences (items), actors, events and claims matching the words, in "
                                     "either language")
    def api_search(q: str = Query(..., min_length=1, max_length=200), limit: int = Limit):
        found = views.about_forms(q)
        with store() as s:
            sentences = [{"doc_id": x.doc_id, "start": x.start, "end": x.end, "text": x.text}
                         for x in s.search(q, limit=limit)]
            return {"items": sentences, "words": " ".join((q, *found[1])),
                    "actors": listed(s, "actors", 10, 0, keys=[views.keys_of("id", views.ids_named(s, q))]),
                    # ten of each, from the latest matching sentences (the claims page has them all)
                    "events": listed(s, "timeline", 10, 0, about=found, about_latest=SEARCH_LATEST),
                    "claims": listed(s, "claims", 10, 0, about=found, about_latest=SEARCH_LATEST, originals=True)}

    def asker_resources():
        if "ask_resources" not in state:
            state["ask_resources"] = Resources(kb=the_kb())
        return state["ask_resources"]

    @app.get("/api/ask", summary="A question in Italian or English answered from the story, citing its sentences")
    def api_ask(q: str = Query(..., min_length=1, max_length=500, description="The question."),
                lang: str | None = Query(None, pattern="^(it|en)$", description="Its language; guessed when left out.")):
        from ..ask import Asker

        with store() as s:
            return Asker(s, asker_resources()).ask(q, lang=lang)

    @app.post("/api/judgements", summary="Record an analyst judgement (needs the token)")
    async def api_judge(request: Request):
        _check_token(request, token)
        body = await request.json()
        from ..resolve import judgements as judged
        from ..resolve.run import judge

        kind, ids = body.get("kind"), tuple(body.get("ids") or ())
        if kind not in judged.KINDS or not ids:
            raise ApiError(422, "a judgement needs kind (same, different, reject) and ids")
        with store() as s:
            j = judge(s, judged.path_for(db), the_kb(), kind, ids, str(body.get("reason", "")), body.get("who"))
        return {"n": j.n, "kind": j.kind, "ids": list(j.ids), "who": j.who, "when": j.when}

    @app.post("/api/articles", status_code=201, summary="Add an article (needs the token): one JSON object as a "
                                                         "line of a .jsonl corpus, {text, title, url, published, "
                                                         "language}; extracted, stored and resolved at once")
    async def api_add_article(request: Request):
        _check_token(request, token)
        from ..build import build_corpus
        from ..ingest.readers import read_upload
        from ..records import Document, Rejected
        from ..resolve import resolve_store
        from ..resolve.judgements import path_for
        from ..settings import resolve as settings_of

        settings = settings_of({})
        items = read_upload(await request.body(), settings)
        refused = [i for i in items if isinstance(i, Rejected)]
        if refused:
            raise ApiError(422, f"article refused: {refused[0].reason}", 'send {"text": "...", "title": "..."}')
        doc = next(i for i in items if isinstance(i, Document))
        with store() as s:
            summary = build_corpus([], s, items=items, settings=settings, progress=False)
            if summary.rejected:
                raise ApiError(422, f"article refused: {summary.rejected[0].reason}")
            if summary.added:
                resolve_store(s, the_kb(), path_for(db))
        return {"doc_id": doc.id, "added": bool(summary.added), "duplicate": bool(summary.duplicates),
                "replaced": summary.replaced, "warnings": [w.reason for w in summary.warnings]}

    @app.get("/api/export", summary="The store in an analysts' format: jsonl, graphml and ftm as one file, csv as "
                                    "a zip of its tables (docs/exports.md)")
    def api_export(format: str = Query(..., pattern="^(jsonl|csv|graphml|ftm)$")):
        import shutil
        import tempfile
        import zipfile

        from fastapi.responses import FileResponse
        from starlette.background import BackgroundTask

        from ..export import export

        folder = Path(tempfile.mkdtemp(prefix="dossier-export-"))
        try:
            with store() as s:
                files = export(s, format, folder, the_kb())
            if len(files) == 1:
                path = files[0]
            else:
                path = folder / f"dossier-{format}.zip"
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                    for f in files:
                        z.write(f, f.name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FileResponse(path, filename=path.name, background=BackgroundTask(shutil.rmtree, folder, True))

    static = {p.name: p for p in (Path(__file__).parent / "static").iterdir() if p.is_file()}

    @app.get("/static/{name}", include_in_schema=False)
    def static_file(name: str):
        from fastapi.responses import FileResponse

        if name not in static:  # only the files shipped: no path leads elsewhere
            raise ApiError(404, f"no static file {name!r}")
        return FileResponse(static[name])

    # --- pages ----------------------------------------------------------------------------
    def render(name: str, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        from fastapi.responses import Response

        return Response(status_code=204)  # no icon, and no 404 in the browser's console

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home():
        with store() as s:
            counts = listed(s, "counts", 1, 0)["items"][0]  # kept: counting every table is slow on a big store
            conflicts = listed(s, "conflicts", 5, 0)["items"]
        return render("home.html", counts=counts, conflicts=conflicts)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(type: str | None = None, since: str | None = None, until: str | None = None,
                      actor: str | None = None, modality: str | None = None, limit: int = Limit, offset: int = Offset):
        from .charts import month_bars_svg

        with store() as s:
            filters = timeline_filters(s, type or None, since or None, until or None, actor or None, modality or None)
            page = listed(s, "timeline", limit, offset, **filters)
            chart = month_bars_svg(views.months(s, "timeline", the_kb(), **filters))  # of all of them
        return render("timeline.html", page=page, type=type or "", since=since or "", until=until or "",
                      actor=actor or "", modality=modality or "", chart=chart)

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_actor(actor_id: str):
        return render("actor.html", a=api_actor(actor_id, limit=20))

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def page_graph(limit: int = Query(30, ge=2, le=200)):
        from .charts import graph_svg

        data = api_graph(limit)
        return render("graph.html", svg=graph_svg(data["nodes"], data["edges"]), data=data)

    @app.get("/flows", response_class=HTMLResponse, include_in_schema=False)
    def page_flows(item: str | None = None, by: str | None = Query(None, pattern="^(flow|figure)$"),
                   limit: int = Limit, offset: int = Offset):
        if by == "flow":
            from .charts import figures_svg

            page = api_ledger(item=item, actor=None, limit=min(limit, 20), offset=offset)
            return render("ledger.html", page=page, item=item or "", chart=figures_svg)
        page = api_flows(item=item, since=None, until=None, actor=None, source=None, duplicates=False, limit=limit,
                         offset=offset)
        return render("flows.html", page=page, item=item or "")

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def page_claims(about: str | None = Query(None, max_length=200), source: str | None = Query(None, max_length=200),
                    actor: str | None = Query(None, max_length=200), limit: int = Limit, offset: int = Offset):
        from .highlight import snippet

        page = api_claims(about=about or None, source=source or None, actor=actor or None, duplicates=False,
                          limit=limit, offset=offset)
        words = " ".join((about, *views.about_forms(about)[1])) if about else ""
        return render("claims.html", page=page, about=about or "", source=source or "", actor=actor or "",
                      snippet=lambda text: snippet(text, words))

    @app.get("/conflicts", response_class=HTMLResponse, include_in_schema=False)
    def page_conflicts(reason: str | None = None, limit: int = Limit, offset: int = Offset):
        return render("conflicts.html", page=api_conflicts(reason=reason, limit=limit, offset=offset))

    @app.get("/conflicts/claims", response_class=HTMLResponse, include_in_schema=False)
    def page_conflict_claims(group: str = Query(..., min_length=1, max_length=500), limit: int = Limit,
                             offset: int = Offset):
        return render("conflict.html", page=api_conflict_claims(group=group, limit=limit, offset=offset))

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def page_actors(type: str | None = None, limit: int = Limit, offset: int = Offset):
        return render("actors.html", page=api_actors(type=type, limit=limit, offset=offset))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_search(q: str = Query("", max_length=200)):
        from .highlight import snippet

        found = api_search(q, 50) if q.strip() else None
        return render("search.html", q=q, found=found, snippet=lambda text: snippet(text, found["words"]))

    @app.get("/ask", response_class=HTMLResponse, include_in_schema=False)
    def page_ask(q: str = Query("", max_length=500), lang: str | None = Query(None, pattern="^(it|en)$")):
        try:
            result, problem = (api_ask(q, lang) if q.strip() else None), None
        except DossierError as exc:  # say it on the page, where the question was asked
            result, problem = None, str(exc)
        return render("ask.html", q=q, result=result, problem=problem)

    @app.get("/articles/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(doc_id: str, hl: str | None = Query(None, pattern=r"^\d+-\d+$")):
        with store() as s:
            art = _article(s, doc_id)
        spans = [(e.start, e.end, "event") for e in art.events] + \
                [(q.start, q.end, "figure") for q in art.quantities] + [(c.start, c.end, "claim") for c in art.claims]
        focus = tuple(int(x) for x in hl.split("-")) if hl else None
        return render("article.html", art=art, body=highlight(art.text, spans, focus))

    return app


def _check_token(request: Request, token: str | None) -> None:
    if not token:
        raise ApiError(403, "this server is read-only", "start it with --token (or DOSSIER_TOKEN) to allow writes")
    got = request.headers.get("authorization", "")
    if not hmac.compare_digest(got.encode(), f"Bearer {token}".encode()):
        raise ApiError(401, "a write needs the token", "send Authorization: Bearer TOKEN")


def _article(store, doc_id: str):
    if not doc_id.isalnum() or len(doc_id) > 64:
        raise ApiError(404, f"no article {doc_id!r}")
    if store.document(doc_id) is None:
        raise ApiError(404, f"no article {doc_id!r}", "ids come from /api/search or any record's doc_id")
    return store.load_article(doc_id)
