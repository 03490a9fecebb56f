"""Pages, API and views on a large synthetic store, on SQLite and on PostgreSQL, on one core.

    python bench/web.py --articles 10000 [--db /tmp/web.db | --db postgresql://USER@HOST:PORT/DB]
                        [--reuse] [--repeat 10] [--json]

Writes N articles (bench/ask.py's generator: the sample corpus's own extraction, copied with new
ids, turned digits, scaled figures and moved dates; one `write_article` transaction each), resolves
them as `dossier build` does (the clusters and the views' rows), then times every API list
endpoint and every page in-process (FastAPI's TestClient, so the time includes the JSON or the
HTML) `--repeat` times after one warm call, and prints p50/p95 per path with the write cost per
article, the resolve time and the store's size per article. The CLI views read the same kept
rows as the API. On PostgreSQL the store goes into its own schema `bench_views` of that
database (dropped first unless --reuse).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ask import build, one_core, p95  # noqa: E402 - the same synthetic corpus as the ask benchmark

ENDPOINTS = (
    "/api/timeline?limit=50", "/api/timeline?limit=50&offset=500", "/api/timeline?actor=Putin&since=2024-06&limit=50",
    "/api/flows?limit=50", "/api/flows?item=shells&limit=50", "/api/ledger?limit=20", "/api/claims?limit=50",
    "/api/claims?about=containers&limit=50", "/api/conflicts?limit=50", "/api/actors?limit=50",
    "/api/actors/PUTIN", "/api/search?q=Pyongyang&limit=20", "/api/graph",
    "/", "/timeline", "/flows", "/flows?by=flow", "/conflicts", "/actors", "/actors/PUTIN", "/graph",
    "/search?q=Pyongyang",
)


def store_paths(client) -> list[str]:
    """Paths that need an id from this store: an article, a conflict group's claims."""
    from urllib.parse import quote

    row = client.get("/api/flows?limit=1").json()["items"][0]
    group = client.get("/api/conflicts?limit=1").json()["items"][0]["id"]
    return [f"/api/articles/{row['doc_id']}", f"/articles/{row['doc_id']}?hl={row['start']}-{row['end']}",
            f"/api/conflicts/claims?group={quote(group)}&limit=50"]


def target(db: str, reuse: bool) -> str:
    """The store to use: an SQLite path (removed first unless reuse), or the URL of a bench schema."""
    from dossier.store import is_server

    if not is_server(db):
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(db + suffix).unlink(missing_ok=True)
        return db
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        if not reuse:
            conn.execute("DROP SCHEMA IF EXISTS bench_views CASCADE")
        conn.execute("CREATE SCHEMA IF NOT EXISTS bench_views")
    return db + ("&" if "?" in db else "?") + "options=-csearch_path%3Dbench_views"


def size_mb(db: str) -> float:
    from dossier.store import is_server

    if not is_server(db):
        return sum(Path(db + s).stat().st_size for s in ("", "-wal") if Path(db + s).exists()) / 1e6
    import psycopg

    with psycopg.connect(db) as conn:
        row = conn.execute("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                           "AND c.relkind IN ('r', 'm')").fetchone()
    return float(row[0]) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--db", default="/tmp/dossier-views-bench.db")
    ap.add_argument("--reuse", action="store_true", help="Reuse the store (built earlier with the same --db).")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    one_core()
    from fastapi.testclient import TestClient

    from dossier.resolve import resolve_store
    from dossier.stage import Resources
    from dossier.store import is_server, open_store
    from dossier.web import create_app

    db = target(args.db, args.reuse)
    out: dict = {"engine": "postgresql" if is_server(db) else "sqlite", "cores": 1}
    kb = Resources().kb
    if not args.reuse:
        print(f"writing {args.articles:,} articles", file=sys.stderr)
        out["write_ms_per_article"] = round(build(db, args.articles) * 1000 / args.articles, 2)
        t = time.perf_counter()
        with open_store(db) as store:
            resolve_store(store, kb)
        out["resolve_s"] = round(time.perf_counter() - t, 1)
    with open_store(db) as store:
        out["articles"] = store.counts()["documents"]
    out["store_kb_per_article"] = round(size_mb(db) * 1000 / max(out["articles"], 1), 1)
    with TestClient(create_app(db, kb=kb, rate=0)) as client:  # no rate limit: one client asks fast
        for path in (*ENDPOINTS, *store_paths(client)):
            assert client.get(path).status_code == 200, path  # warm: caches, the OS page cache
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - t) * 1000)
            out[path[:60]] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95(times), 1)}
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>60}: {v}")


if __name__ == "__main__":
    main()
