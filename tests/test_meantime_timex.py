"""MEANTIME Apple as a held-out TIMEX3 test: reading the CAT TIMEX3 markables, what is scored (the
first sentences, not the dateline), the scores, the TimeML files and the CLI command."""
from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.meantime import (
    DEFAULT_CORPUS,
    evaluate_timex,
    read_timex_corpus,
    read_timex_doc,
    scored_system,
)
from evaluation.timeml import gold_as_timexes, read_timeml, score
from extractors.temporal import tag
from extractors.temporal.timex import Timex
from flows.cli import main as cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "meantime"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "meantime_apple" / "corpus_apple"

needs_data = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/data/meantime_apple (MEANTIME Apple section) is absent")


def test_read_timex_doc():
    doc = read_timex_doc(FIXTURE / "1_Acme_unveils_a_phone.xml")
    assert doc.docid == "1" and str(doc.dct) == "2010-06-08"
    assert doc.text.startswith("Acme unveils a phone\n\nJune 8, 2010\n\nOn Monday, Acme & Co.")
    assert "Acme &amp; Co." in doc.raw_text  # the TimeML view is XML-escaped
    dct = [t for t in doc.timexes if t.is_dct]
    assert len(dct) == 1 and dct[0].text == "June 8, 2010" and doc.dct_span == (22, 34)
    # the markable without tokens is no expression of the text
    assert [(t.text, t.type, t.value) for t in doc.scored_timexes] == [
        ("Monday", "DATE", "2010-06-07"), ("annual", "SET", "P1Y"),
        ("June 24", "DATE", "2010-06-24"), ("this year", "DATE", "2011")]
    for t in doc.scored_timexes:  # offsets in both views
        assert doc.raw_text[t.start:t.end] == t.text == doc.text[t.text_start:t.text_end]
    # TIMEX3 annotation stops after CAT sentence 5 ("The phone has a battery.")
    assert doc.text[:doc.scored_end].endswith("The phone has a battery.")


def test_scored_system_keeps_what_meantime_annotates():
    doc = read_timex_doc(FIXTURE / "1_Acme_unveils_a_phone.xml")
    ours = tag(doc.text, doc.dct)
    assert {t.text for t in ours} >= {"June 8, 2010", "Monday", "June 24", "this year", "Tuesday"}
    kept = [t.text for t in scored_system(doc, ours)]
    assert kept == ["Monday", "June 24", "this year"]  # not the dateline, not sentence 7


def test_evaluate_timex_fixture(tmp_path):
    s = evaluate_timex(FIXTURE, tag, tmp_path)
    # gold: Monday, annual (SET), June 24, "this year" (2011 in this fixture, to count a wrong value)
    assert (s.docs, s.gold, s.system, s.strict, s.relaxed, s.value, s.type) == (1, 4, 3, 3, 3, 2, 3)
    assert s.value_f1 == pytest.approx(100 * 2 * 2 / 7)
    gold = read_timeml(tmp_path / "gold" / "1_Acme_unveils_a_phone.tml")
    system = read_timeml(tmp_path / "system" / "1_Acme_unveils_a_phone.tml")
    assert gold.raw_text == system.raw_text and gold.dct_value == "2010-06-08"
    assert [(t.text, t.value) for t in gold.scored_timexes][1] == ("annual", "P1Y")
    assert [t.text for t in system.scored_timexes] == ["Monday", "June 24", "this year"]


def test_gold_scores_100_on_fixture():
    docs = read_timex_corpus(FIXTURE)
    s = score(docs, [gold_as_timexes(d) for d in docs])
    assert s.gold == s.system == 4
    assert s.strict_f1 == s.value_f1 == s.type_f1 == pytest.approx(100.0)
    # an expression overlapping the dateline is not scored, even when it is longer than it
    d = docs[0]
    wide = Timex(d.dct_span[0] - 2, d.dct_span[1], d.text[d.dct_span[0] - 2:d.dct_span[1]], "DATE", "2010-06-08")
    assert scored_system(d, [wide]) == []


def test_cli(capsys):
    assert cli(["eval", "meantime-timex", str(FIXTURE), "--no-parse"]) == 0
    out = capsys.readouterr().out
    assert "| MEANTIME Apple | 1 | 4 | 3 | 85.71 | 85.71 | 57.14 | 85.71 |" in out
    assert cli(["eval", "meantime-timex", str(FIXTURE / "nothing-here")]) == 2


@needs_data
def test_real_corpus():
    assert DEFAULT_CORPUS.resolve() == CORPUS.resolve()
    docs = read_timex_corpus(CORPUS)
    assert len(docs) == 30
    assert sum(len(d.scored_timexes) for d in docs) == 81  # 86 non-DCT TIMEX3, 5 without tokens
    assert all(sum(t.is_dct for t in d.timexes) == 1 and d.dct_span for d in docs)
    gold = score(docs, [gold_as_timexes(d) for d in docs])
    assert gold.value_f1 == pytest.approx(100.0)
    s = evaluate_timex(CORPUS, tag)  # without the parse: a few seconds
    assert s.gold == 81
    assert s.relaxed_f1 > 90 and s.value_f1 > 75
