"""Unnamed groups and people that news cites: "Funzionari statunitensi affermano", "secondo i
media statali russi", "gli analisti avvertono", "ha detto un alto funzionario ucraino".

A noun of a kind (`group_nouns`, `person_nouns` in lang/<iso>/entities.yaml; the kinds are in
kb/groups.yaml) plus its affiliation becomes one NOM mention of a group entity whose id is built
from the affiliation and the kind (USA_OFFICIALS, RUS_STATE_MEDIA, UKR_OFFICIAL; see groups.yaml
for the scheme). The affiliation is a demonym after the noun ("sudcoreani" -> KOR; two coordinated
ones give RUS_PRK_OFFICIALS), or "di/del/della" + a state, a capital (the state) or a body already
found ("portavoce del Cremlino" -> KREMLIN); English puts it first ("US officials"). A plural noun
without affiliation is the generic group (ANALYSTS) when an article or a sentence start introduces
it and no adjective of its own follows, unless its kind is never bare ("i soldati": whose?); a
singular one needs an affiliation. One person's place of posting ("all'Onu", "in Corea del Sud")
belongs to the mention, and to the id for posted kinds (RUS_AMBASSADOR_KOR; the KB's holder of the
office when it knows one). A noun that is part of a name ("Gruppo di esperti") or a title before a
person's name ("il portavoce del Cremlino Dmitry Peskov") is left alone. The demonym inside stays
an ADJ mention, as in other nominals.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..kb import GroupKind, KnowledgeBase
from .gazetteer import inflect, tokenize, trie_add, trie_walk
from .mention_doc import Candidate, MentionDoc
from .nominals import demonym_at, ttl_follows

_PLURAL, _SINGULAR = "plural", "singular"
_AFFILIATIONS = ("GPE", "ORG", "LOC")
# organisations that people are posted to, as to a country ("diplomatico nordcoreano all'Onu")
_POST_SUBTYPES = frozenset({"intergovernmental organization", "UN organ", "supranational union", "military alliance"})


@dataclass
class GroupWords:
    """The language's group vocabulary, built once per (knowledge base, language)."""

    nouns: dict = field(default_factory=dict)  # token trie -> [(kind, number)]
    firsts: frozenset = frozenset()  # first words of the nouns (a cheap pre-filter)
    modifiers: frozenset = frozenset()  # "governativi", "militari" between noun and affiliation
    openers: frozenset = frozenset()  # words that may precede a group phrase (articles, prepositions, verbs of saying)
    names: dict[str, str] = field(default_factory=dict)  # state id -> English adjective ("American")


def build_group_words(kb: KnowledgeBase, spec: dict, english_demonyms: dict) -> GroupWords:
    words = GroupWords()
    for key, number in (("group_nouns", _PLURAL), ("person_nouns", _SINGULAR)):
        for phrase, kind in (spec.get(key) or {}).items():
            if kind not in kb.group_kinds:
                continue  # a kind the knowledge base does not define (a KB built for a test)
            trie_add(words.nouns, tuple(t.low for t in tokenize(str(phrase))), (kind, number))
    words.firsts = frozenset(k for k in words.nouns if k != "$")
    words.modifiers = frozenset(f for base in spec.get("group_modifiers", ()) or () for f in inflect(str(base).lower()))
    lists = ("determiners", "group_determiners", "plural_determiners", "of_words", "speech_cues_before",
             "speech_participles", "auxiliaries", "name_blocking_prepositions", "group_openers")
    words.openers = frozenset(str(w).lower() for key in lists for w in spec.get(key, ()) or ())
    for adjective, eid in english_demonyms.items():  # the first English demonym of a state names its groups
        words.names.setdefault(eid, " ".join(w.capitalize() for w in str(adjective).split()))
    return words


def group_id(kind: GroupKind, affiliation: tuple[str, ...], plural: bool, former: bool, post: str = "") -> str:
    suffix = kind.plural if plural else kind.singular
    return "_".join(affiliation + (("FORMER",) if former else ()) + (suffix,) + ((post,) if post else ()))


def parse_group_id(eid: str, kb: KnowledgeBase) -> tuple[tuple[str, ...], GroupKind, bool, bool, str] | None:
    """The parts of a group id, `group_id` backwards: (affiliation, kind, plural, former, post), or None
    when `eid` is not one. Later stages use it to reach a group's state ("PRK_TROOPS" -> ("PRK",))."""
    if not eid or eid in kb.entities or eid.startswith("new:"):
        return None
    parts = eid.split("_")
    for kind in kb.group_kinds.values():
        for plural, suffix in ((True, kind.plural), (False, kind.singular)):
            n = len(suffix.split("_"))
            for post_n in ((0, 1) if kind.posted and not plural else (0,)):
                end = len(parts) - post_n
                if end - n < 0 or "_".join(parts[end - n:end]) != suffix:
                    continue
                head = parts[:end - n]
                former = bool(head) and head[-1] == "FORMER"
                aff = tuple(head[:-1] if former else head)
                post = parts[end] if post_n else ""
                if all(a in kb.entities for a in aff) and (not post or post in kb.entities):
                    return aff, kind, plural, former, post
    return None


def group_name(kb: KnowledgeBase, words: GroupWords, kind: GroupKind, affiliation: tuple[str, ...], plural: bool,
               former: bool) -> str:
    """English name: "American officials (unnamed)", "former South Korean official (unnamed)"."""
    parts = ["former"] if former else []
    if affiliation:
        parts.append(" and ".join(words.names.get(a) or (kb.entities[a].name if a in kb.entities else a)
                                  for a in affiliation))
    parts.append(kind.name if plural else kind.one_name)
    return " ".join(parts) + " (unnamed)"


def groups(doc: MentionDoc) -> None:
    words: GroupWords = doc.data.groups
    if not words.firsts:
        return
    for i, low in enumerate(doc.lows):
        if low not in words.firsts or doc.covered[i] or doc.owners[i]:
            continue
        if doc.is_cap(i) and not doc.first_of_sent[i] and not doc.toks[i].text.isupper():
            continue  # part of a name: "Osservatori Riuniti"
        walk = trie_walk(words.nouns, doc.toks, i, doc.n)
        if not walk:
            continue
        end, readings = walk[-1]
        if any(doc.covered[k] or doc.owners[k] for k in range(i + 1, end)):
            continue
        if doc.data.adjective_first:
            _group_adjective_first(doc, i, end, readings)
        else:
            _group_noun_first(doc, i, end, readings)


def _count_word(word: str, code: str) -> bool:
    """A number written as a word ("duemila militari", "two thousand soldiers"): it counts the group."""
    from .figures import lexicon, parse_number

    return parse_number(lexicon(code), word) is not None


def _group_noun_first(doc: MentionDoc, i: int, end: int, readings: list) -> None:
    """Italian order: [det] [alto|ex] NOUN [modifiers] (demonym [e demonym] | di + state/body)."""
    start, former = i, False
    k = i - 1
    while doc.same_sent(k, i) and doc.low(k) in doc.w("group_pre_modifiers") and not doc.covered[k]:
        start, former, k = k, former or doc.low(k) in doc.w("group_former"), k - 1
    if doc.low(k) == "'" and doc.same_sent(k, i):
        k -= 1
    before = doc.low(k) if doc.same_sent(k, i) else ""
    if before in doc.w("possessives"):
        return  # "i suoi diplomatici": whose depends on the sentence before
    opener = not before or not before.isalpha() or before in doc.data.groups.openers or _count_word(before, doc.data.code)
    if not opener and (before[-1] == doc.lows[i][-1] or doc.lows[i] in doc.w("adjectival_group_nouns")):
        return  # an adjective after a noun: "rapporti diplomatici russi", "tecnici esperti", "forniture militari russe"
    if doc.lows[i] in doc.w("plural_only_group_nouns") and not (before in doc.w("plural_determiners") or before.isdigit()):
        return  # "le unità nordcoreane" (units), not "l'unità europea" (unity)
    if doc.low(end) in doc.w("group_noun_blockers") and doc.same_sent(end, i):
        return  # "le forze politiche italiane": parties, not troops
    m = end
    while m - end < 2 and doc.same_sent(m, i) and doc.low(m) in doc.data.groups.modifiers and not doc.owners[m]:
        m += 1
    affiliation, stop = _affiliation_after(doc, m, i)
    if not affiliation and m > end and doc.same_sent(m - 1, i) and doc.data.demonyms.get(doc.low(m - 1)):
        affiliation, stop = _affiliation_after(doc, m - 1, i)  # "occidentali" is a modifier and a demonym
    plural = _is_plural(doc, readings, before, stop - 1 if affiliation else m - 1)
    if not plural and _apposition(doc, k if before.isalpha() else k + 1):
        return  # "Andrei Lankov, un esperto russo di ...": describes the person just named
    if not affiliation:
        if not plural or not _may_be_bare(doc, readings) or not _bare_group(doc, i, m, before):
            return
        stop = m
        if _refer_to_named_body(doc, start, stop):
            return
    _accept(doc, start, stop, readings, affiliation, plural, former)


def _group_adjective_first(doc: MentionDoc, i: int, end: int, readings: list) -> None:
    """English order: [det] [senior|former] (demonym | state name) [modifiers] NOUN."""
    k = i - 1
    while doc.same_sent(k, i) and doc.low(k) in doc.data.groups.modifiers and not doc.owners[k]:
        k -= 1
    affiliation: tuple[str, ...] = ()
    start = k + 1
    phrase = doc.data.demonym_phrases.get((doc.low(k - 1), doc.low(k))) if doc.same_sent(k - 1, i) else None
    if phrase:
        affiliation, start = (phrase,), k - 1
    elif doc.same_sent(k, i) and doc.data.demonyms.get(doc.low(k)):
        affiliation, start = (doc.data.demonyms[doc.low(k)],), k
    else:
        named = [c for c in doc.owners[k] if c.end_tok == k + 1 and c.form in ("NAM", "MET")] if 0 <= k < doc.n else []
        if named and doc.etype(named[0].entity_id) in _AFFILIATIONS:
            affiliation, start = (_state_of(doc, named[0].entity_id),), named[0].start_tok
    former = False
    j = start - 1
    while doc.same_sent(j, i) and doc.low(j) in doc.w("group_pre_modifiers"):
        start, former, j = j, former or doc.low(j) in doc.w("group_former"), j - 1
    plural = _is_plural(doc, readings, doc.low(j), end - 1)
    if not affiliation:
        after = _affiliation_following(doc, end, i)  # "analysts in Seoul", "troops from North Korea"
        if after is not None:
            _accept(doc, i, after[1], readings, after[0], plural, former)
            return
    if not affiliation and not (plural and _may_be_bare(doc, readings) and _bare_group(doc, i, end, doc.low(j))):
        return
    if not affiliation and _refer_to_named_body(doc, i, end):
        return
    _accept(doc, start if affiliation else i, end, readings, affiliation, plural, former)


def _affiliation_following(doc: MentionDoc, m: int, i: int) -> tuple[tuple[str, ...], int] | None:
    """English: a state, capital or body after "in/from/at/of" ("officials in Seoul") when none precedes."""
    if doc.low(m) not in doc.w("affiliation_after_words") or not doc.same_sent(m, i):
        return None
    k = m + 2 if doc.low(m + 1) in doc.w("determiners") else m + 1
    body = max((c for c in (doc.owners[k] if k < doc.n else ()) if c.start_tok == k
                and c.form in ("NAM", "MET") and doc.etype(c.entity_id) in _AFFILIATIONS),
               key=lambda c: c.end_tok, default=None)
    return ((_state_of(doc, body.entity_id),), body.end_tok) if body is not None else None


def _apposition(doc: MentionDoc, k: int) -> bool:
    """Token k (an article or the noun phrase's first word) follows "<person's name>,"."""
    comma = k - 1 if doc.low(k - 1) == "," else k if doc.low(k) == "," else -1
    return comma > 0 and doc.same_sent(comma - 1, comma) and any(
        c.end_tok == comma and doc.etype(c.entity_id) == "PERSON" for c in doc.owners[comma - 1])


def _refer_to_named_body(doc: MentionDoc, start: int, stop: int) -> bool:
    """'gli esperti' after 'Gruppo di esperti delle Nazioni Unite', 'i deputati' after 'Camera dei
    deputati.: a bare group noun that is a word of an organisation named earlier refers to it
    (accepted as an anaphor of that organisation; True when it was)."""
    if doc.org_words[0] != len(doc.accepted):  # refresh the words of the named organisations
        words: dict[str, list[tuple[int, str]]] = {}
        for c in doc.accepted:
            if c.form == "NAM" and c.end_tok - c.start_tok > 1 and doc.etype(c.entity_id) == "ORG":
                for k in range(c.start_tok + 1, c.end_tok):
                    words.setdefault(doc.lows[k], []).append((c.start_tok, c.entity_id))
        doc.org_words = (len(doc.accepted), words)
    prior = [eid for k, eid in sorted(doc.org_words[1].get(doc.lows[stop - 1], ())) if k < start]
    return bool(prior) and doc.accept(Candidate(start, stop, prior[-1], "NOM", "anaphor"))


def _affiliation_after(doc: MentionDoc, m: int, i: int) -> tuple[tuple[str, ...], int]:
    """The affiliation starting at token m and the token after it: ((KOR,), m + 1) for "sudcoreani"."""
    state = demonym_at(doc, m, i)
    if state:
        if doc.low(m + 1) in ("e", "ed") and demonym_at(doc, m + 2, i):
            other = demonym_at(doc, m + 2, i)
            if other != state:
                return (state, other), m + 3
        return (state,), m + 1
    if doc.low(m) in doc.w("of_words") and doc.same_sent(m, i):
        k = m + 2 if doc.low(m + 1) == "'" else m + 1
        if doc.low(k) in doc.w("affiliation_heads") and not doc.owners[k]:
            # "diplomatico della missione nordcoreana", "funzionario dell'ambasciata di Russia"
            inner, stop = _affiliation_after(doc, k + 1, i)
            return (inner, stop) if len(inner) == 1 else ((), m)
        body = max((c for c in (doc.owners[k] if k < doc.n else ()) if c.start_tok == k
                    and c.form in ("NAM", "MET", "NOM") and doc.etype(c.entity_id) in _AFFILIATIONS),
                   key=lambda c: c.end_tok, default=None)
        if body is not None:
            return (_state_of(doc, body.entity_id),), body.end_tok
    return (), m


def _state_of(doc: MentionDoc, eid: str) -> str:
    """A capital named as the place where people work stands for its state ("analisti di Seul")."""
    return doc.data.kb.capital_of(eid) or eid


def _is_plural(doc: MentionDoc, readings: list, before: str, last: int) -> bool:
    """Number of the noun: from the noun itself, else (leader, portavoce) from the article or the
    last adjective ("i leader occidentali" is plural, "un portavoce" singular)."""
    numbers = {number for _, number in readings}
    if len(numbers) == 1:
        return _PLURAL in numbers
    if before in doc.w("plural_determiners"):
        return True
    if before in doc.w("singular_determiners"):
        return False  # "il portavoce del ministero degli Esteri"
    last_word = doc.low(last)
    return last_word.endswith("i") if last_word.isalpha() and last_word != doc.low(last - 1) else False


def _may_be_bare(doc: MentionDoc, readings: list) -> bool:
    return any(doc.data.kb.group_kinds[kind].bare for kind, _ in readings)


def _posting(doc: MentionDoc, stop: int, i: int) -> tuple[str, int] | None:
    """Where one person serves, right after the noun phrase: "all'Onu", "in Corea del Sud", "presso le
    Nazioni Unite", "to the UN": (the place's state, or the organisation; the token after it)."""
    if doc.low(stop) not in doc.w("posting_prepositions") or not doc.same_sent(stop, i):
        return None
    k = stop + 1
    if doc.low(k) == "'":
        k += 1
    if doc.low(k) in doc.w("determiners") and doc.low(k) not in doc.w("of_words"):
        k += 1  # "presso le Nazioni Unite", "to the UN"
    for c in doc.owners[k] if k < doc.n else ():
        if c.start_tok != k or c.form not in ("NAM", "MET"):
            continue
        kind = doc.etype(c.entity_id)
        if kind in ("GPE", "LOC") or (kind == "ORG" and doc.subtype(c.entity_id) in _POST_SUBTYPES):
            return _state_of(doc, c.entity_id), max(o.end_tok for o in doc.owners[k] if o.start_tok == k)
    return None


def _bare_group(doc: MentionDoc, i: int, m: int, before: str) -> bool:
    """A plural noun alone is a group reference after an article or at a sentence start, when no
    adjective of its own follows ("gli analisti avvertono", not "le fonti energetiche")."""
    nxt = doc.low(m) if doc.same_sent(m, i) else ""
    if before in (",", ";") and nxt in doc.w("group_followers") and nxt.isalpha():
        return True  # "..., analysts say, ..."
    if not (before in doc.w("group_determiners") or doc.first_of_sent[i] or not before):
        return False
    return (not nxt or not nxt.isalpha() or nxt in doc.w("group_followers")
            or nxt.endswith(tuple(doc.w("plural_verb_endings"))))


def _accept(doc: MentionDoc, start: int, stop: int, readings: list, affiliation: tuple[str, ...], plural: bool,
            former: bool) -> None:
    post = _posting(doc, stop, start) if not plural and affiliation else None
    if post is not None:
        stop = post[1]
    if ttl_follows(doc, stop) or (not plural and doc.low(stop) == "," and ttl_follows(doc, stop + 1)):
        return  # a title before a person's name: "il portavoce del Cremlino Dmitry Peskov", "l'ambasciatore, X Y"
    kb = doc.data.kb
    kind_key = next((kind for kind, number in readings if (number == _PLURAL) == plural), readings[0][0])
    kind = kb.group_kinds[kind_key]
    if post is not None:
        if kind.posted and not former:
            holder = kb.holder(f"{post[0].lower()}_{kind.singular.lower()}", affiliation[0], doc.published)
            if holder:  # "l'ambasciatore russo all'Onu" when the KB knows who held the post then
                doc.accept(Candidate(start, stop, holder, "NOM", "group"))
                return
    gid = group_id(kind, affiliation, plural, former, post[0] if post and kind.posted else "")
    if doc.accept(Candidate(start, stop, gid, "NOM", "group")):
        name = group_name(kb, doc.data.groups, kind, affiliation, plural, former)
        if post and kind.posted:
            where = kb.entities[post[0]].name if post[0] in kb.entities else post[0]
            name = name.replace(" (unnamed)", f" to {where} (unnamed)")
        doc.discovered.setdefault(gid, (name, kind.type if plural else "PERSON"))

