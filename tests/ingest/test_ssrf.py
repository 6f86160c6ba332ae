"""URLs users give reach public addresses only: every spelling of an internal address, names
that resolve to one, redirects to one, and other schemes are refused before any request.

No real DNS and no real internet: `fake_dns` stands in for the resolver and `fake_internet`
routes a few made-up public addresses to loopback servers. A `forbidden` server stands for
everything internal: no test may ever reach it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import httpcore
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import Settings
from bot.ingest import netguard
from bot.ingest.collect import feed_result
from bot.ingest.feeds import parse_feed
from bot.ingest.fetch import Fetcher, FetchError
from bot.ingest.ingestor import Ingestor
from bot.ingest.netguard import (
    UnsafeURL,
    address_problem,
    check_url,
    check_user_url,
    is_public_address,
    literal_address,
)
from bot.store import open_db

from .conftest import NewsServer
from .documents import DEAL, article_page, rss

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
# Made-up public addresses (global unicast, not documentation ranges); never really dialled.
PUBLIC = "93.184.215.14"
OTHER_PUBLIC = "151.101.1.69"


class FakeDNS:
    """Names -> addresses; literal addresses resolve to themselves; anything else fails."""

    def __init__(self) -> None:
        self.records: dict[str, list[str]] = {}
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        if host not in self.records:
            raise httpcore.ConnectError(f"cannot resolve {host} (no DNS in tests)")
        return list(self.records[host])


class FakeInternet:
    """Connections to the made-up public addresses go to 127.0.0.1 on the same port;
    a connection to any other address fails the test."""

    def __init__(self) -> None:
        self.dialled: list[tuple[str, int]] = []

    def __call__(self, address, port, timeout, local_address, socket_options):
        self.dialled.append((address, port))
        assert address in (PUBLIC, OTHER_PUBLIC), f"tried to reach {address} for real"
        return httpcore.SyncBackend().connect_tcp(
            "127.0.0.1", port, timeout=timeout, socket_options=socket_options
        )


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch) -> FakeDNS:
    dns = FakeDNS()
    monkeypatch.setattr(netguard, "resolve", dns)
    return dns


@pytest.fixture(autouse=True)
def fake_internet(monkeypatch) -> FakeInternet:
    internet = FakeInternet()
    monkeypatch.setattr(netguard, "open_stream", internet)
    return internet


@pytest.fixture
def forbidden() -> Iterator[NewsServer]:
    """An internal service on loopback; each test checks nobody reached it."""
    server = NewsServer()
    server.route("/", FEED, content_type="application/xml")
    server.route("/secret", FEED, content_type="application/xml")
    yield server
    server.close()


@pytest.fixture
def news_site(fake_dns) -> Iterator[NewsServer]:
    """A 'public' news site: news.example resolves to a made-up public address that the
    fake internet routes to this loopback server."""
    server = NewsServer()
    fake_dns.records["news.example"] = [PUBLIC]
    yield server
    server.close()


def port_of(server: NewsServer) -> int:
    return server.httpd.server_address[1]


def site_url(server: NewsServer, path: str) -> str:
    return f"http://news.example:{port_of(server)}{path}"


@pytest.fixture
def strict() -> Settings:
    return Settings(
        fetch_timeout=0.5, fetch_total_seconds=1.5, fetch_max_redirects=3, user_agent="t/1"
    )


@pytest.fixture
def user_fetcher(strict) -> Iterator[Fetcher]:
    with Fetcher(strict) as fetcher:
        yield fetcher


# -- internal addresses, however they are spelled -------------------------------------------

INTERNAL_HOSTS = [
    "127.0.0.1",
    "127.0.0.1.",
    "localhost",
    "LOCALHOST.",
    "api.localhost",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "2130706433",
    "0x7f.0.0.1",
    "0x7f.1",
    "0177.0.0.1",
    "017700000001",
    "127.1",
    "0.0.0.0",
    "0",
    "[::]",
    "[fe80::1%25lo]",
    "10.0.0.8",
    "169.254.169.254",
    "100.64.0.1",
    "metadata.google.internal",
    "printer.local",
    "intranet",
]


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_internal_hosts_are_refused_before_any_request(user_fetcher, forbidden, host, strict):
    url = f"http://{host}:{port_of(forbidden)}/secret"
    with pytest.raises(FetchError, match=r"not a public|local host name|not a valid"):
        user_fetcher.get(url)
    assert check_user_url(url, strict) is not None
    assert forbidden.requests == []


def test_a_public_name_resolving_to_loopback_is_refused_at_connection(
    user_fetcher, forbidden, fake_dns, fake_internet, strict
):
    fake_dns.records["innocent.example"] = ["127.0.0.1"]
    url = f"http://innocent.example:{port_of(forbidden)}/secret"
    assert check_user_url(url, strict) is None  # the cheap check cannot know
    message = "innocent.example resolves to 127.0.0.1, not a public address (loopback)"
    assert check_user_url(url, strict, resolve_host=True) == message
    with pytest.raises(FetchError) as caught:
        user_fetcher.get(url)
    assert str(caught.value) == f"{url}: {message}"
    assert forbidden.requests == [] and fake_internet.dialled == []


def test_one_internal_address_among_public_ones_is_enough_to_refuse(
    user_fetcher, forbidden, fake_dns, fake_internet
):
    fake_dns.records["mixed.example"] = [PUBLIC, "10.1.2.3"]
    with pytest.raises(FetchError, match=r"resolves to 10\.1\.2\.3, not a public address"):
        user_fetcher.get(f"http://mixed.example:{port_of(forbidden)}/secret")
    assert forbidden.requests == [] and fake_internet.dialled == []


def test_a_public_site_is_fetched_by_its_checked_address_and_its_name(
    user_fetcher, news_site, fake_dns, fake_internet
):
    news_site.route("/feed", FEED, content_type="application/rss+xml")
    url = site_url(news_site, "/feed")
    result = user_fetcher.get(url)
    assert result.content == FEED and result.final_url == url
    # One lookup, the checked address dialled, the name kept for the Host header.
    assert fake_dns.lookups == ["news.example"]
    assert fake_internet.dialled == [(PUBLIC, port_of(news_site))]
    assert news_site.requests[0].headers["Host"] == f"news.example:{port_of(news_site)}"


def test_dns_rebinding_gets_no_second_lookup(user_fetcher, news_site, fake_internet, monkeypatch):
    class Rebinding(FakeDNS):
        def __call__(self, host, port):
            answer = super().__call__(host, port)
            self.records[host] = ["127.0.0.1"]  # every later answer points inside
            return answer

    rebinding = Rebinding()
    rebinding.records["news.example"] = [PUBLIC]
    monkeypatch.setattr(netguard, "resolve", rebinding)
    news_site.route("/feed", FEED, content_type="application/xml")
    assert user_fetcher.get(site_url(news_site, "/feed")).content == FEED
    assert rebinding.lookups == ["news.example"]
    assert fake_internet.dialled == [(PUBLIC, port_of(news_site))]


# -- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("target_host", ["127.0.0.1", "2130706433", "localhost", "[::1]"])
def test_redirect_to_an_internal_literal_is_refused(
    user_fetcher, news_site, forbidden, target_host
):
    target = f"http://{target_host}:{port_of(forbidden)}/secret"
    news_site.redirect("/moved", target)
    url = site_url(news_site, "/moved")
    with pytest.raises(FetchError) as caught:
        user_fetcher.get(url)
    assert str(caught.value).startswith(f"{url}: redirected to {target}: ")
    assert news_site.paths() == ["/moved"] and forbidden.requests == []


def test_redirect_to_a_name_resolving_inside_is_refused(
    user_fetcher, news_site, forbidden, fake_dns
):
    fake_dns.records["cdn.example"] = ["192.168.1.20"]
    target = f"http://cdn.example:{port_of(forbidden)}/secret"
    news_site.redirect("/moved", target)
    with pytest.raises(
        FetchError, match=r"redirected to .*cdn\.example resolves to 192\.168\.1\.20"
    ):
        user_fetcher.get(site_url(news_site, "/moved"))
    assert forbidden.requests == []


def test_redirect_between_public_sites_is_followed(user_fetcher, news_site, fake_dns):
    fake_dns.records["www.news.example"] = [OTHER_PUBLIC]
    news_site.route("/feed", FEED, content_type="application/xml")
    news_site.redirect("/old", f"http://www.news.example:{port_of(news_site)}/feed", status=301)
    result = user_fetcher.get(site_url(news_site, "/old"))
    assert result.content == FEED
    assert result.final_url == f"http://www.news.example:{port_of(news_site)}/feed"


# -- schemes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,scheme",
    [
        ("file:///etc/passwd", "file"),
        ("gopher://127.0.0.1:70/_stats", "gopher"),
        ("ftp://ftp.example/feed.xml", "ftp"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<p>x</p>", "data"),
    ],
)
def test_other_schemes_are_refused_with_a_clear_message(user_fetcher, strict, url, scheme):
    assert check_user_url(url, strict) == f"unsupported URL scheme {scheme!r}"
    with pytest.raises(FetchError, match=f"unsupported URL scheme '{scheme}'$"):
        user_fetcher.get(url)


def test_redirect_to_file_is_refused(user_fetcher, news_site):
    news_site.redirect("/sneaky", "file:///etc/passwd")
    with pytest.raises(FetchError, match="redirected to file:///etc/passwd: unsupported URL"):
        user_fetcher.get(site_url(news_site, "/sneaky"))


# -- when private addresses are allowed, and trusted fetchers --------------------------------


def test_allow_private_urls_reaches_the_loopback_server(forbidden, strict):
    settings = Settings(**{**strict.__dict__, "allow_private_urls": True})
    url = forbidden.url("/secret")
    assert check_user_url(url, settings) is None
    with Fetcher(settings) as fetcher:
        assert fetcher.get(url).content == FEED
    assert forbidden.paths() == ["/secret"]


def test_a_trusted_fetcher_reaches_the_loopback_server(forbidden, strict):
    with Fetcher(strict, trusted=True) as fetcher:
        assert fetcher.get(forbidden.url("/secret")).content == FEED
        with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
            fetcher.get("file:///etc/passwd")
    assert forbidden.paths() == ["/secret"]


def test_a_trusted_feed_does_not_lend_its_trust_to_links_elsewhere(forbidden, strict):
    """The operator trusts the feed's host (name and port), not every link in the feed."""
    feed_host = NewsServer()
    try:
        own = feed_host.route("/article", article_page("On the feed's host", *DEAL))
        items = [
            {"title": "On the feed's host", "link": own, "description": "short"},
            {"title": "Elsewhere", "link": f"http://localhost:{port_of(forbidden)}/secret"},
            {"title": "Other port", "link": f"http://127.0.0.1:{port_of(forbidden)}/secret"},
        ]
        feed_url = feed_host.route("/feed", rss(*items), content_type="application/rss+xml")
        with Fetcher(strict, trusted=True) as fetcher:
            fetched = fetcher.get(feed_url)
            result = feed_result(feed_url, parse_feed(fetched.content, feed_url), fetcher)
    finally:
        feed_host.close()
    assert feed_host.paths() == ["/feed", "/article"]
    assert forbidden.requests == []
    assert [e.split(": ", 1)[1] for e in result.errors] == [
        f"http://localhost:{port_of(forbidden)}/secret: localhost is a local host name",
        f"http://127.0.0.1:{port_of(forbidden)}/secret:"
        " 127.0.0.1 is not a public address (loopback)",
    ]
    assert [a.title for a in result.articles] == ["On the feed's host", "Elsewhere", "Other port"]


def test_a_trusted_feeds_link_that_redirects_to_another_host_is_checked_as_untrusted(
    forbidden, strict
):
    """Regression: an item link on the feed's own host redirected to another local address,
    and that page was fetched and stored as the article."""
    feed_host = NewsServer()
    try:
        target = f"http://127.0.0.1:{port_of(forbidden)}/secret"
        link = feed_host.redirect("/article", target)
        items = [{"title": "Moved", "link": link, "description": "short"}]
        feed_url = feed_host.route("/feed", rss(*items), content_type="application/rss+xml")
        with Fetcher(strict, trusted=True) as fetcher:
            fetched = fetcher.get(feed_url)
            result = feed_result(feed_url, parse_feed(fetched.content, feed_url), fetcher)
    finally:
        feed_host.close()
    assert feed_host.paths() == ["/feed", "/article"]
    assert forbidden.requests == []
    assert [e.split(": ", 1)[1] for e in result.errors] == [
        f"{link}: redirected to {target}: 127.0.0.1 is not a public address (loopback)"
    ]
    assert [a.text for a in result.articles] == ["short"]  # the feed's own text, kept


def test_a_configured_feed_that_redirects_to_another_host_is_checked_as_untrusted(
    forbidden, strict
):
    feed_host = NewsServer()
    try:
        feed_url = feed_host.redirect("/feed", f"http://localhost:{port_of(forbidden)}/secret")
        with Fetcher(strict, trusted=True) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.get(feed_url)
    finally:
        feed_host.close()
    assert "redirected to" in str(caught.value) and "local host name" in str(caught.value)
    assert forbidden.requests == []


def test_a_configured_feed_may_redirect_on_its_own_host(forbidden, strict):
    """The operator named the host: a redirect that stays on it keeps its trust."""
    moved = forbidden.redirect("/old-feed", "/secret", status=301)
    with Fetcher(strict, trusted=True) as fetcher:
        result = fetcher.get(moved)
    assert result.content == FEED and forbidden.paths() == ["/old-feed", "/secret"]


def test_a_configured_feed_may_redirect_to_a_public_site(
    forbidden, news_site, fake_internet, strict
):
    """Another host is not refused for being another host: it is checked as any user URL
    is, by the address its name resolves to, and then fetched."""
    news_site.route("/feed", FEED, content_type="application/rss+xml")
    moved = forbidden.redirect("/old-feed", site_url(news_site, "/feed"))
    with Fetcher(strict, trusted=True) as fetcher:
        assert fetcher.get(moved).content == FEED
    assert fake_internet.dialled == [(PUBLIC, port_of(news_site))]


def test_a_users_feed_on_a_name_that_resolves_inside_is_refused_when_read(
    forbidden, fake_dns, fake_internet, strict, tmp_path
):
    """`feeds add` cannot resolve names when DNS is down (`127.0.0.1.nip.io`,
    `localtest.me` are then accepted); reading the feed resolves the name and checks
    every address it gets, on the connection itself."""
    url = f"http://127.0.0.1.nip.example:{port_of(forbidden)}/secret"
    assert check_user_url(url, strict) is None  # accepted without a lookup
    fake_dns.records["127.0.0.1.nip.example"] = ["127.0.0.1"]
    settings = Settings(**{**strict.__dict__, "db_path": tmp_path / "partners.db"})
    db = open_db(settings.db_path)
    try:
        summary = Ingestor(settings, db, NoAnalysis()).ingest([url])  # a user's: untrusted
    finally:
        db.close()
    assert summary.errors == [
        f"{url}: 127.0.0.1.nip.example resolves to 127.0.0.1, not a public address (loopback)"
    ]
    assert forbidden.requests == [] and fake_internet.dialled == []


class NoAnalysis:
    def add_aliases(self, aliases) -> None:
        pass

    def analyze_many(self, batch):
        assert batch == [], "nothing should have been read"
        return []


# -- the URL check on its own ----------------------------------------------------------------


@pytest.mark.parametrize(
    "host,expected",
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0x", "0.0.0.0"),
        ("8.8.8.8", "8.8.8.8"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
        ("fe80::1%25eth0", "fe80::1%eth0"),
        ("example.com", None),
        ("1e3.example", None),
    ],
)
def test_literal_addresses_in_every_spelling(host, expected):
    found = literal_address(host)
    assert (str(found) if found else None) == expected


@pytest.mark.parametrize("host", ["999.1.1.1", "1.2.3.4.5", "1..1", "0x1g.1", "256.256", "08.1"])
def test_hosts_ending_in_a_number_must_be_valid_addresses(host):
    with pytest.raises(UnsafeURL, match="not a valid address"):
        literal_address(host)


@pytest.mark.parametrize(
    "address,problem",
    [
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.0.1", "private"),
        ("127.0.0.53", "loopback"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", ""),
        ("0.0.0.0", "unspecified"),
        ("192.0.2.1", ""),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "scoped"),
        ("fec0::1", "site-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "IPv6 form of 10.0.0.1, private"),
        ("2002:a00:1::", "IPv6 form of 10.0.0.1, private"),
        ("64:ff9b::7f00:1", "IPv6 form of 127.0.0.1, loopback"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "IPv6 form of 192.0.2.45"),
        ("8.8.8.8", None),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_problems(address, problem):
    """`problem` is the start of the reason; "" where Python versions word it differently."""
    found = address_problem(ipaddress.ip_address(address))
    if problem is None:
        assert found is None and is_public_address(address)
    else:
        assert found and found.startswith(problem) and not is_public_address(address)


def test_check_url_accepts_public_web_urls():
    for url in [
        "https://news.example/feed",
        "http://93.184.215.14:8080/x",
        "https://[2606:4700::1]/",
    ]:
        check_url(url)


URLISH = st.builds(
    "{}://{}{}/{}".format,
    st.sampled_from(["http", "https", "HTTP", "file", "gopher", "ftp", "", "h\u0000"]),
    st.one_of(
        st.text(max_size=30),
        st.sampled_from([*INTERNAL_HOSTS, "news.example", "[::1", "a..b", "ex\u00e4mple.de"]),
    ),
    st.sampled_from(["", ":80", ":0", ":99999", ":-1", ":x"]),
    st.text(max_size=10),
)


@given(url=st.one_of(st.text(max_size=80), URLISH), allow=st.booleans())
def test_check_user_url_never_raises(url, allow):
    settings = Settings(allow_private_urls=allow)
    answer = check_user_url(url, settings)
    assert answer is None or (isinstance(answer, str) and answer and "\n" not in answer)


@given(address=st.one_of(st.text(max_size=50), st.ip_addresses().map(str)))
def test_is_public_address_never_raises(address):
    assert is_public_address(address) in (True, False)
