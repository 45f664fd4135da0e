"""Annotated documents to event mentions: the clause each temporal expression dates.

For every dated expression in a sentence, the event is found by walking the dependency parse up
from the expression: the first event noun ("summit", "talks", "reprieve") or verb it hangs from is
the trigger; the trigger's clause (the subtree of its nearest verb) is the quote; the named
entities in that clause are the actors; cue words on the path to the root give the status.
The cue words live in rules/events.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from extractors.participants import NameIndex, participants_of
from extractors.temporal.dct import wire_header
from extractors.temporal.timex import Timex

RULES = json.loads((Path(__file__).parent / "rules" / "events.json").read_text(encoding="utf-8"))
EVENT_NOUNS = frozenset(RULES["event_nouns"]["words"])
STATUS_CUES = {k: frozenset(v) for k, v in RULES["status_cues"].items() if not k.startswith("_") and k != "examples"}
# every status a mention can have: the cue statuses above, and occurred / ongoing from tense and date
STATUSES = ("occurred", "ongoing", "scheduled", "planned", "negated", "hypothetical", "reported")
RELATIONS = {k: v for k, v in RULES["relations"].items() if not k.startswith("_") and k != "examples"}
ACTOR_LABELS = frozenset(RULES["actor_labels"])
VAGUE_VALUES = frozenset(RULES["vague_values"])
MERGE_STOPWORDS = frozenset(RULES["merge_stopwords"]["words"])
SYNONYMS = RULES["synonyms"]["words"]
ORDINAL_HEADS_IGNORED = frozenset(RULES["ordinal_heads_ignored"]["words"])
OFFSETS = RULES["narrative_offsets"]
OFFSET_PHRASES = {tuple(k.split()): tuple(v) for k, v in OFFSETS["phrases"].items()}
OFFSET_SENTENCES_BACK = OFFSETS["sentences_back"]
UNDATED = RULES["undated_events"]
SKIPPED_VERBS = frozenset(UNDATED["skipped_verbs"])
REPORTING_VERBS = frozenset(UNDATED["reporting_verbs"])
UNDATED_NOUNS = frozenset(UNDATED["nominal_events"])
EARLIER_OCCURRENCE_ADVERBS = frozenset(UNDATED["earlier_occurrence_adverbs"])
NOMINAL_EVENTS = EVENT_NOUNS | UNDATED_NOUNS
SAME_TIME_PREPOSITIONS = frozenset(RULES["clause_dates"]["same_time_prepositions"])
FUTURE_CONTENT_MODALS = frozenset(RULES["clause_dates"]["future_content_modals"])
ASPECTUAL_VERBS = frozenset(RULES["clause_dates"]["aspectual_verbs"])
ORDERING_RELATIONS = frozenset({"before", "after", "since", "until"})  # values of RELATIONS
FALLBACK_CONFIDENCE = 0.3  # a date that only the publication date gives
GOVERNED_CONFIDENCE_DROP = 0.2  # a verb dated through the dated clause it belongs to
LEAD_SENTENCES = 3  # where an article's lead gives the day of its news ...
LEAD_DAYS = 7  # ... a day at most this many days before publication
# a dated clause does not date what hangs from it across these (a relative clause is background, and so
# is a participle modifying a noun: "the recently announced iPhone")
GOVERNING_BOUNDARIES = frozenset({"parataxis", "relcl", "acl", "appos", "amod"})
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
    # where the date comes from: 'timex' (a temporal expression in its own clause), 'clause' (the
    # dated clause it belongs to: `dated_by` is that clause's mention), 'publication' (no expression
    # dates it: the publication date stands in, a stated fallback with a lower confidence, never
    # evidence for merging)
    date_source: str = "timex"
    actor_roles: list[str] = field(default_factory=list)  # each actor's role where the parse shows it
    dated_by: str | None = None
    # date_source 'clause', a verb coordinated with another ("he was fired ... and he founded NeXT"):
    # dated by its clause, but an event of its own (it does not join the clause's mention)
    own_event: bool = False


_last_sentences: tuple = (None, [])  # the last doc asked for, and the sentence of each of its tokens


def sentence_of(tok):
    """tok.sent (for a span: the sentence of its first token, as span.sent), from one pass over the
    doc's sentences: spaCy searches the sentence boundaries again at every .sent."""
    global _last_sentences
    doc, i = tok.doc, (tok.i if hasattr(tok, "i") else tok.start)
    cached_doc, sentences = _last_sentences
    if cached_doc is not doc:
        sentences = [sent for sent in doc.sents for _ in range(len(sent))]
        _last_sentences = (doc, sentences)
    return sentences[i]


def _particle(tok):
    return next((c for c in tok.children if c.dep_ == "prt"), None) if tok.pos_ == "VERB" else None


def trigger_text(tok) -> str:
    """The event word as written, with its particle ("showed off", "taking out")."""
    prt = _particle(tok)
    return f"{tok.text} {prt.text}" if prt is not None else tok.text


def trigger_lemma(tok) -> str:
    prt = _particle(tok)
    lemma = tok.lemma_.lower()
    return f"{lemma} {prt.lower_}" if prt is not None else lemma


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
    return sentence_of(span.root).root, hops


def _verb_above(tok):
    """The token itself if it is a verb, else its nearest verb ancestor, else None."""
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok


def clause_of(trigger, other_dated: set[int] = frozenset()):
    """The clause a trigger stands in: the subtree of its nearest verb, widened to the next verb up
    while it says too little to tell events apart ("to take place in June"), but not over the words
    of another expression (`other_dated`: those words date another event, which has its own quote):
    a relative clause or a participle then widens to the noun it describes ("*Sir Ed Davey, who
    campaigned in Wexley on Tuesday*, is due to visit ... on Saturday"), any other clause stays as it is ("Shares fell 6.3%
    on Wednesday, their biggest drop *since the company went public in 2018*")."""
    sent = sentence_of(trigger)
    verb = _verb_above(trigger)
    if verb is None:
        return sent
    clause = first = None
    while True:
        wider = trigger.doc[max(verb.left_edge.i, sent.start):min(verb.right_edge.i, sent.end - 1) + 1]
        if clause is not None and (set(range(wider.start, wider.end)) - set(range(clause.start, clause.end))) & other_dated:
            return _antecedent_phrase(first, other_dated) or clause
        clause = wider
        first = first or clause
        if len(keywords_of(clause)) >= MIN_CLAUSE_KEYWORDS or verb.head.i == verb.i:
            return clause
        above = _verb_above(verb.head)
        if above is None:
            return clause
        verb = above


def _antecedent_phrase(clause, other_dated: set[int]):
    """A relative clause or a participle with the noun phrase it describes ("Apple Corps' latest suit,
    filed in September 2003"), when no other expression stands in it."""
    verb = clause.root
    if verb.dep_ not in ("relcl", "acl"):
        return None
    noun = verb.head
    while noun.dep_ == "conj" and noun.head.i < noun.i:  # "Chen and Peter Walsh, who pleaded guilty in 2025"
        noun = noun.head
    phrase = clause.doc[min(noun.left_edge.i, clause.start):max(noun.right_edge.i + 1, clause.end)]
    return None if set(range(phrase.start, phrase.end)) & other_dated else phrase


def fronted_adjunct(trigger):
    """An event noun in a phrase set before its clause's verb is an event of its own, told by that
    phrase ("*During the delegation's visit in late April*, officials described ...")."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj" or trigger.head.dep_ != "prep":
        return None
    prep, verb = trigger.head, trigger.head.head
    if verb.pos_ not in ("VERB", "AUX") or prep.i > verb.i or prep.right_edge.i >= verb.i:
        return None
    return trigger.doc[prep.left_edge.i:prep.right_edge.i + 1]


# a clause that tells its own time: the status walk does not go above it ("Chen, *who pleaded guilty in
# 2025*, will be sentenced in May": pleaded occurred; "a trust *created last year* is still pursuing
# claims": created occurred)
STATUS_BOUNDARIES = frozenset({"relcl"})
STATUS_PARTICIPLE_BOUNDARIES = frozenset({"acl"})  # ... a past participle that modifies a noun


def status_of(trigger, timex: Timex, dct: date | None, negation_scope) -> str:
    path = [trigger]
    tok = trigger
    while tok.head.i != tok.i and tok.dep_ not in STATUS_BOUNDARIES \
            and not (tok.dep_ in STATUS_PARTICIPLE_BOUNDARIES and tok.tag_ == "VBN"):
        tok = tok.head
        path.append(tok)
    for k, node in enumerate(path):
        window = [c for c in node.children
                  if c.dep_ in ("aux", "auxpass", "neg", "advmod", "prep", "xcomp", "acomp", "mark")]
        window = sorted(window + [node], key=lambda t: t.i)
        words = set(_cue_words(window))
        if node.i == trigger.i and words & STATUS_CUES["negated"] and any(
                c.dep_ == "neg" for c in node.children):
            return "negated"
        for status in ("scheduled", "planned", "hypothetical", "ongoing", "reported"):
            if words & STATUS_CUES[status]:
                return status
        # told as what someone said: "Officials said [the talks were held on Friday]"
        if k > 0 and path[k - 1].dep_ == "ccomp" and node.lemma_.lower() in REPORTING_VERBS:
            return "reported"
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
        return preposition_relation(head, "on")
    return "on"


def preposition_relation(prep, default=None):
    """The relation (rules/events.json) a preposition gives, with the word before it ("shortly after")."""
    prev = prep.doc[prep.i - 1].lower_ if prep.i > 0 else ""
    return RELATIONS.get(f"{prev} {prep.lower_}", RELATIONS.get(prep.lower_, default))


def keywords_of(tokens) -> list[str]:
    seen = []
    for t in tokens:
        if not t.is_stop and len(t.text) > 1 and t.pos_ in KEYWORD_POS and not t.like_num:
            # a name keeps its spelling ("Jobs" parsed as a plural noun is not "job")
            lemma = t.lower_ if t.pos_ == "PROPN" or t.ent_type_ in ACTOR_LABELS else t.lemma_.lower()
            lemma = SYNONYMS.get(lemma, lemma)
            if t.pos_ == "ADJ" and t.i > 0 and t.doc[t.i - 1].lower_ in ("not", "n't"):
                lemma = f"not {lemma}"  # "pleaded not guilty" is not "pleaded guilty"
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


def after_header(span, header: list[tuple[int, int]]):
    """The span without the wire header it starts with ("Sept 12 (Reuters) - Daniel Okafor ... was
    arrested": from "Daniel")."""
    cut = max((b for a, b in header if a < span.end_char and b > span.start_char), default=None)
    if cut is None:
        return span
    k = span.start
    while k < span.end and span.doc[k].idx < cut:
        k += 1
    return span if k >= span.end else _trim(span.doc[k:span.end])


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


def dated_conjuncts(trigger, timex_tokens: range, dated_tokens: set[int]):
    """Verbs coordinated with a dated verb that another expression dates: events of their own, with
    their own words ("Okafor was indicted in September *and pleaded not guilty later that month*").
    Yields the token range of each, from its conjunction on."""
    for child in trigger.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            sub = set(range(child.left_edge.i, child.right_edge.i + 1))
            if (sub & dated_tokens) - set(timex_tokens):
                cc = [c.i for c in trigger.children if c.dep_ == "cc" and trigger.i < c.i < child.left_edge.i]
                yield range(min(cc + [child.left_edge.i]), child.right_edge.i + 1)


def dated_subclauses(trigger, clause, timex_tokens: range, dated_tokens: set[int]):
    """Relative and adverbial clauses after the trigger that another expression dates: events of their
    own, with their own quotes ("Shares of Tallis fell 6.3% on Wednesday, their biggest drop *since the
    company went public in 2018*"). Yields the token range of each."""
    for tok in clause:
        if ((tok.i > trigger.i and tok.dep_ in ("relcl", "advcl", "acl")) or (tok.dep_ == "ccomp" and tok.head.i == trigger.i)) \
                and tok.pos_ in ("VERB", "AUX"):
            sub = set(range(tok.left_edge.i, tok.right_edge.i + 1))
            holds_this_expression = tok.left_edge.i < timex_tokens.stop and timex_tokens.start <= tok.right_edge.i
            if not holds_this_expression and sub & dated_tokens:
                yield range(tok.left_edge.i, tok.right_edge.i + 1)


def dated_head(trigger, timex_tokens: range, dated_tokens: set[int]) -> range:
    """For a coordinated verb, the verb it is coordinated with when another expression dates that one,
    from its auxiliaries to the conjunction: another event ("was indicted in September and *pleaded not
    guilty later that month*"). Empty otherwise."""
    head = trigger.head
    if trigger.dep_ != "conj" or head.pos_ not in ("VERB", "AUX") or head.i >= trigger.i:
        return range(0)
    own = set(range(head.left_edge.i, head.right_edge.i + 1)) - set(range(trigger.left_edge.i, trigger.right_edge.i + 1))
    if not (own & dated_tokens) - set(timex_tokens):
        return range(0)
    return range(min([head.i] + [c.i for c in head.children if c.dep_ in ("aux", "auxpass", "neg")]),
                 trigger.left_edge.i)


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
    dated_by_token: dict[int, EventMention] = {}  # trigger token -> its dated mention
    taken: set[int] = set()  # tokens of side clauses already given their own mention
    # the wire header ("HOUSTON, Sept 12 (Reuters) - ", "By Sarah Lindqvist") names no participant, and
    # its date is the report's: it dates no event (the lead's own "on Wednesday" does, or the fallback)
    header, header_dates = wire_header(doc.text)
    names = NameIndex(doc, [(t.start, t.end) for t in timexes] + header)
    offsets = offset_phrases(doc, timexes)
    actor_ents = [ent for ent in doc.ents if ent.label_ in ACTOR_LABELS
                  and not any(a < ent.end_char and ent.start_char < b for a, b in header)]
    timexes = [t for t in timexes if not any(a <= t.start < b for a, b in header_dates)]
    dated_tokens = {i for t in timexes if (s := doc.char_span(t.start, t.end, alignment_mode="expand")) is not None
                    for i in range(s.start, s.end)}
    for tx in sorted(list(timexes) + offsets, key=lambda t: t.start):
        if tx.rule == OFFSET_RULE:  # "Days earlier": dated from the last dated event before it
            tx = resolve_offset(tx, doc, mentions)
            if tx is None:
                continue
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or len(span) == 0 or not is_event_bearing(tx, span):
            continue
        sentence = sentence_of(span)
        trigger, hops = find_trigger(span)
        timex_tokens = range(span.start, span.end)
        clause = fronted_adjunct(trigger) or clause_of(trigger, dated_tokens - set(timex_tokens))
        if not (clause.start_char <= tx.start and tx.end <= clause.end_char):
            clause = sentence
        background = list(adverbial_clauses(trigger, timex_tokens, taken)) if trigger.pos_ in ("VERB", "AUX") else []
        excluded = {i for c in background for i in range(c.left_edge.i, c.right_edge.i + 1)}
        if trigger.pos_ in ("VERB", "AUX"):
            excluded |= {i for r in dated_conjuncts(trigger, timex_tokens, dated_tokens) for i in r}
            excluded |= set(dated_head(trigger, timex_tokens, dated_tokens))
        excluded |= {i for r in dated_subclauses(trigger, clause, timex_tokens, dated_tokens) for i in r}
        # a background clause in the same tense happened at the same time: an event of its own
        # ("Last week, *as Akazawa arrived in Washington*, a delegation wrapped up meetings")
        # (not one told before or after it: "went back to school on Monday, *two weeks after a quake
        # killed 63 people*")
        sides = [c for c in background if _tense(c) == _tense(trigger) and not ordering_clause(c)]
        taken |= {i for c in sides for i in range(c.left_edge.i, c.right_edge.i + 1)}
        confidence = 0.9 if hops <= 3 else 0.7
        if tx.begin_date is None and tx.type != "DURATION":
            confidence = 0.5
        if tx.rule == OFFSET_RULE:
            confidence = OFFSET_CONFIDENCE
        parts = [(trigger, core_span(clause, trigger, excluded) if excluded else _trim(clause), "", confidence)]
        parts += [(c, _trim(doc[c.left_edge.i:c.right_edge.i + 1]), f"+{c.idx}", confidence - 0.1) for c in sides]
        for trig, quote, suffix, conf in parts:
            quote = after_header(quote, header)
            words = [t for t in names.tokens[quote.start:quote.end] if t.i not in timex_tokens]
            actors, actor_labels = [], []
            for ent in actor_ents:
                if ent.start >= quote.start and ent.end <= quote.end and ent.text not in actors:
                    actors.append(ent.text)
                    actor_labels.append(ent.label_)
            mention = EventMention(
                mention_id=f"{doc_id}:{tx.start}{suffix}",
                doc_id=doc_id,
                start=quote.start_char, end=quote.end_char, quote=quote.text,
                sentence_start=sentence.start_char, sentence_end=sentence.end_char,
                trigger=trigger_text(trig), trigger_lemma=trigger_lemma(trig),
                actors=actors, actor_labels=actor_labels,
                timex_start=tx.start, timex_text=tx.text,
                relation=relation_of(span),
                status=status_of(trig, tx, dct, quote),
                value=tx.value, mod=tx.mod, begin_date=tx.begin_date, end_date=tx.end_date,
                granularity=tx.granularity, confidence=conf,
                keywords=keywords_of(words) + ordinal_keys(words) + ([tx.value] if tx.type == "DURATION" else []),
            )
            mentions.append(mention)
            dated_by_token.setdefault(trig.i, mention)
    for m in mentions:
        _add_roles(m, doc, names)
    mentions += undated_mentions(doc_id, doc, dated_by_token, dct, names, header)
    return mentions


# ---------------------------------------------------------------- vague offsets ("Days earlier")

OFFSET_RULE = "events.narrative_offset"
OFFSET_CONFIDENCE = 0.6


def offset_phrases(doc, timexes: list[Timex]) -> list[Timex]:
    """Unresolved placeholders for the vague offsets of rules/events.json ("Days earlier") that no
    temporal expression covers and that stand alone (not "shortly after the summit": that one
    counts from what follows it)."""
    covered = [(t.start, t.end) for t in timexes]
    out = []
    longest = max((len(k) for k in OFFSET_PHRASES), default=0)
    first_words = {k[0] for k in OFFSET_PHRASES}
    lowers = [t.lower_ for t in doc]
    i = 0
    while i < len(doc):
        if lowers[i] not in first_words:
            i += 1
            continue
        for n in range(min(longest, len(doc) - i), 0, -1):
            key = tuple(lowers[i:i + n])
            if key in OFFSET_PHRASES:
                a, b = doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1])
                after = doc[i + n] if i + n < len(doc) else None
                anchored = any(c.dep_ in ("pobj", "pcomp") for c in doc[i + n - 1].children) or (
                    after is not None and after.pos_ in ("DET", "NOUN", "PROPN", "NUM", "ADJ"))
                if not anchored and not any(s < b and a < e for s, e in covered):  # "shortly after the summit": no
                    out.append(Timex(a, b, doc.text[a:b], "DATE", " ".join(key), anchor="narrative", rule=OFFSET_RULE))
                i += n - 1
                break
        i += 1
    return out


def resolve_offset(tx: Timex, doc, mentions: list[EventMention]) -> Timex | None:
    """The window an offset gives from the last dated event told before it (in the last
    OFFSET_SENTENCES_BACK sentences), as the month (or year) that holds it."""
    sent_starts = [s.start_char for s in doc.sents]
    here = max((k for k, s in enumerate(sent_starts) if s <= tx.start), default=0)
    earliest = sent_starts[max(0, here - OFFSET_SENTENCES_BACK)]
    ref = next((m for m in reversed(mentions) if m.begin_date is not None and m.end_date is not None
                and earliest <= m.sentence_start and m.timex_start < tx.start), None)
    if ref is None:
        return None
    lo, hi = OFFSET_PHRASES[tuple(tx.value.split())]
    begin = (ref.begin_date if lo < 0 else ref.end_date) + timedelta(days=lo)
    end = (ref.begin_date if hi <= 0 else ref.end_date) + timedelta(days=hi)
    if (begin.year, begin.month) == (end.year, end.month):
        value, gran = f"{begin.year:04d}-{begin.month:02d}", "month"
        first, last = begin.replace(day=1), (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif begin.year == end.year:
        value, gran, first, last = f"{begin.year:04d}", "year", date(begin.year, 1, 1), date(begin.year, 12, 31)
    else:
        return None
    return replace(tx, value=value, begin_date=first, end_date=last, granularity=gran)


# ---------------------------------------------------------------- events no expression dates

def _add_roles(m: EventMention, doc, names: NameIndex) -> None:
    """The role of each actor of a dated mention where the parse shows it (an argument of the
    trigger); names the parse shows as arguments but NER missed are added."""
    trigger = _token_at(doc, m.sentence_start, m.sentence_end, m.trigger, m.start, m.end)
    parts = participants_of(trigger, names) if trigger is not None else []
    role_of = {p.text: p.role for p in parts}
    m.actor_roles = [role_of.get(a, "") for a in m.actors]
    for p in parts:
        if p.text not in m.actors and m.start <= p.start < m.end:
            m.actors.append(p.text)
            m.actor_labels.append(p.label)
            m.actor_roles.append(p.role)


def _token_at(doc, sent_start: int, sent_end: int, text: str, start: int, end: int):
    """The trigger token of a mention (its text inside the quote, else inside the sentence)."""
    for a, b in ((start, end), (sent_start, sent_end)):
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        for t in span:
            if t.text == text.split(" ")[0]:
                return t
    return None


def _verb_of(tok):
    """The verb that carries a trigger's tense: itself, or the verb its noun phrase hangs from."""
    node = tok
    while node.pos_ not in ("VERB", "AUX"):
        if node.head.i == node.i:
            return None
        node = node.head
    return node


def tense_of(tok) -> str:
    """past | perfect | present | future | none (hypothetical, imperative, or no verb)."""
    verb = _verb_of(tok)
    if verb is None:
        return "none"
    if tok.dep_ == "amod" and tok.tag_ == "VBN":  # "the recently announced iPhone"
        return "past"
    node = verb
    while node.tag_ in ("VB", "VBG", "VBN") and not any(c.dep_ in ("aux", "auxpass") for c in node.children) \
            and node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "ccomp") and node.head.i != node.i:
        node = node.head  # a non-finite verb takes the tense of the verb above it
    auxes = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if any(a.tag_ == "MD" for a in auxes) or words & {"will", "'ll", "shall", "would", "could", "should", "might", "may",
                                                       "can", "must"}:
        return "future"
    if any(a.lemma_ == "have" and a.tag_ == "VBD" for a in auxes):
        return "perfect"  # "had hand-delivered": before a time the text gave, not at publication
    tags = {node.tag_} | {a.tag_ for a in auxes}
    if "VBD" in tags:
        return "past"
    if node.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"  # present perfect: "Apple has released an application"
    if tags & {"VBZ", "VBP"}:
        return "present"
    return "none"


def is_candidate_trigger(tok, dated: bool) -> bool:
    """A verb, or an event noun: in a dated clause any of event_nouns and nominal_events; without
    a date only nominal_events (happenings, not things that last: 'lawsuit', not 'tariffs')."""
    if tok.pos_ == "VERB":
        return tok.lemma_.lower() not in SKIPPED_VERBS and tok.dep_ not in ("aux", "auxpass")
    nouns = NOMINAL_EVENTS if dated else UNDATED_NOUNS
    return tok.pos_ == "NOUN" and (tok.lower_ in nouns or tok.lemma_.lower() in nouns)


def governing_mention(tok, dated_by_token: dict[int, EventMention], known: dict | None = None):
    """The dated mention whose clause a trigger belongs to: its own, that of a verb above it, or a
    dated event noun in an adjunct of one of them ("In a July 16 press conference, Jobs said").
    `known` (one dict per document) keeps the answer of every token walked through: the walk up
    from a token is the same whichever token it started from."""
    known = {} if known is None else known
    node, walked = tok, []
    while True:
        if node.i in known:
            found = known[node.i]
            break
        walked.append(node.i)
        found = _dated_here(node, dated_by_token)
        if found is not None or node.head.i == node.i or node.dep_ in GOVERNING_BOUNDARIES \
                or at_another_time(node) or (node.dep_ == "advcl" and ordering_clause(node)) \
                or future_content(node):
            break
        node = node.head
    known.update(dict.fromkeys(walked, found))
    return found


def future_content(tok) -> bool:
    """A content clause told as what will or could happen ("Labour *will lodge* a petition, the party
    said on Monday"): not at the time of the verb that reports it (clause_dates future_content_modals)."""
    return tok.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in FUTURE_CONTENT_MODALS for c in tok.children)


def in_future_content(tok) -> bool:
    """The token stands in a content clause told as what will or could happen ("China said it *would
    retaliate if Washington demands* ..."): neither the report's date nor a fallback is its date."""
    node = tok
    while node.head.i != node.i:
        if future_content(node):
            return True
        node = node.head
    return False


def at_another_time(tok) -> bool:
    """The object of a preposition that puts it at another time than the word it hangs from
    ("five years *after its launch*", "slated *for a release* on June 24"): any preposition but
    the same_time_prepositions of rules/events.json."""
    return tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ not in SAME_TIME_PREPOSITIONS


def ordering_clause(verb) -> bool:
    """A clause whose subordinating word puts it before or after the verb it hangs on (relations
    'before', 'after', 'since', 'until': "two weeks *after* a quake killed 63 people")."""
    return any(c.dep_ == "mark" and preposition_relation(c) in ORDERING_RELATIONS for c in verb.children)


def told_before_or_after(tok) -> bool:
    """An event told as the time of another, inside the phrase of a preposition that puts it
    before or after its clause's verb (relations 'before', 'after', 'since', 'until' in
    rules/events.json: "*since its launch* the store has sold", "since the beginning of *his
    leave*", "five years *after its launch*"): the news day is not its date."""
    node = tok
    while True:
        if node.dep_ in ("pobj", "pcomp") and preposition_relation(node.head) in ORDERING_RELATIONS:
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ == "advcl" and ordering_clause(node):
            return True
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i or node.head.pos_ in ("VERB", "AUX"):
            return False  # up to the verb of its own clause
        node = node.head


def _dated_here(node, dated_by_token: dict[int, EventMention]):
    """The dated mention of a token itself, of a dated event noun in a prepositional adjunct of it
    that tells the same time ("*In a July 16 press conference*, Jobs said"), or, for a noun, of the
    dated participle that describes it ("the suit, *filed in September 2003*"), or, for a verb that tells
    the phase of another, of the dated verb it governs ("Tallis *began* notifying customers on May 19")."""
    if node.i in dated_by_token:
        return dated_by_token[node.i]
    for c in node.children:
        if node.pos_ == "NOUN" and c.dep_ == "acl" and c.tag_ == "VBN" and c.i in dated_by_token:
            return dated_by_token[c.i]
        if node.pos_ == "VERB" and node.lemma_.lower() in ASPECTUAL_VERBS and c.dep_ == "xcomp" and c.i in dated_by_token:
            return dated_by_token[c.i]  # "Tallis *began* notifying customers by email on May 19"
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj" and g.i in dated_by_token and g.pos_ == "NOUN" and not at_another_time(g):
                    return dated_by_token[g.i]
    return None


def coordinated_verb(tok) -> bool:
    """A verb coordinated with another ("he was fired from the company and he *founded* NeXT",
    "returned to Apple and soon after *reassumed* the role"), told as a fact (past or present): in a
    dated clause it takes the clause's date but tells another event of that time, not part of the
    dated one. (A future one, "will not accept it and will *retaliate*", stays with its clause.)"""
    return tok.pos_ == "VERB" and tok.dep_ == "conj" and tense_of(tok) in ("past", "present")


def told_as_earlier_occurrence(tok) -> bool:
    """A verb that an adverb tells as other, earlier occurrences ("Apple Corps has *twice before* sued
    Apple Computer"; undated_events.earlier_occurrence_adverbs): not the news of the day."""
    verb = _verb_of(tok)
    return verb is not None and any(c.dep_ == "advmod" and c.lower_ in EARLIER_OCCURRENCE_ADVERBS
                                    for c in verb.children)


def undated_quote(trigger):
    """The words of an event no expression dates: its verb's clause without the other events
    coordinated with it or subordinate to it; for a noun, the clause of the verb it is the object of,
    else its noun phrase."""
    head = trigger
    if trigger.pos_ == "NOUN":
        if trigger.dep_ in ("dobj", "attr") and trigger.head.pos_ == "VERB":
            head = trigger.head
        else:
            return _trim(trigger.doc[trigger.left_edge.i:trigger.right_edge.i + 1])
    sent = sentence_of(head)
    clause = trigger.doc[max(head.left_edge.i, sent.start):min(head.right_edge.i, sent.end - 1) + 1]
    excluded = set()
    for c in head.children:
        if (c.dep_ in ("conj", "advcl", "parataxis") and c.pos_ in ("VERB", "AUX")) or c.dep_ == "cc":
            excluded |= set(range(c.left_edge.i, c.right_edge.i + 1))
    excluded.discard(trigger.i)
    return core_span(clause, trigger, excluded) if excluded else _trim(clause)


def in_headline(tok) -> bool:
    """The token is in the document's headline: a first sentence that is the whole first line."""
    sent = sentence_of(tok)
    if sent.start != 0:
        return False  # (before doc.text: spaCy joins the whole text at every call)
    text = tok.doc.text
    return "\n" not in text[:sent.end_char].strip() \
        and (sent.text.endswith("\n") or text[sent.end_char:].lstrip(" \t").startswith("\n"))


def lead_date(doc, dated_by_token: dict[int, EventMention], dct: date | None):
    """The day an article's lead gives its news: the date of the first dated verb in its first
    LEAD_SENTENCES sentences (headline and dateline aside), when it is a day in the LEAD_DAYS
    before publication ("Apple unveiled the iPhone 4 yesterday")."""
    if dct is None:
        return None
    sentences = [s for s in doc.sents if any(t.pos_ == "VERB" for t in s)][:LEAD_SENTENCES]
    for sent in sentences:
        for t in sent:
            m = dated_by_token.get(t.i)
            if m is not None and t.pos_ == "VERB" and m.granularity == "day" and m.begin_date == m.end_date \
                    and m.begin_date is not None and 0 <= (dct - m.begin_date).days <= LEAD_DAYS:
                return m.begin_date
    return None


def undated_mentions(doc_id: str, doc, dated_by_token: dict[int, EventMention], dct: date | None,
                     names: NameIndex, header: list[tuple[int, int]] = ()) -> list[EventMention]:
    """Mentions of the events with a named participant that no event-bearing expression dates
    directly: a verb in a dated clause takes that clause's date (lower confidence); otherwise a
    past-tense report or a present-tense state takes the publication date as a stated fallback
    (date_source 'publication', confidence FALLBACK_CONFIDENCE). Future, hypothetical and
    past-perfect events without a date make no mention."""
    out = []
    lead = lead_date(doc, dated_by_token, dct)
    governed: dict[int, EventMention | None] = {}  # token -> governing_mention, for every token walked
    for tok in names.tokens:
        if tok.i in dated_by_token or tok.pos_ not in ("VERB", "NOUN"):
            continue
        if not is_candidate_trigger(tok, True):
            continue  # (cheap) no event word whether a clause dates it or not (NOMINAL_EVENTS holds UNDATED_NOUNS)
        parent = governing_mention(tok, dated_by_token, governed)
        if parent is not None and parent.begin_date is None and dct is not None:
            parent = None  # a clause that only a duration dates ("his 2 hour speech") gives no day: the fallback may
        if not is_candidate_trigger(tok, parent is not None):
            continue
        parts = participants_of(tok, names)
        if not parts:
            continue
        if tok.lemma_.lower() in REPORTING_VERBS and not any(p.role == "subject" for p in parts):
            continue
        quote = after_header(undated_quote(tok), header)
        if parent is not None:
            value, mod, begin, end, gran = parent.value, parent.mod, parent.begin_date, parent.end_date, parent.granularity
            source, conf = "clause", max(parent.confidence - GOVERNED_CONFIDENCE_DROP, FALLBACK_CONFIDENCE + 0.1)
            relation, timex_start, timex_text = parent.relation, parent.timex_start, parent.timex_text
        else:
            tense = tense_of(tok)
            if tense == "present" and in_headline(tok):
                tense = "past"  # a headline tells the news in the present: "Apple unveils new laptops"
            if dct is None or tense not in ("past", "present") or told_before_or_after(tok) \
                    or told_as_earlier_occurrence(tok) or in_future_content(tok):
                continue
            day, source = (lead, "lead") if lead is not None and tense == "past" else (dct, "publication")
            value, mod, begin, end, gran = day.isoformat(), None, day, day, "day"
            conf = FALLBACK_CONFIDENCE
            relation = "on" if tense == "present" else "before"
            timex_start, timex_text = -1, ""
        words = names.tokens[quote.start:quote.end]
        fake = _FallbackTimex(begin, end)
        status = status_of(tok, fake, dct, quote) if parent is None else parent.status
        if parent is not None and tok.pos_ == "VERB" and any(c.dep_ == "neg" for c in tok.children):
            status = "negated"  # in a dated clause, but told as not done ("and did not understand the accounting")
        if parent is None and tense == "present" and status == "occurred":
            status = "ongoing"
        out.append(EventMention(
            mention_id=f"{doc_id}:@{tok.idx}", doc_id=doc_id,
            start=quote.start_char, end=quote.end_char, quote=quote.text,
            sentence_start=sentence_of(tok).start_char, sentence_end=sentence_of(tok).end_char,
            trigger=trigger_text(tok), trigger_lemma=trigger_lemma(tok),
            actors=[p.text for p in parts], actor_labels=[p.label for p in parts],
            actor_roles=[p.role for p in parts],
            timex_start=timex_start, timex_text=timex_text, relation=relation, status=status,
            value=value, mod=mod, begin_date=begin, end_date=end, granularity=gran, confidence=conf,
            keywords=keywords_of(words) + ordinal_keys(words), date_source=source,
            dated_by=parent.mention_id if parent is not None else None,
            own_event=parent is not None and coordinated_verb(tok),
        ))
    return out


@dataclass
class _FallbackTimex:
    """What status_of needs to know of a date that no expression gave."""
    begin_date: date | None
    end_date: date | None
    type: str = "DATE"
