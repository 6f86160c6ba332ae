"""Spike alerts: a channel that watches a company hears once a week when that company is
suddenly signing a lot ("Xiaomi: 4 partnerships this week, usually 0.5").

Each alert is an outbox row keyed `spike:<company id>:<ISO week>`, written before it is
posted, so it is posted at most once per company, channel and week (exactly once, like the
other alerts: `bot.delivery.post` posts it and reconciles after a crash).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlite_utils import Database

from bot.insights.spikes import WEEK_DAYS, watched_spikes, week_key, week_so_far
from bot.messages.insights import spike_alert_message
from bot.store import outbox
from bot.store import subscriptions as subs
from bot.store.clock import iso, utc_now
from bot.store.outbox import Delivery

log = logging.getLogger(__name__)


def enqueue_spikes(db: Database, *, now: datetime | None = None) -> int:
    """Outbox rows for this week's spikes of watched companies; returns how many are new."""
    now = now or utc_now()
    today = now.date()
    added = 0
    spikes = watched_spikes(db, week_so_far(today), period_days=WEEK_DAYS)  # read, then write
    with db.atomic():
        for spike in spikes:
            message = spike_alert_message(spike.sentence, spike.trend.label)
            added += bool(
                outbox.add(
                    db,
                    team_id=spike.team_id,
                    channel_id=spike.channel_id,
                    kind=outbox.SPIKE,
                    dedupe_key=f"spike:{spike.trend.org_id}:{week_key(today)}",
                    payload={
                        "text": message.text,
                        "blocks": message.blocks,
                        "org_id": spike.trend.org_id,
                    },
                    now=iso(now),
                )
            )
    if added:
        log.info("%d spike alerts to post", added)
    return added


def spike_still_wanted(db: Database, d: Delivery) -> str | None:
    """Why a spike row should no longer be posted (the channel stopped watching or muted
    the company since it was written), None when it should."""
    org_id = (d.payload or {}).get("org_id")
    if not any(w.org_id == org_id for w in subs.list_watches(db, d.team_id, d.channel_id)):
        return "no longer watched here"
    if any(m.org_id == org_id for m in subs.list_mutes(db, d.team_id, d.channel_id)):
        return "muted here"
    return None
