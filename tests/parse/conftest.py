"""Shared by the parser tests: an independent check that heads form a tree with one root."""
from __future__ import annotations

import pytest


def is_tree_with_one_root(heads) -> bool:
    n = len(heads)
    if sum(h == 0 for h in heads) != 1 or any(not 0 <= h <= n or h == i + 1 for i, h in enumerate(heads)):
        return False
    for i in range(1, n + 1):  # every word reaches the root in at most n steps
        v, steps = i, 0
        while v != 0 and steps <= n:
            v, steps = heads[v - 1], steps + 1
        if v != 0:
            return False
    return True


@pytest.fixture
def tree_ok():
    return is_tree_with_one_root
