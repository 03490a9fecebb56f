"""A build killed at random moments and rerun, and two builds at once, give the store a clean build
gives, near-duplicate links included. The articles are the sample's texts made into hundreds of
variants (our own texts: the figure and the headline changed, sentences reordered); the statistical
models are off to keep the builds short, since what is tested is the store, not the extraction."""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
FAST = {"DOSSIER_PARSER": "off", "DOSSIER_NER_MODEL": "off"}


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rng = random.Random(7)
    for i in range(n):
        base = texts[i % len(texts)]
        head, sep, body = base.partition("\n---\n") if base.startswith("---") else ("", "", base)
        paras = [p for p in body.split("\n\n") if p.strip()]
        if i % 3:  # two in three are reworked
            rng.shuffle(paras)
            paras = [re.sub(r"\d[\d.,]*", lambda m: str(rng.randint(2, 99_000)), p) for p in paras]
        else:  # a syndicated copy: the same text with the outlet's own sign-off
            paras = paras + [f"Ripreso dal notiziario numero {i}."]
        head = re.sub(r"(?m)^url: (.*)$", lambda m: f"url: {m.group(1)}?v={i}", head)  # each its own page
        (folder / f"a{i:04d}.txt").write_text(head + sep + "\n\n".join(paras) + "\n", encoding="utf-8")
    return folder


def _build(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from dossier.cli import main; main()", "build", str(folder),
                             "--db", str(db), "-q"], env={**os.environ, **FAST},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _dump(db: Path) -> dict:
    with open_store(db) as store:
        return store.dump()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("many") / "in", 500)


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    assert _build(corpus, db).wait(timeout=1200) == 0
    return _dump(db)


@pytest.mark.slow
def test_killed_five_times_then_rerun_equals_a_clean_build(corpus, clean, tmp_path):
    db = tmp_path / "killed.db"
    rng = random.Random(11)
    kills = 0
    for _ in range(5):
        proc = _build(corpus, db)
        time.sleep(rng.uniform(2.5, 4.5))  # start-up takes about 2 s, the whole build about 20 s
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
    assert kills >= 4, "the builds ended before they could be killed; the corpus is too small"
    assert _build(corpus, db).wait(timeout=1200) == 0
    assert _dump(db) == clean


@pytest.mark.slow
def test_two_builds_at_once_equal_one_build(corpus, clean, tmp_path):
    db = tmp_path / "twice.db"
    a, b = _build(corpus, db), _build(corpus, db)
    assert a.wait(timeout=1200) == 0, a.stderr.read().decode()[-500:]
    assert b.wait(timeout=1200) == 0, b.stderr.read().decode()[-500:]
    assert _dump(db) == clean


@pytest.mark.slow
def test_the_clean_build_has_near_duplicate_links_to_compare(clean):
    from dossier.store.rows import CONTENT_TABLES

    k = CONTENT_TABLES["documents"].index("duplicate_of")
    linked = [row for row in clean["documents"] if row[k]]
    assert 100 < len(linked) < 500  # the signed-off copies; every link names a stored original
    ids = {row[CONTENT_TABLES["documents"].index("id")] for row in clean["documents"]}
    assert all(row[k] in ids for row in linked)
