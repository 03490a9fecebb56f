"""Figures, bounds, units, directions and periods, on sentences written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.extract.quantities import extract_quantities, lexicon, parse_number
from dossier.extract.sentences import split_sentences
from dossier.extract.times import extract_times
from dossier.records import Article, Document, Mention, TextIssue
from dossier.kb import KnowledgeBase

STORY_TIMELINE = KnowledgeBase.load().timeline

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def article(text: str, names: dict[str, str] | None = None, adjectives: dict[str, str] | None = None,
            issues: tuple[str, ...] = (), language: str = "it", published: str = "2025-03-12",
            types: dict[str, str] | None = None) -> Article:
    """An article with the given surface -> entity id mentions (every occurrence), as the entity stage would give."""
    doc = Document(id="q", text=text, language=language, published=published)
    sents = split_sentences("q", text, language)
    doc, times = extract_times(doc, sents, STORY_TIMELINE)
    mentions = []
    for table, form in ((names or {}, "NAM"), (adjectives or {}, "ADJ")):
        for surface, eid in table.items():
            i = text.find(surface)
            while i >= 0:
                s = next(x.index for x in sents if x.start <= i < x.end)
                mentions.append(Mention(doc_id="q", start=i, end=i + len(surface), text=surface, entity_id=eid,
                                        type=(types or {}).get(surface, "GPE"), form=form, sentence=s))
                i = text.find(surface, i + 1)
    found = []
    for chunk in issues:
        i = text.find(chunk)
        found.append(TextIssue(doc_id="q", start=i, end=i + len(chunk), text=chunk, type="boilerplate"))
    a = Article(document=doc, sentences=sents, times=times, issues=tuple(found),
                mentions=tuple(sorted(mentions, key=lambda m: m.start)))
    return a


def quantities(text: str, kb=None, **kw):
    a = article(text, **kw)
    qs = extract_quantities(a, kb)
    for q in qs:
        assert text[q.start:q.end] == q.text
        assert q.id == f"quantity:q:{q.start}-{q.end}"
    return qs


@pytest.mark.parametrize("written, value", [
    ("11.000", 11000), ("5,5", 5.5), ("1.250.000", 1250000), ("ventiquattro", 24), ("due", 2), ("mille", 1000),
    ("duemilacinquecento", 2500), ("trentuno", 31), ("centoventi", 120), ("tremila", 3000),
])
def test_numbers(written, value):
    assert parse_number(lexicon("it"), written) == value


def test_separators_multipliers_and_currency():
    (q,) = quantities("Il fondo vale 5,5 miliardi di dollari secondo la banca.")
    assert (q.value, q.unit, q.bound) == (5.5e9, "USD", "exact")
    assert q.text == "5,5 miliardi di dollari"


@pytest.mark.parametrize("text, bound", [
    ("Sono partiti circa 800 soldati.", "about"),
    ("Sono partiti almeno 800 soldati.", "at_least"),
    ("Sono partiti più di 800 soldati.", "more_than"),
    ("Sono partiti oltre 800 soldati.", "more_than"),
    ("Potranno partire fino a 800 soldati.", "up_to"),
    ("Sono partiti quasi 800 soldati.", "about"),
])
def test_bounds(text, bound):
    (q,) = quantities(text)
    assert (q.value, q.bound, q.unit) == (800, bound, "soldier")
    assert q.text.endswith("800 soldati") and q.text[0].islower()


def test_ranges():
    (q,) = quantities("Le stime parlano di un contingente tra 8.000 e 9.500 soldati.")
    assert (q.value, q.low, q.high, q.unit) == (None, 8000, 9500, "soldier")
    (q,) = quantities("Nel porto sono attraccate da 10 a 12 navi.")
    assert (q.low, q.high, q.unit) == (10, 12, "ship")


def test_vague_plurals():
    q1, q2 = quantities("Migliaia di soldati sono al confine; il governo ha speso centinaia di milioni di euro.")
    assert (q1.bound, q1.low, q1.high, q1.unit) == ("vague", 2000, None, "soldier")
    assert (q2.bound, q2.low, q2.high, q2.unit) == ("vague", 2e8, 1e9, "EUR")


def test_collective_with_bound():
    (q,) = quantities("Nei combattimenti sono morti almeno un centinaio di militari.")
    assert (q.value, q.bound, q.unit) == (100, "at_least", "soldier")


def test_direction_from_subject_and_destination_with_period():
    text = "L'Iran ha spedito in Siria circa 4.000 missili da gennaio."
    (q,) = quantities(text, names={"Iran": "IRN", "Siria": "SYR"})
    assert (q.value, q.unit, q.from_entity, q.to_entity) == (4000, "missile", "IRN", "SYR")
    assert q.period == "2025-01/2025-03"
    assert text[q.period_start:q.period_end] == "da gennaio"


def test_direction_from_da_a():
    (q,) = quantities("Sono stati trasferiti almeno 300 soldati dalla Bielorussia alla Serbia.",
                      names={"Bielorussia": "BLR", "Serbia": "SRB"})
    assert (q.from_entity, q.to_entity, q.bound) == ("BLR", "SRB", "at_least")


def test_receiver_as_subject_and_filled_counterpart():
    text = ("Il Venezuela ha venduto all'Iran circa 2.000 tonnellate di greggio. "
            "Intanto l'Iran ha ricevuto almeno 40 container di pezzi di ricambio.")
    q1, q2 = quantities(text, names={"Venezuela": "VEN", "Iran": "IRN"})
    assert (q1.from_entity, q1.to_entity) == ("VEN", "IRN")
    assert q2.to_entity == "IRN" and q2.from_entity == "VEN"  # the giver filled in from the first flow


def test_hypothetical_capacity():
    (q,) = quantities("I depositi potrebbero contenere più di 2 milioni di proiettili.")
    assert q.hypothetical and q.stance == "hypothetical"
    assert (q.value, q.unit, q.bound) == (2e6, "shell", "more_than")
    (q,) = quantities("I depositi contengono 2 milioni di proiettili.")
    assert not q.hypothetical and q.stance == "asserted"


def test_years_calibres_identifiers_and_references_are_not_quantities():
    assert quantities("Nel 2023 la produzione di obici da 155 mm è cresciuta.") == ()
    assert quantities("L'articolo 5 del trattato vincola i due Paesi.") == ()


def test_elapsed_years_are_counted_with_their_period():
    (q,) = quantities("Il ministro è tornato nel Paese per la prima volta da dodici anni.")
    assert (q.value, q.unit, q.period) == (12, "year", "2013/2025")


def test_figure_inside_boilerplate_is_skipped():
    text = "Il convoglio trasportava 30 container.\nSOSTIENI IL GIORNALE CON 50 EURO AL MESE"
    qs = quantities(text, issues=("SOSTIENI IL GIORNALE CON 50 EURO AL MESE",))
    assert [q.value for q in qs] == [30]


def test_demonym_used_as_counted_noun():
    text = "Il contingente conta ormai 7.000 moldavi, dicono i militari."
    (q,) = quantities(text, adjectives={"moldavi": "MDA"})
    assert q.text == "7.000 moldavi" and q.unit == "soldier" and q.from_entity == "MDA"


@pytest.mark.parametrize("folder", ["seeds-it", "written-it"])
def test_shared_corpus_spans(folder):
    corpus = SHARED / "corpus" / folder
    if not corpus.is_dir():
        pytest.skip("../shared is not present")
    from dossier.pipeline import Pipeline

    pipe = Pipeline()
    n = 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        a = pipe.run(Article(document=Document(id=path.stem, text=text, language="it")))
        for rec in a.quantities + a.times:
            assert text[rec.start:rec.end] == rec.text
            if getattr(rec, "period_start", None) is not None:
                assert text[rec.period_start:rec.period_end]
        n += len(a.quantities)
    assert n > 0


def test_a_four_digit_count_is_not_a_year():
    q1, q2 = quantities("Al confine sono arrivati 1500 soldati in tre giorni.")
    assert (q1.value, q1.unit) == (1500, "soldier")
    assert (q2.value, q2.unit) == (3, "day")


# --- periods ------------------------------------------------------------------------------------

def test_a_figure_introduced_by_dopo_holds_before_the_period():
    text = "Tra gennaio e febbraio sono arrivati almeno 3.000 militari, dopo un primo contingente di circa 11.000."
    q1, q2 = quantities(text)
    assert q1.period == "2025-01/2025-02"
    assert (q2.value, q2.period) == (11000, "../2024-12")


def test_elapsed_time_with_a_lower_bound_starts_at_a_year_of_the_text():
    text = "Nel 2000 il presidente visitò il Paese. È la prima visita in più di due decenni."
    (q,) = quantities(text)
    assert (q.unit, q.bound, q.period) == ("decade", "more_than", "2000/2025")
    (q,) = quantities("È la prima visita in più di due decenni.")
    assert q.period == "2005/2025"  # no year in the text: the nominal start


def test_a_cumulative_flow_during_an_ongoing_war_covers_the_war_so_far():
    (q,) = quantities("Le vendite di armi hanno raggiunto 2 miliardi di dollari mentre continua la guerra in Ucraina.",
                      kb=KnowledgeBase.load())  # the war's start is in the knowledge base's timeline
    assert (q.unit, q.period) == ("USD", "2022-02/2025-03")
    (q,) = quantities("Le vendite di armi hanno raggiunto 2 miliardi di dollari.")
    assert q.period is None


# --- English --------------------------------------------------------------------------------------

def en_quantities(text: str, kb=None, **kw):
    a = article(text, language="en", published="2023-10-14", **kw)
    qs = extract_quantities(a, kb)
    for q in qs:
        assert text[q.start:q.end] == q.text
    return qs


@pytest.mark.parametrize("written, value", [
    ("1,000", 1000), ("5.5", 5.5), ("1,250,000", 1250000), ("twenty-four", 24), ("seven", 7), ("eleven", 11),
])
def test_english_numbers(written, value):
    assert parse_number(lexicon("en"), written) == value


@pytest.mark.parametrize("text, surface, value, bound, unit", [
    ("Pyongyang sent more than 1,000 containers by sea.", "more than 1,000 containers", 1000, "more_than", "container"),
    ("About 11,000 troops are now in the region.", "About 11,000 troops", 11000, "about", "soldier"),
    ("At least 24 ballistic missiles hit the city.", "At least 24 ballistic missiles", 24, "at_least", "missile"),
    ("The deal is worth up to 5.5 billion dollars.", "up to 5.5 billion dollars", 5.5e9, "up_to", "USD"),
    ("Officials counted twenty-four launchers.", "twenty-four launchers", 24, "exact", "launcher"),
])
def test_english_figures(text, surface, value, bound, unit):
    (q,) = en_quantities(text)
    assert (q.text, q.value, q.bound, q.unit) == (surface, value, bound, unit)


def test_english_ranges_and_vague_plurals():
    (q,) = en_quantities("They sent between 10,000 and 12,000 soldiers.")
    assert (q.low, q.high, q.unit) == (10000, 12000, "soldier")
    (q,) = en_quantities("Hundreds of shells fell on the town.")
    assert (q.bound, q.low, q.high, q.unit) == ("vague", 200, None, "shell")


def test_english_flow_direction_and_period():
    text = "North Korea has shipped more than 1,000 containers to Russia since early September, officials said."
    (q,) = en_quantities(text, names={"North Korea": "PRK", "Russia": "RUS"})
    assert (q.from_entity, q.to_entity) == ("PRK", "RUS")
    assert q.period == "2023-09/2023-10"
    assert text[q.period_start:q.period_end] == "since early September"


def test_english_references_and_years_are_not_quantities():
    assert en_quantities("The two countries signed the treaty in 2024.") == ()


# --- who is a party of a flow: attribution, origin, presence, losses, places --------------------

class _PlacesKB:
    """A knowledge base reduced to what flows read: place facts (`of`, `capital_of`, `subtype`)."""

    def __init__(self, facts: dict[str, dict]):
        self.facts = facts
        self.roles: dict = {}


STATES = {e: {"type": "GPE", "subtype": "country"} for e in ("BLR", "SRB", "BIH", "TUR", "UKR", "RUS", "POL", "SYR")}


@pytest.mark.parametrize("text, lang, names, adjectives", [
    ("Berlino e Parigi dicono che almeno 5.000 soldati bielorussi si trovano in Serbia.", "it",
     {"Berlino": "DEU", "Parigi": "FRA", "Serbia": "SRB"}, {"bielorussi": "BLR"}),
    ("Secondo la Polonia, circa 5.000 soldati bielorussi sono stati schierati in Serbia.", "it",
     {"Polonia": "POL", "Serbia": "SRB"}, {"bielorussi": "BLR"}),
    ("London and Paris say that more than 5,000 Belarusian troops are in Serbia.", "en",
     {"London": "GBR", "Paris": "FRA", "Serbia": "SRB"}, {"Belarusian": "BLR"}),
    ("According to Poland, about 5,000 Belarusian soldiers have been deployed to Serbia.", "en",
     {"Poland": "POL", "Serbia": "SRB"}, {"Belarusian": "BLR"}),
])
def test_the_source_of_a_figure_is_never_a_party_and_the_demonym_is_the_origin(text, lang, names, adjectives):
    qs = (quantities if lang == "it" else en_quantities)(text, names=names, adjectives=adjectives)
    (q,) = qs
    assert (q.value, q.unit, q.from_entity, q.to_entity) == (5000, "soldier", "BLR", "SRB")


def test_english_demonym_between_figure_and_noun_is_part_of_the_surface():
    (q,) = en_quantities("Kyiv says 2,000 Belarusian troops are in Serbia.",
                         names={"Kyiv": "UKR", "Serbia": "SRB"}, adjectives={"Belarusian": "BLR"})
    assert q.text == "2,000 Belarusian troops" and q.item == "soldier"
    assert (q.from_entity, q.to_entity) == ("BLR", "SRB")


def test_a_speaker_who_says_it_gave_stays_the_giver():
    (q,) = quantities("La Turchia ha dichiarato di aver inviato 50 tonnellate di farina in Siria.",
                      names={"Turchia": "TUR", "Siria": "SYR"})
    assert (q.from_entity, q.to_entity) == ("TUR", "SYR")


def test_the_subject_of_a_saying_verb_is_not_the_receiver():
    # "arrivati" is a receiving verb: its subject would be the receiver, but Israel only reports it
    (q,) = quantities("Israele ha detto che 200 droni iraniani sono arrivati in Siria.",
                      names={"Israele": "ISR", "Siria": "SYR"}, adjectives={"iraniani": "IRN"})
    assert (q.from_entity, q.to_entity) == ("IRN", "SYR")


def test_the_demonym_of_people_wins_over_the_subject_of_the_verb():
    (q,) = quantities("La Serbia ha schierato in Bosnia circa 900 mercenari bielorussi.",
                      names={"Serbia": "SRB", "Bosnia": "BIH"}, adjectives={"bielorussi": "BLR"})
    assert (q.from_entity, q.to_entity) == ("BLR", "BIH")


@pytest.mark.parametrize("text, lang", [
    ("Circa 6.000 soldati bielorussi si addestrano in diverse basi della Serbia e alcuni reparti "
     "si spostano verso la Bosnia.", "it"),
    ("About 6,000 Belarusian troops are in Serbia, and some of them are moving towards Bosnia.", "en"),
])
def test_where_people_are_beats_where_they_head(text, lang):
    (q,) = (quantities if lang == "it" else en_quantities)(
        text, names={"Serbia": "SRB", "Bosnia": "BIH"},
        adjectives={"bielorussi": "BLR", "Belarusian": "BLR"})
    assert (q.from_entity, q.to_entity) == ("BLR", "SRB")


def test_a_heading_alone_is_still_the_destination():
    (q,) = quantities("La Serbia ha inviato 40 carri armati verso la Bosnia.", names={"Serbia": "SRB", "Bosnia": "BIH"})
    assert (q.from_entity, q.to_entity) == ("SRB", "BIH")


def test_an_entered_country_is_the_destination():
    (q,) = en_quantities("Officials said some 3,000 troops from Belarus had entered Serbia.",
                         names={"Belarus": "BLR", "Serbia": "SRB"})
    assert (q.from_entity, q.to_entity) == ("BLR", "SRB")


@pytest.mark.parametrize("text, lang, item", [
    ("Il ministero stima circa 3.500 soldati bielorussi uccisi o feriti in Serbia.", "it", "casualty"),
    ("Il ministero stima circa 3.500 tra morti e feriti in Serbia.", "it", "death"),
    ("About 3,500 Belarusian troops were killed or wounded in Serbia.", "en", "casualty"),
])
def test_losses_have_no_direction(text, lang, item):
    lead = ("La Bielorussia ha inviato 9.000 soldati in Serbia. " if lang == "it"
            else "Belarus has sent 9,000 troops to Serbia. ")
    names = {"Bielorussia": "BLR", "Belarus": "BLR", "Serbia": "SRB"}
    adjs = {"bielorussi": "BLR", "Belarusian": "BLR"}
    first, q = (quantities if lang == "it" else en_quantities)(lead + text, names=names, adjectives=adjs)
    assert (first.from_entity, first.to_entity) == ("BLR", "SRB")  # the flow of the article ...
    assert q.value == 3500 and q.item == item
    assert (q.from_entity, q.to_entity) == (None, None)  # ... is not lent to its losses


def test_goods_used_up_by_their_holder_are_not_a_flow():
    text = ("La Bielorussia ha spedito in Serbia 2.000 container di munizioni. "
            "Al fronte la Serbia spara circa 8.000 proiettili al giorno.")
    q1, q2 = quantities(text, names={"Bielorussia": "BLR", "Serbia": "SRB"})
    assert (q1.from_entity, q1.to_entity) == ("BLR", "SRB")
    assert (q2.unit, q2.from_entity, q2.to_entity) == ("shell", None, None)


def test_a_city_or_region_stands_for_its_state_in_the_kb():
    kb = _PlacesKB({**STATES, "ODESA_T": {"type": "GPE", "subtype": "city", "of": "ODESA_OBLAST_T"},
                    "ODESA_OBLAST_T": {"type": "LOC", "subtype": "region", "of": "UKR"}})
    (q,) = quantities("La Turchia ha spedito 30 container a Odessa.", kb=kb,
                      names={"Turchia": "TUR", "Odessa": "ODESA_T"})
    assert (q.from_entity, q.to_entity) == ("TUR", "UKR")


def test_a_region_named_with_a_demonym_stands_for_that_state():
    (q,) = quantities("Almeno 2.000 soldati bielorussi si trovano nell'Oriente russo.", kb=_PlacesKB(dict(STATES)),
                      names={"Oriente russo": "EAST_T"}, adjectives={"bielorussi": "BLR"}, types={"Oriente russo": "LOC"})
    assert (q.from_entity, q.to_entity) == ("BLR", "RUS")
    (q,) = en_quantities("At least 2,000 Belarusian troops are stationed in the Russian east.",
                         names={"Russian east": "EAST_T"}, adjectives={"Belarusian": "BLR"}, types={"Russian east": "LOC"})
    assert (q.from_entity, q.to_entity) == ("BLR", "RUS")


def test_troop_figures_without_an_origin_take_the_troops_the_article_names():
    text = ("I militari bielorussi combattono da mesi. "
            "Secondo Kiev, circa 11.000 soldati sono stati inviati in Serbia.")
    (q,) = quantities(text, names={"Kiev": "UKR", "Serbia": "SRB"}, adjectives={"bielorussi": "BLR"})
    assert (q.from_entity, q.to_entity) == ("BLR", "SRB")


def test_english_stems_do_not_match_inside_other_words():
    lex = lexicon("en")
    assert not lex.transfer.search("soldiers and handful of servicemen")
    assert not lex.presence.search("the National Intelligence Service presented its estimate")
    assert lex.transfer.search("it shipped arms") and lex.presence.search("troops stationed there")


@pytest.mark.parametrize("adverb", ["reportedly", "allegedly"])
def test_an_adverb_of_hearsay_does_not_make_the_giver_a_speaker(adverb):
    (q,) = en_quantities(f"Belarus has {adverb} sent 3,000 troops to Serbia.", names={"Belarus": "BLR", "Serbia": "SRB"})
    assert (q.from_entity, q.to_entity) == ("BLR", "SRB")


@pytest.mark.parametrize("text, language", [
    ("The March 3 shelling of Odesa killed at least five people and wounded more than 40.", "en"),
    ("Il bombardamento del 3 marzo su Odessa ha ucciso almeno cinque persone e ne ha ferite più di 40.", "it"),
])
def test_people_killed_by_a_dated_attack_are_casualties_of_that_day(text, language):
    qs = quantities(text, names={"Odesa": "ODESA", "Odessa": "ODESA"}, language=language)
    assert len(qs) == 2
    assert all(q.item == "casualty" and q.from_entity is None and q.to_entity is None for q in qs)
    assert {q.period for q in qs} == {"2025-03-03"}
