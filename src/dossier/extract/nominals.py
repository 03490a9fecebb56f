"""Mentions that are not names: nominal descriptions resolved through the KB's dated roles
("il leader russo", "il governo sudcoreano", "la capitale nordcoreana", "il trattato"),
anaphors ("il Paese", "il cosmodromo" after "cosmodromo di Vostochny") and demonyms (ADJ).
"""
from __future__ import annotations

import bisect

from .gazetteer import trie_walk
from .mention_doc import Candidate, MentionDoc


def demonym_at(doc: MentionDoc, j: int, i: int) -> str | None:
    if not doc.same_sent(j, i) or (doc.is_cap(j) and not doc.data.capital_demonyms):
        return None
    return doc.data.demonyms.get(doc.low(j))


def _nominal_adjective_first(doc: MentionDoc, i: int) -> None:
    """English order: "the Russian president", "the South Korean government" (demonym before the head),
    "South Korea's defence minister", "Seoul's president" (a state or its capital in the possessive)."""
    kb = doc.data.kb
    owner = _possessor(doc, i)
    if owner is not None:
        walk = trie_walk(doc.data.offices, doc.toks, i, doc.n)
        if walk and not ttl_follows(doc, walk[-1][0]) and not doc.former_before(owner[1]):
            holder = kb.holder(walk[-1][1][0], owner[0], doc.published)
            if holder:
                doc.accept(Candidate(owner[1], walk[-1][0], holder, "NOM", "nominal"))
                return
    start = i - 1
    state = doc.data.demonym_phrases.get((doc.low(i - 2), doc.low(i - 1)))
    if state:
        start = i - 2
    else:
        state = demonym_at(doc, i - 1, i)
    if not state or doc.low(start - 1) not in doc.w("determiners") or doc.former_before(start):
        return
    walk = trie_walk(doc.data.offices, doc.toks, i, doc.n)
    if walk and not ttl_follows(doc, walk[-1][0]):
        holder = kb.holder(walk[-1][1][0], state, doc.published)
        if holder:
            doc.accept(Candidate(start, walk[-1][0], holder, "NOM", "nominal"))
            return
    if doc.lows[i] in doc.w("state_heads") and doc.subtype(state) in ("country", "former country"):
        doc.accept(Candidate(start, i + 1, state, "NOM", "nominal"))
    elif doc.lows[i] in doc.w("country_heads") and doc.subtype(state) in ("continent", "region"):
        last = _last_country(doc, start)  # "the Asian country": the country named last
        if last:
            doc.accept(Candidate(start, i + 1, last, "NOM", "nominal"))


def _last_country(doc: MentionDoc, i: int) -> str | None:
    """The country named last before token i (a name or a metonym, in the last three sentences)."""
    best = None
    for c in doc.accepted:
        if c.end_tok <= i and c.form in ("NAM", "MET") and doc.subtype(c.entity_id) == "country" \
                and doc.tok_sent[c.start_tok] >= doc.tok_sent[i] - 2:
            if best is None or c.start_tok > best.start_tok:
                best = c
    return best.entity_id if best else None


def _possessor(doc: MentionDoc, i: int) -> tuple[str, int] | None:
    """ "South Korea's" before token i: (the state, first token of its name)."""
    if i < 3 or doc.low(i - 2) != "'" or doc.low(i - 1) != "s":
        return None
    for c in doc.owners[i - 3]:
        if c.end_tok == i - 2 and c.form in ("NAM", "MET"):
            kb = doc.data.kb
            facts = kb.facts.get(c.entity_id, {})
            state = (c.entity_id if doc.subtype(c.entity_id) == "country" else
                     kb.capital_of(c.entity_id) or facts.get("stands_for"))
            if state:
                return state, c.start_tok
    return None


def _of_place_state(doc: MentionDoc, j: int) -> tuple[str, int] | None:
    """ "di Seul", "della Corea del Sud" at token j: (the state, or the state of the capital; end token)."""
    if doc.low(j) not in doc.w("of_words"):
        return None
    k = j + 2 if doc.low(j + 1) == "'" else j + 1
    for c in doc.owners[k] if k < doc.n else ():
        if c.start_tok == k and c.form in ("NAM", "MET"):
            kb = doc.data.kb
            state = c.entity_id if doc.subtype(c.entity_id) == "country" else kb.capital_of(c.entity_id)
            if state:
                return state, c.end_tok
    return None


def _of_state(doc: MentionDoc, j: int) -> tuple[str, int] | None:
    """'della Corea del Sud' / 'del Cremlino' at token j: (the state, end token of the name)."""
    if doc.low(j) not in doc.w("of_words"):
        return None
    k = j + 2 if doc.low(j + 1) == "'" else j + 1
    for c in doc.owners[k] if k < doc.n else ():
        if c.start_tok == k and c.form in ("NAM", "MET"):
            facts = doc.data.kb.facts.get(c.entity_id, {})
            state = c.entity_id if doc.subtype(c.entity_id) == "country" else facts.get("stands_for")
            if state:
                return state, c.end_tok
    return None


def ttl_follows(doc: MentionDoc, j: int) -> bool:
    """A person's name right after the description makes it a title, not a mention."""
    return doc.is_cap(j) and doc.same_sent(j - 1, j) and any(
        c.start_tok == j and doc.etype(c.entity_id) == "PERSON" for c in doc.owners[j]) or (
        doc.is_cap(j) and doc.is_cap(j + 1) and doc.same_sent(j - 1, j + 1))


def nominals(doc: MentionDoc) -> None:
    d = doc.data
    kb = d.kb
    person_starts = {c.start_tok: c for c in doc.accepted if doc.etype(c.entity_id) == "PERSON" and c.form == "NAM"}
    firsts = d.nominal_firsts
    for i, tok in enumerate(doc.toks):
        if tok.low not in firsts or doc.covered[i] or (tok.text[:1].isupper() and not doc.first_of_sent[i]):
            continue
        low = tok.low
        if d.adjective_first:
            _nominal_adjective_first(doc, i)
            continue
        n0 = doc.nominal_start(i)
        if n0 is None:
            continue
        # offices: "il leader russo", "il ministro della Difesa russo"
        walk = trie_walk(d.offices, doc.toks, i, len(doc.toks))
        if walk:
            j, offices = walk[-1]
            state = demonym_at(doc, j, i)
            if state and not doc.former_before(i) and not ttl_follows(doc, j + 1):
                holder = kb.holder(offices[0], state, doc.published)
                if holder:
                    doc.accept(Candidate(n0, j + 1, holder, "NOM", "nominal"))
                    continue
            of_state = _of_state(doc, j) if not state else None
            if of_state and not doc.former_before(i) and not ttl_follows(doc, of_state[1]):
                # "il presidente della Corea del Sud", "il leader del Cremlino"
                holder = kb.holder(offices[0], of_state[0], doc.published)
                if holder:
                    doc.accept(Candidate(n0, of_state[1], holder, "NOM", "nominal"))
                    continue
            if not state and not doc.former_before(i) and j < len(doc.toks) and not doc.is_cap(j) \
                    and doc.low(j) not in doc.w("of_words") and low in doc.w("bare_leader_heads") and j - i == 1:
                # "il leader", "il presidente" alone: the head of state named last
                who = _last_holder(doc, i, lambda r: r.office == "head_of_state")
                if who:
                    doc.accept(Candidate(n0, j, who, "NOM", "nominal"))
                    continue
        if low in doc.w("generic_office_heads") and not doc.former_before(i):
            # "il ministro russo": the minister of that state named last
            state = demonym_at(doc, i + 1, i)
            if state and not ttl_follows(doc, i + 2):
                who = _last_holder(doc, i, lambda r, st=state: r.of == st and r.office.endswith("minister"))
                if who:
                    doc.accept(Candidate(n0, i + 2, who, "NOM", "nominal"))
                    continue
            if not state and doc.definite_before(i) and not doc.is_cap(i + 1) \
                    and doc.low(i + 1) not in doc.w("of_words") and not ttl_follows(doc, i + 1):
                # "il ministro ha sottolineato": the minister the article is about (the one named most
                # often so far, the last one on a tie), named in the last three sentences
                who = _salient_holder(doc, i, lambda r: r.office.endswith("minister"), window=3)
                if who:
                    doc.accept(Candidate(n0, i + 1, who, "NOM", "nominal"))
                    continue
        # states: "il governo sudcoreano", "la potenza economica cinese", "il regime di Kim"
        if low in doc.w("state_heads"):
            j = i + 1
            if doc.low(j) in doc.w("state_head_modifiers"):
                j += 1
            state = demonym_at(doc, j, i)
            if state and doc.subtype(state) in ("country", "former country") and not ttl_follows(doc, j + 1):
                doc.accept(Candidate(n0, j + 1, state, "NOM", "nominal"))
                continue
            if state and doc.subtype(state) in ("continent", "region") and low in doc.w("country_heads"):
                # "il Paese asiatico", "the Asian country": the state named last, described by its region
                last = _last_country(doc, i)
                if last:
                    doc.accept(Candidate(n0, j + 1, last, "NOM", "nominal"))
                    continue
            k = i + 2 if doc.low(i + 1) in doc.w("of_words") else i + 1
            p = person_starts.get(k)
            if p and p.entity_id in d.head_of and low in doc.w("regime_heads"):
                doc.accept(Candidate(i, p.end_tok, d.head_of[p.entity_id], "NOM", "nominal"))
                continue
        # capitals: "la capitale nordcoreana"
        if low in doc.w("capital_heads"):
            state = demonym_at(doc, i + 1, i)
            cap = kb.capital(state) if state else None
            if cap:
                doc.accept(Candidate(i, i + 2, cap, "NOM", "nominal"))
                continue
        # institutions described: "l'intelligence militare ucraina", "le forze armate russe"
        walk = trie_walk(d.org_nominals, doc.toks, i, len(doc.toks))
        done = False
        for j, pairs in reversed(walk):
            state = demonym_at(doc, j, i)
            org = next((o for st, o in pairs if st == state), None) if state else None
            if org:
                done = doc.accept(Candidate(n0, j + 1, org, "NOM", "nominal"))
                break
            # "l'intelligence di Seul", "i servizi segreti della Corea del Sud": the state after "of"
            of_state = _of_place_state(doc, j)
            org = next((o for st, o in pairs if st == of_state[0]), None) if of_state else None
            if org:
                done = doc.accept(Candidate(n0, of_state[1], org, "NOM", "nominal"))
                break
        if done:
            continue
        # items known by a common noun once they exist: "la pandemia", "il trattato"
        if doc.mentioned is None:
            doc.mentioned = {c.entity_id for c in doc.accepted} | {
                kb.facts.get(c.entity_id, {}).get("capital_of") for c in doc.accepted}
        for eid, since in d.item_nominals.get(low, ()):
            nxt = doc.low(i + 1)
            if nxt in doc.w("of_words") or nxt in doc.w("item_qualifiers") or doc.is_cap(i) \
                    or (doc.is_cap(i + 1) and doc.same_sent(i, i + 1)):
                break  # "il trattato di amicizia", "l'accordo per la tregua", "l'accordo START"
            if since and doc.published and doc.published < since[: len(doc.published)]:
                continue
            context = kb.facts[eid].get("context") or ()
            if context and not all(c in doc.mentioned for c in context):
                continue  # "il trattato" is the Russia-DPRK treaty only in an article about both
            doc.accept(Candidate(n0, i + 1, eid, "NOM", "nominal"))
            break


def _salient_holder(doc: MentionDoc, i: int, want, window: int) -> str | None:
    """Of the people holding a role `want` accepts named in the last `window` sentences before token
    i, the one named most often in the article so far (the last named on a tie)."""
    recent = _last_holder(doc, i, want, window)
    if recent is None:
        return None
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for start, eid in doc.people[1]:
        if start >= i:
            break
        counts[eid] = counts.get(eid, 0) + 1
        order[eid] = start
    holders = [e for e in counts if _last_holder_ok(doc, e, want)
               and doc.tok_sent[order[e]] >= doc.tok_sent[i] - window]
    return max(holders, key=lambda e: (counts[e], order[e])) if holders else recent


def _last_holder_ok(doc: MentionDoc, eid: str, want) -> bool:
    day = doc.published or "9999-12-31"
    return any(want(r) and (r.start or "0") <= day[: len(r.start) or 1] and (not r.end or day[: len(r.end)] <= r.end)
               for r in doc.data.kb.roles.get(eid, ()))


def _last_holder(doc: MentionDoc, i: int, want, window: int | None = None) -> str | None:
    """The person named last before token i who holds, at the publication date, a role `want` accepts
    (with `window`, named in the last `window` sentences only)."""
    on = doc.published
    day = on or "9999-12-31"
    seen, named = doc.people
    if seen != len(doc.accepted):  # add the people named since the last call (accepted only grows)
        for c in doc.accepted[max(seen, 0):]:
            if c.form == "NAM" and doc.etype(c.entity_id) == "PERSON":
                bisect.insort(named, (c.start_tok, c.entity_id))
        doc.people = (len(doc.accepted), named)
    for start, eid in reversed(named[: bisect.bisect_left(named, (i, ""))]):
        if window is not None and doc.tok_sent[start] < doc.tok_sent[i] - window:
            break
        c = Candidate(start, start, eid, "NAM", "short")
        for r in doc.data.kb.roles.get(c.entity_id, ()):
            if want(r) and (r.start or "0") <= day[: len(r.start) or 1] and (not r.end or day[: len(r.end)] <= r.end):
                return c.entity_id
    return None


def country_anaphors(doc: MentionDoc) -> None:
    """'il Paese', 'il Paese asiatico', 'del suo Paese': the most recently mentioned country."""
    anaphors = doc.w("country_anaphors")
    # a demonym inside a description of a person ("il leader russo") does not make its country the topic;
    # the affiliation of an unnamed group or person does ("un diplomatico nordcoreano ... il suo Paese")
    countries = sorted((c.start_tok, c.entity_id) for c in doc.accepted if doc.subtype(c.entity_id) == "country"
                       and not (c.form == "ADJ" and any(o.form == "NOM" and o is not c and o.how != "group"
                                                        for o in doc.owners[c.start_tok])))
    for i, t in enumerate(doc.toks):
        if t.low not in anaphors or doc.covered[i] or not doc.definite_before(i):
            continue
        if {doc.low(i - 1), doc.low(i - 2)} & doc.w("country_anaphor_blockers"):
            continue
        end = i + 1
        if doc.low(end) in doc.w("country_descriptors") and not doc.is_cap(end):
            end += 1
        elif f"{doc.low(end)} {doc.low(end + 1)}" in doc.w("country_anaphor_complements"):
            end += 2  # "il Paese in guerra"
        state = demonym_at(doc, i + 1, i)
        if state and doc.subtype(state) in ("country", "former country"):
            continue  # handled as a state nominal
        k = bisect.bisect_left(countries, (i, ""))
        if k == 0:
            continue
        doc.accept(Candidate(i, end, countries[k - 1][1], "NOM", "anaphor"))


def head_anaphors(doc: MentionDoc) -> None:
    """'il cosmodromo' after 'cosmodromo di Vostochny', 'il gruppo' after 'Gruppo di esperti': a definite
    noun that repeats the head word of a longer name used earlier in the article refers to it."""
    heads: dict[str, list[tuple[int, str]]] = {}
    for c in doc.accepted:
        if c.form == "NAM" and c.end_tok - c.start_tok >= 3 and doc.lows[c.start_tok + 1] in doc.w("of_words") \
                and doc.etype(c.entity_id) in ("ORG", "FAC", "LOC", "WORK"):  # events recur ("il vertice")
            heads.setdefault(doc.lows[c.start_tok], []).append((c.start_tok, c.entity_id))
    if not heads:
        return
    for seq in heads.values():
        seq.sort()
    for i, low in enumerate(doc.lows):
        seq = heads.get(low)
        if not seq or doc.covered[i] or doc.owners[i] or doc.nominal_start(i) != i:
            continue
        if doc.is_cap(i) and not doc.first_of_sent[i]:
            continue
        nxt = doc.low(i + 1)
        if doc.same_sent(i, i + 1) and nxt.isalpha() and nxt not in doc.w("head_followers"):
            continue  # "il consiglio comunale", "il gruppo di Wagner": a different, qualified noun phrase
        prior = [eid for k, eid in seq if k < i]
        if prior:
            doc.accept(Candidate(i, i + 1, prior[-1], "NOM", "anaphor"))


def adjectives(doc: MentionDoc) -> None:
    language_cues = doc.w("language_cues")
    for (w1, w2), eid in doc.data.demonym_phrases.items():
        for i in range(doc.n - 1):
            if doc.lows[i] == w1 and doc.lows[i + 1] == w2 and not doc.covered[i] and doc.same_sent(i, i + 1):
                doc.accept(Candidate(i, i + 2, eid, "ADJ", "adjective"))
    for i, t in enumerate(doc.toks):
        eid = doc.data.demonyms.get(t.low)
        if not eid or (t.text[:1].isupper() and not doc.data.capital_demonyms) or (doc.covered[i] and i not in doc.free_adj) \
                or any(c.form == "ADJ" for c in doc.owners[i]):
            continue
        if doc.low(i - 1) in language_cues and t.low.endswith("o"):
            continue  # the language: "tradotto in coreano"
        doc.accept(Candidate(i, i + 1, eid, "ADJ", "adjective"), allow_inside_name=i in doc.free_adj)
