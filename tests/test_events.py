"""Event mentions: the examples kept beside the rules in extractors/rules/events.json, and the seeds."""
from datetime import date

import pytest

from extractors.events import RULES, extract_mentions
from extractors.nlp import load_nlp
from extractors.temporal import tag

DCT = date(2025, 4, 25)


def mentions_of(text, dct=DCT):
    doc = load_nlp()(text)
    return extract_mentions("t", doc, tag(text, dct, doc), dct)


@pytest.mark.parametrize("text,trigger", RULES["event_nouns"]["examples"])
def test_event_noun_examples(text, trigger):
    assert [m.trigger for m in mentions_of(text)] == [trigger]


@pytest.mark.parametrize("text,status", RULES["status_cues"]["examples"])
def test_status_examples(text, status):
    ms = mentions_of(text)
    assert ms and ms[0].status == status


@pytest.mark.parametrize("text,relation", RULES["relations"]["examples"])
def test_relation_examples(text, relation):
    ms = mentions_of(text)
    assert ms and ms[0].relation == relation


def test_mention_carries_clause_actors_and_interval():
    text = ("From April 16 to 18, Japan's Minister for Economic Revitalization, Ryo Akazawa, visited the "
            "United States to hold the first round of tariff negotiations.")
    (m,) = mentions_of(text, date(2025, 4, 22))
    assert (m.value, m.begin_date, m.end_date, m.granularity) == \
        ("2025-04-16/2025-04-18", date(2025, 4, 16), date(2025, 4, 18), "day")
    assert m.trigger == "visited" and m.status == "occurred"
    assert "Ryo Akazawa" in m.actors and "the United States" in m.actors
    assert text[m.start:m.end] == m.quote and m.quote.startswith("From April 16 to 18")


def test_vague_references_and_free_durations_make_no_event():
    assert mentions_of("Prices are rising now and have risen for six years.") == []


def test_undated_document_keeps_relative_dates_unresolved():
    ms = mentions_of("The ministers met last week.", dct=None)
    assert ms and all(m.begin_date is None for m in ms) and "X" in ms[0].value
