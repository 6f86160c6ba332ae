"""What each channel asked for: watches, mutes, digest schedules. (Verdicts on stories are
`bot.store.feedback`.)

Every row carries its `team_id` and every read takes one: a workspace never sees another's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.store.alert_settings import AlertSettings, resolved
from bot.store.clock import iso
from bot.store.queries import PartnershipView, load_partnerships

ADHOC_DIGEST_DAYS = 7


@dataclass(frozen=True)
class Watch:
    team_id: str
    channel_id: str
    org_id: int
    name: str
    created_by: str | None
    created_at: str
    after_story_id: int


@dataclass(frozen=True)
class Mute:
    team_id: str
    channel_id: str
    org_id: int
    name: str


@dataclass(frozen=True)
class DigestSchedule:
    id: int
    team_id: str
    channel_id: str
    frequency: str  # daily | weekdays | weekly
    day_of_week: str | None
    time_of_day: str  # HH:MM
    timezone: str
    post_empty: bool
    created_by: str | None
    last_sent_at: str | None
    last_story_id: int
    active: bool
    stopped_reason: str | None = None
    created_at: str = ""
    last_period: str | None = None  # the latest scheduled period posted or skipped


def max_story_id(db: Database) -> int:
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]


# -- watches -------------------------------------------------------------------------------


def add_watch(
    db: Database, team_id: str, channel_id: str, org_id: int, *, user_id: str | None = None
) -> bool:
    """Watch `org_id` in the channel from now on (a stopped watch restarts from now);
    False when it was already watched."""
    cursor = db.execute(
        """
        INSERT INTO watches (team_id, channel_id, org_id, created_by, created_at, after_story_id)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (team_id, channel_id, org_id) DO UPDATE SET
            active = 1, stopped_reason = NULL, created_by = excluded.created_by,
            created_at = excluded.created_at, after_story_id = excluded.after_story_id
        WHERE watches.active = 0
        """,
        [team_id, channel_id, org_id, user_id, iso(), max_story_id(db)],
    )
    return cursor.rowcount > 0


def remove_watch(db: Database, team_id: str, channel_id: str, org_id: int) -> bool:
    cursor = db.execute(
        "DELETE FROM watches WHERE team_id = ? AND channel_id = ? AND org_id = ?",
        [team_id, channel_id, org_id],
    )
    return cursor.rowcount > 0


def list_watches(db: Database, team_id: str, channel_id: str | None = None) -> list[Watch]:
    """The team's watches (one channel's when `channel_id` is given), by channel then name."""
    sql = (
        "SELECT w.team_id, w.channel_id, w.org_id, o.name, w.created_by, w.created_at,"
        " w.after_story_id FROM watches w JOIN organisations o ON o.id = w.org_id"
        " WHERE w.team_id = ? AND w.active = 1"
    )
    params: list = [team_id]
    if channel_id is not None:
        sql += " AND w.channel_id = ?"
        params.append(channel_id)
    rows = db.execute(sql + " ORDER BY w.channel_id, o.name COLLATE NOCASE", params).fetchall()
    return [Watch(*row) for row in rows]


# -- mutes ---------------------------------------------------------------------------------


def add_mute(
    db: Database, team_id: str, channel_id: str, org_id: int, *, user_id: str | None = None
) -> bool:
    """Hide `org_id`'s stories from the channel's alerts and digests; False if already muted."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO mutes (team_id, channel_id, org_id, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [team_id, channel_id, org_id, user_id, iso()],
    )
    return cursor.rowcount > 0


def remove_mute(db: Database, team_id: str, channel_id: str, org_id: int) -> bool:
    cursor = db.execute(
        "DELETE FROM mutes WHERE team_id = ? AND channel_id = ? AND org_id = ?",
        [team_id, channel_id, org_id],
    )
    return cursor.rowcount > 0


def list_mutes(db: Database, team_id: str, channel_id: str | None = None) -> list[Mute]:
    sql = (
        "SELECT m.team_id, m.channel_id, m.org_id, o.name FROM mutes m"
        " JOIN organisations o ON o.id = m.org_id WHERE m.team_id = ?"
    )
    params: list = [team_id]
    if channel_id is not None:
        sql += " AND m.channel_id = ?"
        params.append(channel_id)
    rows = db.execute(sql + " ORDER BY m.channel_id, o.name COLLATE NOCASE", params).fetchall()
    return [Mute(*row) for row in rows]


# -- digests -------------------------------------------------------------------------------


def _schedule(row: dict) -> DigestSchedule:
    return DigestSchedule(
        id=row["id"],
        team_id=row["team_id"],
        channel_id=row["channel_id"],
        frequency=row["frequency"],
        day_of_week=row["day_of_week"],
        time_of_day=row["time_of_day"],
        timezone=row["timezone"],
        post_empty=bool(row["post_empty"]),
        created_by=row["created_by"],
        last_sent_at=row["last_sent_at"],
        last_story_id=row["last_story_id"],
        active=bool(row["active"]),
        stopped_reason=row["stopped_reason"],
        created_at=row["created_at"],
        last_period=row["last_period"],
    )


def set_digest(
    db: Database,
    team_id: str,
    channel_id: str,
    *,
    frequency: str,
    day_of_week: str | None,
    time_of_day: str,
    timezone: str,
    user_id: str | None = None,
    post_empty: bool = False,
) -> DigestSchedule:
    """Create or replace the channel's digest schedule; a new one starts from the newest story."""
    db.execute(
        """
        INSERT INTO digests (team_id, channel_id, frequency, day_of_week, time_of_day, timezone,
                             post_empty, created_by, created_at, last_story_id, active)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
        ON CONFLICT (team_id, channel_id) DO UPDATE SET
            frequency = excluded.frequency, day_of_week = excluded.day_of_week,
            time_of_day = excluded.time_of_day, timezone = excluded.timezone,
            post_empty = excluded.post_empty, created_by = excluded.created_by,
            last_story_id = CASE WHEN digests.active THEN digests.last_story_id
                                 ELSE excluded.last_story_id END,
            active = 1, stopped_reason = NULL
        """,
        [
            team_id,
            channel_id,
            frequency,
            day_of_week,
            time_of_day,
            timezone,
            int(post_empty),
            user_id,
            iso(),
            max_story_id(db),
        ],
    )
    schedule = get_digest(db, team_id, channel_id)
    assert schedule is not None
    return schedule


def stop_digest(db: Database, team_id: str, channel_id: str, *, reason: str = "off") -> bool:
    """Turn the channel's digest off; False when there was none running."""
    cursor = db.execute(
        "UPDATE digests SET active = 0, stopped_reason = ?"
        " WHERE team_id = ? AND channel_id = ? AND active = 1",
        [reason, team_id, channel_id],
    )
    return cursor.rowcount > 0


def get_digest(db: Database, team_id: str, channel_id: str) -> DigestSchedule | None:
    """The channel's digest schedule, active or not."""
    rows = list(
        db.query(
            "SELECT * FROM digests WHERE team_id = ? AND channel_id = ?", [team_id, channel_id]
        )
    )
    return _schedule(rows[0]) if rows else None


def list_digests(db: Database, team_id: str) -> list[DigestSchedule]:
    """The team's active digest schedules."""
    rows = db.query(
        "SELECT * FROM digests WHERE team_id = ? AND active = 1 ORDER BY channel_id", [team_id]
    )
    return [_schedule(r) for r in rows]


def active_digests(db: Database) -> list[DigestSchedule]:
    """Every active schedule of every team: for the scheduler only, never shown to users."""
    return [_schedule(r) for r in db.query("SELECT * FROM digests WHERE active = 1 ORDER BY id")]


def mark_digest_sent(db: Database, digest_id: int, last_story_id: int) -> None:
    db.execute(
        "UPDATE digests SET last_sent_at = ?, last_story_id = MAX(last_story_id, ?) WHERE id = ?",
        [iso(), last_story_id, digest_id],
    )


def mark_digest_period(db: Database, digest_id: int, period: str) -> None:
    """A scheduled period is done with (nothing to post): it is not caught up on later."""
    db.execute(
        "UPDATE digests SET last_period = MAX(COALESCE(last_period, ''), ?) WHERE id = ?",
        [period, digest_id],
    )


def channel_partnerships(
    db: Database,
    team_id: str,
    channel_id: str,
    *,
    after_story_id: int,
    up_to_story_id: int | None = None,
    limit: int = 200,
    settings: AlertSettings | None = None,
) -> list[PartnershipView]:
    """Partnerships on stories after `after_story_id` (up to `up_to_story_id`) that this
    channel should see, newest first by their best date known.

    A channel that watches companies sees theirs; one that watches none sees all. A story is
    left out when any of its parties is muted in the channel, when the team flagged it, or
    when the channel's `settings` (threshold, deal types, topics) do not admit it.
    """
    watched = {w.org_id for w in list_watches(db, team_id, channel_id)}
    muted = {m.org_id for m in list_mutes(db, team_id, channel_id)}
    settings = settings or AlertSettings()
    # The parties come from a subquery rather than a join with GROUP BY p.id: grouping by
    # the rowid lets SQLite read every partnership in id order instead of just the stories'
    # range on the story_id index (20 ms against 0.5 ms at a million articles).
    rows = db.execute(
        """
        SELECT p.id, (SELECT group_concat(pp.org_id) FROM partnership_parties pp
                      WHERE pp.partnership_id = p.id), p.deal_type, p.topics, p.confidence
        FROM partnerships p
        WHERE p.story_id > :after AND p.story_id <= :up_to AND NOT EXISTS (
            SELECT 1 FROM feedback f WHERE f.story_id = p.story_id AND f.team_id = :team_id
            AND f.kind = 'not_partnership')
        ORDER BY p.id DESC
        """,
        {"after": after_story_id, "up_to": up_to_story_id or 2**62, "team_id": team_id},
    ).fetchall()
    ids = []
    for pid, parties, deal_type, topics, confidence in rows:
        if parties is None:  # no party recorded: never shown (as the join used to do)
            continue
        orgs = {int(o) for o in str(parties).split(",")}
        if (watched and not orgs & watched) or orgs & muted:
            continue
        if settings.admits(deal_type, json.loads(topics or "[]"), confidence):
            ids.append(pid)
        if len(ids) >= limit:
            break
    found = load_partnerships(db, ids, team_id=team_id)
    return sorted(found, key=lambda p: (p.deal_date, p.id), reverse=True)


@dataclass(frozen=True)
class DigestContent:
    """What a channel's next digest holds."""

    schedule: DigestSchedule | None  # the active schedule, None for an ad-hoc digest
    partnerships: list[PartnershipView]  # newest first
    up_to_story_id: int  # the newest story considered: where the next digest starts
    watched: frozenset[str] = field(default_factory=frozenset)
    since_last: bool = True  # False: no digest was sent yet, it covers the last days

    def groups(self) -> list[tuple[str, list[PartnershipView]]]:
        """Partnerships under the company they are shown for (a watched one, else the
        first party), groups ordered by their newest partnership."""
        groups: dict[str, list[PartnershipView]] = {}
        for p in self.partnerships:
            names = [n for n in p.parties if n in self.watched] or list(p.parties[:1])
            groups.setdefault(names[0] if names else "Other", []).append(p)
        return list(groups.items())


def digest_content(
    db: Database, team_id: str, channel_id: str, *, default_threshold: float = 0.0
) -> DigestContent:
    """The partnerships new since the channel's last digest; when it has none yet (no
    schedule, or one that never posted), those of the last `ADHOC_DIGEST_DAYS` days. The
    channel's settings apply, its threshold resolved against `default_threshold`."""
    schedule = get_digest(db, team_id, channel_id)
    up_to = max_story_id(db)
    recent = None
    if schedule is None or not schedule.active:
        schedule = None
        after = recent = _story_id_days_ago(db, ADHOC_DIGEST_DAYS)
    elif schedule.last_sent_at is None:
        # A schedule that never posted: the last days, but nothing a digest posted on
        # demand before the schedule already showed.
        posted = _last_posted_digest_story(db, team_id, channel_id)
        recent = _story_id_days_ago(db, ADHOC_DIGEST_DAYS)
        after = max(min(schedule.last_story_id, recent), posted)
        recent = None if posted else recent
    else:
        after = schedule.last_story_id
    found = channel_partnerships(
        db,
        team_id,
        channel_id,
        after_story_id=after,
        up_to_story_id=up_to,
        settings=resolved(db, team_id, channel_id, default_threshold),
    )
    watched = frozenset(w.name for w in list_watches(db, team_id, channel_id))
    return DigestContent(schedule, found, up_to, watched, since_last=recent is None)


def _last_posted_digest_story(db: Database, team_id: str, channel_id: str) -> int:
    """The newest story a digest posted in the channel showed (0: none was posted)."""
    row = db.execute(
        "SELECT COALESCE(MAX(story_id), 0) FROM deliveries WHERE team_id = ?"
        " AND channel_id = ? AND kind = 'digest' AND status = 'posted'",
        [team_id, channel_id],
    ).fetchone()
    return row[0]


def _story_id_days_ago(db: Database, days: int) -> int:
    """The id just before the first story created in the last `days` days."""
    since = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")
    # MIN(+id), not MIN(id): the latter walks the stories from the oldest until one is
    # recent enough; this reads only the window, on idx_stories_created.
    row = db.execute("SELECT MIN(+id) FROM stories WHERE created_at >= ?", [since]).fetchone()
    return (row[0] - 1) if row and row[0] else max_story_id(db)
