"""Split running Italian text into words the way KIND does, with character offsets.

spaCy's rule-based Italian tokenizer (no model) with one change: KIND keeps hyphenated
words whole ("Jong-un", "Emilia-Romagna"), so the hyphen-between-letters infix is
dropped. Elisions ("dell'" + "Onu") already split like KIND.
"""
from __future__ import annotations

import re
from functools import lru_cache


def patch_tokenizer(nlp) -> None:
    """Make a spaCy Italian pipeline's tokenizer keep hyphenated words whole, like KIND."""
    from spacy.util import compile_infix_regex

    def splits_hyphen(pattern: str) -> bool:
        return any(m.group() in ("-", "") and m.start() == 1 for m in re.finditer(pattern, "a-b")) or any(
            m.start() == 1 for m in re.finditer(pattern, "1-2"))

    infixes = [p for p in nlp.Defaults.infixes if not splits_hyphen(p)]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    nlp = spacy.blank("it")
    patch_tokenizer(nlp)
    return nlp.tokenizer


def split_words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets into `text` of the words of text[start:end], spaces left out."""
    end = len(text) if end is None else end
    return [(start + t.idx, start + t.idx + len(t.text)) for t in _tokenizer()(text[start:end]) if not t.is_space]
