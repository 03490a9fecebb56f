"""Entity mentions linked to the knowledge base.

One pass over word tokens does all the matching (so the stage costs a few microseconds per
word): a token trie of every KB alias gives the names (longest match, names nested inside
longer names found again inside them); capitals are metonyms of their state (MET) or the
city itself (NAM) depending on the words before them; nominal descriptions ("il leader
russo", "il governo sudcoreano", "la capitale nordcoreana", "il Paese") are resolved through
the KB's dated roles and the article's publication date; demonyms are ADJ mentions;
capitalised names next to a title or a speech verb become discovered entities (`new:<slug>`).

Spans never include a leading article or articulated preposition ("dall’Ucraina" gives
"Ucraina"), mentions may nest (a name inside a nominal or a longer name) but never cross.
`merge_proposals` folds spans proposed by a statistical tagger into the same result.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple

from ..kb import KnowledgeBase
from ..pipeline import Resources, stage
from ..records import Article, Entity, Mention, Sentence

# Words (with inner hyphens: "Kim Jong-un", "Su-35"), apostrophes, other punctuation.
_TOKEN_RE = re.compile(r"\w+(?:[-‐]\w+)*|['’`]|[^\w\s]")
_APOS = "'’`"
_EASTERN_FAMILY_NAMES = {"kim", "lee", "li", "park", "pak", "choe", "choi", "cho", "chang", "jang", "kang", "shin",
                         "yoon", "moon", "han", "wang", "zhang", "chen", "liu", "xi", "ri", "jung", "chung", "hong",
                         "hwang", "yang", "zhao", "wu", "huang", "ma", "song", "jeon", "ko", "oh", "kwon", "ahn", "no"}
_EMPTY: frozenset = frozenset()
_ORDER = {"institution": 0, "gazetteer": 1, "nested": 2, "short": 3, "discovery": 4, "nominal": 5, "proposal": 6,
          "anaphor": 7, "adjective": 8}


class Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str  # lower-cased, apostrophes normalised, accents kept


@dataclass(frozen=True, slots=True)
class Alias:
    entity_id: str
    words: tuple[str, ...]  # as written in the KB
    exact_case: bool  # short all-capital acronyms ("UN", "US") must match their case
    form: str = "NAM"  # NOM for KB descriptions ("invasione russa dell'Ucraina")
    adj_at: int = -1  # position of a demonym added to a region name ("regione russa di Kursk"): still an ADJ


@dataclass(slots=True)
class Candidate:
    start_tok: int
    end_tok: int  # exclusive
    entity_id: str
    form: str
    how: str  # one of _ORDER


_GLUED_RE = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Ý][a-zà-ÿ])")


def tokenize(text: str) -> list[Token]:
    """Word tokens; a word glued to the next one by a missing space ("PechinoLì") is split."""
    glued = [m.start() for m in _GLUED_RE.finditer(text)]
    out = []
    for m in _TOKEN_RE.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        k = bisect.bisect_right(glued, start) if glued else 0
        if k < len(glued) and glued[k] < end:
            prev = start
            while k < len(glued) and glued[k] < end:
                out.append(Token(prev, glued[k], text[prev:glued[k]], text[prev:glued[k]].lower()))
                prev = glued[k]
                k += 1
            out.append(Token(prev, end, text[prev:end], text[prev:end].lower()))
        else:
            out.append(Token(start, end, word, "'" if word in _APOS else word.lower()))
    return out


def _norm(word: str) -> str:
    return "'" if word in _APOS else word.lower()


def _trie_add(trie: dict, words: Iterable[str], payload: Any) -> None:
    node = trie
    for w in words:
        node = node.setdefault(w, {})
    node.setdefault("$", []).append(payload)


def _trie_walk(trie: dict, toks: list[Token], i: int, stop: int) -> list[tuple[int, list]]:
    """Every (end token, payloads) reachable from token i, shortest first."""
    out = []
    node = trie
    j = i
    while j < stop and toks[j].low in node:
        node = node[toks[j].low]
        j += 1
        if "$" in node:
            out.append((j, node["$"]))
    return out


def _inflect(base: str) -> list[str]:
    if base.endswith("o"):
        return [base, base[:-1] + "a", base[:-1] + "i", base[:-1] + "e"]
    if base.endswith("e"):
        return [base, base[:-1] + "i"]
    if base.endswith("a"):
        return [base, base[:-1] + "i", base[:-1] + "e"]
    return [base]


@dataclass
class EntityData:
    """Everything the stage needs, built once per (knowledge base, language)."""

    kb: KnowledgeBase
    names: dict = field(default_factory=dict)  # token trie of aliases -> [Alias]
    demonyms: dict[str, str] = field(default_factory=dict)  # inflected form -> entity id
    offices: dict = field(default_factory=dict)  # token trie -> [office]
    institutions: dict = field(default_factory=dict)  # token trie -> [kind]
    org_nominals: dict = field(default_factory=dict)  # token trie -> [(state, org id)]
    item_nominals: dict = field(default_factory=dict)  # word -> [(entity id, valid from)]
    words: dict[str, frozenset] = field(default_factory=dict)  # word lists from the language file
    nominal_firsts: frozenset = frozenset()  # first words of every nominal head (a cheap pre-filter)
    qualifiers: dict = field(default_factory=dict)  # alias words -> words after it that make it another body
    capital_demonyms: bool = False  # English writes "Russian", Italian "russo"
    adjective_first: bool = False  # English puts the demonym before the head ("the Russian president")
    demonym_phrases: dict = field(default_factory=dict)  # ("south", "korean") -> KOR
    head_of: dict[str, str] = field(default_factory=dict)  # person id -> the state they led most recently


_DATA: dict[tuple[int, str], EntityData] = {}


def _entity_data(kb: KnowledgeBase, lang_code: str) -> EntityData:
    """Built once per knowledge base object and language (the KB is read-only)."""
    key = (id(kb), lang_code)
    got = _DATA.get(key)
    if got is None or got.kb is not kb:
        got = _DATA[key] = _build_entity_data(kb, lang_code)
    return got


def _build_entity_data(kb: KnowledgeBase, lang_code: str) -> EntityData:
    from ..lang import load_language

    lang = load_language(lang_code)
    spec = lang.data("entities") if lang.has("entities") else load_language("it").data("entities")
    data = EntityData(kb=kb, capital_demonyms=bool(spec.get("demonyms_capitalised", False)),
                      adjective_first=bool(spec.get("adjective_first", False)))
    for key, value in spec.items():
        if isinstance(value, list):
            data.words[key] = frozenset(str(v).lower() for v in value)
    for base, eid in spec.get("demonyms", {}).items():
        if " " in base:  # "south korean": two words, matched as a phrase
            data.demonym_phrases[tuple(base.lower().split())] = eid
            continue
        for form in _inflect(base):
            data.demonyms.setdefault(form, eid)
    for form, eid in (spec.get("demonym_forms") or {}).items():
        data.demonyms[form] = eid
    region_heads = frozenset(str(w).lower() for w in spec.get("region_heads", ()))
    demonym_forms = sorted(data.demonyms)
    for eid, ent in kb.entities.items():
        facts = kb.facts[eid]
        for alias, form in [(a, "NAM") for a in ent.aliases] + [(a, "NOM") for a in facts.get("descriptions", ()) or ()]:
            words = tuple(t.text for t in tokenize(alias))
            exact = len(alias) <= 3 and alias.isupper()
            _trie_add(data.names, tuple(_norm(w) for w in words), Alias(eid, words, exact, form))
            if len(words) > 2 and words[0].lower() in region_heads and words[1].lower() in data.words.get("of_words", _EMPTY):
                # "regione di Kursk" is also written "regione russa di Kursk"
                for dem in demonym_forms:
                    w2 = (words[0], dem) + words[1:]
                    _trie_add(data.names, tuple(_norm(w) for w in w2), Alias(eid, w2, False, form, adj_at=1))
        for n in facts.get("nominals", ()) or ():
            if facts.get("of") and not facts.get("nominal_from"):  # "intelligence" + a demonym
                _trie_add(data.org_nominals, tuple(t.low for t in tokenize(n)), (facts["of"], eid))
            else:  # a bare common noun ("la pandemia"), possibly only once the item exists
                data.item_nominals.setdefault(n.lower(), []).append((eid, str(facts.get("nominal_from") or "")))
        latest = ""
        for r in kb.roles.get(eid, ()):
            if r.office in ("head_of_state", "party_leader", "supreme_leader") and r.start >= latest:
                latest, data.head_of[eid] = r.start, r.of
    for phrase, office in (spec.get("office_heads") or {}).items():
        _trie_add(data.offices, tuple(t.low for t in tokenize(phrase)), office)
    for phrase, words in (spec.get("name_qualifiers") or {}).items():
        data.qualifiers[tuple(t.low for t in tokenize(phrase))] = frozenset(str(w).lower() for w in words)
    for phrase, kind in (spec.get("institutions") or {}).items():
        _trie_add(data.institutions, tuple(t.low for t in tokenize(phrase)), kind)
    data.nominal_firsts = frozenset(set(data.offices) | set(data.org_nominals) | set(data.item_nominals)
                                    | data.words.get("state_heads", frozenset()) | data.words.get("capital_heads", frozenset())
                                    | data.words.get("generic_office_heads", frozenset()))
    return data


class _Doc:
    """Per-article working state: tokens, sentence of each token, accepted mentions."""

    def __init__(self, text: str, sentences: tuple[Sentence, ...], published: str | None, data: EntityData):
        self.text = text
        self.toks = tokenize(text)
        self.lows = [t.low for t in self.toks]
        self.n = len(self.toks)
        self.data = data
        self.published = published
        starts = [s.start for s in sentences] or [0]
        self.tok_sent = [max(0, bisect.bisect_right(starts, t.start) - 1) for t in self.toks]
        self.first_of_sent = [i == 0 or self.tok_sent[i] != self.tok_sent[i - 1] for i in range(len(self.toks))]
        self.accepted: list[Candidate] = []
        self.covered: list[bool] = [False] * len(self.toks)  # inside a NAM/MET mention
        self.owners: list[list[Candidate]] = [[] for _ in self.toks]  # accepted mentions over each token
        self.spans: set[tuple[int, int]] = set()
        self.free_adj: set[int] = set()
        self.mentioned: set | None = None  # entity ids named in the article (for context-bound nominals)  # demonym tokens inside a name that still count as ADJ mentions
        self.people: tuple[int, list[tuple[int, str]]] = (-1, [])  # (len(accepted) when built, named people)
        self.discovered: dict[str, tuple[str, str]] = {}  # id -> (name, type)

    # --- helpers -----------------------------------------------------------------------
    def w(self, name: str) -> frozenset:
        return self.data.words.get(name, _EMPTY)

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < self.n else ""

    def same_sent(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.toks) and 0 <= j < len(self.toks) and self.tok_sent[i] == self.tok_sent[j]

    def is_cap(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].text[:1].isupper()

    def nominal_start(self, i: int) -> int | None:
        """Where a nominal headed by token i starts, if a determiner makes it definite: i itself, or
        the adjective before it ("il nuovo accordo" -> "nuovo accordo"; "il suo omologo" -> "omologo")."""
        j, start = i - 1, i
        if self.low(j) == "'":
            j -= 1
        if self.low(j) in self.w("pre_modifiers") and self.same_sent(j, i):
            start = j
            j -= 1
        elif self.low(j) in self.w("possessives") and self.same_sent(j, i):
            j -= 1
        if self.low(j) == "'":
            j -= 1
        return start if self.same_sent(j, i) and self.low(j) in self.w("determiners") else None

    def definite_before(self, i: int) -> bool:
        return self.nominal_start(i) is not None

    def former_before(self, i: int) -> bool:
        return any(self.low(k) in ("ex", "allora", "precedente", "former") for k in range(max(0, i - 2), i))

    def crosses(self, s: int, e: int) -> bool:
        # only mentions that share a token with [s, e) can cross it
        for k in range(s, e):
            for c in self.owners[k]:
                if (c.start_tok < s < c.end_tok < e) or (s < c.start_tok < e < c.end_tok):
                    return True
        return False

    def same_span(self, s: int, e: int) -> bool:
        return (s, e) in self.spans

    def inside_name(self, s: int, e: int) -> bool:
        return any(c.form in ("NAM", "MET") and c.start_tok <= s and e <= c.end_tok and (c.start_tok, c.end_tok) != (s, e)
                   for c in self.owners[s])

    def accept(self, c: Candidate, *, allow_inside_name: bool = False) -> bool:
        if c.end_tok <= c.start_tok or self.crosses(c.start_tok, c.end_tok) or self.same_span(c.start_tok, c.end_tok):
            return False
        if not allow_inside_name and self.inside_name(c.start_tok, c.end_tok):
            return False
        self.accepted.append(c)
        self.spans.add((c.start_tok, c.end_tok))
        for k in range(c.start_tok, c.end_tok):
            self.owners[k].append(c)
        if c.form in ("NAM", "MET"):
            for k in range(c.start_tok, c.end_tok):
                self.covered[k] = True
        return True

    def etype(self, eid: str) -> str:
        ent = self.data.kb.entities.get(eid)
        if ent is not None:
            return ent.type
        return self.discovered.get(eid, ("", "PERSON"))[1]

    def subtype(self, eid: str) -> str:
        return str(self.data.kb.facts.get(eid, {}).get("subtype", ""))


# --- names -------------------------------------------------------------------------------

def _name_at(doc: _Doc, i: int, stop: int) -> tuple[int, Alias] | None:
    """Longest KB alias starting at token i whose letter case fits."""
    for j, payloads in reversed(_trie_walk(doc.data.names, doc.toks, i, stop)):
        for alias in payloads:
            if _case_fits(doc, i, j, alias):
                return j, alias
    return None


def _case_fits(doc: _Doc, i: int, j: int, alias: Alias) -> bool:
    got = [t.text for t in doc.toks[i:j]]
    if alias.exact_case:
        return got == list(alias.words)
    # a capitalised name needs a capital first letter in the text too; the inner words may differ in
    # case ("Corea del nord", "Consiglio di sicurezza"), and a lower-case alias ("penisola coreana")
    # also matches at a sentence start
    return not (alias.words[0][:1].isupper() and not got[0][:1].isupper())


def _scan_names(doc: _Doc, lo: int, hi: int, how: str) -> list[Candidate]:
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
            out.extend(c for c in _scan_names(doc, i + 1, j, "nested") if c.entity_id != alias.entity_id)
        i = j
    return out


def _acronym_in_capitals(doc: _Doc, i: int, j: int, alias: Alias) -> bool:
    """'UN' inside a line written in capitals ("CON UN IMPORTO") is the Italian article, not the UN."""
    if not alias.exact_case:
        return False
    near = [doc.toks[k].text for k in (i - 2, i - 1, j, j + 1) if 0 <= k < len(doc.toks) and doc.toks[k].text.isalpha()]
    return len(near) >= 2 and all(w.isupper() for w in near)


def _other_body(doc: _Doc, i: int, j: int) -> bool:
    """'Consiglio di sicurezza nazionale' is not the UN Security Council: a qualifier after the
    name that makes it another body (lang data `name_qualifiers`)."""
    quals = doc.data.qualifiers.get(tuple(doc.lows[i:j]))
    return bool(quals) and doc.low(j) in quals and doc.same_sent(i, j)


def _common_word_start(doc: _Doc, i: int, j: int) -> bool:
    """'Nato a Roma' (born), 'Usa il' (uses): an alias that is also a common word, at a sentence start."""
    return (j - i == 1 and doc.first_of_sent[i] and doc.lows[i] in doc.w("common_word_aliases")
            and doc.low(j) in doc.w("function_words") and doc.same_sent(i, j))


def _capital_form(doc: _Doc, i: int, j: int, inside: bool, known: set[int]) -> str:
    """MET when a capital stands for its state's government, NAM when it is the place itself.

    `known` holds the token positions covered by KB names (to tell "Mosca e Pyongyang", two
    states, from "Glasgow, Londra e Birmingham", a list of places)."""
    prev = doc.low(i - 1) if doc.same_sent(i - 1, i) else ""
    nxt = doc.low(j) if doc.same_sent(i, j) else ""
    if nxt == "," and doc.low(j + 1)[:1].isdigit():
        return "NAM"  # a dateline: "Roma, 29 settembre" ("Seul: ..." in a headline is Seoul speaking)
    if not inside:
        for k in (i - 1, j):  # part of a longer unknown name: "Rugby Roma", "Roma Nord"
            if 0 <= k < doc.n and doc.same_sent(k, i) and not (k == i - 1 and doc.first_of_sent[k]) \
                    and k not in known and _is_name_word(doc, k):
                return "NAM"
        for conn, other in ((i - 1, i - 2), (j, j + 1)):  # listed with places that are not states
            if doc.low(conn) in (",", "e", "o", "oppure", "-", "ed") and 0 <= other < doc.n \
                    and doc.same_sent(other, i) and other not in known and _is_name_word(doc, other) \
                    and not doc.first_of_sent[other]:
                return "NAM"
    if prev == "da" and doc.low(i - 2) in doc.w("distance_words"):
        return "NAM"
    if prev in doc.w("literal_before"):
        window = {doc.low(k) for k in range(max(0, i - 6), i - 1) if doc.same_sent(k, i)}
        return "MET" if window & doc.w("transfer_words") else "NAM"
    if prev in doc.w("of_words"):
        head = i - 2
        if any(doc.low(k) in doc.w("literal_di_heads") for k in range(i - 4, i - 1) if doc.same_sent(k, i)):
            return "NAM"
        if doc.is_cap(head) and not doc.first_of_sent[head] and not inside and doc.low(head) not in doc.w("not_names"):
            return "NAM"  # "Università Kookmin di Seul": part of a place-bound name
        return "MET"
    if prev == "da":
        if doc.first_of_sent[i - 1] or doc.low(i - 2) in doc.w("literal_da_verbs"):
            return "NAM"
        return "MET"
    if prev in doc.w("visit_words"):
        return "NAM"
    return "MET"


def _institutions(doc: _Doc, name_cands: list[Candidate]) -> list[Candidate]:
    """'ministero della Difesa russo' / '... della Corea del Sud' / 'Stato maggiore congiunto di Seul'."""
    by_start = {c.start_tok: c for c in name_cands if c.how == "gazetteer"}
    out = []
    for i in range(len(doc.toks)):
        walk = _trie_walk(doc.data.institutions, doc.toks, i, len(doc.toks))
        if not walk:
            continue
        j, kinds = walk[-1]
        kind = kinds[0]
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


# --- short names and discovered names -----------------------------------------------------

def _short_of(doc: _Doc, eid: str, surface: list[Token]) -> list[str]:
    facts = doc.data.kb.facts.get(eid, {})
    if facts.get("short"):
        return list(facts["short"])
    if len(surface) < 2:
        return []
    eastern = facts.get("order") == "eastern" or (eid.startswith("new:") and surface[0].low in _EASTERN_FAMILY_NAMES)
    return [surface[0].text] if eastern else [surface[-1].text]


def _short_names(doc: _Doc) -> None:
    full: list[tuple[int, str, str]] = []  # (token index, short form, entity id)
    for c in doc.accepted:
        if c.form == "NAM" and doc.etype(c.entity_id) == "PERSON" and c.end_tok - c.start_tok > 1:
            for s in _short_of(doc, c.entity_id, doc.toks[c.start_tok:c.end_tok]):
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
    for i, t in enumerate(doc.toks):
        if doc.covered[i] or t.text not in forms:
            continue
        if doc.is_cap(i + 1) and doc.same_sent(i, i + 1) and doc.low(i + 1) not in doc.w("not_names"):
            continue  # another full name ("Kim Yo Jong") we do not know
        if i > 0 and not doc.first_of_sent[i] and _is_name_word(doc, i - 1):
            continue  # "Mario Rossi" when only "Anna Rossi" is known
        named = {eid for _, eid in by_form.get(t.text, ())}
        seq = by_form.get(t.text, [])
        pos = bisect.bisect_left(seq, (i, ""))
        before, after = seq[:pos], seq[pos:]
        default = defaults.get(t.text)
        if default and (default in named or not before):
            eid = default  # "Kim" is Kim Jong Un unless another Kim was just named in full
        else:
            eid = before[-1][1] if before else after[0][1] if after else None
        if eid:
            doc.accept(Candidate(i, i + 1, eid, "NAM", "short"))


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _is_name_word(doc: _Doc, i: int) -> bool:
    """A capitalised word (not all capitals: those are headlines and credits) outside known names."""
    t = doc.toks[i]
    return (t.text[:1].isupper() and t.text[:1].isalpha() and not t.text.isupper() and not doc.covered[i]
            and t.low not in doc.w("not_names"))


def _discover(doc: _Doc) -> None:
    """Names the KB lacks: organisation names (an org word such as "Università", "Institute", with
    "di/del/..." connectors) and people's names next to a title or a speech verb."""
    toks, n = doc.toks, doc.n
    complements = doc.w("title_complements")
    i = 0
    while i < n:
        if not _is_name_word(doc, i):
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
        while j < n and j - i < 4 and _is_name_word(doc, j) and doc.same_sent(i, j):
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


def _org_run(doc: _Doc, i: int) -> int:
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


def _is_place(doc: _Doc, k: int) -> bool:
    return any(c.start_tok == k and doc.etype(c.entity_id) in ("GPE", "LOC") for c in doc.owners[k])


def _add_discovered(doc: _Doc, s: int, e: int, kind: str, nested: bool = False) -> None:
    surface = doc.text[doc.toks[s].start:doc.toks[e - 1].end]
    eid = "new:" + _slug(surface)
    if doc.accept(Candidate(s, e, eid, "NAM", "discovery"), allow_inside_name=nested):
        doc.discovered.setdefault(eid, (surface, kind))


def _repeat_discovered(doc: _Doc) -> None:
    """A discovered name is a name wherever it recurs in the article, cue or not."""
    if not doc.discovered:
        return
    trie: dict = {}
    for eid, (surface, _) in doc.discovered.items():
        _trie_add(trie, tuple(t.low for t in tokenize(surface)), eid)
    for i in range(doc.n):
        if doc.covered[i] or not doc.is_cap(i):
            continue
        walk = _trie_walk(trie, doc.toks, i, doc.n)
        if walk:
            j, eids = walk[-1]
            if not any(doc.covered[i:j]) and not _is_name_word_at(doc, j):
                doc.accept(Candidate(i, j, eids[0], "NAM", "discovery"))


def _is_name_word_at(doc: _Doc, j: int) -> bool:
    return j < doc.n and doc.same_sent(j - 1, j) and _is_name_word(doc, j)


def _person_cue(doc: _Doc, s: int, e: int) -> bool:
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


# --- nominals ----------------------------------------------------------------------------

def _demonym(doc: _Doc, j: int, i: int) -> str | None:
    if not doc.same_sent(j, i) or (doc.is_cap(j) and not doc.data.capital_demonyms):
        return None
    return doc.data.demonyms.get(doc.low(j))


def _nominal_adjective_first(doc: _Doc, i: int) -> None:
    """English order: "the Russian president", "the South Korean government" (demonym before the head)."""
    kb = doc.data.kb
    start = i - 1
    state = doc.data.demonym_phrases.get((doc.low(i - 2), doc.low(i - 1)))
    if state:
        start = i - 2
    else:
        state = _demonym(doc, i - 1, i)
    if not state or doc.low(start - 1) not in doc.w("determiners") or doc.former_before(start):
        return
    walk = _trie_walk(doc.data.offices, doc.toks, i, doc.n)
    if walk and not _ttl_follows(doc, walk[-1][0]):
        holder = kb.holder(walk[-1][1][0], state, doc.published)
        if holder:
            doc.accept(Candidate(start, walk[-1][0], holder, "NOM", "nominal"))
            return
    if doc.lows[i] in doc.w("state_heads") and doc.subtype(state) in ("country", "former country"):
        doc.accept(Candidate(start, i + 1, state, "NOM", "nominal"))


def _of_state(doc: _Doc, j: int) -> tuple[str, int] | None:
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


def _ttl_follows(doc: _Doc, j: int) -> bool:
    """A person's name right after the description makes it a title, not a mention."""
    return doc.is_cap(j) and doc.same_sent(j - 1, j) and any(
        c.start_tok == j and doc.etype(c.entity_id) == "PERSON" for c in doc.accepted) or (
        doc.is_cap(j) and doc.is_cap(j + 1) and doc.same_sent(j - 1, j + 1))


def _nominals(doc: _Doc) -> None:
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
        walk = _trie_walk(d.offices, doc.toks, i, len(doc.toks))
        if walk:
            j, offices = walk[-1]
            state = _demonym(doc, j, i)
            if state and not doc.former_before(i) and not _ttl_follows(doc, j + 1):
                holder = kb.holder(offices[0], state, doc.published)
                if holder:
                    doc.accept(Candidate(n0, j + 1, holder, "NOM", "nominal"))
                    continue
            of_state = _of_state(doc, j) if not state else None
            if of_state and not doc.former_before(i) and not _ttl_follows(doc, of_state[1]):
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
            state = _demonym(doc, i + 1, i)
            if state and not _ttl_follows(doc, i + 2):
                who = _last_holder(doc, i, lambda r, st=state: r.of == st and r.office.endswith("minister"))
                if who:
                    doc.accept(Candidate(n0, i + 2, who, "NOM", "nominal"))
                    continue
        # states: "il governo sudcoreano", "la potenza economica cinese", "il regime di Kim"
        if low in doc.w("state_heads"):
            j = i + 1
            if doc.low(j) in doc.w("state_head_modifiers"):
                j += 1
            state = _demonym(doc, j, i)
            if state and doc.subtype(state) in ("country", "former country") and not _ttl_follows(doc, j + 1):
                doc.accept(Candidate(n0, j + 1, state, "NOM", "nominal"))
                continue
            k = i + 2 if doc.low(i + 1) in doc.w("of_words") else i + 1
            p = person_starts.get(k)
            if p and p.entity_id in d.head_of and low in doc.w("regime_heads"):
                doc.accept(Candidate(i, p.end_tok, d.head_of[p.entity_id], "NOM", "nominal"))
                continue
        # capitals: "la capitale nordcoreana"
        if low in doc.w("capital_heads"):
            state = _demonym(doc, i + 1, i)
            cap = kb.capital(state) if state else None
            if cap:
                doc.accept(Candidate(i, i + 2, cap, "NOM", "nominal"))
                continue
        # institutions described: "l'intelligence militare ucraina", "le forze armate russe"
        walk = _trie_walk(d.org_nominals, doc.toks, i, len(doc.toks))
        done = False
        for j, pairs in reversed(walk):
            state = _demonym(doc, j, i)
            org = next((o for st, o in pairs if st == state), None) if state else None
            if org:
                done = doc.accept(Candidate(n0, j + 1, org, "NOM", "nominal"))
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


def _last_holder(doc: _Doc, i: int, want) -> str | None:
    """The person named last before token i who holds, at the publication date, a role `want` accepts."""
    on = doc.published
    day = on or "9999-12-31"
    if doc.people[0] != len(doc.accepted):  # refresh the sorted list of named people
        doc.people = (len(doc.accepted), sorted((c.start_tok, c.entity_id) for c in doc.accepted
                                                if c.form == "NAM" and doc.etype(c.entity_id) == "PERSON"))
    named = doc.people[1]
    for start, eid in reversed(named[: bisect.bisect_left(named, (i, ""))]):
        c = Candidate(start, start, eid, "NAM", "short")
        for r in doc.data.kb.roles.get(c.entity_id, ()):
            if want(r) and (r.start or "0") <= day[: len(r.start) or 1] and (not r.end or day[: len(r.end)] <= r.end):
                return c.entity_id
    return None


def _country_anaphors(doc: _Doc) -> None:
    """'il Paese', 'il Paese asiatico', 'del suo Paese': the most recently mentioned country."""
    anaphors = doc.w("country_anaphors")
    # a demonym inside a description of a person ("il leader russo") does not make its country the topic
    countries = sorted((c.start_tok, c.entity_id) for c in doc.accepted if doc.subtype(c.entity_id) == "country"
                       and not (c.form == "ADJ" and any(o.form == "NOM" and o is not c for o in doc.owners[c.start_tok])))
    for i, t in enumerate(doc.toks):
        if t.low not in anaphors or doc.covered[i] or not doc.definite_before(i):
            continue
        if {doc.low(i - 1), doc.low(i - 2)} & doc.w("country_anaphor_blockers"):
            continue
        end = i + 1
        if doc.low(end) in doc.w("country_descriptors") and not doc.is_cap(end):
            end += 1
        elif doc.low(end) in ("in", "di") and doc.low(end + 1) == "guerra":
            end += 2
        state = _demonym(doc, i + 1, i)
        if state and doc.subtype(state) in ("country", "former country"):
            continue  # handled as a state nominal
        k = bisect.bisect_left(countries, (i, ""))
        if k == 0:
            continue
        doc.accept(Candidate(i, end, countries[k - 1][1], "NOM", "anaphor"))


def _head_anaphors(doc: _Doc) -> None:
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


def _adjectives(doc: _Doc) -> None:
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


# --- the stage ---------------------------------------------------------------------------

def find_mentions(doc_id: str, text: str, sentences: tuple[Sentence, ...], published: str | None,
                  kb: KnowledgeBase, lang: str | None = "it") -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    data = _entity_data(kb, lang if lang in ("it", "en") else "it")
    doc = _Doc(text, sentences, published, data)
    names = _scan_names(doc, 0, len(doc.toks), "gazetteer")
    known = {k for c in names for k in range(c.start_tok, c.end_tok)}
    for c in names:  # capitals: the state (MET) or the city (NAM)
        state = data.kb.capital_of(c.entity_id)
        if state and c.end_tok - c.start_tok >= 1:
            if _capital_form(doc, c.start_tok, c.end_tok, c.how == "nested", known) == "MET":
                c.entity_id, c.form = state, "MET"
    cands = _institutions(doc, names) + names
    cands.sort(key=lambda c: (_ORDER[c.how], c.start_tok, -(c.end_tok - c.start_tok)))
    for c in cands:
        doc.accept(c, allow_inside_name=c.how in ("nested", "institution") or c.how == "gazetteer")
    _short_names(doc)
    _discover(doc)
    _short_names(doc)
    _nominals(doc)
    _adjectives(doc)
    _country_anaphors(doc)
    _head_anaphors(doc)
    return _records(doc, doc_id)


def _records(doc: _Doc, doc_id: str) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    mentions = []
    entities: dict[str, Entity] = {}
    for c in sorted(doc.accepted, key=lambda c: (c.start_tok, -c.end_tok)):
        s, e = doc.toks[c.start_tok].start, doc.toks[c.end_tok - 1].end
        mentions.append(Mention(doc_id=doc_id, start=s, end=e, text=doc.text[s:e], entity_id=c.entity_id,
                                type=doc.etype(c.entity_id), form=c.form, sentence=doc.tok_sent[c.start_tok],
                                extractor=f"entities.{c.how}"))
        if c.entity_id not in entities:
            ent = doc.data.kb.entities.get(c.entity_id)
            if ent is None:
                name, kind = doc.discovered.get(c.entity_id, (doc.text[s:e], "PERSON"))
                ent = Entity(id=c.entity_id, name=name, type=kind, aliases=(name,), discovered=True)
            entities[c.entity_id] = ent
    return tuple(mentions), tuple(entities.values())


def merge_proposals(article: Article, proposals: Iterable[tuple[int, int, str]], kb: KnowledgeBase) -> Article:
    """Fold spans proposed by a statistical tagger (start, end, label) into the article's mentions.

    A proposal that overlaps an existing mention is dropped (the gazetteer and the rules win);
    one whose text is a KB alias links to that entity; any other becomes a discovered entity
    typed from the label (PER -> PERSON, ORG -> ORG, LOC -> LOC, GPE -> GPE).
    """
    text = article.document.text
    data = _entity_data(kb, article.document.language or "it")
    label_type = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE"}
    mentions = list(article.mentions)
    entities = {e.id: e for e in article.entities}
    taken = [(m.start, m.end) for m in mentions]
    for start, end, label in sorted(proposals):
        if start < 0 or end > len(text) or start >= end or any(s < end and start < e for s, e in taken):
            continue
        span = text[start:end]
        toks = tokenize(span)
        walk = _trie_walk(data.names, toks, 0, len(toks)) if toks else []
        eid = next((p[0].entity_id for j, p in walk if j == len(toks)), None)
        if eid is None:
            eid = "new:" + _slug(span)
            entities.setdefault(eid, Entity(id=eid, name=span, type=label_type.get(label, "ORG"),
                                            aliases=(span,), discovered=True))
        else:
            entities.setdefault(eid, kb.entities[eid])
        sent = article.sentence_at(start)
        mentions.append(Mention(doc_id=article.document.id, start=start, end=end, text=span, entity_id=eid,
                                type=entities[eid].type, form="NAM", sentence=sent.index if sent else None,
                                extractor="entities.proposal"))
        taken.append((start, end))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return dataclasses.replace(article, mentions=tuple(mentions), entities=tuple(entities.values()))


@stage("entities", requires=("sentences",), adds=("mentions", "entities"))
def entities_stage(article: Article, res: Resources) -> Article:
    doc = article.document
    mentions, entities = find_mentions(doc.id, doc.text, article.sentences, doc.published, res.kb, doc.language)
    return dataclasses.replace(article, mentions=mentions, entities=entities)
