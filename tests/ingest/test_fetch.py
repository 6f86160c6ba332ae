"""The fetcher against a real loopback server: manners (conditional GET) and limits."""

from __future__ import annotations

import httpx
import pytest

from bot.ingest.fetch import Fetcher, FetchError

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
ETAG = '"v1-abc"'
MODIFIED = "Tue, 17 Nov 2026 08:00:00 GMT"


def test_get_returns_body_type_encoding_and_validators(news_server, fetcher):
    url = news_server.route(
        "/feed",
        FEED,
        content_type="application/rss+xml; charset=ISO-8859-1",
        etag=ETAG,
        last_modified=MODIFIED,
    )
    result = fetcher.get(url)
    assert (result.status, result.content, result.not_modified) == (200, FEED, False)
    assert (result.content_type, result.encoding) == ("application/rss+xml", "iso-8859-1")
    assert (result.etag, result.modified) == (ETAG, MODIFIED)
    assert result.url == result.final_url == url


def test_user_agent_comes_from_settings(news_server, fetcher):
    fetcher.get(news_server.route("/feed", FEED, content_type="application/rss+xml"))
    assert news_server.requests[0].headers["User-Agent"] == "partners-bot-tests/1.0"


def test_etag_round_trip_gives_not_modified(news_server, fetcher):
    url = news_server.route("/feed", FEED, content_type="application/rss+xml", etag=ETAG)
    first = fetcher.get(url)
    second = fetcher.get(url, etag=first.etag)
    assert news_server.requests[1].headers["If-None-Match"] == ETAG
    assert second.not_modified and second.status == 304 and second.content == b""
    assert second.etag == ETAG


def test_last_modified_round_trip_gives_not_modified(news_server, fetcher):
    url = news_server.route(
        "/feed", FEED, content_type="application/rss+xml", last_modified=MODIFIED
    )
    first = fetcher.get(url)
    second = fetcher.get(url, modified=first.modified)
    assert news_server.requests[1].headers["If-Modified-Since"] == MODIFIED
    assert second.not_modified and second.modified == MODIFIED


def test_a_changed_feed_is_fetched_again(news_server, fetcher):
    url = news_server.route("/feed", FEED, content_type="application/rss+xml", etag='"v2"')
    result = fetcher.get(url, etag=ETAG)
    assert not result.not_modified and result.content == FEED and result.etag == '"v2"'


def test_no_conditional_headers_without_validators(news_server, fetcher):
    fetcher.get(news_server.route("/feed", FEED, content_type="application/rss+xml"))
    headers = news_server.requests[0].headers
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


def test_redirects_are_followed_hop_by_hop(news_server, fetcher):
    target = news_server.route("/final", FEED, content_type="application/xml")
    news_server.redirect("/one", "/two", status=301)
    news_server.redirect("/two", "/final", status=307)
    result = fetcher.get(news_server.url("/one"))
    assert result.final_url == target and result.url == news_server.url("/one")
    assert news_server.paths() == ["/one", "/two", "/final"]


def test_relative_redirect_locations_are_resolved(news_server, fetcher):
    news_server.route("/feeds/new.xml", FEED, content_type="application/xml")
    news_server.route("/feeds/old.xml", status=308, headers={"Location": "new.xml"})
    assert fetcher.get(news_server.url("/feeds/old.xml")).content == FEED


def test_redirects_over_the_limit_fail(news_server, fetcher):
    for hop in range(5):
        news_server.redirect(f"/r{hop}", f"/r{hop + 1}")
    news_server.route("/r5", FEED, content_type="application/xml")
    with pytest.raises(FetchError, match=r"/r0: too many redirects \(3\)$"):
        fetcher.get(news_server.url("/r0"))
    assert news_server.paths() == ["/r0", "/r1", "/r2", "/r3"]


def test_redirect_loop_fails(news_server, fetcher):
    news_server.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.get(news_server.url("/loop"))


def test_redirect_to_another_scheme_is_refused_before_any_request(news_server, fetcher):
    news_server.redirect("/sneaky", "file:///etc/passwd")
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        fetcher.get(news_server.url("/sneaky"))


def test_check_url_hook_sees_every_hop(news_server, settings):
    seen = []

    class Watching(Fetcher):
        def _check_url(self, url):
            seen.append(url)
            super()._check_url(url)

    news_server.redirect("/a", "/b")
    news_server.route("/b", FEED, content_type="application/xml")
    with Watching(settings) as fetcher:
        fetcher.get(news_server.url("/a"))
    assert seen == [news_server.url("/a"), news_server.url("/b")]


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_http_errors_are_one_line(news_server, fetcher, status):
    url = news_server.route("/gone", b"nope", status=status, content_type="text/plain")
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value) == f"{url}: HTTP {status}"


def test_size_cap_by_declared_length(news_server, fetcher):
    url = news_server.route("/big", b"x" * 300_000, content_type="text/plain")
    with pytest.raises(FetchError, match=r"response larger than 200000 bytes$"):
        fetcher.get(url)


def test_size_cap_while_streaming_without_length(news_server, fetcher):
    # Without a Content-Length the cap is enforced by counting bytes as they arrive.
    url = news_server.route("/big", b"y" * 300_000, content_type="text/plain", send_length=False)
    with pytest.raises(FetchError, match="response larger than 200000 bytes"):
        fetcher.get(url)


def test_body_without_length_is_read_to_the_end(news_server, fetcher):
    url = news_server.route("/doc", FEED, content_type="application/xml", send_length=False)
    assert fetcher.get(url).content == FEED


@pytest.mark.slow
def test_slow_server_times_out(news_server, fetcher):
    url = news_server.route("/slow", FEED, content_type="application/xml", delay=1.0)
    with pytest.raises(FetchError, match=r"/slow: timed out$"):  # not the page, a second late
        fetcher.get(url)


@pytest.mark.slow
def test_trickling_body_hits_the_total_time_limit(news_server, fetcher):
    # Each chunk arrives well within the read timeout; the whole never would.
    url = news_server.route("/drip", b"z" * 64 * 40, content_type="text/plain", trickle=0.1)
    with pytest.raises(FetchError, match="timed out"):  # not the whole body, 4 s later
        fetcher.get(url)


@pytest.mark.parametrize(
    "content_type", ["image/png", "application/pdf", "application/octet-stream", "video/mp4"]
)
def test_unsupported_content_types_are_refused(news_server, fetcher, content_type):
    url = news_server.route("/file", b"\x89PNG....", content_type=content_type)
    with pytest.raises(FetchError, match=f"unsupported content type {content_type}$"):
        fetcher.get(url)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "text/plain",
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/json",
        "application/feed+json",
        "application/xhtml+xml",
        None,
    ],
)
def test_text_feed_and_json_types_are_accepted(news_server, fetcher, content_type):
    url = news_server.route("/doc", FEED, content_type=content_type)
    assert fetcher.get(url).content == FEED


def test_connection_refused_is_one_line(fetcher):
    with pytest.raises(FetchError, match=r"^http://127\.0\.0\.1:9/x: connection failed"):
        fetcher.get("http://127.0.0.1:9/x")


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd", "javascript:1"])
def test_only_http_and_https(fetcher, url):
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetcher.get(url)


def test_given_client_is_not_closed(settings, news_server):
    client = httpx.Client()
    with Fetcher(settings, client=client) as fetcher:
        fetcher.get(news_server.route("/f", FEED, content_type="application/xml"))
    assert not client.is_closed
    client.close()
