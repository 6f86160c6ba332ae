"""Buttons (More, Not a partnership, Mute, Share, Share in channel): acknowledge, then
answer through the message's response_url."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.service.actions import handle_action
from bot.slack.files import with_files
from handlers.replies import deliver, through_response_url

if TYPE_CHECKING:
    from bot.slack.deps import Deps


def button(deps: Deps):
    def on_button(ack, action, body, context, respond, logger) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id") or context.channel_id
        db = deps.connect()
        ctx = deps.context(db, context.team_id, channel, context.user_id)
        action_id, value = action["action_id"], action.get("value", "")
        answer = through_response_url(body.get("response_url"), respond)
        answer = with_files(deps.client, answer, channel_id=ctx.channel_id, user_id=ctx.user_id)
        deliver(deps, db, lambda: handle_action(ctx, action_id, value), answer, logger)

    return on_button
