"""MEANTIME (Apple section): event dates and cross-document merging of our pipeline, measured
against the gold event instances.

Data: ``meantime_apple/corpus_apple/*.xml`` (30 CAT XML documents: tokens, the DCT as the TIMEX3
with ``functionInDocument="CREATION_TIME"``, ``EVENT_MENTION`` markables anchored on tokens, and
``REFERS_TO`` links from event mentions to ``EVENT`` elements whose ``instance_id`` is a
cross-document event instance) and ``list_instances_apple.csv`` (one line per instance; ``TIME``
is the instance's date, e.g. ``2010-06-07``, ``2008-02``, ``2009``, ``2008-03-XX``).

The pipeline gets only the raw text (rebuilt from the tokens exactly as for SemEval Track A, see
:func:`evaluation.semeval.read_cat`) and the DCT; it runs ``extract_documents`` and
``merge_mentions`` over all 30 documents at once.

What counts
-----------
*Gold mention*: an ``EVENT_MENTION`` linked by ``REFERS_TO`` to an ``EVENT`` with an
``instance_id`` found in the instance list (EVENT type). Its span is the set of its anchor tokens.

*Dated instance*: an instance whose ``TIME`` gives at least a year (``XXXX-XX-XX`` and empty do
not). Its precision is that of ``TIME``: day (``2010-06-07``), month (``2008-02``,
``2008-03-XX``) or year (``2009``, ``2010-XX-XX``).

*Our mention hits a gold mention* (two strengths, both reported):

- ``trigger``: the trigger token of our mention (:func:`evaluation.semeval.trigger_span`) is one
  of the gold mention's tokens;
- ``quote``: our mention's clause (``quote`` span) contains one of the gold mention's tokens.

*Date agrees*: our mention's date, written as the task does (``2010-06-07``, ``2010-06``,
``2010``; :func:`evaluation.semeval.task_date`), is at least as precise as the instance's and
equal to it on every part the instance gives (instance ``2008-02``: ours ``2008-02`` or
``2008-02-15``; not ``2008``).

(a) ``dated_found``: dated instances with at least one gold mention hit (trigger, resp. quote) by
one of our mentions whose date agrees; reported over all dated instances (and the same at the
level of gold mentions).

(b) ``cross_doc_merged``: cross-document instances (gold mentions in >= 2 documents). For each
of its gold mentions, *found* = hit by the trigger of one of our mentions (any date; the first such
mention in document order). The instance counts as merged when its found mentions lie in >= 2
documents and all of them belong to one of our merged events. ``cross_doc_found`` counts the
instances whose found mentions lie in >= 2 documents at all (the most that merging could join). As a check on over-merging,
``impure_events`` counts our events whose triggers hit mentions of two or more different gold
instances (out of ``events_with_gold``, our events hitting any gold mention).

Temporal expressions (``timeline eval meantime-timex``)
-------------------------------------------------------
A held-out check of the TIMEX3 tagger: :func:`read_timex_doc` turns a CAT document into a
:class:`evaluation.timeml.TimeMLDoc` (text rebuilt by :func:`evaluation.semeval.read_cat`; each
``TIMEX3`` markable spans its first to its last anchor token), so that it is scored exactly as
TimeBank and AQUAINT are (:func:`evaluation.timeml.score_doc`: strict/relaxed/value/type,
one-to-one relaxed matching). Only what MEANTIME annotates with TIMEX3 is scored, for gold and
system alike:

- the first sentences: TIMEX3s (like SIGNALs and VALUEs) are annotated in the title, the
  dateline and the first four sentences of the body (CAT sentences 0-5; in all 30 documents
  no TIMEX3, SIGNAL or VALUE lies further, while event and entity mentions run to the end), so
  our expressions after sentence ``LAST_TIMEX_SENTENCE`` are left out;
- not the DCT (``functionInDocument="CREATION_TIME"``), which in MEANTIME is a markable *in* the
  text (the dateline), so our expressions that overlap it are left out as well, as the DCT of a
  TimeML file stands outside ``<TEXT>``;
- not the TIMEX3s without anchor tokens (non-textual timexes, e.g. the begin of a duration).

The tagger gets the whole text (an expression may hang on one in an earlier sentence).
"""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.semeval import CatDocument, extract_corpus, read_cat, task_date, trigger_span
from evaluation.timeml import (
    GoldTimex,
    RuleCounts,
    TimeMLDoc,
    TimexScores,
    _decode_with_map,
    _xml_text,
    gold_as_timexes,
    score_doc,
    write_system_timeml,
)

__all__ = [
    "GoldEventMention",
    "GoldInstance",
    "MeantimeReport",
    "read_instances",
    "read_gold_mentions",
    "date_agrees",
    "evaluate_meantime",
    "format_report",
    "DEFAULT_CORPUS",
    "LAST_TIMEX_SENTENCE",
    "MeantimeTimexDoc",
    "read_timex_doc",
    "read_timex_corpus",
    "scored_system",
    "evaluate_timex",
]

LAST_TIMEX_SENTENCE = 5  # CAT sentence number: title 0, dateline 1, body 2-5
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "meantime_apple" / "corpus_apple"


@dataclass
class GoldEventMention:
    doc_id: str
    m_id: str
    t_ids: tuple[int, ...]
    instance_id: str
    text: str = ""


@dataclass
class GoldInstance:
    instance_id: str
    name: str
    time: str  # as in the instance list, "" when absent
    mentions: list[GoldEventMention] = field(default_factory=list)

    @property
    def date_parts(self) -> tuple[str, ...]:
        """The known parts of TIME: ('2010', '06', '07'), ('2008', '02'), ('2009',) or ()."""
        parts = (self.time or "").split("-")
        out = []
        for p in parts[:3]:
            if not p.isdigit():
                break
            out.append(p)
        return tuple(out)

    @property
    def dated(self) -> bool:
        return bool(self.date_parts)

    @property
    def doc_ids(self) -> set[str]:
        return {m.doc_id for m in self.mentions}


def read_instances(path: str | Path) -> dict[str, GoldInstance]:
    """EVENT instances of ``list_instances_apple.csv`` (tab separated, header line with ``#ID``)."""
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        col = {name.lstrip("#"): i for i, name in enumerate(header)}
        for row in rows:
            if len(row) <= col["TIME"] or row[col["TYPE"]] != "EVENT":
                continue
            iid = row[col["ID"]]
            out[iid] = GoldInstance(iid, row[col["INSTANCE_NAME"]], row[col["TIME"]].strip())
    return out


def read_gold_mentions(path: str | Path, doc_id: str | None = None) -> list[GoldEventMention]:
    """Event mentions of one MEANTIME document that refer to a cross-document instance."""
    root = ET.parse(path).getroot()
    doc_id = doc_id or root.get("doc_id")
    tokens = {int(t.get("t_id")): (t.text or "") for t in root.iter("token")}
    markables = root.find("Markables")
    anchors: dict[str, tuple[int, ...]] = {}
    instance_of_event: dict[str, str] = {}
    for el in markables if markables is not None else []:
        if el.tag == "EVENT_MENTION":
            anchors[el.get("m_id")] = tuple(int(a.get("t_id")) for a in el.iter("token_anchor"))
        elif el.tag == "EVENT" and el.get("instance_id"):
            instance_of_event[el.get("m_id")] = el.get("instance_id")
    out = []
    relations = root.find("Relations")
    for rel in relations.iter("REFERS_TO") if relations is not None else []:
        targets = [t.get("m_id") for t in rel.iter("target")]
        iid = next((instance_of_event[t] for t in targets if t in instance_of_event), None)
        if iid is None:
            continue
        for src in rel.iter("source"):
            m_id = src.get("m_id")
            if m_id in anchors and anchors[m_id]:
                t_ids = anchors[m_id]
                out.append(GoldEventMention(doc_id, m_id, t_ids, iid, " ".join(tokens.get(t, "") for t in t_ids)))
    return out


def date_agrees(ours: str, gold_parts: tuple[str, ...]) -> bool:
    """Our task date (``2010-06-07`` / ``2010-06`` / ``2010``, X's for unknown parts) is at least
    as precise as the gold parts and equal to them."""
    parts = [p for p in ours.split("-") if p.isdigit()]
    if not gold_parts or len(parts) < len(gold_parts):
        return False
    return tuple(parts[: len(gold_parts)]) == tuple(gold_parts)


@dataclass
class MeantimeReport:
    documents: int = 0
    our_mentions: int = 0
    our_events: int = 0
    instances: int = 0  # event instances with at least one gold mention in the corpus
    dated_instances: int = 0
    dated_mentions: int = 0
    dated_found_trigger: int = 0  # (a), instances, our trigger in a gold mention, date agrees
    dated_found_quote: int = 0  # (a), instances, our clause covers a gold mention, date agrees
    dated_mentions_found_trigger: int = 0  # (a) at the level of gold mentions
    dated_mentions_found_quote: int = 0
    dated_hit_any_date_trigger: int = 0  # dated instances hit by a trigger at all (any date)
    cross_doc_instances: int = 0
    cross_doc_found: int = 0  # found mentions in >= 2 documents
    cross_doc_merged: int = 0  # (b)
    events_with_gold: int = 0  # our events whose trigger hits at least one gold mention
    impure_events: int = 0  # ... of which hit mentions of >= 2 different gold instances
    examples: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "examples"}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100.0 * a / b:.1f}%)" if b else f"{a}/0"


def format_report(r: MeantimeReport) -> str:
    return "\n".join([
        f"MEANTIME Apple: {r.documents} documents, {r.our_mentions} of our mentions, "
        f"{r.our_events} of our events; {r.instances} gold event instances",
        f"(a) dated instances found with their date, trigger match: "
        f"{_pct(r.dated_found_trigger, r.dated_instances)}",
        f"(a) dated instances found with their date, clause match:  "
        f"{_pct(r.dated_found_quote, r.dated_instances)}",
        f"    dated gold mentions, trigger / clause match: "
        f"{_pct(r.dated_mentions_found_trigger, r.dated_mentions)} / "
        f"{_pct(r.dated_mentions_found_quote, r.dated_mentions)}",
        f"    dated instances hit by a trigger at all (any date): "
        f"{_pct(r.dated_hit_any_date_trigger, r.dated_instances)}",
        f"(b) cross-document instances merged into one of our events: "
        f"{_pct(r.cross_doc_merged, r.cross_doc_instances)} "
        f"(found in >= 2 documents at all: {r.cross_doc_found})",
        f"    merge purity: {r.impure_events} of our {r.events_with_gold} events that hit gold "
        f"mentions join >= 2 different gold instances",
    ])


def evaluate_meantime(corpus_dir: str | Path, instances_file: str | Path | None = None,
                      run=None) -> MeantimeReport:
    """Run the pipeline on the MEANTIME Apple documents and measure (a) and (b) (module docstring).

    ``corpus_dir`` is the folder of the XML documents (``meantime_apple/corpus_apple``) or the
    ``meantime_apple`` folder itself; ``instances_file`` defaults to ``list_instances_apple.csv``
    next to it. ``run`` (an :class:`evaluation.semeval.TrackARun`) skips the extraction."""
    files = _corpus_files(corpus_dir)
    corpus_dir = files[0].parent
    if instances_file is None:
        instances_file = next(p for p in (corpus_dir / "list_instances_apple.csv",
                                          corpus_dir.parent / "list_instances_apple.csv")
                              if p.is_file())
    instances = read_instances(instances_file)
    docs: list[CatDocument] = [read_cat(p) for p in files]
    for path, cd in zip(files, docs):
        for gm in read_gold_mentions(path, cd.doc_id):
            if gm.instance_id in instances:
                instances[gm.instance_id].mentions.append(gm)
    if run is None:
        run = extract_corpus(docs)
    by_doc = {cd.doc_id: cd for cd in docs}
    event_of = {mid: ev.event_id for ev in run.events for mid in ev.mention_ids}

    # our mentions per document: trigger token ids, clause token ids, task date
    trig_hits: dict[tuple[str, int], list] = defaultdict(list)  # (doc, t_id) -> our mentions
    quote_hits: dict[tuple[str, int], list] = defaultdict(list)
    our_date: dict[str, str] = {}
    for mid, m in sorted(run.mentions.items(), key=lambda kv: (kv[1].doc_id, kv[1].start)):
        cd = by_doc[m.doc_id]
        ts, te = trigger_span(m, cd.text)
        for tok in cd.token_index.tokens_in(ts, te):
            trig_hits[(m.doc_id, tok.t_id)].append(m)
        for tok in cd.token_index.tokens_in(m.start, m.end):
            quote_hits[(m.doc_id, tok.t_id)].append(m)
        our_date[mid] = task_date(m.value, m.granularity, m.begin_date, m.end_date, style="short")

    def hits(gm: GoldEventMention, table) -> list:
        seen, out = set(), []
        for t in gm.t_ids:
            for m in table.get((gm.doc_id, t), []):
                if m.mention_id not in seen:
                    seen.add(m.mention_id)
                    out.append(m)
        return out

    r = MeantimeReport(documents=len(docs), our_mentions=len(run.mentions), our_events=len(run.events))
    r.examples = {"dated_missed": [], "merged": [], "not_merged": []}
    live = [inst for inst in instances.values() if inst.mentions]
    r.instances = len(live)
    for inst in live:
        if inst.dated:
            r.dated_instances += 1
            found_t = found_q = any_t = False
            for gm in inst.mentions:
                r.dated_mentions += 1
                ht, hq = hits(gm, trig_hits), hits(gm, quote_hits)
                ok_t = any(date_agrees(our_date[m.mention_id], inst.date_parts) for m in ht)
                ok_q = any(date_agrees(our_date[m.mention_id], inst.date_parts) for m in hq)
                r.dated_mentions_found_trigger += ok_t
                r.dated_mentions_found_quote += ok_q
                found_t |= ok_t
                found_q |= ok_q
                any_t |= bool(ht)
            r.dated_found_trigger += found_t
            r.dated_found_quote += found_q
            r.dated_hit_any_date_trigger += any_t
            if not found_t and len(r.examples["dated_missed"]) < 20:
                r.examples["dated_missed"].append(f"{inst.time} {inst.name}")
        if len(inst.doc_ids) >= 2:
            r.cross_doc_instances += 1
            found = []
            for gm in inst.mentions:
                ht = hits(gm, trig_hits)
                if ht:
                    found.append(ht[0])
            if len({m.doc_id for m in found}) >= 2:
                r.cross_doc_found += 1
                events = {event_of[m.mention_id] for m in found}
                merged = len(events) == 1
                r.cross_doc_merged += merged
                key = "merged" if merged else "not_merged"
                if len(r.examples[key]) < 20:
                    r.examples[key].append(f"{inst.time} {inst.name}: {len(events)} events")
    instances_of_event: dict[str, set] = defaultdict(set)
    for inst in live:
        for gm in inst.mentions:
            for m in hits(gm, trig_hits):
                instances_of_event[event_of[m.mention_id]].add(inst.instance_id)
    r.events_with_gold = len(instances_of_event)
    r.impure_events = sum(1 for v in instances_of_event.values() if len(v) >= 2)
    return r


# --------------------------------------------------------------------------- TIMEX3


def _corpus_files(corpus_dir: str | Path) -> list[Path]:
    corpus_dir = Path(corpus_dir)
    if (corpus_dir / "corpus_apple").is_dir():
        corpus_dir = corpus_dir / "corpus_apple"
    files = sorted(corpus_dir.glob("*.xml"))
    if not files:
        raise FileNotFoundError(f"no MEANTIME documents (*.xml) in {corpus_dir}")
    return files


@dataclass
class MeantimeTimexDoc(TimeMLDoc):
    """A :class:`TimeMLDoc` plus what MEANTIME annotates: ``scored_end``, the end (in ``text``) of
    the last sentence with TIMEX3 annotation, and ``dct_span`` (in ``text``), the dateline."""

    scored_end: int = 0
    dct_span: tuple[int, int] | None = None


def read_timex_doc(path: str | Path) -> MeantimeTimexDoc:
    """A MEANTIME CAT document as a :class:`TimeMLDoc`: the text :func:`read_cat` rebuilds (the
    tagger's view; ``raw_text`` is it XML-escaped, as a TimeML file holds it) and every TIMEX3
    markable with anchor tokens, spanning its first to its last token, in text order; the
    CREATION_TIME one has ``is_dct`` (it is in the text, under the title). Markables without
    tokens are not expressions of the text and are left out."""
    path = Path(path)
    cd = read_cat(path)
    raw_text = _xml_text(cd.text)
    text, starts, raw_to_text = _decode_with_map(raw_text)
    assert text == cd.text
    by_id = {t.t_id: t for t in cd.token_index.tokens}
    root = ET.parse(path).getroot()
    markables = root.find("Markables")
    timexes: list[GoldTimex] = []
    dct_timex = None
    for el in markables.iter("TIMEX3") if markables is not None else []:
        toks = [by_id[int(a.get("t_id"))] for a in el.iter("token_anchor") if int(a.get("t_id")) in by_id]
        attrs = {k: v for k, v in el.attrib.items()}
        is_dct = el.get("functionInDocument") == "CREATION_TIME"
        if not toks:
            if is_dct:
                dct_timex = GoldTimex(el.get("m_id", ""), -1, -1, "", el.get("type", ""),
                                      el.get("value", ""), is_dct=True, attrs=attrs)
            continue
        ts, te = min(t.start for t in toks), max(t.end for t in toks)
        rs, re_ = starts[ts], starts[te]
        g = GoldTimex(
            tid=el.get("m_id", ""), start=rs, end=re_, text=raw_text[rs:re_],
            type=el.get("type", ""), value=el.get("value", ""), mod=el.get("mod") or None,
            is_dct=is_dct, text_start=ts, text_end=te, attrs=attrs,
        )
        timexes.append(g)
        if is_dct:
            dct_timex = g
    timexes.sort(key=lambda t: (t.start, t.end))
    dct_value = cd.published_at.isoformat()
    if dct_timex is None:
        dct_timex = GoldTimex("t0", -1, -1, dct_value, "DATE", dct_value, is_dct=True)
    tid = dct_timex.tid if dct_timex.tid.startswith("t") else f"t{dct_timex.tid}"
    dct_element = (f'<TIMEX3 tid="{tid}" type="DATE" value="{dct_value}" temporalFunction="false" '
                   f'functionInDocument="CREATION_TIME">{dct_value}</TIMEX3>')
    title = root.get("doc_name") or cd.doc_id
    annotated = [t for t in cd.token_index.tokens if t.sentence <= LAST_TIMEX_SENTENCE]
    return MeantimeTimexDoc(
        path=path.with_suffix(".tml"),
        docid=cd.doc_id,
        dct=cd.published_at,
        dct_value=dct_value,
        dct_element=dct_element,
        dct_timex=dct_timex,
        raw_text=raw_text,
        text=text,
        timexes=timexes,
        title_element=f"<TITLE>{_xml_text(title)}</TITLE>",
        docid_element=f"<DOCID>{cd.doc_id}</DOCID>",
        dct_block=f"<DCT>{dct_element}</DCT>",
        xml_declaration='<?xml version="1.0" ?>',
        _starts=starts,
        _raw_to_text=raw_to_text,
        scored_end=max((t.end for t in annotated), default=0),
        dct_span=(dct_timex.text_start, dct_timex.text_end) if dct_timex.start >= 0 else None,
    )


def read_timex_corpus(corpus_dir: str | Path = DEFAULT_CORPUS) -> list[MeantimeTimexDoc]:
    """:func:`read_timex_doc` of every document of ``corpus_apple`` (or of ``meantime_apple``)."""
    return [read_timex_doc(p) for p in _corpus_files(corpus_dir)]


def scored_system(doc: MeantimeTimexDoc, timexes) -> list:
    """Our expressions that MEANTIME would have annotated: in the first sentences (up to
    ``doc.scored_end``) and not overlapping the DCT markable (the dateline)."""
    s, e = doc.dct_span or (0, 0)
    return [t for t in timexes if t.start < doc.scored_end and not (t.start < e and s < t.end)]


def evaluate_timex(corpus_dir: str | Path, tag_fn, out_dir: str | Path | None = None,
                   rules: RuleCounts | None = None) -> TimexScores:
    """Tag every MEANTIME document (its rebuilt text and DCT) with ``tag_fn(text, dct)`` and score
    against the gold TIMEX3s as :func:`evaluation.timeml.score` does. With ``out_dir``, TimeML
    files are written for the TempEval-3 scorer: ``out_dir/gold`` (MEANTIME's TIMEX3s) and
    ``out_dir/system`` (ours). ``rules``, if given, gathers what each tagger rule did."""
    total = TimexScores()
    for doc in read_timex_corpus(corpus_dir):
        timexes = scored_system(doc, tag_fn(doc.text, doc.dct))
        total.add(score_doc(doc, timexes))
        if rules is not None:
            rules.add(doc, timexes)
        if out_dir is not None:
            write_system_timeml(doc, gold_as_timexes(doc), Path(out_dir) / "gold" / doc.path.name)
            write_system_timeml(doc, timexes, Path(out_dir) / "system" / doc.path.name)
    return total


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="timeline eval meantime", description="MEANTIME Apple: event dates and cross-document merging")
    ap.add_argument("corpus_dir")
    ap.add_argument("--instances")
    args = ap.parse_args(argv)
    print(format_report(evaluate_meantime(args.corpus_dir, args.instances)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
