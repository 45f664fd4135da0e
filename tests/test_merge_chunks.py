"""The merge in bounded memory (flows/pipeline.py merge_once): the mentions read a slice at a time
into arrays, candidate pairs from the arrays, then merged a chunk of whole components at a time. It
must make exactly the events, links and entities of the merge of every mention at once."""
import os
import shutil

import duckdb
import pytest

from extractors.documents import read_documents
from extractors.extract import extract_documents
from extractors import merge
from extractors.merge import CandidateSearch
from flows import bench, pipeline, store

MERGED = ("events", "event_links", "entities", "mention_entities", "entity_aliases")
QUIET = dict(log=lambda *_: None)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A database of the seed texts cycled three times with shifted publication dates (the same
    events told again: many cross-document joins), not merged yet."""
    root = tmp_path_factory.mktemp("chunks")
    corpus = root / "corpus.jsonl"
    bench.build_corpus(15, corpus, data_dir=root / "no-shared-data")  # (the seeds only)
    db = root / "stored.duckdb"
    store.init_db(db, **QUIET)
    docs = [d for d in read_documents([str(corpus)]) if d.status == "ok"]
    store.store_extractions(db, "run-1", "test", extract_documents(docs), **QUIET)
    return db


def _copy(db, path):
    shutil.copy(db, path)
    return str(path)


def _differences(a, b) -> dict:
    con = duckdb.connect()
    con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
    out = {}
    for t in MERGED:
        n = con.execute(f"SELECT count(*) FROM ((SELECT * FROM a.{t} EXCEPT ALL SELECT * FROM b.{t}) UNION ALL "
                        f"(SELECT * FROM b.{t} EXCEPT ALL SELECT * FROM a.{t}))").fetchone()[0]
        out[t] = n
    con.close()
    return out


def test_chunked_merge_equals_the_merge_of_all_mentions_at_once(stored, tmp_path, monkeypatch):
    whole, chunked = _copy(stored, tmp_path / "whole.duckdb"), _copy(stored, tmp_path / "chunked.duckdb")
    inputs, _, _ = store.merge_inputs(whole, **QUIET)
    counts_whole = pipeline._merge_whole(whole, f"x|{inputs}")
    chunks = []
    chunks_of = CandidateSearch.chunks

    def counted(self, chunk_of):
        for c, members, joins in chunks_of(self, chunk_of):
            chunks.append(len(members))
            yield c, members, joins
    monkeypatch.setattr(CandidateSearch, "chunks", counted)
    monkeypatch.setattr(pipeline, "MERGE_CHUNK_MENTIONS", 1)  # every component a chunk of its own
    monkeypatch.setattr(merge, "LINK_BUFFER", 7)  # the pairs folded into the components a few at a time
    counts_chunked = pipeline._merge_in_chunks(chunked, inputs, f"x|{inputs}")
    assert counts_chunked == counts_whole
    assert len(chunks) > 10 and max(chunks) > 1 and sum(chunks) == counts_whole[0]
    assert counts_whole[2] > 0  # events told by several mentions: joins across chunks would show
    assert _differences(whole, chunked) == dict.fromkeys(MERGED, 0)


def test_merge_once_is_skipped_when_nothing_changed_and_redone_after(stored, tmp_path):
    db = _copy(stored, tmp_path / "db.duckdb")
    first = pipeline.merge_once(db)
    con = duckdb.connect(db)
    when = con.execute("SELECT merged_at FROM merge_state").fetchone()[0]
    con.close()
    assert pipeline.merge_once(db) == first
    con = duckdb.connect(db)
    assert con.execute("SELECT merged_at FROM merge_state").fetchone()[0] == when
    con.close()


def test_staged_events_stay_out_when_the_inputs_changed_meanwhile(stored, tmp_path):
    """Another process stored documents during the merge: the stored events stay as they were."""
    db = _copy(stored, tmp_path / "db.duckdb")
    pipeline.merge_once(db)
    con = duckdb.connect(db)
    before = con.execute("SELECT count(*), min(event_id) FROM events").fetchone()
    con.close()
    staged = store.StagedEvents(db, **QUIET)
    try:
        staged.add([], {"mention_id": [], "entity_id": [], "surface": [], "role": []})
        assert not store.replace_with_staged(db, staged, [], [], "not the inputs", "x", **QUIET)
    finally:
        staged.close()
    assert not staged.folder.exists()
    con = duckdb.connect(db)
    assert con.execute("SELECT count(*), min(event_id) FROM events").fetchone() == before
    con.close()


def test_a_merge_removes_the_staging_folders_of_merges_killed_part_way(stored, tmp_path, monkeypatch):
    """A merge killed part way leaves its staging folder; the next merge removes it, and leaves the
    folder of a merge still running."""
    import subprocess
    import sys
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    killed = tmp_path / "tmp" / f"timeline-merge-{gone.pid}-abc123"
    running = tmp_path / "tmp" / f"timeline-merge-{os.getpid()}-def456"
    for folder in (killed, running):
        folder.mkdir()
        (folder / "chunk_0.parquet").write_bytes(b"staged")
    db = _copy(stored, tmp_path / "db.duckdb")
    said = []
    monkeypatch.setattr(pipeline, "progress", said.append)
    pipeline.merge_once(db)
    assert not killed.exists()
    assert running.exists()
    assert any(str(killed) in line for line in said), said
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == [running.name]
