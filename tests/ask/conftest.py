from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ask_db(examples_db):
    """The sample corpus's store (tests/conftest.py): the ask tests only read it."""
    return examples_db


@pytest.fixture(scope="session")
def asker(ask_db):
    from dossier.ask import Asker
    from dossier.store import open_store

    store = open_store(ask_db)
    yield Asker(store, embed=False)
    store.close()
