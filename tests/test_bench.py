"""`timeline bench`: the corpus builder and the large-database query measurements."""
from __future__ import annotations

import json
from datetime import date

import pytest

from flows import bench
from tests.conftest import SHARED_DATA


def test_corpus_cycles_base_texts_with_fresh_ids_and_shifted_dates(tmp_path):
    base = bench.base_documents()
    n = len(base) + 3
    info = bench.build_corpus(n, tmp_path / "c.jsonl")
    rows = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert info["docs"] == len(rows) == n and info["words"] > 0
    assert len({r["id"] for r in rows}) == n  # fresh ids: nothing is a duplicate
    first, again = rows[0], rows[len(base)]
    assert first["text"] == again["text"] and first["id"] != again["id"]
    if first["published_at"]:
        from datetime import date
        gap = date.fromisoformat(again["published_at"]) - date.fromisoformat(first["published_at"])
        assert gap.days == bench.SHIFT_DAYS


@pytest.mark.skipif(not (SHARED_DATA / "timeml_tbaq").is_dir(), reason="../shared/data is absent")
def test_corpus_uses_the_development_data():
    ids = [d["id"] for d in bench.base_documents()]
    assert any(i.startswith("apple_") for i in ids) and any(i.startswith("APW") for i in ids)


def test_query_bench_on_small_database(tmp_path):
    db = tmp_path / "ev.duckdb"
    bench.fill_events(db, 2000)
    r = bench.measure_queries(db, tmp_path, repeats=1)
    assert r["events"] == 2000 and r["first_page_rows"] == 50 and r["export_rows"] == 2000
    assert r["entity_rows"] > 0


def test_parser_wires_bench():
    import argparse
    p = argparse.ArgumentParser()
    bench.add_parser(p.add_subparsers(dest="command"))
    args = p.parse_args(["bench", "--docs", "10", "--runs", "1"])
    assert args.func is bench.cmd_bench and args.docs == 10


def test_tagger_bench_on_a_few_documents(tmp_path, capsys):
    """`timeline bench --tagger`: spaCy and the tagger timed side by side, medians and the ratio."""
    pytest.importorskip("spacy")
    import argparse
    p = argparse.ArgumentParser()
    bench.add_parser(p.add_subparsers(dest="command"))
    args = p.parse_args(["bench", "--tagger", "--docs", "3", "--runs", "2", "--workdir", str(tmp_path),
                         "--json", str(tmp_path / "t.json")])
    try:
        code = args.func(args)
    except RuntimeError as e:  # no spaCy model installed
        pytest.skip(str(e))
    out = capsys.readouterr().out
    assert code == 0
    assert "cores" in out and out.count("run ") >= 2 and "ratio tagger/spaCy" in out
    rec = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert len(rec["runs"]) == 2 and rec["corpus"]["docs"] == 3
    for row in rec["runs"]:
        assert row["docs"] == 3 and row["spacy_s"] > 0 and row["tagger_s"] > 0
        assert row["ratio"] == pytest.approx(row["tagger_s"] / row["spacy_s"])
    assert rec["median"]["ratio"] > 0


def test_merge_bench_times_the_merge_on_copies_as_is_and_after_init(tmp_path, capsys):
    """`timeline bench --merge-db FILE`: the merge again over a database's events, on copies (a file
    made with keyed merged tables loses the keys after init_db); the file itself is left alone."""
    import argparse

    import duckdb

    from tests.test_schema import OLD_SCHEMA, _load
    db = tmp_path / "keyed.duckdb"
    con = duckdb.connect(str(db))
    con.execute(OLD_SCHEMA.read_text(encoding="utf-8"))  # the merged tables with primary keys
    con.close()
    from flows import store
    store.init_db(db, log=lambda *_: None)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE events ADD PRIMARY KEY (event_id)")  # as an older version made it
    con.close()
    _load(db)
    before = db.read_bytes()
    p = argparse.ArgumentParser()
    bench.add_parser(p.add_subparsers(dest="command"))
    args = p.parse_args(["bench", "--merge-db", str(db), "--runs", "1", "--workdir", str(tmp_path / "w")])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "as is (1 of the merged tables with a primary key)" in out
    assert "after init_db (0 of the merged tables with a primary key)" in out and "medians of 1 run" in out
    assert db.read_bytes() == before


def test_scale_database_copies_documents_and_mentions_with_new_ids_and_later_dates(tmp_path):
    """`--scale K`: K times the documents and mentions, each copy's ids new and its dates `days` later
    (a mention dated to a day moves with its document; a month or a year stays)."""
    import duckdb

    from flows import store
    from tests.test_schema import _load
    db = tmp_path / "one.duckdb"
    store.init_db(db, log=lambda *_: None)
    _load(db)
    con = duckdb.connect(str(db))
    before = con.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
    day = con.execute("SELECT mention_id, value FROM event_mentions WHERE value = '2010-06-07'").fetchone()
    con.close()
    assert bench.scale_database(db, 3, days=10) == 10
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (3, 3)
    assert con.execute("SELECT count(*), count(DISTINCT mention_id) FROM event_mentions").fetchone() == (3 * before,) * 2
    assert con.execute("SELECT count(*) FROM event_mentions m JOIN documents d USING (doc_id)").fetchone()[0] == 3 * before
    assert con.execute("SELECT published_at FROM documents WHERE doc_id = 'a1~s2'").fetchone()[0] == date(2010, 6, 28)
    if day:  # "on Monday": the day before publication, 20 days later in copy 2
        copied = day[0].replace("a1", "a1~s2", 1)
        assert con.execute("SELECT value, begin_date FROM event_mentions WHERE mention_id = ?",
                           [copied]).fetchone() == ("2010-06-27", date(2010, 6, 27))
    assert con.execute("SELECT count(*) FROM event_mentions WHERE dated_by IS NOT NULL AND dated_by NOT IN "
                       "(SELECT mention_id FROM event_mentions)").fetchone()[0] == 0


def test_merge_bench_with_scale_reports_time_and_peak_rss(tmp_path, capsys):
    import argparse

    from flows import store
    from tests.test_schema import _load
    db = tmp_path / "one.duckdb"
    store.init_db(db, log=lambda *_: None)
    _load(db)
    p = argparse.ArgumentParser()
    bench.add_parser(p.add_subparsers(dest="command"))
    args = p.parse_args(["bench", "--merge-db", str(db), "--scale", "2", "--runs", "1", "--workdir", str(tmp_path / "w")])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "made 2 times as large, 7 days later per copy" in out
    assert "run 1, scaled x2" in out and "peak RSS" in out and "medians of 1 run" in out
