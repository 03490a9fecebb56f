"""Attributed claims: who says it, the cue, the stance; attribution of quantities and events."""
from __future__ import annotations

from ..pipeline import Resources, stage
from ..records import Article


@stage("claims", requires=("sentences", "mentions", "quantities", "events"), adds=("claims",))
def claims_stage(article: Article, res: Resources) -> Article:
    return article  # TODO(extraction): not yet implemented
