"""`timeline`: run the pipeline flow and look at what it stored.

    timeline run PATH... [--db FILE] [--manifest FILE] [--quiet] [--batch-size N]
    timeline serve --inbox DIR [--feed FILE_OR_URL ...] (--cron EXPR | --interval SECONDS) [--db FILE]
    timeline show [--db FILE] [--limit N] [--entity NAME] [--from DATE] [--to DATE]
    timeline query "SQL" [--db FILE] [--format table|csv|json]
    timeline export --out FILE [--format csv|parquet|jsonl] [--mentions] [filters] [--force]
    timeline report --out FILE.html [--screenshot FILE.png] [filters] [--force]
    timeline eval seeds [--db FILE] [--gold FILE]
    timeline eval timeml GOLD_DIR [GOLD_DIR ...] --out SYS_DIR [--no-parse] [--by-rule]
    timeline eval semeval2015 CAT_DIR --entities FILE --out DIR [--gold GOLD_DIR] [--ord]
    timeline eval meantime CORPUS_DIR
    timeline eval meantime-timex [CORPUS_DIR] [--out DIR] [--no-parse] [--by-rule]
    timeline tag FILE [--dct DATE] [--format json|timeml]
    timeline alias add ALIAS CANONICAL | import FILE.tsv | list [--db FILE]
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
    if args.quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    _prefect_defaults(args.verbose)
    missing = [p for p in args.paths if not Path(p).exists() and not p.lower().startswith(("http://", "https://"))]
    if missing and len(missing) == len(args.paths):
        return fail(f"no such file or directory: {', '.join(missing)}", EXIT_USAGE)
    if args.manifest and not Path(args.manifest).is_file():
        return fail(f"manifest not found: {args.manifest}", EXIT_USAGE)
    from flows.pipeline import run_pipeline
    from flows.store import StoreError

    if not args.quiet:
        print("starting the Prefect flow (a local Prefect server starts first: 5-15 s) ...", file=sys.stderr)
    try:
        from flows.task_runners import flow_for  # a process pool, the flow's threads, or Dask
        flow, in_flight = flow_for(args, run_pipeline)
        summary = flow(paths=list(args.paths), db=args.db, manifest=args.manifest, max_bytes=args.max_bytes,
                       quiet=args.quiet, batch_size=args.batch_size, in_flight=in_flight)
    except (StoreError, ValueError, FileNotFoundError) as e:
        return fail(str(e))
    if not args.quiet:
        print(summary.text())
    return 0


# ---------------------------------------------------------------- serve (logic in flows/serve.py)

def cmd_serve(args) -> int:
    _prefect_defaults(args.verbose)
    from flows.serve import ServeError, serve
    try:
        return serve(args.inbox, args.feed, args.db, cron=args.cron, interval=args.interval,
                     prefect_home=args.prefect_home, batch_size=args.batch_size, max_bytes=args.max_bytes,
                     name=args.name, stop_grace=args.stop_grace)  # (None: STOP_GRACE_SECONDS)
    except ServeError as e:
        return fail(str(e))


# ---------------------------------------------------------------- reading the database

def _open_read_only(db: str):
    from flows.store import connect
    return connect(db, read_only=True, wait=10)


def _filters(args):
    from flows.exports import Filters
    return Filters(entity=getattr(args, "entity", None), date_from=getattr(args, "date_from", None),
                   date_to=getattr(args, "date_to", None), status=getattr(args, "status", None),
                   min_sources=getattr(args, "min_sources", None), everything=getattr(args, "all", False))


FALLBACK_SOURCES = ("lead", "publication")  # events.date_source when no expression dates the event


def cmd_show(args) -> int:
    from dataclasses import replace
    from flows.exports import TIMELINE_SQL, fetch
    from flows.report import human_date
    from flows.store import StoreError
    filters = _filters(args)
    try:
        con = _open_read_only(args.db)
        try:
            rows = fetch(con, TIMELINE_SQL, filters).to_pylist()
            hidden = 0 if filters.everything else sum(
                1 for r in fetch(con, TIMELINE_SQL, replace(filters, everything=True)).to_pylist()
                if r["date_source"] in FALLBACK_SOURCES)
        finally:
            con.close()
    except StoreError as e:
        return fail(str(e))
    more = (f"{hidden} more events have no date expression of their own: their article's news day or "
            f"publication date stands in (`timeline show --all` lists them too, marked *)") if hidden else ""
    if not rows:
        print("no events match these filters" if filters.describe() else
              "the timeline is empty: load articles with `timeline run PATH...`")
        if more:
            print(more)
        return 0
    total, rows = len(rows), rows[:args.limit]
    width = shutil.get_terminal_size((120, 24)).columns
    head = f"{'#':>4}  {'date':<24} {'precision':<9} {'status':<12} {'src':>3}  event"
    print(head)
    print("-" * min(width, 140))
    indent = " " * 59
    text_width = max(30, min(width, 140) - len(indent))
    for r in rows:
        label = r["event"].replace("\n", " ")
        if r["actors"]:
            label += f"  [{', '.join(r['actors'][:4])}]"
        date = human_date(r["date"], r["mod"])
        if r["date_source"] in FALLBACK_SOURCES:
            date += " *"
        if r["conflict"]:
            label = "CONFLICTING DATES (" + ", ".join([r["date"], *r["alt_values"]]) + ") " + label
        wrapped = textwrap.wrap(label, text_width) or [""]
        print(f"{r['position']:>4}  {date:<24} {r['precision']:<9} {r['status']:<12} {r['sources']:>3}  {wrapped[0]}")
        for line in wrapped[1:3]:
            print(indent + line)
    if total > len(rows):
        print(f"... {total - len(rows)} more (use --limit)")
    if filters.everything and any(r["date_source"] in FALLBACK_SOURCES for r in rows):
        print("* no date expression dates this event: the news day its article's lead gives, or the "
              "article's publication date, stands in (confidence 0.3)")
    if more:
        print(more)
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
    from flows.exports import ExportError, export
    from flows.store import StoreError
    try:
        n = export(args.db, args.out, args.format, mentions=args.mentions, filters=_filters(args), force=args.force)
    except FileExistsError as e:
        return fail(str(e), EXIT_USAGE)
    except ExportError as e:
        return fail(str(e), EXIT_USAGE)
    except (StoreError, duckdb.Error, OSError) as e:
        return fail(f"export failed: {e}")
    print(f"wrote {n} {'mentions' if args.mentions else 'events'} to {args.out}")
    return 0


def cmd_report(args) -> int:
    import duckdb
    from flows.report import screenshot, write_report
    from flows.store import StoreError
    if args.screenshot and Path(args.screenshot).exists() and not args.force:
        return fail(f"{args.screenshot} exists; use --force to overwrite it", EXIT_USAGE)
    try:
        n = write_report(args.db, args.out, _filters(args), force=args.force, title=args.title)
    except FileExistsError as e:
        return fail(str(e), EXIT_USAGE)
    except (StoreError, duckdb.Error, OSError) as e:
        return fail(f"report failed: {e}")
    print(f"wrote the timeline of {n} events to {args.out}")
    if args.screenshot:
        try:
            png = screenshot(args.out, args.screenshot)
        except (FileNotFoundError, RuntimeError, OSError) as e:
            return fail(f"screenshot failed: {e}")
        print(f"wrote a screenshot of it to {png}")
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
    """Scores per corpus folder; with several folders the system files go to SYS_DIR/<folder name>.
    --by-rule adds a table of what each tagger rule did in each corpus."""
    from evaluation.timeml import SCORES_HEADER, RuleCounts, evaluate_dir, format_rule_table, format_scores
    from extractors.temporal import _TAGGER, tag
    golds = [Path(g) for g in args.gold_dir]
    for gold in golds:
        if not gold.is_dir() or not any(gold.glob("*.tml")):
            return fail(f"no TimeML (*.tml) files in {gold}", EXIT_USAGE)
    tag_fn = tag if args.no_parse else _tag_with_parse
    rows, by_rule = [], {}
    for gold in golds:
        out = Path(args.out) / gold.name if len(golds) > 1 else Path(args.out)
        by_rule[gold.name] = RuleCounts() if args.by_rule else None
        rows.append(format_scores(gold.name, evaluate_dir(gold, out, tag_fn, by_rule[gold.name])))
    print(SCORES_HEADER)
    print("\n".join(rows))
    if args.by_rule:
        print()
        print(format_rule_table(by_rule, [r.id for r in _TAGGER.res.rules]))
    print(f"system TimeML files written to {args.out}")
    return 0


def cmd_eval_meantime_timex(args) -> int:
    """TempEval-3 timex scores on MEANTIME Apple (held out: the tagger was never tuned on it); only
    what MEANTIME annotates is scored (evaluation/meantime.py)."""
    from evaluation.meantime import DEFAULT_CORPUS, evaluate_timex
    from evaluation.timeml import SCORES_HEADER, RuleCounts, format_rule_table, format_scores
    from extractors.temporal import _TAGGER, tag
    rules = RuleCounts() if args.by_rule else None
    try:
        scores = evaluate_timex(args.corpus_dir or DEFAULT_CORPUS, tag if args.no_parse else _tag_with_parse,
                                args.out, rules)
    except FileNotFoundError as e:  # (no documents in the folder: evaluation/meantime.py says which)
        return fail(str(e), EXIT_USAGE)
    print(SCORES_HEADER)
    print(format_scores("MEANTIME Apple", scores))
    if rules is not None:
        print()
        print(format_rule_table({"MEANTIME": rules}, [r.id for r in _TAGGER.res.rules]))
    if args.out:
        print(f"TimeML files written to {args.out}/gold and {args.out}/system")
    return 0


def cmd_tag(args) -> int:
    """One document, read as `timeline run` reads it (front matter, JSONL fields, HTML metadata,
    boilerplate cut), tagged with its publication date unless --dct gives one. Offsets index the
    article text: the file's body after any front matter, or the JSONL `text`."""
    from extractors.documents import DEFAULT_MAX_BYTES, parse_published_at, read_any
    from extractors.temporal import tag
    try:
        dct = parse_published_at(args.dct)
    except ValueError:
        return fail(f"--dct {args.dct!r} is not a date: give it as YYYY-MM-DD", EXIT_USAGE)
    path = Path(args.file)
    if path.is_dir():
        return fail(f"{args.file} is a folder: `timeline tag` reads one document", EXIT_USAGE)
    if not path.is_file():
        return fail(f"{args.file}: no such file", EXIT_USAGE)
    docs = list(read_any(path, None, DEFAULT_MAX_BYTES))
    if len(docs) != 1:
        return fail(f"{args.file} holds {len(docs)} documents: `timeline tag` reads one "
                    "(give a file of one article, or a JSONL file of one line)", EXIT_USAGE)
    doc = docs[0]
    if doc.status != "ok":
        return fail(f"{args.file}: {doc.error}", EXIT_USAGE)
    text = doc.content
    if dct is None and doc.published_at is not None:
        dct = doc.published_at
        how = doc.dct_note if doc.dct_source == "inferred" else f"from the {doc.dct_source.replace('_', ' ')}"
        print(f"timeline: publication date {dct} ({how})", file=sys.stderr)
    elif dct is None:
        print("timeline: no --dct given and none can be inferred from the text: relative dates "
              "are anchored to dates the text gives, or left unresolved (XXXX)", file=sys.stderr)
    timexes = tag(text, dct, None if args.no_parse else _nlp()(text))
    if args.format == "json":
        for t in timexes:
            row = {k: getattr(t, k) for k in ("start", "end", "text", "type", "value", "mod", "begin_date",
                                               "end_date", "granularity", "anchor", "rule")}
            if t.timeml:  # TimeML annotates it otherwise ("Two days later": the duration "Two days")
                w = t.as_timeml()
                row["timeml"] = {"end": w.end, "text": w.text, "type": w.type, "value": w.value}
            print(json.dumps(row, default=str, ensure_ascii=False))
    else:
        from evaluation.timeml import timeml_string
        print(timeml_string(text, timexes, dct))
    return 0


def _nlp():
    from extractors.nlp import load_nlp
    return load_nlp()


# ---------------------------------------------------------------- entry point

def cmd_alias(args) -> int:
    """Names the system cannot join ("Ryo Akazawa" is "Ryosei Akazawa"): stored as user aliases,
    applied by the next `timeline run` (which re-merges every event)."""
    from extractors.entities import read_alias_file
    from flows.store import StoreError, add_user_aliases, connect, init_db
    try:
        if args.action == "list":
            con = connect(args.db, read_only=True, wait=10)
            rows = con.execute("SELECT alias, canonical, source FROM entity_aliases "
                               "ORDER BY source <> 'user', canonical, alias").fetchall()
            con.close()
            for alias, canonical, source in rows:
                print(f"{alias}\t{canonical}\t{source}")
            return 0
        if args.action == "add":
            if len(args.names) != 2:
                return fail("usage: timeline alias add ALIAS CANONICAL", EXIT_USAGE)
            aliases = {args.names[0]: args.names[1]}
        else:  # import
            if len(args.names) != 1:
                return fail("usage: timeline alias import FILE.tsv (alias<TAB>canonical lines)", EXIT_USAGE)
            aliases = read_alias_file(args.names[0])
        init_db(args.db)
        add_user_aliases(args.db, aliases)
    except (StoreError, ValueError, OSError) as e:
        return fail(str(e))
    print(f"{len(aliases)} alias(es) stored in {args.db}; the next `timeline run` applies them")
    return 0


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
    r.add_argument("-q", "--quiet", action="store_true",
                   help="print nothing but errors (for cron); no progress bar, no summary")
    r.add_argument("--batch-size", type=int, default=64, metavar="N",
                   help="documents per extraction task (default 64); whole batches are stored, at least 256 documents per transaction")
    from flows.task_runners import add_arguments as add_task_runner_arguments
    add_task_runner_arguments(r)
    r.set_defaults(func=cmd_run)

    sv = sub.add_parser("serve", help="run the flow on a schedule over an inbox folder and feeds "
                                      "(starts a local Prefect server unless PREFECT_API_URL is set)")
    sv.add_argument("--inbox", required=True, metavar="DIR", help="folder to load new articles from")
    sv.add_argument("--feed", action="append", default=[], metavar="FILE_OR_URL",
                    help="an RSS/Atom feed (file or http(s) URL) read on every run; repeatable")
    when = sv.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", metavar="EXPR", help="cron schedule, e.g. '*/30 * * * *' (UTC)")
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS seconds")
    db_arg(sv)
    sv.add_argument("--prefect-home", metavar="DIR", help="PREFECT_HOME of the local Prefect server "
                                                          "(default ~/.timeline/prefect)")
    sv.add_argument("--name", default="timeline-inbox", help="deployment name (default timeline-inbox)")
    sv.add_argument("--batch-size", type=int, default=None, metavar="N", help="documents per extraction task")
    sv.add_argument("--max-bytes", type=int, default=None, help="largest accepted article in bytes")
    sv.add_argument("--stop-grace", type=float, default=None, metavar="SECONDS",
                    help="after SIGTERM, how long the run in progress may go on before it is killed (default 60)")
    sv.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own logs")
    sv.set_defaults(func=cmd_serve)

    def filter_args(sp, export_only: bool = False):
        from flows.exports import parse_day

        def day(end):
            def parse(text):
                try:
                    return parse_day(text, end=end)
                except ValueError as e:
                    raise argparse.ArgumentTypeError(str(e)) from None
            return parse
        sp.add_argument("--entity", metavar="NAME", help="events with this actor (any case; \"Trump\" also "
                                                         "finds \"Donald Trump\")")
        sp.add_argument("--from", dest="date_from", type=day(False), metavar="DATE",
                        help="events that end on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY); "
                             "undated events drop out")
        sp.add_argument("--to", dest="date_to", type=day(True), metavar="DATE",
                        help="events that begin on or before DATE (a month or year means its last day)")
        sp.add_argument("--all", action="store_true",
                        help="also the events no date expression dates, placed at the news day of their "
                             "article's lead or at its publication date (marked *; the view timeline_all)")
        if export_only:
            from extractors.events import STATUSES
            sp.add_argument("--status", choices=STATUSES)
            sp.add_argument("--min-sources", type=int, metavar="N", help="events told by at least N documents")

    s = sub.add_parser("show", help="print the timeline, dates at their precision")
    db_arg(s)
    s.add_argument("--limit", type=int, default=200)
    filter_args(s)
    s.set_defaults(func=cmd_show)

    q = sub.add_parser("query", help="run SQL on a read-only connection")
    q.add_argument("sql")
    db_arg(q)
    q.add_argument("--format", choices=["table", "csv", "json"], default="table")
    q.add_argument("--max-rows", type=int, default=1000)
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="write the ordered timeline as CSV, Parquet or JSON Lines")
    e.add_argument("--out", required=True, metavar="FILE")
    db_arg(e)
    e.add_argument("--format", choices=["csv", "parquet", "jsonl"],
                   help="default: from the suffix of --out (.csv, .parquet, .jsonl)")
    e.add_argument("--mentions", action="store_true", help="one row per mention (quote, document, url) "
                                                           "instead of one per event")
    filter_args(e, export_only=True)
    e.add_argument("--force", action="store_true", help="overwrite an existing file")
    e.set_defaults(func=cmd_export)

    rp = sub.add_parser("report", help="write the timeline as one self-contained HTML page")
    rp.add_argument("--out", required=True, metavar="FILE.html")
    db_arg(rp)
    filter_args(rp, export_only=True)
    rp.add_argument("--title", default="Timeline", help="the page title")
    rp.add_argument("--screenshot", metavar="FILE.png",
                    help="also render it with headless Chromium to a 1400x2000 PNG")
    rp.add_argument("--force", action="store_true", help="overwrite existing files")
    rp.set_defaults(func=cmd_report)

    ev = sub.add_parser("eval", help="score against gold data")
    evs = ev.add_subparsers(dest="dataset", required=True)
    seeds = evs.add_parser("seeds", help="the seed articles' 23 gold events")
    db_arg(seeds)
    seeds.add_argument("--gold", default=None, help="gold JSONL (default: examples/gold/seeds_events.jsonl)")
    seeds.set_defaults(func=cmd_eval_seeds)
    tml = evs.add_parser("timeml", help="TempEval-3 timex scores on TimeML corpus folders")
    tml.add_argument("gold_dir", metavar="GOLD_DIR", nargs="+")
    tml.add_argument("--out", required=True, metavar="SYS_DIR", help="where to write our TimeML files")
    tml.add_argument("--no-parse", action="store_true", help="tag without the spaCy parse (faster)")
    tml.add_argument("--by-rule", action="store_true",
                     help="also print, per rule and corpus, the expressions it got right, wrong or spurious")
    tml.set_defaults(func=cmd_eval_timeml)
    mtx = evs.add_parser("meantime-timex", help="TempEval-3 timex scores on MEANTIME Apple (held out)")
    mtx.add_argument("corpus_dir", metavar="CORPUS_DIR", nargs="?",
                     help="the CAT documents (default: ../shared/data/meantime_apple/corpus_apple)")
    mtx.add_argument("--out", metavar="DIR", help="write TimeML files, DIR/gold and DIR/system, for the TE3 scorer")
    mtx.add_argument("--no-parse", action="store_true", help="tag without the spaCy parse (faster)")
    mtx.add_argument("--by-rule", action="store_true",
                     help="also print, per rule, the expressions it got right, wrong or spurious")
    mtx.set_defaults(func=cmd_eval_meantime_timex)
    # these two keep their options beside their code (evaluation/semeval.py, evaluation/meantime.py)
    sem = evs.add_parser("semeval2015", add_help=False, help="SemEval-2015 Task 4 Track A timelines and scores: "
                         "CAT_DIR --entities FILE --out DIR [--gold GOLD_DIR] [--ord]")
    sem.add_argument("rest", nargs=argparse.REMAINDER)
    sem.set_defaults(func=lambda a: __import__("evaluation.semeval", fromlist=["main"]).main(a.rest))
    mt = evs.add_parser("meantime", add_help=False, help="MEANTIME Apple: dated event instances found, "
                        "cross-document instances merged: CORPUS_DIR")
    mt.add_argument("rest", nargs=argparse.REMAINDER)
    mt.set_defaults(func=lambda a: __import__("evaluation.meantime", fromlist=["main"]).main(a.rest))

    al = sub.add_parser("alias", help="join names of one entity: add ALIAS CANONICAL | import FILE.tsv | list")
    al.add_argument("action", choices=["add", "import", "list"])
    al.add_argument("names", nargs="*")
    db_arg(al)
    al.set_defaults(func=cmd_alias)

    from flows import bench
    bench.add_parser(sub)

    t = sub.add_parser("tag", help="the temporal expressions of one document")
    t.add_argument("file")
    t.add_argument("--dct", help="publication date YYYY-MM-DD (without it, relative dates stay unresolved)")
    t.add_argument("--format", choices=["json", "timeml"], default="json")
    t.add_argument("--no-parse", action="store_true", help="tag without the spaCy parse (faster)")
    t.set_defaults(func=cmd_tag)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `timeline query ... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0


def _main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "gold", "") is None:
        from evaluation.seeds import DEFAULT_GOLD
        args.gold = DEFAULT_GOLD
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
