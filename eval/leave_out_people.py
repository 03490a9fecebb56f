"""How well does dossier find people the knowledge base does not know?

    python eval/leave_out_people.py --gold ../shared/gold --corpus ../shared/corpus/seeds-it [--json]

Removes from the knowledge base every person the gold annotates in these articles (the
entries the scorer links to a gold PERSON), then runs the pipeline with and without the
statistical NER model and reports, for those people's required name mentions (NAM):
recall (any system mention overlapping the gold span) and exact-span recall, plus the
folder's overall mention F1 so a gain in recall is not bought with precision elsewhere.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from dossier.kb import KnowledgeBase, load_items
    from dossier.pipeline import Pipeline, Resources
    from dossier.records import Article
    from dossier.scoring import evaluate
    from dossier.scoring.corpus import corpus_documents, pair_documents
    from dossier.scoring.gold import load_gold_dir
    from dossier.scoring.links import Linker, load_gold_links

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--ner-model", choices=("accurate", "fast"), default="accurate", help="which shipped NER model")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    golds = load_gold_dir(args.gold)
    items, kinds = load_items()
    full = KnowledgeBase.from_items(items, "kb", group_kinds=kinds)
    linker = Linker(full.entities, {k: v for g in golds for k, v in g.entity_qids.items()}, load_gold_links())
    people = {e["id"] for g in golds for e in g.raw.get("entities", []) if e.get("type") == "PERSON"}
    removed = {kb_id for kb_id in full.entities if linker.gold_keys(kb_id) & people}
    reduced = KnowledgeBase.from_items([i for i in items if i.get("id") not in removed], "kb", group_kinds=kinds)

    results = {"removed_kb_entries": sorted(removed)}
    labels = ("full KB, no NER", "full KB, with NER", "people removed, no NER", "people removed, with NER")
    for label, kb, ner in zip(labels, (full, full, reduced, reduced), ("off", args.ner_model, "off", args.ner_model)):
        res = Resources({"ner_model": ner})
        res.__dict__["kb"] = kb  # override the cached property for this run
        pipe = Pipeline(resources=res)
        hit = exact = total = 0
        for pairing in pair_documents(golds, corpus_documents(args.corpus)):
            art = pipe.run(Article(document=pairing.document))
            spans = [(m.start, m.end) for m in art.mentions]
            for gm in pairing.gold.mentions:
                if gm.entity in people and gm.form == "NAM" and gm.required:
                    total += 1
                    hit += any(s < gm.end and gm.start < e for s, e in spans)
                    exact += (gm.start, gm.end) in spans
        report = evaluate(args.gold, args.corpus, resources=res).flat()
        results[label] = {
            "person_name_mentions": total,
            "recall": round(hit / total, 3) if total else None,
            "exact_recall": round(exact / total, 3) if total else None,
            "mentions_lenient_f1": round(report.get("entities.lenient.f1", 0.0), 3),
            "mentions_strict_f1": round(report.get("entities.strict.f1", 0.0), 3),
        }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"removed {len(removed)} KB entries: {', '.join(sorted(removed))}")
        for label in labels:
            r = results[label]
            print(f"{label:<26} person NAM recall {r['recall']} (exact {r['exact_recall']}, n={r['person_name_mentions']})"
                  f"  mentions F1 lenient {r['mentions_lenient_f1']} strict {r['mentions_strict_f1']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
