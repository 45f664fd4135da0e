"""The timeline store in DuckLake: a catalog in PostgreSQL, the rows in Parquet files under a data path.

    --db "ducklake:postgres:dbname=timeline host=db.internal user=timeline"   (or ducklake:dbname=...)
    TIMELINE_DATA_PATH=s3://bucket/timeline/  (or a shared folder; needed when the store is created)

Several flows on several machines can write into one DuckLake store at the same time. DuckLake
checks write-write conflicts at commit (two transactions deleting from the same table, or updating
it): the loser gets a TransactionException and nothing of it is written. Every write here is one
idempotent transaction (delete this document's rows, insert them again), so `retry_on_conflict`
simply runs it again after a short random pause.

DuckLake does not detect read-write conflicts, which matters for the merge: it reads every mention
and rewrites every event, so a merge that read its mentions before another flow committed new ones
would write events that miss them. `merge_events` therefore checks, after its commit, whether any
snapshot since its read changed `event_mentions`, and merges again if one did. The last flow to
store mentions merges after its own store, so the events end up made from every stored mention.

The extensions come from PyPI (duckdb-extension-ducklake, duckdb-extension-postgres-scanner) and are
loaded from their files: DuckDB's own INSTALL downloads, which is not always possible.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import random
import re
import time
from pathlib import Path

import duckdb

PREFIX = "ducklake:"
ALIAS = "lake"
DATA_PATH_ENV = "TIMELINE_DATA_PATH"
EXTENSION_PACKAGES = ("duckdb_extension_postgres_scanner", "duckdb_extension_ducklake")
CONFLICT_ATTEMPTS = 30
SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def is_ducklake(db) -> bool:
    return str(db).startswith(PREFIX)


def extension_files() -> list[Path]:
    """The .duckdb_extension files of the PyPI packages, for the installed DuckDB version first."""
    files = []
    for pkg in EXTENSION_PACKAGES:
        spec = importlib.util.find_spec(pkg)
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"the DuckLake store needs the Python package {pkg.replace('_', '-')} "
                               f"(pip install -e . installs it)")
        base = Path(list(spec.submodule_search_locations)[0])
        found = sorted(base.glob(f"extensions/v{duckdb.__version__}/*.duckdb_extension")) or \
            sorted(base.glob("**/*.duckdb_extension"))
        if not found:
            raise RuntimeError(f"no .duckdb_extension file inside {base}")
        files.append(found[0])
    return files


def attach_target(db: str) -> str:
    """`ducklake:dbname=x host=y` -> `ducklake:postgres:dbname=x host=y`; other forms pass through."""
    rest = str(db)[len(PREFIX):]
    if re.match(r"^\s*(dbname|host|port|user|password|service)\s*=", rest) or rest.startswith("postgresql://"):
        rest = "postgres:" + rest
    return PREFIX + rest


def connect(db: str, read_only: bool = False, data_path: str | None = None):
    """A DuckDB connection with the DuckLake store attached as `lake` and in use."""
    con = duckdb.connect()
    try:
        for f in extension_files():
            con.execute(f"LOAD '{f}'")
        options = []
        data_path = data_path or os.environ.get(DATA_PATH_ENV)
        if data_path:
            if "://" not in data_path:
                Path(data_path).mkdir(parents=True, exist_ok=True)
                data_path = str(Path(data_path).resolve()) + "/"
            options.append(f"DATA_PATH '{data_path}'")
        if read_only:
            options.append("READ_ONLY")
        opts = f" ({', '.join(options)})" if options else ""
        target = attach_target(db).replace("'", "''")
        con.execute(f"ATTACH '{target}' AS {ALIAS}{opts}")
        con.execute(f"USE {ALIAS}")
    except BaseException:
        con.close()
        raise
    return con


def is_conflict(e: BaseException) -> bool:
    msg = str(e).lower()
    return isinstance(e, duckdb.Error) and ("conflict" in msg or "could not serialize" in msg
                                            or "catalog write-write" in msg)


def retry_on_conflict(fn=None, *, attempts: int = CONFLICT_ATTEMPTS):
    """Run fn again (after 0.05-1 s, growing) when its transaction lost a write-write conflict."""
    if fn is None:
        return functools.partial(retry_on_conflict, attempts=attempts)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(1, attempts + 1):
            try:
                return fn(*args, **kwargs)
            except Exception as e:  # noqa: BLE001 - only conflicts are retried
                if not is_conflict(e) or attempt == attempts:
                    raise
                time.sleep(random.uniform(0.05, min(1.0, 0.05 * 2 ** attempt)))
    return wrapper


def schema_sql(schema: str | None = None) -> str:
    """schema.sql without what DuckLake rejects: PRIMARY KEY (a key column stays NOT NULL).

    Uniqueness is kept by the writes themselves (delete a document's rows, insert them again)."""
    schema = schema if schema is not None else (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    out = re.sub(r"--[^\n]*", "", schema)  # comments out first: a key line may follow one
    out = re.sub(r"\s+PRIMARY KEY\b(?!\s*\()", " NOT NULL", out)
    out = re.sub(r",\s*PRIMARY KEY\s*\([^)]*\)", "", out)
    out = re.sub(r",\s*UNIQUE\s*\([^)]*\)", "", out)
    out = re.sub(r"\s+UNIQUE\b(?!\s*\()", "", out)
    out = re.sub(r"NOT NULL\s+NOT NULL", "NOT NULL", out)
    return out


def statements(sql: str) -> list[str]:
    no_comments = re.sub(r"--[^\n]*", "", sql)
    return [s.strip() for s in no_comments.split(";") if s.strip()]


@retry_on_conflict
def init_db(db: str, log=print) -> None:
    """Tables (DuckLake variant of schema.sql) and views, in one transaction."""
    from flows.store import sql_file, transaction  # store imports this module: import when used
    with transaction(db, log) as con:
        for s in statements(schema_sql()):
            con.execute(s)
        con.execute(sql_file("views.sql"))


def current_snapshot(con) -> int:
    return con.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()[0]


def table_changed_since(con, table: str, snapshot: int) -> bool:
    """Did any snapshot after `snapshot` insert into or delete from `table`?"""
    table_id = con.execute(
        f"SELECT table_id FROM __ducklake_metadata_{ALIAS}.ducklake_table "
        "WHERE table_name = ? AND end_snapshot IS NULL", [table]).fetchone()
    if table_id is None:
        return False
    names = {str(table_id[0]), f"main.{table}", table}
    for (changes,) in con.execute(f"SELECT changes FROM ducklake_snapshots('{ALIAS}') WHERE snapshot_id > ?",
                                  [snapshot]).fetchall():
        for key, values in (changes or {}).items():
            if ("insert" in key or "delet" in key) and names & {str(v) for v in values}:
                return True
    return False


def merge_until_stable(db: str, merge_once, log=print, max_rounds: int = 20):
    """Run merge_once() (reads every mention, rewrites every event) again until no other flow stored
    mentions between its read and its commit; returns what the last merge_once() returned."""
    for _ in range(max_rounds):
        con = connect(db)
        try:
            start = current_snapshot(con)
        finally:
            con.close()
        result = retry_on_conflict(merge_once)()
        con = connect(db)
        try:
            stale = table_changed_since(con, "event_mentions", start)
        finally:
            con.close()
        if not stale:
            return result
        log("mentions changed during the merge (another flow stored documents); merging again")
    raise RuntimeError(f"the merge kept being overtaken by other writers ({max_rounds} rounds)")


def merge_events(db: str, merge_fn, log=print, max_rounds: int = 20):
    """The plain merge (mentions -> merge_fn -> events) until stable: (mentions, events, merged)."""
    from flows import store

    def once():
        mentions = store.load_mentions(db, log=log)
        events = merge_fn(mentions)
        store.replace_events(db, events, log=log)
        return len(mentions), len(events), sum(1 for e in events if len(e.mention_ids) > 1)
    return merge_until_stable(db, once, log=log, max_rounds=max_rounds)


# The store functions that write; `install()` makes flows.store use DuckLake for `ducklake:` stores.
WRITE_FUNCTIONS = ("store_extractions", "store_rejections", "replace_events", "start_run", "finish_run")


def install() -> None:
    """Prototype of the store.py patch (see the report): dispatch `ducklake:` databases here.

    Idempotent. It replaces store.connect and store.init_db by dispatching versions and wraps the
    write functions in retry_on_conflict. The pipeline's merge task must call `merge_events` for a
    ducklake store (pipeline patch)."""
    from flows import store
    if getattr(store, "_ducklake_installed", False):
        return
    plain_connect, plain_init = store.connect, store.init_db

    def dispatch_connect(db, read_only=False, wait=store.LOCK_WAIT_SECONDS, log=print):
        if is_ducklake(db):
            return connect(str(db), read_only=read_only)
        return plain_connect(db, read_only=read_only, wait=wait, log=log)

    def dispatch_init(db, log=print):
        return init_db(str(db), log=log) if is_ducklake(db) else plain_init(db, log=log)

    store.connect, store.init_db = dispatch_connect, dispatch_init
    for name in WRITE_FUNCTIONS:
        setattr(store, name, retry_on_conflict(getattr(store, name)))
    store._ducklake_installed = True

    from prefect import task
    from prefect.cache_policies import NONE as NO_CACHE

    from flows import pipeline
    plain_merge = pipeline.merge

    @task(name="merge", cache_policy=NO_CACHE)
    def merge(db: str) -> tuple[int, int, int]:
        if is_ducklake(db):
            return merge_until_stable(str(db), lambda: plain_merge.fn(db), log=pipeline.progress)
        return plain_merge.fn(db)

    pipeline.merge = merge
