"""Which way an expression without a year points: "past", "future", another direction of
rules_date.toml ("nearest", "latest") that a governing word or verb implies, or None (no evidence).

Two sources, both driven by the word lists in ``rules/tense.toml``:
- the spaCy parse, when a Doc is given: walk from the expression up to the verbs that govern it;
- otherwise (or when the parse says nothing): the nearest tense cue in the same sentence.
"""
from __future__ import annotations

import re
from typing import Any

_SENT_END = re.compile(r"[.!?;\n]\s|\n")
# a participle after a modal or "to be" is no past tense ("will be held", "to be signed")
_CLAUSE = re.compile(r"[,;:]|\b(?:and|but|while|whereas|although|though)\b", re.I)
# a word that opens another clause than the one before it ("a program approved in 1987 that ...")
_SUBORDINATE = re.compile(r"\b(?:that|which|who|whom|whose|when|where|while|because|although|though|if|"
                          r"after|before|since|until|unless|as)\b", re.I)
WORD_BEFORE = re.compile(r"(\w+)\s+$")  # the word right before a position (search up to it)
_NOT_PAST = re.compile(r"\b(?:will|shall|'ll|to|be|being|would|could|may|might|must|can|should)(?:\s+\w+)?\s+$", re.I)


class TenseCues:
    def __init__(self, cues: dict[str, Any]):
        doc = cues.get("doc", {})
        self.future_aux = set(doc.get("future_aux", []))
        self.future_lemmas = set(doc.get("future_lemmas", []))
        self.past_aux = set(doc.get("past_aux", []))
        self.future_heads = set(doc.get("future_heads", []))
        self.head_dirs = dict(doc.get("head_directions", {}))
        self.perfect_aux = set(doc.get("past_perfect_aux", []))
        self.time_marks = set(doc.get("time_marks", []))
        self.present_perfect_aux = set(doc.get("present_perfect_aux", []))
        self.plan_preps = set(doc.get("plan_preps", []))
        self.schedule_lemmas = set(doc.get("schedule_lemmas", []))
        self.present_future_heads = set(doc.get("present_future_heads", []))
        self.range_words = set(doc.get("range_words", []))
        fb = cues.get("fallback", {})
        self.future_re = re.compile(r"(?<![\w'])(?:" + "|".join(fb.get("future", [])) + r")(?!\w)", re.I)
        self.past_re = re.compile(r"(?<![\w'])(?:" + "|".join(fb.get("past", [])) + r")(?!\w)", re.I)
        perfect = fb.get("present_perfect", [])
        self.perfect_re = re.compile(r"(?<![\w'])(?:" + "|".join(perfect) + r")(?!\w)", re.I) if perfect else None
        self.defaults = cues.get("defaults", {})

    # ------------------------------------------------------------------ without a parse
    @staticmethod
    def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence around text[start:end] (at most 300 chars either side)."""
        lo = max(0, start - 300)
        last = None
        for last in _SENT_END.finditer(text[lo:start]):
            pass
        s0 = lo + last.end() if last else lo
        m = _SENT_END.search(text, end, min(len(text), end + 300))
        return s0, (m.start() + 1 if m else min(len(text), end + 300))

    def from_text(self, text: str, start: int, end: int) -> str | None:
        head = WORD_BEFORE.search(text, max(0, start - 24), start)
        if head and head.group(1).lower() in self.head_dirs:  # "since year-end", "through January"
            return self.head_dirs[head.group(1).lower()]
        s0, s1 = self._sentence(text, start, end)
        best: tuple[int, str] | None = None
        for label, rx in (("future", self.future_re), ("past", self.past_re)):
            for mm in rx.finditer(text, s0, s1):
                if start <= mm.start() < end:
                    continue  # a word of the expression itself ("next", "last") is not a cue
                if label == "past" and _NOT_PAST.search(text, max(0, mm.start() - 25), mm.start()):
                    continue
                dist = start - mm.end() if mm.end() <= start else mm.start() - end
                # a cue before the expression is preferred over one after it at the same distance,
                # and a cue in the same clause over one across a clause boundary
                between = text[mm.end():start] if mm.end() <= start else text[end:mm.start()]
                key = dist * 2 + (1 if mm.start() >= end else 0) + (1000 if _CLAUSE.search(between) else 0)
                if best is None or key < best[0]:
                    best = (key, label)
        return best[1] if best else None

    # ------------------------------------------------------------------ with a parse
    def _classify(self, v) -> tuple[str | None, bool]:
        """(direction, finite) for one verb token."""
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
        low = [a.lower_ for a in auxes]
        if any(a in self.future_aux for a in low):
            return "future", True
        if v.lemma_.lower() in self.future_lemmas and v.tag_ == "VBN" and not auxes and v.dep_ in ("acl", "amod") \
                and any(c.dep_ == "prep" and c.lower_ in self.plan_preps for c in v.children):
            # a plan told without a tense ("trial set for February"): before or after the DCT,
            # whichever is nearer
            return "nearest", True
        if v.lemma_.lower() in self.future_lemmas and not (
                v.tag_ == "VBN" and not auxes and v.dep_ in ("acl", "amod")
                and not any(c.dep_ == "xcomp" for c in v.children)):
            # "is set to travel" looks forward; "the record high set on Aug. 6" does not; a plan
            # made in the past ("set Friday as the deadline", "planned a demonstration on
            # Saturday") is for a day before or after the DCT, whichever is nearer
            if v.tag_ == "VBD" and not auxes:
                return "nearest", True
            return "future", True
        if "going" in low:
            return "future", True
        if v.tag_ in ("VBZ", "VBP") and not auxes and v.lemma_.lower() in self.schedule_lemmas:
            return "future", True  # a timetable told in the present: "Early voting begins on Monday"
        finite = v.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(a.tag_ in ("VBD", "VBZ", "VBP", "MD") for a in auxes)
        if v.tag_ == "VBD":
            return "past", True
        if any(a.tag_ == "VBD" for a in auxes) or any(a in self.past_aux for a in low if a != "did"):
            if v.tag_ == "VBN" or any(a.tag_ == "VBD" for a in auxes):
                return "past", True
            if v.tag_ == "VBG" and "been" in low:  # "have been searching since the Oct. 23 slaying"
                return "past", True
        if v.tag_ == "VBN" and not auxes and v.dep_ in ("acl", "advcl", "relcl", "conj"):
            return "past", False
        return None, finite

    def _past_perfect(self, tok) -> bool:
        """A plan or schedule stated in the past perfect ("had been scheduled to expire", "had
        been due to expire", "had planned to close") was ahead of a past moment, not of the DCT:
        the verb or a word it complements ("scheduled to expire", "due to expire") has "had"."""
        for _ in range(4):
            if any(c.dep_ in ("aux", "auxpass") and c.lower_ in self.perfect_aux for c in tok.children):
                return True
            if tok.dep_ not in ("xcomp", "acomp") or tok.head is tok:
                return False
            tok = tok.head
        return False

    @staticmethod
    def _misattached(tok):
        """The verb a date's preposition belongs to, when the parser hung it on the clause that
        follows: in "The government said on Monday it would hold a referendum", "on Monday" stands
        between "said" and the subject of "would hold" (no "that" before it), so it dates "said";
        the parser makes it a child of "hold". Otherwise ``tok`` itself."""
        prep = tok.head
        if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep is tok:
            return tok
        v = prep.head
        if (v.dep_ == "ccomp" and v.head.i < prep.i < v.i
                and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > prep.i for c in v.children)
                and not any(c.dep_ == "mark" and c.i < prep.i for c in v.children)):
            return v.head
        return tok

    def from_doc(self, doc, start: int, end: int) -> str | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        if tok.head is not tok and tok.head.lower_ in self.future_heads and not (span.start <= tok.head.i < span.end):
            v = tok.head.head
            if self.perfect_aux and v.tag_ == "VBN" and any(
                    c.dep_ == "aux" and c.lower_ in self.perfect_aux for c in v.children):
                return "past"  # a deadline seen from an earlier past: "had filed reports by Wednesday"
            return "future"
        if tok.head is not tok and tok.head.lower_ in self.present_future_heads and not (span.start <= tok.head.i < span.end):
            v = tok.head.head
            if v.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in v.children) \
                    and not any(t.lower_ in self.range_words for t in span):
                # a change from a date, told in the simple present: "Fares rise from January" (not a
                # stretch, which may be under way: "The show runs from May 3 to July 1")
                return "future"
        if tok.head is not tok and not (span.start <= tok.head.i < span.end) and tok.head.lower_ in self.head_dirs:
            return self.head_dirs[tok.head.lower_]
        tok = self._misattached(tok)
        infinitive = False  # the walk came up through a to-infinitive ("agreed to buy it in February")
        for _ in range(12):
            if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end) and not (
                    tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.time_marks for c in tok.children)):
                # (the verb of a time clause has the tense of the verb it hangs on: "were likely to
                # buy its stock as soon as trading opened Monday" looks ahead)
                d, finite = self._classify(tok)
                if d == "future" and self._past_perfect(tok):
                    return "past"
                if d == "past" and infinitive:
                    # what a past verb aims at ("agreed to purchase the line in February", "decided
                    # to admit them in early March") comes after it: before or after the DCT,
                    # whichever is nearer
                    return "nearest"
                if d:
                    return d
                if finite:
                    return None
                infinitive = infinitive or any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
            elif tok.lemma_.lower() in self.future_lemmas and not (span.start <= tok.i < span.end):
                return "past" if self._past_perfect(tok) else "future"
            if tok.head is tok:
                break
            tok = tok.head
        return None

    @staticmethod
    def _clause_verb(doc, start: int, end: int, direct: bool = False):
        """The verb the expression at text[start:end] hangs on, or None. ``direct``: only through a
        preposition ("in 2019"), not through a noun it dates ("its launch in 2003")."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span.root
        for _ in range(12):
            if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
                return tok
            if direct and tok.pos_ != "ADP" and not (span.start <= tok.i < span.end):
                return None
            if tok.head is tok:
                return None
            tok = tok.head
        return None

    @staticmethod
    def _first_conjunct(v):
        """"opened a plant in March and closed it in October": closed -> opened."""
        while v.dep_ == "conj" and v.head is not v:
            v = v.head
        return v

    def same_clause(self, text: str, a: tuple[int, int], b: tuple[int, int], doc=None) -> bool:
        """Whether the first of two expressions of one sentence dates the verb, or a verb
        coordinated with the verb, that the second dates ("In 2019 it opened a plant in March and
        closed it in October"); not a verb of another clause ("under a program approved in 1987,
        it had bought shares through Sept. 29") nor a noun ("since its launch in 2003").
        Without a parse: whether no word opening another clause stands between them."""
        if doc is not None:
            va, vb = self._clause_verb(doc, *a, direct=True), self._clause_verb(doc, *b)
            if va is None or vb is None or self._first_conjunct(va) != self._first_conjunct(vb):
                return False
            # a coordinated verb told from now ("raised rates on Sept. 18, 2024, and has held them
            # steady since March", "... and will close it in June") is not in the stated year
            return vb == va or not self._told_from_now(vb)
        return not _SUBORDINATE.search(text, a[1], b[0])

    def _told_from_now(self, v) -> bool:
        """A verb in the present perfect or the future: it reaches to or beyond the writing date."""
        low = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        return bool(low & self.present_perfect_aux or low & self.future_aux)

    def stated(self, text: str, start: int, end: int, doc=None) -> str | None:
        """The tense the sentence states for the expression: the parse's alone when there is one
        (a present-tense verb above it says "not past"); the nearest cue only without a parse.
        The cues are good enough to choose between two occurrences, too loose to drop an
        expression on ("designed", "estimated" in "today is the eighth day of ...")."""
        if doc is not None:
            return self.from_doc(doc, start, end)
        return self.from_text(text, start, end)

    # ------------------------------------------------------------------ present perfect
    def present_perfect(self, text: str, start: int, end: int, doc=None) -> bool:
        """Whether the clause of the expression is in the present perfect ("have fallen in recent
        years": a stretch reaching up to now), as opposed to a simple tense ("soared in recent
        years": some time in the recent past). With a Doc: the first finite verb governing the
        expression has a present-perfect auxiliary (non-finite verbs, "sharing" in "have provided
        help by sharing ...", are passed through); otherwise a present-perfect cue in the sentence."""
        if doc is not None:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                tok = span.root
                for _ in range(12):
                    if tok.pos_ in ("VERB", "AUX") and not (span.start <= tok.i < span.end):
                        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
                        if any(a.lower_ in self.present_perfect_aux for a in auxes):
                            return True
                        if self._classify(tok)[1]:  # finite, and no perfect
                            return False
                    if tok.head is tok:
                        break
                    tok = tok.head
        if self.perfect_re is None:
            return False
        s0, s1 = self._sentence(text, start, end)
        return any(not (start <= m.start() < end) for m in self.perfect_re.finditer(text, s0, s1))

    def direction(self, text: str, start: int, end: int, doc=None) -> str | None:
        if doc is not None:
            d = self.from_doc(doc, start, end)
            if d:
                return d
        return self.from_text(text, start, end)
