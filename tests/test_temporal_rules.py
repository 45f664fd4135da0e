"""The temporal tagger's data is its test: every rule's own examples, the positive corpus and the
negative corpus (extractors/temporal/corpus/), plus the contract of tag()."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from extractors.nlp import load_nlp
from extractors.temporal import Timex, tag
from extractors.temporal.engine import Tagger
from extractors.temporal.resources import load

CORPUS = Path(__file__).resolve().parents[1] / "extractors" / "temporal" / "corpus"
RES = load()


def _d(s):
    return date.fromisoformat(s) if s else None


def _check_contract(text: str, out: list[Timex]) -> None:
    last_end = -1
    for t in out:
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end, f"overlap or unsorted at {t}"
        assert t.text == t.text.strip() and t.text
        last_end = t.end


# ------------------------------------------------------------------ every rule's own examples
RULE_EXAMPLES = [(r.id, ex) for r in RES.rules for ex in r.examples]


def test_every_rule_has_an_example():
    missing = [r.id for r in RES.rules if not r.examples]
    assert not missing, f"rules without examples: {missing}"


@pytest.mark.parametrize("rule_id,ex", RULE_EXAMPLES, ids=[f"{i}:{e['text'][:30]}" for i, e in RULE_EXAMPLES])
def test_rule_example(rule_id, ex):
    text = ex["text"]
    out = tag(text, _d(ex.get("dct")))
    _check_contract(text, out)
    if ex.get("none"):  # a blocker's example: nothing in it is an expression
        assert out == [], [(t.text, t.rule) for t in out]
        return
    want_rule = ex.get("rule", rule_id)
    hits = [t for t in out if t.rule == want_rule and ("match" not in ex or t.text == ex["match"])]
    assert hits, f"rule {want_rule} did not fire on {text!r}; got {[(t.text, t.rule, t.value) for t in out]}"
    t = hits[0]
    assert t.value == ex["value"], (t.text, t.value)
    if "mod" in ex:
        assert t.mod == ex["mod"]
    if "type" in ex:
        assert t.type == ex["type"]
    if "timeml" in ex:  # the form TimeML writes, when it differs from the resolution
        _check_timeml(t, ex["timeml"])


def _check_timeml(t: Timex, want: dict | bool) -> None:
    if want is False:  # TimeML writes it as resolved
        assert t.timeml is None, (t.text, t.timeml)
        return
    w = t.as_timeml()
    assert t.timeml is not None, (t.text, "no TimeML form")
    assert (w.text, w.type, w.value) == (want["text"], want["type"], want["value"]), (t.text, w)


# ------------------------------------------------------------------ positive corpus
POSITIVE = [json.loads(line) for line in (CORPUS / "positive.jsonl").read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", POSITIVE, ids=[c["text"][:40] for c in POSITIVE])
def test_positive_corpus(case):
    text, dct = case["text"], _d(case["dct"])
    out = tag(text, dct)
    _check_contract(text, out)
    by_text = {t.text: t for t in out}
    for exp in case["expect"]:
        assert exp["text"] in by_text, f"{exp['text']!r} not tagged; got {[(t.text, t.value) for t in out]}"
        t = by_text[exp["text"]]
        assert t.value == exp["value"], (t.text, t.value, t.rule)
        for key, attr in (("type", "type"), ("mod", "mod"), ("granularity", "granularity"), ("anchor", "anchor")):
            if key in exp:
                assert getattr(t, attr) == exp[key], (t.text, key, getattr(t, attr))
        for key, attr in (("begin", "begin_date"), ("end", "end_date")):
            if key in exp:
                assert getattr(t, attr) == _d(exp[key]), (t.text, key, getattr(t, attr))
        if "timeml" in exp:
            _check_timeml(t, exp["timeml"])
        if "parts" in exp:
            assert [(p.text, p.value) for p in t.parts] == [tuple(p) for p in exp["parts"]]
            for p in t.parts:
                assert text[p.start:p.end] == p.text


# ------------------------------------------------------------------ negative corpus
NEGATIVE = [line for line in (CORPUS / "negative.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("line", NEGATIVE)
def test_negative_corpus(line):
    allowed = re.findall(r"\[([^\]]+)\]", line)
    text = line.replace("[", "").replace("]", "")
    out = tag(text, date(2025, 4, 25))
    _check_contract(text, out)
    assert sorted(t.text for t in out) == sorted(allowed), [(t.text, t.rule) for t in out]


# ------------------------------------------------------------------ contract
def test_no_dct_never_uses_today():
    out = tag("He arrived yesterday and leaves next week; the summit is in June.", None)
    assert [t.value for t in out] == ["XXXX-XX-XX", "XXXX-WXX", "XXXX-06"]
    assert all(t.anchor == "unresolved" and t.begin_date is None for t in out)
    src = "\n".join(p.read_text("utf-8") for p in (CORPUS.parent).glob("*.py"))
    assert "today()" not in src and "now()" not in src and "import spacy" not in src


def test_empty_and_plain_text():
    assert tag("", date(2025, 4, 25)) == []
    assert tag("Nothing temporal here at all.", date(2025, 4, 25)) == []


def test_rules_are_data():
    """Adding a rule is a data edit: the engine compiles whatever the rule files say."""
    t = Tagger()
    n = len(t.res.rules)
    assert n >= 40 and len({r.id for r in t.res.rules}) == n
    assert {"month", "number", "unit", "partmod", "relword"} <= set(t.res.tables)


def test_doc_is_optional_and_used_when_given():
    nlp = load_nlp()  # the pipeline's model, as extraction uses it
    text = "Sales fell in December, and the company will reopen the plant in March."
    doc = nlp(text)
    with_doc = {t.text: t.value for t in tag(text, date(2025, 4, 25), doc)}
    without = {t.text: t.value for t in tag(text, date(2025, 4, 25))}
    assert with_doc == without == {"December": "2024-12", "March": "2026-03"}


def _assert_parsed_values(cases: dict[str, str], dct: date) -> None:
    """Each text, parsed by the pipeline's model as extraction parses it, holds one expression,
    of this value."""
    nlp = load_nlp()
    for text, value in cases.items():
        assert [t.value for t in tag(text, dct, nlp(text))] == [value], text


def test_deadline_seen_from_a_past_moment():
    """"by"/"until" look forward, unless the verb they hang on is in the past perfect."""
    nlp = load_nlp()  # the pipeline's model, as extraction uses it
    dct = date(1990, 8, 16)  # a Thursday
    past = "Thirty-two of the 159 members had filed compliance reports by Wednesday, and all complied."
    ahead = "The members must file compliance reports by Wednesday."
    assert {t.text: t.value for t in tag(past, dct, nlp(past))} == {"Wednesday": "1990-08-15"}
    assert {t.text: t.value for t in tag(ahead, dct, nlp(ahead))} == {"Wednesday": "1990-08-22"}


def test_present_perfect_progressive_looks_back():
    """A date hanging on "have been ...ing" is in the past: the activity began then."""
    nlp = load_nlp()  # the pipeline's model, as extraction uses it
    dct = date(1999, 5, 6)
    text = "Investigators have been searching for Kopp since shortly after the Oct. 23 slaying."
    assert {t.text: t.value for t in tag(text, dct, nlp(text))} == {"Oct. 23": "1998-10-23"}


def test_plan_in_the_past_perfect_looks_back():
    """A schedule stated in the past perfect was ahead of a past moment, not of the DCT."""
    dct = date(1989, 10, 30)  # a Monday
    cases = {
        "The offer previously had been scheduled to expire at midnight Friday.": "1989-10-27T24:00",
        "It had been due to expire Friday evening.": "1989-10-27TEV",
        "The offer is scheduled to expire at midnight Friday.": "1989-11-03T24:00",
    }
    _assert_parsed_values(cases, dct)


def test_infinitive_under_a_past_verb_is_the_nearest():
    """What a past verb aims at ("agreed to purchase ... in February") comes after it: the month
    is the nearer one, not the past one; the past verb's own date stays past."""
    dct = date(1989, 10, 30)
    cases = {
        "Thermo Electron agreed to purchase the line for $22 million in February.": "1990-02",
        "First of America announced an agreement to acquire the company in January.": "1990-01",
        "Thermo Electron agreed in February to purchase the line.": "1989-02",
    }
    _assert_parsed_values(cases, dct)


def test_month_in_the_year_its_clause_states():
    """A month without a year in the clause of a stated year is in that year, whatever the tense
    says against the DCT; a year dating another clause or a noun leaves it to the tense."""
    nlp = load_nlp()  # the pipeline's model, as extraction uses it
    dct = date(2026, 11, 18)
    cases = {
        "In 2019 the company opened a plant in March and closed it in October.":
            {"2019": "2019", "March": "2019-03", "October": "2019-10"},
        "Last year, the agency completed the test flight in early September.":
            {"Last year": "2025", "early September": "2025-09"},
        "In March 2019 the plant opened, and in June it closed.": {"March 2019": "2019-03", "June": "2019-06"},
        "Under a program approved in 1987 that set no amount, it had bought shares through Sept. 29.":
            {"1987": "1987", "Sept. 29": "2026-09-29"},
        "It said songs were sold since its launch in 2003 and that as of February it leads the market.":
            {"2003": "2003", "February": "2026-02"},
    }
    for text, want in cases.items():
        got = {t.text: t.value for t in tag(text, dct, nlp(text))}
        assert got == want, text
        assert {t.text: t.value for t in tag(text, dct)} == want, f"without a parse: {text}"


def test_time_clause_takes_the_tense_it_hangs_on():
    """The verb of a time clause ("as soon as trading opened Monday") is backshifted with the
    sentence: the clause looks the way the verb it hangs on does."""
    dct = date(1989, 11, 1)  # a Wednesday
    cases = {
        "The chairman had suggested that friendly institutions were likely to buy its stock as soon as trading opened Monday.": "1989-11-06",
        "Shares fell after trading opened Monday.": "1989-10-30",
    }
    _assert_parsed_values(cases, dct)


def test_plan_made_in_the_past_is_the_nearest_day():
    """A planning verb in the simple past ("set Friday as the deadline") fixed a day before or
    after the DCT, whichever is nearer; in the present it looks ahead."""
    dct = date(2000, 1, 15)  # a Saturday
    cases = {
        "The service ruled that he must be returned to his father, and set Friday as the deadline.": "2000-01-14",
        "The service sets Friday as the deadline.": "2000-01-21",
    }
    _assert_parsed_values(cases, dct)


def test_through_ends_a_stretch_at_the_nearest_date():
    """"through January" ends a stretch that runs from before the DCT: the nearest January,
    whatever the tense of the verb that set it up."""
    dct = date(1989, 10, 30)
    cases = {
        "A group of lenders has extended Control Data up to $90 million in revolving loans through January.": "1990-01",
        "The index has fallen 5% through Oct. 19, the fund says.": "1989-10-19",
    }
    _assert_parsed_values(cases, dct)


def test_wire_probe_sentences_parsed():
    """Sentences of the wire-news probe whose values need the parse, as extraction parses them."""
    nlp = load_nlp()  # the pipeline's model, as extraction uses it
    cases = [
        # a verb coordinated with the stated-year verb, but told from now: not in the stated year
        ("2026-11-18", "The Federal Reserve first raised rates on Sept. 18, 2024, and has held them steady since March.",
         {"Sept. 18, 2024": "2024-09-18", "March": "2026-03"}),
        # "on Monday" between "said" and the subject of "would hold" dates "said"
        ("2026-11-18", "The government said on Monday it would hold a referendum on Dec. 6.",
         {"Monday": "2026-11-16", "Dec. 6": "2026-12-06"}),
        ("2026-11-18", "The law, passed in 2021, takes effect on Jan. 1.", {"2021": "2021", "Jan. 1": "2027-01-01"}),
        ("2026-11-18", "Temperatures are forecast to hit 40C on Saturday and Sunday.",
         {"Saturday": "2026-11-21", "Sunday": "2026-11-22"}),
        ("2026-11-18", "Over the weekend, protesters clashed with police in the capital.", {"the weekend": "2026-W46-WE"}),
        ("2025-03-14", "Liverpool beat Chelsea 3-2 on Sunday.", {"Sunday": "2025-03-09"}),
    ]
    for dct, text, want in cases:
        assert {t.text: t.value for t in tag(text, date.fromisoformat(dct), nlp(text))} == want, text


def test_a_plan_told_without_a_tense_is_the_nearest_occurrence():
    """A plan's participle aiming at the month through "for" ("trial set for February") is the nearer
    occurrence; "the record high set on Aug. 6" still looks back."""
    _assert_parsed_values({"Ex-Vantro CEO Okafor pleads not guilty; trial set for February": "2026-02"}, date(2025, 9, 25))
    _assert_parsed_values({"The vote, scheduled for June, was held without incident.": "2025-06",
                           "The record high set on Aug. 6 stood.": "2025-08-06"}, date(2025, 10, 10))


def test_a_timetable_in_the_present_looks_ahead():
    """A timetable verb in the simple present ("begins", "host", "travels") tells what is scheduled:
    the weekday it governs is the coming one, not the nearer past one (probe 2); in the past tense
    it still looks back, and a reporting verb in the present decides nothing."""
    dct = date(2024, 10, 16)  # a Wednesday: last Monday is nearer than next Monday
    _assert_parsed_values({"Early voting begins on Monday in Georgia.": "2024-10-21",
                           "The president travels to Paris on Monday.": "2024-10-21",
                           "Early voting began on Monday in Georgia.": "2024-10-14",
                           "The company says sales fell on Monday.": "2024-10-14"}, dct)
    _assert_parsed_values({"The summit opens on Monday in Brussels.": "2024-10-21",
                           "The offer expires on Monday.": "2024-10-21"}, dct)


def test_a_start_told_in_the_present_looks_ahead():
    """"from" + a date under a verb in the simple present is a change ahead ("Fares rise from
    January" in June: next January; probe 2); in the past or present perfect it looks back, and a
    stretch with its end ("runs from May 3 to July 1") may be under way."""
    dct = date(2025, 6, 2)
    _assert_parsed_values({"Fares rise from January.": "2026-01",
                           "Prices have risen from January.": "2025-01",
                           "The exhibition runs from May 3 to July 1.": "2025-05-03/2025-07-01"}, dct)
