"""Language data: one folder per ISO 639-1 code, each holding YAML data files.

`load_language("it")` returns a `Language` whose attributes are the parsed files
(`lang.data("months")` reads `lang/it/months.yaml`). Adding a language adds a folder.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import DossierError

SUPPORTED = ("it", "en")


class Language:
    def __init__(self, code: str):
        self.code = code
        self._cache: dict[str, Any] = {}

    def data(self, name: str) -> Any:
        if name not in self._cache:
            path = resources.files(__package__).joinpath(self.code, f"{name}.yaml")
            if not path.is_file():
                raise DossierError(f"language {self.code!r} has no data file {name}.yaml",
                                   hint=f"add src/dossier/lang/{self.code}/{name}.yaml")
            self._cache[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return self._cache[name]

    def has(self, name: str) -> bool:
        return resources.files(__package__).joinpath(self.code, f"{name}.yaml").is_file()


def supported(code: str | None) -> bool:
    """Whether dossier has language data for `code` (None: unknown language, read as Italian)."""
    return code is None or code in SUPPORTED


@lru_cache(maxsize=None)
def load_language(code: str) -> Language:
    return Language(code)
