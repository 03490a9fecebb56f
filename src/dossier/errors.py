"""One exception hierarchy. Messages say what went wrong and how to fix it."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn


class DossierError(Exception):
    """Base of every error dossier raises on purpose; the CLI prints its message."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{msg}\n  hint: {self.hint}" if self.hint else msg


class IngestError(DossierError):
    """An input file or line could not be read as an article."""


class PipelineError(DossierError):
    """The stages are misconfigured (missing layer, unknown stage, wrong order)."""


class StoreError(DossierError):
    """The store cannot be opened, migrated or written."""


class GoldError(DossierError):
    """The gold folder or corpus given to `dossier eval` is missing or malformed."""


class SettingError(DossierError):
    """A setting has an unknown name or an invalid value."""


def run_main(main: Callable[[], int]) -> NoReturn:
    """Run a `python -m` entry point: exit with its code, or print `error: ...` and exit 2."""
    try:
        sys.exit(main())
    except DossierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
