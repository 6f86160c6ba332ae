"""Alerts and their thread follow-ups: which ones the channels are owed (`enqueue_alerts`),
and the message an outbox row posts when its turn comes (`render`; a digest row carries
its own)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from bot import messages
from bot.delivery.spikes import spike_still_wanted
from bot.messages.blocks import Message
from bot.store import outbox
from bot.store.alert_settings import resolved
from bot.store.alerts import enqueue_watched, muted_parties, watched_parties, watches_any
from bot.store.clock import iso, utc_now
from bot.store.feedback import is_flagged
from bot.store.outbox import Delivery
from bot.store.queries import article_source, newest_article_id, story_lang, story_partnership

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    message: Message
    thread_ts: str | None = None
    article_id: int | None = None  # the newest article the message covers


def _render_alert(db: Database, d: Delivery, default_threshold: float) -> Outgoing | str:
    """The alert as the channel's settings stand when it is posted (they may have changed
    since it was owed): paused, filtered out, unwatched or muted means it is not posted."""
    p = story_partnership(db, d.story_id, team_id=d.team_id)
    if p is None:
        return "no longer a partnership"
    settings = resolved(db, d.team_id, d.channel_id, default_threshold)
    if settings.paused:
        return "alerts paused here"
    if not settings.admits(p.deal_type, p.topics, p.confidence):
        return "filtered out here"
    watched = watched_parties(db, p.id, d.team_id, d.channel_id)
    if not watched and not (settings.narrows and not watches_any(db, d.team_id, d.channel_id)):
        return "no longer watched here"
    if muted_parties(db, p.id, d.team_id, d.channel_id):
        return "muted here"
    name = next((n for n in p.parties if n in watched), None)
    newest = newest_article_id(db, d.story_id)
    return Outgoing(messages.alert_message(p, watched=name), article_id=newest)


def _render_followup(db: Database, d: Delivery) -> Outgoing | str:
    thread_ts = outbox.first_post_ts(db, d.team_id, d.channel_id, d.story_id)
    source = article_source(db, d.article_id)
    if thread_ts is None or source is None:
        return "nothing to follow up"
    message = messages.followup_message(source, story_lang=story_lang(db, d.story_id))
    return Outgoing(message, thread_ts=thread_ts)


def render(db: Database, d: Delivery, *, default_threshold: float = 0.0) -> Outgoing | str:
    """The message a row posts, built when it is posted; or why it should not be posted.
    `default_threshold`: the confidence an alert needs where no one chose one."""
    if d.kind != outbox.DIGEST and is_flagged(db, d.team_id, d.story_id):
        return "flagged as not a partnership"
    if d.kind == outbox.ALERT:
        return _render_alert(db, d, default_threshold)
    if d.kind == outbox.FOLLOWUP:
        return _render_followup(db, d)
    if d.kind == outbox.SPIKE and (reason := spike_still_wanted(db, d)):
        return reason
    payload = d.payload or {}
    return Outgoing(Message(payload.get("text") or "", payload.get("blocks") or []))


def enqueue_alerts(
    db: Database, *, now: datetime | None = None, default_threshold: float = 0.0
) -> int:
    """Outbox rows for new watched partnerships and their new sources; returns how many.
    `default_threshold`: the confidence an alert needs where no one chose one."""
    n = enqueue_watched(db, now=iso(now or utc_now()), default_threshold=default_threshold)
    if n:
        log.info("%d alerts and follow-ups to post", n)
    return n
