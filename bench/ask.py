"""Latency of `dossier ask` on a large synthetic store, on one core.

    python bench/ask.py [--articles 100000] [--db /tmp/dossier-ask-bench.db] [--reuse] [--json]

Builds (or, with --reuse, reopens) a store of N articles made from the sample corpus's own
extraction (examples/corpus, run through the pipeline once): copy k of an article gets its own id,
its digits turned (each digit d becomes (d + k) mod 10 in every text, so figures and dates read
differently to the full-text index), its figures scaled by 1 + (k mod 7)/10 and its event dates
moved by k mod 365 days. Copies are written with the store's own `write_article`, one transaction
each; the resolve step is not run (its clusters only widen citations). Then every question of
eval/ask/questions.jsonl is asked once to warm the process and once timed, pinned to one core with
one thread, and p50/p95/max latency is printed with the store's size and the process's peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ROT = [str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10))) for k in range(10)]


def one_core() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def p95(times: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    times = sorted(times)
    return times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]


def base_articles():
    from dossier.ingest import iter_inputs
    from dossier.pipeline import Pipeline
    from dossier.records import Article, Document

    pipe = Pipeline()
    return [pipe.run(Article(document=d)).to_dict() for d in iter_inputs([ROOT / "examples" / "corpus"], {})
            if isinstance(d, Document)]


def _turn(obj, k: int, old: str, new: str):
    if isinstance(obj, dict):
        out = {}
        for key, v in obj.items():
            if key == "text" and isinstance(v, str):
                out[key] = v.translate(_ROT[k % 10])
            elif key in ("value", "low", "high") and isinstance(v, (int, float)):
                out[key] = v * (1 + (k % 7) / 10)
            elif key == "date" and isinstance(v, str) and len(v) == 10 and v[4] == "-":
                out[key] = (date.fromisoformat(v) + timedelta(days=k % 365)).isoformat()
            else:
                out[key] = _turn(v, k, old, new)
        return out
    if isinstance(obj, list):
        return [_turn(v, k, old, new) for v in obj]
    if isinstance(obj, str):
        return obj.replace(old, new)
    return obj


def build(db: Path, n: int) -> float:
    import hashlib

    from dossier.records import Article
    from dossier.store import open_store

    bases = base_articles()
    t0 = time.perf_counter()
    with open_store(db) as store:
        for i in range(n):
            base = bases[i % len(bases)]
            k = i // len(bases)
            old = base["document"]["id"]
            new = old if k == 0 else hashlib.sha256(f"{old}:{k}".encode()).hexdigest()[:16]
            data = base if k == 0 else _turn(base, k, old, new)
            store.write_article(Article.from_dict(data))
            if (i + 1) % 5000 == 0:
                print(f"  {i + 1:,} articles written ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/dossier-ask-bench.db"))
    ap.add_argument("--reuse", action="store_true", help="Reuse the store at --db if it exists.")
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "ask" / "questions.jsonl")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    one_core()
    from dossier.ask import Asker
    from dossier.scoring.ask import load_questions
    from dossier.store import open_store

    build_s = None
    if not (args.reuse and args.db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        print(f"building {args.articles:,} articles into {args.db}", file=sys.stderr)
        build_s = build(args.db, args.articles)
    questions = load_questions(args.questions)
    with open_store(args.db) as store:
        docs = store.counts()["documents"]
        asker = Asker(store)
        for q in questions:  # warm: models, caches, the OS page cache
            asker.ask(q["question"], lang=q["lang"])
        times = []
        for q in questions:
            t = time.perf_counter()
            asker.ask(q["question"], lang=q["lang"])
            times.append((time.perf_counter() - t) * 1000)
    out = {"articles": docs, "questions": len(times), "p50_ms": round(statistics.median(times), 1),
           "p95_ms": round(p95(times), 1), "max_ms": round(max(times), 1),
           "store_mb": round(args.db.stat().st_size / 1e6, 1),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
           "build_s": round(build_s, 1) if build_s is not None else None, "cores": 1}
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:>12}: {v}")


if __name__ == "__main__":
    main()
