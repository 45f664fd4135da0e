"""SemEval-2015 Task 4 Track A runner: CAT reading, timeline writing, a run on the trial corpus."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evaluation.semeval import (
    UNKNOWN_DATE,
    alias_pattern,
    date_sort_key,
    entity_aliases,
    read_cat,
    read_cat_dir,
    read_entities,
    task_date,
)
from evaluation.semeval_metric import read_timeline, timeline_filename, write_timeline

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "semeval2015_task4_trial"
CAT = DATA / "corpus_trackA_CAT"
ENTITIES = DATA / "list_target_entities_corpus_0.txt"
GOLD = DATA / "TimeLines_Gold_Standard"

needs_data = pytest.mark.skipif(
    not (CAT.is_dir() and ENTITIES.is_file() and GOLD.is_dir()),
    reason="../shared/data/semeval2015_task4_trial (SemEval-2015 Task 4 trial data) is absent",
)

MINI_CAT = """<?xml version="1.0" ?><Document doc_id="99" doc_name="99-Test">
<token number="0" sentence="0" t_id="1">Apple</token>
<token number="1" sentence="0" t_id="2">unveils</token>
<token number="2" sentence="0" t_id="3">iPhone</token>
<token number="3" sentence="1" t_id="4">June</token>
<token number="4" sentence="1" t_id="5">8</token>
<token number="5" sentence="1" t_id="6">,</token>
<token number="6" sentence="1" t_id="7">2010</token>
<token number="7" sentence="2" t_id="8">Steve</token>
<token number="8" sentence="2" t_id="9">Jobs</token>
<token number="9" sentence="2" t_id="10">said</token>
<token number="10" sentence="2" t_id="11">"</token>
<token number="11" sentence="2" t_id="12">it</token>
<token number="12" sentence="2" t_id="13">'s</token>
<token number="13" sentence="2" t_id="14">great</token>
<token number="14" sentence="2" t_id="15">"</token>
<token number="15" sentence="2" t_id="16">(</token>
<token number="16" sentence="2" t_id="17">really</token>
<token number="17" sentence="2" t_id="18">)</token>
<token number="18" sentence="2" t_id="19">.</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2010-06-08">
</TIMEX3>
</Markables>
</Document>
"""


def _check_round_trip(doc) -> None:
    idx = doc.token_index
    assert len(idx) > 0
    for tok in idx.tokens:
        assert doc.text[tok.start:tok.end] == tok.text
        assert idx.token_at(tok.start) == tok
        assert idx.token_at(tok.end - 1) == tok
        assert idx.tokens_in(tok.start, tok.end) == [tok]
        assert idx.mention_id(tok.start, tok.end) == f"{doc.doc_id}-{tok.sentence}-{tok.text}"
        assert idx.by_t_id(tok.t_id) == tok
    assert len({t.t_id for t in idx.tokens}) == len(idx)


def test_read_cat_mini(tmp_path):
    p = tmp_path / "99-Test.xml"
    p.write_text(MINI_CAT, encoding="utf-8")
    doc = read_cat(p)
    assert doc.doc_id == "99" and doc.published_at == date(2010, 6, 8)
    assert doc.text == 'Apple unveils iPhone\n\nJune 8, 2010\n\nSteve Jobs said "it\'s great" (really).'
    _check_round_trip(doc)
    idx = doc.token_index
    start = doc.text.index("Steve")
    assert idx.mention_id(start, start + len("Steve Jobs")) == "99-2-Steve_Jobs"
    assert idx.sentence_at(doc.text.index("June")) == 1


@needs_data
def test_read_cat_trial_round_trip():
    docs = read_cat_dir(CAT)
    assert len(docs) == 30
    for doc in docs:
        _check_round_trip(doc)
        assert doc.published_at.year >= 2005


def test_task_date_and_order():
    assert task_date("2008-06-09", "day") == "2008-06-09"
    assert task_date("2008-06", "month") == "2008-06"
    assert task_date("2008", "year") == "2008"
    assert task_date("2008-06", "month", style="xx") == "2008-06-XX"
    assert task_date("2008", "year", style="xx") == "2008-XX-XX"
    assert task_date("2008-W23", "week", date(2008, 6, 2), date(2008, 6, 8), style="xx") == "2008-06-XX"
    assert task_date("P90D", "duration") == UNKNOWN_DATE
    assert task_date("PRESENT_REF", "unknown", style="xx") == "XXXX-XX-XX"
    dates = ["2008", "2008-06-09", "2008-06", "2007-12-31"]
    assert sorted(dates, key=date_sort_key) == ["2007-12-31", "2008", "2008-06", "2008-06-09"]


def test_entity_aliases():
    assert "Jobs" in entity_aliases("Steve Jobs")
    assert "Apple corps" in entity_aliases("Beatles Apple corps")
    assert "3G iPhone" in entity_aliases("iPhone 3G")
    assert "iTunes" in entity_aliases("iTunes store")
    pat = alias_pattern(entity_aliases("iPhone 4"))
    assert pat.search("the new iPhone 4 has a screen")
    assert not pat.search("the iPhone 4S has a screen")
    assert not alias_pattern(["iPod"]).search("the iPod nano was unveiled")
    assert alias_pattern(["iPod"]).search("sales of iPods rose")


def test_timeline_file_format(tmp_path):
    path = write_timeline(tmp_path / timeline_filename("Steve Jobs"), "Steve Jobs",
                          [(0, UNKNOWN_DATE, ["18315-4-said"]), (1, "1955-02-24", ["18355-5-born"]),
                           (2, "1976", ["18355-6-started", "18355-5-built"])])
    assert path.name == "steve_jobs.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Steve Jobs"
    assert lines[3] == "2\t1976\t18355-6-started\t18355-5-built"
    tl = read_timeline(path)
    assert tl.entity == "Steve Jobs" and [l.order for l in tl.lines] == [0, 1, 2]


@pytest.fixture(scope="module")
def trial_run(tmp_path_factory):
    from evaluation.semeval import evaluate, extract_corpus

    out = tmp_path_factory.mktemp("semeval_out")
    run = extract_corpus(read_cat_dir(CAT))  # the pipeline runs once for both modes
    paths, scores = evaluate(CAT, ENTITIES, out, gold_dir=GOLD, run=run)
    _, scores_ord = evaluate(CAT, ENTITIES, out, gold_dir=GOLD, ordering_only=True, run=run)
    return out, paths, scores, scores_ord


@needs_data
def test_trial_run_writes_six_timelines(trial_run):
    out, paths, scores, scores_ord = trial_run
    assert len(paths) == 6
    assert sorted(p.name for p in paths) == sorted(timeline_filename(e) for e in read_entities(ENTITIES))
    known_docs = {d.doc_id for d in read_cat_dir(CAT)}
    for p in paths:
        tl = read_timeline(p)
        assert tl.entity
        seen = set()
        for line in tl.lines:
            assert line.order >= 0
            assert line.date == UNKNOWN_DATE or line.date[:4].isdigit()
            assert (line.order == 0) == (line.date == UNKNOWN_DATE)
            for m in line.mentions:
                doc, sent, word = m.split("-", 2)
                assert doc in known_docs and sent.isdigit() and int(sent) >= 2 and word
                assert m not in seen  # each token listed once per timeline
                seen.add(m)
        by_date = {}
        for line in tl.lines:  # one ORDER per date string
            assert by_date.setdefault(line.date, line.order) == line.order


@needs_data
def test_trial_run_scores(trial_run):
    _, _, scores, scores_ord = trial_run
    for s in (scores, scores_ord):
        assert s is not None and len(s.per_timeline) == 6
        assert 0.0 <= s.micro_f1 <= 100.0
        assert s.micro_p > 0.0  # the run matches something
    assert not scores.ordering_only and scores_ord.ordering_only
