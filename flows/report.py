"""`timeline report`: the timeline as one self-contained HTML file, and dates written for people.

The page has no network access at all (a Content-Security-Policy of `default-src 'none'`, with only
the page's own script allowed by its hash), inline CSS and JS, and the data embedded as JSON in a
`<script type="application/json">` block with `<`, `>` and `&` escaped. The script builds the page
with textContent and DOM nodes only, so the text of an article is never parsed as HTML.

Headless Chromium (`chromium`, found on PATH or in $TIMELINE_CHROMIUM) renders the file for the
screenshot option and for the tests.
"""
from __future__ import annotations

import base64
import calendar
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from html import escape
from pathlib import Path

from flows.exports import MENTIONS_SQL, TIMELINE_SQL, Filters, fetch

# ---------------------------------------------------------------- dates for people

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
MOD_WORDS = {"START": "early", "MID": "mid", "END": "late", "APPROX": "about", "BEFORE": "before",
             "AFTER": "after", "ON_OR_BEFORE": "on or before", "ON_OR_AFTER": "on or after",
             "LESS_THAN": "less than", "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most",
             "EQUAL_OR_MORE": "at least"}
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter", "DE": "decade", "CE": "century",
         "H": "hour", "TM": "minute", "S": "second"}
REFS = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _point(v: str) -> str:
    if v in REFS:
        return REFS[v]
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}).*)?", v):
        s = f"{int(m[3])} {MONTHS[int(m[2]) - 1]} {m[1]}"
        return s + (f" {m[4]}:{m[5]}" if m[4] else "")
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
        return f"week {int(m[2])}, {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
        return f"{MONTHS[int(m[2]) - 1]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-Q(\d)", v):
        return f"Q{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-H(\d)", v):
        return f"H{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v):
        return f"{SEASONS[m[2]]} {m[1]}"
    if re.fullmatch(r"\d{4}", v):
        return v
    if re.fullmatch(r"\d{3}", v):
        return f"{v}0s"
    if re.fullmatch(r"\d{2}", v):
        return f"{_ordinal(int(v) + 1)} century"
    if m := re.fullmatch(r"XXXX-(\d{2})", v):
        return f"{MONTHS[int(m[1]) - 1]} (year unknown)"
    if "X" in v:
        return f"{v} (unresolved)"
    return v


def _duration(v: str) -> str | None:
    m = re.fullmatch(r"P(?:(\d+|X)Y)?(?:(\d+|X)M)?(?:(\d+|X)W)?(?:(\d+|X)D)?(?:T(?:(\d+|X)H)?(?:(\d+|X)M)?(?:(\d+|X)S)?)?", v)
    if not m or v in ("P", "PT"):
        m2 = re.fullmatch(r"P(\d+|X)(DE|CE|Q)", v)
        if not m2:
            return None
        parts = [(m2[1], UNITS[m2[2]])]
    else:
        parts = [(n, unit) for n, unit in zip(m.groups(), ("year", "month", "week", "day", "hour", "minute", "second"))
                 if n is not None]
    words = []
    for n, unit in parts:
        if n == "X":
            words.append(unit + "s")
        else:
            words.append(f"{int(n)} {unit}{'' if int(n) == 1 else 's'}")
    return " ".join(words)


def _interval(a: str, b: str) -> str:
    da = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", a)
    db = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", b)
    if da and db:
        if da[1] == db[1] and da[2] == db[2]:
            return f"{int(da[3])}-{int(db[3])} {MONTHS[int(da[2]) - 1]} {da[1]}"
        if da[1] == db[1]:
            return f"{int(da[3])} {MONTHS[int(da[2]) - 1]} - {int(db[3])} {MONTHS[int(db[2]) - 1]} {db[1]}"
    ma = re.fullmatch(r"(\d{4})-(\d{2})", a)
    mb = re.fullmatch(r"(\d{4})-(\d{2})", b)
    if ma and mb and ma[1] == mb[1]:
        return f"{MONTHS[int(ma[2]) - 1]}-{MONTHS[int(mb[2]) - 1]} {ma[1]}"
    if re.fullmatch(r"\d{4}", a) and re.fullmatch(r"\d{4}", b):
        return f"{a}-{b}"
    return f"{_point(a)} - {_point(b)}"


def human_date(value: str | None, mod: str | None = None) -> str:
    """A TIMEX3 value at its own precision: '16-18 Apr 2025', 'Jun 2025', 'week 18, 2025',
    'Mar 2025 (late)', '90 days', '20th century (early)'."""
    if not value:
        return "undated"
    if value in REFS:
        text = REFS[value]
    elif value.startswith("P"):
        text = _duration(value) or value
    elif "/" in value:
        a, _, b = value.partition("/")
        text = _interval(a, b)
    else:
        text = _point(value)
    if mod:
        text += f" ({MOD_WORDS.get(mod, mod.lower().replace('_', ' '))})"
    return text


# ---------------------------------------------------------------- the data of the page

def _iso(d) -> str | None:
    return d.isoformat() if isinstance(d, (date, datetime)) else d


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"https?://", url.strip(), re.I) else None


def report_data(con, filters: Filters, db_name: str = "") -> dict:
    events = fetch(con, TIMELINE_SQL, filters).to_pylist()
    mentions = fetch(con, MENTIONS_SQL, filters).to_pylist()
    sources: dict[str, list] = {}
    for m in mentions:
        sources.setdefault(m["event_id"], []).append(dict(
            doc_id=m["doc_id"], title=m["title"], url=_safe_url(m["url"]), published=_iso(m["published_at"]),
            date=m["mention_date"], date_label=human_date(m["mention_date"]), status=m["status"],
            trigger=m["trigger"], quote=m["quote"], sentence=m["sentence"], reason=m["merge_reason"]))
    rows = []
    for e in events:
        rows.append(dict(
            position=e["position"], id=e["event_id"], date=e["date"],
            label=human_date(e["date"], e["mod"]) + (" *" if e.get("date_source") in ("lead", "publication") else ""),
            precision=e["precision"], mod=e["mod"], begin=_iso(e["begin_date"]), end=_iso(e["end_date"]),
            status=e["status"], event=e["event"], actors=list(e["actors"] or []), sources=e["sources"],
            mentions=e["mentions"], conflict=bool(e["conflict"]), alt=list(e["alt_values"] or []),
            alt_labels=[human_date(v) for v in (e["alt_values"] or [])],
            quotes=sources.get(e["event_id"], [])))
    docs = {}
    for m in mentions:
        docs.setdefault(m["doc_id"], dict(doc_id=m["doc_id"], title=m["title"], published=_iso(m["published_at"])))
    return dict(generated=datetime.now().strftime("%Y-%m-%d %H:%M"), db=db_name, filters=filters.describe(),
                range=dict(**{"from": _iso(filters.date_from), "to": _iso(filters.date_to)}),
                events=rows, documents=sorted(docs.values(), key=lambda d: (d["published"] or "9999", d["doc_id"])))


def embed_json(data) -> str:
    """JSON that cannot end its <script> element or start markup: <, >, & as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(data: dict, title: str = "Timeline") -> str:
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'")
    return (PAGE.replace("%%CSP%%", escape(csp, quote=True))
            .replace("%%TITLE%%", escape(title))
            .replace("%%STYLE%%", STYLE)
            .replace("%%DATA%%", embed_json(data))
            .replace("%%SCRIPT%%", SCRIPT))


def write_report(db: str, out: str | Path, filters: Filters | None = None, force: bool = False,
                 title: str = "Timeline") -> int:
    """Write the report; returns the number of events in it. Never half-writes `out`."""
    from flows.store import connect
    out = Path(out)
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists; use --force to overwrite it")
    con = connect(db, read_only=True, wait=10)
    try:
        data = report_data(con, filters or Filters(), Path(db).name)
    finally:
        con.close()
    tmp = out.with_name(out.name + ".partial")
    try:
        tmp.write_text(render_html(data, title), encoding="utf-8")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return len(data["events"])


# ---------------------------------------------------------------- headless Chromium

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--mute-audio")


def find_chromium() -> str | None:
    env = os.environ.get("TIMELINE_CHROMIUM")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


def run_chromium(page: str | Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    exe = find_chromium()
    if not exe:
        raise FileNotFoundError("headless Chromium not found: install it (Debian: apt-get install -y chromium) "
                                "or set TIMELINE_CHROMIUM to its path")
    with tempfile.TemporaryDirectory(prefix="timeline-chromium-") as profile:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, Path(page).resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def dump_dom(page: str | Path) -> str:
    """The DOM after the page's script ran."""
    done = run_chromium(page, "--dump-dom", "--virtual-time-budget=5000")
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"chromium --dump-dom failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def screenshot(page: str | Path, png: str | Path, width: int = 1400, height: int = 2000) -> Path:
    png = Path(png).resolve()
    done = run_chromium(page, f"--screenshot={png}", f"--window-size={width},{height}",
                        "--virtual-time-budget=5000")
    if not png.is_file():
        raise RuntimeError(f"chromium wrote no screenshot ({done.returncode}): {done.stderr[-2000:]}")
    return png


# ---------------------------------------------------------------- the page

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%%CSP%%">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%%TITLE%%</title>
<style>%%STYLE%%</style>
</head>
<body>
<header>
  <h1>%%TITLE%%</h1>
  <p id="summary"></p>
</header>
<section id="controls" aria-label="filters">
  <label>Entity <select id="f-entity"><option value="">any actor</option></select></label>
  <label>From <input type="date" id="f-from"></label>
  <label>To <input type="date" id="f-to"></label>
  <label>Text <input type="search" id="f-text" placeholder="words in the event or its sources"></label>
  <label>Status <select id="f-status"><option value="">any</option></select></label>
  <label class="check"><input type="checkbox" id="f-conflict"> conflicting dates only</label>
  <span class="axis-mode">Axis
    <button type="button" id="axis-focus" aria-pressed="true" title="the events within three months of the articles' publication dates">focus</button><button type="button" id="axis-all" aria-pressed="false">all dates</button>
  </span>
  <button type="button" id="f-reset">reset</button>
  <span id="count" aria-live="polite"></span>
</section>
<section id="legend" aria-label="legend"></section>
<main>
  <section id="dated">
    <h2>Dated events <small>each bar spans the days its date covers; click a row for its sources</small></h2>
    <div id="axis-row" class="row-grid axis-row"><div class="when"></div><div class="what"></div><div class="track" id="axis"></div></div>
    <p id="clip-note" hidden></p>
    <div id="rows-wrap"><div id="grid" aria-hidden="true"></div><ol id="events" class="rows"></ol></div>
  </section>
  <section id="undated">
    <h2>Undated events and durations <small>not placed on the axis: a duration ("90 days") or an unresolved date has no calendar position</small></h2>
    <ol id="undated-events" class="rows"></ol>
    <p id="undated-empty" hidden>none</p>
  </section>
</main>
<noscript><p>This page draws the timeline with JavaScript; its data is in the script element "timeline-data".</p></noscript>
<script type="application/json" id="timeline-data">%%DATA%%</script>
<script>%%SCRIPT%%</script>
</body>
</html>
"""

STYLE = r"""
:root { --when: 11.5rem; --what: minmax(16rem, 26rem); --line: #d9dde3; --ink: #1d2430; --muted: #5d6673;
  --occurred: #2b6cb0; --ongoing: #2c7a7b; --scheduled: #c05621; --planned: #6b46c1; --negated: #718096; --hypothetical: #975a16; --reported: #4a5568;
  --conflict: #c53030; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
  margin: 0; padding: 0 1.2rem 2rem; background: #fff; }
header h1 { margin: .8rem 0 .1rem; font-size: 1.5rem; }
#summary { margin: 0 0 .6rem; color: var(--muted); }
#controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem .6rem;
  background: #f4f6f8; border: 1px solid var(--line); border-radius: 6px; }
#controls label { display: inline-flex; gap: .35rem; align-items: center; color: var(--muted); }
#controls input, #controls select, #controls button { font: inherit; }
#controls input[type=search] { width: 16rem; }
#controls select { max-width: 16rem; }
.axis-mode button { border: 1px solid #a0aec0; background: #fff; padding: .1rem .5rem; cursor: pointer; }
.axis-mode button[aria-pressed=true] { background: #2d3748; color: #fff; border-color: #2d3748; }
#count { margin-left: auto; color: var(--muted); }
#legend { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; margin: .6rem 0; color: var(--muted); font-size: 12px; }
#legend .item { display: inline-flex; align-items: center; gap: .35rem; }
#legend .swatch { position: relative; display: inline-block; width: 2.2rem; height: .8rem; }
h2 { font-size: 1.1rem; margin: 1rem 0 .3rem; }
h2 small { font-weight: normal; color: var(--muted); font-size: .8rem; margin-left: .5rem; }
.row-grid, .rows summary { display: grid; grid-template-columns: var(--when) var(--what) 1fr; gap: .8rem; align-items: start; }
.axis-row { position: sticky; top: 0; z-index: 3; background: #fff; border-bottom: 1px solid #a0aec0; height: 2.6rem; }
#axis { position: relative; height: 100%; }
.tick { position: absolute; bottom: 0; transform: translateX(-50%); font-size: 11px; color: var(--muted);
  white-space: nowrap; padding-bottom: .9rem; }
.tick::after { content: ""; position: absolute; left: 50%; bottom: 0; height: .6rem; border-left: 1px solid #718096; }
.pub { position: absolute; bottom: 0; width: 0; height: 0; border-left: 4px solid transparent; border-right: 4px solid transparent;
  border-top: 6px solid #d69e2e; transform: translateX(-4px); }
#clip-note { margin: .3rem 0; font-size: 12px; color: var(--muted); }
#clip-note button { font: inherit; border: none; background: none; color: #2b6cb0; text-decoration: underline; cursor: pointer; padding: 0; }
#rows-wrap { position: relative; }
#grid { position: absolute; top: 0; bottom: 0; pointer-events: none; }
#grid .gridline { position: absolute; top: 0; bottom: 0; border-left: 1px dashed #e2e8f0; }
ol.rows { list-style: none; margin: 0; padding: 0; }
li.event { border-bottom: 1px solid #edf0f3; }
li.event.conflict { background: #fff5f5; box-shadow: inset 4px 0 0 var(--conflict); }
.rows summary { list-style: none; cursor: pointer; padding: .35rem 0; }
.rows summary::-webkit-details-marker { display: none; }
.rows summary:hover { background: #f7fafc; }
.when { padding-left: .5rem; }
.when .date { font-weight: 600; display: block; }
.chip { display: inline-block; font-size: 11px; padding: 0 .35rem; border-radius: 3px; background: #edf2f7; color: #4a5568;
  margin-right: .25rem; }
.chip.status-occurred { background: #ebf4ff; color: var(--occurred); }
.chip.status-ongoing { background: #e6fffa; color: var(--ongoing); }
.chip.status-scheduled { background: #fffaf0; color: var(--scheduled); }
.chip.status-planned { background: #faf5ff; color: var(--planned); }
.chip.status-hypothetical { background: #fffff0; color: var(--hypothetical); }
.chip.status-reported { background: #f7fafc; color: var(--reported); }
.chip.conflict { background: var(--conflict); color: #fff; }
.what .text { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.what .meta { color: var(--muted); font-size: 12px; }
.actor { display: inline-block; font-size: 11px; border: 1px solid #cbd5e0; border-radius: 9px; padding: 0 .4rem; margin: .1rem .2rem 0 0; }
.track { position: relative; min-height: 1.6rem; }
.bar { position: absolute; top: .35rem; height: .95rem; min-width: 4px; border-radius: 2px; background: var(--c, #2b6cb0); }
.bar.p-week { opacity: .85; }
.bar.p-month { opacity: .6; box-shadow: inset 0 0 0 2px var(--c); }
.bar.p-coarse, .bar.p-year { background: repeating-linear-gradient(135deg, var(--c) 0 3px, transparent 3px 7px); box-shadow: inset 0 0 0 1px var(--c); }
.bar.p-broad { background: repeating-linear-gradient(90deg, var(--c) 0 2px, transparent 2px 8px); opacity: .7; box-shadow: inset 0 0 0 1px var(--c); }
.bar.approx { border: 1px dashed var(--ink); }
.bar.conflict { outline: 2px solid var(--conflict); outline-offset: 1px; }
.bar.clip-left { border-top-left-radius: 0; border-bottom-left-radius: 0; }
.bar.clip-right { border-top-right-radius: 0; border-bottom-right-radius: 0; }
.clip { position: absolute; top: .15rem; font-size: 12px; color: var(--muted); white-space: nowrap; }
.clip.left { left: 0; transform: translateX(-110%); }
.clip.right { right: 0; transform: translateX(110%); }
.track .out { position: absolute; top: .25rem; font-size: 11px; color: var(--muted); white-space: nowrap; }
.sources { margin: .2rem 0 .8rem calc(var(--when) + .8rem); padding: .4rem .8rem; border-left: 3px solid #cbd5e0; background: #fafbfc; }
.sources .alts { color: var(--conflict); margin: 0 0 .4rem; }
.sources .alts.calm { color: var(--muted); }
.source { margin: .3rem 0 .7rem; }
.source .head { font-size: 12px; color: var(--muted); }
.source .head a, .source .head .doc { font-weight: 600; color: #2b6cb0; }
.source .head .differs { color: var(--conflict); font-weight: 600; }
.source blockquote { margin: .2rem 0; padding: 0 0 0 .6rem; border-left: 2px solid #e2e8f0; }
.source mark { background: #fefcbf; }
.source .why { font-size: 11px; color: var(--muted); }
li.event[hidden] { display: none; }
#undated .rows summary { grid-template-columns: var(--when) 1fr; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("timeline-data").textContent);
  const DAY = 86400000;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const PRECISION_CLASS = { time: "p-day", day: "p-day", week: "p-week", month: "p-month", quarter: "p-coarse",
    season: "p-coarse", half: "p-coarse", year: "p-year", decade: "p-broad", century: "p-broad" };
  const APPROX_MODS = new Set(["APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN"]);
  const STATUS_COLOR = { occurred: "var(--occurred)", ongoing: "var(--ongoing)", scheduled: "var(--scheduled)",
    planned: "var(--planned)", negated: "var(--negated)", hypothetical: "var(--hypothetical)",
    reported: "var(--reported)" };

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, String(v));
    }
    for (const c of children || []) {
      if (c === null || c === undefined) continue;
      node.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }
  const day = (iso) => (iso ? Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY : null);
  const plural = (n, w) => n + " " + w + (n === 1 ? "" : "s");

  const events = DATA.events.map((e) => Object.assign({}, e, {
    b: day(e.begin), e2: e.end ? day(e.end) + 1 : null,
    haystack: [e.event, e.label, e.date, e.status, e.actors.join(" "),
      e.quotes.map((q) => [q.quote, q.sentence, q.title || "", q.doc_id].join(" ")).join(" ")].join(" ").toLowerCase(),
  }));
  const dated = events.filter((e) => e.b !== null);
  const undated = events.filter((e) => e.b === null);

  // ---------------------------------------------------------------- header, legend, filter options
  const docs = DATA.documents.length;
  document.getElementById("summary").textContent =
    plural(events.length, "event") + " (" + dated.length + " on the axis, " + undated.length + " undated or durations) from " +
    plural(docs, "document") + "; " + events.filter((e) => e.conflict).length + " with conflicting dates. Generated " +
    DATA.generated + (DATA.db ? " from " + DATA.db : "") + (DATA.filters ? "; exported with filters: " + DATA.filters : "") + ".";

  const legend = document.getElementById("legend");
  const swatch = (cls, color) => { const b = el("span", { class: "swatch" }, [el("span", { class: "bar " + cls })]);
    b.firstChild.style.cssText = "left:0;right:0;top:0;height:100%;--c:" + color; return b; };
  legend.append(el("span", { text: "precision:" }));
  for (const [name, cls] of [["day", "p-day"], ["week", "p-week"], ["month", "p-month"], ["quarter, season, year", "p-year"], ["decade, century", "p-broad"]])
    legend.append(el("span", { class: "item" }, [swatch(cls, "var(--occurred)"), name]));
  legend.append(el("span", { text: "status:" }));
  for (const s of ["occurred", "ongoing", "scheduled", "planned"])
    legend.append(el("span", { class: "item" }, [swatch("p-day", STATUS_COLOR[s]), s]));
  legend.append(el("span", { class: "item" }, [swatch("p-day approx", "#a0aec0"), "before / after / about"]));
  legend.append(el("span", { class: "item" }, [swatch("p-day conflict", "#a0aec0"), "sources disagree on the date"]));
  legend.append(el("span", { class: "item" }, [el("span", { class: "pub", style: "position:relative;display:inline-block" }), "an article's publication date"]));

  const actorCount = new Map();
  for (const e of events) for (const a of new Set(e.actors)) actorCount.set(a, (actorCount.get(a) || 0) + 1);
  const entitySel = document.getElementById("f-entity");
  for (const [a, n] of [...actorCount].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])))
    entitySel.append(el("option", { value: a, text: a + " (" + n + ")" }));
  const statusSel = document.getElementById("f-status");
  for (const s of [...new Set(events.map((e) => e.status))].sort()) statusSel.append(el("option", { value: s, text: s }));

  // ---------------------------------------------------------------- rows
  function sourcesBlock(e) {
    const box = el("div", { class: "sources" });
    if (e.alt.length) {
      box.append(el("p", { class: e.conflict ? "alts" : "alts calm",
        text: (e.conflict ? "Conflicting dates: " : "Other dates given: ") + "the event is dated " + e.label +
          "; sources also give " + e.alt_labels.join(", ") + " (" + e.alt.join(", ") + ")." }));
    }
    for (const q of e.quotes) {
      const head = el("div", { class: "head" });
      const name = q.title || q.doc_id;
      if (q.url) head.append(el("a", { href: q.url, target: "_blank", rel: "noopener noreferrer", text: name }));
      else head.append(el("span", { class: "doc", text: name }));
      head.append(" · " + (q.published ? "published " + q.published : "no publication date") + " · says ");
      head.append(el("span", { class: q.date !== e.date ? "differs" : "", text: q.date_label + " (" + q.date + ")" }));
      head.append(" · " + q.status + (q.trigger ? " · trigger “" + q.trigger + "”" : ""));
      const quote = el("blockquote");
      const sentence = q.sentence || q.quote;
      const at = sentence.indexOf(q.quote);
      if (at >= 0 && q.quote) {
        quote.append(sentence.slice(0, at), el("mark", { text: q.quote }), sentence.slice(at + q.quote.length));
      } else {
        quote.append(el("mark", { text: q.quote }));
      }
      box.append(el("div", { class: "source" }, [head, quote, q.reason ? el("div", { class: "why", text: "joined: " + q.reason }) : null]));
    }
    return box;
  }

  function row(e, withTrack) {
    const when = el("div", { class: "when" }, [
      el("span", { class: "date", text: e.label }),
      el("span", { class: "chip", text: e.precision }),
      e.mod ? el("span", { class: "chip", title: "TIMEX3 mod", text: e.mod.toLowerCase().replace(/_/g, " ") }) : null,
      el("span", { class: "chip status-" + e.status, text: e.status }),
      e.conflict ? el("span", { class: "chip conflict", text: "conflicting dates" }) : null,
    ]);
    const what = el("div", { class: "what" }, [
      el("div", { class: "text", title: e.event, text: e.event }),
      el("div", { class: "meta" }, [plural(e.sources, "source") + ", " + plural(e.mentions, "mention") + " · " + e.date + " · ",
        ...e.actors.slice(0, 6).map((a) => el("span", { class: "actor", text: a }))]),
    ]);
    const cells = [when, what];
    if (withTrack) {
      const track = el("div", { class: "track" });
      const bar = el("span", { class: ["bar", PRECISION_CLASS[e.precision] || "p-day", APPROX_MODS.has(e.mod) ? "approx" : "",
        e.conflict ? "conflict" : ""].join(" ").trim(), title: e.label + " · " + e.begin + " to " + e.end });
      bar.style.setProperty("--c", STATUS_COLOR[e.status] || "#4a5568");
      track.append(bar);
      e.track = track; e.bar = bar;
      cells.push(track);
    }
    const details = el("details", {}, [el("summary", {}, cells), sourcesBlock(e)]);
    const li = el("li", { class: "event" + (e.conflict ? " conflict" : ""), "data-position": e.position, "data-event-id": e.id,
      "data-date": e.date, "data-precision": e.precision, "data-begin": e.begin || "", "data-end": e.end || "" }, [details]);
    e.li = li;
    return li;
  }

  const list = document.getElementById("events");
  for (const e of dated) list.append(row(e, true));
  const ulist = document.getElementById("undated-events");
  for (const e of undated) ulist.append(row(e, false));

  // ---------------------------------------------------------------- filters and the axis
  const f = { entity: entitySel, from: document.getElementById("f-from"), to: document.getElementById("f-to"),
    text: document.getElementById("f-text"), status: statusSel, conflict: document.getElementById("f-conflict") };
  let axisMode = "focus";
  if (DATA.range.from) f.from.value = DATA.range.from;
  if (DATA.range.to) f.to.value = DATA.range.to;

  function visible(e) {
    if (f.entity.value && !e.actors.includes(f.entity.value)) return false;
    if (f.status.value && e.status !== f.status.value) return false;
    if (f.conflict.checked && !e.conflict) return false;
    const from = day(f.from.value), to = day(f.to.value);
    if ((from !== null || to !== null) && e.b === null) return false;
    if (from !== null && e.e2 <= from) return false;
    if (to !== null && e.b > to) return false;
    const words = f.text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return words.every((w) => e.haystack.includes(w));
  }

  const pubDays = DATA.documents.map((d) => day(d.published)).filter((d) => d !== null);

  function focusRange(evs) {
    // a news timeline's focus: the events that lie within three months of the articles' publication
    // dates, so that a few far-away dates (a century, a decade ago) do not squeeze everything else
    // into one pixel. Without publication dates: the shortest window holding two thirds of the events.
    if (pubDays.length) {
      const lo = Math.min(...pubDays) - 91, hi = Math.max(...pubDays) + 92;
      const inside = evs.filter((e) => e.b >= lo && e.e2 <= hi);
      if (inside.length) return [Math.min(...inside.map((e) => e.b)), Math.max(...inside.map((e) => e.e2))];
    }
    const n = evs.length, k = Math.max(1, Math.ceil(n * 2 / 3));
    let best = null;
    for (let i = 0; i + k <= n; i++) {
      let end = -Infinity;
      for (let j = i; j < i + k; j++) end = Math.max(end, evs[j].e2);
      if (!best || end - evs[i].b < best[1] - best[0]) best = [evs[i].b, end];
    }
    return best;
  }

  function ticks(lo, hi) {
    const span = hi - lo, out = [];
    const dayLabel = (d, withYear) => { const t = new Date(d * DAY); return t.getUTCDate() + " " + MONTHS[t.getUTCMonth()] + (withYear ? " " + t.getUTCFullYear() : ""); };
    for (const step of [1, 2, 7, 14]) {
      if (span / step <= 12) {
        let d = Math.ceil(lo);
        if (step >= 7) while (new Date(d * DAY).getUTCDay() !== 1) d++;
        for (let first = true; d <= hi; d += step, first = false) out.push([d, dayLabel(d, first || new Date(d * DAY).getUTCMonth() === 0 && new Date(d * DAY).getUTCDate() <= step)]);
        return out;
      }
    }
    const lt = new Date(lo * DAY), y0 = lt.getUTCFullYear();
    for (const months of [1, 2, 3, 6]) {
      if (span / (30.44 * months) <= 12) {
        let y = y0, m = lt.getUTCMonth();
        m = Math.ceil(m / months) * months;
        for (let first = true; ; first = false) {
          y += Math.floor(m / 12); m %= 12;
          const d = Date.UTC(y, m, 1) / DAY;
          if (d < lo) { m += months; continue; }
          if (d > hi) break;
          out.push([d, MONTHS[m] + (first || m === 0 ? " " + y : "")]);
          m += months;
        }
        return out;
      }
    }
    for (const years of [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000]) {
      if (span / (365.25 * years) <= 12) {
        for (let y = Math.ceil(y0 / years) * years; ; y += years) {
          const d = Date.UTC(y, 0, 1) / DAY;
          if (d < lo) continue;
          if (d > hi) break;
          out.push([d, String(y)]);
        }
        return out;
      }
    }
    return out;
  }

  const axis = document.getElementById("axis");
  const grid = document.getElementById("grid");
  const clipNote = document.getElementById("clip-note");

  function layout() {
    const shown = dated.filter((e) => !e.li.hidden);
    axis.replaceChildren(); grid.replaceChildren(); clipNote.hidden = true;
    if (!shown.length) return;
    let lo = Math.min(...shown.map((e) => e.b)), hi = Math.max(...shown.map((e) => e.e2));
    if (axisMode === "focus") [lo, hi] = focusRange(shown);
    const from = day(f.from.value), to = day(f.to.value);
    if (from !== null) lo = from;
    if (to !== null) hi = to + 1;
    const pad = Math.max(1, (hi - lo) * 0.03);
    lo -= pad; hi += pad;
    const x = (d) => (d - lo) / (hi - lo) * 100;
    for (const [d, label] of ticks(lo, hi)) {
      axis.append(el("span", { class: "tick", style: "left:" + x(d) + "%", text: label }));
      grid.append(el("span", { class: "gridline", style: "left:" + x(d) + "%" }));
    }
    for (const doc of DATA.documents) {
      const d = day(doc.published);
      if (d !== null && d >= lo && d <= hi)
        axis.append(el("span", { class: "pub", style: "left:" + x(d + 0.5) + "%", title: "published " + doc.published + ": " + (doc.title || doc.doc_id) }));
    }
    let clipped = 0;
    for (const e of shown) {
      const left = Math.max(0, x(e.b)), right = Math.min(100, x(e.e2));
      for (const old of e.track.querySelectorAll(".clip, .out")) old.remove();
      e.bar.classList.remove("clip-left", "clip-right");
      if (right <= 0 || left >= 100) {
        clipped++;
        e.bar.style.display = "none";
        e.track.append(el("span", { class: "out", style: right <= 0 ? "left:0" : "right:0",
          text: right <= 0 ? "◀ " + e.label : e.label + " ▶", title: e.begin + " to " + e.end }));
        continue;
      }
      e.bar.style.display = "";
      e.bar.style.left = left + "%";
      e.bar.style.width = "calc(" + (right - left) + "% )";
      if (x(e.b) < 0) { clipped++; e.bar.classList.add("clip-left"); e.track.append(el("span", { class: "clip left", style: "left:" + left + "%", text: "◀" })); }
      if (x(e.e2) > 100) { clipped++; e.bar.classList.add("clip-right"); e.track.append(el("span", { class: "clip right", text: "▶" })); }
    }
    const axisBox = axis.getBoundingClientRect(), wrapBox = document.getElementById("rows-wrap").getBoundingClientRect();
    grid.style.left = (axisBox.left - wrapBox.left) + "px";
    grid.style.width = axisBox.width + "px";
    if (clipped) {
      clipNote.hidden = false;
      clipNote.replaceChildren(plural(clipped, "event") + " reach outside this window (◀ ▶): ",
        axisMode === "focus" && from === null && to === null
          ? el("button", { type: "button", id: "clip-all", text: "show all dates" }) : "widen the date filter");
      const btn = document.getElementById("clip-all");
      if (btn) btn.addEventListener("click", () => setAxis("all"));
    }
  }

  function apply() {
    let n = 0;
    for (const e of events) { const v = visible(e); e.li.hidden = !v; if (v) n++; }
    document.getElementById("undated-empty").hidden = undated.some((e) => !e.li.hidden);
    document.getElementById("count").textContent = "showing " + n + " of " + events.length;
    layout();
  }
  function setAxis(mode) {
    axisMode = mode;
    document.getElementById("axis-focus").setAttribute("aria-pressed", String(mode === "focus"));
    document.getElementById("axis-all").setAttribute("aria-pressed", String(mode === "all"));
    layout();
  }
  for (const input of Object.values(f)) input.addEventListener("input", apply);
  document.getElementById("axis-focus").addEventListener("click", () => setAxis("focus"));
  document.getElementById("axis-all").addEventListener("click", () => setAxis("all"));
  document.getElementById("f-reset").addEventListener("click", () => {
    f.entity.value = ""; f.from.value = ""; f.to.value = ""; f.text.value = ""; f.status.value = ""; f.conflict.checked = false;
    apply();
  });
  window.addEventListener("resize", layout);
  apply();
})();
"""
