"""What the channels are owed: an `alert` row for each new partnership a channel watches, a
`followup` row for each new source of a story alerted there, found from per-channel
high-water marks (`delivery_cursors`)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from bot.store.alert_settings import AlertSettings, resolved
from bot.store.outbox import ALERT, FOLLOWUP, add

# The channels owed alerts: those watching a company, and those keeping some topics or deal
# types (alerted on every partnership that passes their filters), with their cursors.
_CHANNELS = """
SELECT ch.team_id, ch.channel_id, c.partnership_id, c.article_id FROM (
    SELECT team_id, channel_id FROM watches WHERE active = 1
    UNION
    SELECT team_id, channel_id FROM channel_settings WHERE channel_id != ''
        AND (deal_types != '[]' OR topics != '[]')
) ch
LEFT JOIN delivery_cursors c ON c.team_id = ch.team_id AND c.channel_id = ch.channel_id
WHERE NOT EXISTS (SELECT 1 FROM team_stops t WHERE t.team_id = ch.team_id)
"""


def enqueue_watched(db: Database, *, now: str, default_threshold: float = 0.0) -> int:
    """Add an `alert` row for each new partnership a channel watches (and its filters admit)
    and a `followup` row for each new article joining a story alerted there; returns how
    many rows were added. A paused channel is owed nothing: its cursor just moves on.

    Each channel keeps a cursor (last partnership id, last article id looked at), so a run
    only reads what arrived since the previous one; everything happens in one snapshot.
    `default_threshold` is the confidence a channel needs when neither it nor its
    workspace set one.
    """
    added = 0
    with db.atomic():
        top_p, top_a = db.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM partnerships),"
            " (SELECT COALESCE(MAX(id), 0) FROM articles)"
        ).fetchone()
        for team_id, channel_id, after_p, after_a in db.execute(_CHANNELS).fetchall():
            # A new channel has no alerted story yet, so no older article can follow one up.
            after_a = top_a if after_a is None else after_a
            settings = resolved(db, team_id, channel_id, default_threshold)
            if not settings.paused:
                added += _enqueue_alerts(
                    db, team_id, channel_id, after_p or 0, top_p, now, settings
                )
                added += _enqueue_followups(db, team_id, channel_id, after_a, top_a, now)
            db.execute(
                "INSERT INTO delivery_cursors (team_id, channel_id, partnership_id, article_id)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (team_id, channel_id) DO UPDATE SET"
                " partnership_id = excluded.partnership_id, article_id = excluded.article_id",
                [team_id, channel_id, top_p, top_a],
            )
    return added


def _enqueue_alerts(
    db: Database,
    team_id: str,
    channel_id: str,
    after: int,
    up_to: int,
    now: str,
    settings: AlertSettings,
) -> int:
    if after >= up_to:
        return 0
    params = {"team": team_id, "channel": channel_id, "after": after, "up_to": up_to}
    rows = db.execute(_WATCHED, params).fetchall()
    if not rows and settings.narrows and not watches_any(db, team_id, channel_id):
        rows = db.execute(_ANY, params).fetchall()
    added = 0
    for _, story_id, last_article, deal_type, topics, confidence in rows:
        if not settings.admits(deal_type, json.loads(topics or "[]"), confidence):
            continue
        added += bool(
            add(
                db,
                team_id=team_id,
                channel_id=channel_id,
                kind=ALERT,
                dedupe_key=f"story:{story_id}",
                story_id=story_id,
                article_id=last_article,
                now=now,
            )
        )
    return added


def watches_any(db: Database, team_id: str, channel_id: str) -> bool:
    """Does the channel watch at least one company?"""
    row = db.execute(
        "SELECT 1 FROM watches WHERE team_id = ? AND channel_id = ? AND active = 1 LIMIT 1",
        [team_id, channel_id],
    ).fetchone()
    return row is not None


_NOT_FLAGGED = """
    NOT EXISTS (
        SELECT 1 FROM feedback f WHERE f.team_id = :team AND f.story_id = p.story_id
        AND f.kind = 'not_partnership')"""

# A party muted in the channel (the alert's "Mute" button, `watch -<company>`) keeps the
# story out, watched or not.
_NOT_MUTED = """
    NOT EXISTS (
        SELECT 1 FROM partnership_parties mp JOIN mutes m ON m.org_id = mp.org_id
        WHERE mp.partnership_id = p.id AND m.team_id = :team AND m.channel_id = :channel)"""

# Every new partnership, for a channel that watches no company but keeps some topics or
# deal types.
_ANY = f"""
SELECT p.id, p.story_id, (SELECT MAX(a.id) FROM articles a WHERE a.story_id = p.story_id),
    p.deal_type, p.topics, p.confidence
FROM partnerships p
WHERE p.id > :after AND p.id <= :up_to AND {_NOT_FLAGGED} AND {_NOT_MUTED}
ORDER BY p.id
"""

_WATCHED = f"""
        SELECT DISTINCT p.id, p.story_id,
            (SELECT MAX(a.id) FROM articles a WHERE a.story_id = p.story_id),
            p.deal_type, p.topics, p.confidence
        FROM watches w
        JOIN partnership_parties pp ON pp.org_id = w.org_id
            AND pp.partnership_id > :after AND pp.partnership_id <= :up_to
        JOIN partnerships p ON p.id = pp.partnership_id AND p.story_id > w.after_story_id
        WHERE w.team_id = :team AND w.channel_id = :channel AND w.active = 1
          AND {_NOT_MUTED} AND {_NOT_FLAGGED}
        ORDER BY p.id
"""


def _enqueue_followups(
    db: Database, team_id: str, channel_id: str, after: int, up_to: int, now: str
) -> int:
    if after >= up_to:
        return 0
    rows = db.execute(
        """
        SELECT a.id, a.story_id FROM articles a
        JOIN deliveries d ON d.team_id = :team AND d.channel_id = :channel
            AND d.story_id = a.story_id AND d.kind = 'alert'
        WHERE a.id > :after AND a.id <= :up_to AND a.id > COALESCE(d.article_id, 0)
          AND d.status IN ('pending', 'claimed', 'posted')
        ORDER BY a.id
        """,
        {"team": team_id, "channel": channel_id, "after": after, "up_to": up_to},
    ).fetchall()
    added = 0
    for article_id, story_id in rows:
        added += bool(
            add(
                db,
                team_id=team_id,
                channel_id=channel_id,
                kind=FOLLOWUP,
                dedupe_key=f"article:{article_id}",
                story_id=story_id,
                article_id=article_id,
                now=now,
            )
        )
    return added


def muted_parties(db: Database, partnership_id: int, team_id: str, channel_id: str) -> list[str]:
    """The partnership's parties muted in the channel."""
    return [
        name
        for (name,) in db.execute(
            "SELECT o.name FROM partnership_parties pp JOIN mutes m ON m.org_id = pp.org_id"
            " JOIN organisations o ON o.id = pp.org_id WHERE pp.partnership_id = ?"
            " AND m.team_id = ? AND m.channel_id = ?",
            [partnership_id, team_id, channel_id],
        )
    ]


def watched_parties(
    db: Database, partnership_id: int, team_id: str, channel_id: str
) -> dict[str, bool]:
    """The partnership's parties the channel watches, each with whether it mutes them."""
    return dict(
        db.execute(
            "SELECT o.name, EXISTS (SELECT 1 FROM mutes m WHERE m.team_id = w.team_id"
            " AND m.channel_id = w.channel_id AND m.org_id = w.org_id)"
            " FROM watches w JOIN partnership_parties pp ON pp.org_id = w.org_id"
            " JOIN organisations o ON o.id = w.org_id"
            " WHERE pp.partnership_id = ? AND w.team_id = ? AND w.channel_id = ? AND w.active = 1",
            [partnership_id, team_id, channel_id],
        ).fetchall()
    )
