"""The schema over time: a database made before a column existed works after the next run, and the
views split the events the text dates from those only a fallback dates (no Prefect here)."""
from datetime import date
from pathlib import Path

import duckdb

from extractors.documents import Document
from extractors.entities import resolve_entities
from extractors.extract import extract_documents
from extractors.merge import merge_mentions
from flows import store

OLD_SCHEMA = Path(__file__).parent / "fixtures" / "schema_before_events.sql"
TEXT = ("Apple unveiled the iPhone 4 on Monday in San Francisco. Steve Jobs praised its antenna. "
        "He demoed the new camera.")


def _load(db, text=TEXT, doc_id="a1", published=date(2010, 6, 8)):
    doc = Document(doc_id=doc_id, source=f"{doc_id}.txt", text=text, published_at=published,
                   dct_source="manifest", content_end=len(text))
    store.store_extractions(db, "run-1", "test", extract_documents([doc]), log=lambda *_: None)
    mentions = store.load_mentions(db, log=lambda *_: None)
    entities, links, aliases = resolve_entities(mentions)
    store.replace_events(db, merge_mentions(mentions), entities, links, aliases, log=lambda *_: None)


def test_database_made_before_the_new_columns_works_after_init(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(OLD_SCHEMA.read_text(encoding="utf-8"))
    con.execute("INSERT INTO events (event_id, label, value, granularity, status, actors, mention_count, "
                "source_count, conflict, alt_values, position) VALUES ('Eold', 'an old event', '2020-01-01', "
                "'day', 'occurred', [], 1, 1, false, [], 1)")
    con.close()
    store.init_db(db, log=lambda *_: None)
    store.init_db(db, log=lambda *_: None)  # idempotent
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT date_source FROM timeline WHERE event_id = 'Eold'").fetchone() == ("timex",)
    cols = {r[0] for r in con.execute("DESCRIBE event_mentions").fetchall()}
    assert {"date_source", "actor_roles", "dated_by"} <= cols
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    assert {"date_source", "confidence", "position_all"} <= cols
    # the tables every merge rewrites lose their keys (a merge's write was 13 times slower), not their rows
    keyed = {r[0] for r in con.execute("SELECT table_name FROM duckdb_constraints() "
                                       "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
    assert not keyed & set(store.MERGED_TABLES) and {"documents", "event_mentions"} <= keyed
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    con.close()
    _load(db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM timeline_all").fetchone()[0] >= 2
    con.close()


def test_timeline_keeps_text_dates_and_timeline_all_has_every_event(tmp_path):
    db = tmp_path / "t.duckdb"
    store.init_db(db, log=lambda *_: None)
    _load(db)
    con = duckdb.connect(str(db), read_only=True)
    text = con.execute("SELECT event_id, position, date_source FROM timeline ORDER BY position").fetchall()
    every = con.execute("SELECT event_id, position, date_source, confidence FROM timeline_all "
                        "ORDER BY position").fetchall()
    sources = con.execute("SELECT date_source, dated_by FROM timeline_sources WHERE trigger = 'demoed'").fetchall()
    roles = con.execute("SELECT e.name, me.role FROM mention_entities me JOIN entities e USING (entity_id) "
                        "JOIN event_mentions m USING (mention_id) WHERE m.trigger = 'demoed'").fetchall()
    con.close()
    assert [r[1] for r in text] == list(range(1, len(text) + 1))  # its own numbering, no gaps
    assert [r[1] for r in every] == list(range(1, len(every) + 1))
    assert {r[2] for r in text} == {"timex"} and {r[0] for r in text} < {r[0] for r in every}
    fallback = [r for r in every if r[2] in ("lead", "publication")]
    assert fallback and all(r[3] <= 0.3 for r in fallback)  # stated, with a low confidence
    # "He demoed ...": no date of its own, the news day of the lead (Monday, 2010-06-07) stands in
    assert sources == [("lead", None)]
    assert roles == [("Steve Jobs", "subject")]  # "He" is the last person named
