"""Why figures and tellings differ (dossier.resolve.conflicts), on records made for the tests."""
from __future__ import annotations

from dossier.records import Event, Participant, Quantity
from dossier.resolve import cluster_events
from dossier.resolve.conflicts import event_conflicts, quantity_conflicts, quantity_reason


def q(doc, start, value=None, bound="exact", frm="PRK", to="RUS", period=None, source="USA", stance="alleged",
      low=None, high=None, hypothetical=False, unit="container"):
    return Quantity(doc_id=doc, start=start, end=start + 4, text="xxxx", value=value, low=low, high=high, bound=bound,
                    unit=unit, from_entity=frm, to_entity=to, period=period, source_entity=source, stance=stance,
                    hypothetical=hypothetical, id=f"quantity:{doc}:{start}")


def test_each_difference_gets_the_first_reason_that_explains_it():
    us = q("a", 0, 11000, "about", period="2023-09/2024-06")
    assert quantity_reason(us, q("b", 0, 6700, "about", period="2023-08/2024-02", source="KOR")) == "different_period"
    assert quantity_reason(us, q("b", 0, 9000, "at_least", frm="RUS", to="PRK", period="2023-09/2024-06")) \
        == "different_direction"
    assert quantity_reason(us, q("b", 0, low=2000, bound="vague")) == "vague_vs_precise"
    assert quantity_reason(us, q("b", 0, 3_000_000, hypothetical=True)) == "hypothetical"
    assert quantity_reason(q("a", 0, 5.5e9, "up_to", unit="USD"), q("a", 9, 1.7e9, "at_least", unit="USD")) \
        == "range_bounds"
    assert quantity_reason(us, q("b", 0, 11000, period="2023-09/2024-06")) is None  # about 11,000 = 11,000
    assert quantity_reason(us, q("b", 0, 500, frm="IRN", to="RUS")) is None  # another flow
    assert quantity_reason(q("a", 0, 100), q("b", 0, 900)) == "true_contradiction"
    assert quantity_reason(q("a", 0, 100), q("b", 0, 900, source="KOR")) == "different_claimant"
    assert quantity_reason(q("a", 0, 100), q("b", 0, 900, period="2024-10")) == "period_unknown"


def test_figures_are_grouped_by_reason_and_parties_and_never_averaged():
    found = quantity_conflicts([q("a", 0, 11000, period="2023-09/2024-06"), q("b", 0, 6700, period="2023-08/2024-02"),
                                q("c", 0, 9000, frm="RUS", to="PRK", period="2023-09/2024-06")])
    reasons = sorted(c.reason for c in found)
    assert reasons == ["different_direction", "different_period"]
    period = next(c for c in found if c.reason == "different_period")
    assert sorted(cl["value"] for cl in period.claims) == [6700, 11000]
    assert not period.is_true_contradiction


def ev(doc, start, type, modality="happened", date=None, **roles):
    parts = tuple(Participant(role=r, entity_id=e) for r, e in roles.items())
    return Event(doc_id=doc, start=start, end=start + 4, text="xxxx", type=type, participants=parts, date=date,
                 modality=modality, id=f"event:{doc}:{start}")


def test_a_denial_by_a_party_meets_the_transfers_it_is_accused_of():
    events = [ev("a", 0, "TRANSFER", "alleged", actor="PRK", recipient="RUS"),
              ev("b", 0, "TRANSFER", "alleged", actor="PRK", recipient="RUS"),
              ev("c", 0, "DENIAL", actor="RUS")]
    clusters = cluster_events(events, None)
    [c] = event_conflicts(clusters, {e.id: e for e in events}, {}, {})
    assert c.reason == "accusation_vs_denial" and c.is_true_contradiction
    assert {cl["stance"] for cl in c.claims} == {"alleged", "denied"}


def test_planned_and_happened_in_articles_of_different_dates():
    events = [ev("a", 0, "VISIT", "planned", "2024-06-19", actor="PUTIN", location="PRK"),
              ev("b", 0, "VISIT", "happened", "2024-06-19", actor="PUTIN", location="PRK")]
    clusters = cluster_events(events, None)
    found = event_conflicts(clusters, {e.id: e for e in events}, {}, {"a": "2024-06-17", "b": "2024-06-19"})
    assert [c.reason for c in found] == ["planned_vs_happened"]
    assert event_conflicts(clusters, {e.id: e for e in events}, {}, {"a": "2024-06-19", "b": "2024-06-19"}) == []
