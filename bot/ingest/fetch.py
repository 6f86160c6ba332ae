"""HTTP fetching with manners and limits: conditional GET, timeouts, size cap, redirects.

Every hop of a redirect chain goes through `Fetcher._check_url`, so a later rule (e.g.
refusing private addresses) has one place to live.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import httpx

from bot.config import Settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, application/json;q=0.7, */*;q=0.1"
)
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

    Pass an `httpx.Client` to share a connection pool (it is not closed here); otherwise
    the fetcher owns one. Use as a context manager or call `close()`.
    """

    def __init__(self, settings: Settings, client: httpx.Client | None = None):
        self.settings = settings
        self._owns_client = client is None
        self.client = client or httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(settings.fetch_timeout),
            headers={"User-Agent": settings.user_agent},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def _check_url(self, url: str) -> None:
        """Refuse a URL before any request is sent to it (every redirect hop included)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"{url}: unsupported URL scheme {scheme or '(none)'!r}")

    def get(self, url: str, *, etag: str | None = None, modified: str | None = None) -> FetchResult:
        """Fetch `url`, following up to `fetch_max_redirects` redirects by hand.

        With `etag`/`modified` from an earlier fetch the request is conditional; a 304
        gives `not_modified=True` and no content. Raises `FetchError`.
        """
        deadline = time.monotonic() + self.settings.fetch_total_seconds
        headers = {"User-Agent": self.settings.user_agent, "Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        current = url
        hops = 0
        while True:
            try:
                self._check_url(current)
            except ValueError as exc:
                raise FetchError(f"{url}: invalid URL ({exc})") from None
            try:
                result, location = self._get_once(url, current, headers, deadline)
            except httpx.TimeoutException:
                raise FetchError(f"{url}: timed out") from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"{url}: invalid URL ({exc})") from None
            except httpx.ConnectError as exc:
                raise FetchError(f"{url}: connection failed ({_one_line(exc)})") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {_one_line(exc)}") from None
            if location is None:
                if result.not_modified:
                    return _keep_validators(result, etag, modified)
                return result
            hops += 1
            if hops > self.settings.fetch_max_redirects:
                raise FetchError(f"{url}: too many redirects ({self.settings.fetch_max_redirects})")
            current = location

    def _get_once(
        self, url: str, current: str, headers: dict[str, str], deadline: float
    ) -> tuple[FetchResult | None, str | None]:
        """One request: (result, None) for a final answer, (None, location) for a redirect."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{url}: timed out")
        timeout = httpx.Timeout(min(self.settings.fetch_timeout, remaining))
        request = self.client.build_request("GET", current, headers=headers, timeout=timeout)
        response = self.client.send(request, stream=True, follow_redirects=False)
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
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url}: response larger than {limit} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: timed out")
            chunks.append(chunk)
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content=b"".join(chunks),
            content_type=media_type,
            encoding=charset,
            etag=etag,
            modified=modified,
        )


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


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
