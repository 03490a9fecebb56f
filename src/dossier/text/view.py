"""Questions the stages ask of a parse: the word at an offset, a word's dependents and their
relations, the preposition of a phrase, the characters a phrase covers.

A `ParseView` indexes one `Parsed` record once (children lists, word starts for a binary search);
build it with `ParseView.of(article)` and keep it for the whole stage.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ..records import Article, Parsed


class ParseView:
    def __init__(self, parsed: Parsed):
        self.p = parsed
        self.children: list[list[int]] = [[] for _ in range(len(parsed))]
        for i, h in enumerate(parsed.heads):
            if h >= 0:
                self.children[h].append(i)

    @classmethod
    def of(cls, article: Article) -> "ParseView | None":
        """A view of the article's parse, or None when it has no syntax (no parser for its language)."""
        p = article.parse
        if p is None or not p.parser or not len(p):
            return None
        return cls(p)

    def __len__(self) -> int:
        return len(self.p)

    @property
    def syntactic(self) -> bool:
        return bool(self.p.parser)

    # --- positions ------------------------------------------------------------------------
    def word_at(self, offset: int) -> int | None:
        """The first word whose characters hold `offset`."""
        i = bisect_right(self.p.starts, offset) - 1
        while i > 0 and self.p.starts[i - 1] == self.p.starts[i]:
            i -= 1  # the first half of a split contraction
        if 0 <= i < len(self.p) and self.p.starts[i] <= offset < self.p.ends[i]:
            return i
        return None

    def words_in(self, start: int, end: int) -> range:
        """Indices of the words inside [start, end)."""
        a = bisect_right(self.p.starts, start - 1)
        b = bisect_right(self.p.starts, end - 1)
        while b > a and self.p.ends[b - 1] > end:
            b -= 1
        return range(a, b)

    def head_of_span(self, start: int, end: int) -> int | None:
        """The word of [start, end) whose head lies outside it: the syntactic head of a phrase."""
        ws = self.words_in(start, end)
        inside = set(ws)
        heads = [i for i in ws if self.p.heads[i] not in inside]
        return heads[0] if heads else None

    # --- relations --------------------------------------------------------------------------
    def rel(self, i: int) -> str:
        return self.p.deps[i]

    def base_rel(self, i: int) -> str:
        return self.p.deps[i].split(":")[0]

    def head(self, i: int) -> int:
        return self.p.heads[i]

    def dependents(self, i: int, *rels: str) -> list[int]:
        """Children of `i` whose relation (or its universal part) is one of `rels` (all without rels)."""
        if not rels:
            return list(self.children[i])
        return [c for c in self.children[i] if self.p.deps[c] in rels or self.p.deps[c].split(":")[0] in rels]

    def case(self, i: int) -> str | None:
        """Lemma of the preposition that marks a nominal (`case` child), e.g. "da", "to"."""
        marks = [c for c in self.children[i] if self.p.deps[c] == "case"]
        return " ".join(self.p.lemmas[c] for c in marks) if marks else None

    def conjuncts(self, i: int) -> list[int]:
        """`i` and the words coordinated with it ("Russia and China", "Mosca e Pechino")."""
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(c for c in self.children[k] if self.p.deps[c] == "conj")
        return sorted(out)

    def ancestors(self, i: int) -> Iterator[int]:
        k = self.p.heads[i]
        seen = 0
        while k >= 0 and seen < 200:
            yield k
            k = self.p.heads[k]
            seen += 1

    def subtree(self, i: int) -> list[int]:
        out, todo = [], [i]
        while todo:
            k = todo.pop()
            out.append(k)
            todo.extend(self.children[k])
        return sorted(out)

    def span(self, i: int) -> tuple[int, int]:
        """Characters covered by the phrase `i` heads."""
        ws = self.subtree(i)
        return self.p.starts[ws[0]], max(self.p.ends[k] for k in ws)

    def is_verb(self, i: int) -> bool:
        return self.p.upos[i] in ("VERB", "AUX")
