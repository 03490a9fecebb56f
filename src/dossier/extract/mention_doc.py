"""Per-article working state of the entity stage: tokens, sentences, accepted mentions.

Every matcher (names, metonymy, discovery, nominals, groups) proposes `Candidate` spans over
token positions and `MentionDoc.accept` keeps those that neither cross an accepted mention
nor repeat its span, so mentions may nest but never cross.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..records import Sentence
from .gazetteer import EMPTY, EntityData, tokenize

# How a candidate was found; at equal start, earlier kinds are accepted first.
HOW_ORDER = {"institution": 0, "gazetteer": 1, "nested": 2, "short": 3, "discovery": 4, "nominal": 5, "proposal": 6,
             "anaphor": 7, "adjective": 8, "group": 9, "report": 10}


@dataclass(slots=True)
class Candidate:
    start_tok: int
    end_tok: int  # exclusive
    entity_id: str
    form: str
    how: str  # one of HOW_ORDER


class MentionDoc:
    """Per-article working state: tokens, sentence of each token, accepted mentions."""

    def __init__(self, text: str, sentences: tuple[Sentence, ...], published: str | None, data: EntityData):
        self.text = text
        self.toks = tokenize(text)
        self.lows = [t.low for t in self.toks]
        self.n = len(self.toks)
        self.data = data
        self.published = published
        starts = [s.start for s in sentences] or [0]
        self.tok_sent = [max(0, bisect.bisect_right(starts, t.start) - 1) for t in self.toks]
        self.first_of_sent = [i == 0 or self.tok_sent[i] != self.tok_sent[i - 1] for i in range(len(self.toks))]
        self.accepted: list[Candidate] = []
        self.covered: list[bool] = [False] * len(self.toks)  # inside a NAM/MET mention
        self.owners: list[list[Candidate]] = [[] for _ in self.toks]  # accepted mentions over each token
        self.spans: set[tuple[int, int]] = set()
        self.free_adj: set[int] = set()  # demonym tokens inside a name that still count as ADJ mentions
        self.mentioned: set | None = None  # entity ids named in the article (for context-bound nominals)
        self.people: tuple[int, list[tuple[int, str]]] = (-1, [])  # (len(accepted) when built, named people)
        self.discovered: dict[str, tuple[str, str]] = {}  # id -> (name, type)
        self.org_words: tuple[int, dict] = (-1, {})  # (len(accepted) when built, word -> [(start, org id)])

    # --- helpers -----------------------------------------------------------------------
    def w(self, name: str) -> frozenset:
        return self.data.words.get(name, EMPTY)

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < self.n else ""

    def same_sent(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and self.tok_sent[i] == self.tok_sent[j]

    def is_cap(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].text[:1].isupper()

    def nominal_start(self, i: int) -> int | None:
        """Where a nominal headed by token i starts, if a determiner makes it definite: i itself, or
        the adjective before it ("il nuovo accordo" -> "nuovo accordo"; "il suo omologo" -> "omologo")."""
        j, start = i - 1, i
        if self.low(j) == "'":
            j -= 1
        if self.low(j) in self.w("pre_modifiers") and self.same_sent(j, i):
            start = j
            j -= 1
        elif self.low(j) in self.w("possessives") and self.same_sent(j, i):
            j -= 1
        if self.low(j) == "'":
            j -= 1
        return start if self.same_sent(j, i) and self.low(j) in self.w("determiners") else None

    def definite_before(self, i: int) -> bool:
        return self.nominal_start(i) is not None

    def former_before(self, i: int) -> bool:
        return any(self.low(k) in self.w("former_words") for k in range(max(0, i - 2), i))

    def crosses(self, s: int, e: int) -> bool:
        # only mentions that share a token with [s, e) can cross it
        for k in range(s, e):
            for c in self.owners[k]:
                if (c.start_tok < s < c.end_tok < e) or (s < c.start_tok < e < c.end_tok):
                    return True
        return False

    def same_span(self, s: int, e: int) -> bool:
        return (s, e) in self.spans

    def inside_name(self, s: int, e: int) -> bool:
        return any(c.form in ("NAM", "MET") and c.start_tok <= s and e <= c.end_tok and (c.start_tok, c.end_tok) != (s, e)
                   for c in self.owners[s])

    def accept(self, c: Candidate, *, allow_inside_name: bool = False) -> bool:
        if c.end_tok <= c.start_tok or self.crosses(c.start_tok, c.end_tok) or self.same_span(c.start_tok, c.end_tok):
            return False
        if not allow_inside_name and self.inside_name(c.start_tok, c.end_tok):
            return False
        self.accepted.append(c)
        self.spans.add((c.start_tok, c.end_tok))
        for k in range(c.start_tok, c.end_tok):
            self.owners[k].append(c)
        if c.form in ("NAM", "MET"):
            for k in range(c.start_tok, c.end_tok):
                self.covered[k] = True
        return True

    def etype(self, eid: str) -> str:
        ent = self.data.kb.entities.get(eid)
        if ent is not None:
            return ent.type
        return self.discovered.get(eid, ("", "PERSON"))[1]

    def subtype(self, eid: str) -> str:
        return str(self.data.kb.facts.get(eid, {}).get("subtype", ""))


def is_name_word(doc: MentionDoc, i: int) -> bool:
    """A capitalised word (not all capitals: those are headlines and credits) outside known names."""
    t = doc.toks[i]
    return (t.text[:1].isupper() and t.text[:1].isalpha() and not t.text.isupper() and not doc.covered[i]
            and t.low not in doc.w("not_names"))


def is_name_word_at(doc: MentionDoc, j: int) -> bool:
    return j < doc.n and doc.same_sent(j - 1, j) and is_name_word(doc, j)
