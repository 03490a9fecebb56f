"""Entity mentions linked to the knowledge base: the "entities" stage.

One pass over word tokens does all the matching (so the stage costs a few microseconds per
word). The work is split by what it finds:

* `gazetteer`: tokens, token tries and the per-(KB, language) lookup data;
* `names`: KB aliases (longest match, names nested in longer names found again inside them),
  institutions named by a common noun plus their state, short names repeating a full name;
* `metonymy`: a capital as its state's government (MET) or the city itself (NAM);
* `discovery`: names the KB lacks, next to a title or a speech verb (`new:<slug>`);
* `nominals`: descriptions resolved through dated roles and the publication date ("il leader
  russo", "il governo sudcoreano"), anaphors ("il Paese") and demonyms (ADJ);
* `groups`: unnamed groups and people cited as sources ("funzionari statunitensi" -> USA_OFFICIALS),
  soldiers of a state (PRK_TROOPS) and posted officials ("ambasciatore russo in Corea del Sud");
* `reports`: reports and studies by an author ("uno studio della Fondazione X" -> <AUTHOR>_REPORT, WORK)
  and the definite "il rapporto" that refers back to the last one;
* `mention_doc`: the per-article state that accepts candidates (mentions nest, never cross).

Spans never include a leading article or articulated preposition ("dall’Ucraina" gives
"Ucraina"). `merge_proposals` folds spans proposed by a statistical tagger into the same result.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Iterable

from ..kb import KnowledgeBase
from ..stage import Resources, stage
from .buckets import by_sentence, overlapping
from ..records import Article, Entity, Mention, Sentence
from .discovery import discover, slug
from .gazetteer import entity_data, tokenize, trie_walk
from .groups import groups
from .metonymy import capital_form
from .mention_doc import HOW_ORDER, MentionDoc
from .names import institution_names, scan_names, short_names
from .nominals import adjectives, country_anaphors, head_anaphors, nominals
from .reports import reports

__all__ = ["entities_stage", "find_mentions", "merge_proposals", "tokenize"]


# --- the stage ---------------------------------------------------------------------------

def find_mentions(doc_id: str, text: str, sentences: tuple[Sentence, ...], published: str | None,
                  kb: KnowledgeBase, lang: str | None = "it") -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    data = entity_data(kb, lang if lang in ("it", "en") else "it")
    doc = MentionDoc(text, sentences, published, data)
    names = scan_names(doc, 0, len(doc.toks), "gazetteer")
    known = {k for c in names for k in range(c.start_tok, c.end_tok)}
    for c in names:  # capitals: the state (MET) or the city (NAM)
        state = data.kb.capital_of(c.entity_id)
        if state and c.end_tok - c.start_tok >= 1:
            if capital_form(doc, c.start_tok, c.end_tok, c.how == "nested", known) == "MET":
                c.entity_id, c.form = state, "MET"
    named = {c.entity_id for c in names} | {data.kb.capital_of(c.entity_id) for c in names}
    names = [c for c in names if all(x in named for x in data.kb.facts[c.entity_id].get("context") or ())]
    cands = institution_names(doc, names) + names
    cands.sort(key=lambda c: (HOW_ORDER[c.how], c.start_tok, -(c.end_tok - c.start_tok)))
    for c in cands:
        doc.accept(c, allow_inside_name=c.how in ("nested", "institution") or c.how == "gazetteer")
    short_names(doc)
    discover(doc)
    short_names(doc)
    nominals(doc)
    groups(doc)
    reports(doc)
    adjectives(doc)
    country_anaphors(doc)
    head_anaphors(doc)
    return _records(doc, doc_id)


def _records(doc: MentionDoc, doc_id: str) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
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
    data = entity_data(kb, article.document.language or "it")
    label_type = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE"}
    mentions = list(article.mentions)
    entities = {e.id: e for e in article.entities}
    spans = [(m.start, m.end) for m in mentions]
    spans += [(i.start, i.end) for i in article.issues if i.type == "boilerplate"]  # credits, appeals
    taken = overlapping(spans, article.sentences)  # by sentence: each proposal is checked against its own
    sentence_starts = {s.start for s in article.sentences}
    for start, end, label in sorted(proposals):
        if start < 0 or end > len(text) or start >= end:
            continue
        sent = article.sentence_at(start)
        near = taken.setdefault(sent.index if sent else -1, [])
        if any(s < end and start < e for s, e in near):
            continue
        span = text[start:end]
        if not _plausible_name(span, start in sentence_starts):
            continue
        toks = tokenize(span)
        walk = trie_walk(data.names, toks, 0, len(toks)) if toks else []
        eid = next((p[0].entity_id for j, p in walk if j == len(toks)), None)
        if eid is None:
            eid = "new:" + slug(span)
            entities.setdefault(eid, Entity(id=eid, name=span, type=label_type.get(label, "ORG"),
                                            aliases=(span,), discovered=True))
        else:
            entities.setdefault(eid, kb.entities[eid])
        mentions.append(Mention(doc_id=article.document.id, start=start, end=end, text=span, entity_id=eid,
                                type=entities[eid].type, form="NAM", sentence=sent.index if sent else None,
                                extractor="entities.proposal"))
        near.append((start, end))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return dataclasses.replace(article, mentions=tuple(mentions), entities=tuple(entities.values()))


_CAPITALISED = re.compile(r"(?<![\w’'])[A-ZÀ-ÖØ-Þ][\w’'-]*")
_WORD = re.compile(r"\S+")
TAGGER_CONTEXT = 16  # words the tagger reads on each side of a name nobody recognised


def tagger_windows(article: Article, not_names: frozenset, context: int = TAGGER_CONTEXT) -> list[tuple[int, int]]:
    """The stretches of text the tagger must read, as (start, end) offsets: each capitalised word
    that no mention covers, with `context` words either side within its sentence (overlaps merged).

    Only such words can give the tagger something to add, so the rest of the text is not tagged.
    A sentence's first word and capitalised function words ("La" after a quote, `not_names`)
    are not names on their own. On the Italian articles that bench/pipeline_speed.py reads, the
    tagger sees 12 % of the tokens instead of the 24 % in whole sentences with such a word; on
    KIND WN_dev, windows of 16 words score 0.851 F1 against 0.852 for whole sentences."""
    covered_at = by_sentence(article.mentions, article.sentences)
    out: list[tuple[int, int]] = []
    for sent in article.sentences:
        covered = [(m.start, m.end) for m in covered_at.get(sent.index, ())]
        words: list[tuple[int, int]] = []
        for match in _CAPITALISED.finditer(sent.text):
            if match.start() == 0 or match.group().lower() in not_names:
                continue
            a, b = sent.start + match.start(), sent.start + match.end()
            if any(s <= a and b <= e for s, e in covered):
                continue
            if not words:
                words = [(sent.start + w.start(), sent.start + w.end()) for w in _WORD.finditer(sent.text)]
            i = bisect.bisect_right(words, (a, len(article.document.text))) - 1
            lo, hi = words[max(0, i - context)][0], words[min(len(words) - 1, i + context)][1]
            if out and out[-1][1] >= lo and out[-1][0] >= sent.start:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
    return out


def _plausible_name(span: str, at_sentence_start: bool) -> bool:
    """Filters for a tagger's proposal: a name starts with a capital; one capitalised word
    opening a sentence is as likely a common word; a run of words in capitals is shouting
    (headlines, appeals), not a name."""
    words = span.split()
    if not span[0].isupper():
        return False
    if len(words) == 1 and at_sentence_start:
        return False
    return not (len(words) > 1 and span.isupper())


@stage("entities", requires=("sentences", "issues"), adds=("mentions", "entities"))
def entities_stage(article: Article, res: Resources) -> Article:
    doc = article.document
    if not res.supports(doc.language):
        return article
    mentions, entities = find_mentions(doc.id, doc.text, article.sentences, doc.published, res.kb, doc.language)
    article = dataclasses.replace(article, mentions=mentions, entities=entities)
    tagger = res.names(doc.language)
    if tagger is not None:
        limit = res.model_limit(article)
        spans = [w for w in tagger_windows(article, entity_data(res.kb, tagger.lang).words.get("not_names", frozenset()))
                 if w[1] <= limit]
        if spans:
            article = merge_proposals(article, tagger.predict(doc.text, spans), res.kb)
    return article
