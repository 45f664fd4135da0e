"""Event mentions to events: the same happening told by several mentions becomes one event.

Two mentions are joined when their dates are compatible (equal, or one lies inside the other at a
close precision: a day inside a range or a month; durations by equal value) and their clauses share
enough distinctive words (IDF-weighted overlap). Candidates come from blocking: pairs that share a
word (a sparse product, computed a block of rows at a time), whose similarity can reach the bar and
whose dates are equal in value or within CONFLICT_MAX_DAYS of each other; only those are compared
one by one, so the cost grows with the number of mentions, not with its square. Every link records
why it was made.
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

GRANULARITY_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5,
                    "year": 6, "decade": 7, "century": 8}
MIN_SIMILARITY = 0.3  # weighted share of the smaller mention's words found in the other
SAME_TRIGGER_BONUS = 0.15  # both clauses hang on the same event word ("period", "summit")
SAME_ORDINAL_BONUS = 0.3  # both speak of the same numbered occurrence ("the second round")
LIGHT_TRIGGERS = frozenset({"be", "have", "do", "say", "make", "take", "get", "give", "go", "come"})
MAX_RANK_GAP = 2  # a day may join a week or a month, not a year
MAX_KEYWORD_DF = 500  # words in more mentions than this are too common to block on
CONFLICT_SIMILARITY = 0.45  # so alike (symmetric: short mentions cannot pass) that differing dates are
                           # a disagreement between sources ...
CONFLICT_MAX_DAYS = 60  # ... when the dates are this close (a summit every year is not one event)
BLOCK_ROWS = 2048  # mentions whose candidate pairs are computed at once (bounds the memory)


@dataclass
class Event:
    event_id: str
    label: str
    value: str
    mod: str | None
    begin_date: date | None
    end_date: date | None
    granularity: str
    status: str
    actors: list[str]
    mention_ids: list[str]
    doc_ids: list[str]
    conflict: bool = False
    alt_values: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # mention_id -> why it joined


def dates_compatible(a, b) -> bool:
    if a.granularity == "duration" or b.granularity == "duration":
        return a.value == b.value
    if a.value == b.value:
        return True
    if None in (a.begin_date, a.end_date, b.begin_date, b.end_date):
        return False
    ra, rb = GRANULARITY_RANK.get(a.granularity, 9), GRANULARITY_RANK.get(b.granularity, 9)
    if abs(ra - rb) > MAX_RANK_GAP:
        return False
    return (a.begin_date <= b.begin_date and b.end_date <= a.end_date) or \
           (b.begin_date <= a.begin_date and a.end_date <= b.end_date)


def ordinals(keywords) -> dict[str, str]:
    """The numbered occurrences a mention names: 'round#second' -> {'round': 'second'}."""
    return dict(k.split("#", 1) for k in keywords if "#" in k)


def ordinals_clash(oa: dict[str, str], ob: dict[str, str]) -> bool:
    """'first round' and 'second round' are different events whatever else they share."""
    return bool(oa) and bool(ob) and any(oa[h] != ob[h] for h in oa.keys() & ob.keys())


def dates_close(a, b) -> bool:
    """Calendar dates within CONFLICT_MAX_DAYS of each other (durations and unknown dates never are)."""
    if None in (a.begin_date, a.end_date, b.begin_date, b.end_date):
        return False
    gap = max((b.begin_date - a.end_date).days, (a.begin_date - b.end_date).days, 0)
    return gap <= CONFLICT_MAX_DAYS


def _span_days(m) -> int:
    if m.begin_date is None or m.end_date is None:
        return 0
    return (m.end_date - m.begin_date).days


def representative(mentions):
    """The mention whose date stands for the event: the finest precision, then the widest extent
    at that precision (a range over the days inside it), then the most confident, then the first."""
    return min(mentions, key=lambda m: (GRANULARITY_RANK.get(m.granularity, 9), -_span_days(m),
                                        -m.confidence, m.mention_id))


class _UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i, j):
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _day(d: date | None, missing: int) -> int:
    return d.toordinal() if d is not None else missing


def candidate_pairs(mentions, words_of, ordinals_of, mentions_per_word, idf, weight):
    """(i, j, shared weight), i < j, in order: the pairs that share a word (not one too common to block
    on), whose similarity can reach MIN_SIMILARITY with the largest bonus they could get, and whose
    dates have the same value or lie within CONFLICT_MAX_DAYS (every pair that merge_mentions could
    join or flag passes; the rest are never compared in Python)."""
    n = len(mentions)
    vocab = {w: k for k, w in enumerate(w for w, ps in mentions_per_word.items() if len(ps) <= MAX_KEYWORD_DF)}
    rows, cols, vals = [], [], []
    for i, words in enumerate(words_of):
        for w in words:
            k = vocab.get(w)
            if k is not None:
                rows.append(i)
                cols.append(k)
                vals.append(idf[w])
    weighted = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(1, len(vocab))))
    present_t = (weighted > 0).astype(np.float64).T.tocsc()
    weight_arr = np.asarray(weight, dtype=np.float64)
    triggers = {}
    trigger_id = np.array([-1 if m.trigger_lemma in LIGHT_TRIGGERS else triggers.setdefault(m.trigger_lemma, len(triggers))
                           for m in mentions])
    values = {}
    value_id = np.array([values.setdefault(m.value, len(values)) for m in mentions])
    has_ordinal = np.array([bool(o) for o in ordinals_of])
    far = 10 ** 9  # a missing date is never close to anything (value equality still counts)
    begin = np.array([_day(m.begin_date, far) for m in mentions], dtype=np.int64)
    end = np.array([_day(m.end_date, -far) for m in mentions], dtype=np.int64)
    for start in range(0, n, BLOCK_ROWS):
        block = (weighted[start:start + BLOCK_ROWS] @ present_t).tocoo()
        i, j, shared = block.row + start, block.col, block.data
        keep = j > i
        i, j, shared = i[keep], j[keep], shared[keep]
        smaller = np.minimum(weight_arr[i], weight_arr[j])
        smaller[smaller == 0] = 1.0
        bonus = np.where((trigger_id[i] == trigger_id[j]) & (trigger_id[i] >= 0), SAME_TRIGGER_BONUS, 0.0) \
            + np.where(has_ordinal[i] & has_ordinal[j], SAME_ORDINAL_BONUS, 0.0)
        gap = np.maximum(np.maximum(begin[j] - end[i], begin[i] - end[j]), 0)
        dated = (begin[i] < far) & (begin[j] < far) & (end[i] > -far) & (end[j] > -far)
        keep = (shared / smaller + bonus >= MIN_SIMILARITY - 1e-9) & \
            ((value_id[i] == value_id[j]) | (dated & (gap <= CONFLICT_MAX_DAYS)))
        i, j, shared = i[keep], j[keep], shared[keep]
        for k in np.lexsort((j, i)):
            yield int(i[k]), int(j[k]), float(shared[k])


def merge_mentions(mentions) -> list[Event]:
    """Cluster mentions (objects with the EventMention fields) into events, deterministically."""
    mentions = sorted(mentions, key=lambda m: m.mention_id)
    n = len(mentions)
    docs_per_word: dict[str, set] = defaultdict(set)
    mentions_per_word: dict[str, list[int]] = defaultdict(list)
    words_of = [{w for w in m.keywords if "#" not in w} for m in mentions]  # ordinal keys: see ordinals_clash
    ordinals_of = [{w for w in m.keywords if "#" in w} for m in mentions]
    ordinal_maps = [ordinals(m.keywords) for m in mentions]
    for i, m in enumerate(mentions):
        for w in words_of[i]:
            docs_per_word[w].add(m.doc_id)
            mentions_per_word[w].append(i)
    n_docs = len({m.doc_id for m in mentions}) or 1
    idf = {w: math.log(1 + n_docs / len(d)) for w, d in docs_per_word.items()}
    weight = [sum(idf[w] for w in words) for words in words_of]

    uf = _UnionFind(n)
    reasons: dict[int, str] = {}
    conflicts: set[int] = set()
    for i, j, shared in candidate_pairs(mentions, words_of, ordinals_of, mentions_per_word, idf, weight):
        m, o = mentions[i], mentions[j]
        smaller = min(weight[i], weight[j]) or 1.0
        same_trigger = m.trigger_lemma == o.trigger_lemma and m.trigger_lemma not in LIGHT_TRIGGERS
        same_ordinal = bool(ordinals_of[i] & ordinals_of[j])
        bonus = (SAME_TRIGGER_BONUS if same_trigger else 0.0) + (SAME_ORDINAL_BONUS if same_ordinal else 0.0)
        similarity = shared / smaller + bonus
        if similarity < MIN_SIMILARITY or ordinals_clash(ordinal_maps[i], ordinal_maps[j]):
            continue
        if dates_compatible(m, o):
            why = "same date" if m.value == o.value else "date inside"
        elif m.doc_id != o.doc_id and dates_close(m, o) \
                and 2 * shared / ((weight[i] + weight[j]) or 1.0) + bonus >= CONFLICT_SIMILARITY:
            why = "conflicting dates"
            conflicts.update((i, j))
        else:
            continue
        if uf.find(i) != uf.find(j):
            words = sorted(words_of[i] & words_of[j], key=lambda w: (-idf[w], w))[:6]
            words += sorted(ordinals_of[i] & ordinals_of[j])
            trig = f"same trigger '{m.trigger_lemma}', " if same_trigger else ""
            because = f"{why} {m.value} ~ {o.value}; {trig}shared words {', '.join(words)} " \
                      f"(similarity {similarity:.2f})"
            reasons.setdefault(j, f"{because} with {m.mention_id}")
            reasons.setdefault(i, f"{because} with {o.mention_id}")
            uf.union(i, j)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        clusters[uf.find(i)].append(i)
    events = []
    for members in clusters.values():
        ms = [mentions[i] for i in members]
        conflict = any(i in conflicts for i in members)
        rep = representative(ms)
        actor_counts = Counter(a for m in ms for a in m.actors)
        label = min((m.quote for m in ms), key=len)
        events.append(Event(
            event_id="E" + hashlib.sha1(ms[0].mention_id.encode()).hexdigest()[:12],
            label=label if len(label) <= 200 else label[:197] + "...",
            value=rep.value, mod=rep.mod, begin_date=rep.begin_date, end_date=rep.end_date,
            granularity=rep.granularity, status=rep.status,
            actors=[a for a, _ in actor_counts.most_common()],
            mention_ids=[m.mention_id for m in ms],
            doc_ids=sorted({m.doc_id for m in ms}),
            conflict=conflict,
            alt_values=sorted({m.value for m in ms} - {rep.value}),
            reasons={mentions[i].mention_id: "first mention" if k == 0 else reasons[i]
                     for k, i in enumerate(members)},
        ))
    return events
