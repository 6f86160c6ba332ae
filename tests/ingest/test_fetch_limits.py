"""Limits that keep one hostile source cheap: compressed bodies capped once decoded, the
per-feed page budget, XML entity expansion, and no proxies or credentials from the
environment."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from bot.ingest.collect import PageBudget, feed_result
from bot.ingest.feeds import FeedError, parse_feed
from bot.ingest.fetch import Fetcher, FetchError

from .conftest import NewsServer
from .documents import DEAL, article_page, rss

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
BOMB_BYTES = 50_000_000


def _compressed_zeros(compressor, size: int = BOMB_BYTES) -> bytes:
    block = bytes(1_000_000)
    return b"".join(compressor.compress(block) for _ in range(size // len(block))) + (
        compressor.flush()
    )


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """50 MB of zeros in about 50 kB of gzip."""
    return _compressed_zeros(zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS))


# -- compressed bodies -----------------------------------------------------------------------


def test_only_encodings_we_decode_ourselves_are_asked_for(news_server, fetcher):
    fetcher.get(news_server.route("/feed", FEED, content_type="application/xml"))
    assert news_server.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    "encoding,body",
    [
        ("gzip", gzip.compress(FEED)),
        ("x-gzip", gzip.compress(FEED)),
        ("deflate", zlib.compress(FEED)),  # the zlib format, as the RFC says
        ("deflate", zlib.compress(FEED)[2:-4]),  # raw deflate, as some servers send
        ("identity", FEED),
        ("gzip", gzip.compress(FEED[:40]) + gzip.compress(FEED[40:])),  # two members
    ],
)
def test_compressed_bodies_are_decoded(news_server, fetcher, encoding, body):
    url = news_server.route(
        "/feed", body, content_type="application/xml", headers={"Content-Encoding": encoding}
    )
    assert fetcher.get(url).content == FEED


@pytest.mark.parametrize("send_length", [True, False])
def test_gzip_bomb_stops_at_the_cap_with_bounded_memory(
    news_server, fetcher, gzip_bomb, send_length
):
    assert len(gzip_bomb) < 200_000  # small enough to pass the raw-size cap
    url = news_server.route(
        "/bomb",
        gzip_bomb,
        content_type="text/plain",
        headers={"Content-Encoding": "gzip"},
        send_length=send_length,
    )
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetcher.get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == f"{url}: response larger than 200000 bytes once decompressed"
    assert peak < 5_000_000  # the whole bomb would be 50 MB


def test_deflate_bomb_stops_at_the_cap(news_server, fetcher):
    bomb = _compressed_zeros(zlib.compressobj(9), size=20_000_000)
    url = news_server.route(
        "/bomb", bomb, content_type="text/plain", headers={"Content-Encoding": "deflate"}
    )
    with pytest.raises(FetchError, match=r"larger than 200000 bytes once decompressed$"):
        fetcher.get(url)


def test_endless_empty_gzip_members_hit_the_raw_cap(news_server, fetcher):
    # Decodes to nothing at all; the compressed bytes are capped on their own.
    url = news_server.route(
        "/empty",
        gzip.compress(b"") * 12_000,
        content_type="text/plain",
        headers={"Content-Encoding": "gzip"},
        send_length=False,
    )
    with pytest.raises(FetchError, match=r"response larger than 200000 bytes$"):
        fetcher.get(url)


@pytest.mark.parametrize(
    "encoding,body,message",
    [
        ("br", b"\x0b\x02\x80", "unsupported content encoding br"),
        ("gzip, gzip", gzip.compress(gzip.compress(FEED)), "unsupported content encoding"),
        ("gzip", FEED, "damaged compressed body (not gzip)"),
        ("gzip", gzip.compress(FEED)[:10] + b"garbage!" * 4, "damaged compressed body"),
    ],
)
def test_bad_encodings_are_one_line_errors(news_server, fetcher, encoding, body, message):
    url = news_server.route(
        "/feed", body, content_type="application/xml", headers={"Content-Encoding": encoding}
    )
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert str(caught.value).startswith(f"{url}: {message}")


# -- the per-feed page budget ----------------------------------------------------------------


def teaser_feed(server: NewsServer, count: int, **page_options) -> tuple[str, bytes]:
    items = []
    for n in range(count):
        page = server.route(f"/p{n}", article_page(f"Story {n}", *DEAL), **page_options)
        items.append({"title": f"Story {n}", "link": page, "description": f"Teaser {n}."})
    body = rss(*items).encode()
    return server.route("/feed", body, content_type="application/rss+xml"), body


def test_pages_beyond_the_count_keep_their_teaser(news_server, fetcher):
    url, body = teaser_feed(news_server, 5)
    result = feed_result(url, parse_feed(body, url), fetcher, budget=PageBudget(pages=2))
    assert news_server.paths() == ["/p0", "/p1"]
    assert [a.text.startswith("Corvid") for a in result.articles] == [True] * 2 + [False] * 3
    assert [a.text for a in result.articles[2:]] == ["Teaser 2.", "Teaser 3.", "Teaser 4."]
    assert result.errors == [
        f"{url}: page budget spent (2 pages or 60 s per feed); 3 pages not fetched,"
        " their items keep the feed's text"
    ]


def test_a_slow_site_spends_the_time_budget_once(news_server, fetcher):
    url, body = teaser_feed(news_server, 4, delay=1.0)
    budget = PageBudget(pages=10, seconds=0.2)
    result = feed_result(url, parse_feed(body, url), fetcher, budget=budget)
    # The first page gets what is left of the budget, not the fetcher's own limits.
    assert news_server.paths() == ["/p0"]
    assert result.errors == [
        f"{url}: {news_server.url('/p0')}: timed out",
        f"{url}: page budget spent (10 pages or 0.2 s per feed); 3 pages not fetched,"
        " their items keep the feed's text",
    ]
    assert len(result.articles) == 4


def test_known_pages_cost_nothing(news_server, fetcher):
    url, body = teaser_feed(news_server, 3)
    result = feed_result(
        url, parse_feed(body, url), fetcher, known=lambda uid: True, budget=PageBudget(pages=0)
    )
    assert news_server.paths() == [] and result.errors == []


# -- XML entity expansion --------------------------------------------------------------------


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(entities) + "]>"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<link>https://wire.example/a</link><description>&lol9;</description></item>"
        "</channel></rss>"
    ).encode()


def _quadratic_blowup() -> bytes:
    return (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "A" * 50_000 + '">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<link>https://wire.example/a</link><description>" + "&a;" * 20_000 + "</description>"
        "</item></channel></rss>"
    ).encode()


@pytest.mark.slow
@pytest.mark.parametrize("document", [_billion_laughs(), _quadratic_blowup()])
def test_entity_expansion_ends_in_an_error_or_bounded_text(document):
    # Fully expanded, these would be 3 GB and 1 GB of text.
    try:
        feed = parse_feed(document, "https://wire.example/feed")
    except FeedError:
        return
    sizes = [len(item.title) + len(item.text) for item in feed.items]
    assert sum(sizes) < len(document)


# -- the environment -------------------------------------------------------------------------


def test_proxy_variables_are_ignored(news_server, settings, monkeypatch):
    proxy = NewsServer()
    try:
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(name, proxy.base)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        for trusted in (False, True):
            with Fetcher(settings, trusted=trusted) as fetcher:
                fetcher.get(news_server.route("/feed", FEED, content_type="application/xml"))
                assert not fetcher.client.trust_env
    finally:
        proxy.close()
    assert proxy.requests == [] and news_server.paths() == ["/feed", "/feed"]
