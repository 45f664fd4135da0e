"""TempEval-3 timex evaluation harness: reading, writing, scoring TimeML."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from evaluation.timeml import (
    SCORES_HEADER,
    RuleCounts,
    evaluate_dir,
    format_rule_table,
    format_scores,
    gold_as_timexes,
    read_corpus,
    read_timeml,
    score,
    system_timexes,
    write_system_timeml,
)
from extractors.temporal.timex import Timex

ROOT = Path(__file__).resolve().parents[1]
TBAQ = ROOT / ".." / "shared" / "data" / "timeml_tbaq"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "timeml" / "partial_overlap.tml"

# TIMEX3 inside <TEXT> (the DCT excluded), counted in this data set.
GOLD_COUNTS = {"TimeBank": (183, 1243), "AQUAINT": (73, 579)}


def _corpus(name: str) -> Path:
    path = TBAQ / name
    if not path.is_dir():
        pytest.skip(f"../shared/data/timeml_tbaq/{name} (TimeBank/AQUAINT TimeML) is absent")
    return path


def _tx(doc, phrase: str, type_: str, value: str, nth: int = 0, **kw) -> Timex:
    """A Timex on the nth occurrence of ``phrase`` in the tagger's text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(phrase, start + 1)
    return Timex(start, start + len(phrase), phrase, type_, value, **kw)


# ---------------------------------------------------------------- real corpora


@pytest.mark.parametrize("corpus", sorted(GOLD_COUNTS))
def test_gold_as_system_round_trip(corpus: str, tmp_path: Path) -> None:
    docs = read_corpus(_corpus(corpus))
    n_docs, n_gold = GOLD_COUNTS[corpus]
    assert len(docs) == n_docs
    assert sum(len(d.scored_timexes) for d in docs) == n_gold
    for doc in docs:
        assert doc.dct_timex.is_dct and doc.dct_element.startswith("<TIMEX3")
        assert 'functionInDocument="CREATION_TIME"' in doc.dct_element
        assert not any(t.is_dct for t in doc.timexes)
        for t in doc.timexes:
            assert doc.raw_text[t.start : t.end] == t.text
        written = write_system_timeml(doc, gold_as_timexes(doc), tmp_path)
        assert written.name == doc.path.name
        ET.parse(written)  # well-formed XML
        back = read_timeml(written)
        assert back.raw_text == doc.raw_text
        assert back.docid == doc.docid and back.dct_element == doc.dct_element
        assert back.title_element == doc.title_element
        assert [(t.start, t.end, t.type, t.value, t.mod) for t in back.timexes] == [
            (t.start, t.end, t.type, t.value, t.mod) for t in doc.scored_timexes
        ]
    gold = {d.docid: gold_as_timexes(d) for d in docs}
    s = score(docs, gold)
    assert (s.gold, s.system) == (n_gold, n_gold)
    for f in (s.strict_f1, s.relaxed_f1, s.value_f1, s.type_f1):
        assert f == pytest.approx(100.0)

    by_text = {d.text: gold[d.docid] for d in docs}
    s2 = evaluate_dir(_corpus(corpus), tmp_path / "sys", lambda text, dct: by_text[text])
    assert (s2.docs, s2.strict, s2.relaxed, s2.value, s2.type) == (n_docs,) + (n_gold,) * 4
    assert len(list((tmp_path / "sys").glob("*.tml"))) == n_docs


@pytest.mark.parametrize("corpus", sorted(GOLD_COUNTS))
def test_empty_tagger_has_zero_recall(corpus: str, tmp_path: Path) -> None:
    seen: list[date] = []

    def empty(text: str, dct: date) -> list[Timex]:
        seen.append(dct)
        return []

    s = evaluate_dir(_corpus(corpus), tmp_path, empty)
    assert s.gold == GOLD_COUNTS[corpus][1] and s.system == 0
    assert s.strict_r == s.relaxed_r == s.value_r == s.type_r == 0.0
    assert s.strict_f1 == s.relaxed_f1 == 0.0
    assert len(seen) == GOLD_COUNTS[corpus][0] and all(isinstance(d, date) for d in seen)
    row = format_scores(corpus, s)
    assert row.startswith(f"| {corpus} | {GOLD_COUNTS[corpus][0]} |")
    assert row.count("|") == SCORES_HEADER.splitlines()[0].count("|")


def test_carriage_returns_are_kept(tmp_path: Path) -> None:
    # The data has no CRLF file (23 AQUAINT files have stray bare CRs, only in EXTRAINFO), so
    # make one: CRLF line ends plus a bare CR inside <TEXT>.
    src = FIXTURE.read_text(encoding="utf-8").replace("\n", "\r\n")
    src = src.replace("that sales", "that\rsales")
    path = tmp_path / "crlf.tml"
    path.write_bytes(src.encode("utf-8"))
    doc = read_timeml(path)
    assert "\r\n" in doc.raw_text and "that\rsales" in doc.raw_text
    out = write_system_timeml(doc, gold_as_timexes(doc), tmp_path / "sys")
    assert b"\r\n" in out.read_bytes()
    back = read_timeml(out)
    assert back.raw_text == doc.raw_text
    assert score([doc], [gold_as_timexes(doc)]).strict_f1 == pytest.approx(100.0)


# ---------------------------------------------------------------- fixture

def test_fixture_reading() -> None:
    doc = read_timeml(FIXTURE)
    assert doc.docid == "FIXTURE0001"
    assert doc.dct == date(2003, 3, 4) and doc.dct_value == "2003-03-04"
    assert doc.title_element == "<TITLE>AT&amp;T fixture</TITLE>"
    # raw text: tags stripped, entity kept (scorer view); text: entity decoded (tagger view)
    assert doc.raw_text.startswith("\nAT&amp;T said on Monday, March 3, 2003, that sales rose")
    assert doc.text.startswith("\nAT&T said on Monday,")
    assert [t.text for t in doc.timexes] == [
        "Monday", "March 3, 2003", "three years", "Last week", "the 1990s", "April 16", "18",
    ]
    monday = doc.timexes[0]
    assert (monday.tid, monday.type, monday.value) == ("t1", "DATE", "2003-03-03")
    assert monday.start - monday.text_start == len("&amp;") - len("&")
    assert doc.text[monday.text_start : monday.text_end] == "Monday"


def test_partial_overlap_hand_computed(tmp_path: Path) -> None:
    doc = read_timeml(FIXTURE)
    system = [
        _tx(doc, "Monday", "DATE", "2003-03-03"),  # strict, value ok
        _tx(doc, "March 3", "DATE", "2003-03-03"),  # relaxed only (gold "March 3, 2003")
        _tx(doc, "for three years", "DURATION", "P3Y"),  # relaxed only
        _tx(doc, "Last week", "DATE", "2003-W10"),  # strict, wrong value
        _tx(doc, "next year", "DATE", "2004"),  # spurious
        Timex(  # a range found as one expression: scored as its two parts (both strict)
            doc.text.index("from April"),
            doc.text.index("18 and") + 2,
            "from April 16 to 18",
            "DATE",
            "2003-04-16/2003-04-18",
            parts=(
                _tx(doc, "April 16", "DATE", "2003-04-16"),
                _tx(doc, "18", "DATE", "2003-04-18"),
            ),
        ),
    ]
    # "the 1990s" is missed. gold 7, system 7 (the range counts as its 2 parts)
    s = score([doc], {doc.docid: system})
    assert (s.gold, s.system) == (7, 7)
    assert (s.strict, s.relaxed, s.value, s.type) == (4, 6, 5, 6)
    assert s.strict_p == s.strict_r == s.strict_f1 == pytest.approx(100 * 4 / 7)
    assert s.relaxed_f1 == pytest.approx(100 * 6 / 7)
    assert s.value_f1 == pytest.approx(100 * 5 / 7)
    assert s.type_f1 == pytest.approx(100 * 6 / 7)

    out = write_system_timeml(doc, system, tmp_path / "sys")
    written = out.read_text(encoding="utf-8")
    ET.parse(out)
    assert "<EXTRAINFO>" not in written and "<TLINK" not in written and "<EVENT" not in written
    assert doc.dct_element in written and doc.title_element in written
    assert '<TIMEX3 tid="t5" type="DATE" value="2003-04-16">April 16</TIMEX3> to ' in written
    assert '<TIMEX3 tid="t6" type="DATE" value="2003-04-18">18</TIMEX3>' in written
    assert "2003-04-16/2003-04-18" not in written
    back = read_timeml(out)
    assert back.raw_text == doc.raw_text
    assert score([doc], {doc.docid: _as_timexes(back)}).as_dict() == s.as_dict()


def test_rule_counts_and_table() -> None:
    """What each rule did: right value, wrong value, spurious; gold nobody found is missed."""
    doc = read_timeml(FIXTURE)
    system = [
        _tx(doc, "Monday", "DATE", "2003-03-03", rule="r.day"),  # correct
        _tx(doc, "March 3", "DATE", "2003-03-03", rule="r.day"),  # correct (relaxed)
        _tx(doc, "Last week", "DATE", "2003-W10", rule="r.week"),  # wrong value
        _tx(doc, "next year", "DATE", "2004", rule="r.week"),  # spurious
    ]
    rc = RuleCounts()
    rc.add(doc, system)
    assert rc.counts == {"r.day": {"correct": 2, "wrong": 0, "spurious": 0},
                         "r.week": {"correct": 0, "wrong": 1, "spurious": 1}}
    assert rc.missed == 7 - 3
    other = RuleCounts()
    other.add(doc, system[2:])
    table = format_rule_table({"A": rc, "B": other}, ["r.day", "r.week", "r.never"])
    assert "| r.day | 2 / 0 / 0 | - | A only |" in table
    assert "| r.week | 0 / 1 / 1 | 0 / 1 / 1 | none |" in table
    assert "| r.never | - | - | fired nowhere |" in table


def test_cli_eval_timeml_by_rule_over_two_folders(tmp_path: Path, capsys) -> None:
    from flows.cli import main
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    code = main(["eval", "timeml", str(tmp_path / "one"), str(tmp_path / "two"),
                 "--out", str(tmp_path / "sys"), "--no-parse", "--by-rule"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| one | 1 |" in out and "| two | 1 |" in out
    assert "| rule | one correct / wrong / spurious | two correct / wrong / spurious | correct in |" in out
    assert (tmp_path / "sys" / "one" / FIXTURE.name).is_file() and (tmp_path / "sys" / "two" / FIXTURE.name).is_file()


def _as_timexes(doc) -> list[Timex]:
    return [
        Timex(t.text_start, t.text_end, doc.text[t.text_start : t.text_end], t.type, t.value, t.mod)
        for t in doc.timexes
    ]


def test_mod_and_escaping_and_overlaps(tmp_path: Path) -> None:
    doc = read_timeml(FIXTURE)
    system = [
        _tx(doc, "AT&T", "DATE", 'a<b&"c"', mod="APPROX"),  # nonsense, but must be escaped
        _tx(doc, "Monday, March 3, 2003", "DATE", "2003-03-03"),
        _tx(doc, "March 3", "DATE", "2003-03-03"),  # inside the previous one: dropped
        _tx(doc, "three years", "DURATION", "P3Y"),
        Timex(5, 5, "", "DATE", "X"),  # empty: dropped
    ]
    kept = system_timexes(doc, system)
    assert len(kept) == 3
    assert kept[0].end - kept[0].start == len("AT&amp;T")
    out = write_system_timeml(doc, system, tmp_path)
    text = out.read_text(encoding="utf-8")
    assert 'value="a&lt;b&amp;&quot;c&quot;" mod="APPROX">AT&amp;T</TIMEX3>' in text
    ET.parse(out)
    assert read_timeml(out).raw_text == doc.raw_text
    s = score([doc], [system])
    assert (s.system, s.dropped_overlaps, s.dropped_empty) == (3, 1, 1)
    # "Monday, March 3, 2003" overlaps two gold expressions but matches only one (one-to-one)
    assert (s.strict, s.relaxed) == (1, 2)


def test_missing_document_output_counts_as_empty() -> None:
    doc = read_timeml(FIXTURE)
    s = score([doc], {})
    assert (s.gold, s.system, s.relaxed) == (7, 0, 0)
    assert s.relaxed_r == 0.0 and s.relaxed_f1 == 0.0


# ---------------------------------------------------------------- timeml_string


def test_timeml_string_is_standalone_timeml(tmp_path: Path) -> None:
    from datetime import date as _date

    from evaluation.timeml import timeml_string
    from extractors.temporal import tag

    text = "From April 16 to 18, the minister visited Washington & met R&D staff <twice>; he returns in June."
    dct = _date(2025, 4, 22)
    timexes = tag(text, dct)
    xml = timeml_string(text, timexes, dct)
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "TimeML"
    dct_tx = root.find("DCT/TIMEX3")
    assert dct_tx is not None and dct_tx.get("value") == "2025-04-22"
    assert dct_tx.get("functionInDocument") == "CREATION_TIME"
    body = root.find("TEXT")
    assert "".join(body.itertext()) == text  # the text comes back exactly, entities decoded
    tags = [(t.text, t.get("type"), t.get("value"), t.get("tid")) for t in body.iter("TIMEX3")]
    # the range is written as its two parts
    assert tags == [("April 16", "DATE", "2025-04-16", "t1"), ("18", "DATE", "2025-04-18", "t2"),
                    ("June", "DATE", "2025-06", "t3")]
    assert body.findall("TIMEX3")[2].get("anchorTimeID") == "t0"
    # readable by the corpus reader: same text, same expressions
    path = tmp_path / "doc.tml"
    path.write_text(xml, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.text == text and doc.dct == dct
    assert [(t.text, t.value) for t in doc.scored_timexes] == [(a, c) for a, _, c, _ in tags]


def test_timeml_string_without_dct_and_overlaps() -> None:
    from evaluation.timeml import timeml_string

    text = "He left yesterday."
    a = Timex(8, 17, "yesterday", "DATE", "XXXX-XX-XX", anchor="unresolved")
    b = Timex(8, 12, "yest", "DATE", "XXXX-XX-XX")
    root = ET.fromstring(timeml_string(text, [a, b], None).encode("utf-8"))
    assert root.find("DCT") is None
    assert [(t.text, t.get("value")) for t in root.iter("TIMEX3")] == [("yesterday", "XXXX-XX-XX")]


# ---------------------------------------------------------------- TimeML form of an expression


def test_n_units_later_is_written_and_scored_as_timeml_duration(tmp_path: Path) -> None:
    """"Three days later" resolves to the day reached (events are dated by it), but TimeML tags
    "Three days" as the duration P3D with "later" outside: files, scores and timeml_string use
    that form; "a year earlier" stays a date in both."""
    from evaluation.timeml import timeml_string
    from extractors.temporal import tag

    gold = tmp_path / "gold" / "later.tml"
    gold.parent.mkdir()
    gold.write_text(
        '<?xml version="1.0" ?>\n<TimeML>\n\n<DOCID>LATER1</DOCID>\n\n'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1989-10-20" temporalFunction="false" '
        'functionInDocument="CREATION_TIME">1989-10-20</TIMEX3></DCT>\n\n<TEXT>\n'
        'The bid came on <TIMEX3 tid="t1" type="DATE" value="1989-10-13">Oct. 13, 1989</TIMEX3>. '
        '<TIMEX3 tid="t2" type="DURATION" value="P3D">Three days</TIMEX3> later, the board met; '
        '<TIMEX3 tid="t3" type="DATE" value="1988-10-13">a year earlier</TIMEX3> it had not.\n'
        '</TEXT>\n\n</TimeML>\n', encoding="utf-8")
    doc = read_timeml(gold)
    timexes = tag(doc.text, doc.dct)
    later = next(t for t in timexes if t.text == "Three days later")
    assert (later.type, later.value, str(later.begin_date)) == ("DATE", "1989-10-16", "1989-10-16")
    assert later.timeml is not None and doc.text[later.start:later.timeml.end] == "Three days"
    assert next(t for t in timexes if t.text == "a year earlier").timeml is None

    s = score([doc], [timexes])
    assert (s.gold, s.system, s.strict, s.value, s.type) == (3, 3, 3, 3, 3)
    out = write_system_timeml(doc, timexes, tmp_path / "sys")
    written = out.read_text(encoding="utf-8")
    assert 'type="DURATION" value="P3D">Three days</TIMEX3> later' in written
    assert [(t.text, t.type, t.value) for t in read_timeml(out).scored_timexes] == [
        (t.text, t.type, t.value) for t in doc.scored_timexes]
    body = ET.fromstring(timeml_string(doc.text, timexes, doc.dct).encode("utf-8")).find("TEXT")
    assert [(t.text, t.get("type"), t.get("value")) for t in body.iter("TIMEX3")] == [
        ("Oct. 13, 1989", "DATE", "1989-10-13"), ("Three days", "DURATION", "P3D"),
        ("a year earlier", "DATE", "1988-10-13")]


def test_cli_tag_json_shows_the_timeml_form(tmp_path: Path, capsys) -> None:
    import json

    from flows.cli import main

    path = tmp_path / "doc.txt"
    path.write_text("The strike began on Oct. 13, 1989. Three days later, the plant reopened.", encoding="utf-8")
    assert main(["tag", str(path), "--dct", "1989-12-01", "--no-parse"]) == 0
    rows = {r["text"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    later = rows["Three days later"]
    assert (later["type"], later["value"], later["begin_date"]) == ("DATE", "1989-10-16", "1989-10-16")
    assert later["timeml"] == {"end": later["start"] + len("Three days"), "text": "Three days",
                               "type": "DURATION", "value": "P3D"}
    assert "timeml" not in rows["Oct. 13, 1989"]


def test_cli_tag_explains_a_bad_dct_a_folder_and_a_missing_file(tmp_path: Path, capsys) -> None:
    from flows.cli import main

    path = tmp_path / "doc.txt"
    path.write_text("The strike began on Oct. 13, 1989.", encoding="utf-8")
    assert main(["tag", str(path), "--dct", "Oct. 13, 1989", "--no-parse"]) == 2
    assert "--dct 'Oct. 13, 1989' is not a date: give it as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["tag", str(tmp_path), "--no-parse"]) == 2
    assert f"{tmp_path} is a folder: `timeline tag` reads one document" in capsys.readouterr().err
    assert main(["tag", str(tmp_path / "gone.txt"), "--no-parse"]) == 2
    assert "gone.txt: no such file" in capsys.readouterr().err
    many = tmp_path / "two.jsonl"
    many.write_text('{"id": "a", "text": "It fell on Monday."}\n{"id": "b", "text": "It rose on Friday."}\n')
    assert main(["tag", str(many), "--no-parse"]) == 2
    assert "holds 2 documents: `timeline tag` reads one" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    assert main(["tag", str(empty), "--no-parse"]) == 2
    assert "no text (only whitespace)" in capsys.readouterr().err


def test_cli_tag_reads_the_document_as_run_does(tmp_path: Path, capsys) -> None:
    """Front matter is no text to tag, and its publication date is the DCT unless --dct says
    otherwise; offsets index the body."""
    import json

    from flows.cli import main

    path = tmp_path / "doc.md"
    body = "NASA on Tuesday postponed the launch to December."
    path.write_text(f"---\ntitle: A launch in March\npublished_at: 2026-11-18\n---\n{body}\n", encoding="utf-8")
    assert main(["tag", str(path), "--no-parse"]) == 0
    captured = capsys.readouterr()
    assert "publication date 2026-11-18 (from the front matter)" in captured.err
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [(r["text"], r["value"]) for r in rows] == [("Tuesday", "2026-11-17"), ("December", "2026-12")]
    assert all(body[r["start"]:r["end"]] == r["text"] for r in rows)
    assert main(["tag", str(path), "--no-parse", "--dct", "2026-12-10"]) == 0
    assert [json.loads(line)["value"] for line in capsys.readouterr().out.splitlines()] == ["2026-12-08", "2026-12"]
