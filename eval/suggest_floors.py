"""Measure every development gold set and write floors a margin below the figures.

    python eval/suggest_floors.py [--margin 0.02] [--write]

Scores ../shared's gold sets (written-2 in Italian and English apart, as the issues report them)
with the default pipeline and prints, for every figure pinned in eval/floors.json, the measured
value and the floor it implies: the figure rounded down to two decimals, minus the margin (a floor
within 0.01 of its figure fails on another CPU or onnxruntime build; none sits at a development
maximum of 1.0). `--write` rewrites eval/floors.json with them. Raise floors when figures rise;
never lower one to get a change through without saying why in the commit.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# section of floors.json -> (gold folder, corpus folder, language or None)
SETS = {
    "seeds-it": ("gold", "seeds-it", None),
    "written-it": ("gold-written", "written-it", None),
    "written-2-it": ("gold-written-2", "written-2", "it"),
    "written-2-en": ("gold-written-2", "written-2", "en"),
}
FIGURES = (
    "entities.strict.f1", "entities.lenient.f1", "linking.strict.accuracy", "quantities.match.f1",
    "quantities.bound.accuracy", "quantities.period.accuracy", "quantities.source.accuracy",
    "quantities.stance.accuracy", "events.trigger.f1", "events.sentence.f1", "events.participants.f1",
    "events.modality.accuracy", "events.date.accuracy", "claims.source.accuracy", "claims.stance.accuracy",
    "published.accuracy",
)
ABOUT = ("Quality floors per gold set (tests/test_quality_floors.py, `dossier eval --floors eval/floors.json"
         " [--lang it|en]`). Each floor is its figure rounded down to 2 decimals minus 0.02, written by "
         "`python eval/suggest_floors.py --write`: a guard against regressions that holds on any CPU, not a "
         "target (the issues' targets are in eval/targets.json). Raise them when extraction improves.")


def measure() -> dict[str, dict[str, float]]:
    from dossier.scoring import evaluate

    out = {}
    for key, (gold, corpus, lang) in SETS.items():
        if not (SHARED / gold).is_dir():
            continue
        flat = evaluate(SHARED / gold, SHARED / "corpus" / corpus, lang=lang).flat()
        out[key] = {f: flat[f] for f in FIGURES if f in flat and not math.isnan(flat[f])}
    return out


def floor_of(value: float, margin: float) -> float:
    return max(0.0, round(math.floor(min(value, 0.99) * 100) / 100 - margin, 2))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--margin", type=float, default=0.02)
    ap.add_argument("--write", action="store_true", help="rewrite eval/floors.json")
    args = ap.parse_args(argv)
    measured = measure()
    floors = {"_about": ABOUT}
    for key, figs in measured.items():
        floors[key] = {f: floor_of(v, args.margin) for f, v in figs.items()}
        for f, v in figs.items():
            print(f"{key:<14} {f:<30} {v:.4f} -> floor {floors[key][f]:.2f}")
    if args.write:
        body = ",\n".join(f' "{k}": ' + (json.dumps(v) if k == "_about" else "{\n" + ",\n".join(
            f'  "{f}": {x}' for f, x in v.items()) + "\n }") for k, v in floors.items())
        (ROOT / "eval" / "floors.json").write_text("{\n" + body + "\n}\n", encoding="utf-8")
        print("wrote eval/floors.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
