"""Reports and studies cited in news, as WORK mentions: "uno studio recente della Fondazione X",
"un rapporto pubblicato dal Pentagono", "a report by the Institute", "the Pentagon's report".

A report noun (`report_nouns` in lang/<iso>/entities.yaml) with its author, an organisation or a
person named right after "di/del/della" (after "da/dal" when a participle comes between: "redatto
dall'Istituto"), or before it in English ("a Pentagon report", "the Institute's study"), is one
WORK entity whose id is built from the author: `<AUTHOR>_REPORT` ("report by ..."). The span is
the noun with the adjectives after it ("studio recente"; the claims stage knows a speaking document
by its first word); the author keeps its own mention. Later in the
article a definite report noun without an author of its own ("il rapporto", "dello studio")
refers to the report introduced last, unless what follows makes it another thing ("il rapporto
tra Mosca e Pyongyang" is a relationship: `report_blockers`).
"""
from __future__ import annotations

from .gazetteer import inflect
from .mention_doc import Candidate, MentionDoc

_AUTHORS = ("ORG", "PERSON")


def reports(doc: MentionDoc) -> None:
    nouns = doc.w("report_nouns")
    if not nouns:
        return
    modifiers = frozenset(f for w in doc.w("report_modifiers") for f in inflect(w))
    openers = doc.w("determiners") | doc.w("report_openers")
    introduced: list[tuple[int, str, str]] = []  # (token, report id, noun), in text order
    for i, low in enumerate(doc.lows):
        if low not in nouns or doc.covered[i] or doc.owners[i]:
            continue
        if doc.is_cap(i) and not doc.first_of_sent[i]:
            continue  # part of a title or a name ("Rapporto Annuale 2024")
        start = i  # where the noun phrase starts ("un nuovo rapporto"); the mention starts at the noun, which
        # is how the claims stage knows a document that speaks ("il rapporto afferma")
        if doc.low(i - 1) in modifiers and doc.same_sent(i - 1, i):
            start = i - 1
        before = doc.low(start - 1 - (doc.low(start - 1) == "'")) if doc.same_sent(start - 1, i) else ""
        if before and before not in openers and not doc.data.adjective_first:
            continue  # "borsa di studio", "in rapporto a": not a document
        if doc.data.adjective_first:
            found = _author_before(doc, start, i)
            if not found:
                found = _author_after(doc, i + 1, i, modifiers)
            author = found[0] if found else None
            end = i + 1
        else:
            end = i + 1
            while end - i <= 2 and doc.low(end) in modifiers and doc.same_sent(end, i):
                end += 1  # "studio recente", "rapporto pubblicato"
            found = _author_after(doc, end, i, modifiers)
            author = found[0] if found else None
        if author is not None:
            if _blocked(doc, found[2], i):
                continue  # "il rapporto di Kim con Putin": a relationship
            rid = _accept(doc, i, end, author)
            if rid:
                introduced.append((i, rid, low))
            continue
        # a definite report noun alone: the report introduced last, named by a noun that always means a
        # document ("il rapporto") or by its own noun ("la ricerca" after "una ricerca della X")
        if not introduced or _blocked(doc, end, i) or (low not in doc.w("report_anaphor_nouns")
                                                       and low != introduced[-1][2]):
            continue
        definite = doc.nominal_start(i) is not None or (  # "il rapporto", "l'ultimo rapporto"
            start < i and doc.low(start - 1) in doc.w("determiners") and doc.same_sent(start - 1, i))
        if definite:
            doc.accept(Candidate(i, end, introduced[-1][1], "NOM", "anaphor"))


def _author_after(doc: MentionDoc, j: int, i: int, modifiers: frozenset) -> tuple[str, int, int] | None:
    """'della Fondazione X', 'dal Pentagono', 'by the Institute': (author id, -, token after the author)."""
    low = doc.low(j)
    if not doc.same_sent(j, i) or not (low in doc.w("of_words") or low in doc.w("report_by_words")):
        return None
    if low in doc.w("report_by_words") and low not in doc.w("of_words") and not doc.data.adjective_first \
            and doc.low(j - 1) not in modifiers:
        return None  # "da" names the author only after a participle ("redatto dal Centro")
    k = j + 1
    if doc.low(k) == "'":
        k += 1
    if doc.data.adjective_first and doc.low(k) in doc.w("determiners"):
        k += 1  # "by the Institute"
    return _author_at(doc, k)


def _author_before(doc: MentionDoc, start: int, i: int) -> tuple[str, int, int] | None:
    """English: 'a Pentagon report', "the Institute's study": (author id, start of the author, i + 1)."""
    k = start - 1
    if doc.low(k) == "s" and doc.low(k - 1) == "'":
        k -= 2
    for c in doc.owners[k] if 0 <= k < doc.n and doc.same_sent(k, i) else ():
        if c.end_tok == k + 1 and c.form in ("NAM", "MET") and doc.etype(c.entity_id) in _AUTHORS:
            return c.entity_id, c.start_tok, i + 1
    return None


def _author_at(doc: MentionDoc, k: int) -> tuple[str, int, int] | None:
    best = max((c for c in (doc.owners[k] if k < doc.n else ()) if c.start_tok == k and c.form in ("NAM", "NOM")
                and doc.etype(c.entity_id) in _AUTHORS), key=lambda c: c.end_tok, default=None)
    return (best.entity_id, k, best.end_tok) if best is not None else None


def _blocked(doc: MentionDoc, j: int, i: int) -> bool:
    """What follows makes the noun another thing: a relationship ("tra", "con"), a qualified noun."""
    if not doc.same_sent(j, i):
        return False
    low = doc.low(j)
    return low in doc.w("report_blockers") or low in doc.data.demonyms or (
        low in doc.w("of_words") and _author_at(doc, j + (2 if doc.low(j + 1) == "'" else 1)) is None)


def _accept(doc: MentionDoc, start: int, end: int, author: str) -> str | None:
    rid = f"{author}_REPORT"
    if not doc.accept(Candidate(start, end, rid, "NOM", "report")):
        return None
    ent = doc.data.kb.entities.get(author)
    name = ent.name if ent is not None else doc.discovered.get(author, (author, ""))[0]
    doc.discovered.setdefault(rid, (f"report by {name} (title not given)", "WORK"))
    return rid
