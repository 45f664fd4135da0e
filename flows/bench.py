"""`timeline bench --docs N`: how fast the pipeline runs next to spaCy alone, and in how much memory.

It builds a corpus of N documents from the development data (TimeBank and AQUAINT texts, the
MEANTIME Apple articles, the seed articles), cycled with shifted publication dates and fresh ids,
writes it as one JSONL file, and then, for each of --runs rounds, side by side in one run:

1. spaCy alone: the pipeline's model and settings (batch size, processes) over the same texts;
2. the whole pipeline (the Prefect flow) into a new DuckDB file, with Prefect's start-up timed on its
   own (a no-op flow starts the temporary server first), the DuckDB load (store and merge) timed
   inside it, and the peak memory (RSS) of the process and its children;
3. the same flow again over the same, unchanged documents (everything skipped).

Each measurement runs in a fresh Python process so that one does not inherit another's memory or
warm caches; the figures are the medians over the runs, with the machine's core count. Wire it into
the CLI with `bench.add_parser(sub)` (it sets `func=cmd_bench`).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "examples" / "seeds"
SHIFT_DAYS = 7  # each cycle of the base texts is published this much later than the one before


# ---------------------------------------------------------------- the corpus

def base_documents(data_dir: Path = SHARED_DATA, seeds: Path = SEEDS) -> list[dict]:
    """The development texts as {id, text, published_at, title}: seeds, TimeBank/AQUAINT, MEANTIME."""
    base: list[dict] = []
    manifest = seeds / "manifest.jsonl"
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                text = (seeds / rec["path"]).read_text(encoding="utf-8")
                base.append(dict(id=rec["doc_id"], text=text, published_at=rec.get("published_at"),
                                 title=rec.get("title")))
    tml = sorted((data_dir / "timeml_tbaq").glob("*/*.tml"))
    if tml:
        from evaluation.timeml import read_timeml
        for p in tml:
            d = read_timeml(p)
            base.append(dict(id=d.docid, text=d.text, published_at=d.dct.isoformat(), title=None))
    apple = sorted((data_dir / "meantime_apple" / "corpus_apple").glob("*.xml"))
    if apple:
        from evaluation.semeval import read_cat
        for p in apple:
            d = read_cat(p)
            pub = d.published_at.isoformat() if isinstance(d.published_at, date) else (d.published_at or None)
            base.append(dict(id=f"apple_{d.doc_id}", text=d.text, published_at=pub, title=None))
    if not base:
        raise FileNotFoundError(f"no development texts found (looked in {seeds} and {data_dir})")
    return base


def workdir(args) -> Path:
    """--workdir, created if needed, else a new temporary folder: where corpora and databases go."""
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    return work


def build_corpus(n: int, out: Path, data_dir: Path = SHARED_DATA, seeds: Path = SEEDS) -> dict:
    """Write n documents to `out` (JSONL): the base texts cycled, copy k published k*7 days later."""
    base = base_documents(data_dir, seeds)
    out.parent.mkdir(parents=True, exist_ok=True)
    words = chars = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            k, b = divmod(i, len(base))
            rec = dict(base[b])
            rec["id"] = f"{rec['id']}~{k}"
            if rec.get("published_at"):
                rec["published_at"] = (date.fromisoformat(rec["published_at"][:10])
                                       + timedelta(days=SHIFT_DAYS * k)).isoformat()
            words += len(rec["text"].split())
            chars += len(rec["text"])
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return dict(docs=n, base_texts=len(base), words=words, chars=chars, path=str(out))


# ---------------------------------------------------------------- memory

class PeakRSS:
    """Samples the resident memory of this process plus its children (spaCy or Dask workers)."""

    def __init__(self, interval: float = 0.1, exclude_cmd: str = "uvicorn"):
        import psutil
        self.proc = psutil.Process()
        self.interval, self.exclude_cmd = interval, exclude_cmd
        self.peak = self.peak_self = self.peak_server = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> None:
        import psutil
        own = self.proc.memory_info().rss
        total, server = own, 0
        for c in self.proc.children(recursive=True):
            try:
                rss = c.memory_info().rss
                if self.exclude_cmd and self.exclude_cmd in " ".join(c.cmdline()):
                    server += rss  # the temporary Prefect server: reported on its own
                else:
                    total += rss
            except psutil.Error:
                pass
        self.peak, self.peak_self = max(self.peak, total), max(self.peak_self, own)
        self.peak_server = max(self.peak_server, server)

    def _loop(self):
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self):
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()


def _mb(n: int) -> float:
    return round(n / 2**20, 1)


# ---------------------------------------------------------------- the measurements (child processes)

def measure_spacy(corpus: Path, n_process: int, batch_size: int) -> dict:
    """spaCy alone: the pipeline's model over the corpus texts, streamed like the pipeline does."""
    from extractors.nlp import load_nlp
    nlp = load_nlp()
    list(nlp.pipe(["Warm-up sentence on 3 May 2025."]))

    def texts():
        with corpus.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)["text"]
    words = docs = 0
    with PeakRSS() as mem:
        t = time.perf_counter()
        for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
            docs += 1
            words += sum(1 for tok in doc if not tok.is_space and not tok.is_punct)
        seconds = time.perf_counter() - t
    return dict(docs=docs, words=words, seconds=seconds, docs_per_s=docs / seconds, words_per_s=words / seconds,
                peak_rss_mb=_mb(mem.peak))


def _timed(module, name: str, bucket: dict):
    """Wrap module.name so that its wall time is added to bucket[name]."""
    fn = getattr(module, name)

    def wrapper(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            bucket[name] = bucket.get(name, 0.0) + time.perf_counter() - t
    setattr(module, name, wrapper)


def measure_pipeline(corpus: Path, db: Path, workers: int, batch_size: int, task_runner: str | None = None,
                     dask_address: str | None = None) -> dict:
    """The Prefect flow over the corpus into a new DuckDB file, then again over the same documents."""
    os.environ["TIMELINE_NLP_BATCH_SIZE"] = str(batch_size)  # read by every extraction process
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from prefect import flow

    from extractors.nlp import load_nlp
    from flows import pipeline, store
    db_time: dict[str, float] = {}
    for name in ("stored_versions", "store_extractions", "store_rejections"):  # the extractions stored
        _timed(store, name, db_time)
    merge_time: dict[str, float] = {}
    _timed(pipeline, "merge_once", merge_time)  # its reads, clustering and write

    @flow(name="bench-warm-up")
    def warm_up() -> int:
        return 1

    t = time.perf_counter()
    warm_up()  # starts the temporary Prefect server, once per process
    prefect_startup = time.perf_counter() - t
    from flows.task_runners import with_task_runner
    flow_fn, in_flight = with_task_runner(pipeline.run_pipeline, task_runner or "default", dask_address, workers)
    if in_flight == 1:
        load_nlp()  # extraction in this process: the model load is outside both timings
    kwargs = dict(paths=[str(corpus)], db=str(db), quiet=True, batch_size=pipeline.BATCH_SIZE, in_flight=in_flight)
    with PeakRSS() as mem:
        t = time.perf_counter()
        summary = flow_fn(**kwargs)
        first = time.perf_counter() - t
    first_db, first_merge = dict(db_time), merge_time.get("merge_once", 0.0)
    db_time.clear()
    t = time.perf_counter()
    again = flow_fn(**kwargs)
    second = time.perf_counter() - t
    # the merge again over the events it stored, as a run that brings new documents makes it
    with store.transaction(db, log=lambda *_: None) as con:
        con.execute("UPDATE merge_state SET fingerprint = ''")
    t = time.perf_counter()
    pipeline.merge_once(str(db))
    remerge = time.perf_counter() - t
    return dict(docs=summary.loaded, seen=summary.seen, mentions=summary.mentions, events=summary.events,
                prefect_startup_s=prefect_startup, seconds=first, flow_seconds=summary.seconds,
                docs_per_s=summary.loaded / first, duckdb_s=sum(first_db.values()),
                duckdb_detail={k: round(v, 2) for k, v in first_db.items()},
                merge_s=first_merge,
                peak_rss_mb=_mb(mem.peak), peak_rss_main_mb=_mb(mem.peak_self),
                prefect_server_rss_mb=_mb(mem.peak_server),
                rerun_seconds=second, rerun_skipped=again.skipped, rerun_loaded=again.loaded,
                rerun_ratio=second / first, remerge_seconds=remerge, db_mb=_mb(db.stat().st_size) if db.exists() else None)


def _child(argv: list[str]) -> int:
    if argv[0] == "merge":
        print("BENCH-RESULT " + json.dumps(measure_merge(Path(argv[1]))), flush=True)
        return 0
    kind, corpus, n_process, batch_size = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    if kind == "spacy":
        result = measure_spacy(corpus, n_process, batch_size)
    else:
        db = Path(argv[4])
        runner = argv[5] if len(argv) > 5 and argv[5] != "-" else None
        address = argv[6] if len(argv) > 6 and argv[6] != "-" else None
        result = measure_pipeline(corpus, db, n_process, batch_size, runner, address)
    print("BENCH-RESULT " + json.dumps(result), flush=True)
    return 0


def _run_child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-m", "flows.bench", "--child", *args], capture_output=True, text=True,
                          cwd=str(ROOT))
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT "):])
    raise RuntimeError(f"bench child {args[0]} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


# ---------------------------------------------------------------- querying a large database

def _sql(name: str) -> str:
    return (ROOT / "sql" / "queries" / name).read_text(encoding="utf-8")


def fill_events(db: Path, n: int) -> None:
    """A new database with the project's schema and views and n synthetic events."""
    from flows import store
    for f in (db, Path(str(db) + ".wal")):
        f.unlink(missing_ok=True)
    store.init_db(db, log=lambda *_: None)
    with store.transaction(db, log=lambda *_: None) as con:
        con.execute(_sql("bench_fill_events.sql"), {"n": n})
        con.execute(_sql("number_events.sql"))


def measure_queries(db: Path, out_dir: Path, repeats: int = 5) -> dict:
    """Median times of the timeline's first page, an entity filter and a CSV export of all events."""
    import duckdb
    from flows.exports import export
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        entity = con.execute("SELECT actors[1] FROM events WHERE len(actors) > 0 LIMIT 1").fetchone()[0]
        first, ent = [], []
        for _ in range(repeats):
            t = time.perf_counter()
            rows = con.execute(_sql("bench_first_page.sql")).fetchall()
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            erows = con.execute(_sql("bench_entity.sql"), {"entity": entity}).fetchall()
            ent.append(time.perf_counter() - t)
    finally:
        con.close()
    exports, copies = [], []
    for i in range(max(1, repeats // 2)):
        out = out_dir / f"export_{i}.csv"
        t = time.perf_counter()
        written = export(str(db), out, "csv", force=True)  # what `timeline export --out x.csv` runs
        exports.append(time.perf_counter() - t)
        con = duckdb.connect(str(db), read_only=True)
        try:
            t = time.perf_counter()
            q = _sql("export_timeline.sql").replace("$entity", "NULL").replace("$date_from", "NULL") \
                .replace("$date_to", "NULL").replace("$status", "NULL").replace("$min_sources", "NULL") \
                .replace("$everything", "false")
            con.execute(f"COPY ({q}) TO '{out_dir / f'copy_{i}.csv'}' (HEADER, DELIMITER ',')")
            copies.append(time.perf_counter() - t)
        finally:
            con.close()
    return dict(events=n, first_page_s=statistics.median(first), first_page_rows=len(rows),
                entity=entity, entity_s=statistics.median(ent), entity_rows=len(erows),
                export_csv_s=statistics.median(exports), export_rows=written,
                copy_csv_s=statistics.median(copies))


def cmd_bench_events(args) -> int:
    work = workdir(args)
    db = work / f"events_{args.events}.duckdb"
    t = time.perf_counter()
    fill_events(db, args.events)
    print(f"machine: {os.cpu_count()} cores; {args.events:,} synthetic events written in "
          f"{time.perf_counter() - t:.1f} s -> {db}")
    r = measure_queries(db, work, repeats=max(3, args.runs))
    print(f"medians of {max(3, args.runs)} runs over {r['events']:,} events:")
    print(f"  timeline first page (50 rows):      {1000 * r['first_page_s']:7.0f} ms")
    print(f"  entity filter {r['entity']!r} ({r['entity_rows']} rows): {1000 * r['entity_s']:7.0f} ms")
    print(f"  CSV export of all events (timeline export): {r['export_csv_s']:.2f} s "
          f"({r['export_rows']:,} rows); DuckDB COPY of the same query {r['copy_csv_s']:.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(dict(cores=os.cpu_count(), **r), indent=1), encoding="utf-8")
    return 0


def scale_database(db: Path, copies: int, days: int | None = None) -> int:
    """Make the documents and event mentions of `db` `copies` times as many (sql/queries/scale_copy.sql:
    new ids, dates `days` later per copy; default: the span of a bench corpus's cycles, SHIFT_DAYS
    times their number, so that the copies continue the cycles as a larger corpus would). Returns
    the days used."""
    import duckdb

    from flows import store
    con = duckdb.connect(str(db))
    try:
        if days is None:
            cycles = con.execute("SELECT max(TRY_CAST(regexp_extract(doc_id, '~(\\d+)$', 1) AS INTEGER)) "
                                 "FROM documents").fetchone()[0]
            days = SHIFT_DAYS * ((cycles or 0) + 1)
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE TEMP TABLE scale_source AS SELECT doc_id FROM documents")
        for copy in range(1, copies):
            store.run_script(con, _sql("scale_copy.sql"), {"copy": copy, "days": days})
        con.execute("DROP TABLE scale_source")
        con.execute("COMMIT")
    finally:
        con.close()
    return days


def measure_merge(db: Path) -> dict:
    """The merge again over the stored events of `db`, in this (fresh) process: its time, and the
    process's peak RSS against its RSS before the merge (the imports)."""
    import duckdb
    import psutil

    from flows import pipeline
    con = duckdb.connect(str(db))
    con.execute("UPDATE merge_state SET fingerprint = ''")  # as if new documents had come
    con.close()
    before = _mb(psutil.Process().memory_info().rss)
    t = time.perf_counter()
    mentions, events, _ = pipeline.merge_once(str(db))
    seconds = time.perf_counter() - t
    return dict(seconds=seconds, mentions=mentions, events=events, rss_before_mb=before, peak_rss_mb=_own_peak_mb())


def _own_peak_mb() -> float:
    """This process's peak RSS since it started: Linux's VmHWM. (Not ru_maxrss: Linux keeps it across
    exec, so a child started by a process holding 700 MB reported at least 700 MB.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cmd_bench_merge(args) -> int:
    """The merge again over the events a database holds (what a run that brings new documents
    adds), on copies of it, each in a fresh process (its time and peak RSS): as the file is, then
    after `init_db` (which brings its schema up to date: the tables every merge rewrites lose their
    primary keys), alternating, `--runs` rounds. With `--scale K`, on a copy brought up to date and
    made K times as large (scale_database) instead."""
    import duckdb

    from flows import store
    source, work = Path(args.merge_db), workdir(args)
    if not source.is_file():
        raise SystemExit(f"no database at {source}")
    kinds = ["as is", "after init_db"]
    if args.scale > 1:
        scaled = work / f"scaled_{args.scale}.duckdb"
        shutil.copy(source, scaled)
        store.init_db(scaled, log=lambda *_: None)
        days = scale_database(scaled, args.scale, args.scale_days)
        print(f"{source} made {args.scale} times as large, {days} days later per copy -> {scaled}", flush=True)
        source, kinds = scaled, [f"scaled x{args.scale}"]
    rows: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for r in range(1, args.runs + 1):
        for kind in kinds:
            db = work / f"merge_{r}_{kind.replace(' ', '_')}.duckdb"
            shutil.copy(source, db)
            if kind == "after init_db":
                store.init_db(db, log=lambda *_: None)
            con = duckdb.connect(str(db))
            keyed = con.execute("SELECT count(DISTINCT table_name) FROM duckdb_constraints() WHERE constraint_type = "
                                f"'PRIMARY KEY' AND table_name IN {store.MERGED_TABLES}").fetchone()[0]
            con.close()
            m = _run_child(["merge", str(db)])
            rows[kind].append(m)
            print(f"run {r}, {kind} ({keyed} of the merged tables with a primary key): merge of {m['mentions']:,} "
                  f"mentions into {m['events']:,} events {m['seconds']:.1f} s, peak RSS {m['peak_rss_mb']:.0f} MB "
                  f"({m['rss_before_mb']:.0f} MB before the merge)", flush=True)
            db.unlink()
    print(f"medians of {args.runs} run(s), {os.cpu_count()} cores: "
          + ", ".join(f"{kind} {_median(v, 'seconds'):.1f} s, peak RSS {_median(v, 'peak_rss_mb'):.0f} MB"
                      for kind, v in rows.items()))
    return 0


# ---------------------------------------------------------------- the command

def add_parser(subparsers) -> argparse.ArgumentParser:
    b = subparsers.add_parser("bench", help="measure the pipeline against spaCy alone (docs/s, memory)")
    b.add_argument("--docs", type=int, default=2000, help="documents in the corpus (default 2000)")
    b.add_argument("--runs", type=int, default=3, help="rounds; medians are reported (default 3)")
    b.add_argument("--workdir", help="where the corpus and databases go (default: a temporary folder)")
    b.add_argument("--batch-size", type=int, default=None,
                   help="spaCy batch size for both measurements (default: the pipeline's setting)")
    from flows.task_runners import add_arguments as add_task_runner_arguments
    add_task_runner_arguments(b)  # --workers: spaCy's n_process alone, extraction processes in the pipeline
    b.add_argument("--skip-spacy", action="store_true", help="measure the pipeline only")
    b.add_argument("--events", type=int, metavar="N",
                   help="instead: time the timeline's first page, an entity filter and a CSV export "
                        "on a database of N synthetic events")
    b.add_argument("--merge-db", metavar="FILE",
                   help="instead: time the merge again over the events of FILE (on copies: as it is, "
                        "and after bringing its schema up to date), each in a fresh process: time, peak RSS")
    b.add_argument("--scale", type=int, default=1, metavar="K",
                   help="with --merge-db: merge a copy of FILE made K times as large instead (its documents "
                        "and mentions copied with new ids and later dates)")
    b.add_argument("--scale-days", type=int, default=None, metavar="D",
                   help="with --scale: each copy D days later (default: the span of the corpus's cycles)")
    b.add_argument("--tagger", action="store_true",
                   help="instead: time the temporal tagger next to spaCy on the same parsed documents")
    b.add_argument("--json", metavar="FILE", help="also write every measurement to FILE")
    b.set_defaults(func=cmd_bench)
    return b


def pipeline_settings() -> tuple[int, int]:
    """(worker processes, nlp.pipe batch size) of a default `timeline run`."""
    from extractors import extract
    from flows.task_runners import default_workers
    return default_workers(), extract.NLP_BATCH_SIZE


def _median(rows: list[dict], key: str):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def cmd_bench(args) -> int:
    if getattr(args, "tagger", False):
        from flows.bench_tagger import cmd_bench_tagger
        return cmd_bench_tagger(args)
    if getattr(args, "events", None):
        return cmd_bench_events(args)
    if getattr(args, "merge_db", None):
        return cmd_bench_merge(args)
    n_default, b_default = pipeline_settings()
    n_process = args.workers or n_default
    batch_size = args.batch_size or b_default
    work = workdir(args)
    corpus = work / f"corpus_{args.docs}.jsonl"
    info = build_corpus(args.docs, corpus)
    cores = os.cpu_count()
    print(f"machine: {cores} cores; corpus: {info['docs']:,} documents ({info['base_texts']} base texts cycled, "
          f"{info['words']:,} words) -> {corpus}")
    print(f"settings: {n_process} worker process(es): nlp.pipe(batch_size={batch_size}, n_process={n_process}) "
          f"alone, {n_process} extraction processes in the pipeline; runs: {args.runs}; "
          f"task runner: {args.task_runner}")
    spacy_rows, pipe_rows = [], []
    for r in range(1, args.runs + 1):
        if not args.skip_spacy:
            s = _run_child(["spacy", str(corpus), str(n_process), str(batch_size)])
            spacy_rows.append(s)
            print(f"run {r}: spaCy alone   {s['docs_per_s']:7.2f} docs/s {s['words_per_s']:9.0f} words/s "
                  f"({s['seconds']:.1f} s, peak RSS {s['peak_rss_mb']:.0f} MB)", flush=True)
        db = work / f"bench_{args.docs}_{r}.duckdb"
        for f in (db, Path(str(db) + ".wal")):
            f.unlink(missing_ok=True)
        p = _run_child(["pipeline", str(corpus), str(n_process), str(batch_size), str(db),
                        args.task_runner if args.task_runner != "default" else "-", args.dask_address or "-"])
        pipe_rows.append(p)
        ratio = f", ratio {p['docs_per_s'] / s['docs_per_s']:.2f}" if not args.skip_spacy else ""
        print(f"run {r}: pipeline      {p['docs_per_s']:7.2f} docs/s ({p['seconds']:.1f} s; DuckDB "
              f"{p['duckdb_s']:.1f} s, merge {p['merge_s']:.1f} s; Prefect start-up {p['prefect_startup_s']:.1f} s "
              f"not counted; peak RSS {p['peak_rss_mb']:.0f} MB, Prefect server {p['prefect_server_rss_mb']:.0f} MB"
              f"{ratio}); unchanged re-run {p['rerun_seconds']:.1f} s "
              f"({100 * p['rerun_ratio']:.1f}% of the first, {p['rerun_skipped']} skipped); "
              f"merge again over the stored events {p['remerge_seconds']:.1f} s", flush=True)
    print()
    print(f"medians over {args.runs} run(s), {cores} cores, {args.docs:,} documents:")
    if spacy_rows:
        print(f"  spaCy alone:        {_median(spacy_rows, 'docs_per_s'):.2f} docs/s, "
              f"{_median(spacy_rows, 'words_per_s'):.0f} words/s")
    print(f"  pipeline:           {_median(pipe_rows, 'docs_per_s'):.2f} docs/s "
          f"({_median(pipe_rows, 'seconds'):.1f} s for {pipe_rows[0]['docs']:,} documents, "
          f"{pipe_rows[0]['mentions']:,} mentions, {pipe_rows[0]['events']:,} events)")
    print(f"  Prefect start-up:   {_median(pipe_rows, 'prefect_startup_s'):.1f} s (not counted above)")
    print(f"  DuckDB load:        {_median(pipe_rows, 'duckdb_s'):.2f} s (the extractions stored); "
          f"merge {_median(pipe_rows, 'merge_s'):.2f} s (its reads, clustering and the events' write)")
    print(f"  peak RSS:           {_median(pipe_rows, 'peak_rss_mb'):.0f} MB pipeline (process + children), "
          f"{_median(pipe_rows, 'prefect_server_rss_mb'):.0f} MB Prefect server"
          + (f"; spaCy alone {_median(spacy_rows, 'peak_rss_mb'):.0f} MB" if spacy_rows else ""))
    print(f"  unchanged re-run:   {_median(pipe_rows, 'rerun_seconds'):.1f} s = "
          f"{100 * _median(pipe_rows, 'rerun_ratio'):.1f}% of the first run")
    print(f"  merge again:        {_median(pipe_rows, 'remerge_seconds'):.1f} s over the stored events "
          "(what a run that brings new documents adds)")
    if spacy_rows:
        ratios = [p["docs_per_s"] / s["docs_per_s"] for p, s in zip(pipe_rows, spacy_rows)]
        print(f"  ratio pipeline/spaCy: {statistics.median(ratios):.2f} "
              f"(per run: {', '.join(f'{x:.2f}' for x in ratios)})")
    if args.json:
        Path(args.json).write_text(json.dumps(dict(cores=cores, corpus=info, n_process=n_process,
                                                   batch_size=batch_size, spacy=spacy_rows, pipeline=pipe_rows),
                                              indent=1), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        return _child(argv[1:])
    p = argparse.ArgumentParser(prog="timeline")
    add_parser(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(["bench", *argv])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
