"""The matching engine: run every rule, keep the longest non-overlapping matches, normalize."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from . import resolve as R
from .resources import Resources, Rule, load, norm_key
from .tense import WORD_BEFORE, TenseCues
from .timex import TimeMLForm, Timex

_TOKEN = re.compile(r"\w+")
_NONWORD = re.compile(r"\W")
WINDOW = 64  # chars a match may reach on either side of its trigger token
# the end of a sentence: a stop before a capital ("Dec. 28" and "$1.5 billion" go on), or a blank line
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+(?=[\"'\u2018\u201c`(]*[A-Z])|\n\s*\n")
# the fields of a month or day told without a year ("in March", "on Dec. 4", "in the spring"): with
# nothing else in the norm, it may take the year a sentence states ("In 2019 it opened in March")
_YEARLESS = frozenset(("month", "day", "season", "weekday", "pod", "hour", "minute", "ampm", "_used"))


class Tagger:
    def __init__(self, resources: Resources | None = None, full_scan: bool = False):
        self.res = resources or load()
        self.full_scan = full_scan  # run every rule over the whole text (slow; for checking)
        self.tables = self.res.tables
        self.cues = TenseCues(self.res.cues)

    # ------------------------------------------------------------------ matching
    def trigger_hits(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Positions of the trigger tokens of each class, found in one pass over the text."""
        hits: dict[str, list[tuple[int, int]]] = {}
        words = self.res.trigger_words
        regexes = self.res.trigger_regexes
        for m in _TOKEN.finditer(text):
            tok = m.group().lower()
            classes = words.get(tok)
            if classes:
                for c in classes:
                    hits.setdefault(c, []).append(m.span())
            if tok[0].isdigit():
                for c, rx in regexes:
                    if rx.fullmatch(tok):
                        hits.setdefault(c, []).append(m.span())
        return hits

    def windows(self, text: str, rule: Rule, hits) -> list[tuple[int, int]]:
        if self.full_scan or not rule.trigger:
            return [(0, len(text))]
        spans = sorted(sp for c in rule.trigger for sp in hits.get(c, ()))
        out: list[list[int]] = []
        n = len(text)
        for s, e in spans:
            ws, we = max(0, s - WINDOW), min(n, e + WINDOW)
            if out and ws <= out[-1][1]:
                out[-1][1] = max(out[-1][1], we)
            else:
                out.append([ws, we])
        for w in out:  # end each window at a word boundary so (?!\w) sees the real next char
            m = _NONWORD.search(text, w[1])
            w[1] = m.start() if m else n
        return [tuple(w) for w in out]

    def candidates(self, text: str) -> list[tuple[int, int, Rule, re.Match]]:
        out = []
        hits = None if self.full_scan else self.trigger_hits(text)
        for rule in self.res.rules:
            seen: set[tuple[int, int]] = set()
            for ws, we in self.windows(text, rule, hits):
                for m in rule.regex.finditer(text, ws, we):
                    span = m.span()
                    if span[0] != span[1] and span not in seen and self._accept(text, rule, *span):
                        seen.add(span)
                        out.append((span[0], span[1], rule, m))
        return out

    @staticmethod
    def _accept(text: str, rule: Rule, s: int, e: int) -> bool:
        if rule.reject_before is not None and rule.reject_before.search(text, max(0, s - 40), s):
            return False
        if rule.reject_after is not None and rule.reject_after.match(text, e, e + 40):
            return False
        return True

    @staticmethod
    def select(cands):
        """Longest match first; on equal length the earlier rule (file order) wins."""
        cands = sorted(cands, key=lambda c: (-(c[1] - c[0]), c[2].order, c[0]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for c in cands:
            s, e = c[0], c[1]
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            chosen.append(c)
        chosen.sort(key=lambda c: c[0])
        return chosen

    # ------------------------------------------------------------------ normalization
    def _mod(self, rule: Rule, m: re.Match, text: str, start: int, rtype: str) -> str | None:
        if rule.mod:
            try:
                v = R.eval_spec(rule.mod, m, self.tables, None, set())
            except R.NoMatch:
                v = None
            if v:
                return v
        if rtype == "DATE":
            w = WORD_BEFORE.search(text, max(0, start - 12), start)
            if w:
                return self.tables["premod"].get(norm_key(w.group(1)))
        return None

    def build(self, text: str, s: int, e: int, rule: Rule, m: re.Match, dct: date | None, doc,
              ref: R.Resolved | None = None, stand_in: bool = False,
              stated_year: tuple[R.Resolved, tuple[int, int]] | None = None
              ) -> tuple[Timex, R.Resolved | None] | None:
        """One Timex (and its resolved fields, for later anaphora) from a rule match. ``dct`` may
        be a stand-in (the last absolute date of a text without DCT): then tense says nothing.
        ``stated_year``: a date with a stated year earlier in the same sentence, and its span; a
        month or day without a year in the same clause belongs to its year ("Last year, it flew in
        September": last year's September)."""
        direction_cache: list[Any] = []

        def direction():
            if stand_in:  # tense places events against the writing date, not a narrative one
                return "nearest"
            if not direction_cache:
                direction_cache.append(self.cues.direction(text, s, e, doc))
            return direction_cache[0]

        norm = R.eval_norm(rule.norm, m, self.tables, dct)
        kind = norm.get("kind", "date")
        if kind == "none":  # a blocker: its span is no expression, nor is anything inside it
            return None
        if norm.get("unless_tense") and self.cues.stated(text, s, e, doc) == norm["unless_tense"]:
            return None  # "soon" in a past narrative refers to no time around the DCT
        rtype = rule.type
        if kind == "range":
            return self._range(text, s, e, rule, m, norm, dct, direction, ref)
        mod = self._mod(rule, m, text, s, rtype)
        if kind == "duration" and "unless_perfect" in norm and not self.cues.present_perfect(text, s, e, doc):
            # "in recent years" is a stretch up to now only in a present perfect clause ("have grown
            # in recent years"); with a simple tense it is a vague time ("soared in recent years")
            kind, norm = "ref", {**norm, "value": norm["unless_perfect"]}
        if kind == "duration":
            value = self._duration_value(norm)
            return Timex(s, e, text[s:e], "DURATION", value, mod, None, None, "duration", "absolute", rule.id), None
        if kind == "set":
            if "value" in norm:
                value = norm["value"]
            elif "unit" in norm:
                value = R.duration_value(norm.get("n", 1), norm["unit"])
            else:
                value = R.format_value({k: v for k, v in norm.items() if k in R.CAL_FIELDS})
            return Timex(s, e, text[s:e], "SET", value, mod, None, None, "set", "absolute", rule.id), None
        if kind == "ref":
            value = norm["value"]
            b = en = dct if (value == "PRESENT_REF" and dct) else None
            return Timex(s, e, text[s:e], "DATE", value, mod, b, en, "unknown",
                         "dct" if dct else "unresolved", rule.id), None
        if (stated_year is not None and ("month" in norm or "season" in norm) and set(norm) <= _YEARLESS
                and self.cues.same_clause(text, stated_year[1], (s, e), doc)):
            r = self._in_stated_year(norm, stated_year[0])
        else:
            r = R.resolve_date(norm, dct, direction, self.cues.defaults, ref)
        if norm.get("as_week"):
            r = R.week_of(r)
        if "days" in norm:
            r = R.days_from(r, norm["days"])
        b, en = (R.apply_mod(r.begin, r.end, mod) if r.begin else (None, None))
        typ = norm.get("type") or r.type or rtype
        if r.value.endswith("_REF"):
            typ = "DATE"
        return Timex(s, e, text[s:e], typ, r.value, mod, b, en, r.granularity, r.anchor, rule.id,
                     timeml=self._timeml_form(norm, m, e)), r

    def _in_stated_year(self, norm: dict, stated: R.Resolved) -> R.Resolved:
        """A month or day without a year in the sentence of a date whose year was stated: in that
        year ("In 2019 it opened in March"), or for a month or day stated before it, the occurrence
        nearest to it ("It agreed the merger on Dec. 28, 2018, and closed it in March": March 2019)."""
        if stated.granularity == "year":
            r = R.resolve_date({**norm, "year": stated.begin.year}, None, lambda: None, self.cues.defaults)
        else:
            r = R.resolve_date(norm, stated.begin, lambda: "nearest", self.cues.defaults)
        return replace(r, anchor="narrative")

    @staticmethod
    def _duration_value(norm: dict) -> str:
        n = norm["n"]
        if "plus" in norm and n != "X":  # "a minute and a half"
            n += norm["plus"]
        return R.duration_value(n, norm["unit"])

    @classmethod
    def _timeml_form(cls, norm: dict, m: re.Match, e: int) -> TimeMLForm | None:
        """The TimeML form a rule declares (norm ``timeml``, a duration norm): "Two days later"
        is a date, but TimeML tags "Two days" as P2D. ``end`` names the group its span ends
        with (else it ends where the match does), ``units`` the units of the rule it holds for."""
        f = norm.get("timeml")
        if f is None or ("units" in f and norm.get("unit") not in f["units"]):
            return None
        end = m.end(f["end"]) if "end" in f else e
        return TimeMLForm(end, "DURATION", cls._duration_value(f))

    def _range(self, text, s, e, rule, m, norm, dct, direction, ref=None):
        a, b = dict(norm["from"]), dict(norm["to"])
        ua, ub = a.pop("_used"), b.pop("_used")
        # the end inherits what it lacks from the start (month of "April 16 to 18"), the start
        # inherits the year from the end ("April 16-18, 2025")
        order = ["century", "decade", "year", "month"]
        for f in order:
            if f not in b and f in a and any(k in b for k in order[order.index(f) + 1:] + ["day"]):
                b[f] = a[f]
        if "year" in b and "year" not in a and ("month" in a or "day" in a):
            a["year"] = b["year"]
        ra = R.resolve_date(a, dct, direction, self.cues.defaults)
        inherited = False
        if "year" not in b and ra.begin is not None and ("month" in b or "day" in b):
            b["year"] = ra.begin.year
            inherited = True
        rb = R.resolve_date(b, dct, direction, self.cues.defaults)
        if ra.begin and rb.begin and rb.begin < ra.begin and "year" in b and "year" not in norm["to"]:
            b["year"] += 1
            rb = R.resolve_date(b, dct, direction, self.cues.defaults)
        if inherited:
            rb.anchor = ra.anchor

        def part(used, r):
            spans = [m.span(g) for g in used if m.group(g) is not None]
            ps, pe = min(x for x, _ in spans), max(y for _, y in spans)
            return Timex(ps, pe, text[ps:pe], "DATE", r.value, None, r.begin, r.end, r.granularity, r.anchor, rule.id)

        parts = (part(ua, ra), part(ub, rb))
        anchor = next((a for a in ("unresolved", "narrative", "dct") if a in (ra.anchor, rb.anchor)), "absolute")
        begin, end = ra.begin, rb.end
        if begin is None or end is None:  # one end not placed: the range is not placed either
            begin = end = None
        elif end < begin:  # "Feb. 29-1", "21-14": no range
            raise R.NoMatch(f"range ends before it begins: {text[s:e]!r}")
        return Timex(s, e, text[s:e], "DATE", f"{ra.value}/{rb.value}", None, begin, end,
                     ra.granularity, anchor, rule.id, parts), (rb if end else None)

    # ------------------------------------------------------------------ entry point
    def tag(self, text: str, dct: date | None, doc=None) -> list[Timex]:
        """Expressions in text order. Each one is normalized knowing the last date the text
        mentioned before it (``ref``), which "a year earlier" or "the following day" count from.
        Without a DCT, the last absolute full date stands in for it (anchor "narrative")."""
        out = []
        ref: R.Resolved | None = None
        stand_in: date | None = None
        ref_end = 0
        period_reach = self.cues.defaults.get("period_reach_chars", 10**9)
        named: dict[str, tuple[R.Resolved, int]] = {}  # granularity -> last such date named, its end
        # a date with a stated year, its span, and the end of its sentence
        stated_year: tuple[R.Resolved, tuple[int, int], int] | None = None
        for s, e, rule, m in self.select(self.candidates(text)):
            if stated_year is not None and s >= stated_year[2]:
                stated_year = None
            near = ref
            if "period" in rule.norm:
                # "the quarter", "the year" refer to the last period of that kind named close by,
                # even with a day between ("the fiscal first quarter ended Sept. 29 ... the
                # quarter"), else to the DCT's
                kinds = rule.norm["period"]
                kinds = [kinds] if isinstance(kinds, str) else kinds
                near = max((named[k] for k in kinds if k in named and s - named[k][1] <= period_reach),
                           key=lambda pe: pe[1], default=(None, 0))[0]
            try:
                built = self.build(text, s, e, rule, m, dct if dct else stand_in, doc, near,
                                   stand_in=dct is None and stand_in is not None,
                                   stated_year=stated_year[:2] if stated_year else None)
            except (R.NoMatch, KeyError, ValueError, OverflowError):  # OverflowError: past year 9999
                built = None
            if built is None:
                continue
            t, r = built
            if dct is None and stand_in is not None and t.anchor == "dct":
                t = replace(t, anchor="narrative", parts=tuple(
                    replace(p, anchor="narrative") if p.anchor == "dct" else p for p in t.parts))
            out.append(t)
            if r is None and rule.norm.get("narrative") and (dct or stand_in):
                # a duration naming the period a report is about ("for the nine months": the year
                # to date) moves the narrative there: "a year earlier" then means last year
                ref = R.resolve_date({"period": rule.norm["narrative"], "period_offset": 0},
                                     dct or stand_in, lambda: None, self.cues.defaults)
                ref_end = e
                named[ref.granularity] = (ref, e)
            # a comparison ("a year earlier", "the year-ago quarter") looks back without moving
            # the narrative: the next "a year earlier" counts from the same date again; a period
            # named where the narrative already is ("this year's third quarter") is no comparison
            if (r is not None and r.begin is not None and r.fields is not None
                    and t.type in ("DATE", "TIME") and not (rule.norm.get("keep") and r.moved)):
                ref, ref_end = r, e
                named[r.granularity] = (r, e)
                if r.anchor == "absolute" or (r.granularity == "year" and r.anchor == "dct"):
                    # a year stated ("in 2019", "last year"): the rest of the sentence is in it
                    end = _SENTENCE_END.search(text, e)
                    stated_year = (r, (s, e), end.start() if end else len(text))
                year = named.get("year")
                if (year is not None and r.granularity != "year" and year[0].begin is not None
                        and not year[0].begin <= r.begin <= year[0].end):
                    # a date told since in another year has moved the story out of the year
                    # named ("... in 2007. A report of April 2 said it passed its rival at the
                    # beginning of the year": this year, not 2007)
                    del named["year"]
                if dct is None and r.anchor == "absolute" and r.granularity in ("day", "time"):
                    stand_in = r.begin
        return out
