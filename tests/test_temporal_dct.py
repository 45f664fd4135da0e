"""Documents without a publication date: inferring the DCT from the text (dct.infer_dct), and
tagging without one (relative expressions hang on the narrative, never on today)."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.temporal import infer_dct, tag


@pytest.mark.parametrize("text,want,evidence", [
    ("WASHINGTON, April 24, 2025 (Reuters) - The minister said on Tuesday that talks would resume.",
     date(2025, 4, 24), 'dateline "WASHINGTON, April 24, 2025"'),
    ("TOKYO, April 24 (Reuters) - Japan said exports fell in March 2025.",
     date(2025, 4, 24), 'dateline "TOKYO, April 24" + year 2025 in the text'),
    ("NEW YORK (AP) -- 12 March 1998 - Stocks fell.", date(1998, 3, 12), None),
    ("2025-04-24\nTrade talks resume in Washington.", date(2025, 4, 24), 'dateline "2025-04-24"'),
    ("Trade talks resume\nPublished: April 24, 2025\nTokyo - Japan said ...",
     date(2025, 4, 24), 'header "Published: April 24, 2025"'),
    ("Bloomberg reported on April 24 that Japan would invest. Talks began on April 16, 2025.",
     date(2025, 4, 24), '"reported on April 24" + year 2025 in the text'),
    # the header lines of pages pasted as text: a byline, an "Updated" stamp, a date line alone
    ("By Jane Doe | November 18, 2026 10:32 AM EST\nThe Senate voted on Tuesday.",
     date(2026, 11, 18), 'header "By Jane Doe | November 18, 2026"'),
    ("Updated 3:45 PM ET, Wed November 18, 2026\nThe Senate voted.", date(2026, 11, 18), None),
    ("Senate passes bill\nWed 18 Nov 2026 09.15 GMT\nThe Senate voted.", date(2026, 11, 18), None),
    ("Senate passes bill\nTuesday, Nov. 17, 2026 | 4 min read\nThe Senate voted.", date(2026, 11, 17), None),
    ("2026-11-18T10:00:00Z The Senate voted.", date(2026, 11, 18), None),
])
def test_infer_dct_from_evidence(text, want, evidence):
    got = infer_dct(text)
    assert got is not None and got[0] == want
    if evidence:
        assert got[1] == evidence


@pytest.mark.parametrize("text", [
    "",
    "The minister said talks would resume next week.",
    # a dateline without a year, and the text names several years: no way to tell
    "NEW YORK, Oct. 12 (AP) - Stocks fell, as in the crashes of 1987 and 1989.",
    # a date in the middle of the text is an event, not the report date
    "The minister arrived on April 16, 2025 and left two days later.",
    # a line that starts with a date and goes on is a sentence, not a header
    "Senate passes bill\nMarch 3, 2020 marked the start of the crisis.\nThe Senate voted.",
])
def test_infer_dct_none_without_evidence(text):
    assert infer_dct(text) is None


def test_no_dct_anchors_to_the_narrative():
    text = ("The minister said yesterday that talks would resume. On April 16, 2025, he visited "
            "Washington. The next day he met the trade representative, and on Friday he left.")
    out = {t.text: t for t in tag(text, None)}
    # before any absolute date: unresolved, with X's, never today
    assert (out["yesterday"].value, out["yesterday"].anchor, out["yesterday"].begin_date) == (
        "XXXX-XX-XX", "unresolved", None)
    assert (out["April 16, 2025"].value, out["April 16, 2025"].anchor) == ("2025-04-16", "absolute")
    assert (out["The next day"].value, out["The next day"].anchor) == ("2025-04-17", "narrative")
    assert out["Friday"].anchor == "narrative" and out["Friday"].value == "2025-04-18"


def test_narrative_anchor_with_a_dct():
    """Expressions that count from a date the text named use it even when the DCT is known."""
    text = ("Farkas was made a brigadier general on Oct. 2, 1995, and the following year he was "
            "appointed attache. Two years later he retired.")
    out = {t.text: t for t in tag(text, date(1998, 4, 18))}
    assert (out["the following year"].value, out["the following year"].anchor) == ("1996", "narrative")
    assert out["Two years later"].value == "1998"


def test_year_earlier_keeps_the_period_of_the_comparison():
    text = ("Third-quarter net income rose to $5 million from $4 million a year earlier. "
            "Sales in the quarter fell, compared with a year earlier.")
    out = [(t.text, t.value) for t in tag(text, date(1989, 10, 26))]
    assert out == [("Third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3"),
                   ("the quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]
