"""Train the shipped Italian parser: a 12-layer teacher, a distilled student, the ONNX export.

    dossier train-parser --ud ../shared/benchmarks/ud-italian --out src/dossier/parse/model \
        --kind ../shared/benchmarks/kind [--no-isdt-dev] [--workdir DIR]
    python -m dossier.parse.training.recipe --ud ... --out ...      # the same

1. Teacher: all 12 layers of e5-small fine-tuned on the training files without ISDT dev, so that the
   same teacher serves a student scored on ISDT dev (the proxy for unseen news) and the shipped one.
2. Student: the teacher's bottom layers and heads, trained on the gold trees (ISDT dev included unless
   --no-isdt-dev) plus the teacher's distributions, and on KIND's news text with the teacher's trees
   (when --kind is given).
3. Export: the student becomes `out`/fast (int8 ONNX + biaffine.npz + parser.json).
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from ...errors import run_main

# The shipped recipe (MODEL_CARD.md), named once here and read by the CLI.
TEACHER_LAYERS, TEACHER_EPOCHS, STUDENT_LAYERS, STUDENT_EPOCHS = 12, 10, 4, 6
TEACHER_LR, STUDENT_LR = 8e-5, 1e-4        # encoder
TEACHER_HEAD_LR, STUDENT_HEAD_LR = 1e-3, 5e-4  # MLPs, biaffine, UPOS (the student's start trained)
FLOAT_LAYERS: tuple[str, ...] = ()  # all int8: "fo" in float32 gave the student +0.1-0.2 LAS, 16 % slower


def train_parser(ud_dir: str | Path, out: Path, *, layers: int = STUDENT_LAYERS, epochs: int = STUDENT_EPOCHS,
                 teacher_layers: int = TEACHER_LAYERS, teacher_epochs: int = TEACHER_EPOCHS,
                 with_isdt_dev: bool = True, kind_dir: str | Path | None = None, threads: int = 2,
                 workdir: Path | None = None) -> Path:
    from .export import export_dir
    from .train import train

    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dossier-parse-") as tmp:
        base = Path(workdir or tmp)
        teacher = None
        if teacher_layers:
            teacher = base / "teacher"
            print(f"== teacher: {teacher_layers} layers, {teacher_epochs} epochs", flush=True)
            train(ud_dir, teacher, layers=teacher_layers, epochs=teacher_epochs, lr=TEACHER_LR,
                  head_lr=TEACHER_HEAD_LR, threads=threads, with_isdt_dev=False)
        print(f"== student: {layers} layers, {epochs} epochs" + (", distilled" if teacher else ""), flush=True)
        student = base / "student"
        train(ud_dir, student, layers=layers, epochs=epochs, lr=STUDENT_LR if teacher else TEACHER_LR,
              head_lr=STUDENT_HEAD_LR if teacher else TEACHER_HEAD_LR, threads=threads,
              with_isdt_dev=with_isdt_dev, teacher=teacher, raw_kind=kind_dir if teacher else None)
        target = export_dir(student, out / "fast", "fast", FLOAT_LAYERS, threads)
        if workdir is None:
            shutil.rmtree(base, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.parse.training.recipe", description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud", required=True, help="folder of the UD Italian CoNLL-U files")
    ap.add_argument("--out", required=True, help="model folder: its fast/ variant is replaced")
    ap.add_argument("--kind", default="", help="KIND folder: its news text distils the student (optional)")
    ap.add_argument("--no-isdt-dev", action="store_true",
                    help="keep it_isdt-ud-dev out of the student's training too (to score on it)")
    ap.add_argument("--layers", type=int, default=STUDENT_LAYERS)
    ap.add_argument("--epochs", type=int, default=STUDENT_EPOCHS)
    ap.add_argument("--teacher-layers", type=int, default=TEACHER_LAYERS, help="0: no teacher")
    ap.add_argument("--teacher-epochs", type=int, default=TEACHER_EPOCHS)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workdir", default="", help="keep the checkpoints here instead of a temporary folder")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    t0 = time.time()
    target = train_parser(args.ud, Path(args.out), layers=args.layers, epochs=args.epochs,
                          teacher_layers=args.teacher_layers, teacher_epochs=args.teacher_epochs,
                          with_isdt_dev=not args.no_isdt_dev, kind_dir=args.kind or None, threads=args.threads,
                          workdir=Path(args.workdir) if args.workdir else None)
    print(f"trained in {(time.time() - t0) / 60:.1f} min -> {target.parent}", flush=True)
    return 0


if __name__ == "__main__":
    run_main(main)
