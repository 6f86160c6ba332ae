"""Alerts and their thread follow-ups: which ones the channels are owed (`enqueue_alerts`),
and the message an outbox row posts when its turn comes (`render`; a digest row carries
its own)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot import messages
from bot.messages.blocks import Message
from bot.store import outbox
from bot.store.alerts import enqueue_watched
from bot.store.clock import iso, utc_now
from bot.store.outbox import Delivery
from bot.store.queries import Source, load_partnerships

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    message: Message
    thread_ts: str | None = None
    article_id: int | None = None  # the newest article the message covers


def _hidden(db: Database, team_id: str, story_id: int | None) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM feedback WHERE team_id = ? AND story_id = ?"
            " AND kind = 'not_partnership'",
            [team_id, story_id],
        ).fetchone()
        is not None
    )


def _render_alert(db: Database, d: Delivery) -> Outgoing | str:
    row = db.execute("SELECT id FROM partnerships WHERE story_id = ?", [d.story_id]).fetchone()
    views = load_partnerships(db, [row[0]]) if row else []
    if not views:
        return "no longer a partnership"
    watched = dict(
        db.execute(
            "SELECT o.name, EXISTS (SELECT 1 FROM mutes m WHERE m.team_id = w.team_id"
            " AND m.channel_id = w.channel_id AND m.org_id = w.org_id)"
            " FROM watches w JOIN partnership_parties pp ON pp.org_id = w.org_id"
            " JOIN organisations o ON o.id = w.org_id"
            " WHERE pp.partnership_id = ? AND w.team_id = ? AND w.channel_id = ? AND w.active = 1",
            [row[0], d.team_id, d.channel_id],
        ).fetchall()
    )
    if not watched:
        return "no longer watched here"
    if any(watched.values()):
        return "muted here"
    p = views[0]
    name = next((n for n in p.parties if n in watched), None)
    newest = db.execute("SELECT MAX(id) FROM articles WHERE story_id = ?", [d.story_id])
    return Outgoing(messages.alert_message(p, watched=name), article_id=newest.fetchone()[0])


def _render_followup(db: Database, d: Delivery) -> Outgoing | str:
    thread_ts = outbox.first_post_ts(db, d.team_id, d.channel_id, d.story_id)
    row = db.execute(
        "SELECT title, url, source, lang, published FROM articles WHERE id = ?", [d.article_id]
    ).fetchone()
    if thread_ts is None or row is None:
        return "nothing to follow up"
    return Outgoing(messages.followup_message(Source(*row)), thread_ts=thread_ts)


def render(db: Database, d: Delivery) -> Outgoing | str:
    """The message a row posts, built when it is posted; or why it should not be posted."""
    if d.kind != outbox.DIGEST and _hidden(db, d.team_id, d.story_id):
        return "flagged as not a partnership"
    if d.kind == outbox.ALERT:
        return _render_alert(db, d)
    if d.kind == outbox.FOLLOWUP:
        return _render_followup(db, d)
    payload = d.payload or {}
    return Outgoing(Message(payload.get("text") or "", payload.get("blocks") or []))


def enqueue_alerts(db: Database, *, now: datetime | None = None) -> int:
    """Outbox rows for new watched partnerships and their new sources; returns how many."""
    n = enqueue_watched(db, now=iso(now or utc_now()))
    if n:
        log.info("%d alerts and follow-ups to post", n)
    return n
