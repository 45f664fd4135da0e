"""Merging mentions into events: compatible dates plus shared distinctive words, never date alone."""
from datetime import date
from types import SimpleNamespace

from extractors.merge import dates_compatible, merge_mentions


def m(mid, value, begin, end, gran, words, doc="d1", trigger="hold", conf=0.9, source="timex", actors=(),
      roles=(), dated_by=None, relation="on"):
    return SimpleNamespace(mention_id=mid, doc_id=doc, value=value, mod=None, begin_date=begin, end_date=end,
                           granularity=gran, keywords=words, trigger_lemma=trigger, actors=list(actors),
                           actor_roles=list(roles), status="occurred", confidence=conf, quote=" ".join(words),
                           date_source=source, dated_by=dated_by, relation=relation)


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


# ---------------------------------------------------------------- dates that only a fallback gives

def report(mid, day, words, doc, trigger="resign", relation="before", **kw):
    """A mention no expression dates: its article's publication date stands in."""
    return m(mid, day.isoformat(), day, day, "day", words, doc=doc, trigger=trigger, conf=0.3,
             source="publication", relation=relation, **kw)


def test_a_fallback_date_is_never_a_reason_to_join():
    a = report("d1:@1", D(2011, 8, 25), ["cook", "succeed", "ceo"], "d1", trigger="succeed")
    b = report("d2:@1", D(2011, 8, 25), ["share", "fall", "market"], "d2", trigger="fall")
    c = report("d3:@1", D(2011, 8, 25), ["board", "meet"], "d3", trigger="meet")
    assert len(merge_mentions([a, b, c])) == 3  # the same day, nothing else shared


def test_a_report_joins_the_dated_telling_on_its_words_and_takes_its_date_not_a_conflict():
    dated = m("d1:5", "2011-08-24", D(2011, 8, 24), D(2011, 8, 24), "day",
              ["jobs", "resign", "post", "ceo", "apple", "letter"], doc="d1", trigger="resign")
    told = report("d2:@9", D(2011, 8, 25), ["jobs", "resign", "post", "ceo", "apple", "board"], "d2")
    (e,) = merge_mentions([told, dated])
    assert e.value == "2011-08-24" and e.date_source == "timex" and not e.conflict and e.alt_values == []
    assert "not compared" in e.reasons["d2:@9"]


def test_a_past_report_cannot_tell_of_a_later_date_even_through_another_report():
    later = m("d1:5", "2012-03-01", D(2012, 3, 1), D(2012, 3, 1), "day",
              ["jobs", "resign", "post", "ceo", "apple"], doc="d1", trigger="resign")
    old = report("d2:@9", D(2011, 8, 25), ["jobs", "resign", "post", "ceo", "apple"], "d2")
    assert len(merge_mentions([later, old])) == 2


def test_only_reports_make_an_event_dated_by_the_earliest_report_and_marked_so():
    a = report("d1:@1", D(2010, 8, 9), ["jobs", "introduce", "iphone", "antenna", "design"], "d1", trigger="introduce")
    b = report("d2:@1", D(2010, 6, 8), ["jobs", "introduce", "iphone", "antenna", "design"], "d2", trigger="introduce")
    (e,) = merge_mentions([a, b])
    assert (e.value, e.date_source, e.confidence) == ("2010-06-08", "publication", 0.3)


def test_a_verb_of_a_dated_clause_joins_that_clause_only_in_its_document():
    clause = m("d1:10", "2010-07-16", D(2010, 7, 16), D(2010, 7, 16), "day", ["press", "conference"], doc="d1",
               trigger="conference")
    said = m("d1:@40", "2010-07-16", D(2010, 7, 16), D(2010, 7, 16), "day", ["jobs", "say", "case", "free"], doc="d1",
             trigger="say", source="clause", dated_by="d1:10", conf=0.7)
    other = m("d1:90", "2010-07-16", D(2010, 7, 16), D(2010, 7, 16), "day", ["jobs", "say", "case", "free", "refund"],
              doc="d1", trigger="say")
    events = {tuple(sorted(e.mention_ids)) for e in merge_mentions([clause, said, other])}
    assert events == {("d1:10", "d1:@40"), ("d1:90",)}


def test_a_coordinated_verb_of_a_dated_clause_takes_its_date_but_does_not_join_it():
    fired = m("d1:10", "1985", D(1985, 1, 1), D(1985, 12, 31), "year", ["jobs", "fire", "company"], doc="d1",
              trigger="fire")
    founded = m("d1:@40", "1985", D(1985, 1, 1), D(1985, 12, 31), "year", ["jobs", "found", "next"], doc="d1",
                trigger="found", source="clause", dated_by="d1:10", conf=0.7)
    founded.own_event = True  # "he was fired from the company and he founded NeXT"
    events = sorted(tuple(e.mention_ids) for e in merge_mentions([fired, founded]))
    assert events == [("d1:10",), ("d1:@40",)]
    (e,) = [e for e in merge_mentions([fired, founded]) if e.mention_ids == ["d1:@40"]]
    assert e.value == "1985" and e.date_source == "clause"


def test_the_same_event_word_and_participants_join_across_documents():
    a = m("d1:3", "2010-06-07", D(2010, 6, 7), D(2010, 6, 7), "day", ["unveil", "iphone", "conference"], doc="d1",
          trigger="unveil", actors=["Steve Jobs", "iPhone 4"], roles=["subject", "object"])
    b = report("d2:@7", D(2010, 8, 9), ["unveil", "antenna", "praise"], "d2", trigger="unveil",
               actors=["Steve Jobs", "iPhone 4"], roles=["subject", "object"])
    c = report("d3:@7", D(2010, 8, 9), ["unveil", "antenna", "praise"], "d3", trigger="unveil",
               actors=["Steve Jobs", "iPod"], roles=["subject", "object"])  # another object: another event
    events = {tuple(sorted(e.mention_ids)) for e in merge_mentions([a, b, c])}
    assert events == {("d1:3", "d2:@7"), ("d3:@7",)}


def test_two_event_words_of_one_article_need_more_shared_words_than_two_articles():
    # "in February passed Wal-Mart to become the No. 1 music seller" / "as of February, the store
    # accounts for 70% of all digital music sales": one store, two events of the same month
    feb = ("2008-02", D(2008, 2, 1), D(2008, 2, 29), "month")
    passed = ["itunes", "music", "store", "pass", "walmart", "seller", "figure", "group"]
    accounts = ["itunes", "music", "store", "account", "digital", "sale", "percent", "download"]
    a = m("d1:1", *feb, passed, doc="d1", trigger="pass")
    b = m("d1:2", *feb, accounts, doc="d1", trigger="account")
    filler = [m(f"d{k}:1", "2001", D(2001, 1, 1), D(2001, 12, 31), "year", [f"x{k}", f"y{k}"], doc=f"d{k}",
                trigger=f"t{k}")
              for k in range(3, 13)]  # other documents, so that the shared words are rare
    assert len(merge_mentions([a, b] + filler)) == 2 + 10  # (similarity 3/8)
    # the same words in two articles: the same month's news told twice
    (joined,) = [e for e in merge_mentions([a, m("d2:2", *feb, accounts, doc="d2", trigger="account")] + filler)
                 if len(e.mention_ids) > 1]
    assert joined.doc_ids == ["d1", "d2"]
    # in one article, words that agree more ("Bloomberg reported on April 24" / "Bloomberg analyzed on
    # the 24th", half their words in common) still join
    c = m("d1:3", *feb, ["itunes", "music", "store", "walmart", "rank"], doc="d1", trigger="rank")
    assert any(len(e.mention_ids) == 2 for e in merge_mentions([a, c] + filler))


def named(mention, actors, labels, roles=None):
    mention.actors, mention.actor_labels = list(actors), list(labels)
    mention.actor_roles = list(roles or [""] * len(actors))
    return mention


def test_the_same_person_doing_two_different_things_is_not_one_event():
    """'Okafor was arrested two weeks ago' / 'an indictment unsealed on Thursday accuses Okafor': only the
    person's name in common; a thing's name ('presented the iPhone' / 'introduced the iPhone') still joins."""
    arrest = named(m("d1:1", "2025-W37", D(2025, 9, 8), D(2025, 9, 14), "week",
                     ["okafor", "arrest", "houston", "home", "@daniel okafor", "@houston"], doc="d1", trigger="arrest"),
                   ["Daniel Okafor", "Houston"], ["PERSON", "GPE"])
    unseal = named(m("d2:1", "2025-09-11", D(2025, 9, 11), D(2025, 9, 11), "day",
                     ["indictment", "unseal", "okafor", "@daniel okafor"], doc="d2", trigger="unseal"),
                   ["Daniel Okafor"], ["PERSON"])
    assert len(merge_mentions([arrest, unseal])) == 2
    present = named(m("d1:1", "2007-W02", D(2007, 1, 8), D(2007, 1, 14), "week", ["company", "present", "iphone", "@iphone"],
                      doc="d1", trigger="present"), ["iPhone"], ["PRODUCT"])
    introduce = named(m("d2:1", "2007-01-10", D(2007, 1, 10), D(2007, 1, 10), "day",
                        ["introduce", "iphone", "@iphone", "macworld", "conference"], doc="d2", trigger="introduce"),
                      ["iPhone"], ["PRODUCT"])
    assert len(merge_mentions([present, introduce])) == 1


def test_differing_dates_of_two_event_words_are_one_event_only_for_the_same_thing_done():
    """A conflict between sources needs the same event word, numbered occurrence or object: 'Vidal will visit
    Talca on Friday' and 'the emergency declared by President Vidal will run until mid-January' are two."""
    words = ["president", "quake", "vidal", "sergio", "@sergio vidal", "second"]
    visit = named(m("d1:1", "2025-11-21", D(2025, 11, 21), D(2025, 11, 21), "day", words + ["visit", "talca"],
                    doc="d1", trigger="visit"), ["Sergio Vidal"], ["PERSON"], ["subject"])
    run = named(m("d2:1", "2026-01", D(2026, 1, 1), D(2026, 1, 31), "month", words + ["emergency", "run"],
                  doc="d2", trigger="run"), ["Sergio Vidal"], ["PERSON"], ["by"])
    assert len(merge_mentions([visit, run])) == 2
    unveil = named(m("d1:1", "2010-06-07", D(2010, 6, 7), D(2010, 6, 7), "day",
                     ["unveil", "iphone", "@iphone 4", "ceo", "company", "new", "conference"], doc="d1", trigger="unveil"),
                   ["iPhone 4"], ["PRODUCT"], ["object"])
    introduce = named(m("d2:1", "2010-W22", D(2010, 5, 31), D(2010, 6, 6), "week",
                        ["introduce", "iphone", "@iphone 4", "ceo", "company", "new", "conference"], doc="d2",
                        trigger="introduce"), ["iPhone 4"], ["PRODUCT"], ["object"])
    (e,) = merge_mentions([unveil, introduce])
    assert e.conflict


def test_an_event_one_source_tells_as_done_occurred():
    """'Schools will reopen on Dec. 1' (published before) / 'went back to school on Monday' (after): occurred."""
    words = ["school", "maule", "region", "reopen", "@maule"]
    before = m("d1:1", "2025-12-01", D(2025, 12, 1), D(2025, 12, 1), "day", words, doc="d1", trigger="reopen")
    after = m("d2:1", "2025-12-01", D(2025, 12, 1), D(2025, 12, 1), "day", words, doc="d2", trigger="reopen")
    before.status = "scheduled"
    (e,) = merge_mentions([before, after])
    assert e.status == "occurred"
    after.status = "scheduled"
    (e,) = merge_mentions([before, after])
    assert e.status == "scheduled"


def test_a_range_of_years_dates_no_event_inside_it():
    """'a photograph of Jobs with 1955-2011' is no date of 'He started Apple in 1976'."""
    life = m("a", "1955/2011", D(1955, 1, 1), D(2011, 12, 31), "year", [])
    year = m("b", "1976", D(1976, 1, 1), D(1976, 12, 31), "year", [])
    assert not dates_compatible(life, year) and dates_compatible(life, m("c", "1955/2011", D(1955, 1, 1), D(2011, 12, 31), "year", []))


def test_a_coarser_date_of_the_same_event_is_no_conflict():
    """'the 2010 earthquake and tsunami' / 'the magnitude 8.8 earthquake of February 27, 2010': too far
    apart in precision to join on words alone, alike enough to be one event, and no disagreement."""
    words = ["earthquake", "tsunami", "magnitude", "maule", "kill", "@maule"]
    day = m("d1:1", "2010-02-27", D(2010, 2, 27), D(2010, 2, 27), "day", words, doc="d1", trigger="earthquake")
    year = m("d2:1", "2010", D(2010, 1, 1), D(2010, 12, 31), "year", words, doc="d2", trigger="earthquake")
    (e,) = merge_mentions([day, year])
    assert e.value == "2010-02-27" and not e.conflict and "coarser date" in e.reasons["d2:1"]


def test_setting_a_date_is_no_event_word_of_its_own():
    """'set his trial for early next year' / 'their sentencing, originally set for December': a date is
    set for what it sets; the same 'set' is no sign of one event, nor their dates a conflict."""
    trial = m("d1:1", "2026", D(2026, 1, 1), D(2026, 12, 31), "year", ["federal", "judge", "set", "trial", "early"],
              doc="d1", trigger="set")
    sentencing = m("d2:1", "2025-12", D(2025, 12, 1), D(2025, 12, 31), "month",
                   ["sentencing", "set", "postpone", "trial"], doc="d2", trigger="set")
    assert len(merge_mentions([trial, sentencing])) == 2


def test_another_event_word_told_as_not_done_is_another_event():
    """'Valdora begins preseason training on July 6' / 'Osei did not report for preseason training on Monday'
    (July 6) had joined on 'preseason', 'training'."""
    day = (D(2026, 7, 6), D(2026, 7, 6), "day")
    a = m("f1:1", "2026-07-06", *day, ["valdora", "begin", "preseason", "training"], doc="f1", trigger="begin")
    b = m("f2:1", "2026-07-06", *day, ["osei", "report", "preseason", "training"], doc="f2", trigger="report")
    assert len(merge_mentions([a, b])) == 1  # told as done, the words join them
    b.status = "negated"
    assert len(merge_mentions([a, b])) == 2
    c = m("f3:1", "2026-07-06", *day, ["osei", "begin", "preseason", "training"], doc="f3", trigger="begin")
    c.status = "negated"  # the same event word: whether it happened is what the sources disagree on
    assert len(merge_mentions([a, c])) == 1
