"""Who takes part in an event, read from the parse: the names among a trigger's arguments, with
their role (subject, object, or the preposition that introduces them).

Names are the named entities spaCy finds, proper-noun phrases it left untagged ("iPhone 4"), and a
capitalised word repeating a word of a person the document already named ("Jobs" after "Steve
Jobs", even where the tagger missed it). A personal pronoun stands for the last person named
before it ("He announced ..."); "it" and "they" stay unresolved (too often they point at no name).
The word lists live in rules/events.json ("participants").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

RULES = json.loads((Path(__file__).parent / "rules" / "events.json").read_text(encoding="utf-8"))
_P = RULES["participants"]
NAME_LABELS = frozenset(_P["name_labels"])
NOT_NAME_LABELS = frozenset(_P["not_name_labels"])
TITLES = frozenset(_P["titles"]["words"])
PERSON_PRONOUNS = frozenset(_P["person_pronouns"]["words"])
PRONOUN_REACH = _P["person_pronouns"]["sentences_back"]
THING_PRONOUNS = frozenset(_P["thing_pronouns"]["words"])
THING_REACH = _P["thing_pronouns"]["sentences_back"]
THING_LABELS = frozenset(_P["thing_pronouns"]["labels"])
DEFINITE_PERSON = frozenset(_P["definite_descriptions"]["person"])
DEFINITE_REACH = _P["definite_descriptions"]["sentences_back"]
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "iobj"})
# a verb without a subject of its own takes the subject of the verb it hangs from
SUBJECT_SHARING_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "ccomp"})


@dataclass(frozen=True)
class Name:
    start: int  # token span [start, end)
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, PRODUCT ... or PROPN (an untagged proper-noun phrase)


@dataclass(frozen=True)
class Participant:
    text: str
    label: str
    role: str  # subject | object | by | a preposition ("against", "with") | possessor | modifier
    start: int = -1  # character offset of the name (of the pronoun, when it came from one)
    resolved_from: str | None = None  # the pronoun it stands for, when it came from one


class NameIndex:
    """The names of one spaCy Doc, by token."""

    def __init__(self, doc, skip_chars: list[tuple[int, int]] = ()):
        self.doc = doc
        self.tokens = tokens = list(doc)  # doc[i] makes a new Token at every call: index this instead
        self.by_token: dict[int, Name] = {}
        self._pronouns: dict[int, Name] | None = None
        skipped = set()
        for a, b in skip_chars:  # temporal expressions are never names
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                skipped.update(range(span.start, span.end))
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS and not skipped & set(range(ent.start, ent.end)):
                s = _trim_name(tokens, ent.start, ent.end)
                if s:
                    self._add(Name(s[0], s[1], doc[s[0]:s[1]].text, ent.label_))
        # proper-noun phrases the tagger left out ("iPhone 4", "iTunes", "3G iPhone"): runs of proper
        # nouns with the model numbers around them (a number, or a word glued to one: "3G", "4S")
        free = lambda k: 0 <= k < len(tokens) and k not in self.by_token and k not in skipped \
            and tokens[k].ent_type_ not in NOT_NAME_LABELS
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.pos_ == "PROPN" and free(i) and t.text[:1].isalnum():
                a, b = _glued(tokens, i)
                while free(b) and (tokens[b].pos_ == "PROPN" or _has_digit(tokens, *_glued(tokens, b))):
                    b = _glued(tokens, b)[1]
                while free(a - 1):
                    ga, gb = _glued(tokens, a - 1)
                    if not all(free(k) for k in range(ga, gb)) or not (
                            tokens[ga].pos_ == "PROPN" or (_has_digit(tokens, ga, gb) and
                                                           any(a <= tokens[k].head.i < b for k in range(ga, gb)))):
                        break
                    a = ga
                if not all(w.lower_ in TITLES for w in tokens[a:b]) and all(free(k) for k in range(a, b)):
                    self._add(Name(a, b, doc[a:b].text, "PROPN"))
                i = max(b, i + 1)
            else:
                i += 1
        # "Jobs" parsed as a plural noun after "Steve Jobs" was named: the same person
        person_words: dict[str, Name] = {}
        for t in tokens:
            name = self.by_token.get(t.i)
            if name is not None:
                if name.label == "PERSON" and name.start == t.i:
                    for w in tokens[name.start:name.end]:
                        if w.text[:1].isupper() and len(w.text) > 2:
                            person_words.setdefault(w.text, name)
                continue
            if t.text in person_words and t.i not in skipped and t.pos_ in ("NOUN", "PROPN"):
                self._add(Name(t.i, t.i + 1, t.text, "PERSON"))
        for name in {n for n in self.by_token.values() if n.label != "PERSON" and n.end - n.start == 1}:
            earlier = person_words.get(name.text)  # "Steve" (or "Jobs" tagged ORG) after "Steve Jobs"
            if earlier is not None and earlier.start < name.start:
                self._add(Name(name.start, name.end, name.text, "PERSON"))

    def _add(self, name: Name) -> None:
        for i in range(name.start, name.end):
            self.by_token[i] = name

    def name_of(self, tok) -> Name | None:
        return self.by_token.get(tok.i)

    def pronoun(self, tok) -> Name | None:
        """The person a personal pronoun stands for (resolved once per document, in order)."""
        if self._pronouns is None:
            self._pronouns = self._resolve_pronouns()
        return self._pronouns.get(tok.i)

    def _resolve_pronouns(self) -> dict[int, Name]:
        """Each person pronoun stands for a person named (or pronoun resolved) before it within
        PRONOUN_REACH sentences: in its own sentence the nearest one before it, else the subject
        of the nearest sentence that has one, else the nearest name ("Richard Doherty attributes
        Steve Jobs' success ... He states" -> Doherty)."""
        sent_of = [0] * len(self.tokens)
        for k, sent in enumerate(self.doc.sents):
            sent_of[sent.start:sent.end] = [k] * len(sent)
        seen: list[tuple[int, int, bool, Name]] = []  # (sentence, token, is subject, person)
        things: list[tuple[int, int, Name]] = []  # (sentence, token, thing) of subjects
        out: dict[int, Name] = {}
        for t in self.tokens:
            k = sent_of[t.i]
            name = self.by_token.get(t.i)
            subject = t.dep_ in ("nsubj", "nsubjpass")
            if name is not None and name.label == "PERSON":
                head_of_name = t.head.i not in range(name.start, name.end)
                if head_of_name:  # one entry per name, at its head token
                    seen.append((k, t.i, subject, name))
            elif name is not None and name.label in THING_LABELS and subject:
                things.append((k, t.i, name))
            elif name is None and t.pos_ == "NOUN" and t.lemma_.lower() in DEFINITE_PERSON and _definite(t):
                cands = [c for c in seen if k - c[0] <= DEFINITE_REACH]  # "the CEO underwent surgery"
                if cands:
                    out[t.i] = max(cands, key=lambda c: (c[0], c[2], c[1]))[3]
            elif t.lower_ in THING_PRONOUNS and t.pos_ == "PRON":
                cands = [c for c in things if k - c[0] <= THING_REACH]
                if cands:
                    out[t.i] = cands[-1][2]
                    if subject:
                        things.append((k, t.i, cands[-1][2]))
            elif t.lower_ in PERSON_PRONOUNS and t.pos_ == "PRON":
                # an object pronoun is not the subject of its own verb ("Ballmer ... described him")
                own_subjects = set()
                if t.dep_ in ("dobj", "dative", "pobj"):
                    verb = t.head if t.dep_ != "pobj" else t.head.head
                    while verb is not None:
                        own_subjects |= {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}
                        verb = verb.head if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i else None
                cands = [c for c in seen if k - c[0] <= PRONOUN_REACH and c[1] not in own_subjects]
                same = [c for c in cands if c[0] == k]
                pick = None
                if same:
                    pick = max(same, key=lambda c: (c[2], c[1]))
                elif cands:
                    pick = max(cands, key=lambda c: (c[0], c[2], c[1]))
                if pick is not None:
                    out[t.i] = pick[3]
                    seen.append((k, t.i, subject, pick[3]))
        return out


def _glued(tokens, i: int) -> tuple[int, int]:
    """The tokens written together with token i, without a space ("3G" is "3" + "G")."""
    a = b = i
    while a > 0 and tokens[a - 1].whitespace_ == "" and tokens[a - 1].text[-1:].isalnum() and tokens[a].text[:1].isalnum():
        a -= 1
    while b + 1 < len(tokens) and tokens[b].whitespace_ == "" and tokens[b].text[-1:].isalnum() and tokens[b + 1].text[:1].isalnum():
        b += 1
    return a, b + 1


def _has_digit(tokens, a: int, b: int) -> bool:
    return any(ch.isdigit() for t in tokens[a:b] for ch in t.text)


def _trim_name(tokens, start: int, end: int):
    """A name without a leading 'the' or a trailing possessive."""
    while start < end and (tokens[start].lower_ == "the" or tokens[start].is_punct):
        start += 1
    while end > start and (tokens[end - 1].tag_ == "POS" or tokens[end - 1].is_punct):
        end -= 1
    return (start, end) if end > start else None


def _noun_phrase_names(tok, names: NameIndex):
    """The names in the part of a noun phrase up to its head ("Apple's iTunes store" -> Apple,
    iTunes), and those of its appositions and coordinated nouns."""
    out = []
    if (n := names.name_of(tok)) is not None:
        out.append((n, None))
    for t in names.tokens[tok.left_edge.i:tok.i]:
        if (n := names.name_of(t)) is not None:
            if t.dep_ in ("compound", "poss", "nmod", "amod", "appos") or t.head.i != tok.i:
                out.append((n, "possessor" if t.dep_ == "poss" and t.head.i == tok.i else None))
    for child in tok.children:
        if child.dep_ in ("appos", "conj") and child.i > tok.i:
            out += _noun_phrase_names(child, names)
    return out


def _definite(t) -> bool:
    """'the CEO', not 'a CEO' or 'the former CEO' (a modified head may be another person)."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) and \
        not any(c.dep_ in ("amod", "compound", "poss") for c in t.children)


def _pronoun(tok, names: NameIndex):
    if tok.lower_ in PERSON_PRONOUNS | THING_PRONOUNS or (tok.pos_ == "NOUN" and _definite(tok)):
        return names.pronoun(tok)
    return None


def arguments(trigger):
    """(token, role) of a trigger's arguments; a verb without a subject of its own takes the
    subject of the verb it hangs from ("Jobs welcomed everyone and *announced* ...")."""
    args = []
    for c in trigger.children:
        if c.dep_ in SUBJECT_DEPS:
            args.append((c, "object" if c.dep_ == "nsubjpass" else "subject"))
        elif c.dep_ in OBJECT_DEPS:
            args.append((c, "object"))
        elif c.dep_ == "agent":
            args += [(g, "subject") for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "prep":
            args += [(g, c.lower_) for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ in ("poss", "compound", "nmod") and trigger.pos_ == "NOUN":
            args.append((c, "possessor" if c.dep_ == "poss" else "modifier"))
    if not any(role == "subject" or (t.dep_ == "nsubjpass") for t, role in args):
        tok = trigger
        while True:
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj", "attr") and tok.head.pos_ in ("VERB", "ADP"):
                tok = tok.head if tok.head.pos_ == "VERB" else tok.head.head  # "filed a lawsuit", "gave a keynote"
            elif tok.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in tok.head.children) and tok.head.pos_ == "VERB":
                # object control: "prompting Apple Corps to file suit" -> Apple Corps files
                args += [(c, "subject") for c in tok.head.children if c.dep_ == "dobj"]
                break
            elif tok.dep_ == "pcomp" and tok.head.pos_ == "ADP" and tok.head.head.pos_ in ("VERB", "AUX"):
                tok = tok.head.head  # "unveiled the device by walking onto the stage"
            elif tok.dep_ in SUBJECT_SHARING_DEPS and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
                if tok.dep_ == "ccomp" and any(c.dep_ in SUBJECT_DEPS for c in tok.children):
                    break
                tok = tok.head
            elif tok.dep_ in ("acl", "relcl", "amod") and tok.head.pos_ in ("NOUN", "PROPN"):
                # "the recently announced iPhone 4", "Jobs, who founded NeXT"
                role = "subject" if tok.dep_ == "relcl" and any(
                    c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in tok.children) else "object"
                args.append((tok.head, role))
                break
            else:
                break
            subj = [(c, "object" if c.dep_ == "nsubjpass" else "subject") for c in tok.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                args += subj
                break
            if tok.head.i == tok.i:
                break
    return args


def participants_of(trigger, names: NameIndex) -> list[Participant]:
    """The named participants of a trigger, each once, in the order of the sentence."""
    out: dict[str, Participant] = {}
    for tok, role in sorted(arguments(trigger), key=lambda a: a[0].i):
        if tok.pos_ == "PRON" or (tok.pos_ == "NOUN" and names.name_of(tok) is None and _definite(tok)):
            name = _pronoun(tok, names)
            if name is not None and name.text not in out:
                out[name.text] = Participant(name.text, name.label, role, tok.idx, tok.text)
            continue
        for name, sub_role in _noun_phrase_names(tok, names):
            if name.text not in out:
                out[name.text] = Participant(name.text, name.label, sub_role or role, tok.doc[name.start].idx)
    return list(out.values())
