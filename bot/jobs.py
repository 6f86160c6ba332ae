"""The bot's periodic work as plain functions `(settings, db, ...) -> result`: callable from
a test or the CLI without a scheduler. `bot.scheduler` decides when they run.

- `poll_feeds`: fetch and analyse the feeds that are due, in worker processes (`IngestPool`).
- `enqueue_alerts`: owe channels an alert for each new partnership they watch, and a thread
  reply for each new source of a story they were alerted about.
- `deliver`: post what the outbox owes.
- `send_digest`: one channel's digest, through the outbox.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from slack_sdk import WebClient
from sqlite_utils import Database

from bot import messages
from bot.config import Settings
from bot.delivery import Deliverer, DeliveryReport, Pacer, utc_now
from bot.store import feeds as feed_store
from bot.store import outbox
from bot.store import subscriptions as subs
from bot.store.outbox import iso
from bot.store.queries import PartnershipView

log = logging.getLogger(__name__)

MAX_FEED_BACKOFF = timedelta(hours=24)
PER_HOST = 2  # feeds fetched at once from one host


# -- feeds ---------------------------------------------------------------------------------


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


def _feed_states(settings: Settings, db: Database) -> dict[str, tuple[str | None, int]]:
    """Every feed to poll -> (next_poll_at, active): configured ones and polled rows."""
    states: dict[str, tuple[str | None, int]] = {url: (None, 1) for url in settings.feeds}
    marks = ",".join("?" for _ in settings.feeds) or "NULL"
    for url, next_poll_at, active in db.execute(
        "SELECT url, next_poll_at, active FROM feeds"
        f" WHERE (poll = 1 AND active = 1) OR url IN ({marks})",
        list(settings.feeds),
    ):
        states[url] = (next_poll_at, active)
    return states


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
    due = []
    for url, (next_poll_at, active) in _feed_states(settings, db).items():
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
    db.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?", [when, feed.id])


def default_analyzer(settings: Settings):
    from bot.nlp import Analyzer

    return Analyzer(model_en=settings.model_en, model_fr=settings.model_fr)


_worker_ingestor = None


def _init_worker(settings: Settings, analyzer: str) -> None:
    """In each worker process: its own database connection, models and Ingestor."""
    global _worker_ingestor
    from bot.pipeline import Ingestor
    from bot.store import open_db

    module, _, name = analyzer.partition(":")
    factory = getattr(importlib.import_module(module), name)
    _worker_ingestor = Ingestor(settings, open_db(settings.db_path), factory(settings))


def _ingest_in_worker(sources: list[str], poll: bool):
    return _worker_ingestor.ingest(sources, poll=poll)


class IngestPool:
    """Ingestion in separate processes, so fetching and spaCy never hold the GIL that the
    Slack side needs. Call it with a feed URL; it waits for that feed's IngestSummary."""

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int = 1,
        context: str = "spawn",
        analyzer: str = "bot.jobs:default_analyzer",
        timeout: float = 900.0,
    ):
        self._settings = settings
        self._workers = workers
        self._context = multiprocessing.get_context(context)
        self._analyzer = analyzer
        self._timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self._workers,
                    mp_context=self._context,
                    initializer=_init_worker,
                    initargs=(self._settings, self._analyzer),
                )
            return self._pool

    def __call__(self, url: str):
        return self.ingest([url])

    def ingest(self, sources: list[str], *, poll: bool = False):
        """`Ingestor.ingest` run in a worker process; returns its IngestSummary. This makes
        the pool usable wherever an Ingestor is (e.g. `/partners read`)."""
        pool = self._executor()
        try:
            return pool.submit(_ingest_in_worker, list(sources), poll).result(timeout=self._timeout)
        except BrokenProcessPool:
            with self._lock:  # a worker died (out of memory?): start afresh next time
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


# -- alerts and delivery -------------------------------------------------------------------


def recover(db: Database) -> int:
    """At start-up, before any delivery: attempts cut short by the last run's end are
    pending again (and will look in Slack first when their outcome is unknown)."""
    n = outbox.recover_claims(db)
    if n:
        log.warning("%d deliveries were in flight when the last run stopped", n)
    return n


def enqueue_alerts(db: Database, *, now: datetime | None = None) -> int:
    """Outbox rows for new watched partnerships and their new sources; returns how many."""
    n = outbox.enqueue_watched(db, now=iso(now or utc_now()))
    if n:
        log.info("%d alerts and follow-ups to post", n)
    return n


def deliver(
    settings: Settings,
    db: Database,
    client: WebClient,
    *,
    now: datetime | None = None,
    pacer: Pacer | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """One delivery pass over what the outbox owes (rows of any process)."""
    deliverer = Deliverer(
        db,
        client,
        clock=_clock(now),
        sleep=sleep,
        pacer=pacer,
        budget=timedelta(seconds=max(settings.delivery_seconds - 5, 5)),
    )
    report = deliverer.run()
    if report.posted or report.failed or report.reconciled:
        log.info("delivery: %s", report.line())
    return report


def _clock(now: datetime | None) -> Callable[[], datetime]:
    """The real clock, or one that starts at `now` and runs at the real pace."""
    if now is None:
        return utc_now
    start = time.monotonic()
    return lambda: now + timedelta(seconds=time.monotonic() - start)


# -- digests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestResult:
    status: str  # posted | empty | inactive | team_stopped | pending | failed | skipped
    partnerships: int = 0
    delivery_id: int | None = None
    ts: str | None = None


def group_by_company(
    found: Iterable[PartnershipView], watched: set[str]
) -> list[tuple[str, list[PartnershipView]]]:
    """Each partnership under the company it is shown for (a watched party, else its first),
    newest first; groups in the order of their newest partnership."""
    groups: dict[str, list[PartnershipView]] = {}
    for p in sorted(found, key=lambda p: p.id, reverse=True):
        shown_for = [n for n in p.parties if n in watched] or list(p.parties[:1]) or ["Other"]
        groups.setdefault(shown_for[0], []).append(p)
    return list(groups.items())


def send_digest(
    settings: Settings,
    db: Database,
    client: WebClient,
    team_id: str,
    channel_id: str,
    now: datetime | None = None,
    *,
    period_start: datetime | None = None,
    pacer: Pacer | None = None,
) -> DigestResult:
    """Post the channel's digest of partnerships new since its last one, through the outbox.

    `period_start` is the scheduled time this run is for: every run for one period (a retry,
    a coalesced or caught-up run) shares the key `digest:<channel>:<period start>`, so the
    digest is posted once. Without it the digest is on demand, keyed by `now`.
    """
    now = now or utc_now()
    schedule = subs.get_digest(db, team_id, channel_id)
    if schedule is None or not schedule.active:
        return DigestResult("inactive")
    if outbox.team_stop(db, team_id):
        return DigestResult("team_stopped")
    period = iso(period_start or now)
    key = f"digest:{channel_id}:{period}"
    row = outbox.find(db, team_id, channel_id, key)
    count = 0
    if row is None:
        found = _build_digest(db, schedule, key, period, now, scheduled=period_start is not None)
        if found is None:
            return DigestResult("empty")
        count = found
        row = outbox.find(db, team_id, channel_id, key)
    if row.status in outbox.OPEN:
        Deliverer(db, client, clock=_clock(now), pacer=pacer).run(only=[row.id])
        row = outbox.get(db, row.id)
    status = {"claimed": "pending"}.get(row.status, row.status)
    return DigestResult(status, count, row.id, row.ts)


def _build_digest(
    db: Database,
    schedule: subs.DigestSchedule,
    key: str,
    period: str,
    now: datetime,
    *,
    scheduled: bool,
) -> int | None:
    """Write the digest's outbox row; how many partnerships it holds, None when it is empty
    and the channel does not want empty digests."""
    up_to = subs.max_story_id(db)
    found = subs.channel_partnerships(
        db,
        schedule.team_id,
        schedule.channel_id,
        after_story_id=schedule.last_story_id,
        up_to_story_id=up_to,
    )
    if not found and not schedule.post_empty:
        if scheduled:
            db.execute(
                "UPDATE digests SET last_period = MAX(COALESCE(last_period, ''), ?) WHERE id = ?",
                [period, schedule.id],
            )
        return None
    if found:
        watched = {w.name for w in subs.list_watches(db, schedule.team_id, schedule.channel_id)}
        message = messages.digest_message(group_by_company(found, watched))
    else:
        message = messages.empty_digest_message()
    outbox.add(
        db,
        team_id=schedule.team_id,
        channel_id=schedule.channel_id,
        kind=outbox.DIGEST,
        dedupe_key=key,
        story_id=max((p.story_id for p in found), default=None),
        payload={
            "text": message.text,
            "blocks": message.blocks,
            "last_story_id": up_to,
            "period": period,
        },
        now=iso(now),
    )
    return len(found)
