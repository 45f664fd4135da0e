"""Merging mentions into events: compatible dates plus shared distinctive words, never date alone."""
from datetime import date
from types import SimpleNamespace

from extractors.merge import dates_compatible, merge_mentions


def m(mid, value, begin, end, gran, words, doc="d1", trigger="hold", conf=0.9):
    return SimpleNamespace(mention_id=mid, doc_id=doc, value=value, mod=None, begin_date=begin, end_date=end,
                           granularity=gran, keywords=words, trigger_lemma=trigger, actors=[], status="occurred",
                           confidence=conf, quote=" ".join(words))


D = date


def test_date_compatibility():
    rng = m("a", "2025-04-16/2025-04-18", D(2025, 4, 16), D(2025, 4, 18), "day", [])
    day = m("b", "2025-04-16", D(2025, 4, 16), D(2025, 4, 16), "day", [])
    other = m("c", "2025-04-20", D(2025, 4, 20), D(2025, 4, 20), "day", [])
    june = m("d", "2025-06", D(2025, 6, 1), D(2025, 6, 30), "month", [])
    june15 = m("e", "2025-06-15", D(2025, 6, 15), D(2025, 6, 15), "day", [])
    year = m("f", "2025", D(2025, 1, 1), D(2025, 12, 31), "year", [])
    p90 = m("g", "P90D", None, None, "duration", [])
    assert dates_compatible(rng, day) and dates_compatible(day, rng)
    assert not dates_compatible(rng, other)
    assert dates_compatible(june, june15)
    assert not dates_compatible(year, day)  # too far apart in precision to say it is the same event
    assert dates_compatible(p90, m("h", "P90D", None, None, "duration", []))
    assert not dates_compatible(p90, m("i", "P3M", None, None, "duration", []))


def test_same_date_without_shared_words_stays_apart():
    a = m("d1:1", "2025-04-23", D(2025, 4, 23), D(2025, 4, 23), "day", ["kono", "emphasize", "security"])
    b = m("d1:2", "2025-04-23", D(2025, 4, 23), D(2025, 4, 23), "day", ["nhk", "free", "trade"], trigger="report")
    assert len(merge_mentions([a, b])) == 2


def test_range_and_day_inside_merge_and_the_range_stands_for_the_event():
    a = m("d1:5", "2025-04-16/2025-04-18", D(2025, 4, 16), D(2025, 4, 18), "day",
          ["akazawa", "round", "tariff", "negotiation", "washington"], doc="d1", trigger="visit")
    b = m("d2:9", "2025-04-16", D(2025, 4, 16), D(2025, 4, 16), "day",
          ["first", "tariff", "negotiation", "round"], doc="d2", trigger="participate")
    (e,) = merge_mentions([b, a])
    assert e.value == "2025-04-16/2025-04-18" and e.doc_ids == ["d1", "d2"]
    assert e.reasons["d1:5"] == "first mention" and "date inside" in e.reasons["d2:9"]


def test_merge_is_deterministic_whatever_the_input_order():
    ms = [m(f"d{i}:1", "2025-06", D(2025, 6, 1), D(2025, 6, 30), "month", ["g7", "summit", "agreement"], doc=f"d{i}")
          for i in range(4)]
    a, b = merge_mentions(ms), merge_mentions(list(reversed(ms)))
    assert [(e.event_id, e.mention_ids) for e in a] == [(e.event_id, e.mention_ids) for e in b]
    assert len(a) == 1


def test_same_numbered_occurrence_with_close_dates_is_one_event_flagged_as_conflict():
    a = m("d1:1", "2025-W18", D(2025, 4, 28), D(2025, 5, 4), "week",
          ["akazawa", "arrive", "washington", "round", "tariff", "negotiation", "round#second"], doc="d1")
    b = m("d2:1", "2025-05-30", D(2025, 5, 30), D(2025, 5, 30), "day",
          ["akae", "visit", "u.s.", "round", "tariff", "negotiation", "round#second"], doc="d2")
    first = m("d3:1", "2025-04-16/2025-04-18", D(2025, 4, 16), D(2025, 4, 18), "day",
              ["akazawa", "visit", "washington", "round", "tariff", "negotiation", "round#first"], doc="d3")
    events = {tuple(sorted(e.mention_ids)): e for e in merge_mentions([a, b, first])}
    e = events[("d1:1", "d2:1")]
    assert e.conflict and e.value == "2025-05-30" and e.alt_values == ["2025-W18"]
    assert "conflicting dates" in e.reasons["d2:1"]
    assert not events[("d3:1",)].conflict  # 'first round' never joins 'second round'


def test_far_apart_dates_are_different_occurrences_not_a_conflict():
    a = m("d1:1", "2019-06", D(2019, 6, 1), D(2019, 6, 30), "month", ["g7", "summit", "leader"], doc="d1")
    b = m("d2:1", "2025-06", D(2025, 6, 1), D(2025, 6, 30), "month", ["g7", "summit", "leader"], doc="d2")
    assert len(merge_mentions([a, b])) == 2
