"""The App Home tab: every channel's subscriptions, the latest partnerships, feed health and
what the bot could not deliver."""

from __future__ import annotations

import logging

from bot import messages
from bot.service.context import SORRY, Context
from bot.service.feeds import visible_feeds
from bot.store import outbox, overview
from bot.store.queries import latest_partnerships

log = logging.getLogger(__name__)


FAILED_SHOWN = 5  # deliveries that finally failed, listed in App Home


def home_view(ctx: Context) -> dict:
    """The App Home tab for the user's team."""
    try:
        return messages.home_view(
            overview.team_channels(ctx.db, ctx.team_id),
            latest_partnerships(ctx.db, team_id=ctx.team_id, limit=5),
            visible_feeds(ctx),
            team_stop=outbox.team_stop(ctx.db, ctx.team_id),
            stopped=overview.stopped_channels(ctx.db, ctx.team_id),
            failed=outbox.failed(ctx.db, ctx.team_id, limit=FAILED_SHOWN),
        )
    except Exception:
        log.exception("home view failed")
        return {"type": "home", "blocks": messages.error_message(SORRY).blocks}
