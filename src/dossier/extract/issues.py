"""Input quality: captions, photo credits, donation appeals and garbled passages.

Two kinds of `TextIssue`:

* ``boilerplate``: text that is not news (photo captions and credits, publisher appeals,
  header residue). Later stages skip figures and events inside these spans.
* ``garbled``: signs of a rough machine translation or a bad paste: a sentence break
  lost between two words ("settembreIl"), a missing space after a full stop ("stato.In"),
  a common word capitalised mid-sentence after a content word ("segnale Condizionamento").

The patterns are language data (``lang/<code>/boilerplate.yaml``, ``garbling.yaml``);
the code only applies them.
"""
from __future__ import annotations

import dataclasses
from bisect import bisect_right
import re
from functools import lru_cache

import simplemma

from ..stage import Resources, stage
from ..records import Article, Sentence, TextIssue

_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")


@dataclasses.dataclass(frozen=True)
class _Rules:
    credits: tuple[re.Pattern[str], ...]
    openers: tuple[re.Pattern[str], ...]
    appeals: tuple[re.Pattern[str], ...]
    tail_fraction: float
    header_max: int
    glued: re.Pattern[str] | None
    function_words: frozenset[str]
    never_capitalised: frozenset[str]
    capitalised_words: frozenset[str]


@lru_cache(maxsize=None)
def _rules(code: str) -> _Rules:
    from ..lang import load_language

    lang = load_language(code)
    bp = lang.data("boilerplate") if lang.has("boilerplate") else {}
    gb = lang.data("garbling") if lang.has("garbling") else {}
    openers = gb.get("sentence_openers") or []
    glued = None
    if openers:
        alts = "|".join(sorted((re.escape(w) for w in openers), key=len, reverse=True))
        # a lowercase run of >= 3 letters directly followed by a sentence opener and a word end
        glued = re.compile(rf"(?<![^\W\d_])[^\W\d_]*[a-zàèéìòù]{{3}}(?:{alts})(?![^\W\d_])")
    return _Rules(
        credits=tuple(re.compile(p) for p in bp.get("credit_patterns", [])),
        openers=tuple(re.compile(p) for p in bp.get("appeal_openers", [])),
        appeals=tuple(re.compile(p) for p in bp.get("appeal_patterns", [])),
        tail_fraction=float(bp.get("appeal_tail_fraction", 0.6)),
        header_max=int(bp.get("header_max_chars", 12)),
        glued=glued,
        function_words=frozenset(w.lower() for w in gb.get("function_words", [])),
        never_capitalised=frozenset(w.lower() for w in gb.get("never_capitalised", [])),
        capitalised_words=frozenset(gb.get("capitalised_by_convention", [])),
    )


def _issue(doc_id: str, text: str, start: int, end: int, kind: str, note: str) -> TextIssue:
    return TextIssue(doc_id=doc_id, start=start, end=end, text=text[start:end], type=kind, note=note)


def find_boilerplate(doc_id: str, text: str, sentences: tuple[Sentence, ...], rules: _Rules) -> list[TextIssue]:
    out: list[TextIssue] = []
    tail_from: int | None = None
    for s in sentences:
        if tail_from is None and s.start >= len(text) * rules.tail_fraction:
            if any(p.search(s.text) for p in rules.openers):
                tail_from = s.start
                break
        credit = _credit_start(s.text, rules)
        if credit is not None:
            # "Caption text - Foto AGENCY": the credit from its separator on; a caption that
            # opens the line with the credit ("Foto di ...") is boilerplate as a whole
            out.append(_issue(doc_id, text, s.start + credit, s.end, "boilerplate", "photo credit"))
        elif any(p.search(s.text) for p in rules.appeals):
            out.append(_issue(doc_id, text, s.start, s.end, "boilerplate", "publisher appeal"))
        elif s.index == 0 and len(s.text) <= rules.header_max and _is_header(s.text):
            out.append(_issue(doc_id, text, s.start, s.end, "boilerplate", "header residue"))
    if tail_from is not None:
        end = len(text.rstrip())
        out.append(_issue(doc_id, text, tail_from, end, "boilerplate", "publisher appeal to the end of the text"))
    return out


def _credit_start(line: str, rules: _Rules) -> int | None:
    hits = [m.start() for p in rules.credits for m in [p.search(line)] if m]
    if not hits:
        return None
    first = min(hits)
    sep = max(line.rfind(" - ", 0, first + 1), line.rfind(" / ", 0, first + 1), line.rfind(" – ", 0, first + 1))
    if sep > 0:
        return sep + 3
    return 0


def _is_header(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def find_garbled(doc_id: str, text: str, sentences: tuple[Sentence, ...], rules: _Rules, code: str) -> list[TextIssue]:
    out: list[TextIssue] = []
    counts: dict[str, int] = {}
    for m in _WORD.finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    # on the whole text: the sentence splitter may cut right at the missing space
    for m in re.finditer(r"(?<=[a-zàèéìòù]{2})[.;!?](?=[A-ZÀÈÉÌÒÙ][a-zàèéìòù])", text):
        a = m.start() - _left_word_len(text, m.start())
        b = m.end() + _right_word_len(text, m.end())
        out.append(_issue(doc_id, text, a, b, "garbled", "missing space after punctuation"))
    for s in sentences:
        body = s.text
        if rules.glued is not None:
            for m in rules.glued.finditer(body):
                if _is_name_like(m.group(0)):
                    continue
                out.append(_issue(doc_id, text, s.start + m.start(), s.start + m.end(), "garbled",
                                  "missing sentence break between two words"))
        if rules.function_words:  # needs the language's function words, else every name looks stray
            out.extend(_stray_capitals(doc_id, text, s, rules, code, counts))
    return out


def _is_name_like(token: str) -> bool:
    # "McDonald", "DeepMind": a short capitalised prefix means an ordinary name
    return token[:1].isupper() and sum(c.isupper() for c in token) > 1 and len(token) < 8


def _left_word_len(body: str, i: int) -> int:
    n = 0
    while i - n - 1 >= 0 and body[i - n - 1].isalpha():
        n += 1
    return n


def _right_word_len(body: str, i: int) -> int:
    n = 0
    while i + n < len(body) and body[i + n].isalpha():
        n += 1
    return n


def _stray_capitals(doc_id: str, text: str, s: Sentence, rules: _Rules, code: str,
                    counts: dict[str, int]) -> list[TextIssue]:
    """A common word capitalised mid-sentence right after a content word.

    Names are told apart from stray capitals by the dictionary (an unknown word is a
    name), by recurrence (a capitalised form used twice in the article is a name or a
    house style: "Mosca", "Paese") and by company (next to another capital or a hyphen).
    """
    out: list[TextIssue] = []
    words = list(_WORD.finditer(s.text))
    for i in range(1, len(words)):
        w = words[i].group(0)
        if not (w[:1].isupper() and not w.isupper()):
            continue
        prev = words[i - 1]
        gap = s.text[prev.end():words[i].start()]
        if gap.strip() not in ("", ","):
            continue  # after a full stop, colon, quote or bracket a capital is normal
        p = prev.group(0)
        if p.lower().split("’")[0].split("'")[0] in rules.function_words or p.isupper():
            continue
        low = w.lower()
        after = s.text[words[i].end():words[i].end() + 2]
        if after[:1] in "-‐–":
            continue  # "Su-57", "Ho-jin": part of a hyphenated name
        nxt = words[i + 1] if i + 1 < len(words) else None
        next_capital = nxt is not None and nxt.group(0)[:1].isupper() and \
            not s.text[words[i].end():nxt.start()].strip()
        if w in rules.capitalised_words:
            continue
        if low in rules.never_capitalised:
            pass
        elif not simplemma.is_known(low, lang=code) or gap.strip() == ",":
            continue  # a name ("Vladimir Putin"), or an enumeration after a comma
        elif p[:1].isupper() or next_capital or counts.get(w, 0) > 1:
            continue  # a multiword name, or a capitalised form the article uses again
        if i >= 2 and p[:1].isupper() and words[i - 2].group(0)[:1].isupper() and \
                not s.text[words[i - 2].end():prev.start()].strip():
            continue  # "Kim Jong Un": third word of a name
        out.append(_issue(doc_id, text, s.start + prev.start(), s.start + words[i].end(), "garbled",
                          "capitalised word inside a sentence (lost punctuation or stray fragment)"))
    return out


@stage("issues", requires=("sentences",), adds=("issues",))
def issues_stage(article: Article, res: Resources) -> Article:
    doc = article.document
    code = doc.language or "it"
    if not res.supports(doc.language):
        # stored, flagged and counted, but never read with another language's rules
        note = f"language {doc.language!r} has no data in dossier/lang/: nothing was extracted"
        return dataclasses.replace(article, issues=(TextIssue(doc_id=doc.id, start=0, end=len(doc.text), text=doc.text,
                                                              type="unsupported_language", note=note),))
    rules = _rules(code)
    found = find_boilerplate(doc.id, doc.text, article.sentences, rules)
    limit = res.model_limit(article)
    first_over = next((s for s in article.sentences if s.start >= limit), None)
    if first_over is not None:
        # the issue marks the first sentence past the budget (not the whole tail: it would be stored twice)
        budget = res.settings.get("model_word_budget")
        found.append(TextIssue(doc_id=doc.id, start=first_over.start, end=first_over.end, text=first_over.text,
                               type="over_model_budget",
                               note=f"longer than {budget} words: from this sentence to the end the text is read by "
                                    "rules only (no parser, no name tagger); raise the model_word_budget setting to "
                                    "read it all"))
    found += find_garbled(doc.id, doc.text, article.sentences, rules, code)
    found.sort(key=lambda t: (t.start, t.end))
    unique: list[TextIssue] = []
    seen: set[tuple[int, int]] = set()
    for t in found:
        if (t.start, t.end) not in seen:
            seen.add((t.start, t.end))
            unique.append(t)
    return dataclasses.replace(article, issues=tuple(unique))


_BOILERPLATE: list = [None, (), ()]  # the last article's issues, their boilerplate starts and spans


def in_boilerplate(article: Article, start: int, end: int) -> bool:
    """True when [start, end) lies inside a boilerplate span (captions, credits, appeals).
    A binary search over the article's boilerplate spans, indexed once per article."""
    if _BOILERPLATE[0] is not article.issues:
        spans = sorted((t.start, t.end) for t in article.issues if t.type == "boilerplate")
        _BOILERPLATE[:] = [article.issues, [a for a, _ in spans], spans]
    starts, spans = _BOILERPLATE[1], _BOILERPLATE[2]
    k = bisect_right(starts, start) - 1
    # spans do not nest in practice; look back a few in case they do
    return any(spans[j][0] <= start and end <= spans[j][1] for j in range(max(0, k - 3), k + 1))
