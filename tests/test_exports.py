"""`timeline export`: CSV, Parquet and JSON Lines hold the same rows in the same order, same filters."""
import csv
import json

import duckdb
import pyarrow.parquet as pq
import pytest

from flows.cli import main as cli

pytestmark = pytest.mark.flow

FILTERS = {
    "all": [],
    "entity": ["--entity", "japan"],
    "entity words": ["--entity", "Trump"],
    "dates": ["--from", "2025-04-15", "--to", "2025-05"],
    "status and sources": ["--status", "planned", "--min-sources", "2"],
    "everything": ["--entity", "U.S.", "--from", "2025", "--to", "2025-12-31", "--status", "occurred",
                   "--min-sources", "1"],
    "hostile": ["--entity", "x' OR 1=1; DROP TABLE events; --"],
    "with fallback dates": ["--all", "--entity", "japan"],
}


@pytest.fixture(scope="module")
def db(prefect_harness, tmp_path_factory):
    from conftest import SEEDS
    from flows.pipeline import run_pipeline
    path = tmp_path_factory.mktemp("exports") / "t.duckdb"
    run_pipeline(paths=[str(SEEDS)], db=str(path))
    return path


def read_all(tmp, stem, args, db):
    """Export in the three formats; returns {format: list of row dicts} as each reader sees it."""
    out = {}
    for fmt in ("csv", "parquet", "jsonl"):
        path = tmp / f"{stem}.{fmt}"
        assert cli(["export", "--out", str(path), "--db", str(db), *args]) == 0
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as f:
                out["csv"] = list(csv.DictReader(f))
            con = duckdb.connect()
            rel = con.execute("SELECT * FROM read_csv(?)", [str(path)])  # no options: DuckDB sniffs it
            cols = [d[0] for d in rel.description]
            out["duckdb_csv"] = [dict(zip(cols, r)) for r in rel.fetchall()]
            con.close()
        elif fmt == "parquet":
            out["parquet"] = pq.read_table(path).to_pylist()
        else:
            out["jsonl"] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return out


@pytest.mark.parametrize("name", list(FILTERS))
def test_three_formats_same_events_same_order(db, tmp_path, name):
    args = FILTERS[name]
    got = read_all(tmp_path, "events", args, db)
    ids = {fmt: [r["event_id"] for r in rows] for fmt, rows in got.items()}
    assert ids["csv"] == ids["parquet"] == ids["jsonl"] == ids["duckdb_csv"], name
    positions = [int(r["position"]) for r in got["csv"]]
    assert positions == sorted(positions)
    if name == "hostile":
        assert ids["csv"] == []
    elif name in ("all", "entity", "dates"):
        assert ids["csv"], name
    # same columns, same values (CSV text aside)
    assert list(got["csv"][0] if got["csv"] else []) == (list(got["parquet"][0]) if got["parquet"] else [])
    for c, p, j in zip(got["csv"], got["parquet"], got["jsonl"]):
        assert c["date"] == p["date"] == j["date"]
        assert c["begin_date"] == (p["begin_date"].isoformat() if p["begin_date"] else "") == (j["begin_date"] or "")
        assert c["event"] == p["event"] == j["event"]
        assert c["conflict"] == ("true" if p["conflict"] else "false")


def test_filters_select_what_they_say(db, tmp_path):
    rows = read_all(tmp_path, "f", FILTERS["dates"], db)["parquet"]
    assert rows and all(r["end_date"].isoformat() >= "2025-04-15" and r["begin_date"].isoformat() <= "2025-05-31"
                        for r in rows)
    rows = read_all(tmp_path, "g", FILTERS["entity words"], db)["jsonl"]
    assert rows and all("trump" in r["actors"].lower() for r in rows)
    rows = read_all(tmp_path, "h", FILTERS["status and sources"], db)["csv"]
    assert rows and all(r["status"] == "planned" and int(r["sources"]) >= 2 for r in rows)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0  # the hostile entity dropped nothing
    con.close()
    default = read_all(tmp_path, "i", FILTERS["entity"], db)["csv"]
    everything = read_all(tmp_path, "j", FILTERS["with fallback dates"], db)["csv"]
    assert {r["date_source"] for r in default} == {"timex"}  # the everyday timeline: dates the text gives
    assert {r["date_source"] for r in everything} >= {"timex", "publication"} and len(everything) > len(default)
    assert [int(r["position"]) for r in everything] == sorted(int(r["position"]) for r in everything)


def test_mentions_export_one_row_per_mention(db, tmp_path):
    got = {}
    for fmt in ("csv", "parquet", "jsonl"):
        path = tmp_path / f"m.{fmt}"
        assert cli(["export", "--mentions", "--out", str(path), "--db", str(db), "--entity", "Japan"]) == 0
        if fmt == "csv":
            got[fmt] = [r["mention_id"] for r in csv.DictReader(path.open(encoding="utf-8", newline=""))]
        elif fmt == "parquet":
            got[fmt] = pq.read_table(path).column("mention_id").to_pylist()
        else:
            got[fmt] = [json.loads(x)["mention_id"] for x in path.read_text(encoding="utf-8").splitlines()]
    assert got["csv"] == got["parquet"] == got["jsonl"] and got["csv"]
    assert len(set(got["csv"])) == len(got["csv"])
    con = duckdb.connect(str(db), read_only=True)
    n = con.execute("SELECT count(*) FROM timeline_sources s JOIN timeline t USING (event_id) "
                    "WHERE list_contains(t.actors, 'Japan')").fetchone()[0]
    con.close()
    assert len(got["csv"]) == n


def test_existing_file_needs_force_and_format_comes_from_the_suffix(db, tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert cli(["export", "--out", str(out), "--db", str(db)]) == 0
    first = out.read_bytes()
    out.write_text("keep me", encoding="utf-8")
    assert cli(["export", "--out", str(out), "--db", str(db)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    assert cli(["export", "--out", str(out), "--db", str(db), "--force"]) == 0
    assert out.read_bytes() == first
    assert cli(["export", "--out", str(tmp_path / "t.xlsx"), "--db", str(db)]) == 2
    assert "--format" in capsys.readouterr().err
    assert cli(["export", "--out", str(tmp_path / "t.data"), "--format", "jsonl", "--db", str(db)]) == 0
    assert json.loads((tmp_path / "t.data").read_text(encoding="utf-8").splitlines()[0])["position"] == 1
    assert not list(tmp_path.glob("*.partial"))


def test_show_dates_at_their_precision_and_filters(db, capsys):
    assert cli(["show", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    for text in ("16-18 Apr 2025", "Jun 2025", "week 17, 2025", "Mar 2025 (late)", "90 days"):
        assert text in out, text
    assert cli(["show", "--db", str(db), "--entity", "japan", "--from", "2025-04-16", "--to", "2025-04-18"]) == 0
    out = capsys.readouterr().out
    assert "16-18 Apr 2025" in out and "Jun 2025" not in out and "90 days" not in out
    assert cli(["show", "--db", str(db), "--entity", "nobody at all"]) == 0
    assert "no events match" in capsys.readouterr().out
