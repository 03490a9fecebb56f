"""Date and period expressions (`TimeExpr`), and the publication date when metadata lacks it.

The grammar and its normalisation live in `dates.py`, the inference of the publication date
in `published.py`; this stage runs them in order: scan, date the article, normalise against it.
"""
from __future__ import annotations

import dataclasses
from datetime import date

from ..stage import Resources, stage
from ..records import Article, Document, Sentence, TimeExpr
from .dates import (day_words_to_month, end_at_report_time, first_day, grammar, normalise, same_day,
                    scan_sentence)
from .published import Timeline, infer_published, since_events


def extract_times(doc: Document, sents: tuple[Sentence, ...], timeline: Timeline = ()
                  ) -> tuple[Document, tuple[TimeExpr, ...]]:
    """The time expressions of one document, and the document with its publication date (`timeline`:
    the story's dated events, `KnowledgeBase.timeline`)."""
    g = grammar(doc.language or "it")
    exprs = [x for s in sents for x in scan_sentence(g, s)]
    exprs = sorted(exprs + since_events(sents, exprs, doc.language or "it", g, timeline), key=lambda x: x.start)
    anchor: date | None = None
    if doc.published:
        day = doc.published[:10]  # metadata may carry a time ("2024-06-18T09:30:00")
        anchor = first_day(day) if len(day) >= 7 else None
        if doc.published_range and len(day) < 10:
            anchor = first_day(doc.published_range[1][:10])  # month precision: the latest plausible day
        if doc.published_basis is None:
            doc = dataclasses.replace(doc, published_basis="metadata")
    else:
        inferred = infer_published(g, sents, exprs, doc.text, doc.language or "it", timeline)
        if inferred:
            best, precision, (lo, hi) = inferred
            anchor = best
            shown = best.isoformat() if precision == "day" else (best.isoformat()[:7] if precision == "month" else str(best.year))
            doc = dataclasses.replace(doc, published=shown, published_precision=precision,
                                      published_range=(lo.isoformat(), hi.isoformat()), published_basis="inferred")
    out = []
    text = doc.text
    values = {id(x): normalise(g, x, anchor) for x in exprs}
    end_at_report_time(g, text, exprs, values)
    same_day(exprs, values)
    rng = doc.published_range
    if anchor is not None and rng and (first_day(rng[1][:10]) - first_day(rng[0][:10])).days > 7:
        day_words_to_month(exprs, values)
    for x in exprs:
        v = values[id(x)]
        out.append(TimeExpr(doc_id=doc.id, start=x.start, end=x.end, text=text[x.start:x.end], value=v.value,
                            precision=v.precision, basis=v.basis, sentence=x.sentence, extractor="times.grammar"))
    return doc, tuple(out)


@stage("times", requires=("sentences",), adds=("times", "published"))
def times_stage(article: Article, res: Resources) -> Article:
    if not res.supports(article.document.language):
        return article
    doc, times = extract_times(article.document, article.sentences, res.kb.timeline)
    return dataclasses.replace(article, document=doc, times=times)
