"""Claims: cue, claimant on either side, nesting, scope, stances, denials linked."""
from __future__ import annotations

from dossier.extract.claims import claims_stage
from dossier.extract.events import events_stage
from dossier.records import STANCES, record_id

from .helpers_events import RES, article

FR = ("Francia", "FRA", "GPE", "NAM")
DE = ("Germania", "DEU", "GPE", "NAM")
ROSSI = ("Mario Rossi", "ROSSI", "PERSON", "NAM")
MIN = ("ministero della Difesa", "FR_MOD", "ORG", "NOM")
AGENCY = ("agenzia Stella", "STELLA", "ORG", "NAM")


def _run(art):
    return claims_stage(events_stage(art, RES), RES)


def _claim(art, cue):
    found = [c for c in art.claims if cue in c.text]
    assert found, f"no claim on {cue!r}: {[c.text for c in art.claims]}"
    return found[0]


def test_claimant_before_the_verb():
    text = "Funzionari della Germania affermano che la Francia ha spedito 500 container di munizioni."
    art = _run(article(text, [DE, FR], quantities=[("500 container", "container", "Q1")]))
    c = _claim(art, "affermano")
    assert c.claimant_entity == "DEU" and c.stance == "asserted"
    assert text[c.claimant_start:c.claimant_end] == "Germania"
    assert c.id == record_id("claim", "t", c.start, c.end)
    tr = next(e for e in art.events if e.type == "TRANSFER")
    assert tr.source_entity == "DEU" and tr.modality == "alleged"
    assert tr.id in c.about and "Q1" in c.about
    q = art.quantities[0]
    assert (q.source_entity, q.stance) == ("DEU", "alleged")


def test_claimant_after_the_verb():
    text = "Il viaggio durerà tre giorni, ha detto Mario Rossi."
    art = _run(article(text, [ROSSI], quantities=[("tre giorni", "day", "Q1")]))
    c = _claim(art, "detto")
    assert c.claimant_entity == "ROSSI"
    q = art.quantities[0]
    assert (q.source_entity, q.stance) == ("ROSSI", "asserted")  # not a contested fact


def test_secondo_and_nested_via():
    text = "Secondo l'agenzia Stella, il ministero della Difesa ritiene che la Francia abbia inviato 200 soldati."
    art = _run(article(text, [AGENCY, MIN, FR], quantities=[("200 soldati", "soldier", "Q1")]))
    inner = _claim(art, "ritiene")
    assert inner.claimant_entity == "FR_MOD" and inner.via == "STELLA"
    q = art.quantities[0]
    assert q.source_entity == "FR_MOD" and q.stance == "estimated"


def test_clause_initial_per_names_a_person_not_a_country():
    a = _run(article("Per Mario Rossi, le vittime sarebbero più di 300 morti.", [ROSSI],
                     quantities=[("più di 300 morti", "person", "Q1")]))
    assert a.quantities[0].source_entity == "ROSSI"
    b = _run(article("Per la Francia, la crisi è stata una sorpresa.", [FR]))
    assert not [c for c in b.claims if c.text.lower() == "per"]


def test_estimate_and_capacity_stances():
    text = ("Il ministero della Difesa stima che la Francia abbia spedito 700 container, "
            "che potrebbero contenere fino a 2 milioni di proiettili.")
    art = _run(article(text, [MIN, FR], quantities=[("700 container", "container", "Q1"),
                                                   ("fino a 2 milioni di proiettili", "shell", "Q2")]))
    st = {q.id: q.stance for q in art.quantities}
    assert st == {"Q1": "estimated", "Q2": "hypothetical"}
    assert all(q.source_entity == "FR_MOD" for q in art.quantities)
    assert all(q.stance in STANCES for q in art.quantities)


def test_unattributed_figure_is_asserted_without_source():
    art = _run(article("La Francia ha inviato 40 ambasciatori in Germania.", [FR, DE],
                       quantities=[("40 ambasciatori", "person", "Q1")]))
    q = art.quantities[0]
    assert q.source_entity is None and q.stance == "asserted"


def test_denial_is_linked_to_the_accusation():
    text = ("La Germania accusa la Francia di aver spedito munizioni. "
            "La Francia ha negato ogni trasferimento di armi.")
    art = _run(article(text, [DE, FR, ("Francia", "FRA", "GPE", "NAM", 1)]))
    acc = _claim(art, "accusa")
    den = next(c for c in art.claims if c.stance == "denied")
    assert acc.claimant_entity == "DEU" and acc.stance == "alleged"
    assert den.claimant_entity == "FRA" and den.denies == acc.id


def test_report_continues_into_the_next_sentence_of_the_paragraph():
    text = ("Fonti della Germania affermano che la Francia ha spedito munizioni. "
            "Il materiale è collegato a 30 morti.\n\nMario Rossi è partito con 12 giornalisti.")
    art = _run(article(text, [DE, FR, ROSSI], quantities=[("30 morti", "person", "Q1"),
                                                          ("12 giornalisti", "person", "Q2")]))
    src = {q.id: q.source_entity for q in art.quantities}
    assert src == {"Q1": "DEU", "Q2": None}


def test_speech_act_is_not_its_own_claim():
    text = "Mario Rossi ha dichiarato che la Germania ha spedito munizioni alla Francia."
    art = _run(article(text, [ROSSI, DE, FR]))
    acc = next(e for e in art.events if e.type == "ACCUSATION")
    tr = next(e for e in art.events if e.type == "TRANSFER")
    assert acc.source_entity is None and tr.source_entity == "ROSSI"


def test_admission_does_not_make_an_allegation():
    text = "La Francia ha ammesso che i suoi soldati hanno combattuto in Germania."
    art = _run(article(text, [FR, DE]))
    combat = next(e for e in art.events if e.type == "COMBAT")
    assert combat.modality == "happened"


def test_the_same_source_named_again_by_a_definite_description():
    text = ("Il ministero della Difesa ha riferito che 40 soldati sono morti. "
            "Il mese prima la stessa fonte parlava di almeno 20 morti.")
    art = _run(article(text, [MIN], quantities=[("40 soldati", "soldier", "Q1"), ("almeno 20 morti", "person", "Q2")]))
    assert {q.id: q.source_entity for q in art.quantities} == {"Q1": "FR_MOD", "Q2": "FR_MOD"}


def test_a_denial_inside_an_accusation_is_not_the_accusers():
    text = "La Germania accusa la Francia di fornire armi, che entrambi i governi negano."
    art = _run(article(text, [DE, FR]))
    denial = next(e for e in art.events if e.type == "DENIAL")
    assert denial.source_entity is None


def test_ordinal_secondo_is_not_a_source():
    art = _run(article("Il secondo test della Francia è fallito.", [FR]))
    assert art.claims == ()


def test_a_report_subject_is_a_claimant():
    text = "Il rapporto evidenzia che la Francia ha spedito 500 container di munizioni alla Germania."
    rep = ("rapporto", "REPORT_1", "WORK", "NOM")
    art = _run(article(text, [rep, FR, DE], quantities=[("500 container", "container", "Q1")]))
    assert _claim(art, "evidenzia").claimant_entity == "REPORT_1"
    assert art.quantities[0].source_entity == "REPORT_1"


def test_a_work_that_is_no_report_is_no_claimant():
    text = "Il trattato dice che la Francia invierà 500 container di munizioni alla Germania."
    art = _run(article(text, [("trattato", "TREATY_1", "WORK", "NOM"), FR, DE],
                       quantities=[("500 container", "container", "Q1")]))
    assert art.quantities[0].source_entity != "TREATY_1"


def test_an_addressee_after_the_verb_is_not_the_speaker():
    text = "Oggi il Nis, il servizio di Seul, ha riferito ai parlamentari che 300 soldati sono stati uccisi."
    nis = ("Nis", "NIS", "ORG", "NAM")
    mps = ("parlamentari", "MPS", "GROUP", "NOM")
    art = _run(article(text, [nis, ("Seul", "SEL", "GPE", "MET"), mps], quantities=[("300 soldati", "soldier", "Q1")]))
    assert _claim(art, "riferito").claimant_entity == "NIS"
    assert art.quantities[0].source_entity == "NIS"
