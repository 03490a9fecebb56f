"""Pairwise precision, recall and F1 of the actor name matcher on eval/name_pairs.tsv.

    python eval/name_pairs.py [--errors]

`dossier.resolve.actors.same_name` decides each pair from the two written names alone.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

from dossier.resolve.actors import same_name

PAIRS = Path(__file__).with_name("name_pairs.tsv")


def score(path: Path = PAIRS) -> dict:
    tp = fp = fn = tn = 0
    errors = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            got, want = same_name(row["name_a"], row["name_b"]), row["same"] == "1"
            tp += got and want
            fp += got and not want
            fn += want and not got
            tn += not got and not want
            if got != want:
                errors.append((row["name_a"], row["name_b"], "missed" if want else "wrongly joined"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"pairs": tp + fp + fn + tn, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="list the pairs decided wrongly")
    args = ap.parse_args(argv)
    s = score()
    print(f"{s['pairs']} pairs: precision {s['precision']}, recall {s['recall']}, F1 {s['f1']}")
    if args.errors:
        for a, b, what in s["errors"]:
            print(f"  {what}: {a!r} / {b!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
