"""Scoring `dossier ask` against a question set (`eval/ask/questions.jsonl`).

Each question names what a right answer holds (`expect`) and the sentences that support it
(`support`: document id and the sentence's offsets, never its text):

    values     every expected figure is among the answer's figures (value or range bound)
    date       the short answer gives this ISO date
    entities   for each group, one of its knowledge-base ids is named by the answer
    sentence   the first cited sentence is a supporting one
    none       the answer is that the corpus has none

Citation precision: the share of cited sentences that are supporting ones (a question whose
right answer is none has no supporting sentence, so any citation there is wrong). Citation
recall: the share of supporting sentences cited. Every citation must slice exactly from its
article: the text it carries is the article's text at its offsets.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import DossierError

EXPECTS = ("values", "date", "entities", "sentence", "none")


def load_questions(path: str | Path) -> list[dict[str, Any]]:
    if not Path(path).is_file():
        raise DossierError(f"no question set at {path}", hint="the set of this repository is eval/ask/questions.jsonl")
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            raise DossierError(f"{path}:{n}: not a JSON line ({e.msg})") from None
        kinds = [k for k in EXPECTS if k in q.get("expect", {})]
        if len(kinds) != 1 or not q.get("question") or q.get("lang") not in ("it", "en"):
            raise DossierError(f"{path}:{n}: a question needs question, lang (it|en) and one expect of "
                               + ", ".join(EXPECTS))
        out.append(q)
    return out


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["doc_id"] == b["doc_id"] and a["start"] < b["end"] and b["start"] < a["end"]


def _named(result: dict[str, Any], eid: str, kb: Any) -> bool:
    if any(f.get("id") == eid for f in result["facts"]):
        return True
    ent = kb.entities.get(eid) if kb is not None else None
    names = [ent.name, *ent.aliases] if ent is not None else [eid]
    text = result["answer"].lower()
    return any(n.lower() in text for n in names if len(n) > 2)


def correct(q: dict[str, Any], result: dict[str, Any], kb: Any) -> bool:
    expect = q["expect"]
    if "none" in expect:
        return result["answered_from"] is None
    if result["answered_from"] is None:
        return False
    if "values" in expect:
        have = [x for f in result["facts"] if f.get("kind") == "figure"
                for x in (f.get("value"), f.get("low"), f.get("high")) if x is not None]
        return all(any(abs(h - v) <= 0.005 * v for h in have) for v in expect["values"])
    if "date" in expect:
        return expect["date"] in result["answer"].split("(")[0]
    if "entities" in expect:
        return all(any(_named(result, eid, kb) for eid in group) for group in expect["entities"])
    if "sentence" in expect:
        return bool(result["citations"]) and any(_overlap(result["citations"][0], s) for s in q["support"])
    return False


def score(questions: Iterable[dict[str, Any]], asker, texts: dict[str, str] | None = None,
          languages: dict[str, str | None] | None = None) -> dict[str, Any]:
    """Run every question through `asker` and score the answers; `texts` (document id -> text)
    checks that each citation slices from its article; `languages` (document id -> language) sets
    apart the questions asked in a language none of their supporting articles is written in."""
    rows = []
    bad_slices = 0
    for q in questions:
        result = asker.ask(q["question"], lang=q.get("lang"))
        cites = result["citations"]
        right = [c for c in cites if any(_overlap(c, s) for s in q["support"])]
        found = [s for s in q["support"] if any(_overlap(c, s) for c in cites)]
        if texts is not None:
            bad_slices += sum(1 for c in cites if texts.get(c["doc_id"], "")[c["start"]:c["end"]] != c["text"])
        langs = {(languages or {}).get(x["doc_id"]) for x in q["support"]}
        cross = bool(languages) and bool(q["support"]) and q["lang"] not in langs
        rows.append({"id": q["id"], "lang": q["lang"], "question": q["question"], "cross_lingual": cross,
                     "correct": correct(q, result, asker.kb), "answer": result["answer"],
                     "answered_from": result["answered_from"], "citations": len(cites), "cited_right": len(right),
                     "support": len(q["support"]), "support_found": len(found)})
    whole = _summary(rows)
    return {"questions": len(rows), **whole, "citation_precision": whole["precision"],
            "citation_recall": whole["recall"], "bad_slices": bad_slices,
            "by_lang": {lang: _summary([r for r in rows if r["lang"] == lang]) for lang in ("it", "en")},
            "cross_lingual": {lang: _summary([r for r in rows if r["lang"] == lang and r["cross_lingual"]])
                              for lang in ("it", "en")},
            "rows": rows}


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    cited = sum(r["citations"] for r in rows)
    support = sum(r["support"] for r in rows)
    return {"n": len(rows), "accuracy": _div(sum(r["correct"] for r in rows), len(rows)),
            "precision": _div(sum(r["cited_right"] for r in rows), cited),
            "recall": _div(sum(r["support_found"] for r in rows), support)}


def _div(a: float, b: float) -> float:
    return round(a / b, 3) if b else 1.0
