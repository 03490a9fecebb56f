"""Store test fixtures: hand-built articles (our own sentences, offsets computed from the
text) and a real store on each engine: an SQLite file in tmp_path and a fresh schema of the
PostgreSQL test server (see tests/conftest.py). The suite runs with --import-mode=importlib, so
the builders reach the tests as fixtures, not as an importable module."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.records import (
    Article, Claim, Document, Entity, Event, Mention, Participant, Quantity, Sentence, TextIssue, TimeExpr,
    record_id,
)
from dossier.store.sqlite import SQLiteStore

IT_TEXT = (
    "Secondo fonti di Seul, Pyongyang ha spedito circa 5.000 casse di munizioni a Mosca nel 2024. "
    "Il Cremlino nega qualsiasi fornitura di armi. "
    "La Città di Mosca ospiterà un incontro tra i due leader a marzo 2025. "
    "Foto: archivio."
)
EN_TEXT = (
    "Officials in Kyiv said that 300 artillery shells crossed the border from Russia in May 2024. "
    "The meeting in Pyongyang ended without a signed treaty. "
    "Moscow denied every report about munitions."
)


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def sentences(doc_id: str, text: str) -> tuple[Sentence, ...]:
    out = []
    for i, m in enumerate(re.finditer(r"[^.]+(?:\.\d[^.]*)*\.", text)):
        s = m.start() + (len(m.group()) - len(m.group().lstrip()))
        out.append(Sentence(doc_id=doc_id, start=s, end=m.end(), text=text[s:m.end()], index=i))
    return tuple(out)


def sentence_of(sents: tuple[Sentence, ...], start: int) -> int:
    return next(s.index for s in sents if s.start <= start < s.end)


def mention(doc_id: str, text: str, phrase: str, entity_id: str, type_: str, sents, nth: int = 0,
            form: str = "NAM") -> Mention:
    s, e = span(text, phrase, nth)
    return Mention(doc_id=doc_id, start=s, end=e, text=text[s:e], entity_id=entity_id, type=type_, form=form,
                   sentence=sentence_of(sents, s), extractor="test")


ENTITIES = {
    "kb:seoul": Entity(id="kb:seoul", name="Seoul", type="GPE", qid="Q8684", aliases=("Seul", "서울")),
    "kb:dprk": Entity(id="kb:dprk", name="North Korea", type="GPE", qid="Q423", aliases=("Pyongyang", "Corea del Nord")),
    "kb:russia": Entity(id="kb:russia", name="Russia", type="GPE", qid="Q159", aliases=("Mosca", "Moscow", "Cremlino")),
    "kb:ukraine": Entity(id="kb:ukraine", name="Ukraine", type="GPE", qid="Q212", aliases=("Kyiv", "Kiev")),
    "new:archivio": Entity(id="new:archivio", name="Archivio", type="ORG", discovered=True),
}


def italian_article(doc_id: str = "doc-it", with_ids: bool = True, published: str | None = "2025-01-10") -> Article:
    text = IT_TEXT
    sents = sentences(doc_id, text)
    mentions = (
        mention(doc_id, text, "Seul", "kb:seoul", "GPE", sents),
        mention(doc_id, text, "Pyongyang", "kb:dprk", "GPE", sents),
        mention(doc_id, text, "Mosca", "kb:russia", "GPE", sents),
        mention(doc_id, text, "Cremlino", "kb:russia", "ORG", sents, form="MET"),
        mention(doc_id, text, "Mosca", "kb:russia", "GPE", sents, nth=1),
    )
    t1s, t1e = span(text, "nel 2024")
    t2s, t2e = span(text, "a marzo 2025")
    times = (
        TimeExpr(doc_id=doc_id, start=t1s, end=t1e, text=text[t1s:t1e], value="2024", precision="year",
                 sentence=0, extractor="test"),
        TimeExpr(doc_id=doc_id, start=t2s, end=t2e, text=text[t2s:t2e], value="2025-03", precision="month",
                 basis="explicit", sentence=2, extractor="test"),
    )
    qs, qe = span(text, "circa 5.000 casse di munizioni")
    quantity = Quantity(
        doc_id=doc_id, start=qs, end=qe, text=text[qs:qe], value=5000.0, bound="about", unit="crate",
        item="munition", from_entity="kb:dprk", to_entity="kb:russia", period="2024", period_start=t1s,
        period_end=t1e, source_entity="kb:seoul", stance="alleged", sentence=0,
        id=record_id("quantity", doc_id, qs, qe) if with_ids else "", extractor="test",
    )
    es, ee = span(text, "spedito")
    ps, pe = span(text, "Pyongyang")
    rs, re_ = span(text, "Mosca")
    transfer = Event(
        doc_id=doc_id, start=es, end=ee, text=text[es:ee], type="TRANSFER",
        participants=(Participant("sender", "kb:dprk", ps, pe), Participant("recipient", "kb:russia", rs, re_),
                      Participant("source", "kb:seoul")),
        date="2024", date_precision="year", date_start=t1s, date_end=t1e, modality="alleged",
        source_entity="kb:seoul", sentence=0, id=record_id("event", doc_id, es, ee) if with_ids else "",
        extractor="test",
    )
    ms, me = span(text, "incontro")
    meeting = Event(
        doc_id=doc_id, start=ms, end=me, text=text[ms:me], type="MEETING", date="2025-03", date_precision="month",
        date_start=t2s, date_end=t2e, modality="planned", sentence=2,
        id=record_id("event", doc_id, ms, me) if with_ids else "", extractor="test",
    )
    cs, ce = span(text, "Secondo")
    ss, se = span(text, "Seul")
    claim1 = Claim(
        doc_id=doc_id, start=cs, end=ce, text=text[cs:ce], claimant_entity="kb:seoul", claimant_start=ss,
        claimant_end=se, stance="alleged", about=(quantity.id, transfer.id), sentence=0,
        id=record_id("claim", doc_id, cs, ce) if with_ids else "", extractor="test",
    )
    ns, ne = span(text, "nega")
    ks, ke = span(text, "Cremlino")
    claim2 = Claim(
        doc_id=doc_id, start=ns, end=ne, text=text[ns:ne], claimant_entity="kb:russia", claimant_start=ks,
        claimant_end=ke, stance="denied", denies=claim1.id, sentence=1,
        id=record_id("claim", doc_id, ns, ne) if with_ids else "", extractor="test",
    )
    fs, fe = span(text, "Foto: archivio.")
    issue = TextIssue(doc_id=doc_id, start=fs, end=fe, text=text[fs:fe], type="boilerplate", note="photo credit")
    return Article(
        document=Document(id=doc_id, text=text, language="it", title="Casse e smentite", outlet="Test Quotidiano",
                          published=published, published_precision="day" if published else None,
                          published_range=(published, published) if published else None,
                          published_basis="metadata" if published else None, source_path=f"in/{doc_id}.txt"),
        sentences=sents, mentions=mentions,
        entities=(ENTITIES["kb:seoul"], ENTITIES["kb:dprk"], ENTITIES["kb:russia"], ENTITIES["new:archivio"]),
        times=times, quantities=(quantity,), events=(transfer, meeting), claims=(claim1, claim2), issues=(issue,),
        stages=("sentences", "issues", "entities", "times", "quantities", "events", "claims"),
    )


def english_article(doc_id: str = "doc-en", published: str | None = "2024-06-01") -> Article:
    text = EN_TEXT
    sents = sentences(doc_id, text)
    mentions = (
        mention(doc_id, text, "Kyiv", "kb:ukraine", "GPE", sents),
        mention(doc_id, text, "Russia", "kb:russia", "GPE", sents),
        mention(doc_id, text, "Pyongyang", "kb:dprk", "GPE", sents),
        mention(doc_id, text, "Moscow", "kb:russia", "GPE", sents),
    )
    ts, te = span(text, "in May 2024")
    qs, qe = span(text, "300 artillery shells")
    flow = Quantity(doc_id=doc_id, start=qs, end=qe, text=text[qs:qe], value=300.0, unit="shell", item="shell",
                    from_entity="kb:russia", period="2024-05", period_start=ts, period_end=te, sentence=0,
                    id=record_id("quantity", doc_id, qs, qe), extractor="test")
    es, ee = span(text, "meeting")
    meeting = Event(doc_id=doc_id, start=es, end=ee, text=text[es:ee], type="MEETING",
                    participants=(Participant("place", "kb:dprk", *span(text, "Pyongyang")),), sentence=1,
                    id=record_id("event", doc_id, es, ee), extractor="test")
    cs, ce = span(text, "said")
    claim = Claim(doc_id=doc_id, start=cs, end=ce, text=text[cs:ce], claimant_entity="kb:ukraine",
                  claimant_start=span(text, "Kyiv")[0], claimant_end=span(text, "Kyiv")[1],
                  about=(flow.id,), sentence=0, id=record_id("claim", doc_id, cs, ce), extractor="test")
    ds, de = span(text, "denied")
    denial = Claim(doc_id=doc_id, start=ds, end=de, text=text[ds:de], claimant_entity="kb:russia",
                   stance="denied", sentence=2, id=record_id("claim", doc_id, ds, de), extractor="test")
    return Article(
        document=Document(id=doc_id, text=text, language="en", title="Shells", published=published,
                          published_precision="day" if published else None, source_path=f"in/{doc_id}.txt"),
        sentences=sents, mentions=mentions,
        entities=(ENTITIES["kb:ukraine"], ENTITIES["kb:russia"], ENTITIES["kb:dprk"]),
        times=(TimeExpr(doc_id=doc_id, start=ts, end=te, text=text[ts:te], value="2024-05", precision="month",
                        sentence=0, extractor="test"),),
        quantities=(flow,), events=(meeting,), claims=(claim, denial),
        stages=("sentences", "entities"),
    )


@pytest.fixture
def italian():
    """italian(doc_id="doc-it", with_ids=True, published="2025-01-10") -> Article"""
    return italian_article


@pytest.fixture
def english():
    """english(doc_id="doc-en", published="2024-06-01") -> Article"""
    return english_article


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, db_path: Path):
    """An empty store on each engine: every test that takes it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        with SQLiteStore(db_path) as st:
            yield st
    else:
        from dossier.store.postgres import PostgresStore

        with PostgresStore(request.getfixturevalue("postgres_url")) as st:
            yield st


@pytest.fixture
def sqlite_store(db_path: Path):
    with SQLiteStore(db_path) as st:
        yield st
