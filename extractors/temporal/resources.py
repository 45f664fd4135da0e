"""Load the tagger's language knowledge from the data files in ``rules/``.

The engine knows no English: month names, number words, part-of-period words, the rules and their
examples all live in TOML files beside this module (see ``rules/rules_date.toml`` for the rule
format). This module turns them into compiled regexes and lookup tables, once, at import.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent / "rules"

_FRAG_REF = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_GROUP_REF = re.compile(r"<([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)>")
_WS = re.compile(r"[\s\-]+")


def norm_key(s: str) -> str:
    """The form a word is looked up under: lower-case, no trailing dot, single spaces."""
    s = _WS.sub(" ", s.strip().lower().replace("’", "'"))
    return s.rstrip(".").strip()


@dataclass
class Rule:
    id: str
    order: int
    pattern: str  # the pattern as written, with fragment names
    regex: re.Pattern
    norm: dict[str, Any]
    type: str = "DATE"
    mod: str | None = None
    reject_before: re.Pattern | None = None
    reject_after: re.Pattern | None = None
    trigger: tuple[str, ...] = ()
    examples: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""


@dataclass
class Resources:
    tables: dict[str, dict[str, Any]]
    fragments: dict[str, str]
    rules: list[Rule]
    cues: dict[str, Any]
    trigger_words: dict[str, frozenset[str]] = field(default_factory=dict)  # word -> classes
    trigger_regexes: list[tuple[str, re.Pattern]] = field(default_factory=list)


def _table_alternation(table: dict[str, Any]) -> str:
    parts = []
    for key in sorted(table, key=lambda k: (-len(k), k)):
        # a space in a key matches any run of spaces, a hyphen a hyphen or a space
        esc = r"\s+".join("[- ]".join(re.escape(p) for p in w.split("-")) for w in key.split())
        parts.append(f"(?-i:{esc})" if key != key.lower() else esc)
    return "|".join(parts)


def _expand(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        raise ValueError(f"fragment nesting too deep in {pattern!r}")

    def frag(name: str) -> str:
        if name not in fragments:
            raise KeyError(f"unknown fragment {{{name}}}")
        return _expand(fragments[name], fragments, depth + 1)

    pattern = _GROUP_REF.sub(lambda m: f"(?P<{m.group(1)}>{frag(m.group(2))})", pattern)
    return _FRAG_REF.sub(lambda m: f"(?:{frag(m.group(1))})", pattern)


def load(rules_dir: Path = RULES_DIR) -> Resources:
    raw_tables = tomllib.loads((rules_dir / "tables.toml").read_text("utf-8"))
    tables = {name: {norm_key(k): v for k, v in t.items()} for name, t in raw_tables.items()}

    frag_file = tomllib.loads((rules_dir / "fragments.toml").read_text("utf-8"))
    frag_src = frag_file["fragment"]
    fragments: dict[str, str] = {}
    for name, spec in frag_src.items():
        if isinstance(spec, dict):
            fragments[name] = _table_alternation(raw_tables[spec["table"]])
        else:
            fragments[name] = spec

    rules: list[Rule] = []
    for path in sorted(rules_dir.glob("rules_*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        file_dct = data.get("meta", {}).get("dct")
        for r in data.get("rule", []):
            expanded = _expand(r["pattern"], fragments)
            try:
                regex = re.compile(rf"(?<![\w])(?:{expanded})(?![\w])", re.IGNORECASE)
            except re.error as e:  # pragma: no cover - a data error, reported with the rule id
                raise ValueError(f"rule {r['id']} in {path.name}: {e}") from e
            rb = r.get("reject_before")
            ra = r.get("reject_after")
            examples = [dict(ex, dct=ex.get("dct", file_dct)) for ex in r.get("examples", [])]
            rules.append(Rule(
                id=r["id"], order=len(rules), pattern=r["pattern"], regex=regex, norm=r["norm"],
                type=r.get("type", "DATE"), mod=r.get("mod"),
                # \Z, not $: "$" also matches before a final newline, so the text before
                # "Five years" in "April 9, 2008\n\nFive years" looked like "2008 Five years"
                reject_before=re.compile(rf"(?:{_expand(rb, fragments)})\Z", re.I) if rb else None,
                reject_after=re.compile(rf"(?:{_expand(ra, fragments)})", re.I) if ra else None,  # used with .match(text, end)
                trigger=tuple(r.get("trigger", ())), examples=examples, source=path.name,
            ))
    ids = [r.id for r in rules]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate rule ids: {sorted(dup)}")
    words: dict[str, set[str]] = {}
    regexes: list[tuple[str, re.Pattern]] = []
    for cls, spec in frag_file.get("trigger", {}).items():
        vocab = set(w.lower() for w in spec.get("words", []))
        if "table" in spec:
            vocab |= {re.split(r"[\s-]+", norm_key(k))[-1] for k in raw_tables[spec["table"]]}
        for w in vocab:
            words.setdefault(w, set()).add(cls)
        if "regex" in spec:
            regexes.append((cls, re.compile(rf"(?:{spec['regex']})", re.I)))
    known = set(frag_file.get("trigger", {}))
    for r in rules:
        bad = set(r.trigger) - known
        if bad:
            raise ValueError(f"rule {r.id}: unknown trigger class {sorted(bad)}")
    cues = tomllib.loads((rules_dir / "tense.toml").read_text("utf-8"))
    return Resources(tables=tables, fragments=fragments, rules=rules, cues=cues,
                     trigger_words={w: frozenset(c) for w, c in words.items()}, trigger_regexes=regexes)
