"""Input quality: captions, photo credits, donation appeals and garbled passages."""
from __future__ import annotations

from ..pipeline import Resources, stage
from ..records import Article


@stage("issues", requires=("sentences",), adds=("issues",))
def issues_stage(article: Article, res: Resources) -> Article:
    return article  # TODO(extraction): not yet implemented
