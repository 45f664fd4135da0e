"""The pipeline as a Prefect flow: read -> skip unchanged -> extract -> store -> merge -> record.

The flow only composes: reading and extraction live in extractors/, the database in flows/store.py.
"""
from __future__ import annotations

import gc
import logging
import sys
import time
import uuid
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pyarrow as pa
from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from extractors import EXTRACTOR_VERSION
from extractors.documents import DEFAULT_MAX_BYTES, Document, read_documents, rejected as rejected_doc
from extractors.extract import Extraction, extract_documents
from extractors.entities import EntityResolution, resolve_entities
from extractors.merge import CandidateSearch, MentionArrays, join_candidates, merge_mentions
from flows import store
from flows.progress import Progress, count_documents, event_ids
from flows.task_runners import release_workers

BATCH_SIZE = 64  # documents per extraction task
STORE_DOCUMENTS = 256  # written per transaction (whole batches): each commit and close of the file costs
                       # about as much as writing a batch's rows


@dataclass
class RunSummary:
    run_id: str
    db: str
    seen: int = 0
    loaded: int = 0
    skipped: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    mentions: int = 0
    events: int = 0
    merged_events: int = 0  # events told by more than one mention
    new_events: int | None = None  # events whose id was not in the database before this run
    conflicts: int | None = None  # events whose sources disagree on the date
    seconds: float = 0.0

    def counts(self) -> dict:
        return dict(seen=self.seen, loaded=self.loaded, skipped=self.skipped,
                    rejected=len(self.rejected), events=self.events)

    def text(self) -> str:
        lines = [f"run {self.run_id}: {self.seen} documents seen, {self.loaded} loaded, "
                 f"{self.skipped} unchanged (skipped), {len(self.rejected)} rejected; "
                 f"{self.mentions} event mentions in {self.events} events "
                 f"({self.merged_events} merged from several mentions) in {self.seconds:.1f} s -> {self.db}"]
        if self.new_events is not None or self.conflicts is not None:
            lines.append(f"  events: {self.events} in all, {self.new_events or 0} new, "
                         f"{self.merged_events} merged from several mentions, "
                         f"{self.conflicts or 0} with conflicting dates")
        for source, reason in self.rejected:
            lines.append(f"  rejected {source}: {reason}")
        return "\n".join(lines)


class _NoTracebackForStoreErrors(logging.Filter):
    """A StoreError ("the database is held by another process ...") is a message for the person at
    the terminal, not a bug: Prefect's engines log it without their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, store.StoreError):
            record.exc_info, record.exc_text = None, None
        return True


for _name in ("prefect.flow_runs", "prefect.task_runs"):
    logging.getLogger(_name).addFilter(_NoTracebackForStoreErrors())


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def batched(items, n):
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


def select_changed(db: str, documents: list[Document]) -> tuple[list[Document], list[Document]]:
    """Split documents into (to extract, unchanged): same text and same extractor version is skipped.
    A plain call, not a task: a task run per batch cost Prefect's server ~75 ms of CPU each (measured),
    taken from the extraction, for a query of a few milliseconds."""
    stored = store.stored_versions(db, [d.doc_id for d in documents])
    todo, same = [], []
    for d in documents:
        (same if stored.get(d.doc_id) == (d.content_hash, EXTRACTOR_VERSION) else todo).append(d)
    return todo, same


@task(name="extract", cache_policy=NO_CACHE)
def extract(documents: list[Document]) -> list[Extraction]:
    """Runs where the task runner puts it: a thread of the flow's process, a worker process of the
    flow's pool (`--workers`), or a Dask worker; the spaCy model is loaded once per process."""
    return extract_documents(documents)


@task(name="store", cache_policy=NO_CACHE)
def store_batch(db: str, run_id: str, extractions: list[Extraction], rejected: list[Document]) -> None:
    """One batch in one transaction: its rejections and its documents' rows, all or nothing."""
    store.store_batch(db, run_id, EXTRACTOR_VERSION, extractions, rejected, log=progress)


def failed_extractions(extractions: list[Extraction]) -> tuple[list[Extraction], list[Document]]:
    """Split off documents whose extraction raised: they become rejections with the reason."""
    good = [x for x in extractions if not x.error]
    failed = [rejected_doc(x.document.doc_id, x.document.source, x.error) for x in extractions if x.error]
    return good, failed


@task(name="merge", cache_policy=NO_CACHE)
def merge(db: str) -> tuple[int, int, int]:
    """Merge; into a shared DuckLake store, again until no other flow stored mentions meanwhile."""
    if str(db).startswith("ducklake:"):
        from flows import ducklake
        return ducklake.merge_until_stable(str(db), lambda: merge_once(db), log=progress)
    return merge_once(db)


MERGE_CHUNK_MENTIONS = 10_000  # mentions merged at once: whole groups of mentions that may join (more
                               # when one group is larger); bounds the memory the full mentions take
MERGE_ATTEMPTS = 3  # merges again when another process stored documents during the merge


def merge_once(db: str) -> tuple[int, int, int]:
    """Re-cluster every stored mention into events; returns (mentions, events, merged events).
    Skipped when the documents, user aliases and extractor are those the stored events came from.

    In bounded memory: the mentions are read twice, a slice at a time. First into compact arrays
    (MentionArrays: integer codes, day numbers, flags) from which CandidateSearch takes the
    statistics of all the mentions (IDF, document counts) and finds, a block at a time, the groups
    of mentions that pairs the rules could join link (the pairs themselves are not kept); then in
    chunks of whole groups (CandidateSearch.chunks: their pairs found again among their mentions),
    each merged on its own as merge_mentions would merge them among all the others (the same events), and
    staged in Parquet files (store.StagedEvents). One transaction puts the staged events in place
    of the stored ones (a merge that dies part way leaves them as they were). The same for a DuckLake
    store."""
    collecting = gc.isenabled()
    gc.disable()  # it makes millions of objects and no reference cycles: Python's collector walked them
    try:          # again and again (8 s of 57 at 188,105 mentions)
        return _merge_once(db)
    finally:
        if collecting:
            gc.enable()


def _merge_once(db: str) -> tuple[int, int, int]:
    for _ in range(MERGE_ATTEMPTS):
        inputs, merged_from, counts = store.merge_inputs(db, log=progress)
        fingerprint = f"{EXTRACTOR_VERSION}|{inputs}"
        if fingerprint == merged_from:
            return counts
        try:
            result = _merge_in_chunks(db, inputs, fingerprint)
        except (KeyError, IndexError):  # a name or mention another process stored between two reads?
            if store.merge_inputs(db, log=progress)[0] == inputs:
                raise
            result = None
        if result is not None:
            return result
        progress("documents were stored during the merge; merging again")
    raise store.StoreError(f"the merge of {db} kept being overtaken by other writers ({MERGE_ATTEMPTS} attempts)")


def _merge_whole(db: str, fingerprint: str) -> tuple[int, int, int]:
    """Every mention in memory at once, one transaction to write the events: what the chunked merge
    must equal (tests/test_merge_chunks.py)."""
    mentions = store.load_mentions(db, log=progress)
    entities, mention_entities, aliases = resolve_entities(mentions, store.user_aliases(db, log=progress))
    events = merge_mentions(mentions)
    n_mentions = len(mentions)
    del mentions  # the write needs the events only: their quotes, keywords and names go before it
    store.replace_events(db, events, entities, mention_entities, aliases, log=progress, fingerprint=fingerprint)
    return n_mentions, len(events), sum(1 for e in events if len(e.mention_ids) > 1)


def _merge_in_chunks(db: str, inputs: str, fingerprint: str) -> tuple[int, int, int] | None:
    """merge_once's bounded merge; None when the stored mentions changed meanwhile (nothing written)."""
    resolution = EntityResolution(store.mention_surfaces(db, log=progress), store.user_aliases(db, log=progress))
    arrays, streamed = MentionArrays(), array("q")
    for batch in store.stream_mentions(db, log=progress):
        resolution.apply(batch, rows=False)  # canonical participants and their merge words
        arrays.add(batch)
        streamed.extend(m.rowid for m in batch)
    ids, rowids = store.mention_order(db, log=progress)  # mention_ids in mention_id order, their rowids
    streamed = np.frombuffer(streamed, dtype=np.int64)
    by_rowid = np.argsort(streamed)
    order = by_rowid[np.searchsorted(streamed[by_rowid], rowids)] if len(rowids) == len(streamed) else None
    if order is None or not np.array_equal(streamed[order], rowids):
        return None  # (mentions stored or deleted between the two reads)
    search = CandidateSearch(arrays.finish(store.clause_parents(db, arrays.n, log=progress), order))
    n_mentions = arrays.n
    del arrays, streamed, by_rowid, order
    chunk_of = search.chunk_of(MERGE_CHUNK_MENTIONS)
    n_chunks = int(chunk_of.max()) + 1 if n_mentions else 0
    staged = store.StagedEvents(db, log=progress)
    try:
        files = store.stage_mentions(db, staged.folder, rowids, chunk_of, log=progress)
        del rowids
        naming: Counter = Counter()
        n_events = merged = 0
        for c, members, chunk_joins in search.chunks(chunk_of):
            if n_chunks > 1:
                progress(f"merging chunk {c + 1} of {n_chunks} ({len(members):,} mentions)")
            mentions = store.load_mentions(db, log=progress, staged=files[c]) if c in files else []
            if [m.mention_id for m in mentions] != ids.take(pa.array(members)).to_pylist():
                return None  # (mentions stored or deleted since the first read)
            mention_entities, named = resolution.apply(mentions)
            naming.update(named)
            events = join_candidates(mentions, chunk_joins)
            del mentions
            staged.add(events, mention_entities)
            n_events += len(events)
            merged += sum(1 for e in events if len(e.mention_ids) > 1)
        del search, ids  # (their memory for the write)
        if not store.replace_with_staged(db, staged, resolution.entities(naming), resolution.aliases(), inputs,
                                         fingerprint, log=progress):
            return None
    finally:
        staged.close()
    return n_mentions, n_events, merged


@flow(name="timeline-run")
def run_pipeline(paths: list[str], db: str = store.DEFAULT_DB, manifest: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, batch_size: int = BATCH_SIZE, quiet: bool = False,
                 total: int | None = None, in_flight: int = 1) -> RunSummary:
    """Load news articles into the timeline database and merge their events.

    `in_flight`: extraction batches submitted before the oldest is stored; give it about twice the
    task runner's worker count (`timeline run --workers N` does) so that every worker stays busy
    while memory stays bounded to in_flight batches."""
    started = time.monotonic()
    run_id = datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id=run_id, db=str(db))
    store.init_db(db, log=progress)
    store.start_run(db, run_id, flow_run.id, [str(p) for p in paths], EXTRACTOR_VERSION, log=progress)
    bar = Progress(total=total, quiet=quiet)  # draws only when stderr is a terminal
    if bar.enabled and total is None:
        bar.total = count_documents(paths, manifest)
    known, _ = event_ids(db)
    pending: deque = deque()  # (batch, rejected, unchanged, its extractions or their future), oldest first

    done: list = []  # extracted batches not yet written: (batch, rejected, unchanged, extractions)

    def finish_oldest() -> None:
        batch, rejected, same, result = pending.popleft()
        extractions, failed = failed_extractions(result.result() if isinstance(result, PrefectFuture) else result)
        done.append((batch, rejected + failed, same, extractions))
        if sum(len(b) for b, *_ in done) >= STORE_DOCUMENTS:
            store_done()

    def store_done() -> None:
        to_store = [x for *_, xs in done for x in xs]
        to_reject = [d for _, rej, _, _ in done for d in rej]
        if to_store or to_reject:  # (an unchanged re-run has nothing to write)
            store_batch(db, run_id, quote(to_store), quote(to_reject))
        for batch, rejected, same, extractions in done:
            summary.seen += len(batch)
            summary.loaded += len(extractions)
            summary.skipped += len(same)
            summary.rejected += [(d.source, d.error) for d in rejected]
        done.clear()
        bar.update(summary.seen, summary.loaded, summary.skipped, len(summary.rejected))

    try:
        # Extraction batches are submitted to the task runner, at most `in_flight` at once, and
        # stored by this process (the one writer) in the order they were read, whole batches of at
        # least STORE_DOCUMENTS documents per transaction. A run of one batch
        # extracts here: starting worker processes would cost more than they save. The flow's own
        # tasks get their batches in quote(): Prefect would otherwise walk every object inside them
        # looking for futures (measured: over half of the flow process's CPU). Not extract: a quote
        # does not survive Dask's pickling, and a batch of documents is quick to walk.
        batches = batched(read_documents(paths, manifest, max_bytes), batch_size)
        head = list(islice(batches, 2))
        for batch in chain(head, batches):
            rejected = [d for d in batch if d.status != "ok"]
            todo, same = select_changed(db, [d for d in batch if d.status == "ok"])
            result = (extract.submit(todo) if len(head) > 1 else extract(todo)) if todo else []
            pending.append((batch, rejected, same, result))
            while len(pending) >= max(1, in_flight):
                finish_oldest()
        while pending:
            finish_oldest()
        store_done()
        release_workers()  # the merge needs the memory the extraction workers hold
        bar.close()
        summary.mentions, summary.events, summary.merged_events = merge(db)
        ids, summary.conflicts = event_ids(db)
        summary.new_events = len(ids - known)
    except BaseException:
        bar.close()
        summary.seconds = time.monotonic() - started
        try:  # best effort: the database may be the very problem
            store.finish_run(db, run_id, "failed", summary.counts(), summary.seconds, log=progress, wait=5)
        except store.StoreError:
            pass
        raise
    summary.seconds = time.monotonic() - started
    store.finish_run(db, run_id, "completed", summary.counts(), summary.seconds, log=progress)
    return summary
