"""Who tells of a record, read from the parse: the speaker of the nearest verb of saying above it.

From a figure's or an event's head word the parse is walked up, clause by clause: the first verb of
saying met (a cue verb of `lang/<code>/cues.yaml`) gives the claimant, its subject (or the agent of a
passive, or the name after "secondo/according to" that hangs on it); a source phrase ("secondo X",
"according to X") on a verb passed on the way gives it directly. The walk never credits the record's
own subject: in "X avrebbe fornito a Y ..., ha detto Z" the claimant is Z, and in "The Kremlin said
Pyongyang had sent troops, RIA Novosti reported" it is the Kremlin (RIA relays it, `via`).
"""
from __future__ import annotations

from ..records import Mention
from ..text import ParseView
from .arguments import _mentions_of
from .cues import Cues

# the links from a reported clause up to its verb of saying ("said that ...", ", ha detto X"); not temporal
# or relative clauses ("quando Kim ha fatto visita"), whose facts the writer gives as background
_CLAUSE_LINKS = frozenset({"ccomp", "parataxis"})


def _cue_verb(view: ParseView, w: int, cu: Cues) -> bool:
    lem, form = view.p.lemmas[w], view.p.forms[w].lower()
    return view.p.upos[w] in ("VERB", "AUX") and (lem in cu.verbs or form in cu.verbs)


def _source_phrase(view: ParseView, w: int, cu: Cues, mentions: list[Mention]) -> Mention | None:
    """ "secondo l'intelligence", "according to Kyiv": a source phrase hanging on word w."""
    for c in view.children[w]:
        if view.base_rel(c) not in ("obl", "nmod", "advcl"):
            continue
        marks = [view.p.lemmas[k] for k in view.children[c] if view.rel(k) in ("case", "mark")]
        if any(m in cu.prepositions for m in marks) or view.p.lemmas[c] in cu.prepositions:
            found = _mentions_of(view, c, mentions)
            if found:
                return found[0]
    return None


_NOMINAL_LINKS = frozenset({"nummod", "nmod", "obj", "nsubj", "nsubj:pass", "obl", "amod", "appos", "flat",
                            "compound", "det", "case", "iobj", "obl:agent"})


def claimant_from_parse(view: ParseView, start: int, end: int, cu: Cues, mentions: list[Mention]
                        ) -> tuple[Mention | None, Mention | None] | None:
    """(claimant, relaying source) of the record at [start, end), or None when the parse names no
    speaker above it (the article's own voice, or a structure the walk does not read).

    The walk climbs from the record to the verb of its own clause, then only from a reported clause
    to the verb that reports it (`ccomp`, `parataxis`): a relative or temporal clause ("il trattato
    firmato a giugno", "quando Kim ha fatto visita") is the writer's background, nobody's claim."""
    h = view.head_of_span(start, end)
    if h is None:
        return None
    w, steps = h, 0
    while not view.is_verb(w) and view.rel(w) in _NOMINAL_LINKS and view.head(w) >= 0 and steps < 4:
        w, steps = view.head(w), steps + 1  # the figure's noun up to the verb of its clause
    found: list[Mention] = []
    src = _source_phrase(view, w, cu, mentions)
    if src is not None:
        found.append(src)
    while len(found) < 2 and view.rel(w) in _CLAUSE_LINKS and view.head(w) >= 0:
        w = view.head(w)
        src = _source_phrase(view, w, cu, mentions)
        if src is not None:
            found.append(src)
        elif _cue_verb(view, w, cu):
            subj = [c for c in view.children[w] if view.rel(c) in ("nsubj", "obl:agent")]
            speakers = _mentions_of(view, subj[0], mentions) if subj else []
            if speakers:
                found.append(speakers[0])
    if not found:
        return None
    return found[0], (found[1] if len(found) > 1 and found[1].entity_id != found[0].entity_id else None)
