"""`timeline`: run the pipeline flow and look at what it stored.

    timeline run PATH... [--db FILE] [--manifest FILE]
    timeline show [--db FILE] [--limit N]
    timeline query "SQL" [--db FILE] [--format table|csv|json]
    timeline export --out FILE [--db FILE] [--force]
    timeline eval seeds [--db FILE] [--gold FILE]
    timeline eval timeml GOLD_DIR --out SYS_DIR [--no-parse]
    timeline tag FILE [--dct DATE] [--format json|timeml]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from pathlib import Path

EXIT_USAGE, EXIT_ERROR = 2, 1


def _prefect_defaults(verbose: bool) -> None:
    """Settings that must be in place before Prefect is imported."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"timeline: {message}", file=sys.stderr)
    return code


# ---------------------------------------------------------------- run

def cmd_run(args) -> int:
    _prefect_defaults(args.verbose)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing and len(missing) == len(args.paths):
        return fail(f"no such file or directory: {', '.join(missing)}", EXIT_USAGE)
    if args.manifest and not Path(args.manifest).is_file():
        return fail(f"manifest not found: {args.manifest}", EXIT_USAGE)
    from flows.pipeline import run_pipeline
    from flows.store import StoreError

    print("starting the Prefect flow (a local Prefect server starts first: 5-15 s) ...", file=sys.stderr)
    try:
        summary = run_pipeline(paths=list(args.paths), db=args.db, manifest=args.manifest,
                               max_bytes=args.max_bytes)
    except (StoreError, ValueError, FileNotFoundError) as e:
        return fail(str(e))
    print(summary.text())
    return 0


# ---------------------------------------------------------------- reading the database

def _open_read_only(db: str):
    from flows.store import connect
    return connect(db, read_only=True, wait=10)


def cmd_show(args) -> int:
    from flows.store import StoreError
    try:
        con = _open_read_only(args.db)
        rows = con.execute("SELECT position, date, precision, status, sources, event, actors FROM timeline "
                           "ORDER BY position LIMIT ?", [args.limit]).fetchall()
        total = con.execute("SELECT count(*) FROM timeline").fetchone()[0]
        con.close()
    except StoreError as e:
        return fail(str(e))
    if not rows:
        print("the timeline is empty: load articles with `timeline run PATH...`")
        return 0
    width = shutil.get_terminal_size((120, 24)).columns
    head = f"{'#':>4}  {'date':<23} {'precision':<9} {'status':<9} {'src':>3}  event"
    print(head)
    print("-" * min(width, 120))
    indent = " " * 55
    text_width = max(30, min(width, 140) - len(indent))
    for pos, date, prec, status, sources, event, actors in rows:
        label = event.replace("\n", " ")
        if actors:
            label += f"  [{', '.join(actors[:4])}]"
        wrapped = textwrap.wrap(label, text_width) or [""]
        print(f"{pos:>4}  {date:<23} {prec:<9} {status:<9} {sources:>3}  {wrapped[0]}")
        for line in wrapped[1:3]:
            print(indent + line)
    if total > len(rows):
        print(f"... {total - len(rows)} more (use --limit)")
    return 0


def cmd_query(args) -> int:
    import duckdb
    from flows.store import StoreError
    try:
        con = _open_read_only(args.db)
    except StoreError as e:
        return fail(str(e))
    try:
        rel = con.sql(args.sql)
        if rel is None:
            return 0
        if args.format == "table":
            rel.show(max_width=shutil.get_terminal_size((160, 24)).columns, max_rows=args.max_rows)
        else:
            cols, rows = rel.columns, rel.fetchall()
            if args.format == "csv":
                import csv
                w = csv.writer(sys.stdout)
                w.writerow(cols)
                w.writerows(rows)
            else:
                for r in rows:
                    print(json.dumps(dict(zip(cols, r)), default=str, ensure_ascii=False))
    except duckdb.Error as e:
        msg = str(e)
        if "read-only" in msg or "read only" in msg:
            return fail(f"`timeline query` opens the database read-only and cannot change it ({msg}). "
                        "The database is written by `timeline run`.")
        return fail(f"query failed: {msg}")
    finally:
        con.close()
    return 0


def cmd_export(args) -> int:
    import duckdb
    from flows.store import StoreError, sql_file
    out = Path(args.out)
    if out.exists() and not args.force:
        return fail(f"{out} exists; use --force to overwrite it", EXIT_USAGE)
    try:
        con = _open_read_only(args.db)
    except StoreError as e:
        return fail(str(e))
    tmp = out.with_name(out.name + ".partial")
    try:
        query = sql_file("queries/export_timeline.sql").strip().rstrip(";")
        con.execute(f"COPY ({query}) TO '{tmp.as_posix()}' (FORMAT csv, HEADER true, DELIMITER ',')")
        n = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
    except duckdb.Error as e:
        tmp.unlink(missing_ok=True)
        return fail(f"export failed: {e}")
    finally:
        con.close()
    tmp.replace(out)
    print(f"wrote {n} events to {out}")
    return 0


# ---------------------------------------------------------------- evaluation

def cmd_eval_seeds(args) -> int:
    from evaluation.seeds import score
    from flows.store import StoreError
    try:
        s = score(args.db, args.gold)
    except StoreError as e:
        return fail(str(e))
    print(s.text())
    return 0


def _tag_with_parse(text, dct):
    from extractors.temporal import tag
    return tag(text, dct, _nlp()(text))


def cmd_eval_timeml(args) -> int:
    from evaluation.timeml import SCORES_HEADER, evaluate_dir, format_scores
    from extractors.temporal import tag
    gold = Path(args.gold_dir)
    if not gold.is_dir() or not any(gold.glob("*.tml")):
        return fail(f"no TimeML (*.tml) files in {gold}", EXIT_USAGE)
    tag_fn = tag if args.no_parse else _tag_with_parse
    scores = evaluate_dir(gold, args.out, tag_fn)
    print(SCORES_HEADER)
    print(format_scores(gold.name, scores))
    print(f"system TimeML files written to {args.out}")
    return 0


def cmd_tag(args) -> int:
    from extractors.documents import decode_text, parse_published_at
    from extractors.temporal import tag
    try:
        dct = parse_published_at(args.dct)
        text = decode_text(Path(args.file).read_bytes(), 50_000_000)
    except (ValueError, OSError) as e:
        return fail(f"{args.file}: {e}", EXIT_USAGE)
    timexes = tag(text, dct, None if args.no_parse else _nlp()(text))
    if args.format == "json":
        for t in timexes:
            row = {k: getattr(t, k) for k in ("start", "end", "text", "type", "value", "mod", "begin_date",
                                               "end_date", "granularity", "anchor", "rule")}
            print(json.dumps(row, default=str, ensure_ascii=False))
    else:
        from evaluation.timeml import timeml_string
        print(timeml_string(text, timexes, dct))
    return 0


def _nlp():
    from extractors.nlp import load_nlp
    return load_nlp()


# ---------------------------------------------------------------- entry point

def build_parser() -> argparse.ArgumentParser:
    from extractors.documents import DEFAULT_MAX_BYTES
    from flows.store import DEFAULT_DB

    p = argparse.ArgumentParser(prog="timeline", description="News articles in, an ordered event timeline out.")
    sub = p.add_subparsers(dest="command", required=True)

    def db_arg(sp):
        sp.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default: {DEFAULT_DB})")

    r = sub.add_parser("run", help="load articles (.txt, .md, .jsonl, folders) with the Prefect flow")
    r.add_argument("paths", nargs="+", metavar="PATH")
    db_arg(r)
    r.add_argument("--manifest", help="JSONL of doc_id/path, published_at, title (a folder's "
                                      "manifest.jsonl is used automatically)")
    r.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"largest accepted article (default {DEFAULT_MAX_BYTES:,} bytes)")
    r.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own logs")
    r.set_defaults(func=cmd_run)

    s = sub.add_parser("show", help="print the timeline")
    db_arg(s)
    s.add_argument("--limit", type=int, default=200)
    s.set_defaults(func=cmd_show)

    q = sub.add_parser("query", help="run SQL on a read-only connection")
    q.add_argument("sql")
    db_arg(q)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--max-rows", type=int, default=1000)
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="write the ordered timeline as CSV")
    e.add_argument("--out", required=True)
    db_arg(e)
    e.add_argument("--force", action="store_true", help="overwrite an existing file")
    e.set_defaults(func=cmd_export)

    ev = sub.add_parser("eval", help="score against gold data")
    evs = ev.add_subparsers(dest="dataset", required=True)
    seeds = evs.add_parser("seeds", help="the seed articles' 23 gold events")
    db_arg(seeds)
    seeds.add_argument("--gold", default=None, help="gold JSONL (default: examples/gold/seeds_events.jsonl)")
    seeds.set_defaults(func=cmd_eval_seeds)
    tml = evs.add_parser("timeml", help="TempEval-3 timex scores on one TimeML corpus folder")
    tml.add_argument("gold_dir", metavar="GOLD_DIR")
    tml.add_argument("--out", required=True, metavar="SYS_DIR", help="where to write our TimeML files")
    tml.add_argument("--no-parse", action="store_true", help="tag without the spaCy parse (faster)")
    tml.set_defaults(func=cmd_eval_timeml)

    t = sub.add_parser("tag", help="the temporal expressions of one document")
    t.add_argument("file")
    t.add_argument("--dct", help="publication date YYYY-MM-DD (without it, relative dates stay unresolved)")
    t.add_argument("--format", choices=["json", "timeml"], default="json")
    t.add_argument("--no-parse", action="store_true", help="tag without the spaCy parse (faster)")
    t.set_defaults(func=cmd_tag)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "gold", "") is None:
        from evaluation.seeds import DEFAULT_GOLD
        args.gold = DEFAULT_GOLD
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
