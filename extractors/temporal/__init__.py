"""Temporal expression tagger: finds TIMEX3 expressions in news text and normalizes them.

    from extractors.temporal import tag
    tag("From April 16 to 18, the minister visited Washington.", date(2025, 4, 22))

The language knowledge (patterns, word tables, tense cues) is data in ``rules/``; the engine in
``engine.py`` and the calendar arithmetic in ``resolve.py`` know no English.
"""
from __future__ import annotations

from datetime import date

from .engine import Tagger
from .timex import Timex

__all__ = ["Timex", "tag", "Tagger", "infer_dct"]

_TAGGER = Tagger()


def tag(text: str, dct: date | None, doc=None) -> list[Timex]:
    """Temporal expressions of ``text``, sorted by start and non-overlapping.

    ``dct`` is the publication date every relative expression hangs on. When None, relative
    expressions hang on the nearest preceding absolute full date the text gives
    (``anchor="narrative"``), and before any, get TimeML values with X's
    (``anchor="unresolved"``); never on today (``infer_dct`` finds a DCT the text states).
    Expressions that count from a date the text named ("the following day", "a year earlier",
    "the quarter") use it whether or not there is a DCT. ``doc``, if given, is the spaCy Doc of
    exactly ``text``; its parse decides which way a bare month or weekday points.
    """
    return _TAGGER.tag(text, dct, doc)


from .dct import infer_dct  # noqa: E402  (uses the tagger above)
