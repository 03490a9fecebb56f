"""`dossier build --workers N` against a build in one process, on the same synthetic corpus.

    python bench/build_workers.py [--articles 400] [--workers 1,2] [--json]

Writes a corpus of N articles made from the sample corpus (examples/corpus): each of ten sentences
drawn at random from the sentences of one language, its digits turned (d becomes (d + i) mod 10).
Then builds it into a fresh store in this process (`--workers 0`) and with each number of
Dask workers asked for, times each whole `dossier build` (wall clock, cluster start and model loading
included), checks that every store holds the same rows as the first (`Store.dump()`), and prints
articles/s and the speed-up over `--workers 1` and over the first build (the one in process, unless
--no-in-process).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ROT = [str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10))) for k in range(10)]


def write_corpus(folder: Path, n: int) -> None:
    """N articles, each ten sentences drawn from the sample corpus's sentences of one language, its
    digits turned: texts of our own that read like the story and are not near-duplicates of one
    another (a near-duplicate costs the writer a lookup per copy: a different benchmark)."""
    import random

    sys.path.insert(0, str(ROOT / "src"))
    from dossier.ingest import iter_inputs
    from dossier.records import Document
    from sentencex import segment

    pool: dict[str, list[str]] = {}
    dates: dict[str, list[str]] = {}
    for d in iter_inputs([ROOT / "examples" / "corpus"], {}):
        if isinstance(d, Document):
            pool.setdefault(d.language, []).extend(x.strip() for x in segment(d.language, d.text) if len(x.strip()) > 30)
            dates.setdefault(d.language, []).append(d.published)
    rng = random.Random(7)
    langs = sorted(pool)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for i in range(n):
            lang = langs[i % len(langs)]
            text = " ".join(rng.sample(pool[lang], 10)).translate(_ROT[i % 10])
            f.write(json.dumps({"title": f"Synthetic {i}", "text": text, "published": rng.choice(dates[lang]),
                                "language": lang, "url": f"https://example.org/bench/{i}"}, ensure_ascii=False) + "\n")


def build(corpus: Path, db: Path, workers: int) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from dossier.cli import main; main()", "build", str(corpus), "--db", str(db),
                    "-q", "--workers", str(workers)], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--workers", default="1,2", help="Numbers of Dask workers to time, beside the in-process build.")
    ap.add_argument("--no-in-process", action="store_true", help="Skip the build in one process (saves time on big runs).")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from dossier.store import open_store

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_corpus(tmp, args.articles)
        dumps = []
        for w in ([] if args.no_in_process else [0]) + [int(x) for x in args.workers.split(",")]:
            db = tmp / f"w{w}.db"
            seconds = build(tmp / "corpus.jsonl", db, w)
            with open_store(db) as store:
                dumps.append(store.dump())
            rows.append({"workers": w, "seconds": round(seconds, 1), "articles_per_s": round(args.articles / seconds, 2),
                         "same_rows_as_first": dumps[-1] == dumps[0]})
    one = next((r["seconds"] for r in rows if r["workers"] == 1), None)
    for r in rows:
        r["speedup_vs_1_worker"] = round(one / r["seconds"], 2) if one else None
        r["speedup_vs_first"] = round(rows[0]["seconds"] / r["seconds"], 2)
    if args.json:
        print(json.dumps({"articles": args.articles, "runs": rows}))
    else:
        for r in rows:
            print(r)


if __name__ == "__main__":
    main()
