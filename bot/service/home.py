"""The App Home tab: every channel's subscriptions, the latest partnerships, feed health and
what the bot could not deliver."""

from __future__ import annotations

import logging

from bot import messages
from bot.delivery.threshold import default_min_confidence
from bot.service.context import SORRY, Context
from bot.service.feeds import visible_feeds
from bot.store import alert_settings, outbox, overview
from bot.store.queries import latest_partnerships

log = logging.getLogger(__name__)


FAILED_SHOWN = 5  # deliveries that finally failed, listed in App Home


def home_view(ctx: Context) -> dict:
    """The App Home tab for the user's team."""
    try:
        default = default_min_confidence(ctx.settings)
        workspace = alert_settings.workspace_threshold(ctx.db, ctx.team_id)
        channels = overview.team_channels(ctx.db, ctx.team_id)
        filters = {c.channel_id: _filters(ctx, c.channel_id, default, workspace) for c in channels}
        return messages.home_view(
            channels,
            latest_partnerships(ctx.db, team_id=ctx.team_id, limit=5),
            visible_feeds(ctx),
            team_stop=outbox.team_stop(ctx.db, ctx.team_id),
            stopped=overview.stopped_channels(ctx.db, ctx.team_id),
            failed=outbox.failed(ctx.db, ctx.team_id, limit=FAILED_SHOWN),
            filters=filters,
            threshold=workspace if workspace is not None else default,
            threshold_source="this workspace" if workspace is not None else "default",
        )
    except Exception:
        log.exception("home view failed")
        return {"type": "home", "blocks": messages.error_message(SORRY).blocks}


def _filters(ctx: Context, channel_id: str, default: float, workspace: float | None) -> list:
    settings = alert_settings.resolved(ctx.db, ctx.team_id, channel_id, default)
    own = alert_settings.get_settings(ctx.db, ctx.team_id, channel_id).min_confidence
    if own is not None:
        source = "this channel"
    else:
        source = "this workspace" if workspace is not None else "default"
    return messages.filter_lines(settings, source)
