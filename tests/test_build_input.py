"""Bad input gets a clear error and nothing is lost (issue 21).

Each test builds a folder holding one kind of bad input beside a good article, and checks
that the good article is stored and the bad input is reported with its reason: skipped
("rejected") when nothing can be kept, or kept with a warning. Then the command line: a
missing path, warning and skipped lines, and a store that another process is writing to.
All article text here is our own.
"""
from __future__ import annotations

import codecs
import errno
import faulthandler
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.build import build_corpus
from dossier.cli import app
from dossier.errors import IngestError, StoreError
from dossier.pipeline import Pipeline
from dossier.stage import Resources
from dossier.store import open_store

CHEAP = {"ner_model": "off", "parser": "off"}  # the rules alone: these tests are about input, not models
CLI_ENV = {"DOSSIER_NER_MODEL": "off", "DOSSIER_PARSER": "off"}

GOOD = (
    "Il comune ha aperto ieri mattina il nuovo mercato coperto nel quartiere della stazione, dopo tre anni "
    "di lavori. Al piano terra trovano posto quaranta banchi di frutta, verdura e pesce, al primo piano una "
    "sala per i corsi di cucina. Il sindaco ha detto che il mercato resterà aperto anche la domenica mattina."
)
# Other articles, kept with a warning: different texts, so that each is a new document.
BRIDGE = (
    "Mercoledì la provincia ha riaperto il ponte sul fiume, chiuso da febbraio per il cedimento di un pilone. "
    "I tecnici hanno rinforzato le fondamenta e rifatto l'asfalto; il traffico pesante resterà però vietato "
    "fino a quando le prove di carico non saranno concluse, probabilmente entro la fine del mese."
)
LIBRARY = (
    "La biblioteca civica ha ricevuto in dono più di duemila volumi da un collezionista della città, che per "
    "quarant'anni ha raccolto libri di viaggio e carte geografiche. Una parte sarà esposta già a dicembre in "
    "una mostra al pianterreno, il resto entrerà nel catalogo entro la primavera."
)
HARBOUR = (
    "Nel porto sono arrivate ieri le prime due gru elettriche, che sostituiranno quelle a gasolio entro l'estate. "
    "Secondo l'autorità portuale le nuove macchine ridurranno il rumore sulle banchine e i consumi di carburante, "
    "mentre i lavoratori chiedono corsi di formazione prima dell'avvio."
)
SCHOOL = (
    "La scuola media del paese avrà una nuova palestra: la regione ha stanziato i fondi mancanti e i lavori "
    "cominceranno a luglio, a lezioni finite. Fino ad allora gli alunni continueranno a fare ginnastica nel "
    "palazzetto dello sport, raggiunto ogni mattina con uno scuolabus."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die Öffnungszeiten der Bibliothek zu verlängern. Ab dem nächsten "
    "Monat bleibt sie werktags bis zehn Uhr abends geöffnet, sagte die Bürgermeisterin vor Journalisten."
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(resources=Resources(CHEAP))


@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "00_buono.txt").write_text(GOOD, encoding="utf-8")
    return root


def build(folder: Path, pipeline: Pipeline, **settings):
    """Build `folder` into a new store: (summary, stored documents, stored rejections)."""
    with open_store(str(folder.parent / "store.db")) as store:
        summary = build_corpus([folder], store, progress=False, settings={**CHEAP, **settings}, pipeline=pipeline)
        return summary, store.documents(), store.rejected()


def skipped(summary, path: Path) -> str:
    """The reason `path` was skipped (exactly one rejection), checked against the store's."""
    reasons = [r.reason for r in summary.rejected if r.source_path == str(path)]
    assert len(reasons) == 1, (path, summary.rejected)
    return reasons[0]


def warned(summary, source: str | Path) -> list[str]:
    return [w.reason for w in summary.warnings if w.source_path == str(source)]


def texts(docs) -> list[str]:
    return [d.text for d in docs]


def assert_good_stored(summary, docs, rejected):
    assert GOOD in texts(docs)
    # Every skipped input is also remembered by the store, with the same reason.
    assert {(r.source_path, r.reason) for r in summary.rejected} <= {(r.source_path, r.reason) for r in rejected}


# -- one test per kind of bad input -----------------------------------------------------------------


def test_binary_file(folder, pipeline):
    bad = folder / "foto.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    reason = skipped(summary, bad)
    assert reason.startswith("binary file (") and "control bytes" in reason
    assert reason.endswith("only text (.txt), HTML (.html, .htm) and JSON Lines (.jsonl) files can be ingested")
    assert len(docs) == 1


def test_empty_file(folder, pipeline):
    bad = folder / "vuoto.txt"
    bad.write_bytes(b"")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad) == "empty: the file is 0 bytes; add the article's text, or remove the file"


def test_whitespace_only_file(folder, pipeline):
    bad = folder / "spazi.txt"
    bad.write_text("  \n\t\n   \r\n", encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad) == "empty: no text, only whitespace; add the article's text, or remove the file"


def test_too_short_text(folder, pipeline):
    bad = folder / "corto.txt"
    bad.write_text("Breve nota.", encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad).startswith("empty: only 11 characters of text, fewer than min_text_chars (40); ")


def test_oversized_file(folder, pipeline):
    bad = folder / "lungo.txt"
    bad.write_text(BRIDGE * 20, encoding="utf-8")
    size = bad.stat().st_size
    summary, docs, rejected = build(folder, pipeline, max_file_bytes=2000)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad) == (
        f"oversized ({size} bytes > max_file_bytes 2000); raise the max_file_bytes setting to read it")


def test_huge_single_line_is_rejected_quickly_under_a_line_limit(folder, pipeline):
    # 3 MB on one line (sentences without a line break), with a limit set: rejected in seconds.
    line = " ".join([BRIDGE, LIBRARY, HARBOUR, SCHOOL]) + " "
    bad = folder / "riga.txt"
    bad.write_text((line * (3_000_000 // len(line) + 1))[:3_000_000], encoding="utf-8")
    (folder / "righe.jsonl").write_text(json.dumps({"text": (line * 200)[:150_000]}) + "\n"
                                        + json.dumps({"text": SCHOOL}) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    summary, docs, rejected = build(folder, pipeline, max_line_chars=100_000)
    assert time.perf_counter() - t0 < 60
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad) == (
        "a single line of 3000000 characters (line 1 of the text), longer than max_line_chars (100000); break "
        "the text into paragraphs (one per line), or raise max_line_chars (0: no limit)")
    assert skipped(summary, f"{folder / 'righe.jsonl'}:1").startswith("a single line of 150000 characters")
    assert SCHOOL in texts(docs)  # the other line of the JSON Lines file goes in


def test_one_line_article_within_the_limit_builds(folder, pipeline):
    one_line = " ".join([BRIDGE, LIBRARY, HARBOUR, SCHOOL] * 10)  # about 10,000 characters, no line break
    (folder / "riga.txt").write_text(one_line, encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert one_line in texts(docs) and not summary.rejected


def test_nul_bytes(folder, pipeline):
    raw = BRIDGE.encode("utf-8")
    cut = raw.index(b"ponte")
    bad = folder / "nul.txt"
    bad.write_bytes(raw[:cut] + b"\x00" + raw[cut:] + b"\x00" * 3)  # a stray NUL and NUL padding
    padding = folder / "solo_nul.txt"
    padding.write_bytes(b"\x00" * 4096)
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert BRIDGE in texts(docs)  # kept, without the NUL bytes
    [note] = warned(summary, bad)
    assert note == (f"4 NUL bytes removed (at bytes {cut}, {len(raw) + 1}, {len(raw) + 2} and 1 more); the file "
                    "may be damaged or padded: check it, or re-save it as plain text")
    assert skipped(summary, padding).startswith("binary file (only NUL bytes, 4096 of them)")


def test_invalid_utf8_is_replaced_and_located_never_read_as_cp1252(folder, pipeline):
    raw = BRIDGE.encode("utf-8")
    at = raw.index(b"pilone")
    bad = folder / "rotto.txt"
    bad.write_bytes(raw[:at] + b"\xff" + raw[at:])
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    kept = BRIDGE.replace("pilone", "\ufffdpilone")
    assert kept in texts(docs)
    assert not any("Ã" in t for t in texts(docs))  # "Mercoledì" stays itself, not "MercoledÃ¬"
    assert warned(summary, bad) == [
        f"invalid UTF-8 at byte {at}: decoded as UTF-8 with the bad bytes replaced (U+FFFD); re-save the file as UTF-8"
    ]


def test_utf16_with_bom(folder, pipeline):
    (folder / "utf16.txt").write_bytes(LIBRARY.encode("utf-16"))  # BOM + little-endian
    (folder / "utf16be.txt").write_bytes(codecs.BOM_UTF16_BE + HARBOUR.encode("utf-16-be"))
    (folder / "utf16_senza_bom.txt").write_bytes(SCHOOL.encode("utf-16-le"))
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert {LIBRARY, HARBOUR, SCHOOL} <= set(texts(docs))
    assert not warned(summary, folder / "utf16.txt") and not warned(summary, folder / "utf16be.txt")
    assert warned(summary, folder / "utf16_senza_bom.txt") == [
        "UTF-16 without a byte-order mark: read as UTF-16-LE (NUL bytes in every other position); "
        "re-save the file as UTF-8"]
    assert not summary.rejected


def test_latin1_only_when_not_utf8_and_with_a_warning(folder, pipeline):
    bad = folder / "latino.txt"
    raw = LIBRARY.encode("latin-1")
    bad.write_bytes(raw)
    (folder / "utf8.txt").write_text(HARBOUR, encoding="utf-8")  # valid UTF-8: read as such, no warning
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert {LIBRARY, HARBOUR} <= set(texts(docs))
    first = next(i for i, b in enumerate(raw) if b >= 0x80)
    outside = sum(1 for b in raw if b >= 0x80)
    assert warned(summary, bad) == [
        f"not UTF-8 ({outside} bytes outside UTF-8, the first at byte {first}): read as Windows-1252 (Latin-1); "
        "re-save the file as UTF-8 if its accented letters look wrong"]
    assert not warned(summary, folder / "utf8.txt")


def test_malformed_front_matter_keeps_the_article(folder, pipeline):
    bad = folder / "yaml.txt"
    bad.write_text(f"---\ntitle: [mai chiusa\noutlet: Gazzetta di Prova\n---\n\n{HARBOUR}", encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    [doc] = [d for d in docs if d.text == HARBOUR]
    assert doc.title is None and doc.outlet is None
    [note] = warned(summary, bad)
    assert note.startswith("invalid YAML front matter (line ")
    assert "the front matter was left out and the article kept; quote values that contain ':' or '#'" in note


def test_bad_date_in_front_matter_keeps_the_article_and_drops_the_date(folder, pipeline):
    bad = folder / "data.txt"
    bad.write_text(f"---\ntitle: Il ponte riaperto\npublished: 2024-13-45\n---\n{BRIDGE}", encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    [doc] = [d for d in docs if d.text == BRIDGE]
    assert doc.title == "Il ponte riaperto" and doc.published is None and doc.published_basis != "metadata"
    assert warned(summary, bad) == [
        "bad published date '2024-13-45': the date was left out and the article kept; write an ISO date: "
        '"2024-06-18", "2024-06" or "2024"']
    assert not summary.rejected


def test_broken_jsonl_lines_are_reported_with_their_line_and_the_rest_goes_in(folder, pipeline):
    bad = folder / "lotto.jsonl"
    lines = [
        json.dumps({"text": LIBRARY, "title": "Biblioteca"}, ensure_ascii=False),
        '{"text": "riga spezzata',
        json.dumps({"titolo": "senza testo"}),
        "[1, 2, 3]",
        json.dumps({"text": HARBOUR, "published": "ieri"}, ensure_ascii=False),
    ]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    raw = raw.replace(b"banchine", b"banchine\xff")  # and one broken byte on the last line
    bad.write_bytes(raw)
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert LIBRARY in texts(docs)
    assert HARBOUR.replace("banchine", "banchine\ufffd") in texts(docs)
    assert skipped(summary, f"{bad}:2").startswith("bad JSON: Unterminated string")
    assert skipped(summary, f"{bad}:3") == """no 'text' field; each line needs {"text": "..."}"""
    assert skipped(summary, f"{bad}:4").startswith("bad JSON: expected an object, got list; ")
    notes = warned(summary, f"{bad}:5")
    at = raw.index(b"\xff")  # the offset in the file, not in the line
    assert notes[0] == (f"invalid UTF-8 at byte {at}: decoded as UTF-8 with the bad bytes replaced (U+FFFD); "
                        "re-save the file as UTF-8")
    assert notes[1].startswith("bad published date 'ieri': the date was left out and the article kept")


def test_tag_soup_html(folder, pipeline):
    soup = (
        "<html><head><title>Mercato</title><body><div><p>Il consiglio comunale ha approvato <b>ieri <i>il nuovo "
        "piano</b> per le biciclette</i>, con trenta chilometri<p>di piste ciclabili <table><tr><td>in più entro "
        "due anni, ha detto</div></span>l'assessore <p>alla mobilità, che ha promesso parcheggi per le bici vicino "
        "a ogni scuola</body></html><p>e una nuova rastrelliera davanti al municipio."
    )
    (folder / "zuppa.html").write_text(soup, encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    [doc] = [d for d in docs if d.source_path.endswith("zuppa.html")]
    assert "trenta chilometri" in doc.text and "piste ciclabili" in doc.text and "<" not in doc.text
    assert not summary.rejected


def test_deeply_nested_html_keeps_its_text(folder, pipeline):
    paragraph = f"<p>{SCHOOL}</p>"
    page = "<html><head><title>Palestra</title></head><body>" + "<div>" * 5000 + paragraph + "</div>" * 5000
    bad = folder / "profondo.html"
    bad.write_text(page + "</body></html>", encoding="utf-8")
    t0 = time.perf_counter()
    summary, docs, rejected = build(folder, pipeline)
    assert time.perf_counter() - t0 < 60
    assert_good_stored(summary, docs, rejected)
    [doc] = [d for d in docs if d.source_path == str(bad)]
    assert doc.text == SCHOOL and doc.title == "Palestra"
    [note] = warned(summary, bad)
    assert note.startswith("HTML nested 255 or more levels deep, beyond what the HTML parser reads")


def test_script_only_html(folder, pipeline):
    bad = folder / "script.html"
    bad.write_text("<html><head><script>var t = 'Il mercato apre domani';</script></head><body>"
                   "<script>document.body.innerHTML = '<p>' + t + '</p>';</script></body></html>", encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad) == (
        "empty: the page holds only scripts (its text would be written by JavaScript in a browser); save the page "
        "from the browser once it has loaded, or ingest the article's text")


def test_folder_named_like_a_file(folder, pipeline):
    odd = folder / "cartella.txt"
    odd.mkdir()
    (odd / "dentro.txt").write_text(LIBRARY, encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert LIBRARY in texts(docs)  # its files are read on their own
    assert skipped(summary, odd).startswith("a folder named like a .txt file, not an article: the files inside it")


def test_symlink_loop(folder, pipeline):
    (folder / "anello.txt").symlink_to("anello2.txt")
    (folder / "anello2.txt").symlink_to("anello.txt")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, folder / "anello.txt") == (
        "a link loop: anello.txt -> anello2.txt never reaches a file; fix the link or remove it")
    assert skipped(summary, folder / "anello2.txt").startswith("a link loop: anello2.txt -> anello.txt")


def test_dangling_symlink(folder, pipeline):
    (folder / "perso.txt").symlink_to(folder / "sparito.txt")
    (folder / "collegato.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "alias.txt").symlink_to("collegato.txt")  # a working link is read (its article once)
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, folder / "perso.txt") == (
        f"a broken link: it points to {folder / 'sparito.txt'}, which does not exist; fix the link or remove it")
    assert HARBOUR in texts(docs) and len(summary.rejected) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_and_device_do_not_hang(folder, pipeline):
    os.mkfifo(folder / "tubo.txt")  # opening it to read would wait for a writer forever
    zero = Path("/dev/zero")
    if zero.exists():
        (folder / "zeri.txt").symlink_to(zero)  # reading it would never end
    faulthandler.dump_traceback_later(120, exit=True)  # a hang fails the run instead of blocking it
    try:
        summary, docs, rejected = build(folder, pipeline)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, folder / "tubo.txt") == (
        "a named pipe (FIFO), not a regular file: not read, so the build cannot wait on it; "
        "only regular files are ingested")
    if zero.exists():
        assert skipped(summary, folder / "zeri.txt").startswith("a character device, not a regular file: not read")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file; see the next test")
def test_unreadable_file(folder, pipeline):
    bad = folder / "chiuso.txt"
    bad.write_text(LIBRARY, encoding="utf-8")
    bad.chmod(0)
    try:
        summary, docs, rejected = build(folder, pipeline)
    finally:
        bad.chmod(0o644)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad) == (
        "cannot be read: permission denied; give the user running dossier read permission (chmod +r) or move "
        "the file out of the folder")


def test_unreadable_file_as_any_user(folder, pipeline, monkeypatch):
    # The same refusal, simulated so that it is tested when the suite runs as root too.
    import dossier.ingest.files as files

    bad = folder / "chiuso.txt"
    bad.write_text(LIBRARY, encoding="utf-8")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if Path(path) == bad:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refusing_open)
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert skipped(summary, bad).startswith("cannot be read: permission denied; ")
    assert LIBRARY not in texts(docs)


def test_missing_path_stops_the_build_before_it_starts(tmp_path, pipeline):
    with open_store(str(tmp_path / "s.db")) as store:
        with pytest.raises(IngestError, match="no such file or folder: .*non-esiste; nothing was built"):
            build_corpus([tmp_path / "non-esiste"], store, progress=False, settings=CHEAP, pipeline=pipeline)
        assert store.documents() == []


def test_unsupported_language_is_stored_flagged_and_counted(folder, pipeline):
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    summary, docs, rejected = build(folder, pipeline)
    assert_good_stored(summary, docs, rejected)
    assert GERMAN in texts(docs)
    assert summary.unsupported == {"de": 1} and summary.added == 2 and not summary.rejected


def test_rebuild_of_a_bad_folder_changes_nothing(folder, pipeline):
    (folder / "vuoto.txt").write_bytes(b"")
    (folder / "latino.txt").write_bytes(LIBRARY.encode("latin-1"))
    (folder / "perso.txt").symlink_to("sparito.txt")
    with open_store(str(folder.parent / "store.db")) as store:
        first = build_corpus([folder], store, progress=False, settings=CHEAP, pipeline=pipeline)
        dump = store.dump()
        second = build_corpus([folder], store, progress=False, settings=CHEAP, pipeline=pipeline)
        assert store.dump() == dump
    assert (first.added, second.added, second.unchanged) == (2, 0, 2)
    assert [r.reason for r in first.rejected] == [r.reason for r in second.rejected]
    assert len(second.warnings) == 1  # the Latin-1 file is still worth a warning


# -- the command line -----------------------------------------------------------------------------

runner = CliRunner()


def cli(*args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env={**CLI_ENV, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def flat(text: str) -> str:
    """Text without any whitespace: the console wraps and folds long lines anywhere."""
    return "".join(text.split())


def test_cli_missing_path_exits_non_zero_and_creates_nothing(tmp_path):
    db = tmp_path / "s.db"
    r = cli("build", tmp_path / "does-not-exist", "--db", db, "-q")
    assert r.exit_code == 1
    assert flat(f"error: no such file or folder: {tmp_path / 'does-not-exist'}; nothing was built") in flat(r.stderr)
    assert "hint: check the path" in r.stderr and "internal error" not in r.stderr
    assert not db.exists()


def test_cli_names_warnings_and_skipped_inputs_apart(folder):
    (folder / "vuoto.txt").write_bytes(b"")
    (folder / "rotto.txt").write_bytes(BRIDGE.encode("utf-8").replace(b"pilone", b"\xffpilone"))
    (folder / "data.txt").write_text(f"---\npublished: domani\n---\n{LIBRARY}", encoding="utf-8")
    (folder / "perso.txt").symlink_to("sparito.txt")
    db = folder.parent / "s.db"
    r = cli("build", folder, "--db", db, "-q")
    assert r.exit_code == 0, r.stderr
    out = flat(r.stderr)
    assert flat(f"warning {folder / 'rotto.txt'}: invalid UTF-8 at byte") in out
    assert flat(f"warning {folder / 'data.txt'}: bad published date 'domani'") in out
    assert flat(f"skipped {folder / 'vuoto.txt'}: empty: the file is 0 bytes") in out
    assert flat(f"skipped {folder / 'perso.txt'}: a broken link") in out
    assert flat("3 added, 0 unchanged, 0 near-duplicate(s) linked, 2 warning(s), 2 skipped") in out
    with open_store(str(db)) as store:
        assert len(store.documents()) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_cli_every_kind_at_once(folder, monkeypatch):
    """The issue's closing check: one folder with every kind of bad input and good articles; the
    summary names each bad file with its reason and every good article is stored."""
    monkeypatch.setenv("DOSSIER_MAX_LINE_CHARS", "100000")  # a one-line dump is refused under a line limit
    (folder / "01_binario.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "02_vuoto.txt").write_bytes(b"")
    (folder / "03_spazi.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "04_riga.txt").write_text(("x" * 9 + " ") * 20_000, encoding="utf-8")
    (folder / "05_nul.txt").write_bytes(HARBOUR.encode("utf-8") + b"\x00")
    (folder / "06_rotto.txt").write_bytes(BRIDGE.encode("utf-8").replace(b"pilone", b"\xffpilone"))
    (folder / "07_utf16.txt").write_bytes(SCHOOL.encode("utf-16"))
    (folder / "08_latino.txt").write_bytes(LIBRARY.encode("latin-1"))
    (folder / "09_yaml.txt").write_text(f"---\ntitle: [aperta\n---\n{GERMAN}", encoding="utf-8")
    (folder / "10_data.txt").write_text(f"---\npublished: 31/02/2024\n---\n{GOOD} Fine.", encoding="utf-8")
    (folder / "11_lotto.jsonl").write_text(json.dumps({"text": GOOD + " Ancora."}) + "\n{rotto\n", encoding="utf-8")
    (folder / "12_script.html").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    (folder / "13_cartella.txt").mkdir()
    (folder / "14_anello.txt").symlink_to("14_anello.txt")
    (folder / "15_perso.txt").symlink_to("nessuno.txt")
    os.mkfifo(folder / "16_tubo.txt")
    (folder / "17_rapporto.pdf").write_bytes(b"%PDF-1.7")
    db = folder.parent / "s.db"
    r = cli("build", folder, "--db", db, "-q")
    assert r.exit_code == 0, r.stderr
    out = flat(r.stderr)
    for name in ("01_binario.txt", "02_vuoto.txt", "03_spazi.txt", "04_riga.txt", "11_lotto.jsonl:2",
                 "12_script.html", "13_cartella.txt", "14_anello.txt", "15_perso.txt", "16_tubo.txt",
                 "17_rapporto.pdf"):
        assert flat(f"skipped {folder / name}:") in out, name
    for name in ("05_nul.txt", "06_rotto.txt", "08_latino.txt", "09_yaml.txt", "10_data.txt"):
        assert flat(f"warning {folder / name}:") in out, name
    assert flat("stored without extraction 1 article(s)") in out  # the German one
    with open_store(str(db)) as store:
        stored = len(store.documents())
    assert stored == 8  # 00 (good), 05-10, and the good line of 11
    assert flat(f"{stored} added") in out and flat("11 skipped") in out


def _hold_write_lock(db: Path, seconds: float) -> threading.Thread:
    """Another connection takes the write lock (BEGIN IMMEDIATE) and keeps it `seconds`."""
    taken = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(str(db), isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            taken.set()
            time.sleep(seconds)
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(10)
    return thread


def test_busy_store_waits_with_a_message_then_goes_on(folder):
    db = folder.parent / "s.db"
    open_store(str(db)).close()
    holder = _hold_write_lock(db, 2.0)
    t0 = time.perf_counter()
    r = cli("build", folder, "--db", db, "-q", env={"DOSSIER_BUSY_TIMEOUT_SECONDS": "30"})
    waited = time.perf_counter() - t0
    holder.join(10)
    assert r.exit_code == 0, r.stderr
    assert waited >= 1.5
    assert flat(f"waiting the store {db} is busy (another process is writing)") in flat(r.stderr)
    assert "1 added" in r.stderr
    with open_store(str(db)) as store:
        assert texts(store.documents()) == [GOOD]


def test_busy_store_past_the_timeout_is_reported_as_busy_not_as_a_bug(folder):
    db = folder.parent / "s.db"
    open_store(str(db)).close()
    holder = _hold_write_lock(db, 2.5)
    r = cli("build", folder, "--db", db, "-q", env={"DOSSIER_BUSY_TIMEOUT_SECONDS": "1"})
    holder.join(10)
    assert r.exit_code == 1
    said = flat(r.stderr)
    assert flat(f"error: the store {db} is busy (another build is writing)") in said
    assert flat("try again when the other build has finished, or raise busy_timeout_seconds (now 1)") in said
    assert "internal error" not in r.stderr and "this is a bug" not in r.stderr


def test_busy_store_in_the_library_raises_a_store_error(tmp_path):
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        holder = _hold_write_lock(db, 3.0)
        told: list[str] = []
        store.wait_when_busy(1.5, told.append)
        with pytest.raises(StoreError, match="is busy"):
            store.start_run("p")
        holder.join(10)
        assert told and "waiting" in told[0]
        store.start_run("p")  # free again: writes go through


def test_an_article_over_its_time_is_skipped_and_the_build_goes_on(tmp_path):
    from dossier.build import build_corpus
    from dossier.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    sample = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    for name in ("01-shoigu-pyongyang.txt", "03-kirby-containers.txt"):
        (folder / name).write_text((sample / name).read_text(encoding="utf-8"), encoding="utf-8")
    with open_store(tmp_path / "t.db") as store:
        summary = build_corpus([folder], store, progress=False, settings={"article_seconds": 0.001})
        assert summary.added == 0 and len(summary.rejected) == 2
        assert all("took longer than" in r.reason and "article_seconds" in r.reason for r in summary.rejected)
        assert store.documents() == []  # nothing half-written
        summary = build_corpus([folder], store, progress=False, settings={"article_seconds": 0})
        assert summary.added == 2


def test_an_article_over_its_memory_is_skipped_and_the_build_goes_on(tmp_path, monkeypatch):
    import itertools

    import dossier.build as build
    from dossier.build import build_corpus
    from dossier.store import open_store

    grows = itertools.count(1000, 100)  # the process grows by 100 MB at every look: over any limit
    monkeypatch.setattr(build, "_rss_mb", lambda: float(next(grows)))

    folder = tmp_path / "in"
    folder.mkdir()
    sample = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    (folder / "a.txt").write_text((sample / "01-shoigu-pyongyang.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with open_store(tmp_path / "m.db") as store:
        summary = build_corpus([folder], store, progress=False, settings={"article_memory_mb": 150})
        assert summary.added == 0 and "article_memory_mb" in summary.rejected[0].reason
        assert store.documents() == []
        monkeypatch.setattr(build, "_rss_mb", lambda: 1000.0)  # no growth: the article goes in
        assert build_corpus([folder], store, progress=False, settings={"article_memory_mb": 150}).added == 1
