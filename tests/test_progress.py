"""The progress bar of `timeline run`: drawn on a terminal, never on a pipe or with --quiet."""
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.progress import Progress, count_documents

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = Path(sys.executable).parent / "timeline"


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def test_bar_on_a_terminal_with_rate_and_time_left():
    clock, out = Clock(), FakeTTY()
    p = Progress(total=100, stream=out, clock=clock)
    assert p.enabled
    clock.t += 10
    p.update(40, loaded=38, skipped=0, rejected=2)
    text = out.getvalue()
    assert text.startswith("\r[") and "40/100 documents" in text and "4.0 docs/s" in text
    assert "0:00:15 left" in text and "38 loaded, 0 unchanged, 2 rejected" in text
    clock.t += 15
    p.update(100, loaded=98, rejected=2)
    p.close()
    assert "100/100" in out.getvalue() and "done in 0:00:25" in out.getvalue() and out.getvalue().endswith("\n")


def test_bar_without_a_total_still_gives_the_rate():
    clock, out = Clock(), FakeTTY()
    p = Progress(stream=out, clock=clock)
    clock.t += 2
    p.update(10, loaded=10)
    assert "10 documents  5.0 docs/s" in out.getvalue()


def test_no_bar_on_a_pipe_or_when_quiet():
    for stream, quiet in ((io.StringIO(), False), (FakeTTY(), True), (io.StringIO(), True)):
        p = Progress(total=10, stream=stream, quiet=quiet)
        assert not p.enabled
        p.update(5)
        p.message("merging")
        p.close()
        assert stream.getvalue() == ""


def test_redraws_are_throttled():
    clock, out = Clock(), FakeTTY()
    p = Progress(total=1000, stream=out, clock=clock, min_interval=0.5)
    for i in range(1, 50):
        clock.t += 0.01
        p.update(i)
    assert out.getvalue().count("\r") == 1


def test_total_is_counted_without_reading_text(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.md").write_text("y", encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps({"id": str(i), "text": "t"}) for i in range(7))
                                         + "\n\n", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 9
    assert count_documents([str(tmp_path / "dump.jsonl"), str(tmp_path / "missing.txt")]) == 8
    from conftest import SEEDS
    assert count_documents([str(SEEDS)]) == 5


# ---------------------------------------------------------------- the real command

def _env():
    """The test harness's Prefect server for the child processes too (else each starts its own: ~30 s)."""
    from prefect.settings import get_current_settings
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", COLUMNS="160")
    url = get_current_settings().api.url
    if url:
        env["PREFECT_API_URL"] = str(url)
    return env


@pytest.mark.flow
def test_cli_in_a_pty_shows_the_bar_and_quiet_piped_prints_nothing(prefect_harness, tmp_path):
    """Two real `timeline run` processes: stderr on a pseudo-terminal, then --quiet with pipes."""
    from conftest import SEEDS
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(TIMELINE), "run", str(SEEDS), "--db", str(tmp_path / "a.duckdb")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=_env(), cwd=tmp_path)
    os.close(slave)
    seen, deadline = b"", time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    out = proc.communicate(timeout=60)[0].decode()
    assert proc.returncode == 0, seen.decode(errors="replace")
    terminal = seen.decode(errors="replace")
    assert "5/5 documents" in terminal and "docs/s" in terminal and "\r[" in terminal
    assert "5 loaded" in out and "new" in out and "conflicting dates" in out  # the closing summary, on stdout

    quiet = subprocess.run([str(TIMELINE), "run", str(SEEDS), "--db", str(tmp_path / "b.duckdb"), "--quiet"],
                           capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=240)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "b.duckdb").is_file()
