"""Article metadata: YAML front matter, field cleaning and publication dates.

Every reader turns what it finds (front matter, JSON fields, trafilatura's output)
into one plain mapping with the keys of `FIELDS`; `clean_metadata` checks it the same
way for all formats, so a bad value gets the same explanation wherever it came from.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import IngestError

FIELDS = ("title", "url", "outlet", "published", "language")
# Names other tools use for the same fields (Jekyll/Hugo front matter, scraper exports).
_ALIASES = {
    "date": "published",
    "published_at": "published",
    "pubdate": "published",
    "sitename": "outlet",
    "site_name": "outlet",
    "source": "outlet",
    "lang": "language",
    "link": "url",
    "headline": "title",
}

_FENCE = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSING_FENCE = re.compile(r"^---[ \t]*$", re.M)
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}.*")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date-like value that is no date (2024-13-45) stays text,
    so that `parse_published` explains it instead of the YAML library raising a bare ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """Split `---` YAML front matter from the body.

    Returns ``(None, text)`` unchanged when the text does not open with a `---` line
    closed by another `---` line holding a YAML mapping, so a plain article that starts
    with a rule is read whole. The body loses its leading blank lines only. Raises
    IngestError for front matter that is not valid YAML (`read_front_matter` keeps the
    body instead).
    """
    data, body, problem = read_front_matter(text)
    if problem is not None:
        raise problem
    return data, body


def read_front_matter(text: str) -> tuple[dict[str, Any] | None, str, IngestError | None]:
    """Like `split_front_matter`, but invalid YAML does not lose the article: it returns
    ``({}, body, error)``, the body being the text after the closing `---` line."""
    opening = _FENCE.match(text)
    if not opening:
        return None, text, None
    pos = opening.end()
    closing = _CLOSING_FENCE.search(text, pos)
    if closing is None:
        return None, text, None
    block = text[pos : closing.start()]
    problem = None
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader) if block.strip() else {}  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = IngestError(
            f"invalid YAML front matter{where}: {getattr(exc, 'problem', None) or exc}",
            hint="quote values that contain ':' or '#', e.g. title: \"Mosca: il vertice\"",
        )
        data = {}
    if not isinstance(data, dict):
        return None, text, None
    body = text[closing.end() :]
    body = body[1:] if body.startswith("\n") else body  # the closing fence's own newline
    lead = _LEADING_BLANK_LINES.match(body)
    return data, body[lead.end() :] if lead else body, problem


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date at the precision it was given."""

    value: str  # "2024-06-18", "2024-06" or "2024"
    precision: str  # "day", "month", "year"
    earliest: str  # ISO day
    latest: str  # ISO day


def parse_published(value: Any) -> Published | None:
    """Read an ISO date ("2024-06-18", "2024-06", "2024", or a datetime) at its precision.

    YAML turns an unquoted date into a `datetime.date` and a bare year into an int;
    both are accepted. Anything else raises IngestError naming the accepted forms.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        iso = value.isoformat()
        return Published(iso, "day", iso, iso)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        s = value.strip()
        timed = _ISO_DATETIME.fullmatch(s)
        if timed:
            s = timed.group(1)
        m = _ISO_DATE.fullmatch(s)
        if m:
            year, month, day = int(m.group(1)), m.group(2), m.group(3)
            try:
                if day is not None:
                    d = dt.date(year, int(month), int(day))
                    return Published(s, "day", d.isoformat(), d.isoformat())
                if month is not None:
                    last = calendar.monthrange(year, int(month))[1]
                    first, end = dt.date(year, int(month), 1), dt.date(year, int(month), last)
                    return Published(s, "month", first.isoformat(), end.isoformat())
                return Published(s, "year", dt.date(year, 1, 1).isoformat(), dt.date(year, 12, 31).isoformat())
            except ValueError:
                pass
    raise IngestError(
        f"bad published date {value!r}",
        hint='write an ISO date: "2024-06-18", "2024-06" or "2024"',
    )


def clean_metadata(raw: Mapping[str, Any], notes: list[str] | None = None) -> dict[str, Any]:
    """Keep the known fields (aliases folded in), as stripped strings or None.

    `published` is returned as given; `parse_published` reads it. Unknown keys
    (author, tags, ...) are ignored. A list or mapping where text belongs is an
    IngestError, or, when `notes` is given, a note there and the field left out.
    """
    out: dict[str, Any] = {name: None for name in FIELDS}
    # Canonical keys first, so `published` wins over its alias `date` when both are given.
    for key, value in sorted(raw.items(), key=lambda kv: str(kv[0]).lower() not in out):
        name = _ALIASES.get(str(key).lower(), str(key).lower())
        if name not in out or value is None or out[name] is not None:
            continue
        if name == "published":
            out[name] = value
            continue
        if isinstance(value, (list, dict, tuple, set)):
            problem = IngestError(
                f"metadata field {key!r} must be text, got a {type(value).__name__}",
                hint=f"give {key} a single value",
            )
            if notes is None:
                raise problem
            notes.append(f"{problem.args[0]}: the field was left out and the article kept; {problem.hint}")
            continue
        text = str(value).strip()
        out[name] = text or None
    return out
