"""The knowledge base of the story's actors: data files with aliases, Wikidata ids, roles.

Each `kb/*.yaml` file is a list of items (see `states.yaml` for the fields). `entities`
holds the plain `Entity` records; `facts` keeps the rest of each item (roles with dates,
capitals, the state an institution belongs to, nominal descriptions) for the entity
stage, which asks questions such as "who was Russia's defence minister on 2023-07-28?"
through `holder`. `group_kinds` (from `groups.yaml`) are the kinds of unnamed people news
cites ("funzionari statunitensi", "gli analisti"), from which the entity stage builds group ids.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import DossierError
from ..records import ENTITY_TYPES, Entity

_FILES = ("states", "places", "people", "organisations", "media", "events")
_KNOWN_KEYS = {
    "id", "name", "type", "subtype", "qid", "aliases", "roles", "capital", "capital_of", "stands_for",
    "of", "nominals", "nominal_from", "short", "standalone_short", "order", "institution", "descriptions", "context",
}


@dataclass(frozen=True, slots=True)
class Role:
    office: str
    of: str
    start: str  # ISO date at its precision; "" = unknown start
    end: str  # "" = still in office


@dataclass(frozen=True, slots=True)
class GroupKind:
    """A kind of unnamed people ("officials"); see groups.yaml for the id scheme."""

    kind: str
    plural: str  # id suffix of a group: USA_OFFICIALS
    singular: str  # id suffix of one person: UKR_OFFICIAL
    name: str  # English plural, for entity names
    one_name: str
    type: str  # entity type of the group (one person is a PERSON)
    bare: bool = True  # a plural noun alone ("gli analisti") is the generic group; False: needs an affiliation
    posted: bool = False  # the place of posting is part of one person's identity ("ambasciatore russo in Corea")


_GROUP_KEYS = {"kind", "plural", "singular", "name", "one_name", "type"}
_GROUP_FLAGS = {"bare", "posted"}


@dataclass(eq=False)  # compared and hashed by identity: stages cache per knowledge base
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    group_kinds: dict[str, GroupKind] = field(default_factory=dict)
    # dated events of the story with the words that name them (timeline/events.yaml), used to date
    # articles that carry no date; see extract/published.py
    timeline: tuple[dict[str, Any], ...] = ()

    @classmethod
    def load(cls) -> "KnowledgeBase":
        return _load_cached()

    def digest(self) -> str:
        """A short fingerprint of what it holds: rows made with it (the views') say which."""
        if "_digest" not in self.__dict__:
            held = repr((sorted(self.entities.items()), sorted(self.facts.items()), sorted(self.roles.items()),
                         sorted(self.group_kinds.items()), self.timeline))
            self.__dict__["_digest"] = hashlib.sha256(held.encode()).hexdigest()[:16]
        return self.__dict__["_digest"]

    @classmethod
    def from_items(cls, items: list[dict[str, Any]], source: str = "<items>",
                   group_kinds: list[dict[str, Any]] = ()) -> "KnowledgeBase":
        kb = cls()
        for item in items:
            kb._add(item, source)
        for item in group_kinds:
            kb._add_group_kind(item, source)
        kb._check()
        return kb

    def _add_group_kind(self, item: dict[str, Any], source: str) -> None:
        if not isinstance(item, dict) or not _GROUP_KEYS <= set(item) <= _GROUP_KEYS | _GROUP_FLAGS:
            raise DossierError(f"group kind {item!r} in {source} needs exactly the fields {sorted(_GROUP_KEYS)}"
                               f" (and optionally {sorted(_GROUP_FLAGS)})",
                               hint="see the header of src/dossier/kb/groups.yaml")
        if any(not isinstance(item[f], bool) for f in _GROUP_FLAGS & set(item)):
            raise DossierError(f"group kind {item['kind']} in {source}: {sorted(_GROUP_FLAGS)} take true or false",
                               hint="write e.g. `bare: false`")
        if item["type"] not in ENTITY_TYPES:
            raise DossierError(f"group kind {item['kind']} in {source} has unknown type {item['type']!r}",
                               hint="types: " + ", ".join(ENTITY_TYPES))
        if item["kind"] in self.group_kinds:
            raise DossierError(f"group kind {item['kind']} is defined twice (again in {source})",
                               hint="keep one line per kind in groups.yaml")
        self.group_kinds[item["kind"]] = GroupKind(**{k: v if k in _GROUP_FLAGS else str(v) for k, v in item.items()})

    def _add(self, item: dict[str, Any], source: str) -> None:
        eid = item.get("id")
        if not eid or not item.get("name") or item.get("type") not in ENTITY_TYPES:
            raise DossierError(f"knowledge-base item {item!r} in {source} needs id, name and a type",
                               hint="types: " + ", ".join(ENTITY_TYPES))
        unknown = set(item) - _KNOWN_KEYS
        if unknown:
            raise DossierError(f"knowledge-base item {eid} in {source} has unknown field(s) {sorted(unknown)}",
                               hint="known fields: " + ", ".join(sorted(_KNOWN_KEYS)))
        if eid in self.entities:
            raise DossierError(f"knowledge-base id {eid} is defined twice (again in {source})",
                               hint="merge the two items or rename one id")
        aliases = tuple(dict.fromkeys(str(a) for a in item.get("aliases", ()) or ()))
        self.entities[eid] = Entity(id=eid, name=str(item["name"]), type=item["type"], qid=item.get("qid"),
                                    aliases=aliases, discovered=False)
        self.facts[eid] = item
        self.roles[eid] = tuple(
            Role(office=r["office"], of=r["of"], start=str(r.get("start", "") or ""), end=str(r.get("end", "") or ""))
            for r in item.get("roles", ()) or ()
        )

    def _check(self) -> None:
        for eid, item in self.facts.items():
            for key in ("capital", "capital_of", "stands_for", "of"):
                ref = item.get(key)
                if ref is not None and ref not in self.entities:
                    raise DossierError(f"knowledge-base item {eid}: {key} refers to unknown id {ref}",
                                       hint=f"add an item with id {ref} or fix the reference")
            for role in self.roles[eid]:
                if role.of not in self.entities:
                    raise DossierError(f"knowledge-base item {eid}: role {role.office} of unknown id {role.of}",
                                       hint=f"add an item with id {role.of}")

    # --- questions the extraction stages ask -------------------------------------------

    def holder(self, office: str, of: str, on: str | None) -> str | None:
        """Id of the person holding `office` of `of` on ISO date `on` (None = today's holder).

        Dates at month or year precision are padded (start to the first day, end to the last),
        and when two terms touch the one that started later wins.
        """
        day = _pad(on, low=False) if on else "9999-12-31"
        best: tuple[str, str] | None = None
        for eid, roles in self._by_office().get((office, of), ()):
            for r in roles:
                if _pad(r.start, low=True) <= day <= (_pad(r.end, low=False) if r.end else "9999-12-31"):
                    if best is None or _pad(r.start, low=True) > best[0]:
                        best = (_pad(r.start, low=True), eid)
        return best[1] if best else None

    def capital_of(self, eid: str) -> str | None:
        return self.facts.get(eid, {}).get("capital_of")

    def capital(self, state: str) -> str | None:
        return self.facts.get(state, {}).get("capital")

    def institution(self, kind: str, of: str) -> str | None:
        """The KB id of a state's institution by kind ("defence_ministry" of "RUS")."""
        return self._institutions().get((kind, of))

    def org_nominals(self) -> dict[tuple[str, str], str]:
        """(nominal description, state id) -> org id, for "intelligence ucraina" and the like."""
        out: dict[tuple[str, str], str] = {}
        for eid, item in self.facts.items():
            if item.get("of") and item.get("nominals") and not item.get("nominal_from"):
                for n in item["nominals"]:
                    out.setdefault((n.lower(), item["of"]), eid)
        return out

    def _by_office(self) -> dict[tuple[str, str], list[tuple[str, tuple[Role, ...]]]]:
        cache = self.__dict__.get("_office_index")
        if cache is None:
            cache = {}
            for eid, roles in self.roles.items():
                for key in {(r.office, r.of) for r in roles}:
                    cache.setdefault(key, []).append((eid, tuple(r for r in roles if (r.office, r.of) == key)))
            self.__dict__["_office_index"] = cache
        return cache

    def _institutions(self) -> dict[tuple[str, str], str]:
        cache = self.__dict__.get("_inst_index")
        if cache is None:
            cache = {}
            for eid, item in self.facts.items():
                kinds = item.get("institution") or ()
                for kind in [kinds] if isinstance(kinds, str) else kinds:
                    if item.get("of"):
                        cache.setdefault((kind, item["of"]), eid)
            self.__dict__["_inst_index"] = cache
        return cache


def _pad(iso: str, *, low: bool) -> str:
    """'2024' -> '2024-01-01' (low) or '2024-12-31'; '2024-05' -> '2024-05-01' / '2024-05-31'."""
    if not iso:
        return "0000-00-00" if low else "9999-12-31"
    parts = iso.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-01-01" if low else f"{parts[0]}-12-31"
    if len(parts) == 2:
        return f"{iso}-01" if low else f"{iso}-31"
    return iso


def _read_files() -> tuple[list[tuple[str, list[dict[str, Any]]]], list[dict[str, Any]]]:
    base = resources.files(__package__)
    files = []
    for name in _FILES:
        path = base.joinpath(f"{name}.yaml")
        if not path.is_file():
            raise DossierError(f"knowledge-base file {name}.yaml is missing", hint=f"restore src/dossier/kb/{name}.yaml")
        files.append((f"{name}.yaml", yaml.safe_load(path.read_text(encoding="utf-8")) or []))
    groups = base.joinpath("groups.yaml")
    kinds = (yaml.safe_load(groups.read_text(encoding="utf-8")) or []) if groups.is_file() else []
    return files, kinds


def load_items() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The raw KB entries and group kinds (to build a variant KB with `from_items`)."""
    files, kinds = _read_files()
    return [item for _, data in files for item in data], kinds


@lru_cache(maxsize=1)
def _load_cached() -> KnowledgeBase:
    files, kinds = _read_files()
    kb = KnowledgeBase()
    for source, data in files:
        for item in data:
            kb._add(item, source)
    for item in kinds:
        kb._add_group_kind(item, "groups.yaml")
    kb._check()
    kb.timeline = load_timeline(Path(__file__).resolve().parent / "timeline" / "events.yaml")
    return kb


def load_timeline(path: Path) -> tuple[dict[str, Any], ...]:
    """Dated events of the story: id, first and last day, cue word groups (lower case), ongoing."""
    from ..calendar_days import first_day, last_day

    if not path.is_file():
        return ()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple({"id": ev["id"], "start": first_day(str(ev["start"])), "end": last_day(str(ev.get("end") or ev["start"])),
                  "cues": tuple(tuple(c.lower() for c in grp) for grp in ev["cues"]), "ongoing": bool(ev.get("ongoing"))}
                 for ev in raw)
