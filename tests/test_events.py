"""Event mentions: the examples kept beside the rules in extractors/rules/events.json, and the seeds."""
from datetime import date

import pytest

from extractors.events import RULES, extract_mentions
from extractors.nlp import load_nlp
from extractors.temporal import tag

DCT = date(2025, 4, 25)


def mentions_of(text, dct=DCT, sources=("timex",)):
    """The mentions of a text whose date comes from one of these sources (default: those a
    temporal expression of their own dates)."""
    doc = load_nlp()(text)
    return [m for m in extract_mentions("t", doc, tag(text, dct, doc), dct) if m.date_source in sources]


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


def test_same_tense_side_clause_is_its_own_event_and_background_is_left_out():
    text = ("Last week, as the chief negotiator Ryosei Akazawa arrived in Washington for a second round of tariff "
            "talks, a delegation of Japanese lawmakers wrapped up meetings in Beijing.")
    ms = {m.trigger: m for m in mentions_of(text, date(2025, 5, 5))}
    assert set(ms) == {"wrapped up", "arrived"} and {m.value for m in ms.values()} == {"2025-W18"}
    assert "Akazawa" not in ms["wrapped up"].quote and "round#second" in ms["arrived"].keywords
    text = ("As Japan and the United States are about to hold their second round of tariff negotiations, "
            "Bloomberg reported on April 24 that Japan plans to resist.")
    (m,) = mentions_of(text)
    assert m.trigger == "reported" and m.quote.startswith("Bloomberg") and "round#second" not in m.keywords


def test_headline_line_is_its_own_sentence():
    text = "Outlook Ahead of G7 Summit\nThe upcoming G7 summit, set to take place in June, is seen as a milestone."
    (m,) = mentions_of(text)
    assert "Outlook" not in m.quote and m.value == "2025-06"
