"""Names: KB aliases found in the text, institutions named by a common noun plus their state,
and the short names ("Kim", "Putin") that repeat a full name used earlier.
"""
from __future__ import annotations

import bisect

from .gazetteer import Alias, Token, trie_walk
from .variants import spelling_key
from .mention_doc import Candidate, MentionDoc, is_name_word

_EASTERN_FAMILY_NAMES = {"kim", "lee", "li", "park", "pak", "choe", "choi", "cho", "chang", "jang", "kang", "shin",
                         "yoon", "moon", "han", "wang", "zhang", "chen", "liu", "xi", "ri", "jung", "chung", "hong",
                         "hwang", "yang", "zhao", "wu", "huang", "ma", "song", "jeon", "ko", "oh", "kwon", "ahn", "no"}


def _name_at(doc: MentionDoc, i: int, stop: int) -> tuple[int, Alias] | None:
    """Longest KB alias starting at token i whose letter case fits; else a person's alias spelled
    another way ("Shoygu", "Šojgu"), on capitalised words only (`variants.spelling_key`)."""
    for j, payloads in reversed(trie_walk(doc.data.names, doc.toks, i, stop)):
        for alias in payloads:
            if _case_fits(doc, i, j, alias):
                return j, alias
    if doc.data.spelled and doc.is_cap(i):
        node, j, best = doc.data.spelled, i, None
        while j < stop and doc.is_cap(j) and spelling_key(doc.toks[j].text) in node:
            node = node[spelling_key(doc.toks[j].text)]
            j += 1
            if "$" in node:
                best = (j, node["$"][0])
        return best
    return None


def _case_fits(doc: MentionDoc, i: int, j: int, alias: Alias) -> bool:
    got = [t.text for t in doc.toks[i:j]]
    if alias.exact_case:
        return got == list(alias.words)
    # a capitalised name needs a capital first letter in the text too; the inner words may differ in
    # case ("Corea del nord", "Consiglio di sicurezza"), and a lower-case alias ("penisola coreana")
    # also matches at a sentence start
    return not (alias.words[0][:1].isupper() and not got[0][:1].isupper())


def scan_names(doc: MentionDoc, lo: int, hi: int, how: str) -> list[Candidate]:
    out: list[Candidate] = []
    i = lo
    while i < hi:
        hit = _name_at(doc, i, hi)
        if hit is None:
            i += 1
            continue
        j, alias = hit
        if _acronym_in_capitals(doc, i, j, alias) or _common_word_start(doc, i, j) or _other_body(doc, i, j):
            i = j
            continue
        out.append(Candidate(i, j, alias.entity_id, alias.form, how))
        if alias.adj_at >= 0:
            doc.free_adj.add(i + alias.adj_at)
        outer_type = doc.data.kb.entities[alias.entity_id].type
        if j - i > 1 and (outer_type in ("ORG", "FAC", "EVENT", "WORK", "PRODUCT") or alias.form == "NOM"):
            # names inside a longer name ("Nazioni Unite" in "Consiglio di Sicurezza delle Nazioni Unite")
            out.extend(c for c in scan_names(doc, i + 1, j, "nested") if c.entity_id != alias.entity_id)
        i = j
    return out


def _acronym_in_capitals(doc: MentionDoc, i: int, j: int, alias: Alias) -> bool:
    """'UN' inside a line written in capitals ("CON UN IMPORTO") is the Italian article, not the UN."""
    if not alias.exact_case:
        return False
    near = [doc.toks[k].text for k in (i - 2, i - 1, j, j + 1) if 0 <= k < len(doc.toks) and doc.toks[k].text.isalpha()]
    return len(near) >= 2 and all(w.isupper() for w in near)


def _other_body(doc: MentionDoc, i: int, j: int) -> bool:
    """'Consiglio di sicurezza nazionale', 'National Security Council' are not the UN Security Council:
    a qualifier after (or, in English, before) the name that makes it another body (lang data
    `name_qualifiers`, `name_prefix_qualifiers`)."""
    words = tuple(doc.lows[i:j])
    quals = doc.data.qualifiers.get(words)
    if quals and doc.low(j) in quals and doc.same_sent(i, j):
        return True
    before = doc.data.prefix_qualifiers.get(words)
    return bool(before) and doc.low(i - 1) in before and doc.same_sent(i - 1, i)


def _common_word_start(doc: MentionDoc, i: int, j: int) -> bool:
    """'Nato a Roma' (born), 'Usa il' (uses): an alias that is also a common word, at a sentence start."""
    return (j - i == 1 and doc.first_of_sent[i] and doc.lows[i] in doc.w("common_word_aliases")
            and doc.low(j) in doc.w("function_words") and doc.same_sent(i, j))



def institution_names(doc: MentionDoc, name_cands: list[Candidate]) -> list[Candidate]:
    """'ministero della Difesa russo' / '... della Corea del Sud' / 'Stato maggiore congiunto di Seul' /
    "Japan's defence ministry" (a possessive state or capital before the nominal)."""
    by_start = {c.start_tok: c for c in name_cands if c.how == "gazetteer"}
    by_end = {c.end_tok: c for c in name_cands if c.how == "gazetteer"}
    out = []
    for i in range(len(doc.toks)):
        walk = trie_walk(doc.data.institutions, doc.toks, i, len(doc.toks))
        if not walk:
            continue
        j, kinds = walk[-1]
        kind = kinds[0]
        owner = by_end.get(i - 2) if i >= 3 and doc.low(i - 2) == "'" and doc.low(i - 1) == "s" else None
        if owner is None and i >= 1 and doc.low(i - 1) in doc.w("possessive_determiners"):
            org = _possessed(doc, name_cands, i, kind)
            if org:
                out.append(Candidate(i, j, org, "NAM", "institution"))
                continue
        if owner is not None:
            st = doc.data.kb.capital_of(owner.entity_id) or owner.entity_id
            org = doc.data.kb.institution(kind, st)
            if org:
                out.append(Candidate(owner.start_tok, j, org, "NAM", "institution"))
                continue
        state = doc.data.demonyms.get(doc.low(j)) if doc.same_sent(j, i) and not doc.is_cap(j) else None
        if state:
            org = doc.data.kb.institution(kind, state)
            if org:
                out.append(Candidate(i, j, org, "NAM", "institution"))
            continue
        k = j + 1 if doc.low(j) in doc.w("of_words") else None
        if k is not None and doc.low(k) == "'":
            k += 1
        if k is not None and k in by_start:
            ref = by_start[k]
            st = doc.data.kb.capital_of(ref.entity_id) or ref.entity_id
            org = doc.data.kb.institution(kind, st)
            if org:
                out.append(Candidate(i, ref.end_tok, org, "NAM", "institution"))
    return out


def _possessed(doc: MentionDoc, name_cands: list[Candidate], i: int, kind: str) -> str | None:
    """ "Ukraine denies ... Its foreign ministry said": the institution of this kind of the state
    (or of the capital's state) named last before token i, in this sentence or the one before."""
    for c in sorted((c for c in name_cands if c.how == "gazetteer" and c.end_tok <= i), key=lambda c: -c.start_tok):
        if doc.tok_sent[c.start_tok] < doc.tok_sent[i] - 1:
            break
        org = doc.data.kb.institution(kind, doc.data.kb.capital_of(c.entity_id) or c.entity_id)
        if org:
            return org
    return None


# --- short names ---------------------------------------------------------------------------

def _short_of(doc: MentionDoc, eid: str, surface: list[Token]) -> list[str]:
    facts = doc.data.kb.facts.get(eid, {})
    if facts.get("short"):
        return list(facts["short"])
    if len(surface) < 2:
        return []
    eastern = facts.get("order") == "eastern" or (eid.startswith("new:") and surface[0].low in _EASTERN_FAMILY_NAMES)
    return [surface[0].text] if eastern else [surface[-1].text]


def short_names(doc: MentionDoc) -> None:
    full: list[tuple[int, str, str]] = []  # (token index, short form, entity id)
    for c in doc.accepted:
        if c.form == "NAM" and doc.etype(c.entity_id) == "PERSON" and c.end_tok - c.start_tok > 1:
            for s in _short_of(doc, c.entity_id, doc.toks[c.start_tok:c.end_tok]):
                full.append((c.start_tok, s, c.entity_id))
        elif c.form == "NAM" and doc.data.kb.facts.get(c.entity_id, {}).get("short"):
            # a state's short name after its full one: "the North", "il Nord" once North Korea is named
            for s in doc.data.kb.facts[c.entity_id]["short"]:
                full.append((c.start_tok, s, c.entity_id))
    defaults = {}
    for eid, facts in doc.data.kb.facts.items():
        if facts.get("standalone_short"):
            for s in facts.get("short", ()):
                defaults.setdefault(s, eid)
    forms = {s for _, s, _ in full} | set(defaults)
    by_form: dict[str, list[tuple[int, str]]] = {}
    for k, s, eid in sorted(full):
        by_form.setdefault(s, []).append((k, eid))
    named_as = {s: {eid for _, eid in seq} for s, seq in by_form.items()}
    for i, t in enumerate(doc.toks):
        if doc.covered[i] or t.text not in forms:
            continue
        if doc.is_cap(i + 1) and doc.same_sent(i, i + 1) and doc.low(i + 1) not in doc.w("not_names"):
            continue  # another full name ("Kim Yo Jong") we do not know
        if i > 0 and not doc.first_of_sent[i] and is_name_word(doc, i - 1):
            continue  # "Mario Rossi" when only "Anna Rossi" is known
        named = named_as.get(t.text, set())
        seq = by_form.get(t.text, [])
        pos = bisect.bisect_left(seq, (i, ""))
        default = defaults.get(t.text)
        if default and (default in named or not pos):
            eid = default  # "Kim" is Kim Jong Un unless another Kim was just named in full
        else:
            eid = seq[pos - 1][1] if pos else seq[pos][1] if pos < len(seq) else None
        if eid:
            doc.accept(Candidate(i, i + 1, eid, "NAM", "short"))
