"""Quantities and flows: value or range, bound, unit, item, direction, period.

A figure is a number in digits with the language's separators ("11.000", "5,5" in Italian;
"11,000", "5.5" in English), a number word ("ventiquattro", "twenty-four"), a collective
("un centinaio", "a dozen") or a vague plural ("migliaia di", "hundreds of"), optionally scaled
("5,5 miliardi", "5.5 billion"), bounded ("circa", "più di", "more than", "tra 10.000 e 12.000",
"between 10,000 and 12,000") and followed by a counted noun ("container", "soldati", "troops").

Direction comes from the `mentions` layer of the same sentence (giver = subject of a transfer
verb or object of "da"/"from"; receiver = object of "in/a/verso"/"to" or subject of a receiving
verb; see `flows.py`), then from the flows already read in the article, then from the troops the
article names. Losses ("3.500 soldati uccisi o feriti", "troops killed") and goods used up by their
holder ("spara 10.000 colpi al giorno") have no direction. The period is in `periods.py`. All
vocabulary is language data (``lang/<code>/{numbers,bounds,units,flows,time_words}.yaml``),
chosen by ``article.document.language``.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from ..stage import Resources, stage
from ..records import Article, Mention, Quantity, Sentence, TimeExpr, record_id
from ..text import ParseView
from .arguments import flow_parties
from .buckets import overlapping
from .sentences import is_headline
from .figures import Figure, Lexicon, lexicon, parse_number, sentence_figures
from .flows import country_of, direction, flow_class, place_state
from .periods import before_period, clause_bounds, elapsed_period, nearest_period, ongoing_period

__all__ = ["extract_quantities", "lexicon", "parse_number", "quantities_stage"]


def _as_state(kb: Any, lex: Lexicon, m: Mention) -> Mention:
    """A city or region mention read as its state, so that it can be a party of a flow."""
    if m.type not in ("GPE", "LOC") or m.form == "ADJ" or not m.entity_id:
        return m
    state = place_state(kb, lex, m)
    return m if state == m.entity_id else dataclasses.replace(m, entity_id=state, type="GPE")


def _consumed(lex: Lexicon, f: Figure) -> bool:
    """ "Russia fires thousands of rounds a day": a use verb and no transfer verb in the figure's clause."""
    text, off = f.sentence.text, f.sentence.start
    c0, c1 = clause_bounds(text, f.start - off, f.end - off)
    clause = text[c0:c1]
    return bool(lex.use.search(clause)) and not (lex.transfer.search(clause) or lex.receive.search(clause))


def _troop_origin(lex: Lexicon, article: Article) -> str | None:
    """The state whose troops the article names ("i militari nordcoreani", "North Korean troops"),
    when one state clearly leads: the origin of troop figures that name none."""
    text = article.document.text
    seen = Counter(m.entity_id for m in article.mentions if m.form == "ADJ" and m.entity_id
                   and lex.personnel_noun.search(text[max(0, m.start - 25):m.start]))
    top = seen.most_common(2)
    if not top or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]


def extract_quantities(article: Article, kb: Any = None, parse_mode: str = "fill") -> tuple[Quantity, ...]:
    doc = article.document
    lex = lexicon(doc.language or "it")
    skip = [(i.start, i.end) for i in article.issues if i.type == "boilerplate"]
    skip += [(t.start, t.end) for t in article.times if t.precision != "unknown" or t.value]
    by_sent_m: dict[int, list[Mention]] = {}
    for m in article.mentions:
        s = m.sentence if m.sentence is not None else (article.sentence_at(m.start).index if article.sentence_at(m.start) else -1)
        by_sent_m.setdefault(s, []).append(m)
    placed: dict[int, list[Mention]] = {}  # mentions with cities and regions read as their state
    by_sent_t: dict[int, list[TimeExpr]] = {}
    for t in article.times:
        by_sent_t.setdefault(t.sentence if t.sentence is not None else -1, []).append(t)
    view = ParseView.of(article)
    # the parse fills a side of a flow the word rules left open ("handed Russia missiles"); letting it
    # override them lost 0.12 of quantity F1 on Italian wire copy (parse errors on "10mila"), gained
    # nothing more in English. The `parse_flows` setting chooses.
    figs: list[Figure] = []
    skip_at = overlapping(skip, article.sentences)
    for sent in article.sentences:
        if is_headline(sent, doc.text):
            continue  # a headline repeats figures of the body
        adj = [m for m in by_sent_m.get(sent.index, []) if m.form == "ADJ"]
        figs.extend(sentence_figures(lex, sent, skip_at.get(sent.index, []), adj))
    out: list[Quantity] = []
    guesses: dict[int, tuple[str | None, str | None]] = {}
    used: set[int] = set()  # goods used up by their holder: no direction
    pairs: Counter[tuple[str, str, str]] = Counter()
    prev_unit: str | None = None
    recent_military = -10
    for f in figs:
        sent = f.sentence
        if lex.military.search(sent.text):
            recent_military = sent.index
        # a figure without a noun counts what the clause counted last ("ne contava circa 5.000")
        if f.unit is None:
            f.unit = prev_unit
            if f.unit is None:
                continue
        # "5.000 uomini" near soldiers are soldiers; "14 civili" stay civilians
        if f.unit == "person" and f.item not in lex.civilian_items and (sent.index - recent_military <= 3 or prev_unit == "soldier"):
            f.unit = "soldier"
        prev_unit = f.unit if f.unit in ("soldier", "person") or f.item is not None else prev_unit
        kind = lex.unit_kind.get(f.unit, "count")
        # "2.100 uomini uccisi o feriti", "troops killed or wounded": a count of losses, never a flow
        tail = f.noun_end
        for m in by_sent_m.get(sent.index, []):
            if m.form == "ADJ" and 0 <= m.start - tail <= 2:
                tail = m.end  # "soldati bielorussi uccisi": past the demonym
                break
        if f.item not in lex.casualty_items and (lex.casualty_after.match(doc.text[tail:tail + 40]) or
                                                 f.unit == "person" and lex.casualty_before.search(
                                                     doc.text[max(sent.start, f.start - 30):f.start])):
            f.item = "casualty"  # "... uccisi", "killed at least two people": people harmed, never a flow
        casualty = f.item in lex.casualty_items
        if sent.index not in placed:
            placed[sent.index] = [_as_state(kb, lex, m) for m in by_sent_m.get(sent.index, [])]
        ms = placed[sent.index]
        src = dst = None
        if kind == "flow" and _consumed(lex, f):
            used.add(len(out))
        elif (kind in ("flow", "personnel") or f.unit == "visit") and not casualty:
            src, dst, guess = direction(lex, f, ms)
            if view is not None and parse_mode != "off":
                parties = flow_parties(view, f.start, f.end, [m for m in ms if m.form != "ADJ"], lex.code,
                                       lex.transfer, lex.receive)
                if parties is not None:
                    giver, taker = (m.entity_id if m is not None else None for m in parties)
                    if giver and (parse_mode == "override" or src is None):
                        src = giver
                    if taker and (parse_mode == "override" or dst is None) and taker != src:
                        dst = taker
            src, dst = country_of(kb, src), country_of(kb, dst)
            guesses[len(out)] = (country_of(kb, guess[0]), country_of(kb, guess[1]))
            if src and dst and src != dst:
                pairs[(flow_class(lex, f.unit), src, dst)] += 1
        c0, c1 = clause_bounds(sent.text, f.start - sent.start, f.end - sent.start)
        window = sent.text[c0:c1]
        hypothetical = kind in ("flow", "personnel") and bool(lex.hypothetical.search(window))
        period = None
        value = None
        if kind in ("flow", "personnel", "event_count") or casualty:
            period = nearest_period(f.start, f.end, sent, by_sent_t.get(sent.index, []), lex.now_words)
            if period is not None:
                value = before_period(period, f.start, doc.text, lex.after) or period.value
            elif kind == "flow" and not casualty:
                value = ongoing_period(sent, doc.published, getattr(kb, "timeline", ()))
        elif f.value and doc.published and lex.elapsed.search(sent.text[max(0, f.start - sent.start - 12):f.start - sent.start]):
            value = elapsed_period(f.value, f.unit, f.bound, doc.published, doc.text)
        out.append(Quantity(
            doc_id=doc.id, start=f.start, end=f.end, text=doc.text[f.start:f.end], value=f.value, low=f.low,
            high=f.high, bound=f.bound, unit=f.unit, item=f.item, from_entity=src, to_entity=dst,
            period=value, period_start=period.start if period else None,
            period_end=period.end if period else None, hypothetical=hypothetical,
            stance="hypothetical" if hypothetical else "asserted", sentence=sent.index,
            id=record_id("quantity", doc.id, f.start, f.end), extractor="quantities.grammar"))
    # Fill a missing side of a flow from the flows already read in the article (same giver or receiver).
    origin = _troop_origin(lex, article)
    filled = []
    for i, q in enumerate(out):
        kind = lex.unit_kind.get(q.unit or "", "count")
        if (kind in ("flow", "personnel") and q.item not in lex.casualty_items and i not in used
                and not (q.from_entity and q.to_entity)):
            cls = flow_class(lex, q.unit)
            same = [(n, (a, b)) for (c, a, b), n in pairs.items() if c == cls]
            cands = [(n, p) for n, p in same if q.from_entity in (None, p[0]) and q.to_entity in (None, p[1])]
            # the counterpart of a known party: money earned by the giver of goods flows back
            cands = cands or [(n, (p[1], p[0])) for n, p in pairs.items() and [(n, (a, b)) for (c, a, b), n in pairs.items()]
                              if (q.from_entity or q.to_entity) and q.from_entity in (None, p[1]) and q.to_entity in (None, p[0])]
            if cands:
                _, (a, b) = max(cands)
                q = dataclasses.replace(q, from_entity=q.from_entity or a, to_entity=q.to_entity or b)
            elif i in guesses:
                a, b = guesses[i]
                q = dataclasses.replace(q, from_entity=q.from_entity or a, to_entity=q.to_entity or b)
            if kind == "personnel" and q.from_entity is None and q.to_entity and origin not in (None, q.to_entity):
                q = dataclasses.replace(q, from_entity=origin)  # the troops the article is about
        filled.append(q)
    return tuple(filled)


@stage("quantities", requires=("sentences", "parse", "issues", "mentions", "times"), adds=("quantities",))
def quantities_stage(article: Article, res: Resources) -> Article:
    if not res.supports(article.document.language):
        return article
    return dataclasses.replace(article, quantities=extract_quantities(article, res.kb,
                                                                      res.settings.get("parse_flows", "fill")))
