"""Date and period expressions, and the publication date when metadata lacks it."""
from __future__ import annotations

from ..pipeline import Resources, stage
from ..records import Article


@stage("times", requires=("sentences",), adds=("times",))
def times_stage(article: Article, res: Resources) -> Article:
    return article  # TODO(extraction): not yet implemented
