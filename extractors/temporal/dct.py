"""Infer the publication date (DCT) of a document that came without one, from its own text.

    infer_dct("WASHINGTON, April 24, 2025 (Reuters) - The minister said ...")
    -> (date(2025, 4, 24), 'dateline "WASHINGTON, April 24, 2025"')

Only where the text gives the evidence, in this order:
1. a dateline at the very start ("WASHINGTON, April 24, 2025 (Reuters) -");
2. a header line near the top ("Published: April 24, 2025", "By Jane Doe | April 24, 2025", a
   line holding a date alone);
3. the text stating its report date ("... reported on April 24"), the latest such date.
A dateline or report date without a year takes the year only when the text's absolute dates all
fall in one year (the evidence string says so); otherwise there is no answer. Never today.
The patterns are data (``rules/dct.toml``, written with the fragments of ``fragments.toml``).
"""
from __future__ import annotations

import re
import tomllib
from datetime import date

from . import _TAGGER
from .resources import RULES_DIR, _expand, norm_key

_RES = _TAGGER.res
_SPEC = tomllib.loads((RULES_DIR / "dct.toml").read_text("utf-8"))
_FRAGS = dict(_RES.fragments)
_FRAGS["date"] = "|".join(f"(?:{p})" for p in _SPEC["date"])
_FRAGS["place"] = _SPEC["place"]
_FRAGS["agency"] = _SPEC["agency"]
_FRAGS["clock"] = _SPEC["clock"]
_FRAGS["day_name"] = _expand(_SPEC["day_name"], _FRAGS)


def _compile(name: str, flags: int = 0) -> re.Pattern:
    pattern = _expand(_SPEC[name], _FRAGS)
    # the date alternatives reuse group names; number them apart so the regex compiles
    counter: dict[str, int] = {}

    def rename(m: re.Match) -> str:
        g = m.group(1)
        counter[g] = counter.get(g, 0) + 1
        return f"(?P<{g}{counter[g]}>"

    return re.compile(re.sub(r"\(\?P<([a-z]+)>", rename, pattern), re.I | flags)


_DATELINE = _compile("dateline")
_HEADER = _compile("header", re.M)
_REPORT = _compile("report")
_WIRE_DATELINE = _compile("wire_dateline", re.M)
_BYLINE = _compile("byline", re.M)
_YEAR_IN_DATE = re.compile(r"(?<![\w$])(1[6-9][0-9]{2}|20[0-9]{2})(?![\w%])")


def _groups(m: re.Match) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in m.groupdict().items():
        if v is not None:
            out.setdefault(k.rstrip("0123456789"), v)
    return out


def _parts(m: re.Match) -> tuple[int | None, int, int] | None:
    g = _groups(m)
    try:
        if "mm" in g:
            return int(g["y"]), int(g["mm"]), int(g["dd"])
        month = _RES.tables["month"][norm_key(g["m"])]
        day = int(re.match(r"\d+", g["d"]).group())
        return (int(g["y"]) if "y" in g else None), month, day
    except (KeyError, ValueError, AttributeError):
        return None


def _text_year(text: str) -> int | None:
    """The one year the text's absolute dates fall in, if they all fall in one."""
    from . import tag  # the tagger finds the dates; without a DCT only absolute ones get a year

    years = {t.begin_date.year for t in tag(text, None)
             if t.anchor == "absolute" and t.begin_date is not None
             and t.granularity in ("day", "month", "time")}
    if len(years) == 1:
        return years.pop()
    years = {int(y) for y in _YEAR_IN_DATE.findall(text)}
    return years.pop() if len(years) == 1 else None


def _build(parts, quoted: str, kind: str, text: str) -> tuple[date, str] | None:
    y, mo, d = parts
    how = f'{kind} "{quoted}"'
    if y is None:
        y = _text_year(text)
        if y is None:
            return None
        how += f" + year {y} in the text"
    try:
        return date(y, mo, d), how
    except ValueError:
        return None


def infer_dct(text: str) -> tuple[date, str] | None:
    """(date, evidence) when the text states its own date, else None."""
    if not text or not text.strip():
        return None
    m = _DATELINE.match(text[:300])
    if m and (p := _parts(m)):
        return _build(p, m.group().strip(), "dateline", text)
    top = "\n".join(text.lstrip().splitlines()[: int(_SPEC.get("header_lines", 6))])
    m = _HEADER.search(top)
    if m and (p := _parts(m)):
        return _build(p, m.group().strip(), "header", text)
    found = [(p, mm.group()) for mm in _REPORT.finditer(text) if (p := _parts(mm))]
    if found:
        with_year = [(p, q) for p, q in found if p[0] is not None]
        if with_year:
            p, q = max(with_year, key=lambda x: x[0])
            return _build(p, q, "report date", text)
        year = _text_year(text)
        if year is None:
            return None
        p, q = max(found, key=lambda x: (x[0][1], x[0][2]))
        try:
            return date(year, p[1], p[2]), f'"{q}" + year {year} in the text'
        except ValueError:
            return None
    return None


def wire_header(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The wire header of an article's first lines (rules/dct.toml: wire_dateline, byline, and the
    page header lines of ``header``: "By Jane Doe | April 24, 2025", "Updated 3:45 PM ET, ..."): the
    character spans of its datelines, bylines and header lines, and of the dates they give (a
    header line is a date throughout: its clock time too).

    >>> wire_header("Okafor charged\\n\\nHOUSTON, Sept 12 (Reuters) - Daniel Okafor was arrested")
    ([(16, 45)], [(25, 32)])
    >>> wire_header("Bill passes\\nBy Jane Doe | Nov. 18, 2026 10:32 AM EST\\nThe Senate voted.")
    ([(12, 52)], [(12, 52)])
    """
    lines = int(_SPEC.get("header_lines_wire", 8))
    top = text[:sum(len(line) for line in text.splitlines(keepends=True)[:lines])]
    spans, dates = [], []
    for pattern in (_WIRE_DATELINE, _BYLINE):
        for m in pattern.finditer(top):
            spans.append(m.span())
            when = next((g for g, v in m.groupdict().items() if g.startswith("when") and v is not None), None)
            if when is not None:
                dates.append(m.span(when))
    for m in _HEADER.finditer(top):  # the whole line: "By Jane Doe | Nov. 18, 2026 10:32 AM EST"
        start = top.rfind("\n", 0, m.start()) + 1
        end = top.find("\n", m.end())
        line = (start, end if end >= 0 else len(top))
        if not any(a < line[1] and line[0] < b for a, b in spans):
            spans.append(line)
            dates.append(line)
    return sorted(spans), sorted(dates)

