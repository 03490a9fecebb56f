"""Score a parser on CoNLL-U files: UAS and LAS per file, CoNLL 2018 style, gold tokenisation.

    python -m dossier.parse.evaluate --conllu ../shared/benchmarks/ud-italian/it_vit-ud-test.conllu [...]
    python -m dossier.parse.evaluate --ud ../shared/benchmarks/ud-italian     # every .conllu there
        [--model DIR] [--json]

`--model` takes a shipped ONNX folder (model.onnx) or a torch checkpoint from training (weights.pt);
the default is the shipped parser. See `score.py` for what is counted.
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import DossierError, run_main
from .conllu import read_conllu
from .parser import BATCH_PIECES
from .score import score


def load_parser(model: str | Path | None = None, threads: int = 1):
    """The word-level parser of a shipped folder, a torch checkpoint, or the default model."""
    from . import ParserModel

    if model is not None and (Path(model) / "weights.pt").is_file() and not (Path(model) / "model.onnx").is_file():
        from .training.model import TorchParser

        return TorchParser.load(Path(model), threads=threads)
    return ParserModel.load(model).parser


def evaluate_file(parser, path: str | Path, batch_pieces: int = BATCH_PIECES, gold: list | None = None) -> dict:
    """{"file", "sentences", "words", "uas", "las", "las_full", "upos", "words_per_s"} for one file
    (`gold`: its sentences, when already read)."""
    gold = read_conllu(path) if gold is None else gold
    t0 = time.perf_counter()
    parsed = parser.parse_words([s.words for s in gold], batch_pieces=batch_pieces)
    seconds = time.perf_counter() - t0

    class Pred:
        def __init__(self, t):
            self.heads, self.deprels, self.upos = t

    res = score(gold, [Pred(t) for t in parsed]).to_dict()
    return {"file": Path(path).name, "sentences": len(gold), **res,
            "words_per_s": round(res["words"] / max(seconds, 1e-9))}


def conllu_files(files: Sequence[str | Path], ud_dir: str | Path | None) -> list[Path]:
    paths = [Path(f) for f in files]
    if ud_dir is not None:
        if not Path(ud_dir).is_dir():
            raise DossierError(f"no folder {ud_dir}", hint="pass --ud the folder of the UD Italian .conllu files")
        paths += sorted(Path(ud_dir).glob("*.conllu"))
    if not paths:
        raise DossierError("no CoNLL-U file to score", hint="pass --conllu FILE (repeatable) or --ud DIR")
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.parse.evaluate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--conllu", action="append", default=[], help="a CoNLL-U file (repeatable)")
    ap.add_argument("--ud", help="score every .conllu file of this folder")
    ap.add_argument("--model", help="parser folder (default: the shipped one)")
    ap.add_argument("--batch-pieces", type=int, default=BATCH_PIECES)
    ap.add_argument("--threads", type=int, default=1, help="torch threads, for a checkpoint folder")
    ap.add_argument("--json", action="store_true", help="one JSON object per file")
    args = ap.parse_args(argv)
    paths = conllu_files(args.conllu, args.ud)
    golds = [read_conllu(p) for p in paths]  # a malformed file fails before the model loads
    parser = load_parser(args.model, args.threads)
    for path, gold in zip(paths, golds):
        res = evaluate_file(parser, path, args.batch_pieces, gold)
        if args.json:
            print(json.dumps(res), flush=True)
        else:
            print(f"{res['file']:32s} words {res['words']:6d}  UAS {res['uas']:.4f}  LAS {res['las']:.4f}  "
                  f"LAS+subtype {res['las_full']:.4f}  UPOS {res['upos']:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    run_main(main)
