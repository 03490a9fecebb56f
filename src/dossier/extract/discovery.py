"""Names the knowledge base lacks: organisations headed by an org word ("Università", "Istituto")
and people's names next to a title or a speech verb, as discovered entities (`new:<slug>`).
"""
from __future__ import annotations

import re
import unicodedata

from .gazetteer import tokenize, trie_add, trie_walk
from .mention_doc import Candidate, MentionDoc, is_name_word, is_name_word_at


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")



def discover(doc: MentionDoc) -> None:
    """Names the KB lacks: organisation names (an org word such as "Università", "Institute", with
    "di/del/..." connectors) and people's names next to a title or a speech verb."""
    toks, n = doc.toks, doc.n
    complements = doc.w("title_complements")
    i = 0
    while i < n:
        if not is_name_word(doc, i):
            i += 1
            continue
        if doc.lows[i] in doc.w("org_words"):
            e = _org_run(doc, i)
            if e - i >= 2:
                _add_discovered(doc, i, e, "ORG")
                for k in range(i + 1, e):  # an organisation inside it: "Centro ... dell'Università di X"
                    if doc.lows[k] in doc.w("org_words") and doc.is_cap(k) and _org_run(doc, k) - k >= 2:
                        _add_discovered(doc, k, _org_run(doc, k), "ORG", nested=True)
                i = e
                continue
        j = i
        while j < n and j - i < 4 and is_name_word(doc, j) and doc.same_sent(i, j):
            j += 1
        s, e = i, j
        i = j
        while s < e and (doc.lows[s] in complements or doc.lows[s] in doc.w("person_titles")):
            s += 1  # "ministro della Difesa Mario Rossi": "Difesa" belongs to the title; "Analyst Jane Doe"
        if e - s < 2:
            continue
        if {t.low for t in toks[s:e]} & doc.w("org_words"):
            _add_discovered(doc, s, e, "ORG")
        elif _person_cue(doc, s, e):
            _add_discovered(doc, s, e, "PERSON")
    _repeat_discovered(doc)


def _org_run(doc: MentionDoc, i: int) -> int:
    """End of an organisation name starting at token i: capitalised words joined by 'di', 'della', 'per'..."""
    connectors = doc.w("of_words") | doc.w("org_connectors")
    org_words = doc.w("org_words")
    named = False  # a proper name already follows the last org word ("Università Kookmin")
    j = i + 1
    while j < doc.n and doc.same_sent(i, j):
        if doc.is_cap(j) and doc.lows[j] not in doc.w("not_names"):
            named = doc.lows[j] not in org_words
            j += 1
            continue
        k = j
        while k < doc.n and (doc.lows[k] in connectors or doc.lows[k] == "'") and k - j < 3:
            k += 1
        if k > j and k < doc.n and doc.is_cap(k) and doc.same_sent(i, k) and doc.lows[k] not in doc.w("not_names"):
            if named and _is_place(doc, k):
                break  # "Università Kookmin di Seul": the city says where it is
            named = doc.lows[k] not in org_words
            j = k + 1
            continue
        break
    return j


def _is_place(doc: MentionDoc, k: int) -> bool:
    return any(c.start_tok == k and doc.etype(c.entity_id) in ("GPE", "LOC") for c in doc.owners[k])


def _add_discovered(doc: MentionDoc, s: int, e: int, kind: str, nested: bool = False) -> None:
    lows = tuple(t.low for t in doc.toks[s:e])
    if lows in doc.data.demonym_phrases or all(w in doc.data.demonyms for w in lows):
        return  # "North Korean", "Russian": a demonym is an adjective of a known state, not a new name
    surface = doc.text[doc.toks[s].start:doc.toks[e - 1].end]
    eid = "new:" + slug(surface)
    if doc.accept(Candidate(s, e, eid, "NAM", "discovery"), allow_inside_name=nested):
        doc.discovered.setdefault(eid, (surface, kind))


def _repeat_discovered(doc: MentionDoc) -> None:
    """A discovered name is a name wherever it recurs in the article, cue or not."""
    if not doc.discovered:
        return
    trie: dict = {}
    for eid, (surface, _) in doc.discovered.items():
        trie_add(trie, tuple(t.low for t in tokenize(surface)), eid)
    for i in range(doc.n):
        if doc.covered[i] or not doc.is_cap(i):
            continue
        walk = trie_walk(trie, doc.toks, i, doc.n)
        if walk:
            j, eids = walk[-1]
            if not any(doc.covered[i:j]) and not is_name_word_at(doc, j):
                doc.accept(Candidate(i, j, eids[0], "NAM", "discovery"))



def _person_cue(doc: MentionDoc, s: int, e: int) -> bool:
    titles = doc.w("person_titles")
    before = doc.low(s - 1) if doc.same_sent(s - 1, s) else ""
    if (before in doc.w("determiners") and before not in doc.w("of_words")) or before in doc.w("name_blocking_prepositions") \
            or before == "'":
        return False  # Italian puts no article before a person's name: "il Telegiornale ...", "nel Lazio ..."
    if before in doc.w("of_words") and doc.low(s - 2) not in doc.w("speech_nouns"):
        return False  # "della Lega Nord"; but "le dichiarazioni di Mario Rossi" is a person
    k = s - 1
    steps = 0
    while k >= 0 and steps < 7 and doc.same_sent(k, s):  # a title a few words back: "il ministro della Difesa X"
        lw = doc.low(k)
        if lw in titles:
            return True
        if not (lw.isalpha() or lw == "'"):
            break
        named = [c for c in doc.owners[k] if c.form == "NAM"]
        k = min(c.start_tok for c in named) - 1 if named else k - 1  # a known name counts as one word
        steps += 1
    if before in doc.w("speech_cues_before") or doc.low(s - 2) in doc.w("speech_nouns"):  # "secondo X Y"
        return True
    nxt = doc.low(e)
    if nxt in doc.w("auxiliaries") and doc.low(e + 1) in doc.w("speech_participles"):  # "X Y ha detto"
        return True
    if nxt in doc.w("speech_cues_after"):  # "X Y afferma"
        return True
    if nxt == ",":  # apposition: "X Y, professore ..."
        for k in range(e + 1, min(e + 4, len(doc.toks))):
            if doc.low(k) in titles:
                return True
    return False
