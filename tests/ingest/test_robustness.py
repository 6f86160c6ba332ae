"""Odd input never crashes ingestion: arbitrary bytes, and feedparser's own test feeds."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.ingest.feeds import FeedError, parse_feed
from bot.ingest.fetch import Fetcher
from bot.ingest.sources import read_source

from .conftest import SHARED, NewsServer

WILD = SHARED / "feeds-wild" / "feedparser-tests"

# Pieces of feeds, pages and JSON, so generated documents get past the first byte.
FRAGMENTS = [
    b'<?xml version="1.0" encoding="utf-8"?>',
    b'<?xml version="1.0" encoding="iso-8859-1"?>',
    b'<rss version="2.0">',
    b"<channel>",
    b"<title>",
    b"</title>",
    b"<item>",
    b"</item>",
    b"<link>http://127.0.0.1:9/x</link>",
    b"<description>",
    b"</description>",
    b'<feed xmlns="http://www.w3.org/2005/Atom">',
    b"<entry>",
    b'<content type="html">',
    b"<![CDATA[",
    b"]]>",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"&nbsp;",
    b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    b"&a;",
    b"<script>alert(1)</script>",
    b"<p>",
    b"<html><body>",
    b'{"version": "https://jsonfeed.org/version/1", "items": [',
    b'{"id": 1, "content_html": "<p>x</p>", "url": "http://127.0.0.1:9/y"}',
    b'"\\ud800"',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"]}",
]
documents = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=20)), max_size=40).map(
        b"".join
    ),
)
SUFFIXES = [".xml", ".json", ".html", ".txt", ".jsonl", ".bin"]


def refusing_fetcher() -> Fetcher:
    """A fetcher whose every request fails at once: nothing leaves this machine."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network disabled in tests", request=request)

    return Fetcher(Settings(), client=httpx.Client(transport=httpx.MockTransport(refuse)))


@settings(max_examples=150, deadline=None)
@given(content=documents)
def test_parse_feed_raises_only_feed_error(content):
    try:
        feed = parse_feed(content, "http://127.0.0.1:9/feed")
    except FeedError as exc:
        assert "\n" not in str(exc)
    else:
        for item in feed.items:
            assert isinstance(item.text, str) and isinstance(item.title, str)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=documents, suffix=st.sampled_from(SUFFIXES))
def test_read_source_never_raises_on_files(content, suffix):
    with tempfile.TemporaryDirectory() as folder, refusing_fetcher() as fetcher:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(content)
        result = read_source(str(path), fetcher)
    assert result.articles or result.errors
    assert all("\n" not in error for error in result.errors)


@pytest.fixture(scope="module")
def shared_server():
    server = NewsServer()
    yield server
    server.close()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=documents, content_type=st.sampled_from(["text/html", "application/xml", None]))
def test_read_source_never_raises_on_urls(shared_server, content, content_type):
    url = shared_server.route("/doc", content, content_type=content_type)
    with Fetcher(
        Settings(fetch_timeout=2, fetch_total_seconds=5, allow_private_urls=True)
    ) as fetcher:
        result = read_source(url, fetcher)
    assert result.articles or result.errors


@pytest.mark.slow
@pytest.mark.skipif(not WILD.is_dir(), reason=f"{WILD} is not available")
def test_feedparser_test_feeds_never_crash_ingestion():
    paths = sorted(p for p in WILD.rglob("*") if p.is_file() and p.name != "LICENSE")
    assert len(paths) > 100
    with refusing_fetcher() as fetcher:
        for path in paths:
            result = read_source(str(path), fetcher)
            assert result.articles or result.errors, path
            for article in result.articles:
                assert "\x00" not in article.text and "<script" not in article.text.lower()
