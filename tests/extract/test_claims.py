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


def test_a_report_with_its_author_speaks_for_the_author():
    text = ("Un rapporto recente dell'Istituto Delta ha rivelato che la Francia ha spedito 400 container "
            "alla Germania. Il rapporto afferma che la Germania ha pagato 30 milioni di euro.")
    delta = ("Istituto Delta", "DELTA", "ORG", "NAM")
    rep1 = ("rapporto recente", "DELTA_REPORT", "WORK", "NOM")
    rep2 = ("rapporto", "DELTA_REPORT", "WORK", "NOM", 1)
    art = _run(article(text, [rep1, delta, FR, DE, ("Germania", "DEU", "GPE", "NAM", 1), rep2],
                       quantities=[("400 container", "container", "Q1"), ("30 milioni di euro", "EUR", "Q2")]))
    assert _claim(art, "rivelato").claimant_entity == "DELTA"  # the author named after the report noun
    assert _claim(art, "afferma").claimant_entity == "DELTA_REPORT"  # the report alone speaks as itself
    assert {q.id: q.source_entity for q in art.quantities} == {"Q1": "DELTA", "Q2": "DELTA_REPORT"}


def test_an_object_in_a_relative_clause_is_not_the_next_speaker():
    text = ("Ieri Mario Rossi non ha smentito. Alla domanda sulle foto che mostrerebbero soldati francesi "
            "in territorio tedesco, ha risposto che la Francia ha spedito munizioni alla Germania.")
    troops = ("soldati francesi", "FRA_TROOPS", "GROUP", "NOM")
    art = _run(article(text, [ROSSI, troops, ("tedesco", "DEU", "GPE", "ADJ"), FR, DE]))
    c = _claim(art, "risposto")
    assert c.claimant_entity == "ROSSI"  # the dropped subject is the speaker named last
    assert next(e for e in art.events if e.type == "TRANSFER").source_entity == "ROSSI"


def test_a_dropped_subject_with_no_speaker_before_gives_no_claim():
    text = "Alla domanda sulle foto che mostrerebbero soldati francesi, ha risposto che erano false."
    art = _run(article(text, [("soldati francesi", "FRA_TROOPS", "GROUP", "NOM")]))
    assert not [c for c in art.claims if "risposto" in c.text]


def test_an_adjective_inside_an_object_is_not_the_subject():
    text = "Uno dei prigionieri aveva con sé un documento militare francese e ha detto di essere stato mandato in Germania."
    art = _run(article(text, [("francese", "FRA", "GPE", "ADJ"), DE]))
    assert not [c for c in art.claims if c.claimant_entity == "FRA"]


def test_a_demonym_heading_the_clause_is_a_speaker():
    text = "I vertici militari francesi negano che la Germania abbia spedito munizioni."
    art = _run(article(text, [("francesi", "FRA", "GPE", "ADJ"), DE]))
    assert _claim(art, "negano").claimant_entity == "FRA"


def test_a_title_before_the_name_after_secondo():
    text = ("Secondo il portavoce per la sicurezza nazionale del governo Mario Rossi, la Francia ha spedito "
            "300 container alla Germania.")
    art = _run(article(text, [ROSSI, FR, DE], quantities=[("300 container", "container", "Q1")]))
    assert art.quantities[0].source_entity == "ROSSI"


def test_a_participle_describing_a_treaty_is_no_ones_claim():
    text = "Mario Rossi ha ricordato che il trattato, firmato ieri dalla Francia, prevede aiuti alla Germania."
    art = _run(article(text, [ROSSI, FR, DE]))
    signed = next(e for e in art.events if e.type == "AGREEMENT_SIGNED")
    assert signed.source_entity is None and signed.modality == "happened"


def test_a_party_telling_of_its_own_deployment_admits_it():
    def deployment(speaker: tuple):
        text = f"{speaker[0]} hanno detto che i soldati francesi schierati in Polonia sono pronti."
        art = _run(article(text, [speaker, ("soldati francesi", "FRA_TROOPS", "GROUP", "NOM"),
                                  ("Polonia", "POL", "GPE", "NAM")]))
        return next(e for e in art.events if e.type == "TROOP_DEPLOYMENT")

    own = deployment(("Funzionari francesi", "FRA_OFFICIALS", "GROUP", "NOM"))
    parts = {(p.role, p.entity_id) for p in own.participants}
    assert ("actor", "FRA") in parts and ("theme", "FRA_TROOPS") in parts
    assert ("actor", "FRA_OFFICIALS") not in parts  # the speakers did not send them
    assert own.modality == "happened" and own.source_entity == "FRA_OFFICIALS"  # France's own officials admit it
    other = deployment(("Funzionari tedeschi", "DEU_OFFICIALS", "GROUP", "NOM"))
    assert other.modality == "alleged" and other.source_entity == "DEU_OFFICIALS"


def test_a_gerund_speaks_for_the_subject_of_its_main_clause():
    text = "Mario Rossi ha ringraziato la Francia, assicurando che la Germania invierà aiuti."
    art = _run(article(text, [ROSSI, FR, DE]))
    assert _claim(art, "assicurando").claimant_entity == "ROSSI"


def test_a_coordinated_verb_keeps_an_unnamed_subject():
    text = ("Mario Rossi ha parlato ai giornalisti. Secondo la Francia, uno dei prigionieri aveva una mappa "
            "e ha detto di essere stato mandato in Germania.")
    art = _run(article(text, [ROSSI, FR, DE]))
    assert not [c for c in art.claims if "detto" in c.text]  # the prisoner is no named speaker
