"""Feed items to articles, fetching and extracting the pages of items that only carry a teaser."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.ingest.feeds import FeedItem, ParsedFeed
from bot.ingest.fetch import Fetcher, FetchError
from bot.ingest.pages import ExtractError, extract_page
from bot.ingest.results import SourceResult, make_article, one_line
from bot.ingest.uid import article_uid
from bot.models import Article

log = logging.getLogger(__name__)

# `known(uid)` answers "is this article stored already?" so its page is not fetched again.
KnownCheck = Callable[[str], bool]


@dataclass(frozen=True)
class PageBudget:
    """What fetching the pages of one feed's teaser items may cost at most, so one slow
    site cannot multiply the worst case of a fetch by the number of its items."""

    pages: int = 20
    seconds: float = 60.0


class _Spending:
    """A `PageBudget` being spent; the clock starts at the first page."""

    def __init__(self, budget: PageBudget):
        self.budget = budget
        self.fetched = 0
        self.skipped = 0
        self._started: float | None = None

    def seconds_left(self) -> float:
        if self._started is None:
            return self.budget.seconds
        return self.budget.seconds - (time.monotonic() - self._started)

    def take(self) -> float | None:
        """Seconds the next page may take, or None when the budget is spent."""
        left = self.seconds_left()
        if self.fetched >= self.budget.pages or left <= 0:
            self.skipped += 1
            return None
        if self._started is None:
            self._started = time.monotonic()
        self.fetched += 1
        return left

    def report(self, source: str) -> str | None:
        if not self.skipped:
            return None
        return (
            f"{source}: page budget spent ({self.budget.pages} pages or"
            f" {self.budget.seconds:g} s per feed); {self.skipped} pages not fetched,"
            " their items keep the feed's text"
        )


def _from_item(source: str, item: FeedItem, title: str, text: str, published: str | None):
    return make_article(
        source=source,
        title=title,
        text=text,
        url=item.url,
        guid=item.guid,
        published=published,
    )


def _with_page(
    source: str, item: FeedItem, fetcher: Fetcher, errors: list[str], seconds: float
) -> Article | None:
    """The item completed with its page's text; its own teaser when the page fails."""
    try:
        fetched = fetcher.for_link(item.url, source).get(item.url, max_seconds=seconds)
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
    budget: PageBudget | None = None,
) -> SourceResult:
    """Articles for every usable item of `feed`; per-item problems go to `errors`.

    Teaser items have their pages fetched within `budget` (default `PageBudget()`); past
    it they keep their feed text, and one error line says so.
    """
    result = SourceResult(source=source, kind=kind, title=feed.title)
    spending = _Spending(budget or PageBudget())
    for item in feed.items:
        if not (item.title or item.text or item.url):
            result.errors.append(one_line(f"{source}: item {item.guid or '?'} is empty, skipped"))
            continue
        if item.needs_fetch and item.url:
            uid = article_uid(item.url, item.guid, item.title, item.text)
            if known is None or not known(uid):
                seconds = spending.take()
                if seconds is not None:
                    article = _with_page(source, item, fetcher, result.errors, seconds)
                    if article is not None:
                        result.articles.append(article)
                    continue
                if not (item.title or item.text):
                    continue
        result.articles.append(_from_item(source, item, item.title, item.text, item.published))
    if not feed.items:
        result.errors.append(f"{source}: the feed has no items")
    overspent = spending.report(source)
    if overspent:
        result.errors.append(overspent)
    log.debug("%s: %d items, %d articles", source, len(feed.items), len(result.articles))
    return result
