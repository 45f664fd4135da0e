"""Entities across documents: one canonical name for the variants of a name.

"the U.S.", "US" and "United States" are one entity (rules/entity_aliases.tsv); "Akazawa" is
"Ryosei Akazawa" when the corpus names exactly one person with that surname; and a person can join
what no rule can ("Ryo Akazawa" is "Ryosei Akazawa") with user aliases, which win over everything.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path

RULE_ALIASES_FILE = Path(__file__).parent / "rules" / "entity_aliases.tsv"


def name_key(name: str) -> str:
    """The form names are compared in: lower case, no leading 'the', no possessive, single spaces."""
    s = re.sub(r"\s+", " ", name.strip()).lower()
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"['’]s$", "", s)
    return s.strip(" .,;:") if not re.fullmatch(r"(\w\.)+", s) else s


def read_alias_file(path: str | Path) -> dict[str, str]:
    """alias<TAB>canonical lines ('#' comments); raises ValueError naming the bad line."""
    aliases = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"{path}:{n}: expected 'alias<TAB>canonical name', got {line!r}")
        aliases[name_key(parts[0])] = parts[1].strip()
    return aliases


RULE_ALIASES = read_alias_file(RULE_ALIASES_FILE)
NAME_SUFFIXES = frozenset(l.strip().lower() for l in (Path(__file__).parent / "rules" / "name_suffixes.txt")
                          .read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#"))


def entity_id(canonical: str) -> str:
    return "N" + hashlib.sha1(name_key(canonical).encode()).hexdigest()[:10]


def clean_spelling(name: str) -> str:
    s = re.sub(r"\s+", " ", name.strip())
    s = re.sub(r"^[Tt]he ", "", s)
    return re.sub(r"['’]s$", "", s)


def canonical_names(names: list[str], user_aliases: dict[str, str] | None = None,
                    labels: dict[str, str] | None = None) -> dict[str, str]:
    """Map every surface name to its canonical name.

    Order of precedence: user aliases, rule aliases, then a lone surname or given name of a person
    standing for the one full person name in `names` that contains it, then an organisation's name
    with and without a generic last word (rules/name_suffixes.txt: "Komeito Party", "Komeito") as
    the more frequent of the two, then the most frequent spelling of the name (without "the" and
    possessive).
    """
    user = {name_key(a): c for a, c in (user_aliases or {}).items()}
    labels = labels or {}
    counts = Counter(names)
    spelling: dict[str, Counter] = defaultdict(Counter)
    person = set()
    for n, c in counts.items():
        spelling[name_key(n)][clean_spelling(n)] += c
        if labels.get(n) == "PERSON":
            person.add(name_key(n))

    def direct(key: str) -> str | None:
        return user.get(key) or RULE_ALIASES.get(key)

    full_names = [k for k in spelling if " " in k and not direct(k) and k in person]
    by_part: dict[str, set] = defaultdict(set)
    for k in full_names:
        for part in k.split(" "):
            if len(part) > 2:
                by_part[part].add(k)

    # "Komeito Party" and "Komeito": an organisation's name with and without its generic last word
    suffixed: dict[str, str] = {}
    for k in spelling:
        words = k.split(" ")
        if len(words) > 1 and words[-1].rstrip(".") in NAME_SUFFIXES and k not in person:
            base = " ".join(words[:-1])
            if base in spelling and base not in person and not direct(base):
                pair = sorted((k, base), key=lambda x: (-sum(spelling[x].values()), -len(x)))
                suffixed[k] = suffixed[base] = pair[0]

    out = {}
    for n in counts:
        key = name_key(n)
        target = direct(key)
        if target is None and " " not in key and key in person and len(by_part.get(key, ())) == 1:
            key = next(iter(by_part[key]))  # "Akazawa" -> the one "ryosei akazawa"
            target = direct(key)
        if target is None and key in suffixed:
            key = suffixed[key]
        if target is None:
            target = spelling[key].most_common(1)[0][0]
        # a user alias may point at another alias
        target = user.get(name_key(target), target)
        out[n] = target
    return out


def mention_surfaces(mentions) -> list[tuple[str, str, int]]:
    """(name as written, NER label, times) of the actors of these mentions, in the order each (name,
    label) first appears among them: what EntityResolution is made from (the SQL version for a
    database: sql/queries/merge_surfaces.sql)."""
    counts: Counter = Counter()
    for m in mentions:
        counts.update(zip(m.actors, m.actor_labels))
    return [(name, label, times) for (name, label), times in counts.items()]


class EntityResolution:
    """Canonical names for the names of a corpus (canonical_names), made from its distinct (name as
    written, label) with their counts in order of first appearance (mention_surfaces), then applied
    to its mentions any number at a time (`apply`)."""

    def __init__(self, surfaces, user_aliases: dict[str, str] | None = None):
        names: Counter = Counter()
        labels: dict[str, str] = {}
        label_votes: dict[str, Counter] = defaultdict(Counter)
        for name, _, times in surfaces:
            names[name] += times
        for name, label, _ in surfaces:
            if label == "PERSON":  # a name ever tagged as a person is a person's
                labels[name] = label
        self.canon = canonical_names(names, user_aliases, labels)
        for name, label, times in surfaces:
            label_votes[self.canon[name]][label] += times
        self.label = {c: votes.most_common(1)[0][0] for c, votes in label_votes.items()}
        # one string per canonical name, shared by every mention that names it
        self.ids = {c: entity_id(c) for c in self.canon.values()}
        self.merge_words = {c: f"@{name_key(c)}" for c in self.canon.values()}
        self.user_keys = {name_key(a) for a in (user_aliases or {})}

    def apply(self, mentions, rows: bool = True) -> tuple[dict[str, list], Counter]:
        """Give these mentions canonical actors (and their keys as merge keywords, so "Akazawa" and
        "Ryosei Akazawa" count as a shared word), with their roles (`actor_roles`, kept aligned; a
        name given twice keeps the first role the parse shows). Returns their mention_entities rows
        (with the role) as columns, a row per name as written in each mention, in the order of
        (mention_id, entity_id, surface) (none when not `rows`), and the number of these mentions
        naming each canonical name."""
        canon, ids, merge_words = self.canon, self.ids, self.merge_words
        counts: Counter = Counter()
        mention_entities: dict[str, list] = {"mention_id": [], "entity_id": [], "surface": [], "role": []}
        for m in sorted(mentions, key=lambda m: m.mention_id) if rows else mentions:
            names, roles = [], []
            old_roles = list(getattr(m, "actor_roles", None) or [])
            old_roles += [""] * (len(m.actors) - len(old_roles))
            roles_of: dict[tuple, str] = {}  # one row per name as written; its role where the parse shows one
            for name, _, role in zip(m.actors, m.actor_labels, old_roles):
                c = canon[name]
                if rows:
                    key = (ids[c], name)
                    roles_of[key] = max(roles_of.get(key, ""), role or "")
                if c not in names:
                    names.append(c)
                    roles.append(role or "")
                    counts[c] += 1
                elif role and not roles[names.index(c)]:
                    roles[names.index(c)] = role
            for (entity, surface), role in sorted(roles_of.items()):
                for column, value in zip(mention_entities.values(), (m.mention_id, entity, surface, role)):
                    column.append(value)
            m.actors = names
            m.actor_labels = [self.label[c] for c in names]  # (kept aligned with the canonical names)
            m.actor_roles = roles
            m.keywords = list(m.keywords) + [merge_words[c] for c in names if merge_words[c] not in m.keywords]
        return mention_entities, counts

    def entities(self, counts: Counter) -> list[dict]:
        """The rows of entities: each canonical name some mention names (counts: of the mentions
        naming it, `apply`'s counts summed)."""
        return [dict(entity_id=self.ids[c], name=c, label=self.label[c], mention_count=n)
                for c, n in sorted(counts.items()) if n]

    def aliases(self) -> list[dict]:
        """The rows of entity_aliases (those users gave stay as they are)."""
        aliases = {}
        for surface, c in sorted(self.canon.items()):
            key = name_key(surface)
            if key not in self.user_keys:
                aliases[key] = dict(alias=key, canonical=c, source="rule" if key in RULE_ALIASES else "observed")
        return list(aliases.values())


def resolve_entities(mentions, user_aliases: dict[str, str] | None = None):
    """EntityResolution of these mentions applied to them (in mention_id order); returns the rows of
    entities, mention_entities (columns, strings shared with the mentions: a dict per row took 180
    bytes) and entity_aliases. Mentions are objects with `mention_id`, `actors`, `actor_labels`,
    `keywords` and optionally `actor_roles`."""
    mentions = sorted(mentions, key=lambda m: m.mention_id)
    resolution = EntityResolution(mention_surfaces(mentions), user_aliases)
    mention_entities, counts = resolution.apply(mentions)
    return resolution.entities(counts), mention_entities, resolution.aliases()
