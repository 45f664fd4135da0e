"""The pipeline end to end as a real Prefect flow (one temporary Prefect server for the module)."""
import csv
import json
import shutil

import duckdb
import pytest

from evaluation.seeds import score
from flows.cli import main as cli
from flows.pipeline import run_pipeline

pytestmark = pytest.mark.flow

TABLES = ["documents", "timexes", "event_mentions", "events", "event_links", "rejections"]


def dump(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The sample corpus plus one of each kind of bad input, in one folder."""
    from conftest import SEEDS
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    bad = root / "inbox"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (bad / "latin1.txt").write_bytes("Caf\xe9 talks on April 11".encode("latin-1"))
    (bad / "huge.txt").write_bytes(b"word " * (10 * 1024 * 1024))
    (bad / "dump.jsonl").write_text(
        json.dumps({"id": "jl-1", "text": "The ministers met on April 11, 2025 in Tokyo.",
                    "published_at": "2025-04-12"}) + "\n{oops\n", encoding="utf-8")
    (bad / "undated.txt").write_text("The ministers met last week in Tokyo and will meet again in June.",
                                     encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def first_run(prefect_harness, corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "timeline.duckdb"
    summary = run_pipeline(paths=[str(corpus / "seeds"), str(corpus / "inbox")], db=str(db))
    return db, summary


def test_bad_inputs_are_rejected_by_name_and_good_ones_load(first_run):
    db, summary = first_run
    reasons = {src.rsplit("/", 1)[-1]: why for src, why in summary.rejected}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "huge.txt", "dump.jsonl:2"}
    assert reasons["huge.txt"].startswith("too large: 52,428,800 bytes")
    assert summary.loaded == 7 and summary.skipped == 0
    text = summary.text()
    assert "rejected" in text and "huge.txt" in text and "dump.jsonl:2" in text
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 7
    assert con.execute("SELECT count(*) FROM rejections").fetchone()[0] == 5
    assert con.execute("SELECT status, loaded, rejected FROM runs").fetchall() == [("completed", 7, 5)]
    con.close()


def test_undated_document_is_stored_as_missing_and_not_resolved_against_today(first_run):
    db, _ = first_run
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT published_at, dct_source FROM documents WHERE doc_id = 'undated'").fetchone() \
        == (None, "missing")
    rows = con.execute("SELECT value, begin_date FROM timexes WHERE doc_id = 'undated'").fetchall()
    con.close()
    assert rows and all(begin is None and "X" in value for value, begin in rows)


def test_seed_gold_figures(first_run):
    db, _ = first_run
    s = score(db)
    assert s.total == 23 and len(s.found) == 23, s.text()
    for gid in ("G01", "G02", "G03", "G04", "G21"):
        assert gid in s.merged, s.text()
    assert len(s.merged) == s.multi == 6, s.text()  # every gold event told several times is one event
    assert s.shared_events == [] and s.merge_precision == 1.0, s.text()  # no stored event mixes two gold events
    con = duckdb.connect(str(db), read_only=True)
    conflict_dates = {r[0] for r in con.execute("SELECT source_date FROM conflicts").fetchall()}
    con.close()
    assert {"2025-W18", "2025-05-30"} <= conflict_dates  # G02: one event, both dates, listed as a conflict
    con = duckdb.connect(str(db), read_only=True)
    values = {r[0] for r in con.execute("SELECT date FROM timeline").fetchall()}
    con.close()
    assert {"2025-04-16/2025-04-18", "2025-06", "P90D", "2025-W17"} <= values
    assert "2024-06" not in values


@pytest.mark.parametrize("folder,docs,total,found,multi,merged,mixed", [
    # ten wire stories in three clusters (a fraud case, a takeover, an earthquake)
    ("wire", 10, 64, 60, 21, 12, 2),
    # nine more in BBC, pasted-page ("By NAME | DATE", "Updated", "Related:") and AP styles (a
    # by-election, a data breach, a football transfer)
    ("wire2", 9, 87, 84, 20, 11, 3),
])
def test_wire_stories_gold_figures(prefect_harness, tmp_path, folder, docs, total, found, multi, merged, mixed):
    """The sample corpora written after the seeds, with datelines, bylines, recalled background and
    scheduled events: the figures README gives stay (each corpus in a database of its own)."""
    from conftest import ROOT
    db = tmp_path / f"{folder}.duckdb"
    summary = run_pipeline(paths=[str(ROOT / "examples" / folder)], db=str(db))
    assert summary.loaded == docs and not summary.rejected
    s = score(db, ROOT / "examples" / "gold" / f"{folder}_events.jsonl")
    assert s.total == total and len(s.found) >= found, s.text()
    assert s.multi == multi and len(s.merged) >= merged, s.text()
    assert len(s.shared_events) <= mixed, s.text()  # stored events mixing gold events


def test_seed_000_footer_yields_no_events(first_run):
    db, _ = first_run
    con = duckdb.connect(str(db), read_only=True)
    end = con.execute("SELECT content_end FROM documents WHERE doc_id = '000_0e010373d5cad1e7'").fetchone()[0]
    late = con.execute("SELECT count(*) FROM event_mentions WHERE doc_id = '000_0e010373d5cad1e7' "
                       "AND end_char > ?", [end]).fetchone()[0]
    dec12 = con.execute("SELECT count(*) FROM timexes WHERE value = '2025-12-12'").fetchone()[0]
    con.close()
    assert late == 0 and dec12 == 0


def test_rerun_is_idempotent_and_changed_text_replaces_old_rows(first_run, corpus):
    db, _ = first_run

    def merged_at():
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute("SELECT merged_at FROM merge_state").fetchall()
        finally:
            con.close()
    before, merged = dump(db), merged_at()
    again = run_pipeline(paths=[str(corpus / "seeds"), str(corpus / "inbox")], db=str(db))
    assert (again.loaded, again.skipped, len(again.rejected)) == (0, 7, 5)
    assert dump(db) == before
    assert len(merged) == 1 and merged_at() == merged  # nothing changed: the merge was skipped
    assert (again.mentions, again.events) == (first_run[1].mentions, first_run[1].events)

    changed = corpus / "inbox" / "undated.txt"
    changed.write_text("The summit was held on 3 March 2024 in Rome.", encoding="utf-8")
    redated = corpus / "inbox" / "dump.jsonl"  # same text, a corrected publication date
    redated.write_text(redated.read_text(encoding="utf-8").replace("2025-04-12", "2025-04-13"), encoding="utf-8")
    third = run_pipeline(paths=[str(corpus / "inbox")], db=str(db))
    assert (third.loaded, third.skipped) == (2, 0)
    assert merged_at() != merged
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT value FROM event_mentions WHERE doc_id = 'undated'").fetchall()
    assert rows == [("2024-03-03",)]
    assert con.execute("SELECT published_at FROM documents WHERE doc_id = 'jl-1'").fetchone()[0].isoformat() \
        == "2025-04-13"
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 7
    con.close()


def test_query_is_read_only(first_run, capsys):
    db, _ = first_run
    before = dump(db)
    assert cli(["query", "DELETE FROM events", "--db", str(db)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert dump(db) == before
    assert cli(["query", "SELECT count(*) AS n FROM timeline", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "n"


def test_show_and_export(first_run, tmp_path, capsys):
    db, _ = first_run
    assert cli(["show", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "16-18 Apr 2025" in out  # 2025-04-16/2025-04-18 at its precision
    assert " * " not in out and "more events have no date expression of their own" in out
    assert cli(["show", "--all", "--limit", "1000", "--db", str(db)]) == 0
    everything = capsys.readouterr().out
    assert "16-18 Apr 2025" in everything and " * " in everything  # fallback dates marked
    con = duckdb.connect(str(db), read_only=True)
    text, every = (con.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in ("timeline", "timeline_all"))
    con.close()
    assert 0 < text < every
    out = tmp_path / "timeline.csv"
    assert cli(["export", "--out", str(out), "--db", str(db)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:4] == ["position", "event_id", "date", "precision"]
    assert [int(r["position"]) for r in rows] == list(range(1, len(rows) + 1))
    dated = [r["begin_date"] for r in rows if r["begin_date"]]
    assert dated == sorted(dated)
    assert cli(["export", "--out", str(out), "--db", str(db)]) == 2  # no overwrite without --force


def test_user_alias_is_applied_by_the_next_run(first_run, corpus):
    db, _ = first_run
    assert cli(["alias", "add", "Ryo Akazawa", "Ryosei Akazawa", "--db", str(db)]) == 0
    run_pipeline(paths=[str(corpus / "seeds")], db=str(db))
    con = duckdb.connect(str(db), read_only=True)
    surfaces = {r[0] for r in con.execute(
        "SELECT surface FROM mention_entities JOIN entities USING (entity_id) WHERE name = 'Ryosei Akazawa'").fetchall()}
    dates = {r[0] for r in con.execute("SELECT date FROM entity_timeline WHERE entity = 'Ryosei Akazawa'").fetchall()}
    con.close()
    assert {"Ryo Akazawa", "Ryosei Akazawa"} <= surfaces
    assert {"2025-04-16/2025-04-18", "2025-05-30"} <= dates  # first round (as "Ryo"), second round


def test_new_extractor_version_re_extracts_everything_and_runs_record_duration(first_run, corpus, monkeypatch):
    import flows.pipeline as pipeline
    db, _ = first_run
    paths = [str(corpus / "seeds"), str(corpus / "inbox")]
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "test+newversion")
    summary = run_pipeline(paths=paths, db=str(db))
    assert (summary.loaded, summary.skipped) == (7, 0)
    again = run_pipeline(paths=paths, db=str(db))
    assert (again.loaded, again.skipped) == (0, 7)
    con = duckdb.connect(str(db), read_only=True)
    versions = {r[0] for r in con.execute("SELECT DISTINCT extractor_version FROM documents").fetchall()}
    runs = con.execute("SELECT status, duration_seconds FROM runs ORDER BY started_at").fetchall()
    con.close()
    assert versions == {"test+newversion"}
    assert all(status == "completed" and seconds > 0 for status, seconds in runs)
