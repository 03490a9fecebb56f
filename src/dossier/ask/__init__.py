"""Ask: a question in Italian or English answered from the story, every answer citing its sentences.

    asker = Asker(store)
    result = asker.ask("How many containers did North Korea send to Russia?")

The question is parsed by the article pipeline (`question.py`), answered from the store's records
first (`answer.py`: the flow ledger's figures, the merged events, claims, roles), then from
sentences found by full-text search in both languages (`retrieve.py`). Nothing is guessed: with no
supporting record or sentence the answer says the corpus has none. An optional model endpoint may
rephrase the answer in prose from the cited sentences only (`prose.py`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import DossierError
from .answer import Answer, Answerer
from .located import Located
from .question import KINDS, Question, parse_question
from .retrieve import retrieve
from .words import phrase

__all__ = ["Asker", "Answer", "Question", "KINDS", "MAX_QUESTION"]

MAX_QUESTION = 500  # characters: a question, not an article
MAX_CITATIONS = 40


class Asker:
    def __init__(self, store, resources=None, embed: bool | None = None):
        from ..pipeline import Pipeline
        from ..stage import Resources
        from .. import stages  # noqa: F401  (registers the stages)

        self.store = store
        self.resources = resources or Resources()
        self.pipeline = Pipeline(resources=self.resources)
        self.kb = self.resources.kb
        self.embed = self.resources.settings.get("ask_embeddings") == "on" if embed is None else embed
        self.answerer = Answerer(store, self.kb, self.name)
        self.located = Located(store, self.kb, self.name, self.answerer.state, embed=embed)

    @lru_cache(maxsize=4096)
    def name(self, eid: str | None) -> str | None:
        if not eid:
            return None
        ent = self.kb.entities.get(eid) if self.kb is not None else None
        if ent is None:
            ent = self.store.entity(eid)
        return ent.name if ent is not None else eid.removeprefix("new:")

    def parse(self, text: str, lang: str | None = None) -> Question:
        text = (text or "").strip()
        if not text:
            raise DossierError("the question is empty", hint='ask a question: dossier ask "Who vetoed the panel?"')
        if len(text) > MAX_QUESTION:
            raise DossierError(f"the question is {len(text)} characters long, over {MAX_QUESTION}",
                               hint="ask one short question at a time")
        if lang is not None and lang not in ("it", "en"):
            raise DossierError(f"unknown language {lang!r}", hint="use --lang it or --lang en, or leave it out")
        return parse_question(text, self.pipeline, lang)

    def ask(self, text: str, lang: str | None = None) -> dict[str, Any]:
        q = self.parse(text, lang)
        a = self._structured(q) or self._sentences(q)
        return self._result(a)

    def _structured(self, q: Question) -> Answer | None:
        route = {"quantity": (self.answerer.figures, self.located.quantity), "when": (self.located.when,),
                 "who": (self.answerer.figure_sources, self.located.who, self.answerer.who), "where": (self.located.where, self.answerer.where),
                 "what": ()}[q.kind]
        for fn in route:
            a = fn(q)
            if a is not None:
                return a
        return None

    def _sentences(self, q: Question) -> Answer:
        found = retrieve(self.store, q, self.kb, limit=1, embed=self.embed, need_actors=True)
        if not found:
            return Answer(q, phrase(q.lang, "none"), None)
        s = found[0]
        facts = [{"kind": "sentence", "spans": [(s.doc_id, s.start)]}]
        return Answer(q, phrase(q.lang, "sentence") + " " + s.text, "sentences", facts, [], [(s.doc_id, s.start)])

    def _result(self, a: Answer) -> dict[str, Any]:
        store = self.store
        spans = list(dict.fromkeys(a.spans))
        for c in a.conflicts:
            spans.extend((x["doc_id"], x["start"]) for x in c["claims"])
        sents = store.sentences_at(spans)
        published = store.published_of(doc for doc, _ in spans)

        def citation(span) -> dict[str, Any] | None:
            s = sents.get(span)
            if s is None:
                return None
            return {"doc_id": s.doc_id, "start": s.start, "end": s.end, "text": s.text,
                    "published": published.get(s.doc_id)}

        citations, seen = [], set()
        for span in a.spans:
            c = citation(span)
            if c is not None and (c["doc_id"], c["start"]) not in seen and len(citations) < MAX_CITATIONS:
                seen.add((c["doc_id"], c["start"]))
                citations.append(c)
        facts = []
        for f in a.facts:
            f = dict(f)
            cites = [c for c in (citation(s) for s in f.pop("spans", ())) if c]
            f["citations"] = [{k: c[k] for k in ("doc_id", "start", "end")} for c in cites]
            facts.append(f)
        conflicts = []
        for c in a.conflicts:
            claims = []
            for x in c["claims"]:
                s = sents.get((x["doc_id"], x["start"]))
                claim = {**x, "source": self.name(x.get("source")), "from": self.name(x.get("from")),
                         "to": self.name(x.get("to"))}
                if s is not None:
                    claim.update(start=s.start, end=s.end, sentence=s.text)
                claims.append(claim)
            conflicts.append({**c, "claims": claims})
        origins = {self.answerer.origin(c["doc_id"]) for c in citations}
        return {"question": a.question.text, "lang": a.question.lang, "kind": a.question.kind,
                "parsed": a.question.to_dict(), "answered_from": a.answered_from, "answer": a.answer,
                "facts": facts, "citations": citations, "conflicts": conflicts,
                "independent_sources": len(origins)}
