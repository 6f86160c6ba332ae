"""read_source over URLs: feeds, teaser feeds whose pages are fetched, pages, failures."""

from __future__ import annotations

import json

from bot.ingest.sources import SAMPLE_FEED, expand_sources, read_source
from bot.ingest.uid import article_uid

from .documents import DEAL, UNRELATED, article_page, paragraphs, rss

RSS_TYPE = "application/rss+xml; charset=utf-8"


def test_full_text_feed(news_server, fetcher):
    url = news_server.route(
        "/feed",
        rss(
            {
                "title": "Corvid and Meridian",
                "link": "https://wire.example/a?utm_source=rss",
                "guid": "tag:wire.example,2026:a",
                "content": paragraphs(*DEAL),
            }
        ),
        content_type=RSS_TYPE,
        etag='"e1"',
        last_modified="Wed, 04 Mar 2026 08:00:00 GMT",
    )
    result = read_source(url, fetcher)
    assert (result.kind, result.title, result.errors) == ("feed", "Test wire", [])
    assert (result.etag, result.modified) == ('"e1"', "Wed, 04 Mar 2026 08:00:00 GMT")
    (article,) = result.articles
    assert article.uid == "url:https://wire.example/a"
    assert article.source == url and article.external_id == "tag:wire.example,2026:a"
    assert article.text.split("\n\n") == DEAL
    assert news_server.paths() == ["/feed"]


def test_not_modified_feed_costs_nothing(news_server, fetcher):
    url = news_server.route("/feed", rss(), content_type=RSS_TYPE, etag='"e1"')
    result = read_source(url, fetcher, etag='"e1"')
    assert result.not_modified and result.articles == [] and result.errors == []
    assert result.etag == '"e1"'


def test_teaser_items_get_their_pages_fetched(news_server, fetcher):
    page_a = news_server.route("/a", article_page("Corvid and Meridian team up", *DEAL))
    page_b = news_server.route("/b", article_page("Council budget", *UNRELATED))
    url = news_server.route(
        "/feed",
        rss(
            {"title": "Corvid and Meridian", "link": page_a, "description": "Robots."},
            {"title": "Budget", "link": page_b, "description": "Council."},
        ),
        content_type=RSS_TYPE,
    )
    result = read_source(url, fetcher)
    assert result.errors == []
    first, second = result.articles
    assert first.title == "Corvid and Meridian" and first.text.split("\n\n") == DEAL
    assert first.published == "2026-03-02T00:00:00Z"
    assert second.text.split("\n\n") == UNRELATED
    assert news_server.paths() == ["/feed", "/a", "/b"]


def test_one_failing_page_does_not_stop_the_others(news_server, fetcher):
    good = news_server.route("/good", article_page("Good", *DEAL))
    gone = news_server.url("/gone")
    pdf = news_server.route("/report.pdf", b"%PDF-1.7", content_type="application/pdf")
    url = news_server.route(
        "/feed",
        rss(
            {"title": "Gone", "link": gone, "description": "Teaser of a deleted page."},
            {"title": "Report", "link": pdf},
            {"title": "Good", "link": good, "description": "Teaser."},
        ),
        content_type=RSS_TYPE,
    )
    result = read_source(url, fetcher)
    assert result.errors == [
        f"{url}: {gone}: HTTP 404",
        f"{url}: {pdf}: unsupported content type application/pdf",
    ]
    # The failed items keep what the feed said about them; the good one has its page.
    assert [a.title for a in result.articles] == ["Gone", "Report", "Good"]
    assert result.articles[0].text == "Teaser of a deleted page."
    assert result.articles[2].text.split("\n\n") == DEAL


def test_known_articles_are_not_fetched_again(news_server, fetcher):
    page = news_server.route("/a", article_page("A", *DEAL))
    url = news_server.route(
        "/feed", rss({"title": "A", "link": page, "description": "t"}), content_type=RSS_TYPE
    )
    known = {article_uid(page, None, "", "")}
    result = read_source(url, fetcher, known=known.__contains__)
    assert news_server.paths() == ["/feed"]
    assert [a.uid for a in result.articles] == [*known]


def test_a_page_url_is_an_article(news_server, fetcher):
    news_server.redirect("/short", "/biz/corvid")
    final = news_server.route("/biz/corvid", article_page("Corvid and Meridian team up", *DEAL))
    result = read_source(news_server.url("/short"), fetcher)
    assert (result.kind, result.errors) == ("page", [])
    (article,) = result.articles
    assert article.url == final and article.uid == f"url:{final}"
    assert article.title == "Corvid and Meridian team up"


def test_json_feed_url(news_server, fetcher):
    doc = {
        "version": "https://jsonfeed.org/version/1",
        "title": "JSON wire",
        "items": [{"id": "1", "title": "Deal", "content_text": "\n\n".join(DEAL)}],
    }
    url = news_server.route("/feed.json", json.dumps(doc), content_type="application/feed+json")
    result = read_source(url, fetcher)
    assert result.kind == "feed" and result.articles[0].uid == "guid:1"


def test_failures_are_one_line_errors(news_server, fetcher):
    missing = news_server.url("/missing")
    image = news_server.route("/logo.png", b"\x89PNG", content_type="image/png")
    nav = news_server.route("/nav", "<html><body><nav>Home</nav></body></html>")
    assert read_source(missing, fetcher).errors == [f"{missing}: HTTP 404"]
    assert read_source(image, fetcher).errors == [f"{image}: unsupported content type image/png"]
    (error,) = read_source(nav, fetcher).errors
    assert error.startswith(f"{nav}: not a feed") and error.endswith(", and no article text")
    assert read_source("gopher://old.example/feed", fetcher).errors == [
        "gopher://old.example/feed: unsupported URL scheme 'gopher'"
    ]


def test_empty_feed_is_reported(news_server, fetcher):
    url = news_server.route("/feed", rss(title="Quiet"), content_type=RSS_TYPE)
    result = read_source(url, fetcher)
    assert result.title == "Quiet" and result.errors == [f"{url}: the feed has no items"]


def test_expand_sources(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.xml").write_text("x")
    (tmp_path / "b" / "a.jsonl").write_text("x")
    (tmp_path / "b" / ".hidden.xml").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.xml").write_text("x")
    (tmp_path / "notes.png").write_bytes(b"x")
    (tmp_path / "a.md").write_text("x")
    single = tmp_path / "single.bin"
    assert expand_sources(
        [
            str(tmp_path),
            "https://wire.example/feed",
            (tmp_path / "a.md").as_uri(),
            str(single),
            "  ",
            str(tmp_path / "a.md"),
        ]
    ) == [
        str(tmp_path / "a.md"),
        str(tmp_path / "b" / "a.jsonl"),
        str(tmp_path / "b" / "z.xml"),
        "https://wire.example/feed",
        str(single),
    ]


def test_file_url_source(fetcher):
    result = read_source(SAMPLE_FEED.as_uri(), fetcher)
    assert result.kind == "feed" and len(result.articles) == 9 and result.errors == []
