from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="session")
def ask_db(tmp_path_factory):
    """A real store of the sample corpus, built and resolved as `dossier build` does."""
    from dossier.build import build_corpus
    from dossier.resolve import resolve_store
    from dossier.stage import Resources
    from dossier.store import open_store

    path = tmp_path_factory.mktemp("ask") / "ask.db"
    with open_store(path) as store:
        build_corpus([EXAMPLES], store, progress=False)
        resolve_store(store, Resources().kb)
    return path


@pytest.fixture(scope="session")
def asker(ask_db):
    from dossier.ask import Asker
    from dossier.store import open_store

    store = open_store(ask_db)
    yield Asker(store, embed=False)
    store.close()
