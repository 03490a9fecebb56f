"""Extraction time against article length: is the cost linear?

    python bench/long_article.py [--sizes 100,200,400,800] [--one-line] [--ner-model off|fast|accurate]
        [--parser on|off] [--json]

Builds articles of the given sizes (KB) by repeating the sample corpus (examples/corpus, our own
text; `--one-line` joins it into one line with no full stop, the run-on page of a bad scrape),
runs the whole pipeline once on each on one core and prints seconds, KB/s and the time ratio
between consecutive sizes (2.0 for a doubling is linear, 4.0 quadratic) with seconds per stage.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sample_text() -> str:
    parts = []
    for p in sorted((ROOT / "examples" / "corpus").glob("*.txt")):
        parts.append(re.sub(r"^---.*?---\n", "", p.read_text(encoding="utf-8"), flags=re.S))
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,200,400,800", help="article sizes in KB, comma-separated")
    ap.add_argument("--one-line", action="store_true", help="no line breaks and no full stops")
    ap.add_argument("--ner-model", default=None, help="accurate, fast or off (default: the setting)")
    ap.add_argument("--parser", default=None, help="on or off (default: the setting)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from dossier.pipeline import Pipeline
    from dossier.records import Article, Document
    from dossier.stage import Resources

    settings = {k: v for k, v in (("ner_model", args.ner_model), ("parser", args.parser)) if v}
    pipe = Pipeline(resources=Resources(settings))
    pipe.run(Article(document=Document(id="warm", text=sample_text()[:4000], language="it")))
    body = sample_text()
    if args.one_line:
        body = body.replace("\n", " ").replace(". ", " ; ")
    rows = []
    for kb in (int(s) for s in args.sizes.split(",")):
        n = kb * 1024
        text = (body * (n // len(body) + 1))[:n]
        pipe.timings = {k: 0.0 for k in pipe.timings}
        t0 = time.perf_counter()
        art = pipe.run(Article(document=Document(id=f"long{kb}", text=text, language="it")))
        dt = time.perf_counter() - t0
        rows.append({"kb": kb, "seconds": round(dt, 2), "kb_per_second": round(kb / dt, 1),
                     "sentences": len(art.sentences), "stage_seconds": {k: round(v, 2) for k, v in pipe.timings.items()}})
    for a, b in zip(rows, rows[1:]):
        b["ratio_to_previous"] = round(b["seconds"] / a["seconds"], 2)
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps({"rows": rows, "peak_rss_mb": peak, "settings": settings, "one_line": args.one_line}, indent=2))
        return 0
    for r in rows:
        print(f"{r['kb']:>6} KB  {r['seconds']:7.2f} s  {r['kb_per_second']:6.1f} KB/s  "
              f"x{r.get('ratio_to_previous', '-')}  " + " ".join(f"{k}={v}" for k, v in r["stage_seconds"].items()))
    print(f"peak RSS {peak} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
