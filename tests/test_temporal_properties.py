"""Property-based tests of the temporal tagger (hypothesis): random text made of date words,
numbers, month names and punctuation, with random publication dates (or none), must never raise,
and everything the tagger returns must be well formed: offsets that point at the text, a TIMEX3
value of the right grammar for its type, valid calendar dates, begin <= end."""
from __future__ import annotations

import os
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings  # a test dependency (pyproject.toml): never skipped
from hypothesis import strategies as st

from extractors.nlp import load_nlp
from extractors.temporal import infer_dct, tag

# ------------------------------------------------------------------ the TIMEX3 value grammar
_Y = r"(?:\d{4}|XXXX)"
_DATE = rf"{_Y}(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?)?"
_WEEK = rf"{_Y}-W(?:\d\d|XX)(?:-(?:[1-7]|WE))?"
_PART = rf"{_Y}-(?:Q[1-4X]|H[12]|SP|SU|FA|WI)"
_COARSE = r"\d{3}|\d{2}|XXX|XX"  # decade ("199"), century ("19")
_TIME = rf"(?:{_DATE}|{_WEEK}|{_Y}-WXX-[1-7])T(?:\d\d(?::\d\d)?|MO|AF|EV|NI|DT)"
_CAL = rf"{_TIME}|{_WEEK}|{_PART}|{_DATE}|{_COARSE}"
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = rf"P(?:{_NUM}[YMWDQECL])+(?:T(?:{_NUM}[HMS])+)?|PT(?:{_NUM}[HMS])+"
_REF = r"(?:PRESENT|PAST|FUTURE)_REF"
GRAMMAR = {
    "DATE": re.compile(rf"(?:{_REF}|{_CAL}|(?:{_CAL})/(?:{_CAL}))"),
    "TIME": re.compile(rf"(?:{_REF}|{_TIME})"),
    "DURATION": re.compile(rf"(?:{_DURATION})"),
    "SET": re.compile(rf"(?:{_DURATION}|{_CAL})"),
}
MODS = {None, "START", "MID", "END", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "APPROX",
        "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"}
GRANULARITIES = {"time", "day", "week", "month", "quarter", "season", "half", "year", "decade",
                 "century", "duration", "set", "unknown"}
ANCHORS = {"absolute", "dct", "narrative", "unresolved"}


def check_calendar(value: str) -> None:
    """Numbers in a value are real calendar numbers: months 1-12, days that exist, ISO weeks that
    exist, hours 0-24, minutes 0-59."""
    for part in value.split("/"):
        head, _, clock = part.partition("T")
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", head)
        if m:
            date(int(m[1]), int(m[2]), int(m[3]))  # raises on 2025-02-29, 2025-04-31
        m = re.fullmatch(r"(?:\d{4}|XXXX)-(\d\d)(?:-(\d\d|XX))?", head)
        if m:
            assert 1 <= int(m[1]) <= 12, value
            if m[2] and m[2] != "XX":
                assert 1 <= int(m[2]) <= (29 if int(m[1]) == 2 else 30 if int(m[1]) in (4, 6, 9, 11) else 31), value
        m = re.fullmatch(r"(?:\d{4}|XXXX)-XX-(\d\d)", head)
        if m:
            assert 1 <= int(m[1]) <= 31, value
        m = re.match(r"(\d{4})-W(\d\d)", head)
        if m:
            date.fromisocalendar(int(m[1]), int(m[2]), 1)  # raises on a week the year lacks
        m = re.fullmatch(r"(\d\d)(?::(\d\d))?", clock)
        if m:
            assert 0 <= int(m[1]) <= 24 and (m[2] is None or 0 <= int(m[2]) <= 59), value


def check(text: str, dct: date | None, out) -> None:
    last_end = 0
    for t in out:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start:t.end] == t.text and t.text == t.text.strip(), t
        assert t.start >= last_end, f"overlapping or unsorted: {t}"
        last_end = t.end
        assert t.type in GRAMMAR, t
        assert GRAMMAR[t.type].fullmatch(t.value), f"{t.type} value {t.value!r} of {t.text!r}"
        check_calendar(t.value)
        assert t.mod in MODS, t
        assert t.granularity in GRANULARITIES and t.anchor in ANCHORS, t
        if t.begin_date is not None and t.end_date is not None:
            assert t.begin_date <= t.end_date, t
        if dct is None:
            assert t.anchor != "dct", t  # without a DCT nothing is resolved against one
        if t.anchor == "unresolved":
            assert t.begin_date is None and t.end_date is None, t
        for p in t.parts:
            assert t.start <= p.start < p.end <= t.end and text[p.start:p.end] == p.text, (t, p)
            assert GRAMMAR["DATE"].fullmatch(p.value), p
            check_calendar(p.value)
            if p.begin_date is not None and p.end_date is not None:
                assert p.begin_date <= p.end_date, p


# ------------------------------------------------------------------ random text
WORDS = (
    "January Jan. February Feb. Feb March Mar. April Apr. May June July August Aug. September Sept. "
    "October Oct. November Nov. December Dec. Monday Tuesday Wed. Thursday Friday Saturday Sunday "
    "spring summer fall autumn winter Christmas Easter Thanksgiving Election Day "
    "today yesterday tomorrow tonight now currently recently soon morning afternoon evening night "
    "noon midnight a.m. p.m. EST GMT o'clock week weekend month quarter year decade century "
    "weeks months years days hours minutes quarters decades centuries "
    "last next this past previous following coming ago earlier later before after since by until "
    "from to through between and or of the a an in on at for within during over about nearly "
    "more than early late mid- mid middle end beginning start fiscal first second third fourth "
    "half latter final year-ago year-earlier same that period current then every each daily "
    "annually twice once a couple few several many one two three four five nine ten twelve "
    "twenty thirty fifty hundred thousand nineteen ninety-six eighth twenty-first "
    "'s ’s 's 1st 2nd 3rd 4th 16th 21st 31st 1/2 90-day six-year 24-hour 52-week '80s 1990s "
    "1960s the nineties will would was had has said plans expects Q1 Q3 H1"
).split()
PUNCT = [",", ".", "-", "–", "/", ":", ";", "'", "’", "\"", "(", ")", "$", "%", "&", "#", "!", "?"]

number = st.one_of(
    st.integers(0, 40).map(str),
    st.integers(1000, 2200).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 10**7).map(str),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(st.integers(0, 13), st.integers(0, 32), st.integers(0, 2100)).map(lambda t: f"{t[0]}/{t[1]}/{t[2]}"),
    st.tuples(st.integers(1000, 2100), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
)
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), number,
                  st.text(alphabet=st.characters(codec="utf-8"), max_size=6))
sep = st.sampled_from([" ", " ", " ", "", "\n", ", ", ". ", "-", "  "])
texts = st.lists(st.tuples(token, sep), max_size=40).map(lambda xs: "".join(a + b for a, b in xs))
dcts = st.one_of(st.none(), st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)))

# TAGGER_PROPERTY_EXAMPLES=5000 runs a longer search (a few minutes); the default keeps the file ~10 s
N = int(os.environ.get("TAGGER_PROPERTY_EXAMPLES", 400))
FAST = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=texts, dct=dcts)
def test_random_text_is_tagged_well_formed(text, dct):
    check(text, dct, tag(text, dct))


@settings(max_examples=N // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200), dct=dcts)
def test_arbitrary_unicode_never_breaks_the_tagger(text, dct):
    check(text, dct, tag(text, dct))
    found = infer_dct(text)
    assert found is None or (isinstance(found[0], date) and found[1])


# expressions that name a calendar date, with random parts
month_names = st.sampled_from(["January", "Feb.", "February", "March", "April", "Sept.", "June", "Nov."])
explicit = st.one_of(
    st.tuples(month_names, st.integers(0, 40)).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(month_names, st.integers(0, 40), st.integers(1600, 2099)).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
    st.tuples(st.integers(0, 40), month_names).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(month_names, st.integers(1, 31), st.integers(1, 31)).map(lambda t: f"{t[0]} {t[1]}-{t[2]}"),
    st.tuples(st.sampled_from(["last", "next", "this", "the previous"]),
              st.sampled_from(["Friday", "week", "month", "year", "quarter", "summer", "June"])).map(" ".join),
    st.tuples(st.integers(1, 30), st.sampled_from(["days", "weeks", "months", "years"]),
              st.sampled_from(["ago", "earlier", "later", "from now"])).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
)


@settings(max_examples=3 * N // 4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=explicit, before=st.sampled_from(["", "He said it happened on ", "It will open in ",
                                              "The plant closed on March 3, 1998. ", "By "]),
       dct=dcts)
def test_date_expressions_in_sentences(expr, before, dct):
    text = f"{before}{expr}."
    check(text, dct, tag(text, dct))


@settings(max_examples=N // 10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, dct=dcts)
def test_with_the_parse(text, dct):
    check(text, dct, tag(text, dct, load_nlp()(text)))


# ------------------------------------------------------------------ days that do not exist
def test_a_day_a_month_never_has_is_no_date():
    """ "April 31" is no date, with or without a DCT (not XXXX-04-31)."""
    for dct in (None, date(2025, 4, 25)):
        assert tag("The deal closed on April 31.", dct) == []
        assert tag("It was signed Sept. 31, 1998.", dct) == []


def test_leap_day_without_a_year():
    """ "Feb. 29" without a year is the leap day within a year of the DCT, else its year is
    unknown; never a Feb. 29 of a year that has none."""
    def value(dct):
        out = tag("The vote was held on Feb. 29.", dct)
        assert len(out) == 1
        return out[0].value, out[0].begin_date
    assert value(date(2024, 3, 10)) == ("2024-02-29", date(2024, 2, 29))
    assert value(date(2025, 1, 15)) == ("2024-02-29", date(2024, 2, 29))  # 321 days back
    assert value(date(2027, 12, 1)) == ("2028-02-29", date(2028, 2, 29))  # 90 days ahead
    assert value(date(2025, 6, 1)) == ("XXXX-02-29", None)  # no leap day within a year
    assert value(None) == ("XXXX-02-29", None)
    assert tag("It was signed Feb. 29, 2025.", date(2025, 6, 1)) == []


def test_dates_near_the_ends_of_the_calendar():
    for dct in (date(1, 1, 1) + timedelta(days=400), date(9999, 12, 31) - timedelta(days=400)):
        text = "Last week, on Friday, Dec. 31, and next year, the company said sales fell a year earlier."
        check(text, dct, tag(text, dct))
