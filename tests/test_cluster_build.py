"""`dossier build --workers N`: extraction on a real Dask LocalCluster (worker processes on
127.0.0.1), storing by one writer in input order: the same rows as a build in one process."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.build import build_corpus
from dossier.errors import DossierError
from dossier.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.mark.slow
def test_a_build_on_two_dask_workers_stores_the_same_rows_and_resumes(tmp_path):
    with open_store(tmp_path / "one.db") as store:
        serial = build_corpus([EXAMPLES], store, progress=False)
        want = store.dump()
    with open_store(tmp_path / "dask.db") as store:
        summary = build_corpus([EXAMPLES], store, progress=False, workers=2)
        assert summary.added == serial.added and summary.duplicates == serial.duplicates
        assert store.dump() == want
        again = build_corpus([EXAMPLES], store, progress=False, workers=2)  # a rerun after a stop extracts nothing
        assert again.added == 0 and again.unchanged == serial.added
        assert store.dump() == want


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from dossier.cluster import DaskRunner

    with pytest.raises(DossierError, match="cannot reach the Dask scheduler"):
        DaskRunner({}, scheduler="tcp://127.0.0.1:9", connect_seconds=2)


def test_the_same_text_twice_in_one_batch_is_kept_once_as_in_order(tmp_path):
    from dossier.cluster import InProcess

    text = "Il ministro russo ha detto ieri a Mosca che la cooperazione con Pyongyang rispetta il diritto."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    assert InProcess.window == 1
    with open_store(tmp_path / "s.db") as store:
        summary = build_corpus([tmp_path / "a.txt", tmp_path / "b.txt"], store, progress=False)
    assert summary.added == 1 and summary.unchanged == 1
