"""Input-quality issues: captions, credits, appeals, garbled machine translation."""
from __future__ import annotations

import dataclasses

from dossier.extract.issues import in_boilerplate, issues_stage
from dossier.extract.sentences import split_sentences
from dossier.pipeline import Resources
from dossier.records import Article, Document

RES = Resources()


def _issues(text: str) -> Article:
    doc = Document(id="t", text=text, language="it")
    art = Article(document=doc, sentences=split_sentences(doc.id, text, "it"))
    return issues_stage(art, RES)


def test_photo_credit_line_is_boilerplate():
    text = ("Il ministro è arrivato ieri a Roma per i colloqui.\n\n"
            "Foto di archivio ANSA/ROBERTO ROSSI\n\n"
            "I colloqui sono durati tre ore.")
    art = _issues(text)
    credit = text.index("Foto di archivio")
    kinds = [(i.type, i.text) for i in art.issues]
    assert ("boilerplate", "Foto di archivio ANSA/ROBERTO ROSSI") in kinds
    assert in_boilerplate(art, credit, credit + 4)
    assert not in_boilerplate(art, 0, 10)


def test_caption_keeps_its_text_but_not_its_credit():
    text = ("Il vertice si è chiuso senza accordo.\n\n"
            "I due ministri hanno firmato il memorandum - Foto EPA-EFE/MARIO BIANCHI CREDITO OBBLIGATORIO\n\n"
            "Resta aperta la questione dei dazi.")
    art = _issues(text)
    credit = [i for i in art.issues if i.type == "boilerplate"]
    assert len(credit) == 1
    assert credit[0].text.startswith("Foto EPA-EFE")
    assert not in_boilerplate(art, text.index("hanno firmato"), text.index("hanno firmato") + 12)


def test_trailing_donation_appeal_runs_to_the_end():
    body = "Il governo ha approvato la manovra dopo una lunga trattativa con le parti sociali. " * 6
    text = body + "\n\nCari lettori,\n\nsostienici con una donazione per un giornalismo libero.\n\nABBONATI ORA"
    art = _issues(text)
    tail = [i for i in art.issues if i.note.startswith("publisher appeal to the end")]
    assert tail and tail[0].start == text.index("Cari lettori")
    assert tail[0].end == len(text.rstrip())


def test_missing_space_and_lost_sentence_break_are_garbled():
    text = "Il ministro è partito a maggioLa missione durerà una settimana. Il rientro è previsto.Poi si vedrà."
    art = _issues(text)
    garbled = {i.text for i in art.issues if i.type == "garbled"}
    assert "maggioLa" in garbled
    assert "previsto.Poi" in garbled


def test_stray_capitalised_word_mid_sentence_is_garbled():
    text = "Il governo ha deciso di rafforzare la difesa Durante il prossimo anno saranno acquistati nuovi radar."
    art = _issues(text)
    assert any(i.type == "garbled" and "Durante" in i.text for i in art.issues)


def test_clean_text_with_names_has_no_issue():
    text = ("Il presidente francese Emmanuel Macron ha incontrato a Parigi il cancelliere Olaf Scholz. "
            "Secondo la Casa Bianca, gli Stati Uniti sosterranno l'iniziativa dei due Paesi.")
    art = _issues(text)
    assert art.issues == ()


def test_issues_stage_is_deterministic_and_offsets_hold():
    text = "Foto Reuters/Mario Verdi\nLa riunione è finita tardiLa stampa attendeva."
    a1, a2 = _issues(text), _issues(text)
    assert a1.issues == a2.issues
    for i in a1.issues:
        assert text[i.start:i.end] == i.text
    assert dataclasses.replace(a1, issues=()).issues == ()


def test_english_credit_uses_english_data():
    text = "The talks ended on Monday.\nPhoto: Reuters/John Smith\nBoth sides will meet again."
    doc = Document(id="e", text=text, language="en")
    art = issues_stage(Article(document=doc, sentences=split_sentences("e", text, "en")), RES)
    assert [i.text for i in art.issues] == ["Photo: Reuters/John Smith"]
