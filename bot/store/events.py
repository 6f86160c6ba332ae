"""Slack events already handled: Slack redelivers an event whose acknowledgement was slow
or lost, and a redelivery must not be carried out twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.store.clock import iso, utc_now

EVENT_MEMORY = timedelta(days=1)  # Slack retries an event for a few minutes at most


def first_delivery(
    db: Database, event_id: str, team_id: str | None, *, now: datetime | None = None
) -> bool:
    """Record `event_id`; False when it was recorded already (a redelivery). Events older
    than `EVENT_MEMORY` are forgotten."""
    now = now or utc_now()
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO slack_events (event_id, team_id, received_at) VALUES (?,?,?)",
            [event_id, team_id, iso(now)],
        )
        fresh = cursor.rowcount == 1
        if fresh:
            db.execute("DELETE FROM slack_events WHERE received_at < ?", [iso(now - EVENT_MEMORY)])
    return fresh
