"""Feed polling: every due feed ingested through `ingest_fn(url)` (an `IngestPool` in
production), a few at a time per host; a failing feed backs off exponentially."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlite_utils import Database

from bot.config import Settings
from bot.ingest.locations import source_key
from bot.store import feeds as feed_store
from bot.store.clock import iso, utc_now

log = logging.getLogger(__name__)

MAX_FEED_BACKOFF = timedelta(hours=24)
PER_HOST = 2  # feeds fetched at once from one host


@dataclass
class PollSummary:
    """What one polling round did."""

    due: int = 0
    backing_off: int = 0
    new_stories: int = 0
    partnerships: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.due} feeds polled ({self.backing_off} backing off): {self.new_stories} new"
            f" stories, {self.partnerships} new partnerships, {len(self.errors)} errors"
        )


def feed_backoff(poll_minutes: int, error_count: int) -> timedelta:
    """How long a feed that failed `error_count` times in a row rests before the next try."""
    return min(timedelta(minutes=poll_minutes) * 2 ** min(error_count, 16), MAX_FEED_BACKOFF)


def _host(url: str) -> str:
    return urlsplit(url).hostname or "local"


def poll_feeds(
    settings: Settings,
    db: Database,
    ingest_fn: Callable[[str], object],
    *,
    now: datetime | None = None,
    per_host: int = PER_HOST,
    workers: int = 4,
) -> PollSummary:
    """Poll every due feed through `ingest_fn(url)` (an `IngestPool` in production), at most
    `per_host` at once per host; a failing feed backs off exponentially (`next_poll_at`)."""
    now = now or utc_now()
    summary = PollSummary()
    configured = tuple(source_key(f) for f in settings.feeds)
    feed_store.register_operator_feeds(db, configured)
    due = []
    for url, (next_poll_at, active) in feed_store.poll_states(db, configured).items():
        if not active:
            continue
        if next_poll_at and next_poll_at > iso(now):
            summary.backing_off += 1
        else:
            due.append(url)
    summary.due = len(due)
    if not due:
        return summary
    limits: dict[str, threading.Semaphore] = {}
    for url in due:
        limits.setdefault(_host(url), threading.Semaphore(per_host))

    def poll_one(url: str) -> object:
        with limits[_host(url)]:
            return ingest_fn(url)

    with ThreadPoolExecutor(max_workers=min(workers, len(due))) as pool:
        futures = {url: pool.submit(poll_one, url) for url in due}
        for url, future in futures.items():
            try:
                result = future.result()
            except Exception as exc:  # a worker crash must not stop the other feeds
                log.warning("feed %s: ingest failed: %s", url, exc)
                feed = feed_store.ensure_feed(db, url)
                feed_store.record_error(db, feed.id, f"{type(exc).__name__}: {exc}")
                summary.errors.append(f"{url}: {exc}")
            else:
                summary.new_stories += getattr(result, "new_stories", 0)
                summary.partnerships += getattr(result, "partnerships", 0)
                summary.errors.extend(getattr(result, "errors", []))
            _schedule_next_poll(settings, db, url, now)
    log.info("poll: %s", summary.line())
    return summary


def _schedule_next_poll(settings: Settings, db: Database, url: str, now: datetime) -> None:
    feed = feed_store.get_feed(db, url)
    if feed is None:
        return
    when = None
    if feed.error_count:
        when = iso(now + feed_backoff(settings.poll_minutes, feed.error_count))
        log.info("feed %s: %d errors in a row, next try %s", url, feed.error_count, when)
    feed_store.set_next_poll(db, feed.id, when)
