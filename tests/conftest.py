from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples" / "corpus"


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    """One real store of the sample corpus, built and resolved as `dossier build` does, for the tests
    that only read it (a test that writes copies the file first)."""
    from dossier.build import build_corpus
    from dossier.resolve import resolve_store
    from dossier.stage import Resources
    from dossier.store import open_store

    path = tmp_path_factory.mktemp("examples") / "examples.db"
    with open_store(path) as store:
        build_corpus([EXAMPLES], store, progress=False)
        resolve_store(store, Resources().kb)
    return path
