"""DuckLake store: a PostgreSQL catalog (started here, from the Debian package) and Parquet files.

Two flows run at the same time, in two processes, on different documents into one store; every
document and every event must be there once. PostgreSQL comes from `.ci/setup-postgres.sh`; the
test skips with a message when its binaries are absent.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from flows import ducklake

ROOT = Path(__file__).resolve().parent.parent


def _pg_bin() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(d, "initdb").exists():
            return Path(d)
    initdb = shutil.which("initdb")
    return Path(os.path.realpath(initdb)).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_pg_user(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` user then."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="module")
def postgres():
    """A throw-away PostgreSQL server on a free port; yields a DSN of an empty database."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        message = "PostgreSQL is not installed: run .ci/setup-postgres.sh (apt-get install postgresql)"
        if os.environ.get("TIMELINE_REQUIRE_POSTGRES"):  # .ci/run installs it: a missing server is a failure
            pytest.fail(message)
        pytest.skip(message)
    # not under pytest's tmp folder: that one is private to root, and the server runs as `postgres`
    base = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
    data, port = base / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        os.chmod(base, 0o755)
    subprocess.run(_as_pg_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
                   check=True, capture_output=True)
    subprocess.run(_as_pg_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"),
                                "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    try:
        subprocess.run(_as_pg_user([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                                    "postgres", "timeline"]), check=True, capture_output=True)
        yield f"dbname=timeline host=127.0.0.1 port={port} user=postgres"
    finally:
        subprocess.run(_as_pg_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_schema_variant_has_no_keys_and_loads_in_duckdb():
    sql = ducklake.schema_sql()
    assert "PRIMARY KEY" not in sql
    con = duckdb.connect()
    for s in ducklake.statements(sql):
        con.execute(s)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"documents", "timexes", "event_mentions", "events", "event_links", "runs", "rejections"} <= tables
    # a key column stays NOT NULL
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO event_links VALUES (NULL, 'e', 'r')")


def test_extension_files_come_from_pypi_packages():
    files = ducklake.extension_files()
    assert [f.name for f in files] == ["postgres_scanner.duckdb_extension", "ducklake.duckdb_extension"]


def test_retry_on_conflict_retries_only_conflicts():
    calls = []

    @ducklake.retry_on_conflict
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise duckdb.TransactionException("Failed to commit DuckLake transaction. Transaction conflict")
        return "ok"
    assert flaky() == "ok" and len(calls) == 3

    @ducklake.retry_on_conflict
    def broken():
        calls.append(1)
        raise duckdb.CatalogException("no such table")
    calls.clear()
    with pytest.raises(duckdb.CatalogException):
        broken()
    assert len(calls) == 1


CHILD = """
import json, sys
from flows import ducklake
ducklake.install()   # the store.py / pipeline.py patch, until the lead applies it
from flows.pipeline import run_pipeline
s = run_pipeline(paths=[sys.argv[1]], db=sys.argv[2], quiet=True, batch_size=3)
print("RESULT " + json.dumps(dict(loaded=s.loaded, seen=s.seen, rejected=len(s.rejected), events=s.events)))
"""


@pytest.mark.flow
def test_two_flows_at_once_into_one_ducklake(postgres, tmp_path):
    from flows.bench import build_corpus
    corpus = tmp_path / "all.jsonl"
    build_corpus(24, corpus)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    halves = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    halves[0].write_text("\n".join(lines[0::2]) + "\n", encoding="utf-8")
    halves[1].write_text("\n".join(lines[1::2]) + "\n", encoding="utf-8")
    all_ids = {json.loads(line)["id"] for line in lines}

    db = "ducklake:" + postgres
    env = dict(os.environ, TIMELINE_DATA_PATH=str(tmp_path / "parquet"), PREFECT_LOGGING_LEVEL="ERROR",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
    env.pop("PREFECT_API_URL", None)
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(h), db], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for h in halves]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=900)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(next(x for x in out.splitlines() if x.startswith("RESULT "))[7:]))
    assert [r["loaded"] for r in results] == [12, 12]

    con = ducklake.connect(db, read_only=True, data_path=str(tmp_path / "parquet"))
    try:
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()]
        assert sorted(docs) == sorted(all_ids)  # every document once
        n, distinct = con.execute("SELECT count(*), count(DISTINCT mention_id) FROM event_mentions").fetchone()
        assert n == distinct > 0
        n, distinct = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        assert n == distinct > 0
        # every mention is linked to exactly one event, and every event has its mentions
        assert con.execute("SELECT count(*) FROM event_mentions m LEFT JOIN event_links l USING (mention_id) "
                           "WHERE l.mention_id IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT count(*), count(DISTINCT mention_id) FROM event_links").fetchone() == \
            (n_mentions := con.execute("SELECT count(*) FROM event_mentions").fetchone()[0], n_mentions)
        assert con.execute("SELECT count(*) FROM events e LEFT JOIN event_links l USING (event_id) "
                           "WHERE l.event_id IS NULL").fetchone()[0] == 0
        runs = con.execute("SELECT status, loaded FROM runs ORDER BY run_id").fetchall()
        assert runs == [("completed", 12), ("completed", 12)]
        stored_events = {r[0] for r in con.execute("SELECT event_id FROM events").fetchall()}
        timeline_rows = con.execute("SELECT count(*) FROM timeline").fetchone()[0]
        all_rows = con.execute("SELECT count(*) FROM timeline_all").fetchone()[0]
    finally:
        con.close()
    # the events are those a single merge of every stored mention gives: nothing lost, nothing twice
    from extractors.entities import resolve_entities
    from extractors.merge import merge_mentions
    from flows import store
    ducklake.install()
    mentions = store.load_mentions(db)
    resolve_entities(mentions, store.user_aliases(db))  # as the flow's merge does
    events = merge_mentions(mentions)
    expected = {e.event_id for e in events}
    assert stored_events == expected
    assert all_rows == len(expected)
    assert timeline_rows == sum(1 for e in events if e.date_source not in ("lead", "publication")) > 0
