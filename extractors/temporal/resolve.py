"""Turn a rule's norm (read from the data files) into a TIMEX3 value and calendar interval.

A norm is a small dict of calendar fields (``{"month": 6}``, ``{"unit": "week", "offset": -1}``,
``{"kind": "duration", "n": 90, "unit": [1, "D"]}`` ...). This module is the only place that does
date arithmetic; it knows calendars, not English.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

from .resources import norm_key

# field -> granularity name, coarse to fine
GRAN_ORDER = ["century", "decade", "year", "half", "season", "quarter", "month", "week", "day", "time"]
INT_FIELDS = {"year", "month", "day", "hour", "minute", "quarter", "half", "weekday", "week",
              "offset", "n", "nth", "decade", "century"}
GRAN_RANK = {"century": 0, "decade": 1, "year": 2, "half": 3, "season": 3, "quarter": 4, "month": 5,
             "week": 6, "weekend": 6, "day": 7, "time": 8}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # WI runs into next year
_DIGITS = re.compile(r"\d+")
_SPLIT = re.compile(r"[\s-]+")


class NoMatch(Exception):
    """The text matched a rule's pattern but could not be normalized (e.g. April 31)."""


@dataclass
class Resolved:
    value: str
    begin: date | None
    end: date | None
    granularity: str
    anchor: str
    type: str | None = None  # overrides the rule's type when set (TIME for clock times)
    fields: dict | None = None  # the resolved calendar fields (what a later anaphor can refer to)
    moved: bool = False  # a relative expression that ended elsewhere than where it started


# ----------------------------------------------------------------------------- field evaluation

def parse_number(s: str, tables: dict) -> int | float | str:
    k = norm_key(s).replace(",", "")
    for frac, add in tables["fraction"].items():  # "2 1/2", "two and a half"
        if k.endswith(" " + frac):
            return parse_number(k[:-len(frac) - 1], tables) + add
    if re.fullmatch(r"\d+(?:\.\d+)?", k):
        f = float(k)
        return int(f) if f.is_integer() else f
    nums = tables["number"]
    if k in nums:
        return nums[k]
    total = 0
    for w in _SPLIT.split(k):
        v = nums.get(w)
        if not isinstance(v, (int, float)):
            raise NoMatch(f"not a number: {s!r}")
        total = total * v if v in (100, 1000) else total + v
    return total


def _year_words(s: str, tables: dict) -> int:
    """ "nineteen ninety-six" -> 1996, "two thousand" -> 2000, "two thousand and one" -> 2001."""
    k = norm_key(s)
    if k.startswith("two thousand"):
        rest = k[len("two thousand"):].strip()
        rest = rest[4:] if rest.startswith("and ") else rest
        return 2000 + (int(parse_number(rest, tables)) if rest else 0)
    first, _, rest = k.partition(" ")
    return 100 * int(parse_number(first, tables)) + int(parse_number(rest, tables))


def _year(s: str, dct: date | None, tables: dict | None = None) -> int:
    d0 = _DIGITS.search(s)
    if d0 is None and tables is not None:
        return _year_words(s, tables)
    d = d0.group()
    y = int(d)
    if len(d) <= 2:
        pivot = (dct.year if dct else 2000) + 10
        y = 2000 + y if 2000 + y <= pivot else 1900 + y
    return y


def _decade(s: str, tables: dict, dct: date | None) -> str:
    d = _DIGITS.search(s)
    if d and len(d.group()) == 4:
        return d.group()[:3]
    digit = int(d.group()[0]) if d else tables["decadeword"][norm_key(s)]
    ref = dct.year if dct else 1999
    century = ref // 100
    if century * 100 + digit * 10 > ref:
        century -= 1
    return f"{century}{digit}"


def _century(s: str, tables: dict) -> str:
    d = _DIGITS.search(s)
    n = int(d.group()) if d else tables["ordinal"][norm_key(s)]
    return f"{n - 1:02d}"


def eval_spec(spec: Any, m: re.Match, tables: dict, dct: date | None, used: set[str]) -> Any:
    """One norm field: a literal, "$g", "TABLE:$g", "num:$g", "-num:$g", "year:$g" ..."""
    if isinstance(spec, dict):
        return eval_norm(spec, m, tables, dct)  # a sub-expression keeps its own used groups
    if not isinstance(spec, str) or "$" not in spec:
        return spec
    fn, _, g = spec.rpartition("$")
    fn = fn.rstrip(":")
    text = m.group(g)
    if text is None:
        return None
    used.add(g)
    neg = fn.startswith("-")
    fn = fn.lstrip("-")
    if fn == "":
        return text
    if fn == "num":
        v = parse_number(text, tables)
        return ("X" if v == "X" else -v) if neg else v
    if fn == "year":
        return _year(text, dct, tables)
    if fn == "decade":
        return _decade(text, tables, dct)
    if fn == "century":
        return _century(text, tables)
    table = tables[fn]
    key = norm_key(text)
    if key not in table:
        raise NoMatch(f"{text!r} not in table {fn}")
    v = table[key]
    return -v if neg else v


def eval_norm(norm: dict, m: re.Match, tables: dict, dct: date | None,
              used: set[str] | None = None) -> dict:
    used = set() if used is None else used
    out: dict[str, Any] = {}
    for k, spec in norm.items():
        v = eval_spec(spec, m, tables, dct, used)
        if v is None:
            continue
        if k in INT_FIELDS and isinstance(v, str) and v != "X" and k not in ("decade", "century"):
            d = _DIGITS.search(v)
            if not d:
                raise NoMatch(f"{k}={v!r}")
            v = int(d.group())
        out[k] = v
    if "offset" not in out and norm.get("kind", "date") == "date":
        out.pop("unit", None)  # a date's unit only means something with its offset
    out["_used"] = used
    return out


# ----------------------------------------------------------------------------- calendar helpers

def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def interval(f: dict) -> tuple[date, date]:
    """First and last day covered by resolved calendar fields."""
    if "date" in f:
        d = f["date"]
        return d, d
    if "monday" in f:
        mon = f["monday"]
        return (mon + timedelta(days=5), mon + timedelta(days=6)) if f.get("weekend") else (mon, mon + timedelta(days=6))
    if "century" in f and "year" not in f:
        c = int(f["century"])
        return date(c * 100, 1, 1), date(c * 100 + 99, 12, 31)
    if "decade" in f and "year" not in f:
        d = int(f["decade"])
        return date(d * 10, 1, 1), date(d * 10 + 9, 12, 31)
    y = f["year"]
    if "month" in f:
        return date(y, f["month"], 1), _month_end(y, f["month"])
    if "quarter" in f:
        m0 = 3 * (f["quarter"] - 1) + 1
        return date(y, m0, 1), _month_end(y, m0 + 2)
    if "half" in f:
        m0 = 6 * (f["half"] - 1) + 1
        return date(y, m0, 1), _month_end(y, m0 + 5)
    if "season" in f:
        a, b = SEASON_MONTHS[f["season"]]
        ey, em = _add_months(y, a, b - a)
        return date(y, a, 1), _month_end(ey, em)
    return date(y, 1, 1), date(y, 12, 31)


def apply_mod(begin: date, end: date, mod: str | None) -> tuple[date, date]:
    if mod not in ("START", "MID", "END"):
        return begin, end
    n = (end - begin).days + 1
    third = max(n // 3, 1)
    if mod == "START":
        return begin, begin + timedelta(days=third - 1)
    if mod == "END":
        return end - timedelta(days=third - 1), end
    return begin + timedelta(days=third), end - timedelta(days=third)


def _time_suffix(f: dict) -> str:
    if "hour" in f:
        h = f["hour"]
        ap = f.get("ampm")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        return f"T{h:02d}:{f.get('minute', 0):02d}"
    if "pod" in f:
        return f"T{f['pod']}"
    return ""


def format_value(f: dict) -> str:
    """TIMEX3 value of resolved fields; unknown parts are X's."""
    t = _time_suffix(f)
    if "date" in f:
        return f["date"].isoformat() + t
    if "monday" in f:
        iy, iw, _ = f["monday"].isocalendar()
        return f"{iy:04d}-W{iw:02d}" + ("-WE" if f.get("weekend") else "") + t
    if "century" in f and "year" not in f:
        return str(f["century"])
    if "decade" in f and "year" not in f:
        return str(f["decade"])
    y = f.get("year", "XXXX")
    y = f"{y:04d}" if isinstance(y, int) else y
    if "weekday" in f and "month" not in f and "day" not in f:
        return f"{y}-WXX-{f['weekday']}" + t
    if "day" in f:
        m = f.get("month", "XX")
        m = f"{m:02d}" if isinstance(m, int) else m
        return f"{y}-{m}-{f['day']:02d}" + t
    if "month" in f:
        m = f["month"]
        return f"{y}-{m:02d}" if isinstance(m, int) else f"{y}-{m}"
    if "quarter" in f:
        return f"{y}-Q{f['quarter']}"
    if "half" in f:
        return f"{y}-H{f['half']}"
    if "season" in f:
        return f"{y}-{f['season']}"
    if t:
        return f"{y}-XX-XX{t}"
    return y


def granularity(f: dict) -> str:
    if "hour" in f or "pod" in f:
        return "time"
    if "date" in f or "day" in f or "weekday" in f or "holiday" in f:
        return "day"
    if "monday" in f or "week" in f:
        return "week"
    for g in ("month", "quarter", "season", "half", "year", "decade", "century"):
        if g in f:
            return g
    return "unknown"


# ----------------------------------------------------------------------------- date resolution

CAL_FIELDS = ("year", "month", "day", "weekday", "quarter", "half", "season", "decade", "century",
              "pod", "hour", "minute", "ampm", "weekend", "holiday")
_TIME_FIELDS = ("pod", "hour", "minute", "ampm")


def _shift(dct: date, unit: str, off: int) -> dict:
    """The period ``off`` units away from the document date."""
    if unit == "day":
        return {"date": dct + timedelta(days=off)}
    if unit in ("week", "weekend"):
        out = {"monday": _monday(dct) + timedelta(weeks=off)}
        if unit == "weekend":
            out["weekend"] = True
        return out
    if unit == "month":
        y, m = _add_months(dct.year, dct.month, off)
        return {"year": y, "month": m}
    if unit == "quarter":
        i = dct.year * 4 + (dct.month - 1) // 3 + off
        return {"year": i // 4, "quarter": i % 4 + 1}
    if unit == "year":
        return {"year": dct.year + off}
    if unit == "decade":
        return {"decade": f"{dct.year // 10 + off:03d}"}
    if unit == "century":
        return {"century": f"{dct.year // 100 + off:02d}"}
    raise NoMatch(f"unit {unit}")


def _refine(base: dict, f: dict) -> dict:
    """Put the explicit fields of ``f`` inside the period ``base``."""
    out = dict(base)
    for k in _TIME_FIELDS:
        if k in f:
            out[k] = f[k]
    if "monday" in base and "weekday" in f:
        out.pop("monday")
        out.pop("weekend", None)
        out["date"] = base["monday"] + timedelta(days=f["weekday"] - 1)
    elif "year" in base and ("month" in f or "day" in f):
        m = f.get("month", base.get("month"))
        if m is None:
            raise NoMatch("day without month")
        out = {k: v for k, v in out.items() if k not in ("quarter", "half", "season")}
        if "day" in f:
            out["date"] = _safe_date(base["year"], m, f["day"])
            out.pop("year", None)
            out.pop("month", None)
        else:
            out["month"] = m
    else:
        for k in ("quarter", "half", "season"):
            if k in f and "year" in base:
                out = {"year": base["year"], k: f[k], **{t: f[t] for t in _TIME_FIELDS if t in f}}
    return out


def holiday_date(year: int, spec: str) -> date:
    """A holiday in a year, from its rule in tables.toml [holiday]: "12-25" (fixed day),
    "11/4/4" (fourth Thursday of November; a negative count from the end of the month),
    "easter+1" (days from Easter Sunday), "11/1/1+1" (the day after the first Monday)."""
    if spec.startswith("easter"):
        spec, extra = "easter", int(spec[6:] or 0)
    else:
        spec, _, plus = spec.partition("+")
        extra = int(plus) if plus else 0
    if spec == "easter":  # anonymous Gregorian computus
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * l_) // 451
        month = (h + l_ - 7 * m + 114) // 31
        day = (h + l_ - 7 * m + 114) % 31 + 1
        return date(year, month, day) + timedelta(days=extra)
    if "/" in spec:
        month, n, wd = (int(x) for x in spec.split("/"))
        if n > 0:
            first = date(year, month, 1)
            d = first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
        else:
            last = _month_end(year, month)
            d = last - timedelta(days=(last.isoweekday() - wd) % 7 + 7 * (-n - 1))
        return d + timedelta(days=extra)
    month, day = (int(x) for x in spec.split("-"))
    return date(year, month, day) + timedelta(days=extra)


def _safe_date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError as e:
        raise NoMatch(str(e)) from e


_MAX_DAY = {m: (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31) for m in range(1, 13)}
_LEAP_REACH = 366  # days: a day without a year is placed within a year of the DCT, or not at all


def _candidates(f: dict, dct: date) -> Callable[[int], dict | None]:
    """For a partial date (no year), the k-th occurrence around the document date."""
    extra = {t: f[t] for t in _TIME_FIELDS if t in f}
    if "month" in f or any(k in f for k in ("quarter", "half", "season")):
        def cand(k: int) -> dict | None:
            y = dct.year + k
            if "day" in f:
                try:
                    return {"date": date(y, f["month"], f["day"]), **extra}
                except ValueError:
                    return None
            for key in ("month", "quarter", "half", "season"):
                if key in f:
                    return {"year": y, key: f[key], **extra}
            return None
        return cand
    if "day" in f:
        def cand(k: int) -> dict | None:
            y, m = _add_months(dct.year, dct.month, k)
            try:
                return {"date": date(y, m, f["day"]), **extra}
            except ValueError:
                return None
        return cand
    if "holiday" in f:
        return lambda k: {"date": holiday_date(dct.year + k, f["holiday"]), **extra}
    if "weekday" in f:
        def cand(k: int) -> dict | None:
            return {"date": _monday(dct) + timedelta(weeks=k, days=f["weekday"] - 1), **extra}
        return cand
    if f.get("weekend"):
        return lambda k: {"monday": _monday(dct) + timedelta(weeks=k), "weekend": True}
    if extra:
        return lambda k: {"date": dct + timedelta(days=k), **extra}
    raise NoMatch("nothing to place")


def _distance(c: dict, dct: date) -> int:
    b, e = interval(c)
    return (b - dct).days if b > dct else ((dct - e).days if e < dct else 0)


def _pick(cand: Callable[[int], dict | None], dct: date, direction: str | None,
          reach: int | None = None) -> dict:
    """The occurrence of a partial date that ``direction`` points to. A past tense only reaches
    ``reach`` days back: farther than that, the nearest occurrence wins (the past tense of "the
    board said" does not make "payable Dec. 7" in an October article last year's December)."""
    def ok(k, test):
        c = cand(k)
        if c is None:
            return None
        b, e = interval(c)
        return c if test(b, e) else None

    tests = {
        "past": lambda b, e: b <= dct,
        "begun": lambda b, e: b <= dct,
        "latest": lambda b, e: b <= dct,
        "future": lambda b, e: e >= dct,
        "last": lambda b, e: e < dct,
        "next": lambda b, e: b > dct,
    }
    if direction == "nearest":
        best = None
        for k in (0, -1, 1):
            c = cand(k)
            if c is not None:
                b, e = interval(c)
                dist = (b - dct).days if b > dct else ((dct - e).days if e < dct else 0)
                if best is None or dist < best[0]:
                    best = (dist, c)
        if best:
            return best[1]
    if direction in tests:
        test = tests[direction]
        ks = [0, -1, -2, -3, 1] if direction in ("past", "last", "begun", "latest") else [0, 1, 2, 3, -1]
        for k in ks:
            c = ok(k, test)
            if c is not None:
                if reach is not None and _distance(c, dct) > reach:
                    return _pick(cand, dct, "nearest")
                return c
    for k in (0, -1, 1, -2, 2):
        c = cand(k)
        if c is not None:
            return c
    raise NoMatch("no valid candidate")


def _ref_ok(ref: Resolved | None, unit: str) -> bool:
    """The last date the text mentioned is fine enough to count ``unit``s from."""
    return (ref is not None and ref.fields is not None and ref.begin is not None
            and GRAN_RANK.get(ref.granularity, -1) >= GRAN_RANK.get(unit, 99))


def _is_recent(ref: Resolved, dct: date | None) -> bool:
    """The mentioned period is the one the document reports on (it reaches into the last year)."""
    return dct is not None and ref.begin <= dct and ref.end >= dct - timedelta(days=366)


_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}


def _shift_keep(res: dict, unit: str, off: int) -> dict | None:
    """``res`` moved by ``off`` units, keeping its own granularity (a year before 1989-Q3 is
    1988-Q3, a year before 1989-11-02 is 1988-11-02); None when ``res`` is coarser than ``unit``."""
    out = dict(res)
    months = _MONTHS_IN.get(unit)
    if "date" in res:
        d = res["date"]
        if months is None:
            days = {"day": 1, "week": 7, "weekend": 7}.get(unit)
            if days is None:
                return None
            out["date"] = d + timedelta(days=off * days)
        else:
            y, m = _add_months(d.year, d.month, off * months)
            out["date"] = date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
        return out
    if "monday" in res:
        if unit == "day":
            return None
        if months is None:
            out["monday"] = res["monday"] + timedelta(weeks=off)
        else:
            iy, iw, _ = res["monday"].isocalendar()
            if months % 12 == 0:
                out["monday"] = date.fromisocalendar(iy + off * months // 12, min(iw, 52), 1)
            else:
                out["monday"] = _monday(res["monday"] + timedelta(days=round(off * months * 30.44)))
        return out
    if months is None:
        return None
    if "year" in res:
        for key, per_year in (("month", 12), ("quarter", 4), ("half", 2), ("season", 1)):
            if key in res:
                step = months * per_year / 12
                if not float(step).is_integer() or (key == "season" and months % 12):
                    return None
                if key == "season":
                    out["year"] = res["year"] + off * months // 12
                    return out
                i = res["year"] * per_year + res[key] - 1 + off * int(step)
                out["year"], out[key] = i // per_year, i % per_year + 1
                return out
        if months % 12:
            return None
        out["year"] = res["year"] + off * months // 12
        return out
    for key, span in (("decade", 120), ("century", 1200)):
        if key in res:
            if months % span:
                return None
            out[key] = f"{int(res[key]) + off * months // span:0{len(res[key])}d}"
            return out
    return None


def _start(f: dict, dct: date | None, ref: Resolved | None) -> tuple[dict, str, bool] | None:
    """Where a relative expression counts from: (calendar fields, anchor, is-a-period)."""
    period = f.get("period")
    if period:  # "the quarter": the quarter the text is talking about, else the DCT's
        kinds = [period] if isinstance(period, str) else list(period)
        if (ref is not None and ref.fields and ref.granularity in kinds  # a report is about a period
                and (dct is None or (ref.end < dct if f.get("ended") else ref.begin <= dct))):  # begun
            return dict(ref.fields), "narrative", True
        if dct is None:
            return None
        return _shift(dct, kinds[0], int(f.get("period_offset", 0))), "dct", True
    how = f.get("anchor", "dct")
    if how in ("narrative", "recent") and _ref_ok(ref, f["unit"]) and (how == "narrative" or _is_recent(ref, dct)):
        return dict(ref.fields), "narrative", True
    if dct is None:
        return None
    return {"date": dct}, "dct", False


# what is unknown of a unit inside a coarser period: "that day" in October 1998 is 1998-10-XX
_X_WITHIN = {("day", "month"): "-XX", ("day", "year"): "-XX-XX", ("month", "year"): "-XX", ("week", "year"): "-WXX"}


def _within(f: dict, ref: Resolved | None, typ) -> Resolved | None:
    """``within``: the unit ("that same day") lies inside the period the narrative is at; when
    that period is coarser than the unit, which one of its units is unknown."""
    if not f.get("within") or ref is None or ref.fields is None or ref.begin is None:
        return None
    suffix = _X_WITHIN.get((f.get("unit"), ref.granularity))
    if suffix is None or not re.fullmatch(r"[0-9]{4}(?:-[0-9]{2})?", ref.value):
        return None
    return Resolved(ref.value + suffix, ref.begin, ref.end, f["unit"], "narrative", typ)


def _relative(f: dict, gran_fields: dict, dct: date | None, ref: Resolved | None, typ) -> Resolved:
    if not _ref_ok(ref, f.get("unit", "")) and f.get("anchor") == "narrative":
        inside = _within(f, ref, typ)
        if inside is not None:
            return inside
    st = _start(f, dct, ref)
    if st is None:
        return Resolved(_x_value(f) if "unit" in f else "XXXX", None, None, _x_gran(f) if "unit" in f else "unknown",
                        "unresolved", typ)
    start, anchor, is_period = st
    unit = f.get("unit")
    res = None
    if unit is None:
        res = start
    elif is_period and f.get("keep"):
        res = _shift_keep(start, unit, int(f.get("offset", 0)))
    if res is None and unit is not None:
        if is_period and not f.get("period") and not _ref_ok(ref, unit):
            start = {"date": dct} if dct else None
            anchor = "dct"
        if start is None:
            return Resolved(_x_value(f), None, None, _x_gran(f), "unresolved", typ)
        res = _shift(interval(start)[0], unit, int(f.get("offset", 0)))
    if "year" in gran_fields and "year" in res:  # "the 1988 quarter": that quarter, in 1988
        res["year"] = gran_fields["year"]
    res = _refine(res, gran_fields)
    b, e = interval(res)
    return Resolved(format_value(res), b, e, granularity(res), anchor, typ, res, moved=res != start)


def resolve_date(f: dict, dct: date | None, direction: Callable[[], str | None],
                 defaults: dict, ref: Resolved | None = None) -> Resolved:
    """Calendar fields -> value and interval. ``ref`` is the last date the text mentioned (the
    narrative anchor of "a year earlier", "the following day", "the quarter")."""
    if "nth" in f:  # "the first Monday in September": a day of the month, placed as a holiday is
        f = {**{k: v for k, v in f.items() if k not in ("nth", "month", "weekday")},
             "holiday": f"{f['month']:02d}/{f['nth']}/{f['weekday']}"}
    gran_fields = {k: v for k, v in f.items() if k in CAL_FIELDS}
    typ = "TIME" if any(k in f for k in ("hour", "pod")) else None
    if "period" in f or ("unit" in f and "offset" in f):
        if f.get("offset") == "X":
            return Resolved("PAST_REF", None, None, "unknown", "dct" if dct else "unresolved")
        return _relative(f, gran_fields, dct, ref, typ)
    if "year" in f or (("decade" in f or "century" in f) and not any(
            k in f for k in ("month", "day", "weekday", "quarter", "half", "season"))):
        res = dict(gran_fields)
        if "holiday" in res:
            res = {"date": holiday_date(res.pop("year"), res.pop("holiday")), **{
                k: v for k, v in res.items() if k in _TIME_FIELDS}}
        elif "day" in res:
            res["date"] = _safe_date(res.pop("year"), res.pop("month"), res.pop("day"))
            res.pop("weekday", None)
        elif "weekday" in res:
            res.pop("weekday")
        b, e = interval(res)
        return Resolved(format_value(res), b, e, granularity(res), "absolute", typ, res)
    if set(gran_fields) <= set(_TIME_FIELDS) and gran_fields and _ref_ok(ref, "day") and "date" in ref.fields:
        # a bare clock time is on the day the narrative is at ("at 10 p.m.")
        res = {"date": ref.fields["date"], **gran_fields}
        return Resolved(format_value(res), ref.begin, ref.begin, "time", "narrative", typ, res)
    if isinstance(f.get("month"), int) and isinstance(f.get("day"), int) and not (
            1 <= f["month"] <= 12 and 1 <= f["day"] <= _MAX_DAY[f["month"]]):
        raise NoMatch(f"no day {f['month']}-{f['day']} in any year")  # "April 31"
    if dct is None:
        return Resolved(format_value(gran_fields), None, None, granularity(gran_fields), "unresolved", typ)
    d = f.get("dir")
    from_tense = False
    if d in (None, "past", "future"):
        t = direction()
        from_tense = t is not None
        d = t or d
    elif d == "begun" and direction() == "past":
        d, from_tense = "past", True
    if d is None:
        if "weekday" in f and "month" not in f and "day" not in f:
            d = defaults.get("weekday")
        elif "weekend" in f:
            d = defaults.get("weekday")
        elif "month" in f or "day" in f or "holiday" in f:
            d = defaults.get("month")
    if d == "this" and "weekday" in f and "month" not in f:
        d = None
    cal = {k: v for k, v in gran_fields.items() if k != "weekday" or ("month" not in f and "day" not in f)}
    reach = (defaults.get("reach_days") if from_tense and d == "past"
             else defaults.get("future_reach_days") if from_tense and d == "future"
             else defaults.get("begun_reach_days") if d == "begun" else None)
    pivot, anchor = dct, "dct"
    if f.get("pivot") == "narrative" and _ref_ok(ref, "day") and "date" in ref.fields:
        pivot, anchor = ref.fields["date"], "narrative"  # "the previous Friday": before the day told
    res = _pick(_candidates(cal, pivot), pivot, d, reach)
    if "month" in cal and "day" in cal and _distance(res, pivot) > _LEAP_REACH:
        # only "Feb. 29" can land this far: no leap day within a year, so the year is unknown
        return Resolved(format_value({"year": "XXXX", **cal}), None, None, "day", "unresolved", typ)
    b, e = interval(res)
    return Resolved(format_value(res), b, e, granularity(res), anchor, typ, res)


def week_of(r: Resolved) -> Resolved:
    """The ISO week holding a resolved day ("the week of March 6", "Easter week")."""
    if not r.fields or "date" not in r.fields:
        return r
    res = {"monday": _monday(r.fields["date"])}
    b, e = interval(res)
    return Resolved(format_value(res), b, e, "week", r.anchor, None, res)


def days_from(r: Resolved, days: int) -> Resolved:
    """The day ``days`` days from a resolved day ("the day before last Tuesday's hearing")."""
    if not r.fields or "date" not in r.fields:
        return r
    res = {**r.fields, "date": r.fields["date"] + timedelta(days=days)}
    b, e = interval(res)
    return Resolved(format_value(res), b, e, granularity(res), r.anchor, r.type, res, moved=True)


def _x_value(f: dict) -> str:
    unit = f["unit"]
    base = {"day": {"year": "XXXX", "month": "XX", "day": None}, "week": {}, "weekend": {},
            "month": {"year": "XXXX", "month": "XX"}, "quarter": {"year": "XXXX", "quarter": "X"},
            "year": {"year": "XXXX"}, "decade": {"decade": "XXX"}, "century": {"century": "XX"}}[unit]
    g = {k: v for k, v in f.items() if k in CAL_FIELDS}
    t = _time_suffix(g)
    if unit in ("week", "weekend"):
        if "weekday" in g:
            return f"XXXX-WXX-{g['weekday']}" + t
        return "XXXX-WXX" + ("-WE" if unit == "weekend" else "")
    if unit == "day":
        return "XXXX-XX-XX" + t
    merged = {**base, **g}
    return format_value(merged)


def _x_gran(f: dict) -> str:
    g = granularity({k: v for k, v in f.items() if k in CAL_FIELDS})
    return f["unit"] if g == "unknown" else g


def duration_value(n: Any, unit: list) -> str:
    mult, letter = unit
    t = "T" if letter.startswith("T") else ""
    letter = letter[-1]
    if n == "X":
        return f"P{t}X{letter}"
    q = n * mult
    if isinstance(q, float) and q.is_integer():
        q = int(q)
    if isinstance(q, float):
        smaller = ({"H": (60, "M"), "M": (60, "S")} if t else  # minutes in a time, months in a date
                   {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H")})
        k, l2 = smaller.get(letter, (0, ""))
        whole, frac = int(q), (q - int(q)) * k
        if k and abs(frac - round(frac)) < 1e-6:
            # only when the fraction is a whole count of the smaller unit: 7.2 years is P7.2Y (ISO
            # 8601 takes a decimal in the last unit), not P7Y2M, which would be 7 years and 2 months
            rest = round(frac)
            if whole:  # 2.5 years: P2Y6M; 1.5 days: P1DT12H; 5.5 hours: PT5H30M
                mid = "T" if letter == "D" else ""
                return f"P{t}{whole}{letter}{mid}{rest}{l2}"
            t2 = "T" if l2 in ("H",) or t else t
            if letter == "D":
                t2 = "T"
            return f"P{t2}{round(q * k)}{l2}"
    if isinstance(q, float):
        q = f"{round(q, 6):g}"
    return f"P{t}{q}{letter}"
