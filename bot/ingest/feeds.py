"""Feed documents to items: RSS 0.9x/1.0/2.0, Atom, RDF and CDF through feedparser,
JSON Feed by hand (feedparser 6.0 does not read it)."""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from xml.sax import SAXParseException

import feedparser

from bot.dates import utc_iso
from bot.ingest.html_text import clean_text, html_to_text, looks_like_html

log = logging.getLogger(__name__)

# Larger documents are refused before parsing; the fetcher's cap is normally lower.
MAX_FEED_BYTES = 20_000_000
# A description at least this long (in plain-text characters) is taken as the full text.
FULL_TEXT_CHARS = 400
JSON_FEED_PREFIX = "https://jsonfeed.org/version/"


class FeedError(ValueError):
    """The document is not a feed we can read; the message is one line."""


@dataclass(frozen=True)
class FeedItem:
    guid: str | None
    url: str | None
    title: str
    text: str
    published: str | None
    needs_fetch: bool = False


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    items: list[FeedItem] = field(default_factory=list)


def _web_url(link: str | None) -> str | None:
    """An absolute http(s) link, or None: a relative link we cannot resolve is no link."""
    link = (link or "").strip()
    return link if link.lower().startswith(("http://", "https://")) else None


def _plain(value: str | None, content_type: str | None = None) -> str:
    if not value:
        return ""
    if content_type == "text/plain" or (content_type is None and not looks_like_html(value)):
        return clean_text(value)
    return html_to_text(value)


def _choose_text(summary: str, contents: list[tuple[str, str | None]]) -> tuple[str, bool]:
    """(text, needs_fetch): the longest full content, else the description, which is the
    full text only when it is long."""
    best = max((_plain(value, kind) for value, kind in contents), key=len, default="")
    if best:
        return (best if len(best) >= len(summary) else summary), False
    return summary, len(summary) < FULL_TEXT_CHARS


def _item(entry: dict) -> FeedItem:
    summary_type = (entry.get("summary_detail") or {}).get("type")
    summary = _plain(entry.get("summary"), summary_type)
    contents = [
        (c.get("value") or "", c.get("type")) for c in entry.get("content") or [] if c.get("value")
    ]
    text, needs_fetch = _choose_text(summary, contents)
    url = _web_url(entry.get("link"))
    guid = (entry.get("id") or "").strip() or None
    published = utc_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    title = _plain(entry.get("title"), (entry.get("title_detail") or {}).get("type"))
    return FeedItem(
        guid=guid,
        url=url,
        title=" ".join(title.split()),
        text=text,
        published=published,
        needs_fetch=needs_fetch and url is not None,
    )


def _is_json(content: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type:
        return True
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _json_str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _json_item(raw: dict) -> FeedItem:
    content = html_to_text(_json_str(raw.get("content_html"))) or clean_text(
        _json_str(raw.get("content_text"))
    )
    summary = clean_text(_json_str(raw.get("summary")))
    text, needs_fetch = _choose_text(summary, [(content, "text/plain")])
    url = _web_url(_json_str(raw.get("url"))) or _web_url(_json_str(raw.get("external_url")))
    guid = raw.get("id")
    guid = str(guid).strip() if isinstance(guid, str | int) and str(guid).strip() else None
    return FeedItem(
        guid=guid,
        url=url,
        title=" ".join(clean_text(_json_str(raw.get("title"))).split()),
        text=text,
        published=utc_iso(raw.get("date_published")) or utc_iso(raw.get("date_modified")),
        needs_fetch=needs_fetch and url is not None,
    )


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(content.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"{url}: not a feed (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or not _json_str(data.get("version")).startswith(
        JSON_FEED_PREFIX
    ):
        raise FeedError(f"{url}: not a feed (JSON without a JSON Feed version)")
    items = data.get("items")
    entries = [raw for raw in items if isinstance(raw, dict)] if isinstance(items, list) else []
    title = " ".join(_json_str(data.get("title")).split()) or None
    return ParsedFeed(title=title, items=[_json_item(raw) for raw in entries])


def parse_feed(content: bytes, url: str, *, content_type: str | None = None) -> ParsedFeed:
    """Parse a feed document into items with plain-text bodies.

    Items without a full body are marked `needs_fetch` (their page must be extracted).
    Raises `FeedError` when the document is not a feed.
    """
    if len(content) > MAX_FEED_BYTES:
        raise FeedError(f"{url}: feed larger than {MAX_FEED_BYTES} bytes")
    if not content.strip():
        raise FeedError(f"{url}: empty document")
    if _is_json(content, content_type):
        return _parse_json_feed(content, url)
    headers = {}
    if url.startswith(("http://", "https://")):
        headers["content-location"] = url  # base for relative links
    if content_type:
        headers["content-type"] = content_type
    # A stream, never bytes: feedparser would try to open bytes as a file name or URL.
    try:
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    except Exception as exc:  # feedparser's loose parser has crash bugs on hostile input
        log.debug("feedparser failed on %s", url, exc_info=True)
        raise FeedError(f"{url}: not a feed (parser failed: {type(exc).__name__})") from None
    entries = parsed.get("entries") or []
    feed = parsed.get("feed") or {}
    title_type = (feed.get("title_detail") or {}).get("type")
    title = " ".join(_plain(feed.get("title"), title_type).split())
    if not entries and not parsed.get("version"):
        raise FeedError(f"{url}: not a feed{_reason(parsed)}")
    if not entries and parsed.get("bozo") and not title:
        raise FeedError(f"{url}: not a feed{_reason(parsed)}")
    return ParsedFeed(title=title or None, items=[_item(entry) for entry in entries])


def _reason(parsed: dict) -> str:
    exc = parsed.get("bozo_exception")
    if not exc:
        return ""
    if isinstance(exc, SAXParseException):
        text = f"line {exc.getLineNumber()}: {exc.getMessage()}"
    else:
        text = " ".join(str(exc).split())[:160]
    return f" ({text})" if text else ""
