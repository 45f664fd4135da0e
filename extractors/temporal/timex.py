"""The temporal expression record every tagger rule produces and every later stage consumes."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class TimeMLForm:
    """How TimeML annotates an expression that the tagger resolves to something else.

    "Two days later" is resolved to the day it reaches (a DATE the events are dated by), but
    TimeML tags the count alone as a DURATION: ``<TIMEX3 type="DURATION" value="P2D">Two
    days</TIMEX3> later``. The form holds what TimeML writes: the span starts where the
    expression does and ends at ``end`` (a character offset into the same text), with ``type``
    and ``value``. A rule declares it as data (``timeml`` in its norm, rules_date.toml).
    """

    end: int
    type: str
    value: str


@dataclass(frozen=True)
class Timex:
    """One temporal expression found in a document, normalized as a TIMEX3.

    Offsets are character offsets into the document text (``text[start:end] == self.text``).
    ``value`` follows TimeML: ``2025-04-16``, ``2025-06``, ``2025-W17``, ``2025-Q3``, ``2025-SU``,
    ``199``, ``19``, ``P90D``, ``XXXX-06`` (year unknown), ``PRESENT_REF``; a range found as one
    expression ("From April 16 to 18") is one Timex whose value is an ISO interval
    ``2025-04-16/2025-04-18`` and whose ``parts`` hold the TimeML-style sub-expressions.
    ``begin_date``/``end_date`` are the first and last day covered (inclusive), or None when the
    expression cannot be placed on the calendar (durations, unresolved values).
    ``timeml``, when set, is the different form TimeML annotates it with (``TimeMLForm``): only
    TimeML output and scoring use it (``as_timeml``); everything else uses the resolution.
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None  # START | MID | END | BEFORE | AFTER | ON_OR_BEFORE | ON_OR_AFTER | APPROX ...
    begin_date: date | None = None
    end_date: date | None = None
    granularity: str = "day"  # time|day|week|month|quarter|season|half|year|decade|century|duration|set|unknown
    anchor: str = "absolute"  # absolute | dct | narrative | unresolved
    rule: str = ""  # id of the rule that produced it
    parts: tuple["Timex", ...] = field(default=(), compare=False)
    timeml: TimeMLForm | None = None

    def as_timeml(self) -> "Timex":
        """The expression as TimeML writes it: itself, or with the span end, type and value of
        its ``timeml`` form."""
        f = self.timeml
        if f is None:
            return self
        return replace(self, end=f.end, text=self.text[: f.end - self.start], type=f.type,
                       value=f.value, timeml=None)
