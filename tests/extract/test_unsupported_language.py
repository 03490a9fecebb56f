"""An article in a language without data in lang/ is stored and flagged, never read with Italian rules."""
from __future__ import annotations

from dossier.build import build_corpus
from dossier.pipeline import Pipeline
from dossier.records import Article, Document
from dossier.store import open_store

# Our own sentence in German: Italian rules would find "Mosca"-like names and the figure.
GERMAN = "Russland hat im März 1.000 Raketen an Nordkorea geliefert, sagte der Minister am Freitag in Berlin."


def test_unsupported_language_is_flagged_and_nothing_is_extracted():
    art = Pipeline().run(Article(document=Document(id="de1", text=GERMAN, language="de")), check=True)
    assert [i.type for i in art.issues] == ["unsupported_language"]
    assert "'de'" in art.issues[0].note
    assert not (art.mentions or art.quantities or art.events or art.claims or art.times)
    assert art.sentences  # the text is still split and stored, so it can be searched and read


def test_build_counts_articles_in_unsupported_languages(tmp_path):
    (tmp_path / "de.txt").write_text(GERMAN + " " + GERMAN.replace("März", "April"), encoding="utf-8")
    (tmp_path / "it.txt").write_text("La Russia ha inviato ieri mille soldati in Bielorussia, ha detto il ministro "
                                     "della Difesa a Minsk.", encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        summary = build_corpus([tmp_path / "de.txt", tmp_path / "it.txt"], store, progress=False,
                               settings={"default_language": None})
    assert summary.added == 2
    assert summary.unsupported == {"de": 1}
