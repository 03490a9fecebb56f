"""Time of the resolve step (event clustering) against the number of events.

    python bench/resolve.py [--sizes 1000,10000,100000] [--json]

Builds synthetic event mentions from the sample corpus's own events (examples/corpus, run through
the pipeline once): each copy keeps the type and the participants' roles, and is perturbed the way
a large corpus varies: its article id, its date moved by up to a year, one party swapped for
another state of the story half the time. Then it clusters N of them at once on one core
(`dossier.resolve.cluster_events`) and prints seconds, events/s and the ratio between consecutive
sizes (10.0 for ten times the events is linear). An incremental resolve (new articles into a
store of N) costs the same as a full one today: `resolve_store` reclusters every event.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATES = ("RUS", "PRK", "KOR", "USA", "UKR", "CHN", "JPN", "BLR", "IRN")


def seed_events():
    from dossier.ingest import iter_inputs
    from dossier.pipeline import Pipeline
    from dossier.records import Article, Document

    pipe = Pipeline()
    out = []
    for doc in iter_inputs([ROOT / "examples" / "corpus"], {}):
        if isinstance(doc, Document):
            out.extend(pipe.run(Article(document=doc)).events)
    return out, pipe.resources.kb


def synthetic(seeds, n: int, rng: random.Random):
    out = []
    for k in range(n):
        e = rng.choice(seeds)
        parts = e.participants
        if parts and rng.random() < 0.5:
            i = rng.randrange(len(parts))
            parts = parts[:i] + (dataclasses.replace(parts[i], entity_id=rng.choice(STATES)),) + parts[i + 1:]
        d = e.date
        if d and len(d) == 10 and "/" not in d:
            d = (date.fromisoformat(d) + timedelta(days=rng.randint(-365, 365))).isoformat()
        doc = f"syn{k // 8:07d}"
        out.append(dataclasses.replace(e, doc_id=doc, participants=parts, date=d, id=f"event:{doc}:{k}"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from dossier.resolve import cluster_events

    seeds, kb = seed_events()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        events = synthetic(seeds, n, random.Random(n))
        t0 = time.process_time()
        clusters = cluster_events(events, kb)
        dt = time.process_time() - t0
        rows.append({"events": n, "cpu_seconds": round(dt, 2), "events_per_s": round(n / dt), "clusters": len(clusters)})
    for a, b in zip(rows, rows[1:]):
        b["ratio_to_previous"] = round(b["cpu_seconds"] / a["cpu_seconds"], 1)
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps({"rows": rows, "seed_events": len(seeds), "peak_rss_mb": peak}, indent=2))
        return 0
    print(f"{len(seeds)} seed events from examples/corpus")
    for r in rows:
        print(f"{r['events']:>8} events  {r['cpu_seconds']:8.2f} CPU s  {r['events_per_s']:>8}/s  "
              f"{r['clusters']:>7} clusters  x{r.get('ratio_to_previous', '-')}")
    print(f"peak RSS {peak} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
