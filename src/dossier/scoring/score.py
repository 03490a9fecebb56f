"""Scoring one article's extraction against its gold file, layer by layer, and `evaluate`.

Layers and rules (the gold README, section 7):

* entity mentions: NAM+MET+NOM mentions of required entities; strict = exact offsets (or the
  `span_with_article` boundary), lenient = overlap. Optional entities, optional and TTL
  mentions, and (for this score) ADJ mentions are ignored: a system mention that meets only
  them neither counts nor costs. System ADJ mentions are scored apart against gold ADJ.
* linking: on lenient pairs, the system entity id must denote the gold entity (`links.py`).
* quantities: overlapping surface + value/range + unit + direction; then bound, period,
  source and stance on the matched pairs.
* events: type + trigger overlap (primary) or type + sentence/evidence overlap; gold events
  of one document with the same cross_doc_key and type form one unit, found when any of
  them is matched; then participants, coarse modality, date and source on matched pairs.
* claims: source over matched quantities and events; stance over quantities plus the
  coarse modality of events.
* publication date: the document's date inside the gold `published_range`.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..extract import baseline as _baseline  # noqa: F401  (registers the BASELINE_STAGES)
from ..pipeline import DEFAULT_STAGES, Pipeline, Resources
from ..records import Article, Event, Mention, Quantity
from .corpus import corpus_documents, pair_documents
from ..errors import GoldError
from .gold import GoldDoc, GoldEvent, GoldMention, GoldQuantity, load_gold_dir
from .links import Linker, load_gold_links
from .match import (any_overlap, date_matches, greedy_pairs, overlap, period_matches,
                    published_in_range, unit_matches, value_matches)
from .metrics import PRF
from .report import DocScores, EvalReport

PRIMARY_FORMS = ("NAM", "MET", "NOM")
BASELINE_STAGES = ("sentences", "baseline_entities", "baseline_quantities", "baseline_published")


# --- entity mentions -----------------------------------------------------------------------

def score_mentions(required: Sequence[GoldMention], ignored: Sequence[GoldMention],
                   system: Sequence[Mention], strict: bool) -> tuple[PRF, list[tuple[Mention, GoldMention]]]:
    def key(m: Mention, g: GoldMention):
        span = (m.start, m.end)
        if strict:
            return (1,) if span in g.spans else None
        ov = max(overlap(span, s) for s in g.spans)
        if ov <= 0:
            return None
        # On equal overlap prefer the mention whose boundaries are closest to the gold's, so a
        # nested exact name wins over the longer mention around it.
        return (ov, -min(abs(m.start - s[0]) + abs(m.end - s[1]) for s in g.spans))

    pairs = greedy_pairs(system, required, key)
    matched = {i for i, _ in pairs}
    ignored_spans = [s for g in ignored for s in g.spans]
    n_pred = len(pairs) + sum(
        1 for i, m in enumerate(system) if i not in matched and not any_overlap((m.start, m.end), ignored_spans)
    )
    prf = PRF(tp_pred=len(pairs), n_pred=n_pred, tp_gold=len(pairs), n_gold=len(required))
    return prf, [(system[i], required[j]) for i, j in pairs]


def score_entity_layer(gold: GoldDoc, article: Article, linker: Linker, out: DocScores) -> Linker:
    """Mention and linking scores; returns the linker for the later layers of this article, where a
    discovered name counts as the gold entity outside the KB whose mentions it matched."""
    req = [g for g in gold.mentions if g.required and g.form in PRIMARY_FORMS]
    ign = [g for g in gold.mentions if not (g.required and g.form in PRIMARY_FORMS)]
    sys_main = [m for m in article.mentions if m.form != "ADJ"]
    out.entities_strict, _ = score_mentions(req, ign, sys_main, strict=True)
    out.entities_lenient, pairs = score_mentions(req, ign, sys_main, strict=False)
    for m, g in pairs:
        out.linking.count(linker.same(m.entity_id, g.entity))
        out.linking_country.count(linker.same_country(m.entity_id, g.entity))
    adj_req = [g for g in gold.mentions if g.required and g.form == "ADJ"]
    adj_ign = [g for g in gold.mentions if not (g.required and g.form == "ADJ")]
    out.entities_adj, _ = score_mentions(adj_req, adj_ign, [m for m in article.mentions if m.form == "ADJ"], strict=False)
    # every gold mention counts here, optional ones too: a person the gold marks optional is still who spoke
    found = [m for m in article.mentions if (m.entity_id or "").startswith("new:")]
    return linker.with_discovered((m.entity_id, g.entity) for m in found for g in gold.mentions
                                  if g.form in PRIMARY_FORMS and overlap((m.start, m.end), (g.start, g.end)))


# --- quantities ----------------------------------------------------------------------------

def quantity_matches(q: Quantity, g: GoldQuantity, linker: Linker, value_only: bool = False) -> bool:
    """Overlapping surface + value/range (+ unit + direction unless `value_only`)."""
    if overlap((q.start, q.end), (g.start, g.end)) == 0:
        return False
    if not value_matches(q.value, q.low, q.high, g.value, g.range):
        return False
    if value_only:
        return True
    if not unit_matches(q.unit, g.unit):
        return False
    if g.from_entity and not linker.same(q.from_entity, g.from_entity):
        return False
    if g.to_entity and not linker.same(q.to_entity, g.to_entity):
        return False
    return True


def match_quantities(golds: Sequence[GoldQuantity], system: Sequence[Quantity], linker: Linker,
                     value_only: bool = False) -> tuple[PRF, list[tuple[Quantity, GoldQuantity]]]:
    """Required gold quantities for recall; a system quantity matched to an optional one, or
    unmatched but overlapping an optional surface, is ignored."""
    def key(q: Quantity, g: GoldQuantity):
        if not quantity_matches(q, g, linker, value_only):
            return None
        return (g.required, overlap((q.start, q.end), (g.start, g.end)))

    pairs = greedy_pairs(system, golds, key)
    counted = [(system[i], golds[j]) for i, j in pairs if golds[j].required]
    matched = {i for i, _ in pairs}
    optional_spans = [(g.start, g.end) for g in golds if not g.required]
    fp = sum(1 for i, q in enumerate(system) if i not in matched and not any_overlap((q.start, q.end), optional_spans))
    prf = PRF(tp_pred=len(counted), n_pred=len(counted) + fp, tp_gold=len(counted), n_gold=sum(g.required for g in golds))
    return prf, counted


def score_quantity_layer(gold: GoldDoc, article: Article, linker: Linker, out: DocScores) -> None:
    out.quantities_value, _ = match_quantities(gold.quantities, article.quantities, linker, value_only=True)
    out.quantities, counted = match_quantities(gold.quantities, article.quantities, linker)
    for q, g in counted:
        out.q_bound.count(q.bound in g.qualifiers)
        out.q_period.count(period_matches(q.period, g.window))
        source_ok = linker.accepts(q.source_entity, g.sources)
        out.q_source.count(source_ok)
        out.q_stance.count(q.stance in g.stances)
        out.claim_source.count(source_ok)
        out.claim_stance.count(q.stance in g.stances)


# --- events --------------------------------------------------------------------------------

def _sentence_span(ev: Event, article: Article) -> tuple[int, int]:
    if ev.sentence is not None and 0 <= ev.sentence < len(article.sentences):
        s = article.sentences[ev.sentence]
        return s.start, s.end
    s = article.sentence_at(ev.start)
    return (s.start, s.end) if s else (ev.start, ev.end)


def match_events(golds: Sequence[GoldEvent], system: Sequence[Event], article: Article,
                 by_sentence: bool) -> tuple[PRF, list[tuple[Event, GoldEvent]]]:
    """Type + trigger overlap (or type + sentence overlapping an evidence span).

    Recall counts units: the required gold events of one document that share cross_doc_key
    and type are one unit, found by a match with any member, so a system that merges them
    loses nothing. Precision counts system events; one that meets only optional units is
    ignored, a second system event on an already matched gold event is a false positive."""
    required_groups = {g.group for g in golds if g.required}

    def overlap_with(ev: Event, g: GoldEvent) -> int:
        if ev.type != g.type:
            return 0
        if by_sentence:
            span = _sentence_span(ev, article)
            return max((overlap(span, e) for e in g.evidence), default=0)
        return overlap((ev.start, ev.end), g.trigger)

    def key(ev: Event, g: GoldEvent):
        ov = overlap_with(ev, g)
        return (g.group in required_groups, g.required, ov) if ov > 0 else None

    pairs = greedy_pairs(system, golds, key)
    matched = {i for i, _ in pairs}
    counted = [(system[i], golds[j]) for i, j in pairs if golds[j].group in required_groups]
    fp = 0
    for i, ev in enumerate(system):
        if i in matched:
            continue
        hits = [g for g in golds if overlap_with(ev, g) > 0]
        if not hits or any(g.group in required_groups for g in hits):
            fp += 1
    found = {g.group for _, g in counted}
    prf = PRF(tp_pred=len(counted), n_pred=len(counted) + fp, tp_gold=len(found), n_gold=len(required_groups))
    return prf, counted


def score_participants(ev: Event, g: GoldEvent, linker: Linker) -> PRF:
    system = [(p.entity_id, p.role) for p in ev.participants]
    gold = list(g.participants)
    pairs = greedy_pairs(system, gold,
                         lambda s, t: (1,) if s[1] == t[1] and linker.same(s[0], t[0]) else None)
    return PRF(tp_pred=len(pairs), n_pred=len(system), tp_gold=len(pairs), n_gold=len(gold))


def score_event_layer(gold: GoldDoc, article: Article, linker: Linker, out: DocScores) -> None:
    out.events, pairs = match_events(gold.events, article.events, article, by_sentence=False)
    out.events_sentence, _ = match_events(gold.events, article.events, article, by_sentence=True)
    for ev, g in pairs:
        out.participants.add(score_participants(ev, g, linker))
        modality_ok = ev.modality in g.modalities
        out.ev_modality.count(modality_ok)
        out.ev_date.count(date_matches(ev.date, g.date))
        source_ok = linker.accepts(ev.source_entity, g.sources)
        out.ev_source.count(source_ok)
        out.claim_source.count(source_ok)
        out.claim_stance.count(modality_ok)


# --- one article, one folder ---------------------------------------------------------------

def score_article(gold: GoldDoc, article: Article, linker: Linker) -> DocScores:
    out = DocScores(doc_id=gold.doc_id)
    linker = score_entity_layer(gold, article, linker, out)
    score_quantity_layer(gold, article, linker, out)
    score_event_layer(gold, article, linker, out)
    if gold.published_range:
        out.published.count(published_in_range(article.document.published, gold.published_range))
    out.published_value = article.document.published
    return out


def gold_qids(golds: Sequence[GoldDoc]) -> dict[str, str | None]:
    qids: dict[str, str | None] = {}
    for g in golds:
        for key, qid in g.entity_qids.items():
            if qids.get(key) is None:
                qids[key] = qid
    return qids


def evaluate(gold_dir: Path | str, corpus_dir: Path | str, stages: Sequence[str] | None = None, *,
             resources: Resources | None = None,
             links: dict[str, tuple[str, ...]] | None = None, lang: str | None = None) -> EvalReport:
    """Run the pipeline in memory on every annotated article of `corpus_dir` and score it.

    `stages` None = the default pipeline; `BASELINE_STAGES` gives the reference baseline.
    `links` overrides the gold_links.yaml table (tests). `lang` scores only the articles of one
    language (the gold's `language`, else the detected one) of a mixed corpus."""
    golds = load_gold_dir(gold_dir)
    pairings = pair_documents(golds, corpus_documents(corpus_dir))
    if lang:
        pairings = [p for p in pairings if (p.gold.raw.get("language") or p.document.language) == lang]
        if not pairings:
            raise GoldError(f"no annotated article in {corpus_dir} is in language {lang!r}",
                            hint="drop --lang, or pass the language code of some of its articles (it, en)")
    pipe = Pipeline(tuple(stages) if stages is not None else DEFAULT_STAGES, resources)
    kb_entities = getattr(pipe.resources.kb, "entities", None) or {}
    linker = Linker(kb_entities, gold_qids(golds), load_gold_links() if links is None else links)
    notes = []
    if not kb_entities:
        notes.append("the knowledge base is empty: every link, participant, direction and source is scored wrong")
    docs = []
    for p in pairings:
        if not p.exact_text:
            notes.append(f"{p.gold.doc_id}: the ingested text differs from the annotated text; offsets may not line up")
        article = pipe.run(Article(document=p.document))
        docs.append(score_article(p.gold, article, linker))
    return EvalReport(gold_dir=str(gold_dir), corpus_dir=str(corpus_dir), stages=pipe.signature,
                      docs=tuple(docs), notes=tuple(notes))
