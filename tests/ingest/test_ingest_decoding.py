"""Decoding: UTF-8, legacy Western charsets, binary detection."""
from __future__ import annotations

import pytest

from dossier.errors import IngestError
from dossier.ingest import decode_bytes, is_binary
from dossier.ingest.decoding import read_text


def test_utf8_with_bom():
    assert decode_bytes("\ufeffPerché no".encode("utf-8")) == "Perché no"


def test_latin1_and_cp1252_bytes():
    assert decode_bytes("Così è, se vi pare".encode("latin-1")) == "Così è, se vi pare"
    assert decode_bytes(b"\x93Basta\x94 \x96 disse") == "\u201cBasta\u201d \u2013 disse"
    # 0x81 is undefined in cp1252: Latin-1 takes over instead of failing.
    assert decode_bytes(b"caff\xe8 \x81") == "caff\u00e8 \x81"


def test_utf16_with_bom_is_text_not_binary():
    assert decode_bytes("Ciao, città".encode("utf-16")) == "Ciao, città"


@pytest.mark.parametrize(
    "raw",
    [b"PK\x03\x04\x14\x00\x00\x00", bytes(range(1, 32)) * 20 + b"qualche lettera"],
)
def test_binary_bytes_are_refused(raw):
    assert is_binary(raw)
    with pytest.raises(IngestError, match="binary file"):
        decode_bytes(raw)


def test_text_with_a_stray_control_byte_is_still_text():
    raw = ("Una riga normale di testo italiano. " * 20).encode() + b"\x0b"
    assert not is_binary(raw)


def test_newlines_are_normalised():
    assert read_text(b"a\r\nb\rc\n") == "a\nb\nc\n"


def test_broken_utf16_is_undecodable(write):
    import codecs

    from dossier.ingest import read_file
    from dossier.records import Rejected

    raw = codecs.BOM_UTF16_LE + "Testo spezzato".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(IngestError, match="undecodable"):
        decode_bytes(raw)
    [rej] = read_file(write("rotto.txt", raw), {})
    assert isinstance(rej, Rejected) and rej.reason.startswith("undecodable")
