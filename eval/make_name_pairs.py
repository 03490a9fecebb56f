"""Write eval/name_pairs.tsv: pairs of person names labelled same (1) or different (0) actor.

    python eval/make_name_pairs.py          # rewrites eval/name_pairs.tsv

The labels are our knowledge base's (src/dossier/kb/people.yaml): two spellings of one person are
the same actor; two people who share a word of their names ("Kim Jong Un" / "Kim Yo Jong",
"Sergei Shoigu" / "Sergei Lavrov") or whose names look alike are different actors. The matcher
scored on them (`dossier.resolve.actors.same_name`, by `eval/name_pairs.py`) never reads the
knowledge base, so the pairs test it as if every name were discovered in an article.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from dossier.kb import KnowledgeBase
from dossier.resolve.actors import name_key

OUT = Path(__file__).with_name("name_pairs.tsv")


def main() -> int:
    kb = KnowledgeBase.load()
    people = sorted((e for e in kb.entities.values() if e.type == "PERSON"), key=lambda e: e.id)
    rows = set()
    for e in people:
        names = sorted({e.name, *e.aliases})
        for a, b in itertools.combinations(names, 2):
            rows.add((a, b, 1, e.id, e.id))
    words: dict[str, list[tuple[str, str]]] = {}
    for e in people:
        for n in sorted({e.name, *e.aliases}):
            for w in set(name_key(n)):
                words.setdefault(w, []).append((n, e.id))
    for w, named in sorted(words.items()):
        for (a, ea), (b, eb) in itertools.combinations(named, 2):
            if ea != eb:
                rows.add((min(a, b), max(a, b), 0, min(ea, eb), max(ea, eb)))
    lines = ["name_a\tname_b\tsame\tid_a\tid_b"] + [f"{a}\t{b}\t{s}\t{x}\t{y}" for a, b, s, x, y in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs ({sum(r[2] for r in rows)} same, {sum(1 - r[2] for r in rows)} different) -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
