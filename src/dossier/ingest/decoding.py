"""Bytes to text: charset choice, binary detection, newline normalisation.

Gold offsets index the raw file, so decoding changes as little as possible: a
leading byte-order mark goes, CRLF and lone CR become LF, NUL bytes go, nothing else.

What was done to the bytes is never silent: `decode_text` returns the text with notes
("invalid UTF-8 at byte 1234: ...") that the readers turn into warnings.

- UTF-8 is the default. A file that is UTF-8 but for a few broken bytes (it holds valid
  multi-byte UTF-8 sequences, and more of them than broken ones) stays UTF-8: the bad
  bytes become U+FFFD and the note names their byte offsets.
- A file with no valid multi-byte UTF-8 sequence (or more broken ones than valid ones)
  is a legacy Western file: Windows-1252 (Latin-1 plus curly quotes and dashes in
  0x80-0x9F), or Latin-1 where cp1252 leaves a byte undefined; the note says so.
- UTF-16/32 with a byte-order mark are decoded by their mark; UTF-16 without one is
  recognised by its NUL bytes in every other position.
- Binary files (many NUL or control bytes) are refused; a text with a few stray NUL
  bytes loses them, with a note.
"""
from __future__ import annotations

import codecs
import itertools
import re
from typing import NamedTuple

from ..errors import IngestError

# Control bytes that do not occur in text: below 0x20 except tab, LF, FF and CR, plus DEL (NUL apart).
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
_CONTROL_BYTES = bytes(b for b in range(1, 0x20) if b not in _TEXT_CONTROLS) + b"\x7f"
# Share of control bytes above which a file is binary rather than a text with a few stray bytes.
_MAX_CONTROL_SHARE = 0.05
# Share of NUL bytes (trailing NUL padding aside) above which a file is binary.
_MAX_NUL_SHARE = 0.01
_SAMPLE = 64 * 1024  # enough bytes to judge; a binary file shows itself early
_SHOWN_OFFSETS = 3  # byte offsets named in a note; the rest are counted

_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A well-formed multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates), or any other
# byte at or above 0x80 (which is then a broken one).
_HIGH = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}|[\x80-\xff]"
)

BINARY_HINT = "only text (.txt), HTML (.html, .htm) and JSON Lines (.jsonl) files can be ingested"


class Decoded(NamedTuple):
    text: str
    notes: tuple[str, ...] = ()  # what was done to the bytes, in words, each with a hint


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text written as UTF-16 without a byte-order mark."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    pairs = len(odd)
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul >= 0.4 * pairs and even_nul <= 0.02 * pairs:
        return "utf-16-le"
    if even_nul >= 0.4 * pairs and odd_nul <= 0.02 * pairs:
        return "utf-16-be"
    return None


def binary_reason(sample: bytes) -> str | None:
    """Why `sample` is not text, or None when it is."""
    if not sample:
        return None
    body = sample.rstrip(b"\x00")  # NUL padding at the end (a file written in advance) is not content
    if not body:
        return f"binary file (only NUL bytes, {len(sample)} of them)"
    nuls = body.count(0)
    if nuls / len(body) > _MAX_NUL_SHARE:
        return f"binary file ({nuls} NUL bytes in the first {len(body)} bytes: not text)"
    controls = len(body) - len(body.translate(None, _CONTROL_BYTES))
    if controls / len(body) > _MAX_CONTROL_SHARE:
        return f"binary file ({controls} control bytes in the first {len(body)} bytes: not text)"
    return None


def is_binary(raw: bytes) -> bool:
    """True for bytes that are not text: many NUL or control bytes (UTF-16 text aside)."""
    sample = raw[:_SAMPLE]
    if _utf16_without_bom(sample):
        return False
    return binary_reason(sample) is not None


def _at_bytes(offsets: list[int], total: int) -> str:
    """"at byte 12", "at bytes 12 and 40", "at bytes 12, 40, 77 and 5 more"."""
    if total <= 1:
        return f"at byte {offsets[0]}"
    shown = [str(o) for o in offsets[:_SHOWN_OFFSETS]]
    more = total - len(shown)
    if more:
        return f"at bytes {', '.join(shown)} and {more} more"
    return f"at bytes {', '.join(shown[:-1])} and {shown[-1]}"


def _bad_utf8(raw: bytes) -> tuple[int, int, list[int]]:
    """(valid multi-byte sequences, broken bytes, offsets of the first broken bytes)."""
    valid = broken = 0
    first: list[int] = []
    for m in _HIGH.finditer(raw):
        if m.end() - m.start() > 1:
            valid += 1
        else:
            broken += 1
            if len(first) < _SHOWN_OFFSETS:
                first.append(m.start())
    return valid, broken, first


def _legacy(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"  # defines all 256 bytes: never fails


def decode_text(raw: bytes, base: int = 0) -> Decoded:
    """Decode a file's bytes (see the module docstring); IngestError for binary or undecodable bytes.

    Newlines are not touched here; see `normalise_newlines`. Byte offsets in the notes
    count from the start of `raw`, plus `base` (where `raw` starts in its file).
    """
    for mark, codec in _UTF16_32_BOMS:
        # UTF-16/32 text is full of NUL bytes, so recognise it by its mark before the binary test.
        if raw.startswith(mark):
            try:
                return Decoded(raw.decode(codec).removeprefix("\ufeff"))
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"undecodable: starts with a {codec} byte-order mark but {exc.reason} at byte {exc.start}",
                    hint=f"the file is damaged or not {codec.upper()}: re-save it as UTF-8",
                ) from None
    sample = raw[:_SAMPLE]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            return Decoded(text, (
                f"UTF-16 without a byte-order mark: read as {utf16.upper()} (NUL bytes in every other position); "
                "re-save the file as UTF-8",
            ))
    reason = binary_reason(sample)
    if reason:
        raise IngestError(reason, hint=BINARY_HINT)
    notes: list[str] = []
    bom = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    offset = base + bom
    body = raw[bom:]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        valid, broken, first = _bad_utf8(body)
        if valid and valid >= broken:
            text = body.decode("utf-8", errors="replace")
            notes.append(
                f"invalid UTF-8 {_at_bytes([o + offset for o in first], broken)}: decoded as UTF-8 with the bad "
                "bytes replaced (U+FFFD); re-save the file as UTF-8"
            )
        else:
            text, codec = _legacy(body)
            notes.append(
                f"not UTF-8 ({broken} byte{'s' if broken > 1 else ''} outside UTF-8, the first at byte "
                f"{first[0] + offset}): read as {codec}; re-save the file as UTF-8 if its accented letters look wrong"
            )
    if "\x00" in text:
        count = raw.count(0)
        where = _at_bytes([base + o for o in itertools.islice(_nul_offsets(raw), _SHOWN_OFFSETS)], count)
        text = text.replace("\x00", "")
        notes.append(
            f"{count} NUL byte{'s' if count > 1 else ''} removed ({where}); "
            "the file may be damaged or padded: check it, or re-save it as plain text"
        )
    return Decoded(text, tuple(notes))


def _nul_offsets(raw: bytes):
    pos = raw.find(0)
    while pos >= 0:
        yield pos
        pos = raw.find(0, pos + 1)


def decode_bytes(raw: bytes) -> str:
    """`decode_text` without its notes (callers that report problems use `decode_text`)."""
    return decode_text(raw).text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (the only change made to a plain text's characters)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(raw: bytes) -> str:
    """`decode_bytes` then `normalise_newlines`: the text a reader works on."""
    return normalise_newlines(decode_bytes(raw))


def read_text_noted(raw: bytes) -> Decoded:
    """`decode_text` then `normalise_newlines`, keeping the notes."""
    decoded = decode_text(raw)
    return Decoded(normalise_newlines(decoded.text), decoded.notes)
