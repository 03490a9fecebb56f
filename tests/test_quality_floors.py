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
# floors.json section -> (gold folder, corpus folder, language scored or None for all)
CORPORA = {
    "seeds-it": ("gold", "seeds-it", None),
    "written-it": ("gold-written", "written-it", None),
    "written-2-it": ("gold-written-2", "written-2", "it"),
    "written-2-en": ("gold-written-2", "written-2", "en"),
}


@lru_cache(maxsize=None)
def _report(corpus: str):
    gold_name, folder_name, lang = CORPORA[corpus]
    gold, folder = SHARED / gold_name, SHARED / "corpus" / folder_name
    if not gold.is_dir() or not folder.is_dir():
        pytest.skip(f"{gold} or {folder} is not present")
    return evaluate(gold, folder, lang=lang)


def test_floors_file_names_known_corpora():
    floors = load_floors(FLOORS)
    assert set(floors) == set(CORPORA), "eval/floors.json must pin exactly the corpora this test scores"
    # a guard a margin below the figures, never a development maximum
    assert all(0.0 <= v < 1.0 for figs in floors.values() for v in figs.values())


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_quality_floors(corpus):
    floors = load_floors(FLOORS)[corpus]
    failures = check_floors(_report(corpus), floors)
    assert not failures, f"{corpus}: " + "; ".join(failures)


def test_met_targets_stay_met():
    """Targets of resolved issues (eval/targets.json, `met`) must still be reached by the figures."""
    import json

    targets = json.loads((REPO / "eval" / "targets.json").read_text(encoding="utf-8"))
    for issue, sets in targets["met"].items():
        for corpus, figures in sets.items():
            flat = _report(corpus).flat()
            for key, target in figures.items():
                assert flat[key] >= target, f"{issue}: {corpus} {key} = {flat[key]:.3f} is below the target {target}"


def test_open_targets_name_known_figures():
    import json

    targets = json.loads((REPO / "eval" / "targets.json").read_text(encoding="utf-8"))
    floors = load_floors(FLOORS)
    for sets in targets["open"].values():
        for corpus, figures in sets.items():
            assert corpus in CORPORA and set(figures) <= set(floors[corpus]), corpus
