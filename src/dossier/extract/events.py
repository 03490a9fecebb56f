"""Events of the story's types with participants, date and modality."""
from __future__ import annotations

from ..pipeline import Resources, stage
from ..records import Article


@stage("events", requires=("sentences", "mentions", "times"), adds=("events",))
def events_stage(article: Article, res: Resources) -> Article:
    return article  # TODO(extraction): not yet implemented
