"""HTML pages: the article text only (navigation, ads, related stories dropped), dated by its meta tags."""
from datetime import date

from extractors.documents import read_documents

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Japan and US hold second round of tariff talks | Example News</title>
<meta property="og:title" content="Japan and US hold second round of tariff talks">
<meta property="article:published_time" content="2025-05-02T08:30:00+00:00">
<meta name="description" content="Trade talks continue.">
</head><body>
<header><nav class="menu"><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/login">Sign in</a></li></ul></nav></header>
<div class="ad-banner" id="ad-top"><p>Advertisement: Fly to Paris from $99! Book before January 5, 2026.</p></div>
<main><article>
<h1>Japan and US hold second round of tariff talks</h1>
<p>Japan's chief trade negotiator Ryosei Akazawa met US Treasury Secretary Scott Bessent in
Washington on May 1 for a second round of talks on the tariffs announced on April 2.</p>
<p>Both sides agreed to meet again in mid-May and hope to reach an agreement before the 90-day
reprieve ends in July, officials said on Friday.</p>
<p>Akazawa said the talks were frank and that Japan would keep pressing for the removal of the
25% tariff on cars, which took effect on April 3.</p>
</article></main>
<aside class="related"><h2>Related stories</h2><ul>
  <li><a href="/a">Stocks tumble on December 12, 2024 as oil slides</a></li>
  <li><a href="/b">Central bank meets on March 18, 2019</a></li></ul></aside>
<footer><p>Copyright 2025 Example News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def test_html_page_yields_the_article_text_and_its_meta_date(tmp_path):
    (tmp_path / "talks.html").write_text(PAGE, encoding="utf-8")
    [doc] = list(read_documents([tmp_path]))
    assert doc.status == "ok", doc.error
    assert (doc.published_at, doc.dct_source) == (date(2025, 5, 2), "html_meta")
    assert doc.title.startswith("Japan and US hold second round of tariff talks")
    assert "met US Treasury Secretary Scott Bessent" in doc.content
    assert "90-day" in doc.content and "took effect on April 3" in doc.content
    for junk in ("Home", "Sport", "Sign in", "Advertisement", "Paris", "Related stories",
                 "December 12, 2024", "March 18, 2019", "Copyright", "Privacy"):
        assert junk not in doc.text, junk
    assert "dropped by trafilatura" in doc.dropped


def test_html_without_a_date_is_missing_and_without_text_is_rejected(tmp_path):
    (tmp_path / "undated.htm").write_text(
        PAGE.replace('<meta property="article:published_time" content="2025-05-02T08:30:00+00:00">', ""),
        encoding="utf-8")
    (tmp_path / "nav_only.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                            encoding="utf-8")
    docs = {d.doc_id: d for d in read_documents([tmp_path])}
    assert docs["undated"].status == "ok" and docs["undated"].dct_source == "missing"
    assert "no publication date" in docs["undated"].dct_note
    assert docs["nav_only"].status == "rejected" and "no article text" in docs["nav_only"].error
