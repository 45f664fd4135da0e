"""A progress bar for `timeline run`: documents/s and time left, drawn only on a terminal.

    [##########----------]  320/640 documents  12.4 docs/s  0:00:26 left  (318 loaded, 0 unchanged, 2 rejected)

It draws on stderr when stderr is a terminal, and never when stderr is a pipe or a file (cron,
CI, `2>log`) or when `quiet` is set. The total is counted before extraction, cheaply: one per
text file, one per line of a JSONL dump (see `count_documents`).
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def count_documents(paths, manifest=None) -> int | None:
    """How many documents `paths` hold, without reading their text: None if it cannot be told."""
    try:
        from extractors.documents import discover
        files, _, bad = discover(paths, manifest)
    except Exception:  # a count is a nicety; reading reports the real problems
        return None
    total = len(bad)
    for f in files:
        if Path(f).suffix.lower() in (".jsonl", ".ndjson"):
            total += _count_lines(Path(f))
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    """Non-blank lines (one article each), read as bytes: a 1 GB dump takes a second or two."""
    try:
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    except OSError:
        return 1


class Progress:
    """Call update() after each batch and close() at the end; it draws nothing unless enabled."""

    def __init__(self, total: int | None = None, stream=None, quiet: bool = False, enabled: bool | None = None,
                 min_interval: float = 0.2, clock=time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = (not quiet) and (is_terminal(self.stream) if enabled is None else enabled)
        self.total = total
        self.min_interval = min_interval
        self.clock = clock
        self.started = clock()
        self.last_draw = None
        self.drawn = False

    def line(self, done: int, loaded: int = 0, skipped: int = 0, rejected: int = 0, width: int = 100) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = done / elapsed
        counts = f"({loaded} loaded, {skipped} unchanged, {rejected} rejected)"
        if self.total:
            frac = min(1.0, done / self.total)
            left = (self.total - done) / rate if rate > 0 and done < self.total else 0.0
            tail = (f" {done}/{self.total} documents  {rate:.1f} docs/s  "
                    f"{_clock(left) + ' left' if done < self.total else 'done in ' + _clock(elapsed)}  {counts}")
            bar_width = max(10, min(40, width - len(tail) - 3))
            filled = int(frac * bar_width)
            return f"[{'#' * filled}{'-' * (bar_width - filled)}]{tail}"[:width]
        return f"{done} documents  {rate:.1f} docs/s  {counts}"[:width]

    def update(self, done: int, loaded: int = 0, skipped: int = 0, rejected: int = 0, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if not force and self.last_draw is not None and now - self.last_draw < self.min_interval \
                and not (self.total and done >= self.total):
            return
        self.last_draw = now
        width = shutil.get_terminal_size((100, 24)).columns - 1
        self.stream.write("\r" + self.line(done, loaded, skipped, rejected, width) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def message(self, text: str) -> None:
        """A line of its own above the bar (e.g. 'merging events ...')."""
        if not self.enabled:
            return
        self.stream.write("\r\x1b[K" + text + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Leave the last state of the bar on its own line."""
        if self.enabled and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def event_ids(db) -> tuple[set[str], int]:
    """(ids of the stored events, how many of them have conflicting dates), for the run summary."""
    from flows.store import StoreError, connect
    if not Path(str(db)).exists():
        return set(), 0
    try:
        con = connect(db, read_only=True, wait=10)
    except StoreError:
        return set(), 0
    try:
        rows = con.execute("SELECT event_id, conflict FROM events").fetchall()
    except Exception:  # no events table yet
        return set(), 0
    finally:
        con.close()
    return {r[0] for r in rows}, sum(1 for r in rows if r[1])
