"""The "Check for partnership" message shortcut: acknowledge, then answer privately through
the shortcut's response_url once the message (or its link) is analysed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.service.check import check_message
from handlers.replies import deliver, through_response_url

if TYPE_CHECKING:
    from bot.slack.deps import Deps


def check(deps: Deps):
    def on_check(ack, shortcut, context, respond, logger) -> None:
        ack()
        channel = (shortcut.get("channel") or {}).get("id") or context.channel_id
        user = (shortcut.get("user") or {}).get("id") or context.user_id
        db = deps.connect()
        ctx = deps.context(db, context.team_id, channel, user)
        text = (shortcut.get("message") or {}).get("text", "")
        answer = through_response_url(shortcut.get("response_url"), respond)
        deliver(deps, db, lambda: check_message(ctx, text), answer, logger)

    return on_check
