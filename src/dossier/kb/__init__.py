"""The knowledge base of the story's actors: data files with aliases, Wikidata ids, roles."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Entity


@dataclass
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "KnowledgeBase":
        return cls()  # TODO(extraction): load kb/*.yaml
