"""Canonical URLs and article uids: the same page reached by different links is one article."""

from __future__ import annotations

import pytest

from bot.ingest.uid import article_uid, canonical_url, content_hash


@pytest.mark.parametrize(
    "url,expected",
    [
        ("HTTPS://News.Example.COM/Biz/Story", "https://news.example.com/Biz/Story"),
        ("https://news.example.com/story#comments", "https://news.example.com/story"),
        ("https://news.example.com/story/", "https://news.example.com/story"),
        ("https://news.example.com/", "https://news.example.com/"),
        ("https://news.example.com", "https://news.example.com/"),
        ("http://news.example.com:80/a", "http://news.example.com/a"),
        ("https://news.example.com:443/a", "https://news.example.com/a"),
        ("https://news.example.com:8443/a", "https://news.example.com:8443/a"),
        (
            "https://news.example.com/a?utm_source=rss&utm_medium=feed&id=7",
            "https://news.example.com/a?id=7",
        ),
        (
            "https://news.example.com/a?fbclid=x&gclid=y&mc_cid=1&mc_eid=2&ref=home&cmpid=rss",
            "https://news.example.com/a",
        ),
        ("https://news.example.com/a?UTM_Campaign=x&b=2&a=1", "https://news.example.com/a?a=1&b=2"),
        ("https://news.example.com/a?z=&a=1", "https://news.example.com/a?a=1&z="),
        ("  https://news.example.com/a  ", "https://news.example.com/a"),
        ("not a url", "not a url"),
        ("/relative/path", "/relative/path"),
        ("http://[::1]:80/x", "http://[::1]/x"),
        ("http://[broken/x", "http://[broken/x"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "a,b",
    [
        ("https://Example.com/news/1?utm_source=x", "https://example.com/news/1/"),
        ("https://example.com/news/1?b=2&a=1#top", "https://example.com/news/1?a=1&b=2"),
    ],
)
def test_links_to_the_same_page_give_the_same_uid(a, b):
    assert article_uid(a, None, "t", "x") == article_uid(b, "other-guid", "u", "y")


@pytest.mark.parametrize(
    "url,guid,expected_prefix",
    [
        ("https://example.com/a", "tag:example.com,2026:1", "url:"),
        (None, "tag:example.com,2026:1", "guid:"),
        ("", "  tag:example.com,2026:1 ", "guid:"),
        ("mailto:press@example.com", "g-1", "guid:"),
        (None, None, "hash:"),
        (None, "   ", "hash:"),
    ],
)
def test_uid_prefers_url_then_guid_then_hash(url, guid, expected_prefix):
    uid = article_uid(url, guid, "Title", "Body")
    assert uid.startswith(expected_prefix)
    if expected_prefix == "guid:":
        assert uid == "guid:" + guid.strip()


def test_content_hash_ignores_case_and_spacing():
    assert content_hash("Acme  signs deal", "Body\n\ntext") == content_hash(
        "acme signs DEAL", " body text "
    )
    assert content_hash("Acme signs deal", "Body") != content_hash("Acme signs deal", "Other")
    assert len(content_hash("", "")) == 40


def test_hash_uid_is_the_content_hash():
    assert article_uid(None, None, "T", "X") == "hash:" + content_hash("T", "X")
