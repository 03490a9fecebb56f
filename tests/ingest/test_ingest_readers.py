"""Readers: plain text with and without front matter, HTML, JSON Lines, rejections."""
from __future__ import annotations

from dossier.ingest import count_inputs, iter_inputs, read_file
from dossier.records import Document, Rejected


def only_document(results) -> Document:
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


def test_front_matter_is_parsed_and_body_kept(samples, write):
    body = samples.RAIL_HEADLINE + "\n\n" + samples.RAIL_BODY + "\n---\nUna riga dopo un separatore resta nel testo.\n"
    path = write(
        "fm.txt",
        "---\ntitle: \"Ferrovia: via libera\"\nurl: https://giornale.example/ferrovia\n"
        "outlet: Il Giornale di Prova\npublished: 2024-06\nlanguage: it-IT\nauthor: ignorato\n---\n\n\n" + body,
    )
    doc = only_document(read_file(path, {}))
    assert doc.text == body
    assert doc.title == "Ferrovia: via libera"
    assert doc.url == "https://giornale.example/ferrovia"
    assert doc.outlet == "Il Giornale di Prova"
    assert (doc.published, doc.published_precision, doc.published_basis) == ("2024-06", "month", "metadata")
    assert doc.published_range == ("2024-06-01", "2024-06-30")
    assert doc.language == "it"
    assert doc.source_path == str(path)
    assert doc.duplicate_of is None


def test_published_precision_follows_the_iso_form(samples, write):
    cases = {"2024-06-18": ("2024-06-18", "day"), "2024": ("2024", "year"), '"2024-02"': ("2024-02", "month"),
             "2024-06-18T09:30:00Z": ("2024-06-18", "day")}
    for i, (raw, expected) in enumerate(cases.items()):
        doc = only_document(read_file(write(f"p{i}.txt", f"---\npublished: {raw}\n---\n{samples.RAIL_BODY}"), {}))
        assert (doc.published, doc.published_precision) == expected, raw
    leap = only_document(read_file(write("leap.txt", f"---\npublished: 2024-02\n---\n{samples.RAIL_BODY}"), {}))
    assert leap.published_range == ("2024-02-01", "2024-02-29")


def test_bad_front_matter_values_keep_the_article_and_warn(samples, write):
    # A bad date or broken YAML loses the metadata, never the article (issue 21): the body is kept.
    bad_date, date_doc = read_file(write("d.txt", f"---\npublished: ieri sera\n---\n{samples.RAIL_BODY}"), {},
                                   warnings=True)
    assert isinstance(date_doc, Document) and date_doc.text == samples.RAIL_BODY and date_doc.published is None
    assert bad_date.reason.startswith("bad published date 'ieri sera': the date was left out and the article kept")
    assert "ISO date" in bad_date.reason
    bad_yaml, yaml_doc = read_file(write("y.txt", f"---\ntitle: [non chiusa\n---\n{samples.RAIL_BODY}"), {},
                                   warnings=True)
    assert isinstance(yaml_doc, Document) and yaml_doc.text == samples.RAIL_BODY and yaml_doc.title is None
    assert bad_yaml.reason.startswith("invalid YAML front matter")
    assert "front matter was left out and the article kept" in bad_yaml.reason
    # Without warnings=True a reader gives the documents alone, as before.
    assert only_document(read_file(write("d2.txt", f"---\npublished: ieri sera\n---\n{samples.RAIL_BODY}"), {}))


def test_plain_text_is_the_file_content_unchanged(samples, write):
    content = (
        "  \n\nTitolo in cima\n\n\tUn paragrafo rientrato, con spazi finali.   \n---\nAltro testo: fine.\n\n"
        + samples.RAIL_BODY
    )
    path = write("plain.txt", content)
    doc = only_document(read_file(path, {}))
    assert doc.text == content
    assert doc.text == path.read_bytes().decode("utf-8")
    assert doc.published is None and doc.published_basis is None and doc.title is None


def test_plain_text_loses_only_bom_and_carriage_returns(samples, write):
    content = "Prima riga.\r\nSeconda riga.\rTerza riga.\n" + samples.RAIL_BODY
    doc = only_document(read_file(write("crlf.txt", b"\xef\xbb\xbf" + content.encode("utf-8")), {}))
    assert doc.text == "Prima riga.\nSeconda riga.\nTerza riga.\n" + samples.RAIL_BODY


def test_unclosed_opening_rule_is_not_front_matter(samples, write):
    content = "---\ntitle: sembra metadato ma non si chiude\n" + samples.RAIL_BODY
    doc = only_document(read_file(write("rule.txt", content), {}))
    assert doc.text == content and doc.title is None


HTML_PAGE = """<!DOCTYPE html>
<html lang="it-IT"><head><meta charset="utf-8">
<title>Ferrovia approvata | Cronache di Prova</title>
<meta property="og:title" content="Via libera alla nuova ferrovia">
<meta property="og:site_name" content="Cronache di Prova">
<meta property="article:published_time" content="2024-06-18T08:30:00+02:00">
<link rel="canonical" href="https://cronache.example/regione/ferrovia">
</head><body>
<nav><ul><li><a href="/">Prima pagina</a></li><li><a href="/sport">Calcio e motori</a></li>
<li><a href="/meteo">Previsioni meteo della settimana</a></li></ul></nav>
<div class="banner">Abbonati adesso: il primo mese costa un euro</div>
<article><h1>Via libera alla nuova ferrovia</h1>
<p>Il consiglio regionale ha approvato ieri sera il piano per la nuova linea che collegherà i porti della costa con i comuni dell'entroterra.</p>
<p>Il progetto prevede quarantadue chilometri di binari, nove stazioni e due gallerie sotto le colline che separano le valli.</p>
<p>Le associazioni dei pendolari hanno accolto la notizia con favore, mentre gli ambientalisti chiedono di conoscere il tracciato.</p>
</article>
<footer><p>Copyright 2024 Cronache di Prova srl, tutti i diritti riservati.</p><a href="/privacy">Informativa sulla privacy</a></footer>
</body></html>
"""


def test_html_gives_main_text_and_metadata_without_boilerplate(write):
    doc = only_document(read_file(write("pagina.html", HTML_PAGE), {}))
    assert "quarantadue chilometri di binari" in doc.text
    assert "gli ambientalisti chiedono" in doc.text
    for boilerplate in ("Calcio e motori", "Abbonati adesso", "tutti i diritti riservati", "Informativa sulla privacy"):
        assert boilerplate not in doc.text
    assert doc.title == "Via libera alla nuova ferrovia"
    assert doc.url == "https://cronache.example/regione/ferrovia"
    assert doc.outlet == "Cronache di Prova"
    assert (doc.published, doc.published_precision, doc.published_basis) == ("2024-06-18", "day", "metadata")
    assert doc.language == "it"


def test_html_without_main_text_is_rejected(write):
    [rej] = read_file(write("vuota.htm", "<html><body><nav><a href='/'>Home</a></nav></body></html>"), {})
    assert isinstance(rej, Rejected) and rej.reason.startswith("empty")


def test_jsonl_good_lines_go_in_and_bad_lines_are_rejected_with_line_numbers(samples, write):
    import json

    lines = [
        json.dumps({"id": "ext-1", "text": samples.RAIL_BODY, "title": "Ferrovia", "published": "2024-06-18",
                    "language": "it"}),
        '{"text": "manca la chiusura"',
        "",
        json.dumps({"text": samples.ENGLISH_BODY, "outlet": "Test Gazette", "published": 2023}),
        json.dumps({"title": "senza testo"}),
        json.dumps(["non", "un", "oggetto"]),
        json.dumps({"text": samples.HARVEST_BODY, "url": "https://example.org/vendemmia"}),
    ]
    path = write("lotto.jsonl", "\n".join(lines) + "\n")
    results = read_file(path, {})
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Document", "Rejected", "Document", "Rejected", "Rejected", "Document"]
    rail, bad_json, english, no_text, not_object, harvest = results
    assert rail.title == "Ferrovia" and rail.published_precision == "day" and rail.text == samples.RAIL_BODY
    assert rail.id != "ext-1"
    assert (bad_json.source_path, no_text.source_path, not_object.source_path) == (
        f"{path}:2", f"{path}:5", f"{path}:6")
    assert (rail.source_path, english.source_path, harvest.source_path) == (f"{path}:1", f"{path}:4", f"{path}:7")
    assert bad_json.reason.startswith("bad JSON")
    assert "text" in no_text.reason
    assert english.language == "en" and english.outlet == "Test Gazette"
    assert (english.published, english.published_precision) == ("2023", "year")
    assert harvest.language == "it" and harvest.url == "https://example.org/vendemmia"


def test_same_article_twice_gives_the_same_id(samples, write):
    a = only_document(read_file(write("a.txt", samples.RAIL_BODY), {}))
    b = only_document(read_file(write("copia/b.txt", samples.RAIL_BODY.replace(". ", ".\r\n\r\n")), {}))
    import json

    c = only_document(read_file(write("c.jsonl", json.dumps({"text": samples.RAIL_BODY}) + "\n"), {}))
    other = only_document(read_file(write("d.txt", samples.HARVEST_BODY), {}))
    assert a.id == b.id == c.id
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    assert other.id != a.id


def test_unsupported_missing_and_oversized_inputs_are_rejected(samples, write, tmp_path):
    pdf = write("rapporto.pdf", b"%PDF-1.7 not really")
    big = write("lungo.txt", samples.RAIL_BODY)
    size = big.stat().st_size
    results = list(iter_inputs([pdf, tmp_path / "assente.txt", big], {"max_file_bytes": 500}))
    assert [r.source_path for r in results] == [str(pdf), str(tmp_path / "assente.txt"), str(big)]
    # Each reason says what is wrong, then how to fix it.
    assert [r.reason for r in results] == [
        "unsupported file type .pdf; only .txt, .html, .htm, .jsonl, .warc and .warc.gz files are read",
        "no such file or folder; check the path",
        f"oversized ({size} bytes > max_file_bytes 500); raise the max_file_bytes setting to read it",
    ]
    assert isinstance(only_document(read_file(big, {"max_file_bytes": size})), Document)


def test_folder_with_binary_empty_and_latin1_files(samples, write, tmp_path):
    root = tmp_path / "corpus"
    write("corpus/01_ferrovia.txt", samples.RAIL_BODY)
    write("corpus/02_binario.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    write("corpus/03_vuoto.txt", "  \n\t\n")
    write("corpus/04_corto.txt", "Breve.")
    write("corpus/05_latino.txt", samples.LATIN1_BODY, encoding="latin-1")
    write("corpus/sotto/06_library.txt", samples.ENGLISH_BODY)
    write("corpus/sotto/07_vendemmia.txt", samples.HARVEST_BODY)
    write("corpus/.nascosto/08_ignorato.txt", samples.HARVEST_BODY)

    assert count_inputs([root]) == 7
    results = list(iter_inputs([root], {}))
    assert [r.source_path for r in results] == [
        str(root / name) for name in (
            "01_ferrovia.txt", "02_binario.txt", "03_vuoto.txt", "04_corto.txt", "05_latino.txt",
            "sotto/06_library.txt", "sotto/07_vendemmia.txt")
    ]
    by_name = {r.source_path.rsplit("/", 1)[-1]: r for r in results}
    assert isinstance(by_name["02_binario.txt"], Rejected)
    assert by_name["02_binario.txt"].reason.startswith("binary file (")
    assert by_name["02_binario.txt"].reason.endswith("; only text (.txt), HTML (.html, .htm) and JSON Lines (.jsonl) "
                                                     "files can be ingested")
    assert by_name["03_vuoto.txt"] == Rejected(str(root / "03_vuoto.txt"), "empty: no text, only whitespace; add the "
                                               "article's text, or remove the file")
    assert isinstance(by_name["04_corto.txt"], Rejected) and by_name["04_corto.txt"].reason.startswith("empty")
    latin = by_name["05_latino.txt"]
    assert isinstance(latin, Document)
    assert latin.text == samples.LATIN1_BODY
    assert "città" in latin.text and "virtù" in latin.text and "più" in latin.text
    documents = [r for r in results if isinstance(r, Document)]
    assert len(documents) == 4
    assert [d.language for d in documents] == ["it", "it", "en", "it"]
    # Deterministic: a second run gives the same records in the same order.
    assert list(iter_inputs([str(root)], {})) == results


def test_cp1252_punctuation_is_read(samples, write):
    text = "\u201cNon cambier\u00e0 nulla\u201d, ha detto il ministro \u2013 " + samples.RAIL_BODY
    doc = only_document(read_file(write("cp.txt", text, encoding="cp1252"), {}))
    assert doc.text == text


def test_count_matches_what_iter_inputs_reads(samples, write, tmp_path):
    write("a/uno.txt", samples.RAIL_BODY)
    import json

    write("a/due.jsonl", "".join(json.dumps({"text": t}) + "\n" for t in (samples.HARVEST_BODY, samples.ENGLISH_BODY)))
    write("a/tre.docx", b"PK\x03\x04")
    single = write("quattro.txt", samples.ENGLISH_BODY)
    assert count_inputs([tmp_path / "a", single]) == 4
    results = list(iter_inputs([tmp_path / "a", single], {}))
    # Sorted by name inside the folder: due.jsonl (two articles), tre.docx, uno.txt; then the file.
    assert [type(r).__name__ for r in results] == ["Document", "Document", "Rejected", "Document", "Document"]
    assert results[2].reason.startswith("unsupported file type .docx; ")
    assert [r.language for r in results if isinstance(r, Document)] == ["it", "en", "it", "en"]
    # A lone path (not in a list) is one input, not a sequence of characters.
    assert count_inputs(str(single)) == 1
    assert [r.source_path for r in iter_inputs(str(single), {})] == [str(single)]


def test_empty_inputs_of_every_format_are_named(write):
    for name, content in (("a.txt", b""), ("b.html", b""), ("c.jsonl", b""), ("d.html", b" \n "),
                          ("e.jsonl", b"\n\n")):
        [rej] = read_file(write(name, content), {})
        assert isinstance(rej, Rejected) and rej.reason.startswith("empty"), (name, rej)
        assert "; " in rej.reason, rej.reason  # with a hint


def test_a_date_like_value_that_is_no_date_is_explained(samples, write):
    # YAML reads 2024-13-45 as a timestamp and fails with a bare ValueError: it must stay text.
    note, doc = read_file(write("d.txt", f"---\ntitle: Ferrovia\ndate: 2024-13-45\n---\n{samples.RAIL_BODY}"), {},
                          warnings=True)
    assert isinstance(doc, Document) and doc.title == "Ferrovia" and doc.published is None
    assert note.reason.startswith("bad published date '2024-13-45': the date was left out and the article kept")


def test_a_folder_that_cannot_be_listed_is_named_and_the_rest_is_read(samples, write, tmp_path, monkeypatch):
    import errno
    import os

    import dossier.ingest.files as files

    write("in/a.txt", samples.RAIL_BODY)
    write("in/chiusa/b.txt", samples.HARVEST_BODY)
    write("in/z.txt", samples.ENGLISH_BODY)
    locked = tmp_path / "in" / "chiusa"
    real_scandir = os.scandir

    def scandir(path):  # what chmod 000 does to a folder, for any user (root reads through chmod)
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    results = list(iter_inputs([tmp_path / "in"], {}))
    assert [type(r).__name__ for r in results] == ["Document", "Rejected", "Document"]
    assert results[1].source_path == str(locked)
    assert results[1].reason.startswith("a folder that cannot be listed: Permission denied; give the user")
    assert count_inputs([tmp_path / "in"]) == 3


def test_a_link_to_a_folder_inside_a_folder_is_named_not_followed(samples, write, tmp_path):
    write("altrove/b.txt", samples.HARVEST_BODY)
    write("in/a.txt", samples.RAIL_BODY)
    (tmp_path / "in" / "scorciatoia").symlink_to(tmp_path / "altrove")
    (tmp_path / "in" / "su").symlink_to(tmp_path / "in")  # would loop if followed
    results = list(iter_inputs([tmp_path / "in"], {}))
    assert [type(r).__name__ for r in results] == ["Document", "Rejected", "Rejected"]
    assert all(r.reason.startswith("a link to a folder (") and "not followed" in r.reason for r in results[1:])
    # Given by name, a linked folder is read.
    assert [type(r).__name__ for r in iter_inputs([tmp_path / "in" / "scorciatoia"], {})] == ["Document"]


def test_html_in_its_declared_charset_needs_no_warning(samples, write):
    page = f"<html><head><meta charset='iso-8859-1'><title>Lungomare</title></head><body><article><p>" \
           f"{samples.LATIN1_BODY}</p></article></body></html>"
    declared = read_file(write("dichiarata.html", page, encoding="latin-1"), {}, warnings=True)
    assert [type(r).__name__ for r in declared] == ["Document"] and "virtù" in declared[0].text
    undeclared = read_file(write("muta.html", page.replace("<meta charset='iso-8859-1'>", ""), encoding="latin-1"),
                           {}, warnings=True)
    assert [type(r).__name__ for r in undeclared] == ["InputWarning", "Document"]
    assert undeclared[0].reason.startswith("not UTF-8 (") and "virtù" in undeclared[1].text
