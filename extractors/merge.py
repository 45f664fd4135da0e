"""Event mentions to events: the same happening told by several mentions becomes one event.

Two mentions are joined when their dates are compatible (equal, or one lies inside the other at a
close precision: a day inside a range or a month; durations by equal value) and their clauses share
enough distinctive words (IDF-weighted overlap). Candidates come from blocking: pairs that share a
word (a sparse product, computed a block of rows at a time), whose similarity can reach the bar and
whose dates could join or conflict; only those are compared one by one, so the cost grows with the
number of mentions, not with its square. Every link records why it was made.

A mention that only the publication date places (date_source 'publication') never joins on the
strength of that date: it joins another mention only on its words (the same event word and a much
larger share of distinctive words), and the date it stands in for only vetoes (a report cannot tell
of an event after the report). Its date never makes an event's date when a mention with a date of
its own is there, and never makes a conflict.
"""
from __future__ import annotations

import hashlib
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, groupby
from operator import attrgetter
from typing import NamedTuple

import numpy as np
from scipy import sparse

from extractors.events import EVENT_NOUNS, REPORTING_VERBS, UNDATED_NOUNS

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
BLOCK_ROWS = 512  # mentions whose candidate pairs are computed at once (bounds the memory)
PAIR_BLOCK = 200_000  # pairs of the participant rule tested at once (bounds the memory)
FALLBACK_MIN_SIMILARITY = 0.6  # words alone must be this alike (symmetric) when a publication date stands in
FALLBACK_MIN_SHARED = 2  # ... and share this many words besides the event word
FALLBACK_PRESENT_DAYS = 7  # a present-tense report tells of the week up to its publication date
PARTICIPANT_MAX_DOC_SHARE = 0.25  # a participant named in more of the documents tells events apart too little
PARTICIPANT_MIN_RARE_DOCS = 2  # (in a small corpus, one named in two documents is still rare)
SUBJECT_RULE_MIN_SIMILARITY = 0.45  # the same subject with another event word: this much of the words agree,
SUBJECT_RULE_MIN_WORDS = 4  # and each says at least this much (not "that it will invest $2 billion")
TEXT_DATED = "timex"
NOTHING = frozenset()  # one shared empty set for the many mentions without ordinals or arguments
# event words the participant rule does not join on: light and reporting verbs, and nouns of lasting
# things ("negotiations", "tariffs") that name a happening only with a date
PARTICIPANT_RULE_EXCLUDED = LIGHT_TRIGGERS | REPORTING_VERBS | (EVENT_NOUNS - UNDATED_NOUNS)
IN_CLAUSE = "clause"  # dated by the clause it belongs to: it joins that clause's mention and nothing else
DATE_SOURCE_RANK = {TEXT_DATED: 0, None: 0, IN_CLAUSE: 1}  # anything else: a stated fallback


def date_source(m) -> str:
    return getattr(m, "date_source", None) or TEXT_DATED


def text_dated(m) -> bool:
    """Does a temporal expression in the text date this mention (not a stated fallback)?"""
    return date_source(m) in (TEXT_DATED, IN_CLAUSE)


@dataclass(slots=True)  # no __dict__ per event
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
    date_source: str = TEXT_DATED  # 'publication' when no mention has a date of its own
    confidence: float = 0.0  # the highest confidence of its mentions


class DateOnly(NamedTuple):
    """What dates_compatible reads of a mention."""
    value: str
    granularity: str
    begin_date: date | None
    end_date: date | None


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
    """The mention whose date stands for the event: one the text dates before one only the
    publication date places (of those, the earliest report); then the finest precision, then the
    widest extent at that precision (a range over the days inside it), then the most confident,
    then the first."""
    best = min(DATE_SOURCE_RANK.get(date_source(m), 2) for m in mentions)
    dated = [m for m in mentions if DATE_SOURCE_RANK.get(date_source(m), 2) == best]
    if best == 2:
        return min(dated, key=lambda m: (m.begin_date or date.max, -m.confidence, m.mention_id))
    return min(dated, key=lambda m: (GRANULARITY_RANK.get(m.granularity, 9), -_span_days(m),
                                     -m.confidence, m.mention_id))


def arguments_of(m, wanted: tuple[str, ...] | None = None) -> frozenset:
    """The participants the parse shows as arguments of a mention's trigger (actors with a role,
    or with one of the wanted roles)."""
    roles = getattr(m, "actor_roles", None) or []
    return frozenset(a for a, r in zip(m.actors, roles) if r and (wanted is None or r in wanted)) or NOTHING


def objects_clash(oa: frozenset, ob: frozenset) -> bool:
    """The same event word done to different things ("introduces iPhone" / "introduced iPhone 4"):
    the objects (arguments_of(m, ("object",))) of both, and none in common."""
    return bool(oa and ob and not oa & ob)


def fallback_window(m) -> tuple[date | None, date | None]:
    """The days a mention only a fallback dates can be about: a past report, on or before its date;
    a present-tense one (relation 'on': "Apple launches iPhone"), the week up to its date."""
    if m.end_date is None:
        return None, None
    low = m.begin_date - timedelta(days=FALLBACK_PRESENT_DAYS) if getattr(m, "relation", "") == "on" else None
    return low, m.end_date


def fallback_allows(fallback, other) -> bool:
    """Can a mention only a fallback dates tell of the other's date?"""
    if not text_dated(other) or other.begin_date is None:
        return True
    low, high = fallback_window(fallback)
    return (high is None or other.begin_date <= high) and (low is None or other.end_date >= low)


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


def _incidence(sets_of, columns: dict, values=None) -> sparse.csr_matrix:
    """A row per set, a column per key of columns (its number there): values[column] where the set
    holds the key (1.0 without values)."""
    lengths = [len(keys) for keys in sets_of]
    cols = np.fromiter((columns[k] for keys in sets_of for k in keys), dtype=np.int64, count=sum(lengths))
    rows = np.repeat(np.arange(len(sets_of)), lengths)
    vals = np.ones(len(cols)) if values is None else np.asarray(values, dtype=np.float64)[cols]
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(sets_of), max(1, len(columns))))


def _codes(keys) -> np.ndarray:
    """An integer per key, equal for equal keys (numbered in order of first appearance)."""
    table: dict = {}
    return np.array([table.setdefault(k, len(table)) for k in keys], dtype=np.int64)


def _shared(a: sparse.csr_matrix, b: sparse.csr_matrix, i, j) -> np.ndarray:
    """For each pair (i[k], j[k]): the sum of row i[k] of a over the columns row j[k] of b holds."""
    return np.asarray(a[i].multiply(b[j] > 0).sum(axis=1)).ravel()


def candidate_pairs(mentions, weighted, ordinals_of, weight, in_clause, dated_by_text):
    """(i, j, shared weight) arrays, i < j, in order, for BLOCK_ROWS rows i at a time: the pairs that
    share a word blocked on (a column of weighted, a mention's words and their IDF) and that step 2
    of merge_mentions could join or flag: a clause's own verb only with the same event word in
    another document; a similarity that can reach MIN_SIMILARITY with the largest bonus the pair
    could get; and, when a temporal expression dates both, the same value or dates within
    CONFLICT_MAX_DAYS. The rest are never compared in Python."""
    n = len(mentions)
    present_t = (weighted > 0).astype(np.float64).T.tocsc()
    weight_arr = np.asarray(weight, dtype=np.float64)

    lemma = _codes(m.trigger_lemma for m in mentions)
    light = np.array([m.trigger_lemma in LIGHT_TRIGGERS for m in mentions])
    doc = _codes(m.doc_id for m in mentions)
    value = _codes(m.value for m in mentions)
    clause = np.asarray(in_clause, dtype=bool)
    by_text = np.asarray(dated_by_text, dtype=bool)
    has_ordinal = np.array([bool(o) for o in ordinals_of])
    far = 10 ** 9  # a missing date is never close to anything (value equality still counts)
    begin = np.array([_day(m.begin_date, far) for m in mentions], dtype=np.int64)
    end = np.array([_day(m.end_date, -far) for m in mentions], dtype=np.int64)
    for start in range(0, n, BLOCK_ROWS):
        # only the columns from the block on: pairs i < j
        block = (weighted[start:start + BLOCK_ROWS] @ present_t[:, start:]).tocoo()
        i, j, shared = block.row + start, block.col + start, block.data
        keep = j > i
        i, j, shared = i[keep], j[keep], shared[keep]
        # the similarity first: it leaves the fewest pairs for the other tests
        same_lemma = lemma[i] == lemma[j]
        smaller = np.minimum(weight_arr[i], weight_arr[j])
        smaller[smaller == 0] = 1.0
        bonus = np.where(same_lemma & ~light[i], SAME_TRIGGER_BONUS, 0.0) \
            + np.where(has_ordinal[i] & has_ordinal[j], SAME_ORDINAL_BONUS, 0.0)
        keep = shared / smaller + bonus >= MIN_SIMILARITY - 1e-9
        i, j, shared, same_lemma, bonus = i[keep], j[keep], shared[keep], same_lemma[keep], bonus[keep]
        gap = np.maximum(np.maximum(begin[j] - end[i], begin[i] - end[j]), 0)
        dated = (begin[i] < far) & (begin[j] < far) & (end[i] > -far) & (end[j] > -far)
        dates_may_join = (value[i] == value[j]) | (dated & (gap <= CONFLICT_MAX_DAYS)) | ~(by_text[i] & by_text[j])
        clause_ok = ~(clause[i] | clause[j]) | ((doc[i] != doc[j]) & same_lemma)
        # a fallback dates one of them, or one is a clause's verb: the same event word, and words
        # alike enough on both sides, must carry the join
        words_path = ~(by_text[i] & by_text[j]) | clause[i] | clause[j]
        symmetric = 2 * shared / np.maximum(weight_arr[i] + weight_arr[j], 1e-12) + bonus
        words_ok = ~words_path | (same_lemma & ~light[i] & (symmetric >= FALLBACK_MIN_SIMILARITY - 1e-9))
        keep = clause_ok & words_ok & dates_may_join
        order = np.lexsort((j[keep], i[keep]))
        yield i[keep][order], j[keep][order], shared[keep][order]


def merge_mentions(mentions) -> list[Event]:
    """Cluster mentions (objects with the EventMention fields) into events, deterministically.

    Three ways to join, in this order: a mention dated by the clause it belongs to joins that
    clause's mention; two mentions join on compatible dates and shared distinctive words (or, when a
    fallback dates one of them, on their words alone); a mention joins one in another document with
    the same event word and the same participants. A join through a mention that only a fallback
    dates never brings two different dates together."""
    mentions = sorted(mentions, key=lambda m: m.mention_id)
    n = len(mentions)
    in_clause = [date_source(m) == IN_CLAUSE for m in mentions]
    dated_by_text = [text_dated(m) for m in mentions]
    # a tuple of distinct words per mention (a set took 700 bytes); ordinal keys: see ordinals_clash
    words_of = [tuple(dict.fromkeys(w for w in m.keywords if "#" not in w)) for m in mentions]
    ordinals_of = [frozenset(w for w in m.keywords if "#" in w) or NOTHING for m in mentions]
    mentions_per_word = Counter(w for words in words_of for w in words)
    # documents per word, counted a document at a time (a set of documents per word took 50 MB at
    # 188,356 mentions); the words of a clause's own mention tell how rare a word is
    docs_per_word: Counter = Counter()
    by_doc = sorted(range(n), key=lambda i: mentions[i].doc_id)
    for _, members in groupby(by_doc, key=lambda i: mentions[i].doc_id):
        docs_per_word.update({w for i in members if not in_clause[i] for w in words_of[i]})
    n_docs = len({m.doc_id for m in mentions}) or 1
    idf = {w: math.log(1 + n_docs / count) for w, count in docs_per_word.items()}
    rarest = math.log(1 + n_docs)
    weight = [sum(idf.get(w, rarest) for w in words) for words in words_of]

    uf = _UnionFind(n)
    reasons: dict[int, str] = {}
    conflicts: set[int] = set()
    dated_members: dict[int, list[int]] = {}  # of the roots of joined mentions: their mentions the text dates

    def dated_members_of(root: int) -> list[int]:
        return dated_members[root] if root in dated_members else [root] if dated_by_text[root] else []

    def join(i, j, because_i: str, because_j: str | None) -> None:
        reasons.setdefault(i, because_i)
        if because_j is not None:
            reasons.setdefault(j, because_j)
        ri, rj = uf.find(i), uf.find(j)
        if ri != rj:
            uf.union(i, j)
            root = uf.find(i)
            dated_members[root] = dated_members_of(ri) + dated_members_of(rj)
            dated_members.pop(rj if root == ri else ri, None)
            highs = [d for d in (fallback_bound.get(ri), fallback_bound.get(rj)) if d is not None]
            lows = [d for d in (fallback_low.get(ri), fallback_low.get(rj)) if d is not None]
            if highs:
                fallback_bound[root] = min(highs)
            if lows:
                fallback_low[root] = max(lows)

    fallback_bound: dict[int, date] = {}
    fallback_low: dict[int, date] = {}
    for i, m in enumerate(mentions):
        low, high = fallback_window(m) if not dated_by_text[i] else (None, None)
        if high is not None:
            fallback_bound[i] = high
        if low is not None:
            fallback_low[i] = low

    def date_of(x: int) -> DateOnly:
        m = mentions[x]
        return DateOnly(m.value, m.granularity, m.begin_date, m.end_date)

    def clusters_agree(i, j) -> bool:
        """Joining through a mention only a fallback dates must not join two different dates, nor a
        date after a report that tells of it."""
        ri, rj = uf.find(i), uf.find(j)
        a, b = dated_members_of(ri), dated_members_of(rj)
        # dates_compatible looks at the date only: each distinct date once
        dates_a, dates_b = {date_of(x) for x in a[:20]}, {date_of(y) for y in b[:20]}
        if not all(dates_compatible(x, y) for x in dates_a for y in dates_b):
            return False
        highs = [d for d in (fallback_bound.get(ri), fallback_bound.get(rj)) if d is not None]
        lows = [d for d in (fallback_low.get(ri), fallback_low.get(rj)) if d is not None]
        if highs and lows and max(lows) > min(highs):
            return False
        return all((mentions[x].begin_date is None or not highs or mentions[x].begin_date <= min(highs)) and
                   (mentions[x].end_date is None or not lows or mentions[x].end_date >= max(lows))
                   for x in (a + b)[:40])

    def shared_words(i, j) -> set[str]:
        return set(words_of[i]).intersection(words_of[j])

    def word_similarity(i, j) -> float:
        shared = sum(idf.get(w, rarest) for w in shared_words(i, j))
        return shared / (min(weight[i], weight[j]) or 1.0)

    def index_of(mention_id: str) -> int | None:
        k = bisect_left(mentions, mention_id, key=attrgetter("mention_id"))  # (sorted by mention_id)
        return k if k < n and mentions[k].mention_id == mention_id else None

    # 1. a verb or noun in a dated clause is part of that clause's event
    clause_note: dict[int, str] = {}  # a clause's mention joined only by its own verbs and nouns
    for i, m in enumerate(mentions):
        p = index_of(getattr(m, "dated_by", None) or "") if in_clause[i] else None
        if p is not None:
            join(i, p, f"in the clause dated {mentions[p].value} by {mentions[p].mention_id}", None)
            clause_note.setdefault(p, f"its dated clause holds {m.mention_id}")

    # 2. compatible dates and shared distinctive words
    ordinal_maps = [ordinals(m.keywords) if o else None for m, o in zip(mentions, ordinals_of)]
    vocab = {w: k for k, w in enumerate(mentions_per_word)}
    weighted = _incidence(words_of, vocab, [idf.get(w, rarest) for w in vocab])  # a mention's words and their IDF
    blockable = [k for k, count in enumerate(mentions_per_word.values()) if count <= MAX_KEYWORD_DF]
    pairs = candidate_pairs(mentions, weighted[:, blockable], ordinals_of, weight, in_clause, dated_by_text)
    for i, j, shared in chain.from_iterable(zip(*(a.tolist() for a in block)) for block in pairs):
        m, o = mentions[i], mentions[j]
        if (in_clause[i] or in_clause[j]) and (m.doc_id == o.doc_id or m.trigger_lemma != o.trigger_lemma):
            continue  # in its document a clause's verb belongs to that clause; elsewhere, the same event word
        smaller = min(weight[i], weight[j]) or 1.0
        same_trigger = m.trigger_lemma == o.trigger_lemma and m.trigger_lemma not in LIGHT_TRIGGERS
        same_ordinal = bool(ordinals_of[i] & ordinals_of[j])
        bonus = (SAME_TRIGGER_BONUS if same_trigger else 0.0) + (SAME_ORDINAL_BONUS if same_ordinal else 0.0)
        similarity = shared / smaller + bonus
        if similarity < MIN_SIMILARITY or ordinals_clash(ordinal_maps[i], ordinal_maps[j]):
            continue
        if not (dated_by_text[i] and dated_by_text[j]) or in_clause[i] or in_clause[j]:
            # a fallback dates one of them (or one is part of a dated clause): the words must carry the join
            symmetric = 2 * shared / ((weight[i] + weight[j]) or 1.0) + bonus
            others = {w for w in shared_words(i, j) if w not in (m.trigger_lemma, o.trigger_lemma)}
            if not same_trigger or symmetric < FALLBACK_MIN_SIMILARITY \
                    or objects_clash(arguments_of(m, ("object",)), arguments_of(o, ("object",))) \
                    or len(others) < FALLBACK_MIN_SHARED \
                    or not (fallback_allows(m, o) if not dated_by_text[i] else True) \
                    or not (fallback_allows(o, m) if not dated_by_text[j] else True) \
                    or uf.find(i) == uf.find(j) or not clusters_agree(i, j):  # (one event already: nothing to do)
                continue
            why = "words only (a fallback date stands in, not compared)" if not (dated_by_text[i] and dated_by_text[j]) \
                else ("same date" if m.value == o.value else "date inside") if dates_compatible(m, o) else None
            if why is None:
                continue
        elif dates_compatible(m, o):
            why = "same date" if m.value == o.value else "date inside"
        elif m.doc_id != o.doc_id and dates_close(m, o) \
                and 2 * shared / ((weight[i] + weight[j]) or 1.0) + bonus >= CONFLICT_SIMILARITY:
            why = "conflicting dates"
            conflicts.update((i, j))
        else:
            continue
        if uf.find(i) != uf.find(j):
            words = sorted(shared_words(i, j), key=lambda w: (-idf.get(w, rarest), w))[:6]
            words += sorted(ordinals_of[i] & ordinals_of[j])
            trig = f"same trigger '{m.trigger_lemma}', " if same_trigger else ""
            dates = f" {m.value} ~ {o.value}" if dated_by_text[i] and dated_by_text[j] else ""
            because = f"{why}{dates}; {trig}shared words {', '.join(words)} (similarity {similarity:.2f})"
            join(i, j, f"{because} with {o.mention_id}", f"{because} with {m.mention_id}")

    # 3. the same event word with the same participants in two documents (verbs and happening nouns,
    # not reporting verbs: "Jobs resigned" / "On August 24, Jobs resigned from his post as CEO")
    # ... or the same rare person or organisation as subject, told in much the same words ("Tetsuo
    # Saito ... had hand-delivered a personal letter" / "Tetsuo Saito ... carried a personal letter")
    by_word_and_arg: dict[tuple, list[int]] = defaultdict(list)
    docs_per_arg: dict[str, set] = defaultdict(set)
    for i, m in enumerate(mentions):
        for a in arguments_of(m):
            docs_per_arg[a].add(m.doc_id)
            if m.trigger_lemma not in PARTICIPANT_RULE_EXCLUDED:
                by_word_and_arg[(m.trigger_lemma, a)].append(i)
        for a in arguments_of(m, ("subject",)):
            if m.trigger_lemma not in REPORTING_VERBS | LIGHT_TRIGGERS:
                by_word_and_arg[("", a)].append(i)
    rare = max(PARTICIPANT_MIN_RARE_DOCS, PARTICIPANT_MAX_DOC_SHARE * n_docs)
    # The tests below that depend only on the pair are made in numpy, PAIR_BLOCK pairs at a time;
    # only the pairs that pass them are visited in Python, in the order the rule takes them (group by
    # group, each member with the later ones), for the tests that depend on the joins made so far.
    groups = [(word, arg, members) for (word, arg), members in sorted(by_word_and_arg.items())
              if len(members) <= MAX_KEYWORD_DF and not (not word and len(docs_per_arg[arg]) > rare)]
    upper: dict[int, tuple] = {}  # group size -> its pairs of positions, in visiting order
    doc = _codes(m.doc_id for m in mentions)
    by_text = np.array(dated_by_text, dtype=bool)
    arg_columns = {a: k for k, a in enumerate(docs_per_arg)}  # (objects are arguments too)
    objects = _incidence([arguments_of(m, ("object",)) for m in mentions], arg_columns)
    has_objects = np.diff(objects.indptr) > 0
    args = _incidence([arguments_of(m) for m in mentions], arg_columns)
    weight_arr = np.array(weight, dtype=np.float64)
    n_plain = np.array([sum(1 for w in words if not w.startswith("@")) for words in words_of], dtype=np.int64)
    subject_of_group = np.array([not word for word, _, _ in groups], dtype=bool)
    rare_of_group = np.array([len(docs_per_arg[arg]) <= rare for _, arg, _ in groups], dtype=bool)

    def pure_survivors(chosen: list[int]):
        """(i, j, group) of these groups' pairs that pass the tests depending on the pair only."""
        pair_i, pair_j, pair_group = [], [], []
        for g in chosen:
            members = np.asarray(groups[g][2])
            xs, ys = upper.setdefault(len(members), np.triu_indices(len(members), 1))
            pair_i.append(members[xs])
            pair_j.append(members[ys])
            pair_group.append(np.full(len(xs), g))
        i, j, group = np.concatenate(pair_i), np.concatenate(pair_j), np.concatenate(pair_group)
        keep = (doc[i] != doc[j]) & (by_text[i] | by_text[j])  # two undated reports: only their words join them
        i, j, group = i[keep], j[keep], group[keep]
        subject_group, rare_group = subject_of_group[group], rare_of_group[group]
        clash = has_objects[i] & has_objects[j]
        clash[clash] = _shared(objects, objects, i[clash], j[clash]) == 0  # objects_clash
        n_shared_args = _shared(args, args, i, j)
        need_words = subject_group | ((n_shared_args < 2) & rare_group)
        similar = np.zeros(len(i), dtype=bool)
        k = np.flatnonzero(need_words & ~clash)
        smaller = np.minimum(weight_arr[i[k]], weight_arr[j[k]])
        smaller[smaller == 0] = 1.0
        similarity = _shared(weighted, weighted, i[k], j[k]) / smaller
        bar = np.where(subject_group[k], SUBJECT_RULE_MIN_SIMILARITY, MIN_SIMILARITY)
        similar[k] = similarity >= bar
        # summed in another order than word_similarity: where that could tip the comparison, ask it
        for x in k[np.abs(similarity - bar) <= 1e-9]:
            similar[x] = word_similarity(int(i[x]), int(j[x])) >= (SUBJECT_RULE_MIN_SIMILARITY if subject_group[x]
                                                                   else MIN_SIMILARITY)
        words_ok = np.where(subject_group, similar & (np.minimum(n_plain[i], n_plain[j]) >= SUBJECT_RULE_MIN_WORDS),
                            (n_shared_args >= 2) | (rare_group & similar))
        keep = ~clash & words_ok
        return zip(i[keep].tolist(), j[keep].tolist(), group[keep].tolist())

    def all_survivors():
        """pure_survivors of the groups in order, PAIR_BLOCK pairs or so at a time (bounds the memory)."""
        chosen, pairs = [], 0
        for g, (_, _, members) in enumerate(groups):
            chosen.append(g)
            pairs += len(members) * (len(members) - 1) // 2
            if pairs >= PAIR_BLOCK:
                yield from pure_survivors(chosen)
                chosen, pairs = [], 0
        if chosen:
            yield from pure_survivors(chosen)

    survivors = all_survivors()
    for i, j, g in survivors:
        word = groups[g][0]
        m, o = mentions[i], mentions[j]
        if ordinals_clash(ordinal_maps[i], ordinal_maps[j]) or uf.find(i) == uf.find(j):
            continue
        if dated_by_text[i] and dated_by_text[j]:
            if not dates_compatible(m, o):
                continue
            why = f"same event word and participant, {'same date' if m.value == o.value else 'date inside'}" \
                  f" {m.value} ~ {o.value}"
        else:
            f, t = (m, o) if not dated_by_text[i] else (o, m)
            if not fallback_allows(f, t) or not clusters_agree(i, j):
                continue
            why = "same event word and participant (a fallback date stands in, not compared)"
        if not word:
            why = why.replace("same event word and participant", "same subject and words")
        shared_args = arguments_of(m) & arguments_of(o)
        because = f"{why}; '{word or m.trigger_lemma + '/' + o.trigger_lemma}' with {', '.join(sorted(shared_args))}"
        join(i, j, f"{because} with {o.mention_id}", f"{because} with {m.mention_id}")

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        clusters[uf.find(i)].append(i)
    events = []
    for members in clusters.values():
        ms = [mentions[i] for i in members]
        conflict = any(i in conflicts for i in members)
        rep = representative(ms)
        actor_counts = Counter(a for m in ms for a in m.actors)
        best = min(DATE_SOURCE_RANK.get(date_source(m), 2) for m in ms)
        label = min((m.quote for m in ms if min(DATE_SOURCE_RANK.get(date_source(m), 2), 1) == min(best, 1)), key=len)
        events.append(Event(
            event_id="E" + hashlib.sha1(ms[0].mention_id.encode()).hexdigest()[:12],
            label=label if len(label) <= 200 else label[:197] + "...",
            value=rep.value, mod=rep.mod, begin_date=rep.begin_date, end_date=rep.end_date,
            granularity=rep.granularity, status=rep.status,
            actors=[a for a, _ in actor_counts.most_common()],
            mention_ids=[m.mention_id for m in ms],
            doc_ids=sorted({m.doc_id for m in ms}),
            conflict=conflict,
            alt_values=sorted({m.value for m in ms if text_dated(m)} - {rep.value}),
            date_source=getattr(rep, "date_source", TEXT_DATED) or TEXT_DATED,
            confidence=max(m.confidence for m in ms),
            reasons={mentions[i].mention_id: "first mention" if k == 0 else reasons.get(i) or clause_note[i]
                     for k, i in enumerate(members)},
        ))
    return events
