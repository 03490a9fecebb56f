"""Throughput of the shipped NER model on one CPU core, the way the pipeline calls it.

    python bench/ner_speed.py [--kind /work/shared/benchmarks/kind] [--model DIR] [--sentences 2000]

Input: KIND WN_dev sentences, detokenised into running text and grouped into
"articles" of 25 sentences; each article is tagged with `NerModel.predict(text,
spans)` (per-sentence spans, as the pipeline passes them). Tokens are counted with
the model's word splitter. Load time is reported apart. Threads are pinned to one.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

DEFAULT_KIND = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "kind"


def articles(kind: Path, n_sentences: int, per_article: int = 25) -> list[tuple[str, list[tuple[int, int]]]]:
    from dossier.ner.kind import detokenize, read_kind

    sents = read_kind(kind / "WN_dev.tsv")[:n_sentences]
    out = []
    for i in range(0, len(sents), per_article):
        text, spans = "", []
        for s in sents[i:i + per_article]:
            piece, _ = detokenize(s.words)
            if text:
                text += " "
            spans.append((len(text), len(text) + len(piece)))
            text += piece
        out.append((text, spans))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", type=Path, default=DEFAULT_KIND)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    from dossier.ner import NerModel

    t0 = time.perf_counter()
    model = NerModel.load(args.model)
    load_s = time.perf_counter() - t0
    docs = articles(args.kind, args.sentences)
    from dossier.ner.words import split_words

    n_tokens = sum(len(split_words(t)) for t, _ in docs)
    n_chars = sum(len(t) for t, _ in docs)
    best = float("inf")
    n_ents = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_ents = sum(len(model.predict(t, spans)) for t, spans in docs)
        best = min(best, time.perf_counter() - t0)
    size = sum(f.stat().st_size for f in model.path.rglob("*") if f.is_file())
    print(f"model: {model.path}  ({size / 1e6:.1f} MB on disk, loaded in {load_s:.2f} s)")
    print(f"{len(docs)} articles, {n_tokens} tokens, {n_chars} chars, {n_ents} entities")
    print(f"speed (one core, best of {args.repeat}): {n_tokens / best:,.0f} tokens/s, {n_chars / best:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
