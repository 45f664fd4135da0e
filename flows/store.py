"""The DuckDB file: schema, short write transactions, read-only queries.

DuckDB lets one process hold a file read-write, and then no other process can open it at all, so
every write here opens the file, writes one transaction, and closes it again.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from contextlib import closing, contextmanager
from dataclasses import fields
from datetime import datetime, timezone
from operator import attrgetter
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from extractors.events import EventMention
from flows.ducklake import retry_on_conflict, statements  # (retry: a no-op for a DuckDB file: no other writer)

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
DEFAULT_DB = "timeline.duckdb"
LOCK_WAIT_SECONDS = 30.0  # how long a write waits for another process to let go of the file


def lock_wait() -> float:
    """TIMELINE_LOCK_WAIT (seconds) overrides LOCK_WAIT_SECONDS, for runs in other processes too."""
    try:
        return float(os.environ.get("TIMELINE_LOCK_WAIT", LOCK_WAIT_SECONDS))
    except ValueError:
        return LOCK_WAIT_SECONDS


class StoreError(RuntimeError):
    """A database problem explained for the person at the terminal."""


def sql_file(name: str) -> str:
    path = SQL_DIR / name
    if not path.is_file():
        raise StoreError(f"SQL file missing: {path} (install the project with `pip install -e .`)")
    return path.read_text(encoding="utf-8")


def run_script(con, sql: str, parameters: dict | None = None) -> None:
    """The statements of a SQL script one by one (comments dropped), each given the $parameters it
    names (DuckDB refuses a statement parameters it does not use)."""
    for statement in statements(sql):
        con.execute(statement, {k: v for k, v in (parameters or {}).items()
                                if re.search(rf"\${k}\b", statement)})


def _is_lock_error(e: Exception) -> bool:
    return "lock" in str(e).lower() and ("conflicting" in str(e).lower() or "could not set" in str(e).lower())


def connect(db: str | Path, read_only: bool = False, wait: float | None = None, log=print):
    """Open the database, waiting (with a message) while another process holds it."""
    db = str(db)
    if db.startswith("ducklake:"):  # a shared DuckLake store: Postgres catalog + Parquet files
        from flows import ducklake
        return ducklake.connect(db, read_only=read_only)
    wait = lock_wait() if wait is None else wait
    if read_only and not Path(db).exists():
        raise StoreError(f"no database at {db}: create it with `timeline run PATH... --db {db}`")
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            return duckdb.connect(db, read_only=read_only)
        except duckdb.IOException as e:
            if not _is_lock_error(e):
                raise StoreError(f"cannot open {db}: {e}") from None
            if time.monotonic() >= deadline:
                raise StoreError(f"{db} is held by another process (a running `timeline run`?); "
                                 f"gave up after waiting {wait:.0f} s (set TIMELINE_LOCK_WAIT=SECONDS "
                                 "to wait longer)") from None
            if not told:
                log(f"waiting for {db}: another process holds it; retrying for up to {wait:.0f} s")
                told = True
            time.sleep(0.5)


@contextmanager
def transaction(db: str | Path, log=print, wait: float | None = None):
    """One short read-write transaction, closed at the end whatever happens."""
    con = connect(db, log=log, wait=wait)
    try:
        con.execute("BEGIN TRANSACTION")
        yield con
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise
    finally:
        con.close()


MERGED_TABLES = ("events", "event_links", "mention_entities")  # rewritten whole by every merge: no keys


def init_db(db: str | Path, log=print) -> None:
    if str(db).startswith("ducklake:"):
        from flows import ducklake
        return ducklake.init_db(str(db), log=log)
    with transaction(db, log) as con:
        keyed = [r[0] for r in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
            f"AND table_name IN {MERGED_TABLES}").fetchall()]
        for table in keyed:  # made by an earlier version: schema.sql makes it again without the key
            con.execute(f"ALTER TABLE {table} RENAME TO {table}_keyed")
        con.execute(sql_file("schema.sql"))
        for table in keyed:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}_keyed")
            con.execute(f"DROP TABLE {table}_keyed")
        con.execute(sql_file("views.sql"))


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _insert(con, table: str, rows: list[dict] | dict[str, list]) -> None:
    """Bulk insert through Arrow (executemany is a thousand times slower) of rows, or of columns (a
    list per column name: no dict per row)."""
    if not rows:
        return
    arrow = pa.table(rows) if isinstance(rows, dict) else pa.Table.from_pylist(rows)
    if not arrow.num_rows:
        return
    con.register("_incoming", arrow)
    try:
        names = ", ".join(arrow.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _incoming")
    finally:
        con.unregister("_incoming")


def stored_versions(db: str | Path, doc_ids: list[str]) -> dict[str, tuple[str, str]]:
    """doc_id -> (content_hash, extractor_version) of what is already stored."""
    if not doc_ids:
        return {}
    with transaction(db) as con:
        con.register("_ids", pa.table({"doc_id": doc_ids}))
        rows = con.execute("SELECT doc_id, content_hash, extractor_version FROM documents "
                           "JOIN _ids USING (doc_id)").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


@retry_on_conflict
def store_extractions(db: str | Path, run_id: str, extractor_version: str, extractions, log=print,
                      con=None) -> None:
    """Replace the rows of these documents with their new extractions, in one transaction (or in
    the caller's transaction `con`)."""
    if not extractions:
        return
    now = _now()
    docs, timexes, mentions = [], [], []
    for x in extractions:
        d = x.document
        docs.append(dict(doc_id=d.doc_id, source=d.source, title=d.title, url=d.url,
                         published_at=d.published_at, dct_source=d.dct_source, dct_note=d.dct_note,
                         content_hash=d.content_hash, extractor_version=extractor_version,
                         content_end=d.content_end, dropped=d.dropped, text=d.text,
                         run_id=run_id, loaded_at=now))
        for t in x.timexes:
            timexes.append(dict(doc_id=d.doc_id, start_char=t.start, end_char=t.end, text=t.text,
                                type=t.type, value=t.value, mod=t.mod, begin_date=t.begin_date,
                                end_date=t.end_date, granularity=t.granularity, anchor=t.anchor, rule=t.rule))
        for m in x.mentions:
            row = {f: getattr(m, f) for f in EVENT_MENTION_FIELDS}  # shallow: dataclasses.asdict deep-copies every list
            row["start_char"], row["end_char"] = row.pop("start"), row.pop("end")
            mentions.append(row)
    ids = pa.table({"doc_id": [d["doc_id"] for d in docs]})
    sources = pa.table({"source": [d["source"] for d in docs]})
    if con is None:
        with transaction(db, log) as con:
            _replace_documents(con, ids, sources, docs, timexes, mentions)
    else:
        _replace_documents(con, ids, sources, docs, timexes, mentions)


def _replace_documents(con, ids, sources, docs, timexes, mentions) -> None:
    con.register("_ids", ids)
    con.register("_sources", sources)
    con.execute("DELETE FROM event_links WHERE mention_id IN "
                "(SELECT mention_id FROM event_mentions JOIN _ids USING (doc_id))")
    for table in ("event_mentions", "timexes", "documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _ids)")
    con.execute("DELETE FROM rejections WHERE source IN (SELECT source FROM _sources)")
    _insert(con, "documents", docs)
    _insert(con, "timexes", timexes)
    _insert(con, "event_mentions", mentions)
    con.unregister("_ids")
    con.unregister("_sources")


def store_batch(db: str | Path, run_id: str, extractor_version: str, extractions, rejected_docs,
                log=print) -> None:
    """A batch's rejections and extractions in one transaction: a run killed part way leaves
    whole batches only, and the next run re-does the rest."""
    if not extractions and not rejected_docs:
        return
    with transaction(db, log) as con:
        store_rejections(db, run_id, rejected_docs, log, con=con)
        store_extractions(db, run_id, extractor_version, extractions, log, con=con)


@retry_on_conflict
def store_rejections(db: str | Path, run_id: str, rejected_docs, log=print, con=None) -> None:
    """Record why inputs were rejected; a source rejected again for the same reason is left as is."""
    if not rejected_docs:
        return
    if con is None:
        with transaction(db, log) as con:
            return store_rejections(db, run_id, rejected_docs, log, con=con)
    now = _now()
    rows = {d.source: dict(source=d.source, doc_id=d.doc_id, reason=d.error, run_id=run_id, rejected_at=now)
            for d in rejected_docs}
    con.register("_new", pa.Table.from_pylist(list(rows.values())))
    con.execute("DELETE FROM rejections WHERE source IN "
                "(SELECT source FROM _new) AND (source, reason) NOT IN (SELECT source, reason FROM _new)")
    con.execute("INSERT INTO rejections (source, doc_id, reason, run_id, rejected_at) "
                "SELECT source, doc_id, reason, run_id, rejected_at FROM _new "
                "WHERE source NOT IN (SELECT source FROM rejections)")
    con.unregister("_new")


EVENT_MENTION_FIELDS = tuple(f.name for f in fields(EventMention))  # the columns a mention is stored with
MENTION_FIELDS = ("mention_id", "doc_id", "quote", "trigger", "trigger_lemma", "actors", "actor_labels", "value", "mod",
                  "begin_date", "end_date", "granularity", "status", "confidence", "keywords", "date_source", "dated_by", "actor_roles", "relation",
                  "own_event")


class StoredMention:
    """An event mention read back for the merge. Slots, and one shared copy of each repeated string
    and date (ids, values, keywords, names): a third of the memory a SimpleNamespace per row takes."""
    __slots__ = MENTION_FIELDS


_UNSHARED = ("mention_id", "quote")  # unique per mention: nothing to share


def _mentions_of(rows, names, shared: dict | None, into: list) -> None:
    """StoredMentions of rows (tuples of the columns `names`), into `into`; with one copy of each
    repeated string and date (`shared`: those seen so far) unless shared is None."""
    setters = [getattr(StoredMention, name).__set__ for name in names]  # (faster than setattr by name)
    new = StoredMention.__new__
    if shared is None:
        for r in rows:
            m = new(StoredMention)
            for put, v in zip(setters, r):
                put(m, v)
            into.append(m)
        return
    keep = [name in _UNSHARED for name in names]

    def one(v):
        if isinstance(v, list):
            return [shared.setdefault(x, x) for x in v]
        return v if v is None else shared.setdefault(v, v)
    for r in rows:
        m = new(StoredMention)
        for put, k, v in zip(setters, keep, r):
            put(m, v if k else one(v))
        into.append(m)


def load_mentions(db: str | Path, log=print, chunk: int = 10_000, staged: Path | None = None
                  ) -> list[StoredMention]:
    """The stored mentions, in mention_id order, with one copy of each repeated string and date; or
    those of a file stage_mentions wrote (`staged`, without that sharing: a few mentions, it takes time)."""
    shared: dict | None = {} if staged is None else None
    mentions: list = []
    with (transaction(db, log) if staged is None else closing(duckdb.connect())) as con:
        # no ORDER BY: DuckDB streams the rows instead of holding them all for the sort (10,000
        # documents: a peak 115 MB lower); sorted below, as DuckDB sorts strings (by code point)
        source = "event_mentions" if staged is None else "read_parquet($staged)"
        cur = con.execute(f"SELECT {', '.join(MENTION_FIELDS)} FROM {source}",
                          None if staged is None else {"staged": str(staged)})
        while rows := cur.fetchmany(chunk):
            _mentions_of(rows, MENTION_FIELDS, shared, mentions)
    mentions.sort(key=attrgetter("mention_id"))
    return mentions


def stage_mentions(db: str | Path, folder: Path, rowids: np.ndarray, chunk_of: np.ndarray, log=print,
                   batch: int = 20_000) -> dict[int, Path]:
    """Write the stored mentions to a Parquet file per chunk of the merge, in `folder`, in one pass
    over the table, `batch` rows at a time (chunk_of[k]: the chunk of the mention with rowid
    rowids[k]; a mention stored since goes nowhere). Returns each chunk's file, for load_mentions.
    (A chunk read from the table scans all of it: the merge's time grew with the square of the
    mentions. DuckDB's own partitioned COPY held every row until the end: 300 MB at 188,140.)"""
    import pyarrow.parquet as pq
    if not len(rowids):
        return {}
    by_rowid = np.argsort(rowids)
    sorted_rowids = rowids[by_rowid]
    paths: dict[int, Path] = {}
    writers: dict[int, pq.ParquetWriter] = {}
    try:
        with transaction(db, log) as con:
            reader = con.execute(f"SELECT rowid, {', '.join(MENTION_FIELDS)} FROM event_mentions").to_arrow_reader(batch)
            for rows in reader:
                found = np.asarray(rows.column(0)).astype(np.int64)
                at = np.minimum(np.searchsorted(sorted_rowids, found), len(sorted_rowids) - 1)
                chunk = np.where(sorted_rowids[at] == found, chunk_of[by_rowid[at]], -1)
                order = np.argsort(chunk, kind="stable")
                chunks, starts = np.unique(chunk[order], return_index=True)
                table = pa.Table.from_batches([rows]).drop_columns(["rowid"])
                for c, s, e in zip(chunks.tolist(), starts.tolist(), [*starts[1:].tolist(), len(order)]):
                    if c < 0:
                        continue
                    if c not in writers:
                        paths[c] = folder / f"chunk_{c}.parquet"
                        writers[c] = pq.ParquetWriter(paths[c], table.schema)
                    writers[c].write_table(table.take(pa.array(order[s:e])))
    finally:
        for writer in writers.values():
            writer.close()
    return paths


class StreamedMention:
    """What the merge's first pass reads of a stored mention (extractors.merge.MentionArrays, and
    EntityResolution.apply), with its rowid. Made with one call per row (setting slots one by one
    from the row took 4.5 times as long)."""
    __slots__ = ("rowid", "mention_id", "doc_id", "trigger_lemma", "actors", "actor_labels", "actor_roles",
                 "keywords", "value", "begin_date", "end_date", "date_source")

    def __init__(self, rowid, mention_id, doc_id, trigger_lemma, actors, actor_labels, actor_roles, keywords,
                 value, begin_date, end_date, date_source):
        self.rowid, self.mention_id, self.doc_id, self.trigger_lemma = rowid, mention_id, doc_id, trigger_lemma
        self.actors, self.actor_labels, self.actor_roles, self.keywords = actors, actor_labels, actor_roles, keywords
        self.value, self.begin_date, self.end_date, self.date_source = value, begin_date, end_date, date_source


def stream_mentions(db: str | Path, log=print, chunk: int = 2_000):
    """The stored mentions as StreamedMentions, `chunk` at a time, read in one transaction, in no
    particular order (sorting them all would hold them all: DuckDB took 126 MB to stream 188,105
    mentions in mention_id order). Chunks of 2,000 leave less memory behind them than chunks of
    10,000 (34 MB less at 188,105 mentions)."""
    with transaction(db, log) as con:
        cur = con.execute(f"SELECT {', '.join(StreamedMention.__slots__)} FROM event_mentions")
        while rows := cur.fetchmany(chunk):
            yield [StreamedMention(*r) for r in rows]


def mention_order(db: str | Path, log=print):
    """(the mention_ids of the stored mentions in mention_id order, as an Arrow array; their rowids)."""
    with transaction(db, log) as con:
        table = con.execute("SELECT mention_id, rowid FROM event_mentions ORDER BY mention_id").to_arrow_table()
    return table.column("mention_id").combine_chunks(), table.column("rowid").to_numpy()


def mention_surfaces(db: str | Path, log=print) -> list[tuple[str, str, int]]:
    """extractors.entities.mention_surfaces of the stored mentions (sql/queries/merge_surfaces.sql)."""
    with transaction(db, log) as con:
        return [tuple(r) for r in con.execute(sql_file("queries/merge_surfaces.sql")).fetchall()]


def clause_parents(db: str | Path, n: int, log=print):
    """For each of the n stored mentions (in mention_id order) the position of the mention that dates
    its clause, where the clause dates it (else -1): sql/queries/merge_clause_parents.sql."""
    import numpy as np
    parents = np.full(n, -1, dtype=np.int32)
    with transaction(db, log) as con:
        found = con.execute(sql_file("queries/merge_clause_parents.sql")).fetchnumpy()
    children, their_parents = found.values()
    parents[np.asarray(children, dtype=np.int64)] = np.asarray(their_parents, dtype=np.int64)
    return parents


def user_aliases(db: str | Path, log=print) -> dict[str, str]:
    with transaction(db, log) as con:
        return dict(con.execute("SELECT alias, canonical FROM entity_aliases WHERE source = 'user'").fetchall())


def add_user_aliases(db: str | Path, aliases: dict[str, str], log=print) -> None:
    from extractors.entities import name_key
    rows = [dict(alias=name_key(a), canonical=c.strip(), source="user") for a, c in aliases.items()]
    with transaction(db, log) as con:
        con.register("_new", pa.Table.from_pylist(rows))
        con.execute("DELETE FROM entity_aliases WHERE alias IN (SELECT alias FROM _new)")
        _insert(con, "entity_aliases", rows)


def merge_inputs(db: str | Path, log=print) -> tuple[str, str | None, tuple[int, int, int]]:
    """(fingerprint of what a merge would read now, fingerprint of what the stored events were merged
    from or None, the stored (mentions, events, merged events))."""
    with transaction(db, log) as con:
        now = con.execute(sql_file("queries/merge_fingerprint.sql")).fetchone()[0]
        last = con.execute("SELECT fingerprint FROM merge_state").fetchone()
        counts = con.execute(sql_file("queries/event_counts.sql")).fetchone()
    return now, last[0] if last else None, tuple(counts)


EVENT_COLUMNS = ("event_id", "label", "value", "mod", "begin_date", "end_date", "granularity", "status", "actors",
                 "conflict", "alt_values", "date_source", "confidence")  # the events columns an Event's fields fill


def _event_rows(events) -> tuple[dict, dict]:
    """The columns of the events and event_links rows of events."""
    event_columns = {name: [getattr(e, name) for e in events] for name in EVENT_COLUMNS}
    event_columns["mention_count"] = [len(e.mention_ids) for e in events]
    event_columns["source_count"] = [len(e.doc_ids) for e in events]
    link_columns = {"mention_id": [m for e in events for m in e.mention_ids],
                    "event_id": [e.event_id for e in events for _ in e.mention_ids],
                    "reason": [e.reasons.get(m, "") for e in events for m in e.mention_ids]}
    return event_columns, link_columns


def _replace_entities(con, entities, aliases, fingerprint: str | None) -> None:
    """The rest of a merge's rewrite: entities, rule and observed aliases (user aliases stay), the
    timeline order and the fingerprint of the inputs it was made from."""
    con.execute("DELETE FROM entities")
    con.execute("DELETE FROM entity_aliases WHERE source <> 'user'")
    user = {r[0] for r in con.execute("SELECT alias FROM entity_aliases").fetchall()}
    con.execute(sql_file("queries/number_events.sql"))
    _insert(con, "entities", list(entities))
    _insert(con, "entity_aliases", [a for a in aliases if a["alias"] not in user])
    con.execute("UPDATE merge_state SET fingerprint = ?, merged_at = ?", [fingerprint or "", _now()])


@retry_on_conflict
def replace_events(db: str | Path, events, entities=(), mention_entities=(), aliases=(), log=print,
                   fingerprint: str | None = None) -> None:
    """Rewrite events, links and entities from a full merge, in one transaction (user aliases stay),
    with the fingerprint of the inputs it was made from."""
    event_columns, link_columns = _event_rows(events)
    with transaction(db, log) as con:
        for table in ("event_links", "events", "mention_entities"):
            con.execute(f"DELETE FROM {table}")
        _insert(con, "events", event_columns)
        _insert(con, "event_links", link_columns)
        _insert(con, "mention_entities", mention_entities or {})
        _replace_entities(con, entities, aliases, fingerprint)


STAGED_COLUMNS = {"events": EVENT_COLUMNS + ("mention_count", "source_count"),
                  "event_links": ("mention_id", "event_id", "reason"),
                  "mention_entities": ("mention_id", "entity_id", "surface", "role")}  # what a merge writes


class StagedEvents:
    """A merge's events, links and mention entities, written a chunk at a time to Parquet files in a
    temporary folder (not the database: a transaction per chunk made DuckDB write its file each
    time), until replace_with_staged puts them in place of the stored ones in one transaction. The
    folder goes with `close`; a merge killed part way leaves it, and the database as it was, and the
    next merge on this host removes it: the folder's name carries its process id)."""

    PREFIX = "timeline-merge-"

    def __init__(self, db: str | Path, log=print):
        import pyarrow.parquet as pq
        self.remove_abandoned(log)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{self.PREFIX}{os.getpid()}-"))
        self.paths = {table: self.folder / f"{table}.parquet" for table in STAGED_COLUMNS}
        with transaction(db, log) as con:
            types = {table: con.execute(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
                     for table in STAGED_COLUMNS}
        self.schemas = {table: pa.schema([types[table].field(name) for name in names])
                        for table, names in STAGED_COLUMNS.items()}
        self.writers = {table: pq.ParquetWriter(self.paths[table], self.schemas[table]) for table in STAGED_COLUMNS}

    @classmethod
    def remove_abandoned(cls, log=print) -> list[Path]:
        """Remove the staging folders of merges whose process is gone (killed part way)."""
        removed = []
        for folder in Path(tempfile.gettempdir()).glob(f"{cls.PREFIX}*-*"):
            pid = folder.name[len(cls.PREFIX):].split("-", 1)[0]
            if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        if removed:
            log(f"removed {len(removed)} staging folder(s) of merges killed part way: "
                + ", ".join(str(f) for f in removed))
        return removed

    def add(self, events, mention_entities: dict[str, list]) -> None:
        """A chunk of events and the mention_entities rows (columns) of its mentions."""
        event_columns, link_columns = _event_rows(events)
        for table, columns in (("events", event_columns), ("event_links", link_columns),
                               ("mention_entities", mention_entities)):
            self.writers[table].write_table(pa.table(columns, schema=self.schemas[table]))

    def finish(self) -> None:
        for writer in self.writers.values():
            writer.close()

    def close(self) -> None:
        self.finish()
        shutil.rmtree(self.folder, ignore_errors=True)


def replace_with_staged(db: str | Path, staged: StagedEvents, entities, aliases, inputs: str, fingerprint: str,
                        log=print) -> bool:
    """Put the staged events, links and mention entities in place of the stored ones, with the
    entities, aliases and fingerprint, in one transaction (sql/queries/merge_swap.sql) -- unless the
    inputs (merge_inputs) changed since the merge read them (another process stored documents or
    aliases meanwhile): then the stored events stay and it returns False."""
    staged.finish()
    with transaction(db, log) as con:
        if con.execute(sql_file("queries/merge_fingerprint.sql")).fetchone()[0] != inputs:
            return False
        run_script(con, sql_file("queries/merge_swap.sql"), {table: str(path) for table, path in staged.paths.items()})
        _replace_entities(con, entities, aliases, fingerprint)
    return True


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


@retry_on_conflict
def start_run(db, run_id: str, flow_run_id: str | None, inputs: list[str], version: str, log=print) -> list[str]:
    """Record the start of a run; runs left 'running' by a process of this host that is gone
    (killed, crashed) are marked 'interrupted'. Returns their ids."""
    host = socket.gethostname()
    with transaction(db, log) as con:
        stale = [r[0] for r in con.execute("SELECT run_id, pid FROM runs WHERE status = 'running' AND host = ?",
                                           [host]).fetchall() if not _alive(r[1])]
        for rid in stale:
            con.execute("UPDATE runs SET status = 'interrupted' WHERE run_id = ?", [rid])
        con.execute("INSERT INTO runs (run_id, flow_run_id, started_at, inputs, extractor_version, status, pid, host) "
                    "VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
                    [run_id, flow_run_id, _now(), inputs, version, os.getpid(), host])
    return stale


@retry_on_conflict
def finish_run(db, run_id: str, status: str, counts: dict, seconds: float | None = None, log=print,
               wait: float | None = None) -> None:
    with transaction(db, log, wait=wait) as con:
        con.execute("UPDATE runs SET finished_at = ?, status = ?, seen = ?, loaded = ?, skipped = ?, "
                    "rejected = ?, events = ?, duration_seconds = ? WHERE run_id = ?",
                    [_now(), status, counts.get("seen"), counts.get("loaded"), counts.get("skipped"),
                     counts.get("rejected"), counts.get("events"), seconds, run_id])
