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


# -- what was done to the bytes is said, with the byte offsets (issue 21) ------------------------

from dossier.ingest import decode_text  # noqa: E402


def test_valid_utf8_has_no_note():
    assert decode_text("Perché sì, città".encode("utf-8")) == ("Perché sì, città", ())


def test_broken_bytes_in_utf8_are_replaced_and_located():
    raw = "Mercoledì è arrivato il treno".encode("utf-8")
    one = raw[:5] + b"\xff" + raw[5:]
    text, notes = decode_text(one)
    assert text == "Merco\ufffdledì è arrivato il treno"  # the rest stays UTF-8: no "MercoledÃ¬"
    assert notes == ("invalid UTF-8 at byte 5: decoded as UTF-8 with the bad bytes replaced (U+FFFD); "
                     "re-save the file as UTF-8",)
    many = b"\xef\xbb\xbf" + raw + b"\xff" + raw + b"\xfe" + raw + b"\xc3" + b"x" + raw + b"\xff"
    _, [note] = decode_text(many)
    at = 3 + len(raw)  # offsets count the byte-order mark: they are offsets in the file
    assert note.startswith(f"invalid UTF-8 at bytes {at}, {2 * len(raw) + 4}, {3 * len(raw) + 5} and 1 more:")
    _, [shifted] = decode_text(one, base=100)  # a JSON Lines line starting at byte 100 of its file
    assert shifted.startswith("invalid UTF-8 at byte 105:")


def test_legacy_bytes_are_read_as_latin1_with_a_note():
    text, [note] = decode_text("Così è la città".encode("latin-1"))
    assert text == "Così è la città"
    assert note == ("not UTF-8 (3 bytes outside UTF-8, the first at byte 3): read as Windows-1252 (Latin-1); "
                    "re-save the file as UTF-8 if its accented letters look wrong")


def test_stray_nul_bytes_are_removed_but_many_make_a_binary_file():
    text = "Una riga di testo normale, scritta per la prova. " * 10
    raw = text.encode() + b"\x00"
    assert not is_binary(raw)
    assert decode_text(raw) == (text, (f"1 NUL byte removed (at byte {len(raw) - 1}); the file may be damaged or "
                                       "padded: check it, or re-save it as plain text",))
    assert is_binary(b"\x00".join(text.encode()[i:i + 20] for i in range(0, len(text), 20)))
    with pytest.raises(IngestError, match=r"binary file \(only NUL bytes"):
        decode_text(b"\x00" * 100)


def test_utf16_without_bom_is_recognised():
    for codec in ("utf-16-le", "utf-16-be"):
        text, [note] = decode_text("Il treno è arrivato in orario.".encode(codec))
        assert text == "Il treno è arrivato in orario."
        assert note.startswith(f"UTF-16 without a byte-order mark: read as {codec.upper()}")
