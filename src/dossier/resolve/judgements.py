"""Analyst judgements on the resolved events, kept in their own file so a rebuild keeps them.

`dossier same A B` (one event), `dossier different A B` (never one event), `dossier reject A
--reason` (not an event of the story), each with who, when and why, appended to a JSON Lines file
beside the store (`dossier.db` -> `dossier.judgements.jsonl`). `dossier undo N` appends an undo
line; nothing is ever rewritten, so the file is the history. Every resolve reads the file and
applies what is not undone, so `rm dossier.db && dossier build ...` gives the same merged picture.
A, B are event ids (`event:...`) or cluster ids (`cluster:...`, standing for the events they hold).
"""
from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import DossierError

KINDS = ("same", "different", "reject")


@dataclass(frozen=True, slots=True)
class Judgement:
    n: int  # its number in the file, for `undo`
    kind: str  # same | different | reject
    ids: tuple[str, ...]
    reason: str
    who: str
    when: str  # UTC, ISO 8601
    events: tuple[tuple[str, ...], ...] = ()  # per id, the events it held when judged (cluster ids
    # name events of one store; event ids are made from the text, so a rebuild finds them again)


def path_for(db: str | Path) -> Path:
    """The judgements file of a store: beside it, named after it; for a PostgreSQL store, in the
    current folder, named after its database (`DB.judgements.jsonl`)."""
    from ..store import is_server

    if is_server(db):
        name = urlsplit(str(db)).path.strip("/") or "dossier"
        return Path(name + ".judgements.jsonl")
    p = Path(str(db))
    return p.with_name(p.stem + ".judgements.jsonl")


def load(path: Path) -> tuple[list[Judgement], set[int]]:
    """Every judgement in the file and the numbers undone. A line that is not JSON is an error
    naming the file and line (the file is the analysts' record: it is never skipped silently)."""
    out, undone = [], set()
    if not path.exists():
        return out, undone
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if "undo" in row:
                undone.add(int(row["undo"]))
            else:
                out.append(Judgement(int(row["n"]), row["kind"], tuple(row["ids"]), row.get("reason", ""),
                                     row.get("who", ""), row.get("when", ""),
                                     tuple(tuple(x) for x in row.get("events", ()))))
        except (ValueError, KeyError, TypeError) as exc:
            raise DossierError(f"{path}:{lineno}: not a judgement line ({exc})",
                               hint="each line is a JSON object written by dossier same/different/reject/undo") \
                from exc
    return out, undone


def active(path: Path) -> list[Judgement]:
    judgements, undone = load(path)
    return [j for j in judgements if j.n not in undone]


def add(path: Path, kind: str, ids: tuple[str, ...], reason: str = "", who: str | None = None,
        members: dict[str, list[str]] | None = None) -> Judgement:
    """Record a judgement; `members` (cluster id -> event ids, from the store) fixes what a cluster id
    meant when it was judged. An id the store does not know is an error, not a silent no-op."""
    if kind not in KINDS:
        raise DossierError(f"unknown judgement {kind!r}", hint="one of: " + ", ".join(KINDS))
    members = members or {}
    known = {e for es in members.values() for e in es}
    unknown = [x for x in ids if members and x not in members and x not in known]
    if unknown:
        raise DossierError(f"no event or cluster {unknown[0]!r} in the store",
                           hint="take ids from `dossier timeline --json` (cluster, members[].id)")
    judgements, _ = load(path)
    j = Judgement(max((x.n for x in judgements), default=0) + 1, kind, ids, reason, who or _user(),
                  datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  tuple(tuple(members.get(x, [x])) for x in ids))
    _append(path, {**asdict(j), "ids": list(ids), "events": [list(e) for e in j.events]})
    return j


def undo(path: Path, n: int) -> None:
    judgements, undone = load(path)
    if n not in {j.n for j in judgements}:
        raise DossierError(f"no judgement number {n} in {path}", hint="`dossier judgements` lists them")
    if n in undone:
        raise DossierError(f"judgement {n} is already undone")
    _append(path, {"undo": n, "who": _user(), "when": datetime.now(timezone.utc).isoformat(timespec="seconds")})


def constraints(judgements: list[Judgement], members: dict[str, list[str]]) -> tuple[list, list, set]:
    """(must-link pairs, cannot-link pairs, rejected event ids), cluster ids replaced by their events."""
    same, different, rejected = [], [], set()
    for j in judgements:
        snapshot = dict(zip(j.ids, j.events))

        def events(x: str) -> list[str]:
            return members.get(x) or list(snapshot.get(x, ())) or [x]

        if j.kind == "reject":
            rejected.update(e for x in j.ids for e in events(x))
            continue
        a, b = (events(x) for x in j.ids[:2])
        pairs = [(x, y) for x in a for y in b]
        (same if j.kind == "same" else different).extend(pairs)
    return same, different, rejected


def _append(path: Path, row: dict) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "analyst"
