"""Fixtures for the ingest tests: hand-written articles (our own sentences, not the shared
corpus) and a helper that writes input files into tmp_path.

The articles are served by the `samples` fixture because the suite runs with
--import-mode=importlib, where test modules cannot import a sibling module.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest


RAIL_HEADLINE = "Via libera alla nuova linea ferroviaria tra la costa e l'entroterra"

RAIL_BODY = (
    "Il consiglio regionale ha approvato ieri sera, dopo una seduta durata quasi sei ore, il piano "
    "per la nuova linea ferroviaria che collegherà i porti della costa con i comuni dell'entroterra. "
    "Il progetto prevede quarantadue chilometri di binari, nove stazioni e due gallerie scavate sotto "
    "le colline che oggi separano le due valli. "
    "Secondo l'assessore ai trasporti, i primi cantieri apriranno entro la prossima primavera e i lavori "
    "dovrebbero concludersi in cinque anni, se i finanziamenti europei arriveranno nei tempi previsti. "
    "La spesa complessiva è stimata in poco meno di un miliardo di euro, di cui un terzo a carico della Regione. "
    "Le associazioni dei pendolari hanno accolto la notizia con favore, ricordando che oggi per percorrere "
    "lo stesso tragitto in autobus servono più di due ore nelle giornate di traffico intenso. "
    "Più cauti gli ambientalisti, che chiedono di conoscere nel dettaglio il tracciato e temono per le "
    "sorgenti che alimentano gli acquedotti dei paesi di montagna. "
    "L'opposizione ha votato contro, sostenendo che il piano sottrae risorse alla manutenzione delle strade "
    "provinciali, da anni in condizioni precarie. "
    "Il presidente della Regione ha replicato che le due cose non sono in alternativa e che un fondo separato "
    "per le strade sarà presentato già il mese prossimo. "
    "Nei prossimi giorni il progetto definitivo sarà pubblicato sul sito dell'ente, e i cittadini avranno "
    "sessanta giorni per presentare osservazioni scritte. "
    "I sindaci dei comuni interessati si riuniranno lunedì per coordinare le richieste sulle fermate e sui "
    "parcheggi di interscambio vicino alle stazioni. "
    "Tra le richieste già annunciate c'è quella di una fermata in più nella zona industriale, dove lavorano "
    "ogni giorno circa tremila persone che oggi arrivano quasi tutte in automobile. "
    "I tecnici della Regione hanno spiegato che i treni viaggeranno a una velocità massima di centoventi "
    "chilometri orari e che nelle ore di punta passerà un convoglio ogni venti minuti. "
    "Per la gestione del servizio sarà bandita una gara europea, aperta sia alle aziende pubbliche sia a "
    "quelle private, con un contratto della durata di dieci anni. "
    "Una parte dei fondi servirà anche a rinnovare le due stazioni storiche della costa, chiuse al pubblico "
    "da tempo per problemi di sicurezza e di accessibilità. "
    "Gli operatori turistici sperano che il collegamento porti nell'entroterra una parte dei visitatori che "
    "d'estate affollano le spiagge, con benefici per agriturismi, musei e piccoli negozi. "
    "La camera di commercio ha annunciato uno studio sugli effetti economici dell'opera, i cui risultati "
    "saranno presentati in autunno durante un convegno aperto alla cittadinanza."
)

# The same report republished: new headline, one sentence rewritten.
RAIL_COPY_HEADLINE = "Treni tra mare e colline: la Regione approva il progetto"
RAIL_COPY_BODY = RAIL_BODY.replace(
    "La spesa complessiva è stimata in poco meno di un miliardo di euro, di cui un terzo a carico della Regione.",
    "Il costo dell'opera supera di poco i novecento milioni, e la Regione ne coprirà circa un terzo.",
)

HARVEST_BODY = (
    "La vendemmia di quest'anno si è aperta con due settimane di anticipo nelle colline del sud, dove il caldo "
    "di agosto ha accelerato la maturazione delle uve. "
    "I produttori parlano di grappoli sani ma di quantità inferiori del quindici per cento rispetto alla media, "
    "a causa della siccità che ha colpito la zona tra giugno e luglio. "
    "Le cantine sociali hanno anticipato l'apertura dei centri di conferimento e chiesto ai soci di consegnare "
    "l'uva nelle ore più fresche della giornata. "
    "Gli enologi si aspettano vini rossi strutturati e bianchi con una acidità più bassa del solito, che "
    "richiederanno attenzione in fase di affinamento. "
    "Sul fronte dei prezzi, le prime contrattazioni indicano un lieve aumento per le uve destinate ai vini "
    "a denominazione di origine. "
    "Resta il problema della manodopera: molte aziende faticano a trovare lavoratori stagionali e hanno "
    "iniziato a condividere le squadre di raccolta tra vigneti vicini."
)

ENGLISH_BODY = (
    "The city council voted on Tuesday to extend the opening hours of the central library, which will now "
    "stay open until ten in the evening on weekdays. Officials said the change follows a survey in which "
    "students and shift workers asked for more time to study after work. The extra hours will be paid for "
    "by closing two smaller reading rooms that were rarely used during the winter months."
)

# Italian with accents, to be written as Latin-1 bytes.
LATIN1_BODY = (
    "La città ha inaugurato venerdì il nuovo lungomare, atteso da più di dieci anni. Il sindaco è arrivato "
    "in bicicletta e ha promesso che l'opera porterà turisti già dalla prossima estate. Un commerciante ha "
    "commentato che la pazienza è una virtù, ma che qui ne è servita davvero tanta."
)


@pytest.fixture
def samples() -> SimpleNamespace:
    return SimpleNamespace(**{k: v for k, v in globals().items() if k.isupper()})


@pytest.fixture
def write(tmp_path):
    """write(name, text_or_bytes, encoding="utf-8") -> Path under tmp_path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return _write
