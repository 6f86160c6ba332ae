"""`/partners ...`: acknowledge, then answer through the response_url."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.service.commands import handle_command
from bot.slack.files import with_files
from handlers.replies import deliver, through_response_url

if TYPE_CHECKING:
    from bot.slack.deps import Deps


def partners(deps: Deps):
    def on_partners(ack, command, context, client, respond, logger) -> None:
        ack()
        db = deps.connect()
        ctx = deps.context(db, context.team_id, command["channel_id"], command["user_id"])
        text = command.get("text", "")
        answer = through_response_url(command.get("response_url"), respond)
        answer = with_files(client, answer, channel_id=ctx.channel_id, user_id=ctx.user_id)
        deliver(deps, db, lambda: handle_command(ctx, text), answer, logger)

    return on_partners
