"""`timeline serve` end to end: a real `prefect server start` (started by serve itself on a free
port with a temporary PREFECT_HOME), the flow served on a 4-second interval over an inbox, new
files dropped in between runs, and the `runs` table read between runs (about a minute)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.flow

TIMELINE = str(Path(sys.executable).parent / "timeline")


def read_rows(db: Path, sql: str, timeout: float = 60.0):
    """Read while the served runs write: the file opens read-only only while no run holds it."""
    deadline = time.monotonic() + timeout
    while True:
        if not db.exists():
            return []
        try:
            con = duckdb.connect(str(db), read_only=True)
        except duckdb.Error:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
            continue
        try:
            return con.execute(sql).fetchall()
        except duckdb.CatalogException:  # the first run has not created the tables yet
            return []
        finally:
            con.close()


def wait_for(predicate, timeout: float, what: str, proc, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"timeline serve exited ({proc.returncode}) while waiting for {what}:\n{log.read_text()}")
        value = predicate()
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")


def test_serve_runs_on_schedule_and_loads_only_new_files(tmp_path):
    inbox, db, home, log = tmp_path / "inbox", tmp_path / "t.duckdb", tmp_path / "prefect", tmp_path / "serve.log"
    inbox.mkdir()
    first = ["001_6fee6305082bd345.txt", "002_84a9d24582d59509.txt"]
    later = ["000_0e010373d5cad1e7.txt", "004_c86e0d41e1081523.txt"]
    for name in first:
        shutil.copy(SEEDS / name, inbox / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1")
    with open(log, "wb") as out:
        proc = subprocess.Popen([TIMELINE, "serve", "--inbox", str(inbox), "--interval", "4", "--db", str(db),
                                 "--prefect-home", str(home)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        runs_sql = "SELECT run_id, status, seen, loaded, skipped, duration_seconds FROM runs ORDER BY started_at"
        completed = lambda: [r for r in read_rows(db, runs_sql) if r[1] == "completed"]  # noqa: E731
        run1 = wait_for(completed, 150, "the first scheduled run", proc, log)[0]
        assert run1[2:5] == (2, 2, 0) and run1[5] > 0
        url = next(line.rsplit(" ", 1)[-1] for line in log.read_text().splitlines() if "Prefect server up" in line)
        assert urllib.request.urlopen(f"{url}/api/health", timeout=5).status == 200  # the UI/API serve wrote

        for name in later:  # dropped into the inbox between runs
            shutil.copy(SEEDS / name, inbox / name)
        loading = lambda: [r for r in completed()[1:] if r[3] > 0]  # noqa: E731
        run2 = wait_for(loading, 90, "a scheduled run that loads the new files", proc, log)[0]
        assert run2[2:5] == (4, 2, 2)  # saw all four, loaded the two new ones, skipped the two old ones
        between = [r for r in completed()[1:] if r[0] < run2[0]]
        assert all(r[3] == 0 for r in between)  # any run before the drop loaded nothing
        by_run = dict(read_rows(db, "SELECT doc_id, run_id FROM documents"))
        assert {d for d, r in by_run.items() if r == run1[0]} == {Path(n).stem for n in first}
        assert {d for d, r in by_run.items() if r == run2[0]} == {Path(n).stem for n in later}
    finally:
        proc.send_signal(signal.SIGTERM)  # `kill PID`: serve stops its Prefect server and exits
        try:  # after the run in progress, killed if it goes on 60 s (the default --stop-grace)
            proc.wait(150)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    text = log.read_text()
    assert "stopping the local Prefect server" in text and "Traceback" not in text, text
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/api/health", timeout=2)


def test_prefect_yaml_deploys_the_flow_to_a_process_pool():
    import yaml
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    [dep] = spec["deployments"]
    path, func = dep["entrypoint"].split(":")
    assert (ROOT / path).is_file() and f"def {func}(" in (ROOT / path).read_text(encoding="utf-8")
    assert dep["work_pool"]["name"] and dep["schedules"][0]["cron"] and dep["parameters"]["paths"]


def test_sigterm_kills_a_run_that_outlasts_the_stop_grace(tmp_path):
    """A scheduled run waits for a database another process holds; SIGTERM: serve gives it
    --stop-grace seconds, kills it, stops its Prefect server and exits; the database is intact."""
    from flows import store

    inbox, db, home, log = tmp_path / "inbox", tmp_path / "t.duckdb", tmp_path / "prefect", tmp_path / "serve.log"
    inbox.mkdir()
    shutil.copy(SEEDS / "001_6fee6305082bd345.txt", inbox)
    store.init_db(db, log=lambda *_: None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1", TIMELINE_LOCK_WAIT="600")
    holder = duckdb.connect(str(db))  # held read-write: the run waits for it (up to 600 s)
    try:
        with open(log, "wb") as out:
            proc = subprocess.Popen([TIMELINE, "serve", "--inbox", str(inbox), "--interval", "4", "--db", str(db),
                                     "--prefect-home", str(home), "--stop-grace", "5"], cwd=ROOT, env=env,
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: "waiting for" in log.read_text(), 150, "a run waiting for the database", proc, log)
            url = next(line.rsplit(" ", 1)[-1] for line in log.read_text().splitlines() if "Prefect server up" in line)
            stop_asked = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
            took = time.monotonic() - stop_asked
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    finally:
        holder.close()
    text = log.read_text()
    assert "did not finish within 5 s of the stop request: killing it" in text, text
    assert "stopping the local Prefect server" in text and "Traceback" not in text, text
    assert 5 <= took < 45, (took, text)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/api/health", timeout=2)
    con = duckdb.connect(str(db))
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)  # nothing half-written
    finally:
        con.close()
