"""`timeline bench --tagger`: what the temporal tagger costs next to spaCy on the same documents.

The corpus is the one `timeline bench` builds (`bench.build_corpus`: the development texts cycled
with shifted publication dates). Each run, side by side in this process:

1. spaCy: the pipeline's model (`extractors.nlp.load_nlp`) parses every text with `nlp.pipe`,
   with the pipeline's batch size, in this one process (the cost per core);
2. the tagger: `extractors.temporal.tag(text, publication date, doc)` on every parsed doc, exactly
   as `extractors.extract.extract_one` calls it.

Both are warmed up first (model loaded, rules compiled). The figures are the medians over --runs
of each time and of the per-run ratio tagger/spaCy, printed with the machine's core count.
"""
from __future__ import annotations

import json
import os
import statistics
import time
from datetime import date
from pathlib import Path

LIMIT = 0.15  # the tagger may cost at most this share of spaCy's own time


def _records(corpus: Path) -> list[tuple[str, date | None]]:
    out = []
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                pub = rec.get("published_at")
                out.append((rec["text"], date.fromisoformat(pub[:10]) if pub else None))
    return out


def measure_once(records, nlp, tag, batch_size: int, n_process: int) -> dict:
    """One run: spaCy over all texts, then the tagger over all parsed docs (wall times)."""
    texts = [t for t, _ in records]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    spacy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    timexes = 0
    for (text, dct), doc in zip(records, docs):
        timexes += len(tag(text, dct, doc))
    tagger_s = time.perf_counter() - t0
    return dict(spacy_s=spacy_s, tagger_s=tagger_s, ratio=tagger_s / spacy_s, timexes=timexes,
                docs=len(docs))


def cmd_bench_tagger(args) -> int:
    from extractors.extract import NLP_BATCH_SIZE
    from extractors.nlp import load_nlp, model_name
    from extractors.temporal import tag
    from flows.bench import build_corpus, workdir

    work = workdir(args)
    corpus = work / f"corpus_{args.docs}.jsonl"
    info = build_corpus(args.docs, corpus)
    records = _records(corpus)
    batch_size = args.batch_size or NLP_BATCH_SIZE
    n_process = 1  # both in this process, one after the other: their cost per core
    nlp = load_nlp()
    warm = "The minister arrived on Tuesday, April 22, 2025, a year after the talks began."
    tag(warm, date(2025, 4, 25), next(iter(nlp.pipe([warm]))))
    cores = os.cpu_count()
    print(f"machine: {cores} cores; corpus: {info['docs']:,} documents ({info['base_texts']} base texts "
          f"cycled, {info['words']:,} words, {info['chars']:,} characters) -> {corpus}")
    print(f"spaCy: {model_name()}, nlp.pipe(batch_size={batch_size}, n_process={n_process}); "
          f"tagger: extractors.temporal.tag(text, dct, doc) on the parsed docs; runs: {args.runs}")
    rows = []
    for r in range(1, args.runs + 1):
        row = measure_once(records, nlp, tag, batch_size, n_process)
        rows.append(row)
        print(f"run {r}: spaCy {row['spacy_s']:7.2f} s   tagger {row['tagger_s']:6.2f} s   "
              f"ratio {100 * row['ratio']:5.1f}%   ({row['timexes']:,} expressions)", flush=True)
    med = {k: statistics.median(x[k] for x in rows) for k in ("spacy_s", "tagger_s", "ratio")}
    print()
    print(f"medians over {args.runs} run(s), {cores} cores, {info['docs']:,} documents:")
    print(f"  spaCy:  {med['spacy_s']:.2f} s ({info['docs'] / med['spacy_s']:.1f} docs/s)")
    print(f"  tagger: {med['tagger_s']:.2f} s ({info['docs'] / med['tagger_s']:.1f} docs/s, "
          f"{1000 * med['tagger_s'] / info['docs']:.2f} ms per document)")
    verdict = "within" if med["ratio"] <= LIMIT else "ABOVE"
    per_run = ", ".join(f"{100 * x['ratio']:.1f}%" for x in rows)
    print(f"  ratio tagger/spaCy: {100 * med['ratio']:.1f}% (per run: {per_run}); "
          f"{verdict} the {100 * LIMIT:.0f}% budget")
    if args.json:
        Path(args.json).write_text(json.dumps(dict(cores=cores, corpus=info, batch_size=batch_size,
                                                   n_process=n_process, runs=rows, median=med), indent=1),
                                   encoding="utf-8")
    return 0
