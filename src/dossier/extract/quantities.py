"""Quantities and flows: value or range, bound, unit, item, direction, period."""
from __future__ import annotations

from ..pipeline import Resources, stage
from ..records import Article


@stage("quantities", requires=("sentences", "mentions", "times"), adds=("quantities",))
def quantities_stage(article: Article, res: Resources) -> Article:
    return article  # TODO(extraction): not yet implemented
