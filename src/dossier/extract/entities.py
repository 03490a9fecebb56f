"""Entity mentions linked to the knowledge base."""
from __future__ import annotations

from ..pipeline import Resources, stage
from ..records import Article


@stage("entities", requires=("sentences",), adds=("mentions", "entities"))
def entities_stage(article: Article, res: Resources) -> Article:
    return article  # TODO(extraction): not yet implemented
