"""The shipped NER variants must keep the micro F1 pinned in eval/ner_floors.json on KIND's dev files.

Tags about 108k dev tokens per variant on one thread (a minute or two); skips when
../shared/benchmarks/kind is not there.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.ner import VARIANTS, variant_dir
from dossier.ner.evaluate import evaluate, load_tagger

REPO = Path(__file__).resolve().parents[2]
KIND = REPO.parent / "shared" / "benchmarks" / "kind"
FLOORS = json.loads((REPO / "eval" / "ner_floors.json").read_text(encoding="utf-8"))


def test_floors_cover_every_shipped_variant():
    assert set(FLOORS) - {"_about"} == set(VARIANTS)


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS)
def test_ner_floors(variant):
    if not (KIND / "WN_dev.tsv").is_file():
        pytest.skip(f"{KIND} is not present")
    floors = FLOORS[variant]
    results = evaluate(KIND, load_tagger(variant_dir(variant)), tuple(floors))
    below = {d: round(r[0].prf()[2], 4) for d, r in results.items() if r[0].prf()[2] < floors[d]}
    assert not below, f"{variant}: micro F1 below the floor {floors}: {below}"
