"""Feed items to articles, fetching and extracting the pages of items that only carry a teaser."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.ingest.feeds import FeedItem, ParsedFeed
from bot.ingest.fetch import Fetcher, FetchError
from bot.ingest.pages import ExtractError, extract_page
from bot.ingest.results import SourceResult, make_article, one_line
from bot.ingest.uid import article_uid
from bot.models import Article

log = logging.getLogger(__name__)

# `known(uid)` answers "is this article stored already?" so its page is not fetched again.
KnownCheck = Callable[[str], bool]


def _from_item(source: str, item: FeedItem, title: str, text: str, published: str | None):
    return make_article(
        source=source,
        title=title,
        text=text,
        url=item.url,
        guid=item.guid,
        published=published,
    )


def _with_page(source: str, item: FeedItem, fetcher: Fetcher, errors: list[str]) -> Article | None:
    """The item completed with its page's text; its own teaser when the page fails."""
    try:
        fetched = fetcher.get(item.url)
        page = extract_page(fetched.content, fetched.final_url, encoding=fetched.encoding)
    except (FetchError, ExtractError) as exc:
        errors.append(one_line(f"{source}: {exc}"))
        if not (item.title or item.text):
            return None
        return _from_item(source, item, item.title, item.text, item.published)
    text = page.text if len(page.text) >= len(item.text) else item.text
    return _from_item(
        source, item, item.title or page.title, text, item.published or page.published
    )


def feed_result(
    source: str,
    feed: ParsedFeed,
    fetcher: Fetcher,
    *,
    kind: str = "feed",
    known: KnownCheck | None = None,
) -> SourceResult:
    """Articles for every usable item of `feed`; per-item problems go to `errors`."""
    result = SourceResult(source=source, kind=kind, title=feed.title)
    for item in feed.items:
        if not (item.title or item.text or item.url):
            result.errors.append(one_line(f"{source}: item {item.guid or '?'} is empty, skipped"))
            continue
        if item.needs_fetch and item.url:
            uid = article_uid(item.url, item.guid, item.title, item.text)
            if known is None or not known(uid):
                article = _with_page(source, item, fetcher, result.errors)
                if article is not None:
                    result.articles.append(article)
                continue
        result.articles.append(_from_item(source, item, item.title, item.text, item.published))
    if not feed.items:
        result.errors.append(f"{source}: the feed has no items")
    log.debug("%s: %d items, %d articles", source, len(feed.items), len(result.articles))
    return result
