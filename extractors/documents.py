"""Sources to documents: read files, find each article's publication date, reject bad input.

Inputs: .txt and .md files (optional front matter between `---` lines), .jsonl dumps (one article
a line: `id`, `text`, `published_at`, optional `title`, `url`), and manifests in the format of
`examples/seeds/manifest.jsonl` (`doc_id`, `path`, `title`, `published_at`). A `manifest.jsonl`
inside a folder given as input is used as that folder's manifest.

Nothing here raises on bad input: a broken article becomes a Document with status "rejected" and a
specific reason, so that the rest of the batch still loads.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
MANIFEST_NAME = "manifest.jsonl"
DEFAULT_MAX_BYTES = 1_000_000  # one article; a 50 MB "article" is a mistake, not news
RULES_DIR = Path(__file__).parent / "rules"
NUL = b"\x00"


@dataclass
class Document:
    doc_id: str
    source: str  # file path, or path:line for JSONL
    text: str = ""
    title: str | None = None
    url: str | None = None
    published_at: date | None = None
    dct_source: str = "missing"  # manifest | jsonl | front_matter | missing
    dct_note: str | None = None  # why a given date was not usable, or where it came from
    content_end: int = 0  # text[:content_end] is the article; the rest is dropped boilerplate
    dropped: str | None = None  # what was dropped, e.g. 'footer from "Related Articles" (1,234 chars)'
    status: str = "ok"  # ok | rejected
    error: str | None = None
    content_hash: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def content(self) -> str:
        return self.text[: self.content_end]


def rejected(doc_id: str, source: str, reason: str) -> Document:
    return Document(doc_id=doc_id, source=source, status="rejected", error=reason)


# ---------------------------------------------------------------- publication dates

def parse_published_at(value) -> date | None:
    """An ISO date or datetime string (or date) to a date; None when absent. Raises ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10]) if len(s) >= 10 else date.fromisoformat(s)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"published_at {s!r} is not an ISO date (YYYY-MM-DD)") from None


def _set_dct(doc: Document, value, source: str) -> None:
    try:
        d = parse_published_at(value)
    except ValueError as e:
        doc.published_at, doc.dct_source, doc.dct_note = None, "missing", f"{source}: {e}"
        return
    if d is not None:
        doc.published_at, doc.dct_source = d, source


@dataclass
class Manifest:
    """Publication dates and titles keyed by path (relative to the manifest) and by doc_id."""

    by_path: dict[Path, dict] = field(default_factory=dict)
    by_id: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> "Manifest":
        m = cls()
        m.add(path)
        return m

    def add(self, path: Path) -> None:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: manifest line is not JSON ({e.msg})") from None
                if not isinstance(rec, dict) or not (rec.get("path") or rec.get("doc_id")):
                    raise ValueError(f"{path}:{n}: manifest line needs 'path' or 'doc_id'")
                if rec.get("path"):
                    self.by_path[(path.parent / rec["path"]).resolve()] = rec
                if rec.get("doc_id"):
                    self.by_id[str(rec["doc_id"])] = rec

    def lookup(self, file: Path, doc_id: str) -> dict | None:
        return self.by_path.get(file.resolve()) or self.by_id.get(doc_id)


# ---------------------------------------------------------------- boilerplate

def _load_footer_markers() -> list[re.Pattern]:
    pats = []
    for line in (RULES_DIR / "boilerplate.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        body = re.escape(line[:-1]) + ".*" if line.endswith("*") else re.escape(line)
        pats.append(re.compile(rf"^[ \t]*{body}[ \t]*$", re.IGNORECASE | re.MULTILINE))
    return pats


FOOTER_MARKERS = _load_footer_markers()


def find_footer(text: str) -> tuple[int, str | None]:
    """Where the article ends: the first footer marker line after the first third of the text."""
    floor = len(text) // 3
    best: tuple[int, str] | None = None
    for pat in FOOTER_MARKERS:
        for m in pat.finditer(text, floor):
            if best is None or m.start() < best[0]:
                best = (m.start(), m.group().strip())
            break
    if best is None:
        return len(text.rstrip()), None
    end = len(text[: best[0]].rstrip())
    return end, f'footer from "{best[1]}" ({len(text) - end:,} chars)'


# ---------------------------------------------------------------- decoding and checks

def decode_text(data: bytes, max_bytes: int) -> str:
    """Bytes to article text, or ValueError with the specific reason the bytes are unusable."""
    if len(data) == 0:
        raise ValueError("empty file (0 bytes)")
    if len(data) > max_bytes:
        raise ValueError(f"too large: {len(data):,} bytes (limit {max_bytes:,}; raise it with --max-bytes)")
    if NUL in data:
        raise ValueError(f"binary content: NUL byte at offset {data.index(NUL)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"invalid UTF-8 at byte {e.start}: {data[e.start:e.start + 4]!r}") from None
    return check_text(text)


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def check_text(text: str) -> str:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValueError("no text (only whitespace)")
    if "\x00" in text:
        raise ValueError("binary content: NUL character in text")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise ValueError(f"binary content: {controls:,} control characters")
    return text


def split_front_matter(text: str) -> tuple[dict, str]:
    """`---` front matter with `key: value` lines; returns (fields, body)."""
    m = re.match(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.DOTALL)
    if not m:
        return {}, text
    fields = {}
    for line in m.group(1).splitlines():
        if ":" in line and not line.lstrip().startswith("#"):
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.strip().strip("'\"")
    return fields, text[m.end():]


def finish(doc: Document) -> Document:
    doc.content_end, doc.dropped = find_footer(doc.text)
    doc.content_hash = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()[:32]
    return doc


# ---------------------------------------------------------------- readers

def read_text_file(path: Path, manifest: Manifest | None, max_bytes: int) -> Document:
    doc_id = path.stem
    try:
        size = path.stat().st_size
        if size > max_bytes:  # do not even read it
            raise ValueError(f"too large: {size:,} bytes (limit {max_bytes:,}; raise it with --max-bytes)")
        text = decode_text(path.read_bytes(), max_bytes)
        fields, body = split_front_matter(text)
        if fields and not body.strip():
            raise ValueError("no text after the front matter")
    except (ValueError, OSError) as e:
        return rejected(doc_id, str(path), str(e))
    doc = Document(doc_id=doc_id, source=str(path), text=body)
    if fields:
        doc.doc_id = fields.get("id") or doc_id
        doc.title, doc.url = fields.get("title"), fields.get("url")
        _set_dct(doc, fields.get("published_at") or fields.get("date"), "front_matter")
    rec = manifest.lookup(path, doc.doc_id) if manifest else None
    if rec:
        doc.doc_id = str(rec.get("doc_id") or doc.doc_id)
        doc.title = rec.get("title") or doc.title
        doc.url = rec.get("url") or doc.url
        if rec.get("published_at"):
            _set_dct(doc, rec["published_at"], "manifest")
    return finish(doc)


def read_jsonl_file(path: Path, manifest: Manifest | None, max_bytes: int) -> Iterator[Document]:
    try:
        f = open(path, "rb")
    except OSError as e:
        yield rejected(path.stem, str(path), str(e))
        return
    with f:
        for n, raw in enumerate(f, 1):
            source, fallback_id = f"{path}:{n}", f"{path.stem}:{n}"
            if not raw.strip():
                continue
            rec = None
            try:
                if len(raw) > max_bytes:
                    raise ValueError(f"line too large: {len(raw):,} bytes (limit {max_bytes:,})")
                try:
                    rec = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as e:
                    raise ValueError(f"invalid UTF-8 at byte {e.start} of the line") from None
                except json.JSONDecodeError as e:
                    raise ValueError(f"not valid JSON: {e.msg} at column {e.colno}") from None
                if not isinstance(rec, dict):
                    raise ValueError(f"not a JSON object but {type(rec).__name__}")
                if not isinstance(rec.get("text"), str):
                    raise ValueError("missing text: field 'text' is absent or not a string")
                text = check_text(rec["text"])
            except ValueError as e:
                rid = rec.get("id") if isinstance(rec, dict) and rec.get("id") else fallback_id
                yield rejected(str(rid), source, f"line {n}: {e}")
                continue
            doc = Document(doc_id=str(rec.get("id") or fallback_id), source=source, text=text,
                           title=rec.get("title"), url=rec.get("url"))
            _set_dct(doc, rec.get("published_at"), "jsonl")
            mrec = manifest.by_id.get(doc.doc_id) if manifest else None
            if mrec and mrec.get("published_at"):
                _set_dct(doc, mrec["published_at"], "manifest")
            yield finish(doc)


def discover(paths: Iterable[str | Path], manifest_path: str | Path | None = None
             ) -> tuple[list[Path], Manifest, list[Document]]:
    """Expand inputs into files, collect manifests; unusable inputs come back as rejections."""
    manifest = Manifest()
    skip = set()
    if manifest_path:
        mp = Path(manifest_path)
        if not mp.is_file():
            raise FileNotFoundError(f"manifest not found: {mp}")
        manifest.add(mp)
        skip.add(mp.resolve())
    files, bad = [], []
    for p in map(Path, paths):
        if p.is_dir():
            inner = p / MANIFEST_NAME
            if inner.is_file() and inner.resolve() not in skip:
                manifest.add(inner)
                skip.add(inner.resolve())
            found = sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES)
            files += [x for x in found if x.resolve() not in skip and x.name != MANIFEST_NAME]
        elif p.is_file():
            if p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                if p.resolve() not in skip:
                    files.append(p)
            else:
                bad.append(rejected(p.stem, str(p), f"unsupported file type {p.suffix or '(none)'!r}: "
                                                    "expected .txt, .md or .jsonl"))
        else:
            bad.append(rejected(p.stem or str(p), str(p), "no such file or directory"))
    return files, manifest, bad


def read_documents(paths: Iterable[str | Path], manifest_path: str | Path | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """Every document under `paths`, good or rejected, each doc_id once (later duplicates rejected)."""
    files, manifest, bad = discover(paths, manifest_path)
    yield from bad
    seen: dict[str, str] = {}
    for path in files:
        docs = (read_jsonl_file(path, manifest, max_bytes) if path.suffix.lower() in JSONL_SUFFIXES
                else [read_text_file(path, manifest, max_bytes)])
        for doc in docs:
            if doc.status == "ok" and doc.doc_id in seen:
                doc = rejected(f"{doc.doc_id}@{doc.source}", doc.source,
                               f"duplicate document id {doc.doc_id!r} (already read from {seen[doc.doc_id]})")
            elif doc.status == "ok":
                seen[doc.doc_id] = doc.source
            yield doc
