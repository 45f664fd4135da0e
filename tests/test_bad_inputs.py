"""The bad-input corpus in tests/bad_inputs/: nothing crashes, each bad document is rejected (or
loaded with a note) with its reason recorded, and every good document of the same run loads."""
import duckdb
import pytest

from conftest import ROOT

BAD = ROOT / "tests" / "bad_inputs"

REJECTED = {  # source (file, file:line or feed#entry) -> the start of its recorded reason
    "empty.txt": "empty file (0 bytes)",
    "image.txt": "binary content: NUL byte",
    "nul_bytes.txt": "binary content: NUL byte",
    "invalid_utf8.txt": "invalid UTF-8 at byte 3",
    "whitespace.md": "no text (only whitespace)",
    "front_matter_only.md": "no text after the front matter",
    "german.txt": "not English",
    "chinese.txt": "not English",
    "tag_soup.html": "no article text found in the HTML page",
    "malformed.jsonl:2": "line 2: not valid JSON",
    "malformed.jsonl:3": "line 3: missing text",
    "malformed.jsonl:4": "line 4: not a JSON object",
    "malformed.jsonl:5": "line 5: missing text",
    "broken_feed.xml": "not a readable RSS/Atom feed",
    "not_a_feed.rss": "not a readable RSS/Atom feed",
    "good_feed.rss#3": "feed entry 3: no text",
}
LOADED = {"good", "long_line", "impossible_dates", "malformed", "jsonl-good", "jsonl-baddate",
          "https://news.example/a/1", "https://news.example/a/2"}


def test_reading_the_corpus_rejects_each_bad_input_with_its_reason():
    from extractors.documents import read_documents
    docs = list(read_documents([BAD]))
    why = {d.source.split("/")[-1]: d.error for d in docs if d.status == "rejected"}
    assert set(why) == set(REJECTED)
    for source, reason in REJECTED.items():
        assert why[source].startswith(reason), (source, why[source])
    assert {d.doc_id for d in docs if d.status == "ok"} == LOADED


def test_a_tagger_exception_rejects_that_document_only(monkeypatch):
    import extractors.extract as ex
    from extractors.documents import Document, finish
    real_tag = ex.tag

    def tag(text, dct, doc):
        if "45th" in text:
            raise ValueError("day is out of range for month")
        return real_tag(text, dct, doc)

    monkeypatch.setattr(ex, "tag", tag)
    docs = [finish(Document("a", "a.txt", "The talks were held on the 45th of March.")),
            finish(Document("b", "b.txt", "The talks were held on 3 March 2024 in Rome."))]
    out = ex.extract_documents(docs)
    assert out[0].error == "extraction failed in the temporal tagger: ValueError: day is out of range for month"
    assert out[1].error is None and [t.value for t in out[1].timexes] == ["2024-03-03"]


@pytest.mark.flow
def test_a_run_over_the_corpus_loads_the_good_and_records_every_rejection(prefect_harness, tmp_path):
    from flows.pipeline import run_pipeline
    db = tmp_path / "t.duckdb"
    summary = run_pipeline(paths=[str(BAD)], db=str(db))
    assert summary.loaded == len(LOADED) and len(summary.rejected) == len(REJECTED)
    con = duckdb.connect(str(db), read_only=True)
    try:
        loaded = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
        reasons = {src.split("/")[-1]: why for src, why in con.execute("SELECT source, reason FROM rejections").fetchall()}
        note = con.execute("SELECT dct_source, dct_note FROM documents WHERE doc_id = 'jsonl-baddate'").fetchone()
        run = con.execute("SELECT status, seen, loaded, skipped, rejected, duration_seconds FROM runs").fetchall()
        impossible = con.execute("SELECT text, value FROM timexes WHERE doc_id = 'impossible_dates'").fetchall()
    finally:
        con.close()
    assert loaded == LOADED
    assert set(reasons) == set(REJECTED) and all(reasons[s].startswith(r) for s, r in REJECTED.items())
    assert note[0] == "missing" and "2025-02-30" in note[1]  # a bad date is handled: recorded, not guessed
    assert run[0][:5] == ("completed", len(LOADED) + len(REJECTED), len(LOADED), 0, len(REJECTED)) and run[0][5] > 0
    assert ("April 11, 2025", "2025-04-11") in impossible  # the good date next to the impossible ones
    assert not any(v.startswith(("2025-02-30", "99999")) for _, v in impossible)
