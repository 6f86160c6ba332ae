"""The outbox: one `deliveries` row per message the bot owes a channel, written before the
message is posted. `UNIQUE(team_id, channel_id, dedupe_key)` makes a second post of the same
thing impossible by construction.

A row's life: `pending` -> `claimed` (an attempt is in flight) -> `posted` | `failed` |
`skipped`, or back to `pending` with a `next_attempt_at`. `verify = 1` means an earlier
attempt may have reached Slack: look for the message in the channel before posting again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

ALERT, FOLLOWUP, DIGEST = "alert", "followup", "digest"
SPIKE = "spike"  # a watched company suddenly signing a lot (bot.delivery.spikes)
OPEN = ("pending", "claimed")


@dataclass(frozen=True)
class Delivery:
    id: int
    team_id: str
    channel_id: str
    story_id: int | None
    article_id: int | None
    kind: str
    dedupe_key: str
    status: str
    ts: str | None
    thread_ts: str | None
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    created_at: str
    posted_at: str | None
    payload: dict | None
    verify: bool
    attempted_at: str | None
    claimed_until: str | None

    @property
    def channel(self) -> tuple[str, str]:
        return (self.team_id, self.channel_id)


_COLUMNS = (
    "id, team_id, channel_id, story_id, article_id, kind, dedupe_key, status, ts, thread_ts,"
    " attempts, next_attempt_at, last_error, created_at, posted_at, payload, verify,"
    " attempted_at, claimed_until"
)


def _delivery(row: tuple) -> Delivery:
    values = list(row)
    values[15] = json.loads(values[15]) if values[15] else None
    values[16] = bool(values[16])
    return Delivery(*values)


def _one(db: Database, where: str, params: list) -> Delivery | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM deliveries WHERE {where}", params).fetchone()
    return _delivery(row) if row else None


def get(db: Database, delivery_id: int) -> Delivery | None:
    return _one(db, "id = ?", [delivery_id])


def find(db: Database, team_id: str, channel_id: str, dedupe_key: str) -> Delivery | None:
    return _one(
        db, "team_id = ? AND channel_id = ? AND dedupe_key = ?", [team_id, channel_id, dedupe_key]
    )


def open_digest(db: Database, team_id: str, channel_id: str) -> Delivery | None:
    """The channel's digest that is still owed (pending, or an attempt in flight), if any."""
    return _one(
        db,
        "team_id = ? AND channel_id = ? AND kind = 'digest' AND status IN ('pending', 'claimed')"
        " ORDER BY id LIMIT 1",
        [team_id, channel_id],
    )


def add(
    db: Database,
    *,
    team_id: str,
    channel_id: str,
    kind: str,
    dedupe_key: str,
    now: str,
    story_id: int | None = None,
    article_id: int | None = None,
    payload: dict | None = None,
) -> int | None:
    """Owe the channel a message; the new row's id, or None when that key was already owed."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO deliveries (team_id, channel_id, story_id, article_id, kind,"
        " dedupe_key, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            team_id,
            channel_id,
            story_id,
            article_id,
            kind,
            dedupe_key,
            json.dumps(payload, ensure_ascii=False) if payload is not None else None,
            now,
        ],
    )
    return cursor.lastrowid if cursor.rowcount else None


def due(db: Database, now: str, *, limit: int = 200) -> list[Delivery]:
    """Rows to attempt now, oldest first: pending and due, or claimed by an attempt whose
    lease ran out. Teams whose posting is stopped wait; a follow-up waits for its first post."""
    rows = db.execute(
        f"""
        SELECT {_COLUMNS} FROM deliveries d
        WHERE ((d.status = 'pending' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= :now))
               OR (d.status = 'claimed' AND d.claimed_until < :now))
          AND NOT EXISTS (SELECT 1 FROM team_stops t WHERE t.team_id = d.team_id)
          AND (d.kind != 'followup' OR EXISTS (
              SELECT 1 FROM deliveries a WHERE a.team_id = d.team_id
              AND a.channel_id = d.channel_id AND a.story_id = d.story_id
              AND a.kind = 'alert' AND a.status = 'posted'))
        ORDER BY d.id LIMIT :limit
        """,
        {"now": now, "limit": limit},
    ).fetchall()
    return [_delivery(r) for r in rows]


def claim(db: Database, delivery_id: int, now: str, lease_until: str) -> Delivery | None:
    """Take the row for one attempt; None when it is not due or another attempt holds it."""
    with db.atomic():
        rows = db.execute(
            f"""
            UPDATE deliveries SET status = 'claimed', attempts = attempts + 1,
                claimed_until = :lease
            WHERE id = :id AND (
                (status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= :now))
                OR (status = 'claimed' AND claimed_until < :now))
            RETURNING {_COLUMNS}
            """,
            {"id": delivery_id, "now": now, "lease": lease_until},
        ).fetchall()
    return _delivery(rows[0]) if rows else None


def recover_claims(db: Database) -> int:
    """At start-up: attempts that were in flight when the last run died become pending again
    (their `verify` flag tells the next attempt to look in the channel first)."""
    cursor = db.execute(
        "UPDATE deliveries SET status = 'pending', claimed_until = NULL,"
        " last_error = COALESCE(last_error, 'interrupted') WHERE status = 'claimed'"
    )
    return cursor.rowcount


def expect_unknown_outcome(db: Database, delivery_id: int, now: str) -> None:
    """Recorded just before the request leaves: if we never hear back, look (from `now`)
    before retrying."""
    db.execute(
        "UPDATE deliveries SET verify = 1, attempted_at = ? WHERE id = ?", [now, delivery_id]
    )


def mark_posted(
    db: Database,
    d: Delivery,
    ts: str,
    *,
    now: str,
    thread_ts: str | None = None,
    article_id: int | None = None,
) -> None:
    """The message is in Slack: record its ts, and what depends on it, in one transaction."""
    with db.atomic():
        db.execute(
            "UPDATE deliveries SET status = 'posted', ts = ?, thread_ts = ?, posted_at = ?,"
            " article_id = COALESCE(?, article_id), verify = 0, claimed_until = NULL,"
            " next_attempt_at = NULL, last_error = NULL WHERE id = ?",
            [ts, thread_ts, now, article_id, d.id],
        )
        if d.kind == ALERT and article_id is not None:
            db.execute(
                "UPDATE deliveries SET status = 'skipped', last_error = 'in the first post'"
                " WHERE team_id = ? AND channel_id = ? AND story_id = ? AND kind = 'followup'"
                " AND status = 'pending' AND article_id <= ?",
                [d.team_id, d.channel_id, d.story_id, article_id],
            )
        if d.kind == DIGEST and (d.payload or {}).get("last_story_id") is not None:
            db.execute(
                "UPDATE digests SET last_sent_at = :now,"
                " last_story_id = MAX(last_story_id, :story),"
                " last_period = MAX(COALESCE(last_period, ''), :period)"
                " WHERE team_id = :team AND channel_id = :channel",
                {
                    "now": now,
                    "story": d.payload.get("last_story_id") or 0,
                    "period": d.payload.get("period") or "",
                    "team": d.team_id,
                    "channel": d.channel_id,
                },
            )


def retry_later(
    db: Database, delivery_id: int, *, when: str, error: str, outcome_unknown: bool
) -> None:
    db.execute(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, last_error = ?,"
        " verify = ?, claimed_until = NULL WHERE id = ?",
        [when, error[:500], int(outcome_unknown), delivery_id],
    )


def fail(db: Database, d: Delivery, reason: str) -> None:
    """Give up on the row, visibly; an alert's waiting follow-ups fail with it."""
    _close(db, d, "failed", reason)


def skip(db: Database, d: Delivery, reason: str) -> None:
    """Not posted, on purpose (muted, flagged...); an alert's waiting follow-ups with it."""
    _close(db, d, "skipped", reason)


def _close(db: Database, d: Delivery, status: str, reason: str) -> None:
    """End the row with `status` and its reason; an alert's pending follow-ups end with it
    (a reply has no thread to go to)."""
    with db.atomic():
        db.execute(
            "UPDATE deliveries SET status = ?, last_error = ?, claimed_until = NULL,"
            " next_attempt_at = NULL WHERE id = ?",
            [status, reason[:500], d.id],
        )
        if d.kind == ALERT:
            db.execute(
                "UPDATE deliveries SET status = ?, last_error = ?"
                " WHERE team_id = ? AND channel_id = ? AND story_id = ? AND kind = 'followup'"
                " AND status = 'pending'",
                [
                    status,
                    f"first post {status}: {reason}"[:500],
                    d.team_id,
                    d.channel_id,
                    d.story_id,
                ],
            )


def failed(db: Database, team_id: str | None = None, *, limit: int = 50) -> list[Delivery]:
    """Deliveries that finally failed, newest first, each with its reason: the team's (for
    its App Home; an empty `team_id` is a team like any other), every team's with None."""
    where = "status = 'failed'" + (" AND team_id = ?" if team_id is not None else "")
    params = [team_id] if team_id is not None else []
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM deliveries WHERE {where} ORDER BY id DESC LIMIT {int(limit)}",
        params,
    ).fetchall()
    return [_delivery(r) for r in rows]


def first_post_ts(db: Database, team_id: str, channel_id: str, story_id: int) -> str | None:
    """The ts of the story's alert in the channel: the thread follow-ups reply in."""
    row = db.execute(
        "SELECT ts FROM deliveries WHERE team_id = ? AND channel_id = ? AND story_id = ?"
        " AND kind = 'alert' AND status = 'posted'",
        [team_id, channel_id, story_id],
    ).fetchone()
    return row[0] if row else None


# -- channels and teams that can no longer be posted to ------------------------------------


def stop_channel(db: Database, team_id: str, channel_id: str, reason: str) -> list[str]:
    """Stop the channel's watches and digest, fail what it is still owed; returns the users
    who had subscribed it (to tell them)."""
    where = "team_id = ? AND channel_id = ?"
    with db.atomic():
        users = [
            r[0]
            for r in db.execute(
                f"SELECT created_by FROM watches WHERE {where} AND active = 1"
                f" UNION SELECT created_by FROM digests WHERE {where} AND active = 1",
                [team_id, channel_id, team_id, channel_id],
            )
            if r[0]
        ]
        for table in ("watches", "digests"):
            db.execute(
                f"UPDATE {table} SET active = 0, stopped_reason = ? WHERE {where} AND active = 1",
                [reason, team_id, channel_id],
            )
        db.execute(
            f"UPDATE deliveries SET status = 'failed', last_error = ?, claimed_until = NULL"
            f" WHERE {where} AND status = 'pending'",
            [f"channel stopped: {reason}", team_id, channel_id],
        )
    return sorted(set(users))


def stop_team(db: Database, team_id: str, reason: str, *, now: str) -> None:
    """Stop posting for the team (its token no longer works); its rows wait, pending."""
    db.execute(
        "INSERT INTO team_stops (team_id, reason, stopped_at) VALUES (?, ?, ?)"
        " ON CONFLICT (team_id) DO UPDATE SET reason = excluded.reason",
        [team_id, reason, now],
    )


def resume_team(db: Database, team_id: str) -> bool:
    """Posting may resume (e.g. the app was reinstalled); False when it was not stopped."""
    return db.execute("DELETE FROM team_stops WHERE team_id = ?", [team_id]).rowcount > 0


def stopped_teams(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT team_id FROM team_stops ORDER BY team_id")]


def team_stop(db: Database, team_id: str) -> str | None:
    """Why posting is stopped for the team, or None when it is not."""
    row = db.execute("SELECT reason FROM team_stops WHERE team_id = ?", [team_id]).fetchone()
    return row[0] if row else None


def posted_alerts(db: Database, team_id: str, story_id: int) -> list[Delivery]:
    """The team's alerts of a story that are in Slack (they have a ts), oldest first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM deliveries WHERE team_id = ? AND story_id = ?"
        " AND kind = 'alert' AND status = 'posted' AND ts IS NOT NULL ORDER BY id",
        [team_id, story_id],
    ).fetchall()
    return [_delivery(r) for r in rows]
