"""Score a NER model on the KIND dev files (entity level, exact match, like seqeval).

    python -m dossier.ner.evaluate --kind /work/shared/benchmarks/kind [--model DIR]

The model tags the gold tokenisation, so the figures measure the tagger, not the
word splitter. The shipped ONNX model, a torch checkpoint from `finetune.py` and a
spaCy pipeline from `train.py --approach spacy` are all accepted.
"""
from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import DossierError, run_main
from .kind import DOMAINS, Scores, char_spans, kind_file, read_kind, score, score_spans

Tagger = Callable[[Sequence[Sequence[str]]], list[list[str]]]


def load_tagger(model_dir: Path, threads: int = 1) -> Tagger:
    """The shipped kind of model (model.onnx), a fine-tuned torch checkpoint (weights.pt)
    or a spaCy pipeline (config.cfg, approach A of the comparison)."""
    if (model_dir / "model.onnx").is_file():
        from . import NerModel

        return NerModel.load(model_dir).predict_words
    if (model_dir / "weights.pt").is_file():
        from .finetune import Tagger as TorchTagger

        return TorchTagger.load(model_dir, threads).predict_words
    if (model_dir / "config.cfg").is_file():
        return _spacy_tagger(model_dir)
    raise DossierError(f"no NER model in {model_dir}", hint="expected model.onnx, weights.pt or a spaCy config.cfg")


def _spacy_tagger(model_dir: Path) -> Tagger:
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(model_dir)

    def tag(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        docs = (Doc(nlp.vocab, words=list(words)) for words in sentences)
        return [[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
                for doc in nlp.pipe(docs, batch_size=256)]

    return tag


def evaluate(kind_dir: str | Path, tagger: Tagger, domains: Sequence[str] = DOMAINS) -> dict[str, tuple[Scores, float, int]]:
    """Per dev file: (scores, seconds spent tagging, tokens)."""
    results = {}
    for domain in domains:
        sents = read_kind(kind_file(kind_dir, domain, "dev"))
        t0 = time.perf_counter()
        pred = tagger([s.words for s in sents])
        results[domain] = (score([s.tags for s in sents], pred), time.perf_counter() - t0,
                           sum(len(s.words) for s in sents))
    return results


def evaluate_raw(kind_dir: str | Path, model_dir: Path, domains: Sequence[str] = DOMAINS) -> dict[str, tuple[Scores, float]]:
    """End to end on running text: the dev sentences detokenised, tagged with
    `NerModel.predict` (its own word splitter), scored as exact character spans.
    Also returns the share of sentences the splitter cuts exactly like KIND."""
    from . import NerModel
    from .words import split_words

    model = NerModel.load(model_dir)
    results = {}
    for domain in domains:
        sents = read_kind(kind_file(kind_dir, domain, "dev"))
        gold, pred, same = [], [], 0
        for s in sents:
            text, spans = char_spans(s.words, s.tags)
            gold.append(spans)
            pred.append(model.predict(text))
            same += [text[a:b] for a, b in split_words(text)] == list(s.words)
        results[domain] = (score_spans(gold, pred), same / len(sents))
    return results


def main(argv: list[str] | None = None) -> int:
    from . import variant_dir

    ap = argparse.ArgumentParser(prog="python -m dossier.ner.evaluate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", required=True, help="folder with the KIND *_dev.tsv files")
    ap.add_argument("--model", default=str(variant_dir("accurate")),
                    help="model folder (default: the shipped accurate model; src/dossier/ner/model/fast for the other)")
    ap.add_argument("--domains", default=",".join(DOMAINS))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--raw", action="store_true",
                    help="also score end to end on detokenised text split by dossier's word splitter (ONNX models)")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    tagger = load_tagger(Path(args.model), args.threads)
    domains = [d.strip() for d in args.domains.split(",") if d.strip()]
    for domain, (scores, secs, ntok) in evaluate(args.kind, tagger, domains).items():
        print(f"== {domain}_dev  ({ntok} tokens, {ntok / secs:,.0f} tokens/s)")
        print(scores.table())
    if args.raw:
        for domain, (scores, agree) in evaluate_raw(args.kind, Path(args.model), domains).items():
            print(f"== {domain}_dev raw text (tokenizer matches KIND on {agree:.1%} of sentences)")
            print(scores.table())
    return 0


if __name__ == "__main__":
    run_main(main)
