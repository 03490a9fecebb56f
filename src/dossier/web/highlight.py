"""An article's text as HTML with its records marked: every character escaped, never markup."""
from __future__ import annotations

import re
import unicodedata
from html import escape

from markupsafe import Markup


def highlight(text: str, spans: list[tuple[int, int, str]], focus: tuple[int, int] | None = None) -> Markup:
    """`text` with each span (start, end, kind) in <mark class="KIND">; `focus` (a cited sentence)
    in <span id="hl" class="focus"> so a link can jump to it. Overlapping spans share segments."""
    cuts = {0, len(text)}
    for s, e, _ in spans:
        cuts.update((max(0, s), min(len(text), e)))
    if focus:
        cuts.update((max(0, focus[0]), min(len(text), focus[1])))
    cuts = sorted(cuts)
    out = []
    in_focus = False
    for a, b in zip(cuts, cuts[1:]):
        if focus and a == focus[0] and not in_focus:
            out.append('<span id="hl" class="focus">')
            in_focus = True
        piece = escape(text[a:b]).replace("\n", "<br>\n")
        kinds = sorted({k for s, e, k in spans if s <= a and b <= e})
        out.append(f'<mark class="{" ".join(kinds)}">{piece}</mark>' if kinds else piece)
        if focus and b == focus[1] and in_focus:
            out.append("</span>")
            in_focus = False
    if in_focus:
        out.append("</span>")
    return Markup("".join(out))


def _fold(word: str) -> str:
    """A word as the full-text index keeps it: lowercased, without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def hits(text: str, query: str) -> list[tuple[int, int, str]]:
    """The spans (start, end, "hit") of the words of `text` a search for `query` finds: the same
    word, case and accents aside, or one starting with a `word*` of the query."""
    wants = {(_fold(w.rstrip("*")), w.endswith("*")) for w in re.findall(r"\w+\*?", query)}
    return [(m.start(), m.end(), "hit") for m in re.finditer(r"\w+", text)
            if any(_fold(m.group()) == w or (prefix and _fold(m.group()).startswith(w)) for w, prefix in wants if w)]


def snippet(text: str, query: str) -> Markup:
    """`text` escaped, with the words `query` finds in <mark class="hit">."""
    return highlight(text, hits(text, query))
