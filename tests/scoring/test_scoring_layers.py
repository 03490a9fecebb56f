"""Layer scoring on the hand-written sample article of conftest.py (fixture `sample`)."""
from __future__ import annotations

from dossier.extract.sentences import split_sentences
from dossier.records import Article, Document, Entity, Event, Mention, Participant, Quantity
from dossier.scoring.gold import parse_gold
from dossier.scoring.links import Linker
from dossier.scoring.score import score_article

KB = {
    "kb_kremlin": Entity(id="kb_kremlin", name="Kremlin", type="ORG", qid="Q1"),
    "kb_usa": Entity(id="kb_usa", name="United States", type="GPE", qid="Q30"),
    "kb_rossi": Entity(id="kb_rossi", name="Mario Rossi", type="PERSON"),
    "kb_lisbon": Entity(id="kb_lisbon", name="Lisbon", type="GPE", qid="Q597"),
    "kb_prt": Entity(id="kb_prt", name="Portugal", type="GPE", qid="Q45"),
    "kb_esp": Entity(id="kb_esp", name="Spain", type="GPE", qid="Q29"),
    "kb_ministry": Entity(id="kb_ministry", name="Ministry", type="ORG"),
}
TABLE = {"ROSSI": ("kb_rossi",), "MINISTRY": ("kb_ministry",)}


def score(smp, table=TABLE, published=None, **layers):
    gold = parse_gold(smp.gold)
    doc = Document(id="t01", text=smp.text, language="it", published=published)
    art = Article(document=doc, sentences=split_sentences("t01", smp.text, "it"), **layers)
    return score_article(gold, art, Linker(KB, gold.entity_qids, table))


def m(smp, sub: str, entity_id=None, form="NAM", cut=(0, 0), nth=0) -> Mention:
    s, e = smp.span(sub, nth)
    s, e = s + cut[0], e + cut[1]
    return Mention(doc_id="t01", start=s, end=e, text=smp.text[s:e], entity_id=entity_id, form=form)


def test_strict_vs_lenient_and_article_boundary(sample):
    mentions = (
        m(sample, "Cremlino", "kb_kremlin", cut=(-3, 0)),  # "il Cremlino" = span_with_article: strict
        m(sample, "Lisbona", "kb_lisbon"),  # exact
        m(sample, "Mario Rossi", "kb_rossi", cut=(6, 0)),  # "Rossi": overlap only
        m(sample, "Casa Bianca", "kb_usa", cut=(0, -7)),  # "Casa": overlap only
    )
    s = score(sample, mentions=mentions)
    n_req = 7  # Cremlino, Mario Rossi x2, Lisbona, Casa Bianca, Portogallo, Spagna
    assert (s.entities_strict.tp_gold, s.entities_strict.n_gold, s.entities_strict.n_pred) == (2, n_req, 4)
    assert (s.entities_lenient.tp_gold, s.entities_lenient.n_pred) == (4, 4)
    assert s.entities_lenient.precision == 1.0


def test_optional_ttl_and_adj_are_ignored_in_the_main_score(sample):
    mentions = (
        m(sample, "ministero"),  # optional entity: ignored
        m(sample, "presidente"),  # TTL: ignored
        m(sample, "portoghese"),  # gold ADJ, system says NAM: ignored here
        m(sample, "Ieri"),  # nothing there: a false positive
        m(sample, "portoghese", form="ADJ"),  # scored in the ADJ figure only
    )
    s = score(sample, mentions=mentions)
    assert (s.entities_lenient.tp_pred, s.entities_lenient.n_pred) == (0, 1)
    assert (s.entities_adj.tp_gold, s.entities_adj.n_gold, s.entities_adj.n_pred) == (1, 1, 1)


def test_linking_via_qid_table_and_country_level(sample):
    mentions = (
        m(sample, "Cremlino", "kb_kremlin"),  # same qid
        m(sample, "Mario Rossi", "kb_rossi"),  # via the table
        m(sample, "Lisbona", "new:lisbona"),  # discovered id: wrong
        m(sample, "Casa Bianca", "kb_usa"),  # wrong entity, right country
    )
    s = score(sample, mentions=mentions)
    assert (s.linking.correct, s.linking.total) == (2, 4)
    assert (s.linking_country.correct, s.linking_country.total) == (3, 4)
    assert score(sample, table={}, mentions=mentions).linking.correct == 1  # no table: qid only


def q(smp, **kw) -> Quantity:
    s, e = smp.span("circa 4.000 camion")
    base = dict(doc_id="t01", start=s, end=e, text=smp.text[s:e], value=4000.0, bound="at_least", unit="trucks",
                from_entity="kb_prt", to_entity="kb_esp", period="2024-03/2024-06",
                source_entity="kb_ministry", stance="estimated")
    base.update(kw)
    return Quantity(**base)


def test_quantity_match_and_attributes(sample):
    s = score(sample, quantities=(q(sample),))
    assert (s.quantities.tp_gold, s.quantities.n_gold, s.quantities.n_pred) == (1, 1, 1)
    assert s.q_bound.correct == 1  # at_least is the accepted alternative of up_to
    assert s.q_period.correct == 1 and s.q_source.correct == 1
    assert s.q_stance.correct == 1  # estimated = stance_alternative
    s = score(sample, quantities=(q(sample, bound="exact", period="2024-04/2024-06", source_entity=None),))
    assert s.quantities.tp_gold == 1
    assert (s.q_bound.correct, s.q_period.correct, s.q_source.correct) == (0, 0, 0)


def test_quantity_needs_value_unit_direction_and_overlap(sample):
    ms, me = sample.span("marzo")
    for wrong in (q(sample, value=5000.0), q(sample, unit="ship"), q(sample, to_entity="kb_prt"),
                  q(sample, from_entity=None), q(sample, start=ms, end=me, text="marzo")):
        s = score(sample, quantities=(wrong,))
        assert (s.quantities.tp_gold, s.quantities.n_pred) == (0, 1)
    s = score(sample, quantities=(q(sample, unit="ship"),))
    assert s.quantities_value.tp_gold == 1  # the value-only diagnostic still counts it


def ev(smp, trigger: str, type_="VISIT", **kw) -> Event:
    s, e = smp.span(trigger)
    return Event(doc_id="t01", start=s, end=e, text=smp.text[s:e], type=type_, **kw)


def test_events_with_one_cross_doc_key_may_be_merged(sample):
    one = score(sample, events=(ev(sample, "arrivato"),))
    assert (one.events.tp_gold, one.events.n_gold, one.events.tp_pred, one.events.n_pred) == (1, 1, 1, 1)
    both = score(sample, events=(ev(sample, "visita"), ev(sample, "arrivato")))
    assert (both.events.tp_gold, both.events.tp_pred, both.events.n_pred) == (1, 2, 2)
    dup = score(sample, events=(ev(sample, "arrivato"), ev(sample, "arrivato")))
    assert (dup.events.tp_pred, dup.events.n_pred) == (1, 2)  # a duplicate costs precision


def test_event_type_must_match_and_optional_events_are_ignored(sample):
    s = score(sample, events=(ev(sample, "arrivato", "MEETING"), ev(sample, "criticato", "CRITICISM")))
    assert (s.events.tp_pred, s.events.n_pred, s.events.tp_gold) == (0, 1, 0)


def test_event_sentence_variant(sample):
    s = score(sample, events=(ev(sample, "Lisbona"),))  # trigger off, sentence right
    assert s.events.tp_gold == 0 and s.events_sentence.tp_gold == 1


def test_event_attributes(sample):
    parts = (Participant(role="actor", entity_id="kb_rossi"), Participant(role="location", entity_id="kb_prt"))
    event = ev(sample, "visita", participants=parts, date="2024-06-18", modality="happened", source_entity="kb_kremlin")
    s = score(sample, events=(event,))
    assert (s.participants.tp_pred, s.participants.n_pred, s.participants.n_gold) == (1, 2, 2)
    assert s.ev_date.correct == 1  # a day date at the gold's month precision
    assert s.ev_modality.correct == 1 and s.ev_source.correct == 1
    assert (s.claim_source.correct, s.claim_source.total) == (1, 1)
    event = ev(sample, "arrivato", date="2024-06", modality="planned", source_entity="kb_kremlin")
    s = score(sample, events=(event,))
    assert (s.ev_date.correct, s.ev_modality.correct, s.ev_source.correct) == (0, 0, 0)  # gold 2024-06-18, no source


def test_published_in_range(sample):
    assert score(sample, published="2024-06-18").published.correct == 1
    assert score(sample, published="2024-06").published.correct == 1
    assert score(sample, published="2024-06-21").published.correct == 0
    assert score(sample).published.total == 1
