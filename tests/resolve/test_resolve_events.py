"""Event mentions of many articles grouped into the story's events (dossier.resolve)."""
from __future__ import annotations

import pytest

from dossier.kb import KnowledgeBase
from dossier.records import Claim, Event, Participant
from dossier.resolve import cluster_events, speech_targets


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def ev(doc, start, type, date=None, **roles):
    parts = tuple(Participant(role=r.rstrip("_"), entity_id=e) for r, es in roles.items()
                  for e in (es if isinstance(es, tuple) else (es,)))
    return Event(doc_id=doc, start=start, end=start + 5, text="xxxxx", type=type, participants=parts, date=date,
                 id=f"event:{doc}:{start}-{start + 5}")


def groups(clusters):
    return sorted(sorted(c.members) for c in clusters)


def test_one_transfer_told_by_many_articles_in_both_directions_stays_two_flows(kb):
    events = [ev("a", 0, "TRANSFER", "2023-09", actor="PRK", recipient="RUS"),
              ev("b", 0, "TRANSFER", "2024-02", actor="PRK"),                  # no receiver named
              ev("c", 0, "TRANSFER", None, actor="PYONGYANG", recipient="KREMLIN"),  # capital and seat
              ev("d", 0, "TRANSFER", "2024-06", actor="RUS", recipient="PRK")]  # the other way round
    got = groups(cluster_events(events, kb))
    assert got == [["event:a:0-5", "event:b:0-5", "event:c:0-5"], ["event:d:0-5"]]


def test_visits_join_by_person_and_date(kb):
    events = [ev("a", 0, "VISIT", "2024-06-19", actor="PUTIN", location="PRK"),
              ev("b", 0, "VISIT", "2024-06", actor="PUTIN", location="PYONGYANG"),
              ev("c", 0, "VISIT", "2000-07", actor="PUTIN", location="PRK"),     # another visit
              ev("d", 0, "VISIT", "2024-06-19", actor="SHOIGU", location="PRK")]  # another visitor
    got = groups(cluster_events(events, kb))
    assert ["event:a:0-5", "event:b:0-5"] in got and len(got) == 3


def test_statements_join_across_articles_only_on_the_same_day(kb):
    events = [ev("a", 0, "STATEMENT", "2024-10-24", actor="PUTIN"),
              ev("b", 0, "STATEMENT", "2024-10-24", actor="PUTIN"),
              ev("c", 0, "STATEMENT", "2024-10", actor="PUTIN"),
              ev("d", 0, "STATEMENT", None, actor="PUTIN")]
    assert groups(cluster_events(events, kb)) == [["event:a:0-5", "event:b:0-5"], ["event:c:0-5"], ["event:d:0-5"]]


def test_an_accusation_joins_the_event_it_alleges_and_denials_of_it_join_each_other(kb):
    transfer = ev("a", 50, "TRANSFER", "2024-02", actor="PRK", recipient="RUS")
    accusation = ev("a", 0, "ACCUSATION", "2024-02-20", actor="USA")
    denial_1 = ev("b", 0, "DENIAL", "2024-03-01", actor="RUS")
    denial_2 = ev("c", 0, "DENIAL", "2024-05-02", actor="PRK")
    transfer_b = ev("b", 50, "TRANSFER", None, actor="PRK", recipient="RUS")
    transfer_c = ev("c", 50, "TRANSFER", None, actor="PRK", recipient="RUS")
    events = [transfer, accusation, denial_1, denial_2, transfer_b, transfer_c]
    claims = [Claim(doc_id="a", start=0, end=5, text="xxxxx", stance="asserted", about=(transfer.id,)),
              Claim(doc_id="b", start=0, end=5, text="xxxxx", stance="denied", about=(transfer_b.id,)),
              Claim(doc_id="c", start=0, end=5, text="xxxxx", stance="denied", about=(transfer_c.id,))]
    about = speech_targets(events, claims)
    assert about == {accusation.id: transfer.id, denial_1.id: transfer_b.id, denial_2.id: transfer_c.id}
    got = groups(cluster_events(events, kb, about=about))
    assert sorted([accusation.id, transfer.id, transfer_b.id, transfer_c.id]) in got
    assert sorted([denial_1.id, denial_2.id]) in got


def test_ids_are_kept_as_articles_arrive(kb):
    first = [ev("b", 0, "VISIT", "2024-06-19", actor="PUTIN", location="PRK")]
    [c1] = cluster_events(first, kb)
    previous = {eid: c1.id for eid in c1.members}
    later = [ev("a", 0, "VISIT", "2024-06-19", actor="PUTIN", location="PRK")] + first  # sorts first
    [c2] = cluster_events(later, kb, previous=previous)
    assert c2.id == c1.id and len(c2.members) == 2
    assert c2.date == "2024-06-19" and c2.docs == ("a", "b")


def test_nobody_named_joins_only_on_the_same_date(kb):
    events = [ev("a", 0, "AGREEMENT_SIGNED", "2000"), ev("b", 0, "AGREEMENT_SIGNED", "2000"),
              ev("c", 0, "AGREEMENT_SIGNED", "2001"), ev("d", 0, "AGREEMENT_SIGNED")]
    got = groups(cluster_events(events, kb))
    assert ["event:a:0-5", "event:b:0-5"] in got and len(got) == 3


def test_judgements_override_the_resolver(kb, tmp_path):
    from dossier.resolve import judgements as judged

    a = ev("a", 0, "VISIT", "2024-06-19", actor="PUTIN", location="PRK")
    b = ev("b", 0, "VISIT", "2024-06-19", actor="PUTIN", location="PRK")
    c = ev("c", 0, "VISIT", "2000-07-19", actor="PUTIN", location="PRK")
    path = tmp_path / "x.judgements.jsonl"
    judged.add(path, "different", (a.id, b.id), "two landings", "tester")
    judged.add(path, "same", ("cluster:old", c.id), "", "tester", members={"cluster:old": [a.id], "cluster:c": [c.id]})
    same, different, rejected = judged.constraints(judged.active(path), {})
    got = groups(cluster_events([a, b, c], kb, same=same, different=different, rejected=rejected))
    assert sorted([a.id, c.id]) in got and [b.id] in got  # the snapshot stands for the old cluster id
    judged.undo(path, 2)
    judged.add(path, "reject", (b.id,), "not the story's", "tester")
    same, different, rejected = judged.constraints(judged.active(path), {})
    clusters = cluster_events([a, b, c], kb, same=same, different=different, rejected=rejected)
    assert [cl.rejected for cl in clusters if b.id in cl.members] == [True]
    path.write_text(path.read_text() + "not json\n")
    with pytest.raises(Exception, match="x.judgements.jsonl:5"):
        judged.load(path)
