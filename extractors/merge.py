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
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from extractors.entities import name_key
from extractors.events import EVENT_NOUNS, REPORTING_VERBS, SYNONYMS, UNDATED_NOUNS

GRANULARITY_RANK = {"time": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5,
                    "year": 6, "decade": 7, "century": 8}
MIN_SIMILARITY = 0.3  # weighted share of the smaller mention's words found in the other
SAME_TRIGGER_BONUS = 0.15  # both clauses hang on the same event word ("period", "summit")
SAME_ORDINAL_BONUS = 0.3  # both speak of the same numbered occurrence ("the second round")
SAME_DOC_OTHER_WORD_MIN_SIMILARITY = 0.4  # two event words of one article ("passed Wal-Mart in February" / "as
# of February, the store accounts for 70%"): one event only when this much of the words agree (an article
# tells its other events of the same day with its own names; "Bloomberg reported on April 24" /
# "Bloomberg analyzed on the 24th": 0.45)
LIGHT_TRIGGERS = frozenset({"be", "have", "do", "say", "make", "take", "get", "give", "go", "come",
                            "set", "schedule"})  # (a date is set for what it sets: "set his trial for February")
MAX_RANK_GAP = 2  # a day may join a week or a month, not a year
MAX_KEYWORD_DF = 500  # words in more mentions than this are too common to block on
CONFLICT_SIMILARITY = 0.45  # so alike (symmetric: short mentions cannot pass) that differing dates are
                           # a disagreement between sources ...
CONFLICT_MAX_DAYS = 60  # ... when the dates are this close (a summit every year is not one event)
BLOCK_ROWS = 512  # mentions whose candidate pairs are computed at once (bounds the memory)
LINK_BUFFER = 1_000_000  # candidate pairs folded into the merge's components at once (16 MB)
PAIR_BLOCK = 50_000  # pairs of the participant rule tested at once (bounds the memory: 200,000 took 31 MB more
                    # at 188,105 mentions)
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


MAX_RANGE_DAYS = 366  # a range wider than a year ("1955-2011", a life) dates no one event inside it


def _wide_range(x) -> bool:
    return "/" in x.value and x.begin_date is not None and x.end_date is not None \
        and (x.end_date - x.begin_date).days > MAX_RANGE_DAYS


def dates_compatible(a, b) -> bool:
    if a.granularity == "duration" or b.granularity == "duration":
        return a.value == b.value
    if a.value == b.value:
        return True
    if None in (a.begin_date, a.end_date, b.begin_date, b.end_date):
        return False
    if _wide_range(a) or _wide_range(b):
        return False
    ra, rb = GRANULARITY_RANK.get(a.granularity, 9), GRANULARITY_RANK.get(b.granularity, 9)
    if abs(ra - rb) > MAX_RANK_GAP:
        return False
    return (a.begin_date <= b.begin_date and b.end_date <= a.end_date) or \
           (b.begin_date <= a.begin_date and a.end_date <= b.end_date)


def person_words(m) -> frozenset:
    """The merge words of the persons a mention names (after extractors.entities gave it canonical
    names and their labels): '@daniel okafor', 'daniel', 'okafor'."""
    words = set()
    for name, label in zip(m.actors, getattr(m, "actor_labels", None) or ()):
        if label == "PERSON":
            key = name_key(name)
            words.add(f"@{key}")
            words.update(key.split())
    return frozenset(words) or NOTHING


def same_event_word(a: str, b: str) -> bool:
    """Two trigger lemmas that name the same kind of happening (rules/events.json synonyms)."""
    return a == b or SYNONYMS.get(a, a) == SYNONYMS.get(b, b)


def dates_nested(a, b) -> bool:
    """One date lies inside the other, however far apart their precisions ("2010" / "2010-02-27"):
    the sources do not disagree, one is less precise."""
    if None in (a.begin_date, a.end_date, b.begin_date, b.end_date) or _wide_range(a) or _wide_range(b):
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


def event_status(mentions, rep) -> str:
    """The status of the mention whose date stands for the event, but an event that one source tells
    as done (a date of its own, status 'occurred') has happened, whatever an earlier source expected
    ("will reopen on Dec. 1" / "went back to school on Monday"): told as scheduled or planned, it
    occurred."""
    if rep.status in ("scheduled", "planned") and any(m.status == "occurred" and text_dated(m) for m in mentions):
        return "occurred"
    return rep.status


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


FAR_DAY = 10 ** 9  # the day number of a missing date: never close to anything (value equality still counts)


def _rows_matrix(indptr, cols, n_columns: int, values=None) -> sparse.csr_matrix:
    """A row per slice indptr[r]:indptr[r + 1] of cols: values[column] at its columns (1.0 without
    values), the columns of a row in increasing order (what scipy's sparse products sum in)."""
    cols = np.asarray(cols)
    vals = np.ones(len(cols)) if values is None else np.asarray(values, dtype=np.float64)[cols]
    matrix = sparse.csr_matrix((vals, cols, np.asarray(indptr, dtype=np.int64)),
                               shape=(len(indptr) - 1, max(1, n_columns)))
    matrix.sort_indices()
    return matrix


def _row_ends(indptr: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """The indptr of the rows (slices indptr[r]:indptr[r + 1]) with only their `kept` entries."""
    return np.concatenate([[0], np.cumsum(kept)])[indptr]


def _shared(a: sparse.csr_matrix, b: sparse.csr_matrix, i, j) -> np.ndarray:
    """For each pair (i[k], j[k]): the sum of row i[k] of a over the columns row j[k] of b holds."""
    return np.asarray(a[i].multiply(b[j] > 0).sum(axis=1)).ravel()


class _Lists:
    """Lists of integer codes, a list per mention, as one flat array and the offsets of its lists."""

    def __init__(self):
        self.flat, self.ends = array("i"), array("q", [0])

    def append(self, codes) -> None:
        self.flat.extend(codes)
        self.ends.append(len(self.flat))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(indptr, codes)"""
        return np.frombuffer(self.ends, dtype=np.int64), np.frombuffer(self.flat, dtype=np.int32)


class MentionArrays:
    """What the search for candidate joins (CandidateSearch) reads of mentions, in mention_id order:
    integer codes (document, event word, date value, words, participants), day numbers and flags,
    in flat arrays (about 60 bytes per mention and 4 per word or participant it holds), with the
    vocabularies (a code per distinct word, document, event word, value or participant, numbered in
    order of first appearance). Filled a slice of mentions at a time (`add`, canonical participants
    already given: extractors.entities), so the mentions need not all be in memory at once."""

    def __init__(self):
        # key -> code, numbered in order of first appearance
        self.word_code, self.doc_code, self.lemma_code, self.value_code, self.participant_code = ({} for _ in range(5))
        self._ints = {name: array("i") for name in ("doc", "lemma", "value", "begin", "end", "n_plain")}
        self._flags = {name: array("b") for name in ("in_clause", "by_text", "has_ordinal")}
        self._lists = {name: _Lists() for name in ("words", "arguments", "objects", "subjects")}
        self.n = 0
        self.clause_parent: np.ndarray | None = None

    def add(self, mentions) -> None:
        """Append these mentions (in mention_id order, or see `finish`)."""
        ints, flags, lists = self._ints, self._flags, self._lists
        doc, lemma, value, begin, end, n_plain = (ints[k] for k in ("doc", "lemma", "value", "begin", "end", "n_plain"))
        in_clause, by_text, has_ordinal = flags["in_clause"], flags["by_text"], flags["has_ordinal"]
        words_of, arguments, objects, subjects = (lists[k] for k in ("words", "arguments", "objects", "subjects"))
        docs, lemmas, values, word_code, participants = \
            self.doc_code, self.lemma_code, self.value_code, self.word_code, self.participant_code

        def codes(table, keys):
            return [table[k] if k in table else table.setdefault(k, len(table)) for k in keys]

        def code(table, key):
            found = table.get(key)
            return table.setdefault(key, len(table)) if found is None else found
        for m in mentions:
            doc.append(code(docs, m.doc_id))
            lemma.append(code(lemmas, m.trigger_lemma))
            value.append(code(values, m.value))
            begin.append(m.begin_date.toordinal() if m.begin_date is not None else FAR_DAY)
            end.append(m.end_date.toordinal() if m.end_date is not None else -FAR_DAY)
            # a mention's distinct words, in order; ordinal keys ('round#second') apart: see ordinals_clash
            keywords = m.keywords
            words = dict.fromkeys(w for w in keywords if "#" not in w)
            words_of.append(codes(word_code, words))
            n_plain.append(sum(1 for w in words if w[:1] != "@"))
            source = date_source(m)
            in_clause.append(source == IN_CLAUSE)
            by_text.append(source in (TEXT_DATED, IN_CLAUSE))
            has_ordinal.append(len(words) != len(keywords) and any("#" in w for w in keywords))
            # the participants the parse shows as arguments of its trigger (arguments_of), by role
            roles = getattr(m, "actor_roles", None) or ()
            args = dict.fromkeys((a, r) for a, r in zip(m.actors, roles) if r) if any(roles) else ()
            arguments.append(codes(participants, dict.fromkeys(a for a, _ in args)))
            objects.append(codes(participants, dict.fromkeys(a for a, r in args if r == "object")))
            subjects.append(codes(participants, dict.fromkeys(a for a, r in args if r == "subject")))
        self.n += len(mentions)

    def finish(self, clause_parent, order=None) -> "MentionArrays":
        """No more mentions: the arrays as numpy arrays, in mention_id order. `order`: where the
        mentions were added in another order, the positions (in the order added) of the mentions in
        mention_id order; the word codes are then numbered anew in order of first appearance in
        mention_id order (the order of the columns sparse products sum in: the same sums to the last
        bit). clause_parent: for each mention (in mention_id order) the position of its clause's
        mention where the clause dates it, else -1."""
        order = None if order is None else np.asarray(order, dtype=np.int64)
        for name, values in self._ints.items():
            values = np.frombuffer(values, dtype=np.int32)
            setattr(self, name, values if order is None else values[order])
        for name, values in self._flags.items():
            values = np.frombuffer(values, dtype=np.int8).astype(bool)
            setattr(self, name, values if order is None else values[order])
        for name, values in self._lists.items():
            indptr, codes = values.arrays()
            if order is not None:
                lengths = np.diff(indptr)[order]
                new_ptr = np.concatenate([[0], np.cumsum(lengths)])
                codes = codes[np.repeat(indptr[order] - new_ptr[:-1], lengths) + np.arange(new_ptr[-1])]
                indptr = new_ptr
            setattr(self, name, (indptr, codes))
        if order is not None and len(self.word_code):
            indptr, codes = self.words
            first_seen = np.unique(codes, return_index=True)[1]  # (every code appears)
            by_first = np.argsort(first_seen, kind="stable")
            renumber = np.empty_like(by_first)
            renumber[by_first] = np.arange(len(by_first))
            self.words = (indptr, renumber[codes].astype(np.int32))
            words = list(self.word_code)
            self.word_code = {words[old]: new for new, old in enumerate(by_first.tolist())}
        self._ints = self._flags = self._lists = None  # (copied where reordered)
        self.clause_parent = np.asarray(clause_parent, dtype=np.int32)
        lemma_names = list(self.lemma_code)
        self.light = np.array([w in LIGHT_TRIGGERS for w in lemma_names], dtype=bool)[self.lemma]
        self.participant_rule = np.array([w not in PARTICIPANT_RULE_EXCLUDED for w in lemma_names], dtype=bool)
        self.subject_rule = np.array([w not in REPORTING_VERBS | LIGHT_TRIGGERS for w in lemma_names], dtype=bool)
        return self


@dataclass
class CandidateJoins:
    """The pairs of mentions merge_mentions's rules may join among a set of mentions (positions in
    that set), in the order the rules take them, with the statistics of all the mentions they were
    found among (a mention's words' IDF and their sum)."""
    idf: dict[str, float]  # word -> its IDF among all the mentions
    rarest: float  # the IDF of a word no document counts (only a clause's verb holds it)
    weight: np.ndarray  # per mention of the set: the IDF of its words, summed in their order
    clause: tuple[np.ndarray, np.ndarray]  # step 1: (mention, its dated clause's mention)
    word_pairs: tuple[np.ndarray, np.ndarray, np.ndarray]  # step 2: (i, j, their shared words' IDF)
    participant_pairs: tuple[np.ndarray, np.ndarray, np.ndarray]  # step 3: (i, j, group)
    group_words: list[str]  # step 3: the event word of each group ('' for the same subject and words)


def candidate_pairs(a: MentionArrays, weighted, weight, rows: np.ndarray | None = None):
    """(i, j, shared weight) arrays, i < j, in order, for BLOCK_ROWS rows i at a time: the pairs that
    share a word blocked on (a column of weighted, a mention's words and their IDF) and that step 2
    of merge_mentions could join or flag: a clause's own verb only with the same event word in
    another document; a similarity that can reach MIN_SIMILARITY with the largest bonus the pair
    could get; and, when a temporal expression dates both, the same value or dates within
    CONFLICT_MAX_DAYS. The rest are never compared in Python. With `rows` (positions, increasing):
    the pairs among those mentions only (positions still of all the mentions)."""
    if rows is not None:
        weighted = weighted[rows]  # (each row's columns in the same order: the same sums)
    n = weighted.shape[0]
    present_t = (weighted > 0).astype(np.float64).T.tocsc()
    weight_arr = np.asarray(weight, dtype=np.float64)
    lemma, light, doc, value = a.lemma, a.light, a.doc, a.value
    clause, by_text, has_ordinal = a.in_clause, a.by_text, a.has_ordinal
    far = FAR_DAY
    begin, end = a.begin.astype(np.int64), a.end.astype(np.int64)
    for start in range(0, n, BLOCK_ROWS):
        # only the columns from the block on: pairs i < j
        block = (weighted[start:start + BLOCK_ROWS] @ present_t[:, start:]).tocoo()
        i, j, shared = block.row + start, block.col + start, block.data
        keep = j > i
        i, j, shared = i[keep], j[keep], shared[keep]
        if rows is not None:
            i, j = rows[i], rows[j]
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


def _sequential_sums(indptr: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The sum of each row's values (values[indptr[r]:indptr[r + 1]]), added one after the other
    from the first, as Python's sum() adds floats (so the same float to the last bit)."""
    lengths = np.diff(indptr)
    sums = np.zeros(len(lengths))
    rows = np.flatnonzero(lengths)
    k = 0
    while len(rows):
        sums[rows] += values[indptr[rows] + k]
        k += 1
        rows = rows[lengths[rows] > k]
    return sums


class CandidateSearch:
    """The statistics of all the mentions (their words' IDF among their documents, the groups of
    step 3) and, from them and the mentions' arrays alone, the pairs each rule of merge_mentions may
    join: step 1's clause links, step 2's candidate_pairs, step 3's participant pairs that pass every
    test depending on the pair alone. Mentions never linked by a chain of such pairs never meet in
    an event: `components` finds those groups, a block of pairs at a time without keeping the pairs,
    `chunk_of` puts whole groups in chunks, and `chunks` gives them a chunk at a time with their
    pairs (`joins`, found again among the chunk's mentions), so that each chunk can be merged on its
    own with the same result.
    Memory: the arrays, sparse matrices of the mentions' words and participants, the groups."""

    def __init__(self, a: MentionArrays):
        self.arrays = a
        n = a.n
        word_ptr, word_codes = a.words
        n_words, n_docs = len(a.word_code), len(a.doc_code) or 1
        word_rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(word_ptr))
        mentions_per_word = np.bincount(word_codes, minlength=n_words)
        # documents per word: the words of a clause's own mention tell how rare a word is
        counted = ~a.in_clause[word_rows]
        doc_word = np.unique(a.doc[word_rows[counted]].astype(np.int64) * max(1, n_words) + word_codes[counted])
        docs_per_word = np.bincount(doc_word % max(1, n_words), minlength=n_words).tolist()
        del word_rows, counted, doc_word
        self.rarest = math.log(1 + n_docs)
        self.idf_of_code = [math.log(1 + n_docs / count) if count else self.rarest for count in docs_per_word]
        self.idf = dict(zip(a.word_code, self.idf_of_code))
        idf_arr = np.array(self.idf_of_code, dtype=np.float64)
        self.weight = _sequential_sums(word_ptr, idf_arr[word_codes])
        # 2. blocked on the words in at most MAX_KEYWORD_DF mentions (the others' columns left empty:
        # the same sums, in the same order)
        blockable = mentions_per_word[word_codes] <= MAX_KEYWORD_DF
        self.blocked = _rows_matrix(_row_ends(word_ptr, blockable), word_codes[blockable], n_words, idf_arr)
        del blockable
        self.weighted = _rows_matrix(word_ptr, word_codes, n_words, idf_arr)  # a mention's words and their IDF
        self.objects = _rows_matrix(*a.objects, max(1, len(a.participant_code)))
        self.has_objects = np.diff(self.objects.indptr) > 0
        self.args = _rows_matrix(*a.arguments, max(1, len(a.participant_code)))

        # 3. the same event word with the same participants, or the same subject and words: the groups
        # of mentions by (event word, participant) and ('', subject), in the order of their names
        arg_ptr, arg_codes = a.arguments
        subject_ptr, subject_codes = a.subjects
        n_parts = max(1, len(a.participant_code))
        arg_rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(arg_ptr))
        self.docs_per_arg = np.bincount(np.unique(arg_codes.astype(np.int64) * n_docs + a.doc[arg_rows]) // n_docs,
                                        minlength=n_parts)
        self.rare = max(PARTICIPANT_MIN_RARE_DOCS, PARTICIPANT_MAX_DOC_SHARE * n_docs)
        subject_rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(subject_ptr))
        by_word = a.participant_rule[a.lemma[arg_rows]]
        by_subject = a.subject_rule[a.lemma[subject_rows]]
        lemma_names = list(a.lemma_code)
        word_key = np.array([k if w else -1 for k, w in enumerate(lemma_names)], dtype=np.int64)  # '': -1
        key = np.concatenate([(word_key[a.lemma[arg_rows[by_word]]] + 1) * n_parts + arg_codes[by_word],
                              subject_codes[by_subject].astype(np.int64)])
        member = np.concatenate([arg_rows[by_word], subject_rows[by_subject]])
        del arg_rows, subject_rows, by_word, by_subject
        keys, key_of = np.unique(key, return_inverse=True)
        part_names = list(a.participant_code)
        names = [(lemma_names[k // n_parts - 1] if k >= n_parts else "", part_names[k % n_parts])
                 for k in keys.tolist()]
        rank = np.empty(len(keys), dtype=np.int64)
        rank[sorted(range(len(keys)), key=names.__getitem__)] = np.arange(len(keys))
        order = np.lexsort((member, rank[key_of]))
        member, key_of = member[order], key_of[order]
        starts = np.flatnonzero(np.r_[True, key_of[1:] != key_of[:-1]]) if len(key_of) else np.zeros(0, np.int64)
        ends = np.r_[starts[1:], len(key_of)].astype(np.int64)
        kept = [(k, s, e) for k, s, e in zip(key_of[starts].tolist(), starts.tolist(), ends.tolist())
                if e - s <= MAX_KEYWORD_DF and not (not names[k][0] and self.docs_per_arg[keys[k] % n_parts] > self.rare)]
        # the groups as two flat arrays: each group's members (increasing), group after group
        self.group_words = [names[k][0] for k, _, _ in kept]  # ('' for the same subject and words)
        self.group_subject = np.array([not word for word in self.group_words], dtype=bool)
        self.group_rare = np.array([self.docs_per_arg[a.participant_code[names[k][1]]] <= self.rare for k, _, _ in kept],
                                   dtype=bool)
        sizes = np.array([e - s for _, s, e in kept], dtype=np.int64)
        taken = np.concatenate([np.arange(s, e) for _, s, e in kept]) if kept else np.zeros(0, np.int64)
        self.group_member = member[taken].astype(np.int32)
        self.group_of = np.repeat(np.arange(len(kept), dtype=np.int32), sizes)
        del key, keys, key_of, names, rank, order, starts, ends, kept, member, taken

    def joins(self, rows: np.ndarray | None = None) -> CandidateJoins:
        """The candidate pairs among all the mentions, or among `rows` (positions, increasing) when
        they hold whole components: then with positions among the rows."""
        a = self.arrays
        if rows is None:
            members = (self.group_of, self.group_member)
            weight = self.weight
        else:
            rows = np.asarray(rows, dtype=np.int64)
            inside = np.isin(self.group_member, rows)
            members = (self.group_of[inside], self.group_member[inside])
            weight = self.weight[rows]
        clause = self._clause_pairs(rows)
        word_pairs = _collected(candidate_pairs(a, self.blocked, self.weight, rows), (np.int32, np.int32, np.float64))
        participant_pairs = _collected(self._participant_pairs(*members), (np.int32, np.int32, np.int32))
        if rows is not None:  # positions among the rows
            clause, word_pairs, participant_pairs = (
                tuple(np.searchsorted(rows, p).astype(np.int32) if k < 2 else p for k, p in enumerate(pairs))
                for pairs in (clause, word_pairs, participant_pairs))
        return CandidateJoins(self.idf, self.rarest, weight, clause, word_pairs, participant_pairs, self.group_words)

    def _clause_pairs(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Step 1: (mention, its dated clause's mention), among all mentions or `rows`."""
        parent = self.arrays.clause_parent
        child = np.flatnonzero(parent >= 0).astype(np.int32) if rows is None else rows[parent[rows] >= 0]
        return child, parent[child]

    def components(self) -> np.ndarray:
        """A label per mention, equal for the mentions a chain of candidate pairs links (numbered in
        order of their first mention)."""
        a = self.arrays
        linked = _Linked(a.n)
        linked.add(*self._clause_pairs())
        for pairs in candidate_pairs(a, self.blocked, self.weight):
            linked.add(pairs[0], pairs[1])
        for pairs in self._participant_pairs(self.group_of, self.group_member):
            linked.add(pairs[0], pairs[1])
        return linked.labels()

    def chunk_of(self, max_mentions: int) -> np.ndarray:
        """A chunk number per mention: whole components, about max_mentions mentions to a chunk (more
        when one component is larger), numbered from 0 in order of the components' first mentions."""
        labels = self.components()
        sizes = np.bincount(labels)
        chunk_of_label = (np.cumsum(sizes) - sizes) // max(1, max_mentions)
        return chunk_of_label[labels].astype(np.int32)

    def chunks(self, chunk_of: np.ndarray):
        """(chunk number, its mentions' positions in increasing order, their CandidateJoins), chunk
        after chunk (chunk_of: as `chunk_of` gives)."""
        order = np.argsort(chunk_of, kind="stable")
        bounds = np.searchsorted(chunk_of[order], np.arange(int(chunk_of.max()) + 2 if len(chunk_of) else 1))
        for c in range(len(bounds) - 1):
            members = order[bounds[c]:bounds[c + 1]]
            if len(members):
                yield c, members, self.joins(members)

    def _participant_pairs(self, group_of: np.ndarray, group_member: np.ndarray):
        """(i, j, group) arrays of step 3 of merge_mentions, PAIR_BLOCK pairs or so at a time: the
        pairs of each group (its members: group_member where group_of holds it, in order), group by
        group, each member with the later ones, that pass the tests depending on the pair only; the
        tests that depend on the joins made so far are merge_mentions's."""
        a, weighted, idf_of_code = self.arrays, self.weighted, self.idf_of_code
        doc, by_text = a.doc, a.by_text
        objects, args, has_objects = self.objects, self.args, self.has_objects
        weight_arr = self.weight
        word_ptr, word_codes = a.words
        subject_of_group, rare_of_group = self.group_subject, self.group_rare

        def word_similarity(i: int, j: int) -> float:
            """As step 2 weighs words: the IDF of the words both hold (added in the order of i's words)
            over the smaller mention's."""
            theirs = set(word_codes[word_ptr[j]:word_ptr[j + 1]].tolist())
            shared = sum(idf_of_code[c] for c in word_codes[word_ptr[i]:word_ptr[i + 1]].tolist() if c in theirs)
            return shared / (min(weight_arr[i], weight_arr[j]) or 1.0)

        def pure_survivors(chosen: list[tuple[int, int]]):
            pair_i, pair_j, pair_group = [], [], []
            for s, e in chosen:
                members = group_member[s:e]
                xs, ys = np.triu_indices(len(members), 1)  # (not kept per size: sizes up to 500 could hold 330 MB)
                pair_i.append(members[xs])
                pair_j.append(members[ys])
                pair_group.append(np.full(len(xs), group_of[s]))
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
            words_ok = np.where(subject_group,
                                similar & (np.minimum(a.n_plain[i], a.n_plain[j]) >= SUBJECT_RULE_MIN_WORDS),
                                (n_shared_args >= 2) | (rare_group & similar))
            keep = ~clash & words_ok
            return i[keep].astype(np.int32), j[keep].astype(np.int32), group[keep].astype(np.int32)

        starts = np.flatnonzero(np.r_[True, group_of[1:] != group_of[:-1]]) if len(group_of) else []
        ends = np.r_[starts[1:], len(group_of)] if len(group_of) else []
        chosen, pairs = [], 0
        for s, e in zip(np.asarray(starts).tolist(), np.asarray(ends).tolist()):
            if e - s < 2:
                continue
            chosen.append((s, e))
            pairs += (e - s) * (e - s - 1) // 2
            if pairs >= PAIR_BLOCK:
                yield pure_survivors(chosen)
                chosen, pairs = [], 0
        if chosen:
            yield pure_survivors(chosen)


def _collected(blocks, dtypes) -> tuple[np.ndarray, ...]:
    """Blocks of (x, y, ...) arrays as one array each, of these dtypes."""
    found = [array("d" if np.dtype(t) == np.float64 else "i") for t in dtypes]
    for block in blocks:
        for into, values, t in zip(found, block, dtypes):
            into.frombytes(np.asarray(values, dtype=t).tobytes())
    return tuple(np.frombuffer(values, dtype=t) for values, t in zip(found, dtypes))


class _Linked:
    """Mentions linked by pairs given a block at a time: a label per mention, the same for mentions
    a chain of the pairs links. The pairs are folded into the labels once LINK_BUFFER of them wait,
    and not kept."""

    def __init__(self, n: int):
        self.label = np.arange(n, dtype=np.int64)
        self.waiting: list[tuple[np.ndarray, np.ndarray]] = []
        self.count = 0

    def add(self, i, j) -> None:
        if len(i):
            self.waiting.append((np.asarray(i), np.asarray(j)))
            self.count += len(i)
            if self.count >= LINK_BUFFER:
                self._fold()

    def _fold(self) -> None:
        if self.waiting:
            i = self.label[np.concatenate([p[0] for p in self.waiting])]
            j = self.label[np.concatenate([p[1] for p in self.waiting])]
            n = int(self.label.max()) + 1
            graph = sparse.coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
            self.label = connected_components(graph, directed=False)[1][self.label].astype(np.int64)
            self.waiting, self.count = [], 0

    def labels(self) -> np.ndarray:
        """The labels, numbered in order of their first mention."""
        self._fold()
        if not len(self.label):
            return self.label
        _, first, inverse = np.unique(self.label, return_index=True, return_inverse=True)
        renumber = np.empty(len(first), dtype=np.int64)
        renumber[np.argsort(first, kind="stable")] = np.arange(len(first))
        return renumber[inverse]


def _clause_parents(mentions) -> list[int]:
    """For each mention (in mention_id order) the position of the mention whose expression dates its
    clause, where the clause dates it and that mention is there; else -1."""
    ids = [m.mention_id for m in mentions]

    def index_of(mention_id: str) -> int:
        k = bisect_left(ids, mention_id)
        return k if k < len(ids) and ids[k] == mention_id else -1
    return [index_of(getattr(m, "dated_by", None) or "") if date_source(m) == IN_CLAUSE
            and not getattr(m, "own_event", False) else -1 for m in mentions]


def merge_mentions(mentions) -> list[Event]:
    """Cluster mentions (objects with the EventMention fields) into events, deterministically.

    Three ways to join, in this order: a mention dated by the clause it belongs to joins that
    clause's mention; two mentions join on compatible dates and shared distinctive words (or, when a
    fallback dates one of them, on their words alone); a mention joins one in another document with
    the same event word and the same participants. A join through a mention that only a fallback
    dates never brings two different dates together.

    The pairs the rules may join come from the mentions' arrays (CandidateSearch); join_candidates
    decides. A caller with too many mentions to hold at once makes the arrays a slice at a time and
    merges CandidateSearch.chunks one by one (flows/pipeline.py), with the same events."""
    mentions = sorted(mentions, key=attrgetter("mention_id"))
    arrays = MentionArrays()
    arrays.add(mentions)
    return join_candidates(mentions, CandidateSearch(arrays.finish(_clause_parents(mentions))).joins())


def join_candidates(mentions, joins: CandidateJoins) -> list[Event]:
    """The events of these mentions (in mention_id order; every mention a candidate pair of `joins`
    names is here, at the position the pair gives), the rules of merge_mentions deciding each pair in
    the order the rules take them."""
    n = len(mentions)
    in_clause = [date_source(m) == IN_CLAUSE for m in mentions]
    dated_by_text = [text_dated(m) for m in mentions]
    # a tuple of distinct words per mention (a set took 700 bytes); ordinal keys: see ordinals_clash
    words_of = [tuple(dict.fromkeys(w for w in m.keywords if "#" not in w)) for m in mentions]
    ordinals_of = [frozenset(w for w in m.keywords if "#" in w) or NOTHING for m in mentions]
    idf, rarest = joins.idf, joins.rarest
    weight = joins.weight.tolist()
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

    date_of = [DateOnly(m.value, m.granularity, m.begin_date, m.end_date) for m in mentions].__getitem__
    objects_of = [arguments_of(m, ("object",)) for m in mentions].__getitem__

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

    # 1. a verb or noun in a dated clause is part of that clause's event (the pairs CandidateSearch found)
    clause_note: dict[int, str] = {}  # a clause's mention joined only by its own verbs and nouns
    for i, p in _in_python(joins.clause):
        join(i, p, f"in the clause dated {mentions[p].value} by {mentions[p].mention_id}", None)
        clause_note.setdefault(p, f"its dated clause holds {mentions[i].mention_id}")

    # 2. compatible dates and shared distinctive words (the pairs candidate_pairs leaves)
    ordinal_maps = [ordinals(m.keywords) if o else None for m, o in zip(mentions, ordinals_of)]
    persons_of = [person_words(m) for m in mentions]
    for i, j, shared in _in_python(joins.word_pairs):
        m, o = mentions[i], mentions[j]
        if (in_clause[i] or in_clause[j]) and (m.doc_id == o.doc_id or m.trigger_lemma != o.trigger_lemma):
            continue  # in its document a clause's verb belongs to that clause; elsewhere, the same event word
        # the same person doing two different things ("Okafor was arrested" / "an indictment accuses
        # Okafor") is no sign of one event: two event words need a shared word besides persons' names
        if (persons_of[i] or persons_of[j]) \
                and not same_event_word(m.trigger_lemma, o.trigger_lemma) \
                and shared_words(i, j) <= persons_of[i] | persons_of[j]:
            continue
        # what did not happen is not what happened: another event word told as not done is another event
        # ("Osei did not report for preseason training on Monday" / "Valdora begins preseason training on July 6")
        if (m.status == "negated") != (o.status == "negated") and not same_event_word(m.trigger_lemma, o.trigger_lemma):
            continue
        smaller = min(weight[i], weight[j]) or 1.0
        same_trigger = m.trigger_lemma == o.trigger_lemma and m.trigger_lemma not in LIGHT_TRIGGERS
        same_ordinal = bool(ordinals_of[i] & ordinals_of[j])
        bonus = (SAME_TRIGGER_BONUS if same_trigger else 0.0) + (SAME_ORDINAL_BONUS if same_ordinal else 0.0)
        similarity = shared / smaller + bonus
        # in one article, another event word is another event unless the words agree more
        bar = SAME_DOC_OTHER_WORD_MIN_SIMILARITY if m.doc_id == o.doc_id and m.trigger_lemma != o.trigger_lemma \
            else MIN_SIMILARITY
        if similarity < bar or ordinals_clash(ordinal_maps[i], ordinal_maps[j]):
            continue
        if not (dated_by_text[i] and dated_by_text[j]) or in_clause[i] or in_clause[j]:
            # a fallback dates one of them (or one is part of a dated clause): the words must carry the join
            symmetric = 2 * shared / ((weight[i] + weight[j]) or 1.0) + bonus
            others = {w for w in shared_words(i, j) if w not in (m.trigger_lemma, o.trigger_lemma)}
            if not same_trigger or symmetric < FALLBACK_MIN_SIMILARITY \
                    or objects_clash(objects_of(i), objects_of(j)) \
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
                and 2 * shared / ((weight[i] + weight[j]) or 1.0) + bonus >= CONFLICT_SIMILARITY \
                and ((same_event_word(m.trigger_lemma, o.trigger_lemma) and m.trigger_lemma not in LIGHT_TRIGGERS)
                     or same_ordinal or objects_of(i) & objects_of(j)):
            # sources that disagree on the date of one event: the same event word, the same numbered
            # occurrence ("the second round") or the same thing done ("unveiled the iPhone 4" / "the
            # iPhone 4 was introduced"), not only the same actors ("Vidal will visit Talca on Friday" /
            # "the emergency declared by Vidal will run until mid-January")
            if dates_nested(m, o):  # one source only less precise ("the 2010 earthquake" / "February 27, 2010")
                why = "coarser date"
            else:
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
    for i, j, g in _in_python(joins.participant_pairs):
        word = joins.group_words[g]
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
            granularity=rep.granularity, status=event_status(ms, rep),
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


def _in_python(pairs, block: int = 100_000):
    """The rows of arrays (i, j[, x]) as Python numbers, `block` at a time (bounds the memory)."""
    for start in range(0, len(pairs[0]), block):
        yield from zip(*(p[start:start + block].tolist() for p in pairs))
