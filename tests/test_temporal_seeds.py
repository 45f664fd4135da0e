"""The five seed articles, tagged with their manifest publication dates: every dated expression in
the gold events' quotes must come out with the gold value."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extractors.nlp import load_nlp
from extractors.temporal import tag
from extractors.temporal.engine import Tagger

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
MANIFEST = {d["doc_id"]: d for d in map(json.loads, (SEEDS / "manifest.jsonl").read_text("utf-8").splitlines())}
# the gold events file has lived in two places; take whichever is there
_GOLD_PATH = next(p for p in (SEEDS.parent / "gold" / "seeds_events.jsonl", SEEDS / "gold_events.jsonl") if p.exists())
GOLD = [json.loads(line) for line in _GOLD_PATH.read_text("utf-8").splitlines() if line.strip()]


def _doc(doc_id: str) -> tuple[str, date]:
    d = MANIFEST[doc_id]
    return (SEEDS / d["path"]).read_text("utf-8"), date.fromisoformat(d["published_at"])


# (gold event, doc prefix, expression inside the quote, type, value, mod)
EXPECTED = [
    ("G01", "002", "April 16 to 18", "DATE", "2025-04-16/2025-04-18", None),
    ("G01", "004", "the 16th of this month", "DATE", "2025-04-16", None),
    ("G02", "003", "Last week", "DATE", "2025-W18", None),
    ("G02", "004", "May 30th", "DATE", "2025-05-30", None),
    ("G03", "000", "June", "DATE", "2025-06", None),
    ("G03", "001", "June", "DATE", "2025-06", None),
    ("G03", "004", "June", "DATE", "2025-06", None),
    ("G04", "000", "90-day", "DURATION", "P90D", None),
    ("G04", "001", "90-day", "DURATION", "P90D", None),
    ("G04", "004", "90-day", "DURATION", "P90D", None),
    ("G05", "002", "late March", "DATE", "2025-03", "END"),
    ("G05", "002", "six-year", "DURATION", "P6Y", None),
    ("G06", "002", "April 11", "DATE", "2025-04-11", None),
    ("G06", "002", "seven years", "DURATION", "P7Y", None),
    ("G07", "004", "April 24", "DATE", "2025-04-24", None),
    ("G07", "004", "the 24th", "DATE", "2025-04-24", None),
    ("G08", "004", "April 17", "DATE", "2025-04-17", None),
    ("G09", "004", "the 23rd", "DATE", "2025-04-23", None),
    ("G10", "004", "the 23rd", "DATE", "2025-04-23", None),
    ("G11", "004", "the 24th", "DATE", "2025-04-24", None),
    ("G12", "004", "the 22nd", "DATE", "2025-04-22", None),
    ("G13", "004", "the 14th", "DATE", "2025-04-14", None),
    ("G14", "004", "the 21st", "DATE", "2025-04-21", None),
    ("G15", "004", "the 21st", "DATE", "2025-04-21", None),
    ("G16", "000", "this week", "DATE", "2025-W17", None),
    ("G17", "000", "2027", "DATE", "2027", None),
    ("G18", "000", "2010", "DATE", "2010", None),
    ("G19", "003", "2023", "DATE", "2023", None),
    ("G21", "003", "late April", "DATE", "2025-04", "END"),
    ("G22", "003", "June 29, 2019", "DATE", "2019-06-29", None),
    ("G23", "004", "January 2024", "DATE", "2024-01", None),
]

_TAGGED: dict[tuple[str, bool], list] = {}


def _tagged(doc_id: str, with_doc: bool):
    key = (doc_id, with_doc)
    if key not in _TAGGED:
        text, dct = _doc(doc_id)
        doc = load_nlp()(text) if with_doc else None
        _TAGGED[key] = tag(text, dct, doc)
    return _TAGGED[key]




def _mentions(gid: str, prefix: str):
    ev = next(e for e in GOLD if e["id"] == gid)
    return [m for m in ev["mentions"] if m["doc_id"].startswith(prefix)]


@pytest.mark.parametrize("with_doc", [False, True], ids=["no-doc", "spacy-doc"])
@pytest.mark.parametrize("gid,prefix,expr,typ,value,mod", EXPECTED, ids=[f"{e[0]}-{e[1]}-{e[2]}" for e in EXPECTED])
def test_gold_quote_expressions(gid, prefix, expr, typ, value, mod, with_doc):
    mentions = [m for m in _mentions(gid, prefix) if expr in m["quote"]]
    assert mentions, f"{expr!r} is in no quote of {gid} in doc {prefix}"
    for m in mentions:
        text, _ = _doc(m["doc_id"])
        assert text[m["start"]:m["end"]] == m["quote"]
        found = [t for t in _tagged(m["doc_id"], with_doc)
                 if m["start"] <= t.start and t.end <= m["end"] and t.text == expr]
        assert found, f"{expr!r} not tagged in {m['quote']!r}"
        t = found[0]
        assert (t.type, t.value, t.mod if mod else None) == (typ, value, mod)


def test_range_parts_and_interval():
    t = next(t for t in _tagged("002_84a9d24582d59509", False) if t.text == "April 16 to 18")
    assert (t.begin_date, t.end_date, t.granularity) == (date(2025, 4, 16), date(2025, 4, 18), "day")
    assert [(p.text, p.value) for p in t.parts] == [("April 16", "2025-04-16"), ("18", "2025-04-18")]


@pytest.mark.parametrize("doc_id", sorted(MANIFEST))
def test_trigger_windows_match_full_scan(doc_id):
    """Running each rule only near its trigger words finds exactly what a full scan finds."""
    text, dct = _doc(doc_id)
    assert Tagger(full_scan=True).tag(text, dct) == tag(text, dct)


@pytest.mark.parametrize("doc_id", sorted(MANIFEST))
def test_seed_contract(doc_id):
    text, dct = _doc(doc_id)
    out = tag(text, dct)
    assert all(text[t.start:t.end] == t.text for t in out)
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))
    # no money, percentage or count is a year or duration
    assert not [t for t in out if any(c in t.text for c in "$%")]
