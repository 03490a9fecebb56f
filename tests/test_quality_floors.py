"""The system must keep the figures pinned in eval/floors.json on the shared gold sets.

Runs the whole default pipeline on the development corpora (a few seconds) and scores it;
skips when ../shared is not there. When extraction improves, raise the floors.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from dossier.scoring import evaluate
from dossier.scoring.floors import check_floors, load_floors

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FLOORS = REPO / "eval" / "floors.json"
CORPORA = {"seeds-it": "gold", "written-it": "gold-written"}  # corpus folder -> its gold folder


@lru_cache(maxsize=None)
def _report(corpus: str):
    gold, folder = SHARED / CORPORA[corpus], SHARED / "corpus" / corpus
    if not gold.is_dir() or not folder.is_dir():
        pytest.skip(f"{gold} or {folder} is not present")
    return evaluate(gold, folder)


def test_floors_file_names_known_corpora():
    floors = load_floors(FLOORS)
    assert set(floors) == set(CORPORA), "eval/floors.json must pin exactly the corpora this test scores"
    assert all(0.0 <= v <= 1.0 for figs in floors.values() for v in figs.values())


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_quality_floors(corpus):
    floors = load_floors(FLOORS)[corpus]
    failures = check_floors(_report(corpus), floors)
    assert not failures, f"{corpus}: " + "; ".join(failures)


def test_pinned_floors_keep_the_issue_targets():
    import json

    targets = json.loads((REPO / "eval" / "targets.json").read_text(encoding="utf-8"))
    floors = load_floors(FLOORS)
    for corpus, figures in targets.items():
        if corpus.startswith("_"):
            continue
        for key, target in figures.items():
            assert floors[corpus][key] >= target, f"{corpus} floor {key}={floors[corpus][key]} is below the target {target}"
