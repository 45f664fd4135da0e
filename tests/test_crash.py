"""Crash safety and a held database, with real `timeline run` processes (which use the test
session's Prefect server, so they start no server of their own and leave nothing behind when killed).

- A run of 500 documents killed with SIGKILL part way, then run again, ends with the same database
  as one uninterrupted run: same documents, mentions, events, sources and entities, no duplicates.
- A writer that finds the database held waits with a clear message (no traceback) and loads its
  documents once the file is free; one whose wait runs out fails cleanly (exit code 1, no traceback).
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import psutil
import pytest

from conftest import SEEDS

pytestmark = pytest.mark.flow

TIMELINE = str(Path(sys.executable).parent / "timeline")
TABLES = {"documents": "EXCLUDE (run_id, loaded_at)", "rejections": "EXCLUDE (run_id, rejected_at)",
          "timexes": "", "event_mentions": "", "events": "", "event_links": "", "entities": "",
          "mention_entities": "", "entity_aliases": ""}
DATED = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                   r"December|week|\d{4})\b")
NAMES = {"Akazawa": ["Akazawa", "Tanaka", "Suzuki", "Watanabe"], "Bessent": ["Bessent", "Miller", "Carter"],
         "Ishiba": ["Ishiba", "Kishida", "Noda"], "Trump": ["Trump", "Biden", "Harris", "Vance", "Rubio"]}


def synthetic(n: int):
    """n one-sentence articles made of the seeds' dated sentences: names varied, years shifted."""
    from extractors.documents import read_documents
    seeds = [d for d in read_documents([SEEDS]) if d.status == "ok"]
    pool = [(d, s.strip()) for d in seeds for s in re.split(r"(?<=[.!?])\s+", d.content)
            if 40 < len(s.strip()) < 260 and DATED.search(s)]
    for i in range(n):
        d, text = pool[(i * 7) % len(pool)]
        for name, variants in NAMES.items():
            text = text.replace(name, variants[i % len(variants)])
        shift = i % 6
        text = re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + shift), text)
        published = d.published_at.replace(year=d.published_at.year + shift) + timedelta(days=i % 4)
        yield {"id": f"syn-{i:03d}", "text": text, "published_at": published.isoformat(), "title": f"Synthetic {i}"}


def dump(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f"SELECT * {ex} FROM {t}").fetchall())) for t, ex in TABLES.items()}
    finally:
        con.close()


def count(db, sql, timeout=30.0):
    """A count read while another process writes (read-only opens fail while it holds the file)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            con = duckdb.connect(str(db), read_only=True)
            try:
                return con.execute(sql).fetchone()[0]
            finally:
                con.close()
        except duckdb.Error:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture
def subprocess_env(prefect_harness):
    """`timeline run` in a child process, against this session's temporary Prefect server."""
    from prefect.settings import PREFECT_API_URL
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value(), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PYTHONUNBUFFERED="1")
    env.pop("TIMELINE_LOCK_WAIT", None)
    return env


def test_a_run_killed_part_way_is_completed_by_the_next_run(subprocess_env, tmp_path):
    from flows.pipeline import run_pipeline
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in synthetic(500)), encoding="utf-8")
    reference, crashed = tmp_path / "reference.duckdb", tmp_path / "crashed.duckdb"

    whole = run_pipeline(paths=[str(corpus)], db=str(reference), batch_size=100)  # batches do not matter
    assert whole.loaded == 500

    proc = subprocess.Popen([TIMELINE, "run", str(corpus), "--db", str(crashed), "--batch-size", "20", "-q"],
                            env=subprocess_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (crashed.exists() and count(crashed, "SELECT count(*) FROM documents") >= 40):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the run stored nothing in 120 s"
        time.sleep(0.1)
    workers = psutil.Process(proc.pid).children(recursive=True)  # its extraction process pool
    assert workers, "the run extracts in worker processes"
    os.kill(proc.pid, signal.SIGKILL)  # kill -9, wherever it is (maybe inside a transaction)
    proc.wait(10)
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"worker processes outlived the killed run: {alive}"
    stored = count(crashed, "SELECT count(*) FROM documents")
    assert 40 <= stored < 500 and stored % 20 == 0  # whole batches only
    assert count(crashed, "SELECT count(*) FROM events") == 0  # it died before merging

    again = run_pipeline(paths=[str(corpus)], db=str(crashed), batch_size=100)
    assert (again.skipped, again.loaded, again.seen) == (stored, 500 - stored, 500)
    assert dump(crashed) == dump(reference)
    con = duckdb.connect(str(crashed), read_only=True)
    statuses = [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (500, 500)
    con.close()
    assert statuses == ["interrupted", "completed"]


def test_a_second_writer_waits_with_a_message_then_loads(subprocess_env, tmp_path):
    db = tmp_path / "held.duckdb"
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "a1.txt").write_text("The ministers met in Tokyo on April 11, 2025 to discuss tariffs.", encoding="utf-8")
    (b / "b1.txt").write_text("The central bank raised rates on March 19, 2025 for the first time.", encoding="utf-8")
    holder = duckdb.connect(str(db))  # holds the file as a run's transaction does
    runs = {name: subprocess.Popen([TIMELINE, "run", str(folder), "--db", str(db)],
                                   env=dict(subprocess_env, TIMELINE_LOCK_WAIT=wait), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
            for name, folder, wait in (("a", a, "120"), ("b", b, "120"), ("impatient", b, "2"))}
    try:
        impatient_out, impatient_err = runs["impatient"].communicate(timeout=120)
    finally:
        holder.close()  # now the file is free: the waiting runs go on
    outputs = {name: p.communicate(timeout=120) for name, p in runs.items() if name != "impatient"}

    assert runs["impatient"].returncode == 1
    assert "waiting for" in impatient_err and "another process holds it" in impatient_err
    assert f"timeline: {db} is held by another process" in impatient_err and "gave up after waiting 2 s" in impatient_err
    assert "Traceback" not in impatient_err, impatient_err
    for name in ("a", "b"):
        out, err = outputs[name]
        assert runs[name].returncode == 0, err
        assert "another process holds it; retrying" in err and "Traceback" not in err, err
        assert "1 loaded" in out
    con = duckdb.connect(str(db), read_only=True)
    docs = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    statuses = sorted(r[0] for r in con.execute("SELECT status FROM runs").fetchall())
    con.close()
    assert docs == {"a1", "b1"}
    assert statuses == ["completed", "completed"]  # the impatient run never got to record itself
