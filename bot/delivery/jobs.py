"""The bot's periodic work as plain functions `(settings, db, ...) -> result`: callable from
a test or the CLI without a scheduler. `bot.delivery.scheduler` decides when they run.

- `poll_feeds`: fetch and analyse the feeds that are due, in worker processes (`IngestPool`).
- `enqueue_alerts`: owe channels an alert for each new partnership they watch, and a thread
  reply for each new source of a story they were alerted about.
- `recover`, `resume_posting`: at start-up, before any delivery.
- `deliver`: post what the outbox owes.
- `send_digest`: one channel's digest, through the outbox (scheduled, or `digest now`).
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

from bot import messages
from bot.config import Settings
from bot.delivery.post import NETWORK_ERRORS, Deliverer, DeliveryReport, Pacer, classify, utc_now
from bot.store import feeds as feed_store
from bot.store import outbox
from bot.store import subscriptions as subs
from bot.store.outbox import iso

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
    feed_store.register_operator_feeds(db, settings.feeds)
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
    from bot.ingest.ingestor import Ingestor
    from bot.logs import redact_secrets
    from bot.store import open_db

    redact_secrets(settings.secrets())  # a spawned process starts with logging afresh
    module, _, name = analyzer.partition(":")
    factory = getattr(importlib.import_module(module), name)
    _worker_ingestor = Ingestor(settings, open_db(settings.db_path), factory(settings))


def _ingest_in_worker(sources: list[str], poll: bool, trusted: bool):
    return _worker_ingestor.ingest(sources, poll=poll, trusted=trusted)


class IngestPool:
    """Ingestion in separate processes, so fetching and spaCy never hold the GIL that the
    Slack side needs. Call it with a feed URL; it waits for that feed's IngestSummary."""

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int = 1,
        context: str = "spawn",
        analyzer: str = "bot.delivery.jobs:default_analyzer",
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

    def ingest(self, sources: list[str], *, poll: bool = False, trusted: bool = False):
        """`Ingestor.ingest` run in a worker process; returns its IngestSummary. This makes
        the pool usable wherever an Ingestor is (e.g. `/partners read`)."""
        pool = self._executor()
        try:
            return pool.submit(_ingest_in_worker, list(sources), poll, trusted).result(
                timeout=self._timeout
            )
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


def resume_posting(db: Database, client: WebClient) -> str | None:
    """At start-up: posting stopped for a dead token resumes for the token's team when Slack
    accepts the token again (a new token, the app reinstalled); returns that team's id."""
    if not outbox.stopped_teams(db):
        return None
    try:
        team_id = client.auth_test()["team_id"]
    except (SlackApiError, *NETWORK_ERRORS) as exc:
        log.warning("posting stays stopped: auth.test failed (%s)", classify(exc).code)
        return None
    if not outbox.resume_team(db, team_id):
        return None
    log.warning("team %s: the token works again, posting resumes", team_id)
    return team_id


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

SETTLE_SECONDS = 30.0  # how long an on-demand digest waits for another attempt to finish it


@dataclass(frozen=True)
class DigestResult:
    status: str  # posted | empty | inactive | team_stopped | pending | failed | skipped
    partnerships: int = 0
    delivery_id: int | None = None
    ts: str | None = None
    error: str | None = None  # why it is not posted (yet): Slack's error, the team's stop


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
    """Post the channel's digest through the outbox; what it holds is `subs.digest_content`
    (new since the last digest, or the last days' when the channel has no schedule).

    `period_start` is the scheduled time this run is for: it needs an active schedule, and
    every run for one period (a retry, a coalesced or caught-up run) shares the key
    `digest:<channel>:<period start>`, so the digest is posted once. Without it the digest
    is on demand (`/partners digest now`), keyed by `now`, and never posted empty. While a
    digest of the channel is still owed, a new one is not written: that one is delivered.
    """
    now = now or utc_now()
    scheduled = period_start is not None
    content = subs.digest_content(db, team_id, channel_id)
    if scheduled and content.schedule is None:
        return DigestResult("inactive")
    stop = outbox.team_stop(db, team_id)
    if stop:
        return DigestResult("team_stopped", error=stop)
    period = iso(period_start or now)
    key = f"digest:{channel_id}:{period}"
    row = outbox.find(db, team_id, channel_id, key) or outbox.open_digest(db, team_id, channel_id)
    if row is None:
        row = _write_digest(
            db,
            team_id,
            channel_id,
            content,
            key=key,
            period=period if scheduled else None,
            now=now,
        )
        if row is None:
            return DigestResult("empty")
    if row.status in outbox.OPEN:
        Deliverer(db, client, clock=_clock(now), pacer=pacer).run(only=[row.id])
        row = _settled(db, row.id)
    status = {"claimed": "pending"}.get(row.status, row.status)
    count = (row.payload or {}).get("partnerships", 0)
    error = None if status == "posted" else row.last_error
    return DigestResult(status, count, row.id, row.ts, error)


def _write_digest(
    db: Database,
    team_id: str,
    channel_id: str,
    content: subs.DigestContent,
    *,
    key: str,
    period: str | None,
    now: datetime,
) -> outbox.Delivery | None:
    """The digest's outbox row; None when there is nothing to post. Only a scheduled period
    (`period`) of a channel that asked for empty digests posts one."""
    schedule = content.schedule  # always set for a scheduled period
    if not content.partnerships and not (period and schedule and schedule.post_empty):
        if period and schedule:
            db.execute(
                "UPDATE digests SET last_period = MAX(COALESCE(last_period, ''), ?) WHERE id = ?",
                [period, schedule.id],
            )
        return None
    if content.partnerships:
        message = messages.digest_message(content.groups())
    else:
        message = messages.empty_digest_message()
    outbox.add(
        db,
        team_id=team_id,
        channel_id=channel_id,
        kind=outbox.DIGEST,
        dedupe_key=key,
        story_id=max((p.story_id for p in content.partnerships), default=None),
        payload={
            "text": message.text,
            "blocks": message.blocks,
            "partnerships": len(content.partnerships),
            # Where the schedule's next digest starts once this one is posted; an ad-hoc
            # digest (no schedule) moves nothing.
            "last_story_id": content.up_to_story_id if schedule is not None else None,
            "period": period,
        },
        now=iso(now),
    )
    return outbox.find(db, team_id, channel_id, key)


def _settled(db: Database, delivery_id: int, timeout: float = SETTLE_SECONDS) -> outbox.Delivery:
    """The row once no attempt holds it (another thread or process may have claimed it
    first), or as it is after `timeout`."""
    deadline = time.monotonic() + timeout
    row = outbox.get(db, delivery_id)
    while row.status == "claimed" and time.monotonic() < deadline:
        time.sleep(0.1)
        row = outbox.get(db, delivery_id)
    return row
