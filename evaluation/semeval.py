"""SemEval-2015 Task 4 (TimeLine), Track A: run the pipeline on the CAT corpus, write one timeline
per target entity, and score it with :mod:`evaluation.semeval_metric`.

Track A gives raw text only: the tokens of each CAT XML document and its creation time (the
``TIMEX3 functionInDocument="CREATION_TIME"``). Everything else comes from our own pipeline:

1. ``read_cat``: the tokens become a plain text (words joined with the spacing a reader would
   expect: no space before ``,`` ``.`` ``'s`` ``)`` ..., sentences separated by a blank line so
   that spaCy and the temporal tagger see them as paragraphs). A :class:`TokenIndex` maps any
   character span back to the CAT tokens (sentence number, ``t_id``, text).
2. ``run_track_a``: one :class:`~extractors.documents.Document` per CAT file (``doc_id`` = the
   CAT ``doc_id``, ``published_at`` = the DCT) -> ``extract_documents`` -> ``merge_mentions``.
3. Entity selection: an event belongs to a target entity's timeline when the entity takes part
   in one of its mentions (one of the participants the parse shows as arguments of the trigger,
   ``actors`` with a role in ``actor_roles``), through one of the entity's aliases
   (:func:`entity_aliases`: the name itself; a person's surname, "Jobs"; a long name without its
   first word, "Apple Corps" for "Beatles Apple Corps"; a product name with its parts swapped,
   "3G iPhone"; company suffixes dropped, "Apple" for "Apple Inc.").
   Matching is case-insensitive, on word boundaries, plural ``s`` allowed, and refuses a
   longer product name that continues the alias with a digit or model word ("iPhone 4" does not
   match "iPhone 4S"; "iPod" does not match "iPod nano" / "iPod touch").
4. Each selected event is one timeline line: DATE from the event's value and granularity
   (:func:`task_date`), ORDER by date (equal date strings share an ORDER; events whose date is
   unknown get ORDER 0, which the scorer ignores), mentions = ``DOCID-SENTENCE-TRIGGER`` of each
   of the event's mentions (a mention id is written once per timeline).

``evaluate`` runs all this and, given the gold folder, returns the micro-averaged scores.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from evaluation.semeval_metric import (
    Scores,
    TimelineLine,
    format_report,
    score_dirs,
    timeline_filename,
    write_timeline,
)

__all__ = [
    "CatToken",
    "TokenIndex",
    "CatDocument",
    "read_cat",
    "read_cat_dir",
    "read_entities",
    "entity_aliases",
    "alias_pattern",
    "task_date",
    "date_sort_key",
    "TrackARun",
    "trigger_span",
    "trigger_token_id",
    "extract_corpus",
    "select_events",
    "build_timelines",
    "run_track_a",
    "evaluate",
]

# Tokens written without a space before them / after them when the CAT text is rebuilt.
NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "'s", "'S", "n't",
                             "'re", "'ve", "'ll", "'d", "'m", "'", "...", "''"})
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``"})
SENTENCE_SEPARATOR = "\n\n"


# --------------------------------------------------------------------------- CAT documents


class CatToken(NamedTuple):
    sentence: int
    t_id: int
    text: str
    start: int  # character offsets of the token in the rebuilt text
    end: int


@dataclass
class TokenIndex:
    """The tokens of one CAT document with their character offsets in the rebuilt text."""

    doc_id: str
    tokens: list[CatToken]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [t.start for t in self.tokens]

    def __len__(self) -> int:
        return len(self.tokens)

    def by_t_id(self, t_id: int) -> CatToken:
        return next(t for t in self.tokens if t.t_id == t_id)

    def token_at(self, offset: int) -> CatToken | None:
        """The token covering character ``offset`` (or the nearest one before a gap)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.tokens[0] if self.tokens else None
        return self.tokens[i]

    def tokens_in(self, start: int, end: int) -> list[CatToken]:
        """Tokens overlapping the character span ``[start, end)``."""
        i = max(bisect_right(self._starts, start) - 1, 0)
        out = []
        for tok in self.tokens[i:]:
            if tok.start >= end:
                break
            if tok.end > start:
                out.append(tok)
        return out

    def sentence_at(self, offset: int) -> int:
        tok = self.token_at(offset)
        return tok.sentence if tok else 0

    def mention_id(self, start: int, end: int) -> str:
        """``DOCID-SENTENCE-TOKEN`` for a span (multi-word spans joined with ``_``)."""
        toks = self.tokens_in(start, end)
        if not toks:
            raise ValueError(f"{self.doc_id}: no token in span {start}-{end}")
        return f"{self.doc_id}-{toks[0].sentence}-" + "_".join(t.text for t in toks)

    def token_id(self, tok: CatToken) -> str:
        return f"{self.doc_id}-{tok.sentence}-{tok.text}"


class CatDocument(NamedTuple):
    doc_id: str
    published_at: date
    text: str
    token_index: TokenIndex


def _join_tokens(tokens: Sequence[tuple[int, int, str]]) -> tuple[str, list[CatToken]]:
    parts: list[str] = []
    out: list[CatToken] = []
    pos = 0
    prev_sentence = None
    prev_text = None
    open_quote = False
    for sentence, t_id, text in tokens:
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence:
            sep = SENTENCE_SEPARATOR
            open_quote = False
        elif text in NO_SPACE_BEFORE or prev_text in NO_SPACE_AFTER:
            sep = ""
        elif text == '"':
            sep = "" if open_quote else " "  # a closing quote hugs the word before it
        elif prev_text == '"' and open_quote:
            sep = ""  # the word after an opening quote hugs it
        else:
            sep = " "
        if text == '"':
            open_quote = not open_quote
        parts.append(sep)
        pos += len(sep)
        out.append(CatToken(sentence, t_id, text, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
        prev_sentence, prev_text = sentence, text
    return "".join(parts), out


def read_cat(path: str | Path) -> CatDocument:
    """One CAT XML document: ``(doc_id, published_at, text, token_index)``.

    Only what Track A allows is read: the tokens and the CREATION_TIME date."""
    path = Path(path)
    root = ET.parse(path).getroot()
    doc_id = root.get("doc_id") or path.stem.split("_")[0].split("-")[0]
    raw = []
    for tok in root.iter("token"):
        text = (tok.text or "").strip()
        if not text:
            continue
        raw.append((int(tok.get("sentence")), int(tok.get("t_id")), text))
    raw.sort(key=lambda r: (r[0], r[1]))
    dct = None
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = date.fromisoformat(tx.get("value", "")[:10])
            break
    if dct is None:
        raise ValueError(f"{path}: no TIMEX3 with functionInDocument=CREATION_TIME")
    text, tokens = _join_tokens(raw)
    return CatDocument(doc_id, dct, text, TokenIndex(doc_id, tokens))


def read_cat_dir(cat_dir: str | Path) -> list[CatDocument]:
    files = sorted(Path(cat_dir).glob("*.xml"))
    if not files:
        raise FileNotFoundError(f"no CAT documents (*.xml) in {cat_dir}")
    return [read_cat(p) for p in files]


def read_entities(path: str | Path) -> list[str]:
    return [l.strip() for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


# --------------------------------------------------------------------------- entities

COMPANY_SUFFIXES = ("inc.", "inc", "corp.", "corp", "ltd.", "ltd", "llc", "co.", "plc")
MODEL_WORDS = ("nano", "mini", "shuffle", "touch", "classic", "pro", "air", "max", "plus", "s")


def entity_aliases(entity: str) -> list[str]:
    """Names by which a target entity is mentioned in news text (longest first)."""
    name = " ".join(entity.split())
    words = name.split()
    aliases = {name}
    if words and words[-1].lower() in COMPANY_SUFFIXES and len(words) > 1:
        aliases.add(" ".join(words[:-1]))
    cap = [w for w in words if w[:1].isupper()]
    is_person = len(words) == 2 and len(cap) == 2 and all(w.isalpha() and w[1:].islower() for w in words)
    if is_person:
        aliases.add(words[-1])  # "Jobs"
    if len(words) >= 3:
        aliases.add(" ".join(words[1:]))  # "Apple Corps" for "Beatles Apple corps"
    tail = len(words)
    while tail > 1 and words[tail - 1].islower():
        tail -= 1
    if tail < len(words):
        aliases.add(" ".join(words[:tail]))  # "iTunes" for "iTunes store" (a lower-case descriptor)
    if len(words) == 2 and not is_person and re.search(r"\d", words[1]) and re.search(r"[A-Za-z]", words[1]):
        aliases.add(f"{words[1]} {words[0]}")  # "3G iPhone"
    return sorted(aliases, key=lambda a: (-len(a), a))


def alias_pattern(aliases: Iterable[str]) -> re.Pattern:
    """Case-insensitive, word-bounded, optional plural; not followed by a model word or number
    that would make it another product ("iPhone 4" is not "iPhone 4S", "iPod" not "iPod nano")."""
    alts = []
    for a in sorted(set(aliases), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in a.split())
        # a plural or possessive: lower-case "s" only, and no bare "s" after a digit ("4S")
        body += r"(?-i:'?s)?" if a[-1].isalpha() else r"(?-i:'s)?"
        alts.append(body)
    models = "|".join(MODEL_WORDS)
    return re.compile(
        rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])(?!\s+(?:\d|(?:{models})\b))",
        re.IGNORECASE,
    )


# --------------------------------------------------------------------------- dates

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
UNKNOWN_DATE = "XXXX-XX-XX"


def task_date(value: str | None, granularity: str | None = None, begin: date | None = None,
              end: date | None = None, style: str = "short") -> str:
    """The task's DATE field for a TIMEX3 value: ``2008-06-09``; a month ``2008-06-XX``; a year
    ``2008-XX-XX``; anything that cannot be placed ``XXXX-XX-XX``. Weeks, quarters, seasons and
    intervals are written at the finest precision their begin/end dates share.

    ``style="short"`` writes partial dates truncated instead (``2008-06``, ``2008``), as most
    lines of the trial gold timelines do."""
    value = (value or "").split("/")[0]
    y = m = d = None
    if (mt := _DAY.match(value)) and granularity not in ("week",):
        y, m, d = mt.groups()
    elif mt := _MONTH.match(value):
        y, m = mt.groups()
    elif mt := _YEAR.match(value):
        (y,) = mt.groups()
    elif begin is not None and end is not None:
        if begin == end:
            y, m, d = f"{begin.year:04d}", f"{begin.month:02d}", f"{begin.day:02d}"
        elif (begin.year, begin.month) == (end.year, end.month):
            y, m = f"{begin.year:04d}", f"{begin.month:02d}"
        elif begin.year == end.year:
            y = f"{begin.year:04d}"
    if y is None:
        return UNKNOWN_DATE
    if style == "short":
        return "-".join(p for p in (y, m, d) if p)
    return f"{y}-{m or 'XX'}-{d or 'XX'}"


def date_sort_key(task: str) -> tuple:
    """Order of task dates: by the first day they cover, then finer before coarser."""
    parts = (task.split("-") + ["XX", "XX"])[:3]
    y, m, d = parts
    if not y.isdigit():
        return (9999, 99, 99, 3)
    precision = 0 if d.isdigit() else 1 if m.isdigit() else 2
    return (int(y), int(m) if m.isdigit() else 0, int(d) if d.isdigit() else 0, precision)


# --------------------------------------------------------------------------- the run


@dataclass
class TrackARun:
    """Everything one Track A run produced, kept for analysis."""

    documents: dict[str, CatDocument]
    extractions: list  # extractors.extract.Extraction
    mentions: dict[str, object]  # mention_id -> EventMention
    events: list  # extractors.merge.Event
    mention_token_ids: dict[str, str]  # mention_id -> DOCID-SENTENCE-TRIGGER


def replace_trigger(mention, trigger: str):
    from types import SimpleNamespace
    return SimpleNamespace(start=mention.start, end=mention.end, sentence_start=mention.sentence_start,
                           sentence_end=mention.sentence_end, trigger=trigger)


def trigger_span(mention, text: str) -> tuple[int, int]:
    """Character span of a mention's trigger word: its first occurrence inside the clause (else
    inside the sentence; else the clause start); a verb with its particle apart from it is found by
    the verb."""
    start, end = mention.start, mention.end
    for trigger in dict.fromkeys((mention.trigger, mention.trigger.split(" ")[0])):  # "taking ... out": "taking"
        pos = text.find(trigger, start, max(end, start + 1))
        if pos < 0:
            pos = text.find(trigger, mention.sentence_start, mention.sentence_end)
        if pos >= 0:
            return pos, pos + max(len(trigger), 1)
    return start, start + 1


def trigger_token_id(mention, index: TokenIndex, text: str) -> str:
    """``DOCID-SENTENCE-TRIGGER`` for a mention: the sentence of its trigger, and the trigger word
    as the CAT tokens spell it (multi-token triggers joined with ``_``; a verb and its particle
    apart in the text, "taking the iPhone out", are joined too: ``taking_out``)."""
    words = mention.trigger.split(" ")
    if len(words) > 1 and text.find(mention.trigger, mention.start, max(mention.end, mention.start + 1)) < 0:
        first = replace_trigger(mention, words[0])
        start, end = trigger_span(first, text)
        later = text.find(" " + words[-1], end, mention.sentence_end)
        if later >= 0:
            toks = index.tokens_in(start, end) + index.tokens_in(later + 1, later + 1 + len(words[-1]))
            if toks:
                return f"{index.doc_id}-{toks[0].sentence}-" + "_".join(t.text for t in toks)
    start, end = trigger_span(mention, text)
    toks = index.tokens_in(start, end)
    if not toks:
        tok = index.token_at(start)
        return f"{index.doc_id}-{tok.sentence}-{tok.text}"
    return f"{index.doc_id}-{toks[0].sentence}-" + "_".join(t.text for t in toks)


def extract_corpus(docs: Sequence[CatDocument]) -> TrackARun:
    from extractors.documents import Document
    from extractors.extract import extract_documents
    from extractors.entities import resolve_entities
    from extractors.merge import merge_mentions

    documents = []
    for cd in docs:
        documents.append(Document(
            doc_id=cd.doc_id, source=cd.doc_id, text=cd.text, published_at=cd.published_at,
            dct_source="manifest", content_end=len(cd.text),
        ))
    extractions = extract_documents(documents)
    by_doc = {cd.doc_id: cd for cd in docs}
    mentions = {m.mention_id: m for ex in extractions for m in ex.mentions}
    token_ids = {
        mid: trigger_token_id(m, by_doc[m.doc_id].token_index, by_doc[m.doc_id].text)
        for mid, m in mentions.items()
    }
    resolve_entities(list(mentions.values()))  # canonical participants, as the flow's merge has them
    events = merge_mentions(list(mentions.values()))
    return TrackARun(by_doc, extractions, mentions, events, token_ids)


def mention_names(mention, pattern: re.Pattern) -> bool:
    """Does the entity take part in a mention: is it one of the participants the parse shows as
    arguments of its trigger (an actor with a role)? Mentions without roles (made before roles
    existed) fall back to the names in the clause."""
    roles = getattr(mention, "actor_roles", None)
    if not roles:
        return bool(pattern.search(mention.quote)) or any(pattern.search(a) for a in mention.actors)
    return any(pattern.search(a) for a, role in zip(mention.actors, roles) if role)


# Wikinews CAT documents: sentence 0 is the headline, sentence 1 the dateline ("June 9 , 2008");
# the gold timelines never list events from them (their events are retold in the body).
SKIPPED_SENTENCES = frozenset({0, 1})


def mention_sentence(run: TrackARun, mention_id: str) -> int:
    return int(run.mention_token_ids[mention_id].split("-")[1])


def select_events(run: TrackARun, entity: str, aliases: Sequence[str] | None = None,
                  whole_event: bool = True,
                  skip_sentences: Iterable[int] = SKIPPED_SENTENCES) -> list[tuple[object, list[str]]]:
    """The events the entity takes part in, each with the mention ids to list for it.

    An event is selected when one of its mentions names the entity; with ``whole_event`` all of
    the event's mentions are listed (they tell the same event), else only those naming it.
    Mentions in ``skip_sentences`` (headline, dateline) are not listed, but a headline that
    names the entity still selects the event it was merged into."""
    pattern = alias_pattern(aliases or entity_aliases(entity))
    skip = frozenset(skip_sentences)
    out = []
    for ev in run.events:
        all_ms = [run.mentions[mid] for mid in ev.mention_ids]
        naming = [m for m in all_ms if mention_names(m, pattern)]
        if not naming:
            continue
        listed = all_ms if whole_event else naming
        listed = [m.mention_id for m in listed if mention_sentence(run, m.mention_id) not in skip]
        if listed:
            out.append((ev, listed))
    return out


def build_timelines(run: TrackARun, entity: str, aliases: Sequence[str] | None = None,
                    date_style: str = "short", whole_event: bool = True,
                    undated_order_zero: bool = True) -> list[TimelineLine]:
    """The timeline lines of one entity (see the module docstring for ORDER and DATE)."""
    rows = []
    for ev, mids in select_events(run, entity, aliases, whole_event):
        d = task_date(ev.value, ev.granularity, ev.begin_date, ev.end_date, style=date_style)
        rows.append((d, ev, mids))
    # A token listed twice would be two nodes for the scorer: each mention id goes on one line
    # only, the one with the most precise date (then the earliest date, then the event id).
    best: dict[str, tuple] = {}
    for d, ev, mids in rows:
        for mid in mids:
            tid = run.mention_token_ids[mid]
            key = (date_sort_key(d)[3], date_sort_key(d), ev.event_id)
            if tid not in best or key < best[tid][0]:
                best[tid] = (key, ev.event_id, run.mentions[mid])
    rows.sort(key=lambda r: (date_sort_key(r[0]), r[1].event_id))
    dated = sorted({d for d, _, _ in rows if d != UNKNOWN_DATE}, key=date_sort_key)
    order_of = {d: i + 1 for i, d in enumerate(dated)}
    lines = []
    for d, ev, mids in rows:
        ids = []
        for mid in sorted(mids, key=lambda x: (run.mentions[x].doc_id, run.mentions[x].start)):
            tid = run.mention_token_ids[mid]
            if best[tid][1] == ev.event_id and tid not in ids:
                ids.append(tid)
        if not ids:
            continue
        if d == UNKNOWN_DATE:
            order = 0 if undated_order_zero else len(dated) + 1
        else:
            order = order_of[d]
        lines.append(TimelineLine(order, d, tuple(ids)))
    return lines


def run_track_a(cat_dir: str | Path, entities_file: str | Path, out_dir: str | Path,
                date_style: str = "short", run: TrackARun | None = None,
                whole_event: bool = True) -> list[Path]:
    """Run the pipeline on a Track A CAT folder and write one timeline file per target entity.

    ``whole_event``: list every mention of a selected event (True), or only the mentions that
    name the entity themselves (False; better once merging is noisy, see ``select_events``)."""
    if run is None:
        run = extract_corpus(read_cat_dir(cat_dir))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for entity in read_entities(entities_file):
        lines = build_timelines(run, entity, date_style=date_style, whole_event=whole_event)
        paths.append(write_timeline(out_dir / timeline_filename(entity), entity, lines))
    return paths


def evaluate(cat_dir: str | Path, entities_file: str | Path, out_dir: str | Path,
             gold_dir: str | Path | None = None, ordering_only: bool = False,
             date_style: str = "short", whole_event: bool = True,
             run: TrackARun | None = None) -> tuple[list[Path], Scores | None]:
    """Write the timelines; score them against ``gold_dir`` when given (micro F1/P/R, 0-100).

    ``date_style="short"`` (``2008-06``, ``2008``) matches the trial gold's own spelling of partial
    dates better than ``"xx"`` (``2008-06-XX``): time nodes match only as identical strings."""
    paths = run_track_a(cat_dir, entities_file, out_dir, date_style=date_style, run=run,
                        whole_event=whole_event)
    scores = score_dirs(gold_dir, out_dir, ordering_only=ordering_only) if gold_dir else None
    return paths, scores


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="timeline eval semeval2015", description=__doc__.splitlines()[0])
    ap.add_argument("cat_dir")
    ap.add_argument("--entities", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--gold")
    ap.add_argument("--ord", action="store_true")
    ap.add_argument("--date-style", choices=["xx", "short"], default="short")
    ap.add_argument("--naming-only", action="store_true",
                    help="list only the mentions that name the entity, not the whole merged event")
    args = ap.parse_args(argv)
    paths, scores = evaluate(args.cat_dir, args.entities, args.out, args.gold, args.ord, args.date_style,
                             whole_event=not args.naming_only)
    print(f"{len(paths)} timelines written to {args.out}")
    if scores is not None:
        print(format_report(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
