"""`timeline report`: the HTML timeline, rendered by headless Chromium.

Chromium must be installed (`.ci/run` installs the Debian package `chromium`); without it the
rendering tests fail with a message saying how to install it.
"""
import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser

import duckdb
import pytest

from flows.cli import main as cli
from flows.report import dump_dom, embed_json, find_chromium, human_date

EVIL = """---
title: Council news <script>document.title='pwned'</script>
published_at: 2025-04-20
url: https://example.org/council?a=1&b=<2>
---
The city council approved the harbour budget on April 2, 2025 <script>document.title='pwned'</script> after a long
debate. <img src=x onerror="document.title='pwned'"> The mayor will present the plan on May 12, 2025.
"""


def need_chromium():
    if not find_chromium():
        pytest.fail("headless Chromium is not installed: `apt-get update && apt-get install -y chromium` "
                    "(.ci/run does it), or set TIMELINE_CHROMIUM to a Chromium/Chrome binary")


# ---------------------------------------------------------------- fast: dates and escaping

@pytest.mark.parametrize("value, mod, text", [
    ("2025-06", None, "Jun 2025"),
    ("2025-04-16/2025-04-18", None, "16-18 Apr 2025"),
    ("2025-04-28/2025-05-04", None, "28 Apr - 4 May 2025"),
    ("2025-W18", None, "week 18, 2025"),
    ("2025-03", "END", "Mar 2025 (late)"),
    ("P90D", None, "90 days"),
    ("P1Y6M", None, "1 year 6 months"),
    ("PXY", None, "years"),
    ("2025-04-11", None, "11 Apr 2025"),
    ("2027", "ON_OR_BEFORE", "2027 (on or before)"),
    ("19", "START", "20th century (early)"),
    ("202", None, "2020s"),
    ("2024-Q3", None, "Q3 2024"),
    ("2024-SU", None, "summer 2024"),
    ("XXXX-06", None, "Jun (year unknown)"),
    ("PRESENT_REF", None, "now"),
])
def test_human_dates(value, mod, text):
    assert human_date(value, mod) == text


def test_embedded_json_cannot_close_its_script_element():
    data = {"quote": "</script><script>alert(1)</script> & <!--"}
    text = embed_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


# ---------------------------------------------------------------- the rendered page

class Rows(HTMLParser):
    """Event rows (li.event) in document order, per list, and every <script> and <img>."""

    def __init__(self):
        super().__init__()
        self.lists, self.current, self.scripts, self.imgs, self.title = {}, None, [], [], None
        self._in_title = self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "ol" and a.get("id") in ("events", "undated-events"):
            self.current = self.lists.setdefault(a["id"], [])
        elif tag == "li" and "event" in (a.get("class") or "").split() and self.current is not None:
            self.current.append(a)
        elif tag == "script":
            self.scripts.append(a)
            self._in_script = True
        elif tag == "img":
            self.imgs.append(a)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "ol":
            self.current = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data


@pytest.mark.flow
def test_report_in_chromium_every_event_in_order_and_article_html_stays_text(prefect_harness, seeds_copy, tmp_path):
    need_chromium()
    from flows.pipeline import run_pipeline
    (seeds_copy / "zz_evil.txt").write_text(EVIL, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    run_pipeline(paths=[str(seeds_copy)], db=str(db))
    con = duckdb.connect(str(db))
    # a conflict to show: the sample corpus has none
    conflict_id = con.execute("SELECT event_id FROM timeline WHERE begin_date IS NOT NULL ORDER BY position "
                              "LIMIT 1 OFFSET 5").fetchone()[0]
    con.execute("UPDATE events SET conflict = true, alt_values = ['2019-01'] WHERE event_id = ?", [conflict_id])
    expected = con.execute("SELECT event_id, position, begin_date FROM timeline ORDER BY position").fetchall()
    evil_events = con.execute("SELECT DISTINCT event_id FROM timeline_sources WHERE doc_id = 'zz_evil'").fetchall()
    con.close()
    assert evil_events, "the test article gave no dated event"

    out, png = tmp_path / "r.html", tmp_path / "r.png"
    assert cli(["report", "--out", str(out), "--db", str(db), "--screenshot", str(png)]) == 0
    assert png.stat().st_size > 10_000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = out.read_text(encoding="utf-8")
    # self-contained: nothing loaded from elsewhere, and a CSP that forbids it anyway
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//|<link|@import", html)
    assert "default-src &#x27;none&#x27;" in html
    assert "<script>document.title" not in html and "<img src=x" not in html

    dom = dump_dom(out)
    page = Rows()
    page.feed(dom)
    dated, undated = page.lists.get("events", []), page.lists.get("undated-events", [])
    # every event is there, once, and in the timeline's order
    got = [r["data-event-id"] for r in dated + undated]
    assert sorted(got) == sorted(e[0] for e in expected)
    assert len(got) == len(set(got))
    positions = [int(r["data-position"]) for r in dated + undated]
    assert positions == sorted(positions)
    begins = [r["data-begin"] for r in dated]
    assert all(begins) and begins == sorted(begins)
    assert {r["data-event-id"] for r in undated} == {e[0] for e in expected if e[2] is None}
    assert [r["data-begin"] for r in dated] == [e[2].isoformat() for e in expected if e[2] is not None]
    # the conflict is highlighted
    row = next(r for r in dated if r["data-event-id"] == conflict_id)
    assert "conflict" in row["class"].split()
    # the article's <script> and <img onerror> did not run and are not elements: they are text
    assert page.title.strip() == "Timeline"
    assert len(page.scripts) == 2 and page.scripts[0].get("type") == "application/json"
    assert not page.imgs
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "pwned" not in (page.title or "")
    # sources one click away: the quote of the evil article sits in its row's <details>
    assert dom.count("<details") == len(expected)
    assert "https://example.org/council?a=1&amp;b=&lt;2&gt;" in dom


@pytest.mark.flow
def test_report_refuses_to_overwrite_and_applies_filters(prefect_harness, tmp_path):
    from conftest import SEEDS
    from flows.pipeline import run_pipeline
    db = tmp_path / "t.duckdb"
    run_pipeline(paths=[str(SEEDS)], db=str(db))
    out = tmp_path / "r.html"
    assert cli(["report", "--out", str(out), "--db", str(db), "--entity", "japan", "--from", "2025-04",
                "--to", "2025-04"]) == 0
    data = json.loads(re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>',
                                out.read_text(encoding="utf-8"), re.S)[1])
    assert data["events"] and data["range"] == {"from": "2025-04-01", "to": "2025-04-30"}
    for e in data["events"]:
        assert any(a.lower() == "japan" for a in e["actors"])
        assert date.fromisoformat(e["begin"]) <= date(2025, 4, 30) and date.fromisoformat(e["end"]) >= date(2025, 4, 1)
    assert cli(["report", "--out", str(out), "--db", str(db)]) == 2
    assert cli(["report", "--out", str(out), "--db", str(db), "--force"]) == 0
