"""Deciding whether a system entity id (a knowledge-base id) stands for a gold entity key.

The gold uses its own stable keys (`RUS`, `PUTIN`, `KREMLIN` ...); the system links to the
knowledge base. Three ways connect them, in this order:

1. a gold key identical to a KB id (the KB adopted the gold's key: `CHOE_SON_HUI`);
2. `gold_links.yaml`, a small reviewed table `GOLD_KEY: kb_id` for entities without a QID
   (unnamed groups, institutions whose QID the gold leaves null);
3. the same Wikidata QID on both sides (gold `qid`, KB `Entity.qid`);
4. within one article, for participants, sources and flow parties only (never for the linking
   figure itself): a discovered entity (`new:` id) stands for the gold entity outside the KB whose
   mentions it matched (`Linker.with_discovered`).

The gold README allows scoring at country level, where the presidency stands for its state:
`COUNTRY_LEVEL` maps `KREMLIN` to `RUS` and `WHITEHOUSE` to `USA`. Strict linking (exact
entity) is the main figure; country level is reported beside it.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import GoldError

COUNTRY_LEVEL = {"KREMLIN": "RUS", "WHITEHOUSE": "USA"}


def load_gold_links(path: Path | str | None = None) -> dict[str, tuple[str, ...]]:
    """Read the reviewed gold-key -> KB-id table (`gold_links.yaml` beside this module by default).

    A value may be one KB id or a list of them (one gold key that the KB splits in two).
    """
    if path is None:
        res = resources.files(__package__).joinpath("gold_links.yaml")
        text = res.read_text(encoding="utf-8") if res.is_file() else ""
        where = "src/dossier/scoring/gold_links.yaml"
    else:
        where = str(path)
        text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise GoldError(f"{where} is not valid YAML: {exc}", hint="one `GOLD_KEY: kb_id` per line") from exc
    if not isinstance(data, dict):
        raise GoldError(f"{where} must be a mapping GOLD_KEY: kb_id", hint="one `GOLD_KEY: kb_id` per line")
    table: dict[str, tuple[str, ...]] = {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) and v for v in values):
            raise GoldError(f"{where}: entry {key!r} must map to a KB id (a string) or a list of them",
                            hint=f"write `{key}: <kb id>`")
        table[str(key)] = tuple(values)
    return table


class Linker:
    def __init__(self, kb_entities: Mapping[str, Any] | None, gold_qids: Mapping[str, str | None],
                 table: Mapping[str, Iterable[str]] | None = None):
        self.kb = dict(kb_entities or {})
        self.gold_qids = dict(gold_qids)
        self.table = {k: frozenset(v) for k, v in (table or {}).items()}
        self._known = set(self.gold_qids) | set(self.table) | set(COUNTRY_LEVEL.values()) | set(self.kb)
        self._keys_cache: dict[str, frozenset[str]] = {}
        self._kb_qids = {getattr(e, "qid", None) for e in self.kb.values()} - {None}
        self.discovered: dict[str, frozenset[str]] = {}  # `new:` id -> gold keys, within one article

    def outside_kb(self, gold_key: str) -> bool:
        """A gold entity no KB id can denote (a person the knowledge base does not hold)."""
        return gold_key not in self.kb and not self.table.get(gold_key) and \
            self.gold_qids.get(gold_key) not in self._kb_qids

    def with_discovered(self, pairs: Iterable[tuple[str | None, str]]) -> "Linker":
        """This linker for one article, where a discovered entity (`new:` id) denotes the gold entity
        outside the KB whose mentions it matched ("Mykhailo Podolyak" named in the text, PODOLYAK in
        the gold): attribution to a name the system found but could not link is scored by its mentions."""
        votes: dict[str, dict[str, int]] = {}
        for eid, key in pairs:
            if eid and eid.startswith("new:") and key and self.outside_kb(key):
                votes.setdefault(eid, {})[key] = votes.setdefault(eid, {}).get(key, 0) + 1
        out = copy.copy(self)
        out._keys_cache = {}
        out.discovered = {eid: frozenset([max(v, key=v.get)]) for eid, v in votes.items()}
        return out

    def same(self, kb_id: str | None, gold_key: str | None) -> bool:
        """True when the system's KB id denotes exactly the gold entity."""
        if not kb_id or not gold_key:
            return False
        if kb_id == gold_key and kb_id in self.kb:
            return True
        if gold_key in self.discovered.get(kb_id, ()):
            return True
        if kb_id in self.table.get(gold_key, ()):
            return True
        gold_qid = self.gold_qids.get(gold_key)
        kb_qid = getattr(self.kb.get(kb_id), "qid", None)
        return bool(gold_qid and kb_qid and gold_qid == kb_qid)

    def gold_keys(self, kb_id: str | None) -> frozenset[str]:
        """Every gold key the KB id denotes (normally zero or one)."""
        if not kb_id:
            return frozenset()
        if kb_id not in self._keys_cache:
            self._keys_cache[kb_id] = frozenset(g for g in self._known if self.same(kb_id, g))
        return self._keys_cache[kb_id]

    def same_country(self, kb_id: str | None, gold_key: str | None) -> bool:
        """Like `same`, but the Kremlin counts as Russia and the White House as the US."""
        if not kb_id or not gold_key:
            return False
        target = COUNTRY_LEVEL.get(gold_key, gold_key)
        return self.same(kb_id, gold_key) or any(COUNTRY_LEVEL.get(k, k) == target for k in self.gold_keys(kb_id))

    def accepts(self, kb_id: str | None, accepted: Iterable[str | None]) -> bool:
        """Attribution check: None (no source) must meet None; an id must denote one accepted key."""
        accepted = tuple(accepted)
        if not kb_id:
            return None in accepted
        return any(g is not None and self.same(kb_id, g) for g in accepted)
