"""SemEval-2015 Task 4 timeline metric: official figures and small hand-made cases."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluation.semeval_metric import (
    BEFORE,
    SIMULTANEOUS,
    TimelineLine,
    format_report,
    read_timeline,
    reduce_relations,
    score_dirs,
    score_timeline,
    timeline_filename,
    timeline_relations,
    write_timeline,
)

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "semeval2015_task4_trial"
GOLD = DATA / "TimeLines_Gold_Standard"
CHECK = DATA / "scorer_check"

needs_data = pytest.mark.skipif(
    not (GOLD.is_dir() and (CHECK / "EXPECTED.md").is_file()),
    reason="../shared/data/semeval2015_task4_trial (SemEval-2015 Task 4 trial data) is absent",
)


def _expected() -> dict[tuple[str, bool], dict[str, tuple[float, float, float]]]:
    """Parse the official scorer output quoted in EXPECTED.md: (system, ordering_only) ->
    {file name or 'MICRO': (F1, P, R)}."""
    out: dict = {}
    current = None
    for line in (CHECK / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"== (\S+)\s*(--ord)?\s*$", line)
        if m:
            current = out.setdefault((m.group(1), m.group(2) is not None), {})
            continue
        if current is None or "FSCORE" not in line:
            continue
        f = line.split("\t")
        key = "MICRO" if f[0] == "" else f[0]
        current[key] = (float(f[2]), float(f[4]), float(f[6]))
    return out


# The micro table of EXPECTED.md, asserted independently of the parsed block.
MICRO_TABLE = {
    ("fake_system1", False): (67.81, 87.80, 55.23),
    ("fake_system1", True): (58.23, 91.18, 42.77),
    ("fake_system2", False): (88.09, 86.29, 89.96),
    ("fake_system2", True): (84.38, 83.24, 85.55),
}


@needs_data
@pytest.mark.parametrize("system,ordering_only", sorted(MICRO_TABLE))
def test_reproduces_official_figures(system: str, ordering_only: bool) -> None:
    expected = _expected()[(system, ordering_only)]
    assert len(expected) == 7  # six timelines + micro
    scores = score_dirs(GOLD, CHECK / system, ordering_only=ordering_only)
    assert set(scores.per_timeline) == set(expected) - {"MICRO"}
    for name, (f1, p, r) in scores.per_timeline.items():
        ef1, ep, er = expected[name]
        assert f1 == pytest.approx(ef1, abs=0.01), (name, "F1")
        assert p == pytest.approx(ep, abs=0.01), (name, "P")
        assert r == pytest.approx(er, abs=0.01), (name, "R")
    assert scores.micro == pytest.approx(expected["MICRO"], abs=0.01)
    assert scores.micro == pytest.approx(MICRO_TABLE[(system, ordering_only)], abs=0.01)
    report = format_report(scores)
    assert report.count("\n") == 6 and "MICRO-FSCORE" in report


@needs_data
def test_gold_against_itself_is_perfect() -> None:
    for ordering_only in (False, True):
        scores = score_dirs(GOLD, GOLD, ordering_only=ordering_only)
        assert scores.micro == pytest.approx((100.0, 100.0, 100.0))


@needs_data
def test_missing_system_file_scores_zero_and_counts_in_micro(tmp_path: Path) -> None:
    sys_dir = tmp_path / "sys"
    sys_dir.mkdir()
    one = GOLD / "iphone_3g.txt"
    (sys_dir / one.name).write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    scores = score_dirs(GOLD, sys_dir)
    assert scores.per_timeline["iphone_3g.txt"] == pytest.approx((100.0, 100.0, 100.0))
    assert scores.per_timeline["steve_jobs.txt"] == (0.0, 0.0, 0.0)
    assert scores.micro_p == pytest.approx(100.0)
    gold_total = sum(c.gold_total for c in scores.counts.values())
    assert scores.micro_r == pytest.approx(100.0 * 7 / gold_total)


# ---------------------------------------------------------------- hand-made timelines

GOLD_LINES = [
    (1, "2010-06-07", ("1-2-unveiled", "2-3-announced")),
    (1, "2010-06-07", ("1-4-praised",)),
    (2, "2010-06-24", ("1-5-released",)),
    (3, "XXXX-XX-XX", ("2-7-sold",)),
    (0, "XXXX-XX-XX", ("2-9-said",)),
]


def test_identical_timelines_score_100() -> None:
    for ordering_only in (False, True):
        c = score_timeline(GOLD_LINES, GOLD_LINES, ordering_only)
        assert (c.f1, c.precision, c.recall) == (100.0, 100.0, 100.0)


def test_line_order_in_file_does_not_matter() -> None:
    c = score_timeline(GOLD_LINES, list(reversed(GOLD_LINES)))
    assert c.f1 == 100.0


def test_empty_system_has_zero_recall() -> None:
    c = score_timeline(GOLD_LINES, [])
    assert c.system_total == 0 and c.recall_matched == 0
    assert (c.f1, c.precision, c.recall) == (0.0, 0.0, 0.0)
    assert score_timeline(GOLD_LINES, None).gold_total == c.gold_total


def test_reduction_counts() -> None:
    # anchors: {unveiled, announced, praised, 2010-06-07} (3 links) < {released, 2010-06-24}
    # (1) < {sold, XXXX} (1), plus 2 BEFORE links between the classes = 7; ORDER 0 dropped.
    assert len(reduce_relations(timeline_relations(GOLD_LINES)).reduced) == 7
    # ordering only: 4 events in 3 classes -> 2 SIMULTANEOUS + 2 BEFORE
    rels = timeline_relations(GOLD_LINES, ordering_only=True)
    assert len(reduce_relations(rels).reduced) == 4
    assert [r for _, r, _ in rels] == [SIMULTANEOUS, SIMULTANEOUS, BEFORE, BEFORE]


def test_closure_entails_transitive_relations() -> None:
    g = reduce_relations(timeline_relations(GOLD_LINES, ordering_only=True))
    e = lambda m: ("E", m, 0)  # noqa: E731
    assert g.entails(e("1-2-unveiled"), BEFORE, e("2-7-sold"))  # 1 < 2 < 3
    assert g.entails(e("1-4-praised"), SIMULTANEOUS, e("1-2-unveiled"))
    assert not g.entails(e("2-7-sold"), BEFORE, e("1-2-unveiled"))
    assert not g.entails(e("2-9-said"), BEFORE, e("2-7-sold"))  # ORDER 0: not a node


def test_partial_system_hand_computed() -> None:
    # The system misses 1-5-released and puts 2-7-sold right after the first group.
    system = [
        (1, "2010-06-07", ("1-2-unveiled", "2-3-announced", "1-4-praised")),
        (2, "XXXX-XX-XX", ("2-7-sold",)),
    ]
    c = score_timeline(GOLD_LINES, system, ordering_only=True)
    # system reduced: unveiled=announced, announced=praised, praised<sold -> all entailed by gold
    assert (c.precision_matched, c.system_total) == (3, 3)
    # gold reduced: unveiled=announced, announced=praised (yes), praised<released,
    # released<sold (no: released unknown to the system)
    assert (c.recall_matched, c.gold_total) == (2, 4)
    assert c.f1 == pytest.approx(2 * 100 * 50 / 150)


def test_wrong_order_is_penalised() -> None:
    swapped = [
        (1, "2010-06-24", ("1-5-released",)),
        (2, "2010-06-07", ("1-2-unveiled", "2-3-announced")),
        (2, "2010-06-07", ("1-4-praised",)),
        (3, "XXXX-XX-XX", ("2-7-sold",)),
    ]
    c = score_timeline(GOLD_LINES, swapped, ordering_only=True)
    assert c.precision < 100 and c.recall < 100


def test_repeated_mention_is_a_new_node() -> None:
    # Official convention: the k-th repetition of a mention string is its own node, so a
    # mention listed on two lines does not create a contradiction.
    lines = [(1, "2011-03", ("9-app",)), (2, "2011-06", ("9-app",))]
    rels = timeline_relations(lines, ordering_only=True)
    assert rels == [(("E", "9-app", 0), BEFORE, ("E", "9-app", 1))]
    g = reduce_relations(rels)
    assert g.violated == [] and len(g.reduced) == 1


def test_shared_date_contradiction_is_counted_as_violated() -> None:
    # Two events with different ORDER anchored to the same date string contradict the date node.
    lines = [(1, "2006-05-08", ("4954-2-court_case",)), (2, "2006-05-08", ("4954-2-lost",))]
    g = reduce_relations(timeline_relations(lines))
    assert len(g.violated) == 1 and len(g.reduced) == 3
    assert score_timeline(lines, lines).f1 == 100.0


def test_read_write_round_trip(tmp_path: Path) -> None:
    path = write_timeline(tmp_path / timeline_filename("iPhone 3G"), "iPhone 3G", GOLD_LINES)
    assert path.name == "iphone_3g.txt"
    tl = read_timeline(path)
    assert tl.entity == "iPhone 3G"
    assert tl.lines == [TimelineLine(*l) for l in GOLD_LINES]
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[1] == "1\t2010-06-07\t1-2-unveiled\t2-3-announced"
    write_timeline(tmp_path / "one.txt", "X", [(1, "2010", "a-1-b")])
    assert read_timeline(tmp_path / "one.txt").lines == [TimelineLine(1, "2010", ("a-1-b",))]
    with pytest.raises(ValueError):
        write_timeline(tmp_path / "bad.txt", "X", [(1, "2010", ())])


@needs_data
def test_read_gold_file() -> None:
    tl = read_timeline(GOLD / "iphone_3g.txt")
    assert tl.entity == "iPhone 3G"
    assert tl.lines[0] == TimelineLine(1, "2008-06-09", ("12315-2-launched", "12315-3-launching"))
    assert len(tl.lines) == 4
