"""Ingest: input files to `Document`s (text, metadata, language, content-hash id).

`iter_inputs` reads files and folders and yields `Document` or `Rejected` records (and,
with `warnings=True`, the `InputWarning`s of articles kept despite a problem);
`NearDuplicateIndex` finds syndicated copies so the build command can set
`Document.duplicate_of`.
"""
from __future__ import annotations

from .decoding import decode_bytes, decode_text, is_binary
from .dedupe import NearDuplicateIndex, document_id
from .language import detect_language, normalise_language
from .metadata import parse_published, split_front_matter
from .readers import InputWarning, count_inputs, expand_paths, iter_inputs, make_document, read_file

__all__ = [
    "InputWarning",
    "NearDuplicateIndex",
    "count_inputs",
    "decode_bytes",
    "decode_text",
    "detect_language",
    "document_id",
    "expand_paths",
    "is_binary",
    "iter_inputs",
    "make_document",
    "normalise_language",
    "parse_published",
    "read_file",
    "split_front_matter",
]
