"""When the jobs run: the only module that knows APScheduler, its triggers and job ids.

The database is the source of truth. There is no job store: `Scheduler.sync()` rebuilds
the digest jobs from the `digests` table at start-up and whenever a subscription changes,
and a digest missed while the bot was down is posted once when it comes back (the
outbox key of its period makes a second post impossible).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient
from sqlite_utils import Database

from bot.config import Settings
from bot.delivery.alerts import enqueue_alerts
from bot.delivery.digests import send_digest
from bot.delivery.pacing import Pacer
from bot.delivery.poll import poll_feeds
from bot.delivery.post import ClientFor, deliver
from bot.delivery.recovery import recover, resume_posting
from bot.delivery.spikes import enqueue_spikes
from bot.delivery.threshold import default_min_confidence
from bot.store import open_db
from bot.store.clock import iso, utc_now
from bot.store.subscriptions import DigestSchedule, active_digests

log = logging.getLogger(__name__)

POLL_JOB = "poll-feeds"
DELIVERY_JOB = "deliver"
DIGEST_PREFIX = "digest:"
DIGEST_GRACE = timedelta(hours=6)  # a digest later than this is skipped; the next one has it
_LOOKBACK = (timedelta(minutes=2), timedelta(hours=2), timedelta(days=2), timedelta(days=8))

TriggerFactory = Callable[[DigestSchedule, str], BaseTrigger]


def zone(name: str | None, default: str = "UTC") -> ZoneInfo:
    """The IANA zone `name`, else `default`, else UTC."""
    for candidate in (name, default):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown time zone %r", candidate)
    return ZoneInfo("UTC")


def digest_trigger(schedule: DigestSchedule, default_timezone: str = "UTC") -> CronTrigger:
    """`daily`, `weekdays` (mon-fri) or `weekly <day>` at HH:MM in the channel's time zone."""
    hour, _, minute = (schedule.time_of_day or "09:00").partition(":")
    days = {"daily": "*", "weekdays": "mon-fri"}.get(schedule.frequency)
    if days is None:
        days = (schedule.day_of_week or "monday")[:3].lower()
    return CronTrigger(
        day_of_week=days,
        hour=int(hour),
        minute=int(minute or 0),
        timezone=zone(schedule.timezone, default_timezone),
    )


def previous_fire_time(trigger: BaseTrigger, now: datetime) -> datetime | None:
    """The latest time at or before `now` when `trigger` fired (the period a run is for)."""
    for window in _LOOKBACK:
        fire = trigger.get_next_fire_time(None, now - window)
        if fire is None or fire > now:
            continue
        while True:
            following = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
            if following is None or following > now:
                return fire
            fire = following
    return None


@dataclass(frozen=True)
class SyncResult:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    caught_up: tuple[str, ...] = ()


class Scheduler:
    """Feed polling, the delivery loop and one cron job per channel digest, on a
    `BackgroundScheduler` inside `partners-bot run`.

    `ingest_fn(url)` does one feed's ingestion (an `IngestPool`); without it nothing is
    polled. Each job opens its own database connection (`connect`).
    """

    def __init__(
        self,
        settings: Settings,
        client: WebClient | ClientFor,
        *,
        ingest_fn: Callable[[str], object] | None = None,
        connect: Callable[[], Database] | None = None,
        trigger_for: TriggerFactory = digest_trigger,
        clock: Callable[[], datetime] = utc_now,
        scheduler: BackgroundScheduler | None = None,
    ):
        self.settings = settings
        self.client = client
        self.ingest_fn = ingest_fn
        self._connect = connect or (lambda: open_db(settings.db_path))
        self._trigger_for = trigger_for
        self._clock = clock
        self._aps = scheduler or BackgroundScheduler(timezone=UTC)
        self._pacer = Pacer()
        self._digests: dict[str, tuple[tuple, BaseTrigger]] = {}
        self._lock = threading.RLock()
        self._spikes_checked = False

    # -- life cycle ----------------------------------------------------------------------

    def start(self, *, paused: bool = False) -> SyncResult:
        """Recover interrupted deliveries, resume posting if the token works again, start
        polling and delivering now, build the digest jobs (catching up on a digest missed
        while the bot was down). `paused` builds the jobs without running any (for tests)."""
        with self._db() as db:
            recover(db)
            resume_posting(db, self.client)
        self._aps.start(paused=paused)
        now = self._clock()
        if self.ingest_fn is not None:
            minutes = self.settings.poll_minutes
            self._aps.add_job(
                self._run_poll,
                IntervalTrigger(minutes=minutes, jitter=min(60, minutes * 6)),
                id=POLL_JOB,
                next_run_time=now,
                coalesce=True,
                max_instances=1,
                replace_existing=True,
            )
        self._aps.add_job(
            self._run_delivery,
            IntervalTrigger(seconds=self.settings.delivery_seconds),
            id=DELIVERY_JOB,
            next_run_time=now,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
        return self.sync(catch_up=True)

    def shutdown(self, wait: bool = True) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=wait)

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._aps.get_jobs())

    def job(self, job_id: str) -> Job | None:
        """The APScheduler job (its `next_run_time`, `func`), for App Home and tests."""
        return self._aps.get_job(job_id)

    def wake_delivery(self) -> None:
        """Run the delivery loop now (e.g. right after new stories were stored)."""
        if self._aps.get_job(DELIVERY_JOB) is not None:
            self._aps.modify_job(DELIVERY_JOB, next_run_time=self._clock())

    # -- digests from the database -------------------------------------------------------

    def sync(self, *, catch_up: bool = False) -> SyncResult:
        """Make the digest jobs match the `digests` table; idempotent. A job whose schedule
        did not change is left alone (its next run stays as it was)."""
        with self._lock, self._db() as db:
            schedules = {_job_id(s): s for s in active_digests(db)}
        added, caught_up = [], []
        now = self._clock()
        for job_id, s in schedules.items():
            spec = (s.frequency, s.day_of_week, s.time_of_day, s.timezone)
            if job_id in self._digests and self._digests[job_id][0] == spec:
                continue
            trigger = self._trigger_for(s, self.settings.timezone)
            options = {}
            previous = previous_fire_time(trigger, now)
            if (
                catch_up
                and previous is not None
                and now - previous <= DIGEST_GRACE
                and iso(previous) > (s.created_at or "")
                and iso(previous) > (s.last_period or "")
            ):
                options["next_run_time"] = now
                caught_up.append(job_id)
            self._aps.add_job(
                self._run_digest,
                trigger,
                args=[s.team_id, s.channel_id],
                id=job_id,
                replace_existing=True,
                misfire_grace_time=int(DIGEST_GRACE.total_seconds()),
                coalesce=True,
                max_instances=1,
                **options,
            )
            self._digests[job_id] = (spec, trigger)
            added.append(job_id)
        removed = [job_id for job_id in self._digests if job_id not in schedules]
        for job_id in removed:
            del self._digests[job_id]
            if self._aps.get_job(job_id) is not None:
                self._aps.remove_job(job_id)
        if added or removed:
            log.info("digest jobs: %d added or changed, %d removed", len(added), len(removed))
        return SyncResult(tuple(added), tuple(removed), tuple(caught_up))

    # -- the jobs ------------------------------------------------------------------------

    @contextmanager
    def _db(self) -> Iterator[Database]:
        db = self._connect()
        try:
            yield db
        finally:
            db.close()

    def _run_poll(self) -> None:
        try:
            with self._db() as db:
                summary = poll_feeds(self.settings, db, self.ingest_fn, now=self._clock())
            if summary.partnerships or summary.new_stories:
                self.wake_delivery()
        except Exception:
            log.exception("feed polling failed")

    def _run_delivery(self) -> None:
        try:
            with self._db() as db:
                new = enqueue_alerts(
                    db,
                    now=self._clock(),
                    default_threshold=default_min_confidence(self.settings),
                )
                if new or not self._spikes_checked:
                    enqueue_spikes(db, now=self._clock())  # only new deals make a new spike
                    self._spikes_checked = True
                report = deliver(self.settings, db, self.client, pacer=self._pacer)
            if report.stopped_channels:
                self.sync()
        except Exception:
            log.exception("delivery failed")

    def _run_digest(self, team_id: str, channel_id: str) -> None:
        job_id = _job_id_of(team_id, channel_id)
        now = self._clock()
        entry = self._digests.get(job_id)
        period = previous_fire_time(entry[1], now) if entry else None
        try:
            with self._db() as db:
                result = send_digest(
                    self.settings,
                    db,
                    self.client,
                    team_id,
                    channel_id,
                    now,
                    period_start=period or now,
                    pacer=self._pacer,
                )
            log.info("digest for %s: %s", channel_id, result.status)
        except Exception:
            log.exception("digest for %s failed", channel_id)


def _job_id_of(team_id: str, channel_id: str) -> str:
    return f"{DIGEST_PREFIX}{team_id}:{channel_id}"


def _job_id(schedule: DigestSchedule) -> str:
    return _job_id_of(schedule.team_id, schedule.channel_id)
