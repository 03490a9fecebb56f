"""Throughput and memory of the shipped dependency parser on one CPU core.

    python bench/parser_speed.py [--conllu FILE ...] [--corpus DIR] [--model DIR] [--repeat 2]

Input: the sentences of UD Italian files as running text would give them (surface tokens, so
"della" is one token and the parser splits it), by default the news / wiki test files
(it_vit-ud-test, it_pud-ud-test) of ../shared/benchmarks/ud-italian; or the articles of a folder
(`--corpus examples/corpus`: its Italian .txt articles, cut into sentences and tokens by a regex).
Reported: words/s (whitespace-separated words, as bench/pipeline_speed.py counts them), surface
tokens/s and syntactic words/s; load time apart; peak RSS of the process. One core, one thread.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
UD = ROOT.parent / "shared" / "benchmarks" / "ud-italian"
DEFAULT_FILES = ("it_vit-ud-test.conllu", "it_pud-ud-test.conllu")
_TOKEN = re.compile(r"\w+['’]|\d+(?:[.,]\d+)*|\w+(?:-\w+)*|[^\w\s]")


def corpus_sentences(folder: Path) -> list[tuple[str, list[str]]]:
    """(sentence text, tokens) of every .txt article under `folder`, cut at . ! ? tokens."""
    out = []
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):  # front matter: Italian articles only
            _, head, text = text.split("---", 2)
            if "language: it" not in head:
                continue
        for para in text.split("\n"):
            matches = []
            for m in _TOKEN.finditer(para):
                matches.append(m)
                if m.group() in ".!?":
                    out.append((para[matches[0].start():m.end()], [x.group() for x in matches]))
                    matches = []
            if matches:
                out.append((para[matches[0].start():matches[-1].end()], [x.group() for x in matches]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--conllu", type=Path, action="append", default=[])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--model", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    from dossier.parse import ParserModel
    from dossier.parse.conllu import read_surface

    if args.corpus:
        sents = corpus_sentences(args.corpus)
    else:
        files = args.conllu or [UD / f for f in DEFAULT_FILES]
        sents = [s for f in files for s in read_surface(f)]
    if not sents:
        print("no sentences found")
        return 1
    t0 = time.perf_counter()
    model = ParserModel.load(args.model)
    model.parse([sents[0][1]])
    load_s = time.perf_counter() - t0
    tokens = [toks for _, toks in sents]
    best, trees = float("inf"), []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        trees = model.parse(tokens)
        best = min(best, time.perf_counter() - t0)
    words = sum(len(text.split()) for text, _ in sents)
    n_tokens = sum(map(len, tokens))
    n_syntactic = sum(len(t.words) for t in trees)
    size = sum(f.stat().st_size for f in model.path.iterdir() if f.is_file())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model: {model.path} ({size / 1e6:.1f} MB, loaded in {load_s:.2f} s)")
    print(f"{len(sents)} sentences: {words} words, {n_tokens} tokens, {n_syntactic} syntactic words")
    print(f"speed (one core, best of {args.repeat}): {words / best:,.0f} words/s, {n_tokens / best:,.0f} tokens/s, "
          f"{n_syntactic / best:,.0f} syntactic words/s")
    print(f"peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
