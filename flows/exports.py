"""Exports of the timeline: CSV, Parquet and JSON Lines, from the SQL in sql/queries/.

One query per shape (`export_timeline.sql`: one row per event; `export_mentions.sql`: one row per
mention), the same filters for every format, bound as query parameters. The three formats hold the
same columns in the same order; lists are joined with "; " and dates are ISO (YYYY-MM-DD).
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
EVENTS_SQL = "queries/export_timeline.sql"
MENTIONS_SQL = "queries/export_mentions.sql"
TIMELINE_SQL = "queries/filtered_timeline.sql"  # lists kept as lists: `show` and `report`


class ExportError(ValueError):
    """A problem with what was asked for (format, file, filter), explained."""


@dataclass
class Filters:
    """Which events: every field None means every event."""
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    min_sources: int | None = None
    everything: bool = False  # also the events that only a fallback (news day, publication date) dates

    def params(self) -> dict:
        return dict(entity=self.entity, date_from=self.date_from, date_to=self.date_to,
                    status=self.status, min_sources=self.min_sources, everything=self.everything)

    def describe(self) -> str:
        parts = []
        if self.entity:
            parts.append(f"entity {self.entity}")
        if self.date_from or self.date_to:
            parts.append(f"dates {self.date_from or '...'} to {self.date_to or '...'}")
        if self.status:
            parts.append(f"status {self.status}")
        if self.min_sources:
            parts.append(f"at least {self.min_sources} sources")
        if self.everything:
            parts.append("also events no date expression dates (* : their article's news day or publication date)")
        return ", ".join(parts)


def parse_day(text: str, end: bool = False) -> date:
    """YYYY-MM-DD, YYYY-MM or YYYY; a month or year means its first day, or its last with end=True."""
    s = text.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", s)
    if not m:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    y, mo, d = int(m[1]), m[2], m[3]
    if d:
        return date(y, int(mo), int(d))
    if mo:
        mo = int(mo)
        return date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
    return date(y, 12, 31) if end else date(y, 1, 1)


def format_for(out: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    found = FORMATS.get(out.suffix.lower())
    if not found:
        raise ExportError(f"cannot tell the format of {out.name} from its suffix: use --format csv|parquet|jsonl "
                          f"or a name ending in {', '.join(FORMATS)}")
    return found


def fetch(con, sql_name: str, filters: Filters):
    """The rows of one query file under these filters, as an Arrow table."""
    from flows.store import sql_file
    query = sql_file(sql_name)
    return con.execute(query, filters.params()).to_arrow_table()


def _json_value(v):
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def write_table(table, out: Path, fmt: str) -> None:
    """Write an Arrow table as csv, parquet or jsonl (UTF-8, header row for CSV)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq
        pq.write_table(table, out)
        return
    if fmt == "csv":
        # Arrow's writer: a million rows in about a second (Python's csv module took 30 s); quotes only
        # where needed, empty cells for NULL, true/false, ISO dates, CRLF-free
        import pyarrow.csv as pacsv
        pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
        return
    rows = table.to_pylist()
    with out.open("w", encoding="utf-8", newline="") as f:
        if fmt == "jsonl":
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False, default=_json_value) + "\n")
        else:
            raise ExportError(f"unknown format {fmt!r}: csv, parquet or jsonl")


def export(db: str, out: str | Path, fmt: str | None = None, mentions: bool = False,
           filters: Filters | None = None, force: bool = False) -> int:
    """Write the (filtered) timeline to `out`; returns the number of rows. Never half-writes `out`."""
    from flows.store import connect
    out = Path(out)
    fmt = format_for(out, fmt)
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists; use --force to overwrite it")
    if not out.parent.is_dir():
        raise ExportError(f"no such folder: {out.parent}")
    con = connect(db, read_only=True, wait=10)
    try:
        table = fetch(con, MENTIONS_SQL if mentions else EVENTS_SQL, filters or Filters())
    finally:
        con.close()
    tmp = out.with_name(out.name + ".partial")
    try:
        write_table(table, tmp, fmt)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return table.num_rows
