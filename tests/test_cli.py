"""End-to-end: the `dossier` command over real files and a real SQLite store."""
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def jsonl(result):
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("ex") / "ex.db"
    r = run("build", EXAMPLES, "--db", db, "--quiet")
    assert r.exit_code == 0, r.stderr
    return db


def test_help_on_every_command():
    for cmd in ("build", "entities", "timeline", "flows", "claims", "show", "eval", "search", "train-ner", "resolve",
                "eval-clusters", "conflicts", "eval-conflicts", "actors", "same", "different", "reject", "judgements",
                "undo", "changes", "remove", "history", "serve", "export", "ask", "eval-ask"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.stdout, cmd


def test_views_need_a_store(tmp_path):
    r = run("flows", "--db", tmp_path / "none.db")
    assert r.exit_code == 1
    assert "no store at" in r.stderr and "dossier build" in r.stderr


def test_example_corpus_gives_flows_claims_timeline(example_db):
    flows = jsonl(run("flows", "--db", example_db, "--json"))
    assert any(f["from_id"] == "PRK" and f["to_id"] == "RUS" for f in flows), flows
    assert all(f["cite"] and f["doc_id"] for f in flows)
    claims = jsonl(run("claims", "--db", example_db, "--about", "container", "--json"))
    assert claims and all("container" in c["sentence"].lower() for c in claims)
    assert any(c["stance"] == "denied" for c in jsonl(run("claims", "--db", example_db, "--json")))
    events = jsonl(run("timeline", "--db", example_db, "--json"))
    dated = [e["date"] for e in events if e["date"]]
    assert dated == sorted(dated)
    table = run("flows", "--db", example_db)
    assert table.exit_code == 0 and "Flows" in table.stdout


def test_show_and_search(example_db):
    hits = jsonl(run("search", "veto", "--db", example_db, "--json"))
    assert hits and all("veto" in h["text"].lower() for h in hits)
    r = run("show", hits[0]["doc_id"][:10], "--db", example_db)
    assert r.exit_code == 0 and "sentences" in r.stdout
    r = run("show", "zzzz", "--db", example_db)
    assert r.exit_code == 1 and "no document" in r.stderr


def test_near_duplicate_is_linked(example_db):
    from dossier.store import open_store

    with open_store(str(example_db)) as store:
        docs = store.documents()
    dups = [d for d in docs if d.duplicate_of]
    assert len(dups) == 1
    assert dups[0].duplicate_of in {d.id for d in docs}


def test_build_twice_changes_nothing(tmp_path):
    from dossier.store import open_store

    db = tmp_path / "twice.db"
    assert run("build", EXAMPLES, "--db", db, "-q").exit_code == 0
    with open_store(str(db)) as s:
        first = s.dump()
    r = run("build", EXAMPLES, "--db", db, "-q")
    assert r.exit_code == 0 and "0 added" in r.stderr
    with open_store(str(db)) as s:
        assert s.dump() == first


def test_bad_files_are_named_and_the_rest_goes_in(tmp_path):
    from dossier.store import open_store

    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(EXAMPLES.glob("*.txt"))[:3]:
        shutil.copy(f, src / f.name)
    (src / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    latin = ("La delegazione è arrivata a Pyongyang lunedì; più tardi il ministro ha parlato "
             "della cooperazione militare e così via, città per città.")
    (src / "latin.txt").write_bytes(latin.encode("latin-1"))
    db = tmp_path / "bad.db"
    r = run("build", src, "--db", db, "-q")
    assert r.exit_code == 0, r.stderr
    assert "blob.txt" in r.stderr and "binary" in r.stderr
    assert "empty.txt" in r.stderr and "empty" in r.stderr
    with open_store(str(db)) as s:
        docs = s.documents()
    assert len(docs) == 4
    assert any("è arrivata" in s_text for s_text in (open_store(str(db)).load_article(d.id).text for d in docs))


def test_interrupted_build_resumes_without_duplicates(tmp_path):
    from dossier.build import build_corpus
    from dossier.pipeline import Pipeline
    from dossier.store import open_store

    class Crashing(Pipeline):
        def __init__(self, after):
            super().__init__()
            self.left = after

        def run(self, article, **kw):
            if self.left == 0:
                raise KeyboardInterrupt
            self.left -= 1
            return super().run(article, **kw)

    db = tmp_path / "crash.db"
    with open_store(str(db)) as store, pytest.raises(KeyboardInterrupt):
        build_corpus([EXAMPLES], store, progress=False, pipeline=Crashing(3))
    with open_store(str(db)) as store:
        assert len(store.documents()) == 3
        summary = build_corpus([EXAMPLES], store, progress=False)
        assert summary.unchanged == 3 and summary.added > 0
        resumed = store.dump()
    full = tmp_path / "full.db"
    with open_store(str(full)) as store:
        build_corpus([EXAMPLES], store, progress=False)
        assert store.dump() == resumed


def test_eval_prints_every_figure(shared):
    r = run("eval", "--gold", shared / "gold", "--corpus", shared / "corpus" / "seeds-it", "--json")
    assert r.exit_code == 0, r.stderr
    report = json.loads(r.stdout)
    flat = json.dumps(report["system"])
    for key in ("entities", "linking", "quantities", "events", "claims", "published"):
        assert key in flat
    assert "baseline" in report


def test_syndicated_copy_is_not_a_second_source(example_db):
    from dossier.store import open_store

    with open_store(str(example_db)) as store:
        dup_ids = {d.id for d in store.documents(with_text=False) if d.duplicate_of}
    shown = jsonl(run("flows", "--db", example_db, "--json"))
    everything = jsonl(run("flows", "--db", example_db, "--json", "--duplicates"))
    assert not any(f["doc_id"] in dup_ids for f in shown)
    assert any(f["doc_id"] in dup_ids for f in everything)
    assert len(everything) > len(shown)


def test_a_bug_ends_in_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    import dossier.cli as cli

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("dossier.build.build_corpus", boom)
    monkeypatch.setattr("sys.argv", ["dossier", "build", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "-q"])
    monkeypatch.delenv("DOSSIER_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err_text = capsys.readouterr().err
    assert "internal error: RuntimeError: kaboom" in err_text and "Traceback" not in err_text


def test_build_reports_articles_in_languages_without_data(tmp_path):
    (tmp_path / "de.txt").write_text("Russland hat im März tausend Raketen an Nordkorea geliefert, sagte der Minister "
                                     "am Freitag in Berlin vor Journalisten.", encoding="utf-8")
    r = run("build", tmp_path / "de.txt", "--db", tmp_path / "s.db", "--quiet")
    assert r.exit_code == 0
    said = " ".join(r.stderr.split())  # the console wraps long lines
    assert "stored without extraction" in said and "(de: 1)" in said


def test_timeline_shows_each_event_once_with_its_articles(example_db):
    merged = jsonl(run("timeline", "--db", example_db, "--json"))
    mentions = jsonl(run("timeline", "--db", example_db, "--mentions", "--duplicates", "--json"))
    assert len(merged) < len(mentions)  # the sample tells some events more than once (copies count
    # as articles, not as independent origins)
    assert sum(r["mentions"] for r in merged) == len(mentions)
    told_twice = [r for r in merged if r["articles"] > 1]
    assert told_twice and all(1 <= r["independent"] <= r["articles"] for r in merged)
    for r in merged:
        assert r["date"] is None or r["date"] in r["dates"]
        assert {m["doc_id"] for m in r["members"]} >= {r["doc_id"]}
    dated = [r["date"] for r in merged if r["date"]]
    assert dated == sorted(dated)


def test_resolve_keeps_cluster_ids_when_run_again(example_db, tmp_path):
    from dossier.store import open_store

    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    with open_store(db) as store:
        before = store.event_clusters()
    assert before  # build resolved the events
    r = run("resolve", "--db", db)
    assert r.exit_code == 0 and "resolved" in r.stderr
    with open_store(db) as store:
        assert store.event_clusters() == before


def test_eval_clusters_needs_pairs_of_folders(tmp_path):
    r = run("eval-clusters", "--gold", tmp_path, "--corpus", tmp_path, "--gold", tmp_path)
    assert r.exit_code == 1 and "--corpus" in r.stderr


def test_conflicts_list_figures_side_by_side_with_a_reason(example_db):
    rows = jsonl(run("conflicts", "--db", example_db, "--json"))
    assert rows, "the sample corpus tells the container flows both ways and with different periods"
    for r in rows:
        assert r["reason"] and isinstance(r["is_true_contradiction"], bool) and len(r["claims"]) >= 2
        for c in r["claims"]:
            assert c["doc_id"] and c["end"] > c["start"] and c["stance"]
    only = jsonl(run("conflicts", "--db", example_db, "--reason", "different_direction", "--json"))
    assert all(r["reason"] == "different_direction" for r in only)
    bad = run("conflicts", "--db", example_db, "--reason", "bogus")
    assert bad.exit_code == 1 and "different_period" in bad.stderr


SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "gold" / "cross_article.dev.json").is_file(), reason="../shared not present")
def test_eval_conflicts_scores_the_gold_groups():
    r = run("eval-conflicts", "--gold", SHARED / "gold", "--corpus", SHARED / "corpus" / "seeds-it",
            "--cross", SHARED / "gold" / "cross_article.dev.json", "--json")
    assert r.exit_code == 0
    result = json.loads(r.stdout)
    assert result["gold_groups"] == len(result["groups"]) > 0
    assert 0 <= result["found_right_reason"] <= result["found_any_reason"] <= result["gold_groups"]


def test_actors_have_names_by_language_and_counts(example_db):
    rows = jsonl(run("actors", "--db", example_db, "--json", "--limit", "0"))
    assert rows and len({r["id"] for r in rows}) == len(rows)
    putin = next(r for r in rows if r["id"] == "PUTIN")
    assert set(putin["names"]) >= {"it", "en"} and putin["roles"]
    assert all(r["mentions"] >= r["articles"] >= 1 for r in rows)
    assert [r["mentions"] for r in rows] == sorted((r["mentions"] for r in rows), reverse=True)
    people = jsonl(run("actors", "--db", example_db, "--json", "--type", "person"))
    assert people and all(r["type"] == "PERSON" for r in people)


def test_judgements_survive_a_rebuild_and_can_be_undone(tmp_path):
    db = tmp_path / "j.db"
    assert run("build", EXAMPLES, "--db", db, "--quiet").exit_code == 0
    visits = jsonl(run("timeline", "--db", db, "--type", "visit", "--json"))
    a, b = visits[0]["members"][0]["id"], visits[1]["members"][0]["id"]

    def together() -> bool:
        rows = jsonl(run("timeline", "--db", db, "--type", "visit", "--json"))
        return any({a, b} <= {m["id"] for m in r["members"]} for r in rows)

    assert not together()
    r = run("same", a, b, "--db", db, "--reason", "one trip", "--who", "tester")
    assert r.exit_code == 0 and together()
    db.unlink()  # the judgements live beside the store, in j.judgements.jsonl
    assert (tmp_path / "j.judgements.jsonl").is_file()
    assert run("build", EXAMPLES, "--db", db, "--quiet").exit_code == 0 and together()
    listed = jsonl(run("judgements", "--db", db, "--json"))
    assert listed == [{"n": 1, "kind": "same", "ids": [a, b], "reason": "one trip", "who": "tester",
                       "when": listed[0]["when"], "undone": False}]
    assert run("undo", "1", "--db", db).exit_code == 0 and not together()
    assert run("reject", a, "--db", db, "--reason", "not the story's").exit_code == 0
    rows = jsonl(run("timeline", "--db", db, "--type", "visit", "--json"))
    assert all(a not in {m["id"] for m in r["members"]} for r in rows)
    bad = run("same", "event:nope", b, "--db", db)
    assert bad.exit_code == 1 and "no event or cluster" in bad.stderr


@pytest.mark.parametrize("order", ["together", "copy first", "original first"])
def test_near_duplicate_links_do_not_depend_on_the_build_order(tmp_path, order):
    """The sample's treaty report (07) and its syndicated copy (08): whatever is built first, the
    copy links to the same original, directly."""
    from dossier.store import open_store

    original, copy = EXAMPLES / "07-putin-pyongyang-trattato.txt", EXAMPLES / "08-patto-mosca-pyongyang-ripresa.txt"
    db = tmp_path / "o.db"
    steps = {"together": [[original, copy]], "copy first": [[copy], [original]],
             "original first": [[original], [copy]]}[order]
    for paths in steps:
        assert run("build", *paths, "--db", db, "-q").exit_code == 0
    with open_store(str(db)) as store:
        docs = {d.source_path.split("/")[-1]: d for d in store.documents(with_text=False)}
    a, b = docs[original.name], docs[copy.name]
    linked = [d for d in (a, b) if d.duplicate_of]
    assert len(linked) == 1 and linked[0].duplicate_of == min((a, b), key=lambda d: (d.published or "9999", d.id)).id


def test_changes_since_a_time_of_ingestion(tmp_path):
    import time
    from datetime import datetime, timezone

    db = tmp_path / "c.db"
    first = sorted(EXAMPLES.glob("0[1-4]*"))
    assert run("build", *first, "--db", db, "-q").exit_code == 0
    before = {a["doc_id"] for a in json.loads(run("changes", "--since", "2000-01-01", "--db", db, "--json").stdout)[
        "articles"]}
    time.sleep(1.1)
    mark = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    time.sleep(1.1)
    assert run("build", EXAMPLES, "--db", db, "-q").exit_code == 0
    got = json.loads(run("changes", "--since", mark, "--db", db, "--json").stdout)
    new_docs = {a["doc_id"] for a in got["articles"]}
    assert len(before) == len(first) and new_docs and not new_docs & before
    assert got["events"] and all(e["change"] in ("new", "grown") for e in got["events"])
    assert all(any(m["doc_id"] in new_docs for m in e["members"]) for e in got["events"])
    assert all(f["doc_id"] in new_docs for f in got["figures"])
    everything = json.loads(run("changes", "--since", "2000-01-01", "--db", db, "--json").stdout)
    assert {a["doc_id"] for a in everything["articles"]} == new_docs | before
    bad = run("changes", "--since", "last week", "--db", db)
    assert bad.exit_code == 1 and "not a date" in bad.stderr


def test_an_edited_file_replaces_its_version_and_gone_files_are_pruned(tmp_path):
    from dossier.store import open_store

    folder = tmp_path / "c"
    folder.mkdir()
    for name in ("01-shoigu-pyongyang.txt", "02-kim-putin-vostochny.txt", "03-kirby-containers.txt"):
        shutil.copy(EXAMPLES / name, folder / name)
    db = tmp_path / "u.db"
    assert run("build", folder, "--db", db, "-q").exit_code == 0
    with open_store(str(db)) as s:
        first = {d.source_path: d.id for d in s.documents(with_text=False)}
    edited = folder / "01-shoigu-pyongyang.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUna frase aggiunta dalla redazione.\n", encoding="utf-8")
    r = run("build", folder, "--db", db, "-q")
    assert r.exit_code == 0 and "1 earlier version(s) replaced" in r.stderr
    with open_store(str(db)) as s:
        now = {d.source_path: d for d in s.documents(with_text=False)}
        assert len(now) == 3 and now[str(edited)].id != first[str(edited)]
        assert now[str(edited)].duplicate_of is None  # an edit is no copy of its stale version
        assert all(e.doc_id != first[str(edited)] for e in s.events())  # the stale version's records are gone
    (folder / "03-kirby-containers.txt").unlink()
    r = run("build", folder, "--db", db, "-q", "--prune")
    assert r.exit_code == 0 and "1 pruned" in r.stderr
    r = run("remove", "02-kim", "--db", db)
    assert r.exit_code == 1 and "nothing in the store matches" in r.stderr
    r = run("remove", folder / "02-kim-putin-vostochny.txt", "--db", db)
    assert r.exit_code == 0 and "1 article(s) removed" in r.stderr
    history = jsonl(run("history", "--db", db, "--json"))
    assert [h["action"] for h in history] == ["replaced", "pruned", "removed"]
    assert history[0]["doc_id"] == first[str(edited)] and history[0]["replaced_by"] == now[str(edited)].id
    with open_store(str(db)) as s:
        assert [d.id for d in s.documents(with_text=False)] == [now[str(edited)].id]
        assert all(e.doc_id == now[str(edited)].id for e in s.events())


def test_view_filters(example_db):
    bad = run("timeline", "--db", example_db, "--type", "parade")
    assert bad.exit_code == 1 and "VISIT" in bad.stderr and "TRANSFER" in bad.stderr
    putin = jsonl(run("timeline", "--db", example_db, "--actor", "putin", "--since", "2024", "--json"))
    assert putin and all("PUTIN" in r["who_ids"] and r["date"] >= "2024" for r in putin)
    two = jsonl(run("flows", "--db", example_db, "--limit", "2", "--json"))
    assert len(two) == 2
    korea = jsonl(run("flows", "--db", example_db, "--actor", "PRK", "--until", "2024-02", "--json"))
    assert korea and all("PRK" in (r["from_id"], r["to_id"]) and r["period"].split("/")[0] <= "2024-02" for r in korea)
    empty = run("flows", "--db", example_db, "--since", "2031")
    assert empty.exit_code == 0 and "nothing matches" in empty.stdout


def test_claims_about_a_noun_in_any_form_and_language(example_db):
    english = {c["cite"] for c in jsonl(run("claims", "--db", example_db, "--about", "containers", "--json"))}
    italian = {c["cite"] for c in jsonl(run("claims", "--db", example_db, "--about", "contenitori", "--json"))}
    assert english and english == italian
    sentences = " ".join(c["sentence"].lower() for c in jsonl(run("claims", "--db", example_db, "--about",
                                                                   "container", "--json")))
    assert "container" in sentences


def test_flows_by_flow_keep_every_figure_side_by_side(example_db):
    groups = jsonl(run("flows", "--db", example_db, "--by-flow", "--json"))
    flat = jsonl(run("flows", "--db", example_db, "--json"))
    assert sum(g["figures"] for g in groups) == len(flat)  # every figure once, none averaged away
    containers = next(g for g in groups if g["unit"] == "container" and (g["from_id"], g["to_id"]) == ("PRK", "RUS"))
    assert len({r["value"] for r in containers["rows"]}) >= 3 and containers["sources"] >= 3
    periods = [r["period"] or "9999" for r in containers["rows"]]
    assert periods == sorted(periods)
    table = run("flows", "--db", example_db, "--by-flow")
    assert table.exit_code == 0 and "[alleged]" in table.stdout
