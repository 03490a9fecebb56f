"""Bytes to text: charset fallback, binary detection, newline normalisation.

Gold offsets index the raw file, so decoding changes as little as possible: a
leading byte-order mark goes, CRLF and lone CR become LF, nothing else.
"""
from __future__ import annotations

import codecs

from ..errors import IngestError

# Control bytes that do not occur in text: below 0x20 except tab, LF, FF and CR, plus DEL.
# NUL alone is decisive.
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS) + b"\x7f"
# Share of control bytes above which a file is binary rather than a text with a few stray bytes.
_MAX_CONTROL_SHARE = 0.05
_SAMPLE = 64 * 1024  # enough bytes to judge; a binary file shows itself early

_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def is_binary(raw: bytes) -> bool:
    """True for bytes that are not text: a NUL byte, or many control bytes."""
    sample = raw[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > _MAX_CONTROL_SHARE


def decode_bytes(raw: bytes) -> str:
    """Decode a file's bytes: UTF-8 (BOM dropped), else cp1252, else Latin-1.

    Raises IngestError("binary file") for non-text bytes. Newlines are not touched
    here; see `normalise_newlines`.
    """
    for bom, codec in _UTF16_32_BOMS:
        # UTF-16/32 text is full of NUL bytes, so recognise it by its mark before the binary test.
        if raw.startswith(bom):
            try:
                return raw.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise IngestError(f"undecodable: starts with a {codec} byte-order mark but {exc.reason}") from None
    if is_binary(raw):
        raise IngestError("binary file", hint="only text, HTML and JSON Lines files can be ingested")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: Western European legacy text. cp1252 is Latin-1 plus curly quotes and
    # dashes in 0x80-0x9F; the five bytes cp1252 leaves undefined make Latin-1 the fallback.
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # defines all 256 bytes: never fails


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (the only change made to a plain text's characters)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(raw: bytes) -> str:
    """`decode_bytes` then `normalise_newlines`: the text a reader works on."""
    return normalise_newlines(decode_bytes(raw))
