"""Fixtures of the scorer tests: a small hand-written article (our own sentences) and its gold
annotation, built from offsets found in the text. Served by fixtures because the suite runs with
--import-mode=importlib, where a test module cannot import a sibling module."""
from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest

TEXT = (
    "Ieri il Cremlino ha confermato la visita di Mario Rossi. "
    "Il presidente Mario Rossi è arrivato a Lisbona martedì. "
    "La Casa Bianca ha criticato l'accordo e il governo portoghese tace. "
    "Secondo il ministero, circa 4.000 camion sono partiti dal Portogallo verso la Spagna da marzo."
)


def span(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def mention(sub: str, form: str = "NAM", nth: int = 0, **extra) -> dict:
    s, e = span(sub, nth)
    return {"text": sub, "start": s, "end": e, "form": form, **extra}


def gold_doc() -> dict:
    cs, ce = span("Cremlino")
    cbs, cbe = span("Casa Bianca")
    vs, ve = span("visita")
    ars, are = span("arrivato")
    qs, qe = span("circa 4.000 camion")
    return {
        "doc_id": "t01", "file": "t01.txt", "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
        "published": "2024-06", "published_precision": "month", "published_range": ["2024-06-10", "2024-06-20"],
        "entities": [
            {"id": "KREMLIN", "qid": "Q1", "type": "ORG",
             "mentions": [mention("Cremlino", span_with_article=[cs - 3, ce])]},
            {"id": "ROSSI", "qid": None, "type": "PERSON",
             "mentions": [mention("Mario Rossi"), mention("Mario Rossi", nth=1),
                          mention("presidente", form="TTL", optional=True)]},
            {"id": "LISBON", "qid": "Q597", "type": "GPE", "mentions": [mention("Lisbona")]},
            {"id": "WHITEHOUSE", "qid": "Q35525", "type": "ORG",
             "mentions": [mention("Casa Bianca", span_with_article=[cbs - 3, cbe])]},
            {"id": "USA", "qid": "Q30", "type": "GPE", "mentions": []},
            {"id": "PRT", "qid": "Q45", "type": "GPE",
             "mentions": [mention("portoghese", form="ADJ"), mention("Portogallo")]},
            {"id": "ESP", "qid": "Q29", "type": "GPE", "mentions": [mention("Spagna")]},
            {"id": "MINISTRY", "qid": None, "type": "ORG", "optional": True,
             "mentions": [mention("ministero", form="NOM")]},
        ],
        "quantities": [{
            "id": "t01-Q01", "surface": {"text": TEXT[qs:qe], "start": qs, "end": qe},
            "value": 4000, "range": None, "qualifier": "up_to", "qualifier_alternative": "at_least", "unit": "truck",
            "direction": {"from": {"entity": "PRT"}, "to": {"entity": "ESP"}},
            "time_window": {"start": "2024-03", "end": "2024-06", "precision": "month"},
            "source": {"entity": "MINISTRY"}, "stance": "alleged", "stance_alternative": "estimated",
            "optional": False,
        }],
        "events": [
            {"id": "t01-EV01", "type": "VISIT", "trigger": {"text": "visita", "start": vs, "end": ve},
             "participants": [{"role": "actor", "entity": "ROSSI"}, {"role": "location", "entity": "LISBON"}],
             "date": {"value": "2024-06", "precision": "month"}, "modality_coarse": "happened",
             "source": {"entity": "KREMLIN"}, "evidence": [{"start": 0, "end": span("Rossi.")[1]}],
             "optional": False, "cross_doc_key": "ROSSI_VISIT"},
            {"id": "t01-EV02", "type": "VISIT", "trigger": {"text": "arrivato", "start": ars, "end": are},
             "participants": [{"role": "actor", "entity": "ROSSI"}],
             "date": {"value": "2024-06-18", "precision": "day"}, "modality_coarse": "happened",
             "source": None, "evidence": [{"start": span("Il presidente")[0], "end": span("martedì.")[1]}],
             "optional": False, "cross_doc_key": "ROSSI_VISIT"},
            {"id": "t01-EV03", "type": "CRITICISM", "trigger": {"text": "criticato", **dict(zip(("start", "end"), span("criticato")))},
             "participants": [], "date": None, "modality_coarse": "happened", "source": None,
             "evidence": [{"start": span("La Casa")[0], "end": span("tace.")[1]}],
             "optional": True, "cross_doc_key": None},
        ],
    }


@pytest.fixture
def gold_dict() -> dict:
    return gold_doc()


@pytest.fixture
def sample() -> SimpleNamespace:
    return SimpleNamespace(text=TEXT, span=span, gold=gold_doc())
