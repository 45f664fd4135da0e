"""Reading sources: publication dates, boilerplate, and a specific reason for every bad input."""
import json
from datetime import date

from extractors.documents import find_footer, read_documents, split_front_matter

from conftest import SEEDS


def read(paths, **kw):
    return {d.doc_id: d for d in read_documents(paths, **kw)}


def test_seeds_take_their_dates_from_the_folder_manifest():
    docs = read([SEEDS])
    assert len(docs) == 5 and all(d.status == "ok" for d in docs.values())
    assert docs["003_e05dcb0fa992f6d9"].published_at == date(2025, 5, 5)
    assert {d.dct_source for d in docs.values()} == {"manifest"}
    assert docs["000_0e010373d5cad1e7"].title.startswith("Japanese trade negotiations")


def test_seed_000_footer_is_dropped_before_extraction():
    d = read([SEEDS / "000_0e010373d5cad1e7.txt"], manifest_path=SEEDS / "manifest.jsonl")["000_0e010373d5cad1e7"]
    assert "Related Articles" not in d.content and "12/12/2025" not in d.content
    assert d.content.endswith("global trade dispute over tariffs.")
    assert d.dropped.startswith('footer from "Related Articles"')
    assert d.text.endswith(d.text[d.content_end:]) and "12/12/2025" in d.text  # nothing lost from the stored text


def test_footer_marker_early_in_an_article_is_not_a_footer():
    text = "Related Articles\n" + "The talks went on. " * 50
    assert find_footer(text)[1] is None


def test_missing_publication_date_is_recorded_as_missing(tmp_path):
    (tmp_path / "a.txt").write_text("Talks were held last week.", encoding="utf-8")
    d = read([tmp_path])["a"]
    assert d.status == "ok" and d.published_at is None and d.dct_source == "missing"


def test_front_matter_and_jsonl_fields_give_the_date(tmp_path):
    (tmp_path / "b.md").write_text("---\ntitle: B\npublished_at: 2025-04-25\n---\nTalks in June.\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": "Talks.", "published_at": "2025-05-01T10:00:00Z",
                                                  "url": "https://x.test/c1"}) + "\n", encoding="utf-8")
    docs = read([tmp_path])
    assert (docs["b"].published_at, docs["b"].dct_source, docs["b"].title) == (date(2025, 4, 25), "front_matter", "B")
    assert docs["b"].text == "Talks in June.\n"
    assert (docs["c1"].published_at, docs["c1"].dct_source, docs["c1"].url) == (date(2025, 5, 1), "jsonl", "https://x.test/c1")


def test_unparseable_date_is_kept_as_missing_with_a_note(tmp_path):
    (tmp_path / "d.md").write_text("---\npublished_at: 2025-13-45\n---\nText.\n", encoding="utf-8")
    d = read([tmp_path])["d"]
    assert d.status == "ok" and d.published_at is None and "2025-13-45" in d.dct_note


def test_each_bad_input_is_rejected_with_a_specific_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks in June".encode("latin-1"))
    (tmp_path / "blank.md").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "huge.txt").write_bytes(b"word " * (10 * 1024 * 1024))  # 50 MB of text
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "ok1", "text": "Fine.", "published_at": "2025-01-01"})
                                         + "\n{not json\n" + json.dumps({"id": "nt"}) + "\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Talks on April 11.", encoding="utf-8")
    docs = list(read_documents([tmp_path, tmp_path / "notes.pdf"]))
    why = {d.source.split("/")[-1]: d.error for d in docs if d.status == "rejected"}
    assert why["empty.txt"] == "empty file (0 bytes)"
    assert why["binary.txt"].startswith("binary content: NUL byte")
    assert why["latin1.txt"].startswith("invalid UTF-8 at byte 3")
    assert why["blank.md"] == "no text (only whitespace)"
    assert why["huge.txt"].startswith("too large: 52,428,800 bytes")
    assert why["feed.jsonl:2"].startswith("line 2: not valid JSON")
    assert why["feed.jsonl:3"].startswith("line 3: missing text")
    assert why["notes.pdf"] == "no such file or directory"
    assert {d.doc_id for d in docs if d.status == "ok"} == {"ok1", "good"}


def test_duplicate_ids_are_rejected_not_overwritten(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "x" / "a.txt").write_text("Two.", encoding="utf-8")
    docs = list(read_documents([tmp_path]))
    assert [d.status for d in docs].count("ok") == 1
    assert any(d.status == "rejected" and "duplicate document id 'a'" in d.error for d in docs)


def test_front_matter_parser():
    assert split_front_matter("---\na: 1\nb: 'x'\n---\nbody") == ({"a": "1", "b": "x"}, "body")
    assert split_front_matter("no front matter") == ({}, "no front matter")


def test_boilerplate_lines_inside_the_text_are_blanked_and_recorded(tmp_path):
    text = ("Menu\nSkip to content\nJapan and the US met on April 16, 2025.\n\nRECOMMEND\n"
            "Stocks tumble as oil slides\n12/12/2025\n\nThe talks continued in May, officials said.\n"
            "Average rating 4.5 / 5. Vote count: 12\nThe next round is due in June, after the G7 summit.\n"
            + "The negotiators kept talking. " * 20 + "\n")
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    d = read([tmp_path])["page"]
    assert d.text == text  # the full text is kept
    content = d.content
    assert len(content) == d.content_end  # blanked, not cut: offsets stay those of the text
    for junk in ("Menu", "Skip to content", "RECOMMEND", "Stocks tumble", "12/12/2025", "Average rating"):
        assert junk not in content, junk
    for kept in ("April 16, 2025", "The talks continued in May", "The next round is due in June"):
        assert content.index(kept) == text.index(kept)
    assert d.dropped.startswith("4 boilerplate line(s) or block(s) inside the text")


FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:example</id>
<updated>2025-04-25T10:00:00Z</updated>
<entry><id>urn:example:1</id><title>Talks resume</title><link href="https://news.example/1"/>
<published>2025-04-24T09:00:00Z</published><updated>2025-04-25T09:00:00Z</updated>
<content type="html">&lt;p&gt;Negotiators met in Washington on Thursday.&lt;/p&gt;&lt;p&gt;They meet again in May.&lt;/p&gt;</content></entry>
<entry><id>urn:example:2</id><title>Undated</title><summary>A note without any date.</summary></entry>
</feed>
"""


def test_atom_feed_file_gives_one_document_per_entry_dated_by_the_entry(tmp_path):
    (tmp_path / "news.atom").write_text(FEED, encoding="utf-8")
    docs = read([tmp_path])
    one, two = docs["urn:example:1"], docs["urn:example:2"]
    assert (one.published_at, one.dct_source, one.title, one.url) == (
        date(2025, 4, 24), "feed", "Talks resume", "https://news.example/1")
    assert one.text == "Negotiators met in Washington on Thursday.\n\nThey meet again in May.\n"
    assert two.status == "ok" and two.dct_source == "missing" and "without a published" in two.dct_note


def test_feed_url_is_fetched(tmp_path):
    import functools
    import http.server
    import threading
    (tmp_path / "feed.xml").write_text(FEED, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        docs = list(read_documents([f"{url}/feed.xml", f"{url}/missing.xml"]))
    finally:
        server.shutdown()
    ok = {d.doc_id: d for d in docs if d.status == "ok"}
    assert set(ok) == {"urn:example:1", "urn:example:2"} and ok["urn:example:1"].published_at == date(2025, 4, 24)
    [bad] = [d for d in docs if d.status == "rejected"]
    assert bad.source.endswith("/missing.xml") and bad.error == "feed URL answered HTTP 404"


def test_publication_date_is_inferred_from_a_dateline_and_says_so(tmp_path):
    (tmp_path / "wire.txt").write_text("TOKYO, April 24, 2025 - Officials met last week.", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Officials met last week.", encoding="utf-8")
    docs = read([tmp_path])
    assert (docs["wire"].published_at, docs["wire"].dct_source) == (date(2025, 4, 24), "inferred")
    assert "dateline" in docs["wire"].dct_note
    assert (docs["plain"].published_at, docs["plain"].dct_source) == (None, "missing")


def test_a_related_colon_list_ends_a_pasted_page(tmp_path):
    """'Related:' and its headlines, a trailing 'Updated June 3, 2026', 'Comments (14)': a pasted page's footer
    ('Data breaches at U.S. telecom firms hit a record in 2025' had become an event of 2025)."""
    body = "Customers sued Tallis Mobile in federal court in Seattle on Monday, the complaint says. " * 12
    text = (body + "\n\nRelated:\nTallis Mobile says hackers stole data of 4.2 million customers\n"
            "Data breaches at U.S. telecom firms hit a record in 2025\n\nUpdated June 3, 2026\n\nComments (14)\n")
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    d = read([tmp_path])["page"]
    assert "Data breaches" not in d.content and "Updated June 3" not in d.content
    assert d.content.strip().endswith("the complaint says.")
