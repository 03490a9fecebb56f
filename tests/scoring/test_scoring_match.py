import pytest

from dossier.scoring.match import (close, date_matches, greedy_pairs, normalise_unit, overlap,
                                   period_matches, published_in_range, unit_matches, value_matches)


def test_overlap_half_open():
    assert overlap((0, 5), (5, 9)) == 0
    assert overlap((0, 6), (5, 9)) == 1
    assert overlap((2, 4), (0, 10)) == 2


def test_greedy_pairs_one_to_one_prefers_larger_key():
    system = [(0, 10), (3, 5)]
    gold = [(4, 6)]
    pairs = greedy_pairs(system, gold, lambda s, g: (overlap(s, g),) if overlap(s, g) else None)
    assert pairs == [(0, 0)]  # (0,10) overlaps 2 chars, (3,5) only 1; the gold is taken once


def test_value_within_one_percent():
    assert close(10050, 10000)
    assert not close(10200, 10000)
    assert value_matches(11000, None, None, 11000, None)
    assert not value_matches(12000, None, None, 11000, None)


def test_value_from_system_bound_when_no_value():
    assert value_matches(None, 3000, None, 3000, None)


def test_vague_range_needs_both_bounds():
    assert value_matches(None, 2000, None, None, (2000, None))
    assert not value_matches(None, 2000, 5000, None, (2000, None))
    assert value_matches(None, 10000, 12000, None, (10000, 12000))


@pytest.mark.parametrize("system,gold,ok", [
    ("USD", "dollar", True), ("dollars", "USD", True), ("Containers", "container", True),
    ("troops", "soldier", True), ("country", "country or organisation", True),
    ("MKD", "MKD (Macedonian denar)", True), ("shell", "rocket", False), (None, "USD", False),
])
def test_units(system, gold, ok):
    assert unit_matches(system, gold) is ok


def test_normalise_unit_keeps_unknown_words():
    assert normalise_unit("Widgets") == {"widget"}


def test_date_at_gold_precision():
    assert date_matches("2024-06-18", "2024-06")  # month precision gold, day system
    assert not date_matches("2024-07-02", "2024-06")
    assert not date_matches("2024", "2024-06")  # coarser than the gold
    assert date_matches("2024-06-18/2024-06-19", "2024-06-18/2024-06-19")
    assert not date_matches("2024-06-18", "2024-06-18/2024-06-19")
    assert date_matches(None, None)
    assert not date_matches("2024-06", None)


def test_period_against_time_window():
    assert period_matches("2023-09/2024-06", ("2023-09", "2024-06"))
    assert period_matches("2023-09-01/2024-06-17", ("2023-09", "2024-06"))
    assert not period_matches("2023-08/2024-06", ("2023-09", "2024-06"))
    assert period_matches("2025-01-13", (None, "2025-01-13"))  # cumulative count: end only
    assert period_matches(None, None)
    assert not period_matches("2024", None)


def test_published_in_range():
    rng = ("2024-06-12", "2024-06-17")
    assert published_in_range("2024-06-17", rng)
    assert not published_in_range("2024-06-18", rng)
    assert published_in_range("2024-06", rng)  # the month overlaps the range
    assert published_in_range("2024-05", ("2024-05-28", "2024-06-03"))
    assert not published_in_range("2024-07", rng)
    assert not published_in_range("2024", rng)
    assert not published_in_range(None, rng)
