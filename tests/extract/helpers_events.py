"""Hand-built articles for the events and claims tests (offsets found with str.find)."""
from __future__ import annotations

from dossier.extract.issues import issues_stage
from dossier.extract.sentences import split_sentences
from dossier.pipeline import Resources
from dossier.records import Article, Document, Mention, Quantity, TimeExpr

RES = Resources()


def article(text: str, mentions=(), times=(), quantities=(), published: str | None = None,
            language: str = "it") -> Article:
    """`mentions`: (surface, entity_id, type, form[, occurrence]); `times`: (surface, value, precision);
    `quantities`: (surface, unit, id)."""
    doc = Document(id="t", text=text, language=language, published=published)
    sents = split_sentences(doc.id, text, language)
    ms = []
    for spec in mentions:
        surface, eid, typ, form = spec[:4]
        nth = spec[4] if len(spec) > 4 else 0
        start = -1
        for _ in range(nth + 1):
            start = text.find(surface, start + 1)
        assert start >= 0, surface
        s = next(x.index for x in sents if x.start <= start < x.end)
        ms.append(Mention(doc_id="t", start=start, end=start + len(surface), text=surface, entity_id=eid,
                          type=typ, form=form, sentence=s))
    ts = []
    for surface, value, precision in times:
        start = text.find(surface)
        assert start >= 0, surface
        s = next(x.index for x in sents if x.start <= start < x.end)
        ts.append(TimeExpr(doc_id="t", start=start, end=start + len(surface), text=surface, value=value,
                           precision=precision, sentence=s))
    qs = []
    for surface, unit, qid in quantities:
        start = text.find(surface)
        assert start >= 0, surface
        s = next(x.index for x in sents if x.start <= start < x.end)
        qs.append(Quantity(doc_id="t", start=start, end=start + len(surface), text=surface, unit=unit, id=qid,
                           sentence=s))
    art = Article(document=doc, sentences=sents, mentions=tuple(ms), times=tuple(ts), quantities=tuple(qs))
    return issues_stage(art, RES)
