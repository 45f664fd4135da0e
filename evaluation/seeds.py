"""Score a timeline database against the seed gold events (examples/gold/seeds_events.jsonl).

For each gold event: is there a stored event with a mention overlapping one of the gold quotes whose
date equals the gold value (any of `values` when the sources disagree, counting the alternative
dates of an event flagged as a conflict; the duration for durations)?
For each gold event told by several mentions: does one stored event hold all of them (merge recall)?
For each stored event that holds a gold mention: does it hold mentions of one gold event only
(merge precision)?
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from flows import store

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "examples" / "gold" / "seeds_events.jsonl"


@dataclass
class SeedScores:
    total: int = 0
    found: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)  # "G05: why"
    multi: int = 0  # gold events with several mentions
    merged: list[str] = field(default_factory=list)
    unmerged: list[str] = field(default_factory=list)
    shared_events: list[str] = field(default_factory=list)  # stored events holding >1 gold event
    clean_events: list[str] = field(default_factory=list)  # stored events holding one gold event

    @property
    def merge_precision(self) -> float:
        touched = len(self.shared_events) + len(self.clean_events)
        return len(self.clean_events) / touched if touched else 0.0

    def text(self) -> str:
        out = [f"recall with dates: {len(self.found)}/{self.total} gold events",
               f"merge recall: {len(self.merged)}/{self.multi} gold events with several mentions are one event",
               f"merge precision: {self.merge_precision:.2f} "
               f"({len(self.shared_events)} stored events mix gold events)"]
        out += [f"  miss {m}" for m in self.misses]
        out += [f"  not merged {m}" for m in self.unmerged]
        out += [f"  mixed {m}" for m in self.shared_events]
        return "\n".join(out)


def read_gold(path: str | Path = DEFAULT_GOLD) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _iou(a_start, a_end, b_start, b_end) -> float:
    inter = min(a_end, b_end) - max(a_start, b_start)
    return inter / (max(a_end, b_end) - min(a_start, b_start)) if inter > 0 else 0.0


def score(db: str | Path, gold_path: str | Path = DEFAULT_GOLD) -> SeedScores:
    """Each stored mention is aligned to the gold mention its span overlaps most (gold quotes may nest:
    "open a new factory in Shanghai by 2027" sits inside the quote of another event)."""
    gold = read_gold(gold_path)
    con = store.connect(db, read_only=True)
    try:
        rows = con.execute("""
            SELECT m.mention_id, m.doc_id, m.start_char, m.end_char, l.event_id, e.value, e.alt_values, e.conflict
            FROM event_mentions m JOIN event_links l USING (mention_id) JOIN events e USING (event_id)
        """).fetchall()
    finally:
        con.close()
    gold_mentions = [(g["id"], k, gm) for g in gold for k, gm in enumerate(g["mentions"])]
    aligned = defaultdict(list)  # (gold id, mention index) -> stored rows
    for r in rows:
        best = max(((_iou(r[2], r[3], gm["start"], gm["end"]), gid, k) for gid, k, gm in gold_mentions
                    if gm["doc_id"] == r[1]), default=(0.0, None, None))
        if best[0] > 0:
            aligned[(best[1], best[2])].append(r)

    s = SeedScores(total=len(gold))
    gold_of_event: dict[str, set] = defaultdict(set)
    for g in gold:
        values = set(g.get("values") or [g["value"]])
        hits = [{r[4]: r for r in aligned[(g["id"], k)]} for k in range(len(g["mentions"]))]
        for evs in hits:
            for ev in evs:
                gold_of_event[ev].add(g["id"])
        dated = [r for evs in hits for r in evs.values()
                 if r[5] in values or (r[7] and values & set(r[6]))]
        if dated:
            s.found.append(g["id"])
        else:
            seen = sorted({r[5] for evs in hits for r in evs.values()})
            why = f"dates found there: {', '.join(seen)}" if seen else "no event mention overlaps its quotes"
            s.misses.append(f"{g['id']} (gold {'/'.join(sorted(values))}): {why}")
        if len(g["mentions"]) > 1:
            s.multi += 1
            common = set.intersection(*(set(evs) for evs in hits))
            (s.merged if common else s.unmerged).append(
                g["id"] if common else f"{g['id']}: mentions in {len(set().union(*hits))} events"
                                       f"{' (some not found)' if not all(hits) else ''}")
    for ev, gids in sorted(gold_of_event.items()):
        (s.shared_events if len(gids) > 1 else s.clean_events).append(f"{ev}: {', '.join(sorted(gids))}")
    return s
