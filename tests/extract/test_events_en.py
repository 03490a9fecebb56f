"""English events and claims: the same stages read lang/en data (sentences written for these tests)."""
from __future__ import annotations

import pytest

from dossier.extract.claims import claims_stage
from dossier.extract.events import events_stage
from dossier.records import EVENT_TYPES, MODALITIES, STANCES

from .helpers_events import RES, article

FR = ("France", "FRA", "GPE", "NAM")
DE = ("Germany", "DEU", "GPE", "NAM")
ROSSI = ("Mario Rossi", "ROSSI", "PERSON", "NAM")
MIN = ("Defence Ministry", "FR_MOD", "ORG", "NAM")
PARIS = ("Paris", "PARIS", "GPE", "NAM")


def _en(text, mentions=(), times=(), quantities=(), published=None):
    ms = [m for m in mentions if m[0] in text]
    return article(text, ms, times, quantities, published, language="en")


def _run(art):
    return claims_stage(events_stage(art, RES), RES)


def _one(events, typ):
    found = [e for e in events if e.type == typ]
    assert found, f"no {typ} in {[(e.type, e.text) for e in events]}"
    return found[0]


@pytest.mark.parametrize("sentence, typ, trigger", [
    ("Mario Rossi visited Germany last week.", "VISIT", "visited"),
    ("France and Germany held talks in Paris.", "MEETING", "held talks"),
    ("Mario Rossi met the German chancellor in Paris.", "MEETING", "met"),
    ("France and Germany signed a defence treaty.", "AGREEMENT_SIGNED", "signed"),
    ("France has delivered artillery shells to Germany.", "TRANSFER", "delivered"),
    ("France deployed troops along the border with Germany.", "TROOP_DEPLOYMENT", "deployed"),
    ("France vetoed the resolution.", "VETO", "vetoed"),
    ("Germany imposed new sanctions on France.", "SANCTION", "imposed new sanctions"),
    ("France denied any involvement.", "DENIAL", "denied"),
    ("Germany accused France of breaking the agreement.", "ACCUSATION", "accused"),
    ("Germany condemned France.", "CRITICISM", "condemned"),
    ("Mario Rossi praised France.", "STATEMENT_SUPPORT", "praised"),
    ("Mario Rossi announced his resignation.", "STATEMENT", "announced"),
])
def test_each_type_has_an_english_trigger(sentence, typ, trigger):
    ev = _one(_run(_en(sentence, [ROSSI, FR, DE, PARIS])).events, typ)
    assert trigger in ev.text and sentence[ev.start:ev.end] == ev.text
    assert ev.type in EVENT_TYPES and ev.modality in MODALITIES


def test_transfer_with_postposed_source_and_a_denial():
    text = ("France has sent 300 containers of ammunition to Germany since March, the Defence Ministry said on "
            "Tuesday. France denied supplying any weapons to Germany.")
    art = _run(_en(text, [FR, DE, MIN, ("France", "FRA", "GPE", "NAM", 1), ("Germany", "DEU", "GPE", "NAM", 1)],
                   times=[("since March", "2024-03/2024-06", "range"), ("Tuesday", "2024-06-11", "day")],
                   quantities=[("300 containers", "container", "Q1")], published="2024-06-13"))
    tr = next(e for e in art.events if e.type == "TRANSFER" and "sent" in e.text)
    assert {(p.role, p.entity_id) for p in tr.participants} >= {("actor", "FRA"), ("recipient", "DEU")}
    assert tr.source_entity == "FR_MOD" and tr.modality == "alleged"
    assert tr.date == "2024-03/2024-06"
    # ", the Defence Ministry said" closes the report: an attribution, not an event of its own
    assert not any(e.type in ("STATEMENT", "ACCUSATION") and e.text == "said" for e in art.events)
    said = next(c for c in art.claims if c.text == "said")
    assert said.claimant_entity == "FR_MOD" and tr.id in said.about and "Q1" in said.about
    q = art.quantities[0]
    assert (q.source_entity, q.stance) == ("FR_MOD", "alleged")
    denial = _one(art.events, "DENIAL")
    assert denial.text == "denied" and [(p.role, p.entity_id) for p in denial.participants][0] == ("actor", "FRA")
    supplying = next(e for e in art.events if e.text == "supplying")
    assert supplying.type == "TRANSFER" and supplying.modality == "alleged"  # what a party denies is an allegation
    deny_claim = next(c for c in art.claims if c.stance == "denied")
    assert deny_claim.claimant_entity == "FRA" and deny_claim.denies == said.id


def test_visit_with_a_date_and_its_restatement():
    text = "Mario Rossi arrived in Paris on Tuesday for talks. The visit was his first since 2019."
    art = _run(_en(text, [ROSSI, PARIS], times=[("on Tuesday", "2024-06-11", "day"), ("2019", "2019", "year")]))
    visits = [e for e in art.events if e.type == "VISIT"]
    assert len(visits) == 1, [(e.type, e.text) for e in art.events]  # "The visit" restates the arrival
    v = visits[0]
    assert v.text == "arrived" and v.date == "2024-06-11" and v.modality == "happened"
    assert ("actor", "ROSSI") in [(p.role, p.entity_id) for p in v.participants]
    assert ("location", "PARIS") in [(p.role, p.entity_id) for p in v.participants]


@pytest.mark.parametrize("sentence, modality", [
    ("France will deliver artillery shells to Germany.", "planned"),
    ("France plans to deliver artillery shells to Germany.", "planned"),
    ("France could deliver artillery shells to Germany.", "possible"),
    ("France has not delivered artillery shells to Germany.", "denied"),
    ("France has yet to deliver artillery shells to Germany.", "denied"),
    ("France delivered artillery shells to Germany.", "happened"),
])
def test_modality_of_english_events(sentence, modality):
    ev = _one(_run(_en(sentence, [FR, DE])).events, "TRANSFER")
    assert ev.modality == modality


def test_a_modal_of_another_clause_does_not_reach_the_trigger():
    text = "The new pact will replace the old treaty that the two countries signed in 1990."
    ev = _one(_run(_en(text, times=[("1990", "1990", "year")])).events, "AGREEMENT_SIGNED")
    assert ev.modality == "happened" and ev.date == "1990"


def test_according_to_attributes_the_clause_before_it():
    text = "Germany has shipped 50 tanks to France, according to the Defence Ministry."
    art = _run(_en(text, [DE, FR, MIN], quantities=[("50 tanks", "tank", "Q1")]))
    c = next(c for c in art.claims if c.text == "according")
    assert c.claimant_entity == "FR_MOD" and c.stance in STANCES
    tr = _one(art.events, "TRANSFER")
    assert tr.source_entity == "FR_MOD" and tr.id in c.about


def test_according_to_opening_the_sentence_covers_what_follows():
    text = "According to Mario Rossi, Germany has shipped 50 tanks to France."
    art = _run(_en(text, [ROSSI, DE, FR]))
    assert _one(art.events, "TRANSFER").source_entity == "ROSSI"


def test_unnamed_speakers_and_pronouns_are_not_claimants():
    art = _run(_en("Analysts say Germany has shipped tanks to France.", [DE, FR]))
    assert not [c for c in art.claims if c.text == "say"]
    assert _one(art.events, "TRANSFER").source_entity is None


def test_words_of_a_name_are_not_cues_or_triggers():
    text = "Mario Rossi said the United States would keep sanctioning companies."
    us = ("United States", "USA", "GPE", "NAM")
    art = _run(_en(text, [ROSSI, us]))
    assert [c.text for c in art.claims] == ["said"]
    sanction = _one(art.events, "SANCTION")
    assert sanction.modality == "planned" and sanction.source_entity == "ROSSI"


def test_apposition_between_subject_and_verb():
    text = "Mario Rossi, the Defence Ministry spokesman, said France had sent drones to Germany."
    art = _run(_en(text, [ROSSI, MIN, FR, DE]))
    c = next(c for c in art.claims if c.text == "said")
    assert c.claimant_entity == "ROSSI"
    assert _one(art.events, "TRANSFER").source_entity == "ROSSI"


def test_noun_trigger_modifying_another_noun_is_no_event():
    art = _run(_en("France and Germany signed a mutual defence treaty.", [FR, DE]))
    assert [e.type for e in art.events] == ["AGREEMENT_SIGNED"]


def test_italian_articles_keep_their_results_with_english_data_present():
    it = article("La Francia ha spedito munizioni alla Germania.", [("Francia", "FRA", "GPE", "NAM"),
                                                                    ("Germania", "DEU", "GPE", "NAM")])
    ev = _one(_run(it).events, "TRANSFER")
    assert ev.text == "ha spedito" and ("recipient", "DEU") in [(p.role, p.entity_id) for p in ev.participants]


def test_a_word_of_a_name_is_never_a_cue():
    text = "Officials in the United States confirmed that France had shipped tanks to Germany."
    us = ("United States", "USA", "GPE", "NAM")
    art = _run(_en(text, [us, FR, DE]))
    assert "States" not in [c.text for c in art.claims]
    text2 = "Two United States destroyers escorted the convoy, Mario Rossi said."
    art2 = _run(_en(text2, [("United States", "USA", "GPE", "ADJ"), ROSSI]))
    assert [c.text for c in art2.claims] == ["said"]  # the word of a name used as an adjective either


def test_the_name_before_an_apposition_is_the_speaker():
    text = "Mario Rossi, spokesman for the Defence Ministry, told reporters that France had sent drones to Germany."
    art = _run(_en(text, [ROSSI, MIN, FR, DE]))
    assert next(c for c in art.claims if c.text == "told").claimant_entity == "ROSSI"
    text2 = "Mario Rossi, Defence Ministry spokesman, said France had sent drones to Germany."
    art2 = _run(_en(text2, [ROSSI, MIN, FR, DE]))
    said = next(e for e in art2.events if e.text == "said")
    assert [p.entity_id for p in said.participants if p.role == "actor"] == ["ROSSI"]


def test_declining_to_confirm_or_deny_is_no_denial():
    text = "Germany has declined either to confirm or to deny that France shipped tanks to Paris."
    art = _run(_en(text, [DE, FR, PARIS]))
    denial = _one(art.events, "DENIAL")
    assert denial.modality == "denied"  # a non-denial, as "did not deny"
    assert {c.text: c.stance for c in art.claims}.get("confirm") == "denied"


def test_a_pronoun_subject_is_the_person_named_last():
    text = "Mario Rossi gave no figures. He said France had shipped tanks to Germany."
    art = _run(_en(text, [ROSSI, FR, DE]))
    assert next(c for c in art.claims if c.text == "said").claimant_entity == "ROSSI"
    assert _one(art.events, "TRANSFER").source_entity == "ROSSI"


def _roles(ev):
    return {(p.role, p.entity_id) for p in ev.participants}


def test_roles_beyond_the_arguments_in_english():
    text = "Mario Rossi arrived in Paris, welcomed by the Defence Ministry."
    ev = _one(events_stage(_en(text, [ROSSI, PARIS, MIN]), RES).events, "VISIT")
    assert {("actor", "ROSSI"), ("host", "FR_MOD")} <= _roles(ev)
    text = "France and Germany signed a defence treaty in Paris."
    ev = _one(events_stage(_en(text, [FR, DE, PARIS]), RES).events, "AGREEMENT_SIGNED")
    assert ("location", "PARIS") in _roles(ev)
    text = "France would supply shells for the war in Germany."
    ev = _one(events_stage(_en(text, [FR, DE]), RES).events, "TRANSFER")
    assert ("recipient", "DEU") not in _roles(ev)


def test_a_speech_act_reported_after_that_is_attributed_to_the_reporter():
    text = "Mario Rossi said on Monday that Germany could not yet confirm the delivery of drones."
    art = _run(_en(text, [ROSSI, DE]))
    confirm = next(e for e in art.events if "confirm" in e.text)
    assert confirm.type == "STATEMENT" and confirm.modality == "denied"
    assert confirm.source_entity == "ROSSI"
    said = next(e for e in art.events if e.text == "said")
    assert said.type == "STATEMENT"  # the drones are Germany's unconfirmed matter, not Rossi's accusation


def test_a_second_act_of_the_speaker_is_not_inside_the_report():
    text = "Mario Rossi said that France had sent drones to Germany and praised the two armies."
    art = _run(_en(text, [ROSSI, FR, DE]))
    praised = next((e for e in art.events if e.text.endswith("praised")), None)
    if praised is not None:
        assert praised.source_entity is None


def test_an_admission_accuses_nobody():
    text = "France acknowledged that its soldiers had been deployed to Germany."
    art = _run(_en(text, [FR, DE]))
    assert _one(art.events, "STATEMENT").text.endswith("acknowledged")
    assert not [e for e in art.events if e.type == "ACCUSATION"]
