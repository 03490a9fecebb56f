"""Events: trigger lexicon, disambiguation by arguments, participants, date, modality."""
from __future__ import annotations

import dataclasses
import time

import pytest

from dossier.extract.events import events_stage
from dossier.records import EVENT_TYPES, MODALITIES, record_id

from .helpers_events import RES, article

PUT = ("Mario Rossi", "ROSSI", "PERSON", "NAM")
FR = ("Francia", "FRA", "GPE", "NAM")
DE = ("Germania", "DEU", "GPE", "NAM")


def _events(art):
    return events_stage(art, RES).events


def _one(events, typ):
    found = [e for e in events if e.type == typ]
    assert found, f"no {typ} in {[(e.type, e.text) for e in events]}"
    return found[0]


@pytest.mark.parametrize("sentence, typ, trigger", [
    ("Mario Rossi ha visitato la Francia la settimana scorsa.", "VISIT", "visitato"),
    ("Mario Rossi si è recato in Francia per due giorni.", "VISIT", "recato"),
    ("La Francia e la Germania hanno tenuto un vertice a Parigi.", "MEETING", "vertice"),
    ("La Francia ha invitato Mario Rossi a Parigi.", "INVITATION", "invitato"),
    ("La Francia e la Germania hanno firmato un trattato di cooperazione.", "AGREEMENT_SIGNED", "firmato"),
    ("La Francia ha spedito munizioni alla Germania.", "TRANSFER", "spedito"),
    ("La Francia ha schierato soldati in Germania.", "TROOP_DEPLOYMENT", "schierato"),
    ("La Francia ha posto il veto alla risoluzione.", "VETO", "posto il veto"),
    ("La Germania ha imposto nuove sanzioni alla Francia.", "SANCTION", "imposto nuove sanzioni"),
    ("La Francia ha negato ogni coinvolgimento.", "DENIAL", "negato"),
    ("La Germania accusa la Francia di aver violato l'accordo.", "ACCUSATION", "accusa"),
    ("La Germania ha condannato la Francia.", "CRITICISM", "condannato"),
    ("Mario Rossi ha elogiato la Francia.", "STATEMENT_SUPPORT", "elogiato"),
    ("Mario Rossi ha annunciato le sue dimissioni.", "STATEMENT", "annunciato"),
    ("La Francia ha condotto il lancio di un missile balistico.", "LAUNCH", "lancio"),
    ("I soldati della Francia hanno combattuto nella regione di confine.", "COMBAT", "combattuto"),
    ("L'invasione della Germania da parte della Francia è cominciata all'alba.", "ATTACK", "invasione"),
])
def test_each_type_has_a_trigger(sentence, typ, trigger):
    art = article(sentence, [m for m in (PUT, FR, DE) if m[0] in sentence])
    ev = _one(_events(art), typ)
    assert trigger in ev.text
    assert sentence[ev.start:ev.end] == ev.text
    assert ev.type in EVENT_TYPES and ev.modality in MODALITIES
    assert ev.id == record_id("event", "t", ev.start, ev.end)


def test_send_soldiers_is_a_deployment_send_ammunition_a_transfer():
    a = article("La Francia ha inviato tremila soldati in Germania.", [FR, DE])
    b = article("La Francia ha inviato munizioni in Germania.", [FR, DE])
    assert [e.type for e in _events(a)] == ["TROOP_DEPLOYMENT"]
    assert [e.type for e in _events(b)] == ["TRANSFER"]


def test_adjective_military_does_not_make_troops():
    art = article("La Francia ha trasferito tecnologia militare alla Germania.", [FR, DE])
    assert [e.type for e in _events(art)] == ["TRANSFER"]


def test_signing_needs_a_document():
    art = article("La Francia ha firmato la lettera del ministro.", [FR])
    assert not [e for e in _events(art) if e.type == "AGREEMENT_SIGNED"]


def test_participants_actor_recipient_location():
    art = article("La Francia ha spedito munizioni alla Germania.", [FR, DE])
    ev = _one(_events(art), "TRANSFER")
    roles = {(p.role, p.entity_id) for p in ev.participants}
    assert ("actor", "FRA") in roles and ("recipient", "DEU") in roles
    art = article("Mario Rossi ha visitato ieri la Francia.", [PUT, FR])
    roles = {(p.role, p.entity_id) for p in _one(_events(art), "VISIT").participants}
    assert ("actor", "ROSSI") in roles


def test_date_is_the_nearest_time_of_the_clause():
    art = article("Martedì Mario Rossi ha visitato la Francia.", [PUT, FR], [("Martedì", "2024-05-14", "day")])
    ev = _one(_events(art), "VISIT")
    assert (ev.date, ev.date_precision) == ("2024-05-14", "day")
    art = article("Mario Rossi ha visitato la Francia.", [PUT, FR])
    assert _one(_events(art), "VISIT").date is None


def test_time_of_another_clause_is_not_taken():
    text = "La Francia ha negato le accuse, e il mese scorso Mario Rossi ha condannato la Germania."
    art = article(text, [FR, PUT, DE], [("il mese scorso", "2024-04", "month")])
    evs = _events(art)
    assert _one(evs, "DENIAL").date is None
    assert _one(evs, "CRITICISM").date == "2024-04"


@pytest.mark.parametrize("sentence, modality", [
    ("La Francia potrebbe inviare munizioni alla Germania.", "possible"),
    ("La Francia invierà munizioni alla Germania.", "planned"),
    ("La Francia prevede di inviare munizioni alla Germania.", "planned"),
    ("La Francia non ha inviato munizioni alla Germania.", "denied"),
    ("La Francia deve ancora inviare munizioni alla Germania.", "denied"),
    ("La Francia avrebbe inviato munizioni alla Germania.", "alleged"),
    ("La Francia ha inviato munizioni alla Germania.", "happened"),
])
def test_modality(sentence, modality):
    art = article(sentence, [FR, DE])
    assert _one(_events(art), "TRANSFER").modality == modality


def test_speech_verb_reporting_a_transfer_is_an_accusation():
    art = article("Mario Rossi ha dichiarato che la Francia ha spedito munizioni alla Germania.", [PUT, FR, DE])
    types = {e.type for e in _events(art)}
    assert {"ACCUSATION", "TRANSFER"} <= types


def test_present_tense_cue_is_not_an_event_but_what_it_reports_is():
    art = article("Fonti della Germania affermano che la Francia ha spedito munizioni.", [DE, FR])
    types = [e.type for e in _events(art)]
    assert types == ["TRANSFER"]


def test_speech_without_speaker_is_dropped():
    art = article("Questo affetto smentisce i veri limiti dell'amicizia.", [])
    assert _events(art) == ()


def test_definite_noun_restating_an_earlier_event_is_merged():
    text = "Mario Rossi ha visitato la Francia. La visita è durata due giorni."
    evs = _events(article(text, [PUT, FR]))
    assert [e.type for e in evs] == ["VISIT"]
    text = "Mario Rossi ha visitato la Francia. È stato un lungo viaggio in Germania."
    evs = _events(article(text, [PUT, FR, DE]))
    assert len([e for e in evs if e.type == "VISIT"]) == 2


def test_triggers_inside_boilerplate_are_skipped():
    text = ("La Francia ha spedito munizioni alla Germania.\n\n"
            "Foto ANSA/Mario Verdi: soldati inviati al fronte\n\n"
            "La Germania ha ringraziato.")
    evs = _events(article(text, [FR, DE, ("Germania", "DEU", "GPE", "NAM", 1)]))
    assert all(not (text.index("Foto") <= e.start) or e.start > text.index("La Germania ha") for e in evs)
    assert not [e for e in evs if e.type == "TROOP_DEPLOYMENT"]


def test_headline_is_not_an_event():
    text = "Rossi visita la Francia\nMario Rossi ha visitato la Francia ieri."
    evs = _events(article(text, [("Mario Rossi", "ROSSI", "PERSON", "NAM"), ("Francia", "FRA", "GPE", "NAM", 1)]))
    assert len(evs) == 1 and evs[0].start > text.index("\n")


def test_fast_enough():
    text = ("La Francia ha spedito munizioni alla Germania, mentre Mario Rossi ha visitato Parigi "
            "e ha dichiarato che la Germania potrebbe firmare un trattato. ") * 40
    art = article(text, [FR, DE, PUT])
    events_stage(art, RES)  # warm the lexicon and lemma caches
    best = float("inf")
    for _ in range(3):  # the best of three: the machine is shared
        t0 = time.perf_counter()
        events_stage(art, RES)
        best = min(best, time.perf_counter() - t0)
    words = len(text.split())
    assert words / best > 5_000  # the whole pipeline must do 5,000 words/s on one core


def test_gerund_elaborating_an_event_of_the_same_type_is_not_a_new_event():
    text = "Mario Rossi si è recato in Francia, visitando una fabbrica di aerei."
    evs = _events(article(text, [PUT, FR]))
    assert [e.text for e in evs if e.type == "VISIT"] == ["si è recato"]


def test_restatement_inside_one_run_on_sentence_is_merged():
    text = "È previsto un viaggio di Mario Rossi in Francia la visita di Mario Rossi durerà due giorni."
    evs = _events(article(text, [PUT, FR, ("Mario Rossi", "ROSSI", "PERSON", "NAM", 1)]))
    assert len([e for e in evs if e.type == "VISIT"]) == 1


def test_a_dated_visit_of_n_days_covers_the_n_days():
    text = "Mario Rossi si recherà martedì in Francia per una visita di tre giorni."
    art = article(text, [PUT, FR], [("martedì", "2024-05-14", "day")], [("tre giorni", "day", "Q1")])
    art = dataclasses.replace(art, quantities=tuple(dataclasses.replace(q, value=3.0) for q in art.quantities))
    ev = _one(_events(art), "VISIT")
    assert ev.date == "2024-05-14/2024-05-16" and ev.modality == "planned"
