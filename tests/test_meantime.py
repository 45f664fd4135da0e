"""MEANTIME Apple: reading the gold instances and mentions, and the (a)/(b) report."""
from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.meantime import date_agrees, format_report, read_gold_mentions, read_instances

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "meantime_apple"
CORPUS = DATA / "corpus_apple"
INSTANCES = DATA / "list_instances_apple.csv"

needs_data = pytest.mark.skipif(
    not (CORPUS.is_dir() and INSTANCES.is_file()),
    reason="../shared/data/meantime_apple (MEANTIME Apple section) is absent",
)


def test_date_agrees():
    assert date_agrees("2010-06-07", ("2010", "06", "07"))
    assert date_agrees("2008-02-15", ("2008", "02"))
    assert date_agrees("2008-02", ("2008", "02"))
    assert not date_agrees("2008", ("2008", "02"))
    assert not date_agrees("2010-06-08", ("2010", "06", "07"))
    assert date_agrees("2009-XX-XX", ("2009",))
    assert not date_agrees("XXXX-XX-XX", ("2009",))
    assert not date_agrees("2009", ())


@needs_data
def test_read_gold():
    instances = read_instances(INSTANCES)
    assert len(instances) > 100
    assert all(i.instance_id for i in instances.values())
    dated = [i for i in instances.values() if i.dated]
    assert dated and all(1 <= len(i.date_parts) <= 3 for i in dated)
    doc = next(CORPUS.glob("190356_*.xml"))
    mentions = read_gold_mentions(doc)
    assert mentions and all(m.doc_id == "190356" and m.t_ids for m in mentions)
    assert any(m.text == "unveiled" for m in mentions)
    assert all(m.instance_id in instances for m in mentions)


@needs_data
def test_evaluate_meantime():
    from evaluation.meantime import evaluate_meantime

    r = evaluate_meantime(DATA)
    assert r.documents == 30
    assert r.instances > 100 and 0 < r.dated_instances <= r.instances
    assert 0 <= r.dated_found_trigger <= r.dated_found_quote <= r.dated_instances
    assert r.dated_found_trigger > 0
    assert r.cross_doc_instances > 0
    assert 0 <= r.cross_doc_merged <= r.cross_doc_found <= r.cross_doc_instances
    text = format_report(r)
    assert "(a)" in text and "(b)" in text
