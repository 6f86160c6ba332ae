"""Feed documents to items, and HTML in feeds to plain text."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

import pytest

from bot.ingest.feeds import FULL_TEXT_CHARS, FeedError, parse_feed
from bot.ingest.html_text import clean_text, html_to_text

from .documents import DEAL, paragraphs, rss

URL = "https://wire.example/feed"
LONG = " ".join(DEAL)
assert len(LONG) > FULL_TEXT_CHARS


def test_rss_content_encoded_is_the_full_text():
    doc = rss(
        {
            "title": "Corvid and Meridian team up",
            "link": "https://wire.example/corvid-meridian",
            "guid": "tag:wire.example,2026:1",
            "pubDate": "Wed, 04 Mar 2026 09:30:00 +0100",
            "description": "Robots for chilled warehouses.",
            "content": paragraphs(*DEAL),
        }
    )
    feed = parse_feed(doc.encode(), URL)
    assert feed.title == "Test wire"
    (item,) = feed.items
    assert item.title == "Corvid and Meridian team up"
    assert item.url == "https://wire.example/corvid-meridian"
    assert item.guid == "tag:wire.example,2026:1"
    assert item.published == "2026-03-04T08:30:00Z"
    assert item.text == "\n\n".join(DEAL)
    assert not item.needs_fetch


def test_short_description_means_the_page_must_be_fetched():
    doc = rss({"title": "Teaser", "link": "https://wire.example/a", "description": "Read on."})
    (item,) = parse_feed(doc.encode(), URL).items
    assert item.needs_fetch and item.text == "Read on."


def test_long_description_is_the_full_text():
    doc = rss({"title": "Long", "link": "https://wire.example/a", "description": LONG})
    (item,) = parse_feed(doc.encode(), URL).items
    assert not item.needs_fetch and item.text == LONG


def test_item_without_link_is_never_marked_for_fetching():
    (item,) = parse_feed(rss({"title": "No link", "description": "Short."}).encode(), URL).items
    assert item.url is None and not item.needs_fetch


def test_relative_links_resolve_against_the_feed_url():
    doc = rss({"title": "Rel", "link": "/news/1", "description": "x"})
    (item,) = parse_feed(doc.encode(), "https://wire.example/feeds/all.xml").items
    assert item.url == "https://wire.example/news/1"


def test_atom_content_and_dates():
    doc = f"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom">
      <title type="html">Atom &amp;amp; wire</title>
      <entry>
        <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
        <title>Corvid and Meridian</title>
        <link rel="alternate" href="https://wire.example/atom/1"/>
        <updated>2026-03-04T10:00:00+02:00</updated>
        <summary>Short.</summary>
        <content type="html">{escape(paragraphs(*DEAL))}</content>
      </entry>
    </feed>"""
    feed = parse_feed(doc.encode(), URL)
    assert feed.title == "Atom & wire"
    (item,) = feed.items
    assert item.guid == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert item.published == "2026-03-04T08:00:00Z"
    assert item.text.split("\n\n") == DEAL and not item.needs_fetch


def test_rdf_rss_1_0():
    doc = """<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
             xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://wire.example/"><title>RDF wire</title></channel>
      <item rdf:about="https://wire.example/r/1">
        <title>RDF item</title><link>https://wire.example/r/1</link>
        <description>Teaser only.</description><dc:date>2026-01-05T12:00:00Z</dc:date>
      </item>
    </rdf:RDF>"""
    feed = parse_feed(doc.encode(), URL)
    (item,) = feed.items
    assert (feed.title, item.title, item.published) == (
        "RDF wire",
        "RDF item",
        "2026-01-05T12:00:00Z",
    )
    assert item.needs_fetch


def test_json_feed():
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON wire",
        "items": [
            {
                "id": 42,
                "url": "https://wire.example/j/42",
                "title": "Full",
                "content_html": paragraphs(*DEAL) + "<script>alert(1)</script>",
                "date_published": "2026-02-01T10:00:00+01:00",
            },
            {"id": "b", "url": "https://wire.example/j/b", "title": "Teaser", "summary": "Hi."},
            {"id": "c", "content_text": "Plain <b>text</b> kept as written."},
            "not an object",
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), URL, content_type="application/feed+json")
    assert feed.title == "JSON wire"
    full, teaser, plain = feed.items
    assert (full.guid, full.published, full.needs_fetch) == ("42", "2026-02-01T09:00:00Z", False)
    assert full.text == "\n\n".join(DEAL)
    assert teaser.needs_fetch and teaser.text == "Hi."
    assert plain.text == "Plain <b>text</b> kept as written." and plain.url is None


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (b"<html><head><title>Hi</title></head><body><p>A page</p></body></html>", "not a feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a feed"),
        (b'{"hello": "world"}', "not a feed (JSON without a JSON Feed version)"),
        (b"{broken json", "not a feed (invalid JSON"),
        (b"Just some words.", "not a feed"),
    ],
)
def test_not_a_feed(content, reason):
    with pytest.raises(FeedError) as caught:
        parse_feed(content, URL)
    message = str(caught.value)
    assert message.startswith(f"{URL}: {reason}")
    assert "\n" not in message


def test_empty_but_valid_feed_has_no_items():
    feed = parse_feed(rss(title="Quiet blog").encode(), URL)
    assert feed.title == "Quiet blog" and feed.items == []


@pytest.mark.slow
def test_entity_expansion_does_not_blow_up():
    levels = ['<!ENTITY e0 "ha">'] + [
        f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)
    ]
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>'
        '<rss version="2.0"><channel><title>&e9;</title>'
        "<item><title>&e9;</title><description>&e9;</description></item></channel></rss>"
    )
    try:
        feed = parse_feed(doc.encode(), URL)
    except FeedError:
        return
    assert all(len(item.title) < 10_000 and len(item.text) < 10_000 for item in feed.items)


def test_oversized_documents_are_refused(monkeypatch):
    monkeypatch.setattr("bot.ingest.feeds.MAX_FEED_BYTES", 1000)
    with pytest.raises(FeedError, match="feed larger than 1000 bytes"):
        parse_feed(b"<rss>" + b" " * 2000 + b"</rss>", URL)


# -- HTML to text -------------------------------------------------------------------


@pytest.mark.parametrize(
    "html,expected",
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>Fish &amp; chips &eacute;t&#233; &#x2014; ok</p>", "Fish & chips été — ok"),
        ("<p>Keep</p><script>alert('x')</script><p>this</p>", "Keep\n\nthis"),
        ("<style>p { color: red }</style><p>Styled</p>", "Styled"),
        ("<div>Line one<br>Line two</div>", "Line one\n\nLine two"),
        ("<p>  spaced \n\t out  </p>", "spaced out"),
        ("<p>Unclosed <b>bold <i>and italic", "Unclosed bold and italic"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("Plain &lt;not a tag&gt;", "Plain <not a tag>"),
        ("<p>a</p><noscript><img src=x></noscript><p>b</p>", "a\n\nb"),
        ("<p>a<svg><text>drawn</text></svg>b</p>", "ab"),
        ("<!-- comment --><p>visible</p>", "visible"),
        ("", ""),
    ],
)
def test_html_to_text(html, expected):
    assert html_to_text(html) == expected


def test_feed_html_never_reaches_the_text():
    doc = rss(
        {
            "title": "<b>Bold</b> &amp; headline",
            "link": "https://wire.example/x",
            "content": "<p>Body<script>steal()</script></p><style>.x{}</style>"
            "<p onclick='evil()'>Second &amp; last</p>",
        }
    )
    (item,) = parse_feed(doc.encode(), URL).items
    assert item.text == "Body\n\nSecond & last"
    assert "<" not in item.title and "steal" not in item.text


def test_clean_text_keeps_paragraphs_and_joins_wrapped_lines():
    assert clean_text("First line\nwrapped.\n\n\nSecond\x00 para.\r\n") == (
        "First line wrapped.\n\nSecond para."
    )


def test_links_that_are_not_absolute_web_urls_are_dropped():
    doc = rss(
        {"title": "Relative", "link": "/news/1", "description": "Teaser."},
        {"title": "Mail", "link": "mailto:desk@wire.example", "description": "Teaser."},
    )
    items = parse_feed(doc.encode(), "/tmp/wire.xml").items
    assert [(item.url, item.needs_fetch) for item in items] == [(None, False), (None, False)]
