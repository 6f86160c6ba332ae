"""A channel's digest, posted through the outbox: scheduled (one post per period) or on
demand (`/partners digest now`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlite_utils import Database

from bot import messages
from bot.config import Settings
from bot.delivery.pacing import Pacer, clock_from
from bot.delivery.post import ClientFor, Deliverer
from bot.delivery.threshold import default_min_confidence
from bot.insights.spikes import notable_lines
from bot.messages.insights import with_notable
from bot.store import outbox
from bot.store import subscriptions as subs
from bot.store.clock import iso, utc_now

SETTLE_SECONDS = 30.0  # how long an on-demand digest waits for another attempt to finish it


@dataclass(frozen=True)
class DigestResult:
    status: str  # posted | empty | inactive | team_stopped | pending | failed | skipped
    partnerships: int = 0
    delivery_id: int | None = None
    ts: str | None = None
    error: str | None = None  # why it is not posted (yet): Slack's error, the team's stop
    since_last: bool = True  # False: no digest was sent before; it covered the last days


def send_digest(
    settings: Settings,
    db: Database,
    client: WebClient | ClientFor,
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
    content = subs.digest_content(
        db, team_id, channel_id, default_threshold=default_min_confidence(settings)
    )
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
            return DigestResult("empty", since_last=content.since_last)
    if row.status in outbox.OPEN:
        Deliverer(db, client, clock=clock_from(now), pacer=pacer).run(only=[row.id])
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
            subs.mark_digest_period(db, schedule.id, period)
        return None
    if content.partnerships:
        message = messages.digest_message(content.groups())
        message = with_notable(message, notable_lines(db, team_id, channel_id, today=now.date()))
    else:
        message = messages.empty_digest_message(since_last=content.since_last)
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
