"""Print what the pipeline got wrong on a gold folder: missed and spurious quantities and events,
wrong participants, sources, stances and dates, each with its sentence.

    python eval/diagnose.py --gold ../shared/gold-written-2 --corpus ../shared/corpus/written-2 [--lang en]
        [--layer quantities|events|claims|published] [--doc x11]

A reading aid for error analysis (what kind of error, which class of words), never a list of
sentences to patch: the shared articles stay in ../shared and nothing here is written to disk.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from dossier.pipeline import Pipeline
from dossier.records import Article
from dossier.scoring.corpus import corpus_documents, pair_documents
from dossier.scoring.gold import load_gold_dir
from dossier.scoring.links import Linker, load_gold_links
from dossier.scoring.match import date_matches, overlap, period_matches
from dossier.scoring.report import DocScores
from dossier.scoring.score import gold_qids, match_events, match_quantities, score_entity_layer


def _sent(article: Article, pos: int) -> str:
    s = article.sentence_at(pos)
    return " ".join((s.text if s else "").split())[:240]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--lang")
    ap.add_argument("--doc", help="only this gold doc_id")
    ap.add_argument("--layer", action="append", help="quantities, events, participants, claims, dates, published")
    args = ap.parse_args(argv)
    layers = set(args.layer or ["quantities", "events", "participants", "claims", "dates", "published"])
    golds = load_gold_dir(args.gold)
    pairings = pair_documents(golds, corpus_documents(args.corpus))
    pipe = Pipeline()
    base_linker = Linker(pipe.resources.kb.entities, gold_qids(golds), load_gold_links())
    for p in pairings:
        lang = p.gold.raw.get("language") or p.document.language
        if (args.lang and lang != args.lang) or (args.doc and p.gold.doc_id != args.doc):
            continue
        a = pipe.run(Article(document=p.document))
        text = a.document.text
        linker = score_entity_layer(p.gold, a, base_linker, DocScores(doc_id=p.gold.doc_id))  # as the scorer
        print(f"\n===== {p.gold.doc_id} ({lang})")
        if "published" in layers:
            print(f"published: system {a.document.published} gold range {p.gold.published_range}")
        if "quantities" in layers:
            _, counted = match_quantities(p.gold.quantities, a.quantities, linker)
            hit_sys = {id(q) for q, _ in counted}
            hit_gold = {id(g) for _, g in counted}
            for g in p.gold.quantities:
                if id(g) not in hit_gold and g.required:
                    near = [q for q in a.quantities if overlap((q.start, q.end), (g.start, g.end))]
                    got = "; ".join(f"{q.text!r} v={q.value} u={q.unit} {q.from_entity}->{q.to_entity}" for q in near) or "nothing"
                    print(f"  Q MISS {text[g.start:g.end]!r} v={g.value or g.range} u={g.unit} "
                          f"{g.from_entity}->{g.to_entity} | got {got}\n      « {_sent(a, g.start)} »")
            for q in a.quantities:
                if id(q) not in hit_sys and not any(overlap((q.start, q.end), (g.start, g.end)) for g in p.gold.quantities):
                    print(f"  Q SPURIOUS {q.text!r} v={q.value} u={q.unit} {q.from_entity}->{q.to_entity}\n      « {_sent(a, q.start)} »")
            for q, g in counted:
                bad = []
                if not period_matches(q.period, g.window):
                    bad.append(f"period {q.period} vs {g.window}")
                if not linker.accepts(q.source_entity, g.sources):
                    bad.append(f"source {q.source_entity} vs {g.sources}")
                if q.stance not in g.stances:
                    bad.append(f"stance {q.stance} vs {g.stances}")
                if bad and "claims" in layers:
                    print(f"  Q WRONG {q.text!r}: " + "; ".join(bad))
        if layers & {"events", "participants", "claims", "dates"}:
            _, pairs = match_events(p.gold.events, a.events, a, by_sentence=False)
            hit_sys = {id(e) for e, _ in pairs}
            found = {g.group for _, g in pairs}
            if "events" in layers:
                for g in p.gold.events:
                    if g.required and g.group not in found:
                        near = [e for e in a.events if overlap((e.start, e.end), g.trigger)]
                        got = "; ".join(f"{e.type} {e.text!r}" for e in near) or "nothing"
                        print(f"  E MISS {g.type} {text[g.trigger[0]:g.trigger[1]]!r} | got {got}\n      « {_sent(a, g.trigger[0])} »")
                for e in a.events:
                    if id(e) not in hit_sys:
                        print(f"  E SPURIOUS {e.type} {e.text!r}\n      « {_sent(a, e.start)} »")
            for e, g in pairs:
                bad = []
                if "participants" in layers:
                    sys_p = sorted(f"{x.role}:{x.entity_id}" for x in e.participants)
                    gold_p = sorted(f"{r}:{ent}" for ent, r in g.participants)
                    if set(sys_p) != set(gold_p):
                        bad.append(f"participants {sys_p} vs gold {gold_p}")
                if "dates" in layers and not date_matches(e.date, g.date):
                    bad.append(f"date {e.date} vs {g.date}")
                if "claims" in layers:
                    if not linker.accepts(e.source_entity, g.sources):
                        bad.append(f"source {e.source_entity} vs {g.sources}")
                    if e.modality not in g.modalities:
                        bad.append(f"modality {e.modality} vs {g.modalities}")
                if bad:
                    print(f"  E WRONG {e.type} {e.text!r}: " + " | ".join(bad))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
