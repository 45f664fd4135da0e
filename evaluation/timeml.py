"""TempEval-3 style evaluation of a temporal tagger on TimeML corpora (TimeBank, AQUAINT).

Pipeline for one corpus folder (``evaluate_dir``): read every gold ``.tml`` -> run the tagger on
the text of ``<TEXT>`` with the document's DCT -> write a system TimeML file with the same text
and our TIMEX3 tags (readable by the official TE3 scorer, ``TE3-evaluation.py``) -> score against
the gold TIMEX3s.

Two views of the text of a document:

- ``TimeMLDoc.raw_text``: the content of ``<TEXT>`` with every inner tag removed and *nothing
  else* changed: whitespace (including ``\\r\\n`` where the file has it) and XML entities
  (``&amp;``) stay exactly as they are in the file, i.e. as the scorer sees them. Gold offsets
  (``GoldTimex.start/end``) index this string, and the written system file reproduces it.
- ``TimeMLDoc.text``: the same with the XML entities decoded (``&amp;`` -> ``&``); this is what
  the tagger gets, and the offsets of the tagger's ``Timex`` objects index it. Conversions go
  through ``TimeMLDoc.to_raw_span`` / ``to_text_span``. Without entities both strings are equal.

Scoring (TempEval-3 definitions, the DCT excluded, micro-averaged over documents, 0-100):
strict match = identical span; relaxed match = overlapping spans, one-to-one (every strict match
is also a relaxed one); value F1 / type F1: relaxed matches whose value / type is also identical,
with precision over all system and recall over all gold expressions. A ``Timex`` with ``parts``
(a range found as one expression) is written and scored as its parts; one with a ``timeml``
form ("Two days later": a date for the pipeline, the duration "Two days" in TimeML) as that
form (``Timex.as_timeml``: its span end, type and value). System expressions that overlap an
earlier one cannot be written as TimeML inline tags: they are dropped (counted in
``TimexScores.dropped_overlaps``) in both the written file and the score.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from extractors.temporal.timex import Timex

__all__ = [
    "GoldTimex",
    "TimeMLDoc",
    "SystemTimex",
    "TimexScores",
    "read_timeml",
    "read_corpus",
    "gold_as_timexes",
    "system_timexes",
    "write_system_timeml",
    "timeml_string",
    "score",
    "evaluate_dir",
    "format_scores",
    "SCORES_HEADER",
    "RuleCounts",
    "format_rule_table",
]

TagFn = Callable[[str, date], Sequence[Timex]]

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)((?:\s+[^>]*?)?)(/?)>")
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _decode_entity(name: str) -> str:
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _NAMED[name]


def _xml_unescape(s: str) -> str:
    return _ENTITY.sub(lambda m: _decode_entity(m.group(1)), s)


def _xml_attr(s: str) -> str:
    return (
        s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _attrs(text: str) -> dict[str, str]:
    return {k: _xml_unescape(v[1:-1]) for k, v in _ATTR.findall(text)}


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3. ``start``/``end`` index ``TimeMLDoc.raw_text``; ``text_start``/``text_end``
    index ``TimeMLDoc.text`` (the tagger's view). For the DCT both are -1."""

    tid: str
    start: int
    end: int
    text: str  # raw_text[start:end]
    type: str
    value: str
    mod: str | None = None
    is_dct: bool = False
    text_start: int = -1
    text_end: int = -1
    attrs: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class TimeMLDoc:
    path: Path
    docid: str
    dct: date
    dct_value: str
    dct_element: str  # the DCT's full <TIMEX3 ...>...</TIMEX3> element, verbatim
    dct_timex: GoldTimex
    raw_text: str  # content of <TEXT>, tags stripped, otherwise verbatim (scorer view)
    text: str  # raw_text with XML entities decoded (tagger view)
    timexes: list[GoldTimex]  # TIMEX3s inside <TEXT>, in text order
    title_element: str | None = None  # <TITLE>...</TITLE>, verbatim, if any
    docid_element: str = ""
    dct_block: str = ""  # <DCT>...</DCT>, verbatim
    xml_declaration: str = ""
    root_start_tag: str = "<TimeML>"
    root_name: str = "TimeML"
    newline: str = "\n"
    _starts: list[int] = field(default_factory=list, repr=False)  # text index -> raw offset
    _raw_to_text: dict[int, int] = field(default_factory=dict, repr=False)

    @property
    def scored_timexes(self) -> list[GoldTimex]:
        """Gold expressions that count: everything in <TEXT> except a CREATION_TIME TIMEX3."""
        return [t for t in self.timexes if not t.is_dct]

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``text`` -> offsets in ``raw_text``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(
                f"{self.docid}: span {start}:{end} outside the text (length {len(self.text)})"
            )
        return self._starts[start], self._starts[end]

    def to_text_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``raw_text`` (at entity boundaries) -> offsets in ``text``."""
        return self._raw_to_text[start], self._raw_to_text[end]


def _decode_with_map(raw: str) -> tuple[str, list[int], dict[int, int]]:
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(raw):
        for i in range(pos, m.start()):
            out.append(raw[i])
            starts.append(i)
        for ch in _decode_entity(m.group(1)):
            out.append(ch)
            starts.append(m.start())
        pos = m.end()
    for i in range(pos, len(raw)):
        out.append(raw[i])
        starts.append(i)
    starts.append(len(raw))
    raw_to_text: dict[int, int] = {}
    for t_idx, r_idx in enumerate(starts):
        raw_to_text.setdefault(r_idx, t_idx)
    return "".join(out), starts, raw_to_text


def _element(source: str, name: str, path: Path, required: bool = True) -> re.Match | None:
    m = re.search(rf"<{name}(?:\s[^>]*)?>(.*?)</{name}\s*>", source, re.S)
    if m is None and required:
        raise ValueError(f"{path}: no <{name}> element")
    return m


def _parse_dct_date(value: str, path: Path) -> date:
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if not m:
        raise ValueError(f"{path}: DCT value {value!r} is not a calendar date")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Read one TimeML file (regular expressions, like the TE3 scripts: no XML normalisation)."""
    path = Path(path)
    with open(path, encoding="utf-8", newline="") as fh:  # keep \r\n exactly
        source = fh.read()
    newline = "\r\n" if "\r\n" in source else "\n"

    decl = re.match(r"\s*(<\?xml[^>]*\?>)", source)
    root = re.search(r"<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>", source[decl.end() if decl else 0 :])
    if root is None:
        raise ValueError(f"{path}: no root element")

    docid_m = _element(source, "DOCID", path, required=False)
    docid = docid_m.group(1).strip() if docid_m else path.stem
    title_m = _element(source, "TITLE", path, required=False)

    dct_m = _element(source, "DCT", path)
    dct_tag = re.search(r"<TIMEX3(\s[^>]*)?>(.*?)</TIMEX3\s*>", dct_m.group(1), re.S)
    if dct_tag is None:
        raise ValueError(f"{path}: <DCT> has no TIMEX3")
    dct_attrs = _attrs(dct_tag.group(1) or "")
    dct_value = dct_attrs.get("value", "")
    dct_timex = GoldTimex(
        tid=dct_attrs.get("tid", ""),
        start=-1,
        end=-1,
        text=dct_tag.group(2),
        type=dct_attrs.get("type", ""),
        value=dct_value,
        mod=dct_attrs.get("mod"),
        is_dct=True,
        attrs=dct_attrs,
    )

    text_m = _element(source, "TEXT", path)
    body = text_m.group(1)
    raw_parts: list[str] = []
    raw_len = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    stack: list[str] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    pos = 0
    for tag in _TAG.finditer(body):
        raw_parts.append(body[pos : tag.start()])
        raw_len += tag.start() - pos
        pos = tag.end()
        closing, name, attr_text, selfclosing = tag.groups()
        if selfclosing:
            continue
        if not closing:
            stack.append(name)
            if name == "TIMEX3":
                open_timex.append((raw_len, _attrs(attr_text)))
            continue
        if not stack or stack[-1] != name:
            raise ValueError(f"{path}: unbalanced </{name}> in <TEXT>")
        stack.pop()
        if name == "TIMEX3":
            start, attrs = open_timex.pop()
            spans.append((start, raw_len, attrs))
    raw_parts.append(body[pos:])
    if stack:
        raise ValueError(f"{path}: unclosed <{stack[-1]}> in <TEXT>")
    raw_text = "".join(raw_parts)
    text, starts, raw_to_text = _decode_with_map(raw_text)

    timexes = []
    for start, end, attrs in sorted(spans, key=lambda s: (s[0], s[1])):
        timexes.append(
            GoldTimex(
                tid=attrs.get("tid", ""),
                start=start,
                end=end,
                text=raw_text[start:end],
                type=attrs.get("type", ""),
                value=attrs.get("value", ""),
                mod=attrs.get("mod") or None,
                is_dct=attrs.get("functionInDocument") == "CREATION_TIME",
                text_start=raw_to_text[start],
                text_end=raw_to_text[end],
                attrs=attrs,
            )
        )

    return TimeMLDoc(
        path=path,
        docid=docid,
        dct=_parse_dct_date(dct_value, path),
        dct_value=dct_value,
        dct_element=dct_tag.group(0),
        dct_timex=dct_timex,
        raw_text=raw_text,
        text=text,
        timexes=timexes,
        title_element=title_m.group(0) if title_m else None,
        docid_element=docid_m.group(0) if docid_m else f"<DOCID>{docid}</DOCID>",
        dct_block=dct_m.group(0),
        xml_declaration=decl.group(1) if decl else "",
        root_start_tag=root.group(0),
        root_name=root.group(1),
        newline=newline,
        _starts=starts,
        _raw_to_text=raw_to_text,
    )


def read_corpus(gold_dir: str | Path) -> list[TimeMLDoc]:
    """Every ``*.tml`` of a folder, sorted by file name."""
    files = sorted(Path(gold_dir).glob("*.tml"))
    if not files:
        raise FileNotFoundError(f"no .tml files in {gold_dir}")
    return [read_timeml(p) for p in files]


def gold_as_timexes(doc: TimeMLDoc) -> list[Timex]:
    """The scored gold TIMEX3s as ``Timex`` objects in the tagger's coordinates (``doc.text``),
    i.e. what a perfect tagger would return."""
    return [
        Timex(
            start=t.text_start,
            end=t.text_end,
            text=doc.text[t.text_start : t.text_end],
            type=t.type,
            value=t.value,
            mod=t.mod,
            rule="gold",
        )
        for t in doc.scored_timexes
    ]


# --------------------------------------------------------------------------- system output


@dataclass(frozen=True)
class SystemTimex:
    """A system expression as written and scored: offsets in ``raw_text``."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    rule: str = field(default="", compare=False)  # the tagger rule that produced it


@dataclass(frozen=True)
class _SystemSet:
    timexes: list[SystemTimex]
    dropped_overlaps: int
    dropped_empty: int
    text_mismatches: int


def _as_written(timexes: Iterable[Timex]) -> list[Timex]:
    """The expressions as TimeML writes them: a range as its parts, an expression with a TimeML
    form (``Timex.timeml``: "Two days later" resolved to a date, "Two days" a duration in TimeML)
    as that form."""
    flat: list[Timex] = []
    for t in timexes:
        flat.extend(p.as_timeml() for p in (t.parts if t.parts else (t,)))
    return flat


def _resolve(doc: TimeMLDoc, timexes: Iterable[Timex]) -> _SystemSet:
    flat = _as_written(timexes)
    mism = sum(1 for t in flat if doc.text[t.start : t.end] != t.text)
    spans = []
    empty = 0
    for t in flat:
        rs, re_ = doc.to_raw_span(t.start, t.end)
        if re_ <= rs or not doc.raw_text[rs:re_].strip():
            empty += 1
            continue
        spans.append(SystemTimex(rs, re_, t.type, t.value, t.mod or None, t.rule))
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[SystemTimex] = []
    overl = 0
    for s in spans:
        if kept and s.start < kept[-1].end:
            overl += 1
            continue
        kept.append(s)
    return _SystemSet(kept, overl, empty, mism)


def system_timexes(doc: TimeMLDoc, timexes: Iterable[Timex]) -> list[SystemTimex]:
    """The expressions that ``write_system_timeml`` writes and ``score`` scores: ranges replaced
    by their parts, TimeML forms used, offsets in ``raw_text``, empty and overlapping spans
    dropped."""
    return _resolve(doc, timexes).timexes


def _tagged_text(doc: TimeMLDoc, spans: list[SystemTimex]) -> str:
    used = {doc.dct_timex.tid}
    out: list[str] = []
    pos = 0
    n = 0
    for s in spans:
        n += 1
        while f"t{n}" in used:
            n += 1
        attrs = f'tid="t{n}" type="{_xml_attr(s.type)}" value="{_xml_attr(s.value)}"'
        if s.mod:
            attrs += f' mod="{_xml_attr(s.mod)}"'
        out.append(doc.raw_text[pos : s.start])
        out.append(f"<TIMEX3 {attrs}>{doc.raw_text[s.start : s.end]}</TIMEX3>")
        pos = s.end
    out.append(doc.raw_text[pos:])
    return "".join(out)


def write_system_timeml(
    doc: TimeMLDoc, timexes: Iterable[Timex], path: str | Path, verify: bool = True
) -> Path:
    """Write ``timexes`` (offsets into ``doc.text``) as a TimeML file: the gold file's XML
    declaration and root element, DOCID, the DCT exactly as in the gold file, TITLE if any, and
    ``<TEXT>`` with the identical raw text and our TIMEX3 tags (tid t1, t2 ... skipping the DCT's
    tid, type, value, mod when set). A directory ``path`` gets the gold file's name. With
    ``verify`` the file is read back and its raw text compared with the gold one."""
    path = Path(path)
    if path.is_dir():
        path = path / doc.path.name
    path.parent.mkdir(parents=True, exist_ok=True)
    nl = doc.newline
    blocks = [doc.docid_element, doc.dct_block]
    if doc.title_element:
        blocks.append(doc.title_element)
    blocks.append(f"<TEXT>{_tagged_text(doc, system_timexes(doc, timexes))}</TEXT>")
    head = (doc.xml_declaration + nl) if doc.xml_declaration else ""
    content = (
        head + doc.root_start_tag + nl + nl + (nl + nl).join(blocks) + nl + nl
        + f"</{doc.root_name}>" + nl
    )
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(content)
    if verify:
        back = read_timeml(path)
        if back.raw_text != doc.raw_text:
            raise AssertionError(f"{path}: written raw text differs from {doc.path}")
        if back.dct_element != doc.dct_element:
            raise AssertionError(f"{path}: written DCT differs from {doc.path}")
    return path


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def timeml_string(text: str, timexes: Sequence[Timex], dct: date | None) -> str:
    """A standalone TimeML document of ``text`` with our TIMEX3 tags (what ``timeline tag FILE
    --format timeml`` prints): the TimeML root, a ``<DCT>`` with the creation-time TIMEX3 (tid t0)
    when ``dct`` is given, and ``<TEXT>`` holding the text (XML-escaped) with a TIMEX3 per
    expression. A range found as one expression is written as its parts, one tag each, an
    expression with a TimeML form (``Timex.timeml``) as that form; an expression overlapping an
    earlier one cannot be an inline tag and is left out. Expressions resolved against the DCT
    say so (``temporalFunction="true" anchorTimeID="t0"``)."""
    flat = [t for t in _as_written(timexes)
            if 0 <= t.start < t.end <= len(text) and text[t.start:t.end].strip()]
    flat.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[str] = []
    pos, n = 0, 0
    for t in flat:
        if t.start < pos:
            continue
        n += 1
        attrs = f'tid="t{n}" type="{_xml_attr(t.type)}" value="{_xml_attr(t.value)}"'
        if t.mod:
            attrs += f' mod="{_xml_attr(t.mod)}"'
        if t.anchor in ("dct", "narrative"):
            attrs += ' temporalFunction="true"'
            if t.anchor == "dct" and dct is not None:
                attrs += ' anchorTimeID="t0"'
        out.append(_xml_text(text[pos:t.start]))
        out.append(f"<TIMEX3 {attrs}>{_xml_text(text[t.start:t.end])}</TIMEX3>")
        pos = t.end
    out.append(_xml_text(text[pos:]))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">', ""]
    if dct is not None:
        v = dct.isoformat()
        parts += [f'<DCT><TIMEX3 tid="t0" type="DATE" value="{v}" temporalFunction="false" '
                  f'functionInDocument="CREATION_TIME">{v}</TIMEX3></DCT>', ""]
    parts += [f"<TEXT>{''.join(out)}</TEXT>", "", "</TimeML>", ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- scoring


@dataclass
class TimexScores:
    docs: int = 0
    gold: int = 0  # scored gold TIMEX3 (DCT excluded)
    system: int = 0  # system TIMEX3 written/scored
    strict: int = 0  # identical spans
    relaxed: int = 0  # overlapping spans, one-to-one
    value: int = 0  # relaxed matches with identical value
    type: int = 0  # relaxed matches with identical type
    dropped_overlaps: int = 0
    dropped_empty: int = 0
    text_mismatches: int = 0  # system Timex whose .text != text[start:end]

    @staticmethod
    def _p(n: int, d: int) -> float:
        return 100.0 * n / d if d else 0.0

    def _prf(self, matched: int) -> tuple[float, float, float]:
        p, r = self._p(matched, self.system), self._p(matched, self.gold)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    strict_p = property(lambda self: self._prf(self.strict)[0])
    strict_r = property(lambda self: self._prf(self.strict)[1])
    strict_f1 = property(lambda self: self._prf(self.strict)[2])
    relaxed_p = property(lambda self: self._prf(self.relaxed)[0])
    relaxed_r = property(lambda self: self._prf(self.relaxed)[1])
    relaxed_f1 = property(lambda self: self._prf(self.relaxed)[2])
    value_p = property(lambda self: self._prf(self.value)[0])
    value_r = property(lambda self: self._prf(self.value)[1])
    value_f1 = property(lambda self: self._prf(self.value)[2])
    type_p = property(lambda self: self._prf(self.type)[0])
    type_r = property(lambda self: self._prf(self.type)[1])
    type_f1 = property(lambda self: self._prf(self.type)[2])

    def add(self, other: "TimexScores") -> None:
        for name in (
            "docs", "gold", "system", "strict", "relaxed", "value", "type",
            "dropped_overlaps", "dropped_empty", "text_mismatches",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, float]:
        out: dict[str, float] = {
            k: getattr(self, k) for k in ("docs", "gold", "system", "strict", "relaxed")
        }
        for kind in ("strict", "relaxed", "value", "type"):
            for m in ("p", "r", "f1"):
                out[f"{kind}_{m}"] = round(getattr(self, f"{kind}_{m}"), 4)
        return out


def _match(gold: list[GoldTimex], system: list[SystemTimex]) -> list[tuple[GoldTimex, SystemTimex]]:
    """One-to-one relaxed matching: identical spans first, then overlapping spans by a sweep in
    text order (maximum for two sets of non-overlapping spans)."""
    by_span = {(s.start, s.end): s for s in system}
    pairs = []
    rest_g, used = [], set()
    for g in gold:
        s = by_span.get((g.start, g.end))
        if s is not None and id(s) not in used:
            pairs.append((g, s))
            used.add(id(s))
        else:
            rest_g.append(g)
    rest_s = [s for s in system if id(s) not in used]
    i = j = 0
    while i < len(rest_g) and j < len(rest_s):
        g, s = rest_g[i], rest_s[j]
        if g.start < s.end and s.start < g.end:
            pairs.append((g, s))
            i += 1
            j += 1
        elif g.end <= s.end:
            i += 1
        else:
            j += 1
    return pairs


def score_doc(doc: TimeMLDoc, timexes: Iterable[Timex]) -> TimexScores:
    resolved = _resolve(doc, timexes)
    gold = doc.scored_timexes
    pairs = _match(gold, resolved.timexes)
    return TimexScores(
        docs=1,
        gold=len(gold),
        system=len(resolved.timexes),
        strict=sum(1 for g, s in pairs if (g.start, g.end) == (s.start, s.end)),
        relaxed=len(pairs),
        value=sum(1 for g, s in pairs if g.value == s.value),
        type=sum(1 for g, s in pairs if g.type == s.type),
        dropped_overlaps=resolved.dropped_overlaps,
        dropped_empty=resolved.dropped_empty,
        text_mismatches=resolved.text_mismatches,
    )


def score(
    gold_docs: Sequence[TimeMLDoc],
    system_timexes: Mapping[str, Sequence[Timex]] | Sequence[Sequence[Timex]],
) -> TimexScores:
    """Micro-averaged TempEval-3 timex scores. ``system_timexes`` maps docid -> Timex list
    (offsets into ``doc.text``; a missing docid = no output), or is a list parallel to
    ``gold_docs``."""
    if isinstance(system_timexes, Mapping):
        per_doc = [system_timexes.get(d.docid, ()) for d in gold_docs]
    else:
        per_doc = list(system_timexes)
        if len(per_doc) != len(gold_docs):
            raise ValueError("system_timexes must be parallel to gold_docs")
    total = TimexScores()
    for doc, timexes in zip(gold_docs, per_doc):
        total.add(score_doc(doc, timexes))
    return total


@dataclass
class RuleCounts:
    """What each tagger rule did on a corpus: for every expression it produced (as scored),
    ``correct`` (overlaps a gold TIMEX3 and has its value), ``wrong`` (overlaps one, other value)
    or ``spurious`` (overlaps none); ``missed`` counts gold expressions no rule found."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    missed: int = 0

    def add(self, doc: TimeMLDoc, timexes: Iterable[Timex]) -> None:
        system = _resolve(doc, timexes).timexes
        gold = doc.scored_timexes
        pairs = _match(gold, system)
        matched = {id(s): g for g, s in pairs}
        self.missed += len(gold) - len(pairs)
        for s in system:
            g = matched.get(id(s))
            kind = "spurious" if g is None else "correct" if g.value == s.value else "wrong"
            row = self.counts.setdefault(s.rule or "?", {"correct": 0, "wrong": 0, "spurious": 0})
            row[kind] += 1


def format_rule_table(by_corpus: Mapping[str, RuleCounts], rule_ids: Sequence[str] = ()) -> str:
    """A Markdown table, one row per rule: for each corpus "correct / wrong / spurious", and in
    which corpora the rule produced a correct value. ``rule_ids`` (all the tagger's rules, in
    file order) adds the rules that fired nowhere."""
    names = list(by_corpus)
    ids = list(dict.fromkeys([*rule_ids, *(r for c in by_corpus.values() for r in sorted(c.counts))]))
    head = "| rule | " + " | ".join(f"{n} correct / wrong / spurious" for n in names) + " | correct in |"
    lines = [head, "|---|" + "---|" * len(names) + "---|"]
    for rid in ids:
        cells, good = [], []
        for n in names:
            row = by_corpus[n].counts.get(rid)
            cells.append(f"{row['correct']} / {row['wrong']} / {row['spurious']}" if row else "-")
            if row and row["correct"]:
                good.append(n)
        fired = any(c != "-" for c in cells)
        where = ("all" if len(good) == len(names) > 1 else ", ".join(good) + " only" if good
                 else "none" if fired else "fired nowhere")
        lines.append(f"| {rid} | " + " | ".join(cells) + f" | {where} |")
    lines.append("| (missed: gold no rule found) | " + " | ".join(str(by_corpus[n].missed) for n in names) + " | |")
    return "\n".join(lines)


def evaluate_dir(gold_dir: str | Path, out_dir: str | Path, tag_fn: TagFn,
                 rules: RuleCounts | None = None) -> TimexScores:
    """Read -> tag -> write -> score every ``*.tml`` of ``gold_dir``; the system files go to
    ``out_dir`` under the gold file names. ``rules``, if given, gathers what each rule did."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = read_corpus(gold_dir)
    outputs: list[list[Timex]] = []
    for doc in docs:
        timexes = list(tag_fn(doc.text, doc.dct))
        write_system_timeml(doc, timexes, out_dir / doc.path.name)
        outputs.append(timexes)
        if rules is not None:
            rules.add(doc, timexes)
    return score(docs, outputs)


SCORES_HEADER = (
    "| corpus | docs | gold | system | strict F1 | relaxed F1 | value F1 | type F1 |\n"
    "|---|---|---|---|---|---|---|---|"
)


def format_scores(name: str, scores: TimexScores) -> str:
    """One Markdown table row, columns as ``SCORES_HEADER`` (the layout of
    HEIDELTIME_BASELINE.md plus the gold and system counts)."""
    return (
        f"| {name} | {scores.docs} | {scores.gold} | {scores.system} | {scores.strict_f1:.2f} | "
        f"{scores.relaxed_f1:.2f} | {scores.value_f1:.2f} | {scores.type_f1:.2f} |"
    )
