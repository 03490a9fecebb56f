"""Imports every module that registers a built-in stage (see `pipeline.stage`)."""
from .extract import baseline, sentences, issues, entities, times, quantities, events, claims  # noqa: F401
from .text import parsing  # noqa: F401
