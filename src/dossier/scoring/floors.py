"""Quality floors: the figures each annotated corpus must keep (`eval/floors.json`).

The file maps a corpus name to `{figure: floor}` with the dotted keys of
`EvalReport.flat()`; keys starting with "_" are comments. Floors only go up: after an
improvement, `suggest_floors` gives the new figures rounded down to two decimals.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import GoldError
from .report import EvalReport

# Which figures are pinned: the rates, not the raw counts.
PINNED_SUFFIXES = (".f1", ".accuracy")


def load_floors(path: Path | str) -> dict[str, dict[str, float]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read floors file {path}: {exc}", hint="it must be JSON: {corpus: {figure: floor}}") from exc
    return {name: {k: float(v) for k, v in figs.items()} for name, figs in data.items() if not name.startswith("_")}


def check_floors(report: EvalReport, floors: Mapping[str, Any] | Path | str, key: str | None = None) -> list[str]:
    """One message per figure under its floor (or unknown to the report).

    `floors` is `{figure: floor}`, or a floors file / `{corpus: {figure: floor}}` from which
    `key` (the corpus name) picks the section."""
    if isinstance(floors, (str, Path)):
        floors = load_floors(floors)
    if floors and all(isinstance(v, Mapping) for v in floors.values()):
        if key not in floors:
            raise GoldError(f"no floors for {key!r}", hint="sections in the floors file: " + ", ".join(sorted(floors)))
        floors = floors[key]
    flat = report.flat()
    out = []
    for key, floor in sorted(floors.items()):
        if key not in flat:
            out.append(f"{key}: no such figure in the report (known: {', '.join(sorted(flat))})")
        elif flat[key] + 1e-9 < floor:
            out.append(f"{key} = {flat[key]:.4f} is below its floor {floor:.2f}")
    return out


def suggest_floors(report: EvalReport) -> dict[str, float]:
    """The report's rate figures rounded down to two decimals."""
    return {k: math.floor(v * 100 + 1e-9) / 100 for k, v in report.flat().items() if k.endswith(PINNED_SUFFIXES)}
