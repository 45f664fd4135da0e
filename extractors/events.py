"""Annotated documents to event mentions: the clause each temporal expression dates.

For every dated expression in a sentence, the event is found by walking the dependency parse up
from the expression: the first event noun ("summit", "talks", "reprieve") or verb it hangs from is
the trigger; the trigger's clause (the subtree of its nearest verb) is the quote; the named
entities in that clause are the actors; cue words on the path to the root give the status.
The cue words live in rules/events.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from extractors.temporal.timex import Timex

RULES = json.loads((Path(__file__).parent / "rules" / "events.json").read_text(encoding="utf-8"))
EVENT_NOUNS = frozenset(RULES["event_nouns"]["words"])
STATUS_CUES = {k: v for k, v in RULES["status_cues"].items() if not k.startswith("_") and k != "examples"}
RELATIONS = {k: v for k, v in RULES["relations"].items() if not k.startswith("_") and k != "examples"}
ACTOR_LABELS = frozenset(RULES["actor_labels"])
VAGUE_VALUES = frozenset(RULES["vague_values"])
MERGE_STOPWORDS = frozenset(RULES["merge_stopwords"]["words"])
SYNONYMS = RULES["synonyms"]["words"]
ORDINAL_HEADS_IGNORED = frozenset(RULES["ordinal_heads_ignored"]["words"])
KEYWORD_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
MIN_CLAUSE_KEYWORDS = 5


@dataclass
class EventMention:
    mention_id: str
    doc_id: str
    start: int  # the clause (quote) span, character offsets in the document text
    end: int
    quote: str
    sentence_start: int
    sentence_end: int
    trigger: str
    trigger_lemma: str
    actors: list[str]
    actor_labels: list[str]  # the NER label of each actor (PERSON, ORG, GPE ...)
    timex_start: int
    timex_text: str
    relation: str
    status: str
    value: str
    mod: str | None
    begin_date: date | None
    end_date: date | None
    granularity: str
    confidence: float
    keywords: list[str] = field(default_factory=list)


def _cue_words(tokens) -> list[str]:
    """Lower-cased words and bigrams of tokens, for matching multi-word cues."""
    words = [t.lower_ for t in tokens]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])] + \
        [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:])]


def find_trigger(span):
    """The token an expression dates: the first event noun or verb above it in the parse."""
    tok = span.root
    hops = 0
    while True:
        head = tok.head
        if head.i == tok.i or head.i in range(span.start, span.end):
            break
        tok, hops = head, hops + 1
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.lower_ in EVENT_NOUNS):
            return tok, hops
    # the expression is at the root of its sentence (a fragment, a caption): the root is the trigger
    return span.root.sent.root, hops


def _verb_above(tok):
    """The token itself if it is a verb, else its nearest verb ancestor, else None."""
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok


def clause_of(trigger):
    """The clause a trigger stands in: the subtree of its nearest verb, widened to the next verb up
    while it says too little to tell events apart ("to take place in June")."""
    sent = trigger.sent
    verb = _verb_above(trigger)
    if verb is None:
        return sent
    while True:
        clause = trigger.doc[max(verb.left_edge.i, sent.start):min(verb.right_edge.i, sent.end - 1) + 1]
        if len(keywords_of(clause)) >= MIN_CLAUSE_KEYWORDS or verb.head.i == verb.i:
            return clause
        above = _verb_above(verb.head)
        if above is None:
            return clause
        verb = above


def status_of(trigger, timex: Timex, dct: date | None, negation_scope) -> str:
    path = [trigger]
    tok = trigger
    while tok.head.i != tok.i:
        tok = tok.head
        path.append(tok)
    for node in path:
        window = [c for c in node.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prep", "xcomp", "acomp")]
        window = sorted(window + [node], key=lambda t: t.i)
        words = set(_cue_words(window))
        if node.i == trigger.i and words & set(STATUS_CUES["negated"]) and any(
                c.dep_ == "neg" for c in node.children):
            return "negated"
        for status in ("scheduled", "planned", "ongoing"):
            if words & set(STATUS_CUES[status]):
                return status
    if dct and timex.begin_date and timex.begin_date > dct:
        return "scheduled"
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else next(
        (t for t in path if t.pos_ in ("VERB", "AUX")), None)
    if verb is not None and (verb.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in verb.children if c.dep_.startswith("aux"))):
        return "occurred"
    if timex.type == "DURATION":
        return "ongoing"
    if dct and timex.end_date and timex.end_date < dct:
        return "occurred"
    return "ongoing" if verb is not None and verb.tag_ in ("VBZ", "VBP", "VBG") else "occurred"


def relation_of(span) -> str:
    first = span[0].lower_
    if first in RELATIONS:
        return RELATIONS[first]
    head = span.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP" or head.lower_ in RELATIONS:
        prev = span.doc[head.i - 1].lower_ if head.i > 0 else ""
        return RELATIONS.get(f"{prev} {head.lower_}", RELATIONS.get(head.lower_, "on"))
    return "on"


def keywords_of(tokens) -> list[str]:
    seen = []
    for t in tokens:
        if t.pos_ in KEYWORD_POS and not t.is_stop and not t.like_num and len(t.text) > 1:
            lemma = t.lemma_.lower()
            lemma = SYNONYMS.get(lemma, lemma)
            if lemma not in MERGE_STOPWORDS and lemma not in seen:
                seen.append(lemma)
    return seen


def is_event_bearing(timex: Timex, span) -> bool:
    """Which expressions date an event: calendar dates and times, and durations that name one
    ("a 90-day reprieve"); not vague references ("now") or free-standing durations ("for years")."""
    if timex.value in VAGUE_VALUES or timex.type == "SET":
        return False
    if timex.type == "DURATION":
        root = span.root
        return root.dep_ in ("compound", "amod", "nummod", "npadvmod", "nmod") and root.head.pos_ == "NOUN" \
            and root.head.i not in range(span.start, span.end)
    return True


def _trim(span):
    """Drop leading and trailing punctuation and whitespace from a span."""
    doc, a, b = span.doc, span.start, span.end
    while a < b - 1 and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b - 1 > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    return doc[a:b]


def _tense(verb) -> str:
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return "past" if tags & {"VBD"} else "present" if tags & {"VBZ", "VBP"} else "other"


def adverbial_clauses(trigger, timex_tokens: range, taken: set[int]):
    """Adverbial clauses with their own subject under a dated verb: background, not the event itself
    ("*As they are about to hold talks*, Bloomberg reported on April 24 that ...")."""
    for child in trigger.children:
        if child.dep_ == "advcl" and child.pos_ in ("VERB", "AUX") \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            sub = range(child.left_edge.i, child.right_edge.i + 1)
            if not (set(sub) & set(timex_tokens)) and not (set(sub) & taken):
                yield child


def core_span(clause, trigger, excluded: set[int]):
    """The clause without the excluded side clauses: the run of tokens around the trigger."""
    a = b = trigger.i
    while a - 1 >= clause.start and a - 1 not in excluded:
        a -= 1
    while b + 1 < clause.end and b + 1 not in excluded:
        b += 1
    return _trim(clause.doc[a:b + 1])


def ordinal_keys(tokens) -> list[str]:
    """'second round' -> 'round#second': an ordinal tells apart rounds, terms and summits."""
    return [f"{t.head.lemma_.lower()}#{t.lower_}" for t in tokens
            if t.ent_type_ == "ORDINAL" and t.head.pos_ in ("NOUN", "PROPN") and t.head.i != t.i
            and t.head.lemma_.lower() not in ORDINAL_HEADS_IGNORED]


def extract_mentions(doc_id: str, doc, timexes: list[Timex], dct: date | None) -> list[EventMention]:
    """Event mentions of one spaCy Doc: one per event-bearing temporal expression, plus one per
    adverbial side clause that the same expression dates."""
    mentions = []
    taken: set[int] = set()  # tokens of side clauses already given their own mention
    for tx in timexes:
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or len(span) == 0 or not is_event_bearing(tx, span):
            continue
        trigger, hops = find_trigger(span)
        clause = clause_of(trigger)
        if not (clause.start_char <= tx.start and tx.end <= clause.end_char):
            clause = span.sent
        timex_tokens = range(span.start, span.end)
        background = list(adverbial_clauses(trigger, timex_tokens, taken)) if trigger.pos_ in ("VERB", "AUX") else []
        excluded = {i for c in background for i in range(c.left_edge.i, c.right_edge.i + 1)}
        # a background clause in the same tense happened at the same time: an event of its own
        # ("Last week, *as Akazawa arrived in Washington*, a delegation wrapped up meetings")
        sides = [c for c in background if _tense(c) == _tense(trigger)]
        taken |= {i for c in sides for i in range(c.left_edge.i, c.right_edge.i + 1)}
        confidence = 0.9 if hops <= 3 else 0.7
        if tx.begin_date is None and tx.type != "DURATION":
            confidence = 0.5
        parts = [(trigger, core_span(clause, trigger, excluded) if excluded else _trim(clause), "", confidence)]
        parts += [(c, _trim(doc[c.left_edge.i:c.right_edge.i + 1]), f"+{c.idx}", confidence - 0.1) for c in sides]
        for trig, quote, suffix, conf in parts:
            words = [t for t in quote if t.i not in timex_tokens]
            actors, actor_labels = [], []
            for ent in doc.ents:
                if ent.label_ in ACTOR_LABELS and ent.start >= quote.start and ent.end <= quote.end \
                        and ent.text not in actors:
                    actors.append(ent.text)
                    actor_labels.append(ent.label_)
            mentions.append(EventMention(
                mention_id=f"{doc_id}:{tx.start}{suffix}",
                doc_id=doc_id,
                start=quote.start_char, end=quote.end_char, quote=quote.text,
                sentence_start=span.sent.start_char, sentence_end=span.sent.end_char,
                trigger=trig.text, trigger_lemma=trig.lemma_.lower(),
                actors=actors, actor_labels=actor_labels,
                timex_start=tx.start, timex_text=tx.text,
                relation=relation_of(span),
                status=status_of(trig, tx, dct, quote),
                value=tx.value, mod=tx.mod, begin_date=tx.begin_date, end_date=tx.end_date,
                granularity=tx.granularity, confidence=conf,
                keywords=keywords_of(words) + ordinal_keys(words) + ([tx.value] if tx.type == "DURATION" else []),
            ))
    return mentions
