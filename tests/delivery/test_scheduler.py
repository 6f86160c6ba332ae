"""The scheduler: cron triggers in the channel's time zone, jobs rebuilt from the database,
a missed digest caught up once, and one run of a real BackgroundScheduler."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.delivery.scheduler import (
    DELIVERY_JOB,
    Scheduler,
    digest_trigger,
    previous_fire_time,
)
from bot.store import subscriptions as subs
from bot.store.subscriptions import DigestSchedule


def schedule(frequency="daily", time_of_day="09:00", timezone="UTC", day=None) -> DigestSchedule:
    return DigestSchedule(
        id=1,
        team_id="T1",
        channel_id="C1",
        frequency=frequency,
        day_of_week=day,
        time_of_day=time_of_day,
        timezone=timezone,
        post_empty=False,
        created_by="U1",
        last_sent_at=None,
        last_story_id=0,
        active=True,
    )


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    "digest,now,expected",
    [
        # Paris moves to summer time on Sunday 2026-03-29: 09:00 is 08:00 UTC, then 07:00.
        (schedule(timezone="Europe/Paris"), utc(2026, 3, 27, 12), utc(2026, 3, 28, 8)),
        (schedule(timezone="Europe/Paris"), utc(2026, 3, 28, 12), utc(2026, 3, 29, 7)),
        (schedule(timezone="America/New_York"), utc(2026, 3, 2, 15), utc(2026, 3, 3, 14)),
        # Friday after nine -> Monday.
        (schedule("weekdays", "08:30"), utc(2026, 3, 6, 9), utc(2026, 3, 9, 8, 30)),
        (schedule("weekly", "17:00", day="wednesday"), utc(2026, 3, 2), utc(2026, 3, 4, 17)),
        (schedule(timezone="Mars/Olympus_Mons"), utc(2026, 3, 2, 10), utc(2026, 3, 3, 8)),
    ],
)
def test_digest_trigger_fires_in_the_channel_time_zone(digest, now, expected):
    trigger = digest_trigger(digest, "Europe/Paris")  # the default for an unknown zone

    assert trigger.get_next_fire_time(None, now) == expected


def test_the_previous_fire_time_is_the_period_a_run_is_for():
    trigger = digest_trigger(schedule("weekdays", timezone="Europe/Paris"))

    assert previous_fire_time(trigger, utc(2026, 3, 2, 8, 0, 3)) == utc(2026, 3, 2, 8)
    assert previous_fire_time(trigger, utc(2026, 3, 8, 12)) == utc(2026, 3, 6, 8)  # Sunday
    every_second = CronTrigger(second="*", timezone=UTC)
    half_past = utc(2026, 3, 2, 8, 0, 3, 500_000)
    assert previous_fire_time(every_second, half_past) == utc(2026, 3, 2, 8, 0, 3)


@pytest.fixture
def scheduler(settings, client, clock):
    made = []

    def make(**options) -> Scheduler:
        made.append(Scheduler(settings, client, clock=clock, **options))
        return made[-1]

    yield make
    for s in made:
        s.shutdown(wait=False)


def test_jobs_are_rebuilt_from_the_database_idempotently(scheduler, workspace, db):
    workspace.channel("C1").digest("daily")
    workspace.channel("C2").digest("weekly", day="friday")
    s = scheduler()

    s.start(paused=True)
    assert s.job_ids() == [DELIVERY_JOB, "digest:T1:C1", "digest:T1:C2"]
    assert s.sync().added == ()

    workspace.channel("C1").digest("daily", "07:15")
    subs.stop_digest(db, "T1", "C2")
    changed = s.sync()

    assert (changed.added, changed.removed) == (("digest:T1:C1",), ("digest:T1:C2",))
    assert s.job_ids() == [DELIVERY_JOB, "digest:T1:C1"]
    job = s.job("digest:T1:C1")
    assert (job.coalesce, job.misfire_grace_time) == (True, 6 * 3600)


def test_start_up_resumes_posting_stopped_for_a_token_that_works_again(scheduler, db, slack):
    from bot.store import outbox

    slack.team_id = "T1"
    outbox.stop_team(db, "T1", "token_revoked", now="2026-03-02T07:00:00.000000Z")

    scheduler().start(paused=True)

    assert outbox.team_stop(db, "T1") is None


def test_a_digest_missed_while_down_runs_once_on_return(
    scheduler, workspace, news, db, slack, clock
):
    workspace.channel("C1").digest("daily", "09:00")
    db.execute("UPDATE digests SET created_at = '2026-01-01T00:00:00.000000Z'")
    news.partnership("Xiaomi", "Microsoft")
    clock.now = utc(2026, 3, 2, 11, 30)  # the bot was down at 09:00

    s = scheduler()
    started = s.start(paused=True)
    assert started.caught_up == ("digest:T1:C1",)
    job = s.job("digest:T1:C1")
    assert job.next_run_time == clock.now
    job.func(*job.args)  # what the scheduler runs once it resumes
    job.func(*job.args)  # a second run for the same period

    assert len(slack.posts("C1")) == 1
    s.shutdown(wait=False)
    assert scheduler().start(paused=True).caught_up == ()  # restarted again: done already


@pytest.mark.parametrize(
    "created,now",
    [
        ("2026-03-02T10:00:00.000000Z", utc(2026, 3, 2, 11)),  # subscribed after 09:00
        ("2026-01-01T00:00:00.000000Z", utc(2026, 3, 2, 20)),  # too late: the next one has it
    ],
)
def test_no_catch_up_for_a_period_before_the_digest_or_long_gone(
    scheduler, workspace, db, clock, created, now
):
    workspace.channel("C1").digest("daily", "09:00")
    db.execute("UPDATE digests SET created_at = ?", [created])
    clock.now = now

    assert scheduler().start(paused=True).caught_up == ()


@pytest.mark.slow
def test_a_real_background_scheduler_posts_one_digest_per_period(
    settings, client, workspace, news, slack, db
):
    """A cron trigger that fires every second stands in for "09:00": no waiting for it."""
    workspace.channel("C1").digest("daily")
    news.partnership("Xiaomi", "Microsoft")
    every_second = CronTrigger(second="*", timezone=UTC)
    s = Scheduler(settings, client, trigger_for=lambda digest, default: every_second)

    s.start()
    try:
        assert _wait_until(lambda: _last_period(db) != "")  # the first period was posted
        first = _last_period(db)
        assert _wait_until(lambda: _last_period(db) > first)  # a later, empty period ran
    finally:
        s.shutdown()

    assert len(slack.posts("C1")) == 1
    assert db.execute("SELECT status FROM deliveries").fetchall() == [("posted",)]


def _last_period(db) -> str:
    return db.execute("SELECT last_period FROM digests").fetchone()[0] or ""


def _wait_until(condition, timeout: float = 30.0) -> bool:
    """Wait for `condition` (the timeout is a safety net, not part of the test)."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        tick.wait(0.05)
    return True
