"""SemEval-2015 Task 4 (TimeLine) scorer: temporal awareness over entity timelines.

The metric of the task's official ``evaluation_tool`` (which reuses the TempEval-3 temporal
awareness code of UzZaman & Allen), re-implemented with the standard library only. It reproduces
the official figures of ``semeval2015_task4_trial/scorer_check/EXPECTED.md`` exactly (both example
systems, both modes, every timeline and the micro average).

Timeline file format (one file per target entity, file name = entity in lower case, ``_`` for
spaces)::

    Steve Jobs
    1<TAB>1955-02-24<TAB>18355-5-born
    2<TAB>1976<TAB>18355-6-started<TAB>18355-5-built
    0<TAB>XXXX-XX-XX<TAB>18315-4-said

ORDER (1, 2, ... ; equal = simultaneous; 0 = cannot place, not scored), DATE (``YYYY-MM-DD`` with
``XX`` for unknown parts), then one or more event mentions ``DOCID-SENTENCE-TOKEN`` of the same
event.

How one timeline becomes a graph (the conventions of the official scorer):

1. lines with ORDER 0 are dropped, the rest are sorted by a natural sort of the line text
   (``ORDER<TAB>DATE<TAB>MENTIONS``; numbers compare as numbers, text case-insensitively);
2. walking the sorted lines and, within a line, the mentions left to right, every mention is an
   event node. A mention string that occurs again (the same token listed on two lines, or twice
   on one line) is a *new* node for each repetition: the k-th occurrence of a string in the
   sorted walk is node ``(mention, k)``; gold and system nodes match when string and k agree.
   Every distinct DATE string is one time node (``XXXX-XX-XX`` lines of a timeline all share
   one);
3. per mention, in walking order: ``mention SIMULTANEOUS date`` (left out with ``ordering_only``),
   then ``previous-mention BEFORE mention`` when the ORDER grew, ``SIMULTANEOUS`` when it stayed;
4. the relations are added in that order to a point-algebra graph (BEFORE transitive,
   SIMULTANEOUS an equivalence). A relation the graph already entails is redundant and dropped; a
   relation that contradicts it (e.g. two events with different ORDER anchored to the same date
   string) is *violated*: kept in the reduced list but not added to the graph; any other relation
   is added and kept. The kept + violated relations are the reduced set;
5. precision = system reduced relations that are verbatim in the gold reduced set or entailed by
   the gold graph / system reduced relations; recall = the mirror image;
6. over a directory, matched counts and totals are summed (micro average), F1 = 2PR/(P+R); all
   figures on a 0-100 scale. A gold timeline without a system file has 0 system relations: it
   scores 0 and its gold relations count in the micro recall denominator. System files without
   a gold timeline are ignored.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

BEFORE = "BEFORE"
SIMULTANEOUS = "SIMULTANEOUS"

__all__ = [
    "BEFORE",
    "SIMULTANEOUS",
    "TimelineLine",
    "Timeline",
    "Relation",
    "TemporalGraph",
    "TimelineCounts",
    "Scores",
    "read_timeline",
    "write_timeline",
    "timeline_filename",
    "timeline_relations",
    "reduce_relations",
    "score_timeline",
    "score_dirs",
    "format_report",
]


class TimelineLine(NamedTuple):
    """One line of a timeline file: ORDER, DATE, and the mentions of one event."""

    order: int
    date: str
    mentions: tuple[str, ...]

    def text(self) -> str:
        return "\t".join([str(self.order), self.date, *self.mentions])


@dataclass
class Timeline:
    entity: str
    lines: list[TimelineLine] = field(default_factory=list)


# A node is ("E", mention, occurrence) or ("T", date, 0); a relation is (node, rel, node).
Node = tuple[str, str, int]
Relation = tuple[Node, str, Node]


# --------------------------------------------------------------------------- file format


def _as_line(line: TimelineLine | Sequence) -> TimelineLine:
    if isinstance(line, TimelineLine):
        return line
    order, date, mentions = line
    if isinstance(mentions, str):
        mentions = (mentions,)
    return TimelineLine(int(order), str(date), tuple(mentions))


def read_timeline(path: str | Path) -> Timeline:
    """Read a timeline file: first line the entity, then ORDER<TAB>DATE<TAB>MENTION[...]."""
    raw = Path(path).read_text(encoding="utf-8").splitlines()
    if not raw:
        return Timeline(entity="", lines=[])
    entity = raw[0].strip()
    lines: list[TimelineLine] = []
    for n, text in enumerate(raw[1:], start=2):
        text = text.strip()
        if not text:
            continue
        fields = [f.strip() for f in text.split("\t")]
        fields = [f for f in fields if f]
        if len(fields) < 3:
            raise ValueError(f"{path}:{n}: expected ORDER<TAB>DATE<TAB>MENTION..., got {text!r}")
        try:
            order = int(fields[0])
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: ORDER is not an integer: {fields[0]!r}") from exc
        lines.append(TimelineLine(order, fields[1], tuple(fields[2:])))
    return Timeline(entity=entity, lines=lines)


def write_timeline(
    path: str | Path, entity: str, lines: Iterable[TimelineLine | Sequence]
) -> Path:
    """Write a timeline file in the task format; ``lines`` are TimelineLine or
    ``(order, date, mentions)`` tuples (``mentions`` a sequence of strings, or one string).
    Lines are written in the order given; the scorer sorts them itself."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = [entity.strip()]
    for line in lines:
        line = _as_line(line)
        if not line.mentions:
            raise ValueError(f"timeline line without mentions: {line!r}")
        for field_ in (line.date, *line.mentions):
            if not field_ or "\t" in field_ or "\n" in field_:
                raise ValueError(f"invalid timeline field {field_!r} in {line!r}")
        out.append(line.text())
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def timeline_filename(entity: str) -> str:
    """File name the task uses for an entity: lower case, spaces as ``_``, ``.txt``."""
    return "_".join(entity.strip().lower().split()) + ".txt"


# --------------------------------------------------------------------------- graph


def _natural_key(text: str) -> list:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text)]


def timeline_relations(
    lines: Iterable[TimelineLine | Sequence], ordering_only: bool = False
) -> list[Relation]:
    """The relations of one timeline, in the order the scorer adds them to the graph."""
    kept = [_as_line(l) for l in lines]
    kept = [l for l in kept if l.order != 0]
    kept.sort(key=lambda l: _natural_key(l.text()))
    relations: list[Relation] = []
    seen: Counter[str] = Counter()
    prev: tuple[Node, int] | None = None
    for line in kept:
        time_node: Node = ("T", line.date, 0)
        for mention in line.mentions:
            node: Node = ("E", mention, seen[mention])
            seen[mention] += 1
            if not ordering_only:
                relations.append((node, SIMULTANEOUS, time_node))
            if prev is not None:
                prev_node, prev_order = prev
                rel = BEFORE if line.order > prev_order else SIMULTANEOUS
                relations.append((prev_node, rel, node))
            prev = (node, line.order)
    return relations


class TemporalGraph:
    """Point algebra over BEFORE / SIMULTANEOUS: union-find for the equivalence classes, a DAG of
    BEFORE edges between class representatives. ``add`` keeps the greedy reduction."""

    def __init__(self) -> None:
        self._parent: dict[Node, Node] = {}
        self._before: dict[Node, set[Node]] = {}
        self.kept: list[Relation] = []
        self.violated: list[Relation] = []

    # -- structure
    def _node(self, x: Node) -> None:
        if x not in self._parent:
            self._parent[x] = x
            self._before[x] = set()

    def _find(self, x: Node) -> Node:
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def _reaches(self, a: Node, b: Node) -> bool:
        """A BEFORE path from a's class to b's class."""
        a, b = self._find(a), self._find(b)
        stack, seen = [a], {a}
        while stack:
            for nxt in self._before[stack.pop()]:
                nxt = self._find(nxt)
                if nxt == b:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    # -- queries
    def __contains__(self, x: Node) -> bool:
        return x in self._parent

    def entails(self, x: Node, rel: str, y: Node) -> bool:
        if x not in self._parent or y not in self._parent:
            return False
        if rel == SIMULTANEOUS:
            return self._find(x) == self._find(y)
        return self._reaches(x, y)

    def contradicts(self, x: Node, rel: str, y: Node) -> bool:
        if x not in self._parent or y not in self._parent:
            return False
        if rel == SIMULTANEOUS:
            return self._reaches(x, y) or self._reaches(y, x)
        return self._find(x) == self._find(y) or self._reaches(y, x)

    # -- update
    def add(self, x: Node, rel: str, y: Node) -> str:
        """Add a relation; returns 'redundant', 'violated' or 'kept'."""
        if rel not in (BEFORE, SIMULTANEOUS):
            raise ValueError(f"unknown relation {rel!r}")
        self._node(x)
        self._node(y)
        if self.entails(x, rel, y):
            return "redundant"
        if self.contradicts(x, rel, y):
            self.violated.append((x, rel, y))
            return "violated"
        if rel == SIMULTANEOUS:
            a, b = self._find(x), self._find(y)
            self._parent[b] = a
            self._before[a] |= self._before.pop(b)
        else:
            self._before[self._find(x)].add(self._find(y))
        self.kept.append((x, rel, y))
        return "kept"

    @property
    def reduced(self) -> list[Relation]:
        """The reduced relation set the scorer counts: kept + violated."""
        return self.kept + self.violated


def reduce_relations(relations: Iterable[Relation]) -> TemporalGraph:
    graph = TemporalGraph()
    for x, rel, y in relations:
        graph.add(x, rel, y)
    return graph


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class TimelineCounts:
    precision_matched: int  # system reduced relations found in the gold graph
    system_total: int  # system reduced relations
    gold_total: int  # gold reduced relations
    recall_matched: int  # gold reduced relations found in the system graph

    @property
    def precision(self) -> float:
        return 100.0 * self.precision_matched / self.system_total if self.system_total else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.recall_matched / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _matched(relations: list[Relation], other: TemporalGraph) -> int:
    verbatim = set(other.reduced)
    return sum(1 for t in relations if t in verbatim or other.entails(*t))


def score_timeline(
    gold_lines: Iterable[TimelineLine | Sequence] | None,
    system_lines: Iterable[TimelineLine | Sequence] | None,
    ordering_only: bool = False,
) -> TimelineCounts:
    """Counts for one gold/system timeline pair (``None`` = no such file)."""
    gold = reduce_relations(timeline_relations(gold_lines or [], ordering_only))
    system = reduce_relations(timeline_relations(system_lines or [], ordering_only))
    gold_red, sys_red = gold.reduced, system.reduced
    return TimelineCounts(
        precision_matched=_matched(sys_red, gold),
        system_total=len(sys_red),
        gold_total=len(gold_red),
        recall_matched=_matched(gold_red, system),
    )


@dataclass
class Scores:
    """Per timeline (file name -> (F1, P, R)) and micro-averaged figures, 0-100."""

    per_timeline: dict[str, tuple[float, float, float]]
    micro_f1: float
    micro_p: float
    micro_r: float
    counts: dict[str, TimelineCounts] = field(default_factory=dict)
    ordering_only: bool = False

    @property
    def micro(self) -> tuple[float, float, float]:
        return (self.micro_f1, self.micro_p, self.micro_r)


def score_dirs(
    gold_dir: str | Path, sys_dir: str | Path, ordering_only: bool = False
) -> Scores:
    """Score every gold timeline (``*.txt`` in ``gold_dir``) against the same-named file in
    ``sys_dir``; micro-average over the gold timelines."""
    gold_dir, sys_dir = Path(gold_dir), Path(sys_dir)
    gold_files = sorted(p for p in gold_dir.iterdir() if p.is_file() and p.suffix == ".txt")
    if not gold_files:
        raise FileNotFoundError(f"no gold timelines (*.txt) in {gold_dir}")
    counts: dict[str, TimelineCounts] = {}
    for gp in gold_files:
        sp = sys_dir / gp.name
        sys_lines = read_timeline(sp).lines if sp.is_file() else None
        counts[gp.name] = score_timeline(read_timeline(gp).lines, sys_lines, ordering_only)
    pm = sum(c.precision_matched for c in counts.values())
    st = sum(c.system_total for c in counts.values())
    gt = sum(c.gold_total for c in counts.values())
    rm = sum(c.recall_matched for c in counts.values())
    micro_p = 100.0 * pm / st if st else 0.0
    micro_r = 100.0 * rm / gt if gt else 0.0
    return Scores(
        per_timeline={name: (c.f1, c.precision, c.recall) for name, c in counts.items()},
        micro_f1=_f1(micro_p, micro_r),
        micro_p=micro_p,
        micro_r=micro_r,
        counts=counts,
        ordering_only=ordering_only,
    )


def format_report(scores: Scores) -> str:
    """The official scorer's layout: one line per timeline, then the micro line."""
    out = []
    for name, (f1, p, r) in scores.per_timeline.items():
        out.append(f"{name}\tFSCORE\t{f1:.4f}\tPRECISION\t{p:.4f}\tRECALL\t{r:.4f}")
    out.append(
        f"\tMICRO-FSCORE\t{scores.micro_f1:.4f}\tMICRO-PRECISION\t{scores.micro_p:.4f}"
        f"\tMICRO-RECALL\t{scores.micro_r:.4f}"
    )
    return "\n".join(out)
