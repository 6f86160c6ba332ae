"""HTTP fetching with manners and limits: conditional GET, timeouts, size caps, redirects,
and the SSRF rules for URLs that users give.

Every hop of a redirect chain goes through `Fetcher._check_url`. A fetcher is untrusted
unless built with `trusted=True` (for the operator's own feeds): it then reaches public
addresses only, checked at connection time by `netguard.GuardedTransport`. A trusted
fetcher trusts the host of the URL it was asked for, no other: a redirect to another host
is fetched as untrusted.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin

import httpx

from bot.config import Settings
from bot.ingest.netguard import AddressRefused, GuardedTransport, UnsafeURL, check_url
from bot.ingest.results import error_line

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, application/json;q=0.7, */*;q=0.1"
)
# Only encodings we undo ourselves, in bounded steps (see `_Inflater`).
ACCEPT_ENCODING = "gzip, deflate"
DECODE_STEP = 64 * 1024
ACCEPTED_TYPES = frozenset(
    {
        "application/xml",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/x-rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/json",
        "application/feed+json",
    }
)


class FetchError(Exception):
    """A fetch failed; the message is one line naming the URL and the reason."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    encoding: str | None
    etag: str | None
    modified: str | None
    not_modified: bool = False


def _split_content_type(header: str | None) -> tuple[str | None, str | None]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'; (None, None) when absent."""
    if not header or not header.strip():
        return None, None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    return message.get_content_type(), (charset.strip().lower() if charset else None)


def accepted_content_type(media_type: str | None) -> bool:
    """Text, HTML, XML (RSS/Atom/RDF included) and JSON; a missing type is given a chance."""
    if media_type is None:
        return True
    return (
        media_type.startswith("text/")
        or media_type in ACCEPTED_TYPES
        or media_type.endswith(("+xml", "+json"))
    )


class Fetcher:
    """GETs one URL at a time under the limits in `settings`.

    Untrusted unless `trusted=True`: every URL and redirect hop must be http(s) on a public
    address (unless `settings.allow_private_urls`), and connections go only to addresses
    that were checked. `trusted=True` is for URLs the operator configured (PARTNERS_FEEDS,
    the command line): any address, still http(s) only. Pages that a feed links to are
    content, not configuration: fetch them with `for_link(page_url, feed_url)`.

    Pass an `httpx.Client` to share a connection pool (it is not closed here); otherwise
    the fetcher owns one. A given client brings its own transport, so an untrusted fetcher
    then checks URLs but not the addresses names resolve to (give the client a
    `netguard.GuardedTransport` to keep that). Use as a context manager or call `close()`.
    """

    def __init__(
        self, settings: Settings, client: httpx.Client | None = None, *, trusted: bool = False
    ):
        self.settings = settings
        self.trusted = trusted
        self._owns_client = client is None
        self.client = client or _new_client(settings, guarded=not self.allows_private)
        self._untrusted: Fetcher | None = None

    @property
    def allows_private(self) -> bool:
        """True when this fetcher may reach loopback, private and other internal addresses."""
        return self.trusted or self.settings.allow_private_urls

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._untrusted is not None:
            self._untrusted.close()
        if self._owns_client:
            self.client.close()

    def for_link(self, url: str, found_in: str) -> Fetcher:
        """The fetcher for a page that `found_in` (a feed) links to.

        A trusted fetcher trusts the host the operator named, not every link in its feed:
        a page on another host is fetched by an untrusted fetcher (made once, own pool).
        """
        if not self.trusted or _same_host(url, found_in):
            return self
        return self._untrusted_fetcher()

    def _untrusted_fetcher(self) -> Fetcher:
        if self._untrusted is None:
            self._untrusted = Fetcher(self.settings, trusted=False)
        return self._untrusted

    def _hop_fetcher(self, url: str, current: str) -> Fetcher:
        """Who fetches `current`, a hop of the fetch of `url`: this fetcher, unless it is
        trusted and the hop left the host it was asked for (then as untrusted)."""
        if self.trusted and not _same_host(current, url):
            return self._untrusted_fetcher()
        return self

    def _check_url(self, url: str) -> None:
        """Refuse a URL before any request is sent to it (every redirect hop included)."""
        try:
            check_url(url, allow_private=self.allows_private)
        except UnsafeURL as exc:
            raise FetchError(f"{url}: {exc}") from None

    def _check_hop(self, url: str, current: str) -> None:
        try:
            self._hop_fetcher(url, current)._check_url(current)
        except FetchError as exc:
            if current == url:
                raise
            raise FetchError(f"{url}: redirected to {exc}") from None
        except ValueError as exc:
            raise FetchError(f"{url}: invalid URL ({exc})") from None

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        modified: str | None = None,
        max_seconds: float | None = None,
    ) -> FetchResult:
        """Fetch `url`, following up to `fetch_max_redirects` redirects by hand.

        With `etag`/`modified` from an earlier fetch the request is conditional; a 304
        gives `not_modified=True` and no content. `max_seconds` shortens the total-time
        limit (e.g. to what is left of a budget). Raises `FetchError`.
        """
        seconds = self.settings.fetch_total_seconds
        if max_seconds is not None:
            seconds = min(seconds, max_seconds)
        deadline = time.monotonic() + seconds
        headers = {
            "User-Agent": self.settings.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        current = url
        hops = 0
        while True:
            self._check_hop(url, current)
            result, location = self._get_once_mapped(url, current, headers, deadline)
            if location is None:
                if result.not_modified:
                    return _keep_validators(result, etag, modified)
                return result
            hops += 1
            if hops > self.settings.fetch_max_redirects:
                raise FetchError(f"{url}: too many redirects ({self.settings.fetch_max_redirects})")
            current = location

    def _get_once_mapped(
        self, url: str, current: str, headers: dict[str, str], deadline: float
    ) -> tuple[FetchResult | None, str | None]:
        """`_get_once` with httpx's exceptions turned into one-line `FetchError`s."""
        try:
            return self._get_once(url, current, headers, deadline)
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"{url}: invalid URL ({error_line(exc)})") from None
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, AddressRefused):
                where = "" if current == url else f"redirected to {current}: "
                raise FetchError(f"{url}: {where}{error_line(exc)}") from None
            raise FetchError(f"{url}: connection failed ({error_line(exc)})") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {error_line(exc)}") from None

    def _get_once(
        self, url: str, current: str, headers: dict[str, str], deadline: float
    ) -> tuple[FetchResult | None, str | None]:
        """One request: (result, None) for a final answer, (None, location) for a redirect."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{url}: timed out")
        timeout = httpx.Timeout(min(self.settings.fetch_timeout, remaining))
        client = self._hop_fetcher(url, current).client
        request = client.build_request("GET", current, headers=headers, timeout=timeout)
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if response.status_code in REDIRECT_STATUSES:
                location = response.headers.get("location", "").strip()
                if not location:
                    raise FetchError(f"{url}: HTTP {response.status_code} without a Location")
                return None, urljoin(current, location)
            return self._read(url, current, response, deadline), None
        finally:
            response.close()

    def _read(
        self, url: str, current: str, response: httpx.Response, deadline: float
    ) -> FetchResult:
        status = response.status_code
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if status == 304:
            return FetchResult(url, current, status, b"", None, None, etag, modified, True)
        if not 200 <= status < 300:
            raise FetchError(f"{url}: HTTP {status}")
        media_type, charset = _split_content_type(response.headers.get("content-type"))
        if not accepted_content_type(media_type):
            raise FetchError(f"{url}: unsupported content type {media_type}")
        limit = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url}: response larger than {limit} bytes")
        inflater = _inflater_for(url, response.headers.get("content-encoding"))
        too_large = f"{url}: response larger than {limit} bytes"
        if inflater is not None:
            too_large += " once decompressed"
        body = bytearray()
        received = 0
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > limit:
                raise FetchError(f"{url}: response larger than {limit} bytes")
            for piece in inflater.feed(chunk) if inflater else (chunk,):
                if len(body) + len(piece) > limit:
                    raise FetchError(too_large)
                body += piece
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: timed out")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: timed out")
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content=bytes(body),
            content_type=media_type,
            encoding=charset,
            etag=etag,
            modified=modified,
        )


def _new_client(settings: Settings, *, guarded: bool) -> httpx.Client:
    """A client that ignores proxy variables and .netrc (`trust_env=False`); `guarded`, its
    connections reach checked public addresses only."""
    transport = GuardedTransport() if guarded else httpx.HTTPTransport()
    return httpx.Client(
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(settings.fetch_timeout),
        headers={"User-Agent": settings.user_agent},
    )


def _same_host(url: str, other: str) -> bool:
    """Same host name and port (the scheme's default port when none is written)."""
    try:
        here, there = httpx.URL(url), httpx.URL(other)
    except (httpx.InvalidURL, ValueError, TypeError):
        return False
    default = {"http": 80, "https": 443}
    return bool(here.raw_host) and (here.raw_host, here.port or default.get(here.scheme)) == (
        there.raw_host,
        there.port or default.get(there.scheme),
    )


# -- content encodings ---------------------------------------------------------------------


def _inflater_for(url: str, header: str | None) -> _Inflater | None:
    """The decoder a Content-Encoding needs: None for none; gzip and deflate only."""
    codings = [c.strip().lower() for c in (header or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"{url}: unsupported content encoding {', '.join(codings)}")
    return _Inflater(url, gzip=codings[0] != "deflate")


class _Inflater:
    """Undoes gzip or deflate in steps of at most `DECODE_STEP` output bytes, so a small
    compressed chunk cannot expand into a huge one before the size cap sees it."""

    def __init__(self, url: str, *, gzip: bool):
        self.url = url
        self.gzip = gzip
        self._members = 0
        self._decoder: zlib._Decompress | None = None
        self._carry = b""
        self._done = False

    def _start(self, data: bytes) -> zlib._Decompress | None:
        """A decoder for the member starting at `data` (>= 2 bytes); None for trailing junk."""
        self._members += 1
        if not self.gzip:
            zlib_header = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        if data[:2] == b"\x1f\x8b":
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self._members == 1:
            raise FetchError(f"{self.url}: damaged compressed body (not gzip)")
        return None

    def feed(self, data: bytes) -> Iterator[bytes]:
        data, self._carry = self._carry + data, b""
        try:
            while not self._done:
                if self._decoder is None:
                    if len(data) < 2:
                        self._carry = data
                        return
                    self._decoder = self._start(data)
                    if self._decoder is None:
                        self._done = True
                        return
                out = self._decoder.decompress(data, DECODE_STEP)
                if out:
                    yield out
                if self._decoder.eof:
                    data, self._decoder = self._decoder.unused_data, None
                    self._done = not self.gzip  # gzip bodies may hold several members
                    continue
                data = self._decoder.unconsumed_tail
                if not data and len(out) < DECODE_STEP:
                    return
        except zlib.error as exc:
            raise FetchError(f"{self.url}: damaged compressed body ({exc})") from None


def _keep_validators(result: FetchResult, etag: str | None, modified: str | None) -> FetchResult:
    """A 304 may omit the validators; the ones we sent are still the current ones."""
    return FetchResult(
        url=result.url,
        final_url=result.final_url,
        status=result.status,
        content=b"",
        content_type=None,
        encoding=None,
        etag=result.etag or etag,
        modified=result.modified or modified,
        not_modified=True,
    )
