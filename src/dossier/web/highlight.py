"""An article's text as HTML with its records marked: every character escaped, never markup."""
from __future__ import annotations

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
