"""Sources to documents: read files, find each article's publication date, reject bad input.

Inputs: .txt and .md files (optional front matter between `---` lines), .jsonl dumps (one article
a line: `id`, `text`, `published_at`, optional `title`, `url`), .html/.htm pages (main text by
trafilatura, publication date by htmldate), RSS/Atom feeds (.rss, .atom, .xml files, or an
http(s) URL; one document per entry, dated by the entry), and manifests in the format of
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
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
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
    dct_source: str = "missing"  # manifest | jsonl | front_matter | html_meta | html_text | feed | missing
    dct_note: str | None = None  # why a given date was not usable, or where it came from
    content_end: int = 0  # text[:content_end] is the article; the rest is dropped boilerplate
    dropped: str | None = None  # what was dropped, e.g. 'footer from "Related Articles" (1,234 chars)'
    blanked: list[tuple[int, int]] = field(default_factory=list)  # boilerplate spans inside the article
    status: str = "ok"  # ok | rejected
    error: str | None = None
    content_hash: str = ""
    meta: dict = field(default_factory=dict)

    @property
    def content(self) -> str:
        """The text that is extracted: the article without its footer, boilerplate lines blanked
        out with spaces (so that offsets into it are offsets into `text`)."""
        content = self.text[: self.content_end]
        for start, end in self.blanked:
            if start < len(content):
                end = min(end, len(content))
                content = content[:start] + re.sub(r"[^\n]", " ", content[start:end]) + content[end:]
        return content


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

def _wildcard(body: str) -> str:
    return re.escape(body[:-1]) + ".*" if body.endswith("*") else re.escape(body)


def _load_boilerplate_rules() -> tuple[list[re.Pattern], list[re.Pattern], list[re.Pattern]]:
    """(footer markers, lines dropped anywhere, block markers) from rules/boilerplate.txt."""
    footers, lines, blocks = [], [], []
    for line in (RULES_DIR / "boilerplate.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("line-re:"):
            target, body = lines, line[len("line-re:"):].strip()
        elif line.startswith("line:"):
            target, body = lines, _wildcard(line[len("line:"):].strip())
        elif line.startswith("block:"):
            target, body = blocks, _wildcard(line[len("block:"):].strip())
        else:
            target, body = footers, _wildcard(line)
        target.append(re.compile(rf"^[ \t]*(?:{body})[ \t]*$", re.IGNORECASE | re.MULTILINE))
    return footers, lines, blocks


FOOTER_MARKERS, LINE_PATTERNS, BLOCK_MARKERS = _load_boilerplate_rules()


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


_PROSE_END = re.compile(r"[.!?:;\"\u201d\u2019)]\s*$")


def _is_link_line(line: str) -> bool:
    """A headline or link in a list of related articles: short, not a sentence."""
    s = line.strip()
    return 0 < len(s) <= 140 and not _PROSE_END.search(s)


def find_boilerplate_lines(text: str, end: int) -> list[tuple[int, int, str]]:
    """Boilerplate inside text[:end]: rating, menu and share lines anywhere, and "Related
    Stories"/"RECOMMEND" blocks (the marker and the headline lines after it). (start, end, line)."""
    spans = []
    for pat in LINE_PATTERNS:
        spans += [(m.start(), m.end(), m.group().strip()) for m in pat.finditer(text, 0, end)]
    for pat in BLOCK_MARKERS:
        for m in pat.finditer(text, 0, end):
            stop, pos = m.end(), m.end()
            while pos < end:
                nl = text.find("\n", pos + 1)
                nl = end if nl < 0 or nl > end else nl
                line = text[pos:nl]
                if line.strip() and not _is_link_line(line):
                    break
                if line.strip():
                    stop = nl
                pos = nl
            spans.append((m.start(), stop, m.group().strip()))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, what in spans:
        if merged and s <= merged[-1][1]:
            ps, pe, pw = merged[-1]
            merged[-1] = (ps, max(pe, e), pw)
        else:
            merged.append((s, e, what))
    return merged


def _describe_lines(spans) -> str:
    names = [f'"{w[:40]}"' for _, _, w in spans[:3]] + (["..."] if len(spans) > 3 else [])
    chars = sum(e - s for s, e, _ in spans)
    return f"{len(spans)} boilerplate line(s) or block(s) inside the text ({', '.join(names)}; {chars:,} chars)"


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


_EN_WORDS = frozenset("""the of and to in a is that for on was with as by at it from be has have had
said are were will not an this which he she they his her their its but or after who been would""".split())


def language_problem(text: str) -> str | None:
    """Why `text` is not English prose (the extractors read English only), or None."""
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) >= 100:
        latin = sum(1 for c in letters if c < "\u0250")
        if latin / len(letters) < 0.5:
            return (f"not English: {1 - latin / len(letters):.0%} of the letters are not Latin script "
                    "(the extractors read English only)")
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) >= 30:
        share = sum(1 for w in words if w in _EN_WORDS) / len(words)
        if share < 0.04:
            return (f"not English: {share:.0%} of {len(words):,} words are common English words "
                    "(the extractors read English only)")
    return None


def finish(doc: Document, dropped_before: str | None = None) -> Document:
    """Find the boilerplate, check the language, and hash the text."""
    problem = language_problem(doc.text)
    if problem:
        return rejected(doc.doc_id, doc.source, problem)
    doc.content_end, footer = find_footer(doc.text)
    spans = find_boilerplate_lines(doc.text, doc.content_end)
    doc.blanked = [(s, e) for s, e, _ in spans]
    parts = [dropped_before, footer, _describe_lines(spans) if spans else None]
    doc.dropped = "; ".join(p for p in parts if p) or None
    # Everything stored from the input: a corrected publication date or title is loaded again.
    stated = "\x1f".join([doc.text, str(doc.published_at or ""), doc.title or "", doc.url or ""])
    doc.content_hash = hashlib.sha256(stated.encode("utf-8")).hexdigest()[:32]
    if doc.published_at is None:  # no date in the metadata: the text's own dateline, if it has one
        from extractors.temporal.dct import infer_dct
        inferred = infer_dct(doc.content)
        if inferred:
            note = f"inferred from {inferred[1]}"
            doc.published_at, doc.dct_source = inferred[0], "inferred"
            doc.dct_note = f"{doc.dct_note}; {note}" if doc.dct_note else note
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
    _apply_manifest(doc, path, manifest)
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


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or ValueError: too large (not even read), empty, binary."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ValueError(f"too large: {size:,} bytes (limit {max_bytes:,}; raise it with --max-bytes)")
    data = path.read_bytes()
    if not data:
        raise ValueError("empty file (0 bytes)")
    if NUL in data:
        raise ValueError(f"binary content: NUL byte at offset {data.index(NUL)}")
    return data


def _apply_manifest(doc: Document, path: Path, manifest: Manifest | None) -> None:
    rec = manifest.lookup(path, doc.doc_id) if manifest else None
    if rec:
        doc.doc_id = str(rec.get("doc_id") or doc.doc_id)
        doc.title = rec.get("title") or doc.title
        doc.url = rec.get("url") or doc.url
        if rec.get("published_at"):
            _set_dct(doc, rec["published_at"], "manifest")


def html_article(html: str) -> tuple[str, str | None, str | None, str, str | None]:
    """A web page to (article text, title, url, what was dropped, publication date or None).
    The main text comes from trafilatura (navigation, ads, related links and footers dropped),
    the date from htmldate looking at the page's metadata only (meta tags, JSON-LD, <time>).
    Raises ValueError when the page holds no article text."""
    import htmldate
    import trafilatura
    from lxml import etree

    try:
        result = trafilatura.bare_extraction(html, favor_precision=True, include_comments=False,
                                             include_tables=False, with_metadata=True)
    except (etree.LxmlError, ValueError, TypeError) as e:
        raise ValueError(f"HTML could not be parsed: {e}") from None
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if len(text.split()) < 5:
        raise ValueError(f"no article text found in the HTML page (main text: {text[:40]!r})")
    try:
        page_text = trafilatura.html2txt(html) or ""
    except Exception:  # only used to say how much was dropped
        page_text = ""
    dropped = max(0, len(page_text) - len(text))
    what = (f"page boilerplate dropped by trafilatura (navigation, ads, related links, footer): "
            f"{dropped:,} chars of page text")
    try:
        published = htmldate.find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate on a broken page: no date rather than no article
        published = None
    return text + "\n", getattr(result, "title", None), getattr(result, "url", None), what, published


def read_html_file(path: Path, manifest: Manifest | None, max_bytes: int) -> Document:
    doc_id = path.stem
    try:
        html = decode_text(_read_bytes(path, max_bytes), max_bytes)
        text, title, url, what, published = html_article(html)
        text = check_text(text)
    except (ValueError, OSError) as e:
        return rejected(doc_id, str(path), str(e))
    doc = Document(doc_id=doc_id, source=str(path), text=text, title=title, url=url)
    if published:
        _set_dct(doc, published, "html_meta")
    else:
        doc.dct_note = "html: no publication date in the page's metadata"
    _apply_manifest(doc, path, manifest)
    return finish(doc, what)


_BLOCK_TAGS = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>", re.IGNORECASE)


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content or summary), paragraphs kept."""
    import html as html_lib
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    marked = _BLOCK_TAGS.sub("\n\n", fragment)
    try:
        from lxml import html as lxml_html
        text = lxml_html.fragment_fromstring(marked, create_parent="div").text_content()
    except Exception:  # lxml gave up on it: strip the tags by hand
        text = html_lib.unescape(re.sub(r"<[^>]*>", " ", marked))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def is_url(p) -> bool:
    return isinstance(p, str) and re.match(r"https?://", p, re.IGNORECASE) is not None


def read_feed(src: str | Path, manifest: Manifest | None, max_bytes: int) -> Iterator[Document]:
    """An RSS or Atom feed (a file, or an http(s) URL): one document per entry, dated by the
    entry's published (or updated) date. A feed that cannot be read is one rejection; an entry
    without text is rejected on its own."""
    import feedparser

    name = str(src)
    stem = (Path(src).stem if not is_url(src) else re.sub(r"\W+", "_", name.split("://", 1)[1]).strip("_")) or "feed"
    try:
        if is_url(src):
            parsed = feedparser.parse(name, agent="timeline (+feed reader)")
            status = parsed.get("status")
            if status and status >= 400:
                raise ValueError(f"feed URL answered HTTP {status}")
        else:
            data = _read_bytes(Path(src), max_bytes)
            parsed = feedparser.parse(data)
        entries = parsed.get("entries") or []
        if not entries:
            why = parsed.get("bozo_exception")
            raise ValueError(f"not a readable RSS/Atom feed: {why}" if why else "feed has no entries")
    except (ValueError, OSError) as e:
        yield rejected(stem, name, str(e))
        return
    bozo = parsed.get("bozo_exception")
    for n, entry in enumerate(entries, 1):
        link = entry.get("link")
        key = entry.get("id") or link or f"{stem}:{n}"
        source = f"{name}#{n}"
        try:
            bodies = [c.get("value", "") for c in entry.get("content") or []] or [entry.get("summary") or ""]
            text = html_fragment_text(max(bodies, key=len))
            title = html_fragment_text(entry.get("title") or "") or None
            if len(text.encode("utf-8")) > max_bytes:
                raise ValueError(f"entry too large: {len(text.encode('utf-8')):,} bytes (limit {max_bytes:,})")
            if not text and title:
                text = title
            text = check_text(text + "\n")
        except ValueError as e:
            yield rejected(str(key), source, f"feed entry {n}: {e}")
            continue
        doc = Document(doc_id=str(key), source=source, text=text, title=title, url=link)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            doc.published_at, doc.dct_source = date(*stamp[:3]), "feed"
        else:
            doc.dct_note = "feed entry without a published or updated date"
        if bozo:
            doc.dct_note = ((doc.dct_note + "; ") if doc.dct_note else "") + f"feed not well-formed: {bozo}"
        mrec = manifest.by_id.get(doc.doc_id) if manifest else None
        if mrec and mrec.get("published_at"):
            _set_dct(doc, mrec["published_at"], "manifest")
        yield finish(doc)


def discover(paths: Iterable[str | Path], manifest_path: str | Path | None = None
             ) -> tuple[list[Path | str], Manifest, list[Document]]:
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
    for p in paths:
        if is_url(p):  # a feed URL
            files.append(str(p))
            continue
        p = Path(p)
        if p.is_dir():
            inner = p / MANIFEST_NAME
            if inner.is_file() and inner.resolve() not in skip:
                manifest.add(inner)
                skip.add(inner.resolve())
            found = sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUFFIXES)
            files += [x for x in found if x.resolve() not in skip and x.name != MANIFEST_NAME]
        elif p.is_file():
            if p.suffix.lower() in SUFFIXES:
                if p.resolve() not in skip:
                    files.append(p)
            else:
                bad.append(rejected(p.stem, str(p), f"unsupported file type {p.suffix or '(none)'!r}: "
                                                    "expected .txt, .md, .jsonl, .html, "
                                                    "or an .rss/.atom/.xml feed"))
        else:
            bad.append(rejected(p.stem or str(p), str(p), "no such file or directory"))
    return files, manifest, bad


def read_any(path: Path | str, manifest: Manifest | None, max_bytes: int) -> Iterable[Document]:
    """The documents of one input file or feed URL."""
    if is_url(path):
        return read_feed(path, manifest, max_bytes)
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return read_jsonl_file(path, manifest, max_bytes)
    if suffix in FEED_SUFFIXES:
        return read_feed(path, manifest, max_bytes)
    if suffix in HTML_SUFFIXES:
        return [read_html_file(path, manifest, max_bytes)]
    return [read_text_file(path, manifest, max_bytes)]


def read_documents(paths: Iterable[str | Path], manifest_path: str | Path | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """Every document under `paths`, good or rejected, each doc_id once (later duplicates rejected)."""
    files, manifest, bad = discover(paths, manifest_path)
    yield from bad
    seen: dict[str, str] = {}
    for path in files:
        docs = read_any(path, manifest, max_bytes)
        for doc in docs:
            if doc.status == "ok" and doc.doc_id in seen:
                doc = rejected(f"{doc.doc_id}@{doc.source}", doc.source,
                               f"duplicate document id {doc.doc_id!r} (already read from {seen[doc.doc_id]})")
            elif doc.status == "ok":
                seen[doc.doc_id] = doc.source
            yield doc
