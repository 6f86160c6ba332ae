"""What the channels are owed: an `alert` row for each new partnership a channel watches, a
`followup` row for each new source of a story alerted there, found from per-channel
high-water marks (`delivery_cursors`)."""

from __future__ import annotations

from sqlite_utils import Database

from bot.store.outbox import ALERT, FOLLOWUP, add


def enqueue_watched(db: Database, *, now: str) -> int:
    """Add an `alert` row for each new partnership a channel watches and a `followup` row for
    each new article joining a story alerted there; returns how many rows were added.

    Each channel keeps a cursor (last partnership id, last article id looked at), so a run
    only reads what arrived since the previous one; everything happens in one snapshot.
    """
    added = 0
    with db.atomic():
        top_p, top_a = db.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM partnerships),"
            " (SELECT COALESCE(MAX(id), 0) FROM articles)"
        ).fetchone()
        channels = db.execute(
            "SELECT DISTINCT w.team_id, w.channel_id, c.partnership_id, c.article_id"
            " FROM watches w LEFT JOIN delivery_cursors c"
            " ON c.team_id = w.team_id AND c.channel_id = w.channel_id"
            " WHERE w.active = 1"
            " AND NOT EXISTS (SELECT 1 FROM team_stops t WHERE t.team_id = w.team_id)"
        ).fetchall()
        for team_id, channel_id, after_p, after_a in channels:
            # A new channel has no alerted story yet, so no older article can follow one up.
            after_a = top_a if after_a is None else after_a
            added += _enqueue_alerts(db, team_id, channel_id, after_p or 0, top_p, now)
            added += _enqueue_followups(db, team_id, channel_id, after_a, top_a, now)
            db.execute(
                "INSERT INTO delivery_cursors (team_id, channel_id, partnership_id, article_id)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (team_id, channel_id) DO UPDATE SET"
                " partnership_id = excluded.partnership_id, article_id = excluded.article_id",
                [team_id, channel_id, top_p, top_a],
            )
    return added


def _enqueue_alerts(
    db: Database, team_id: str, channel_id: str, after: int, up_to: int, now: str
) -> int:
    if after >= up_to:
        return 0
    rows = db.execute(
        """
        SELECT DISTINCT p.id, p.story_id,
            (SELECT MAX(a.id) FROM articles a WHERE a.story_id = p.story_id)
        FROM watches w
        JOIN partnership_parties pp ON pp.org_id = w.org_id
            AND pp.partnership_id > :after AND pp.partnership_id <= :up_to
        JOIN partnerships p ON p.id = pp.partnership_id AND p.story_id > w.after_story_id
        WHERE w.team_id = :team AND w.channel_id = :channel AND w.active = 1
          AND NOT EXISTS (
              SELECT 1 FROM partnership_parties mp
              JOIN watches mw ON mw.org_id = mp.org_id AND mw.active = 1
              JOIN mutes m ON m.team_id = mw.team_id AND m.channel_id = mw.channel_id
                  AND m.org_id = mw.org_id
              WHERE mp.partnership_id = p.id AND mw.team_id = :team
                AND mw.channel_id = :channel)
          AND NOT EXISTS (
              SELECT 1 FROM feedback f WHERE f.team_id = :team AND f.story_id = p.story_id
                AND f.kind = 'not_partnership')
        ORDER BY p.id
        """,
        {"team": team_id, "channel": channel_id, "after": after, "up_to": up_to},
    ).fetchall()
    added = 0
    for _, story_id, last_article in rows:
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
