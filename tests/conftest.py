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


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """A PostgreSQL database the tests may create schemas in: DOSSIER_TEST_POSTGRES (a URL; `bash .ci/run`
    starts a throwaway server on 127.0.0.1 and sets it). Without one the PostgreSQL tests skip, unless
    DOSSIER_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail."""
    import os

    url = os.environ.get("DOSSIER_TEST_POSTGRES")
    if not url:
        if os.environ.get("DOSSIER_REQUIRE_POSTGRES") == "1":
            pytest.fail("DOSSIER_REQUIRE_POSTGRES=1 but DOSSIER_TEST_POSTGRES names no server")
        pytest.skip("no PostgreSQL server: set DOSSIER_TEST_POSTGRES=postgresql://... (bash .ci/run starts one)")
    return url


@pytest.fixture(scope="session")
def postgres_schemas(postgres_server):
    """`new()` -> the URL of a fresh, empty schema of the test server (its own search_path); every
    schema made is dropped at the end of the session."""
    import uuid
    from urllib.parse import quote

    import psycopg

    made: list[str] = []

    def new() -> str:
        schema = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        made.append(schema)
        sep = "&" if "?" in postgres_server else "?"
        return postgres_server + sep + "options=" + quote(f"-csearch_path={schema}")

    yield new
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        for schema in made:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def postgres_url(postgres_schemas) -> str:
    """A fresh, empty PostgreSQL schema for one test."""
    return postgres_schemas()
