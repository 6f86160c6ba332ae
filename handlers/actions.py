"""Buttons (More, Not a partnership and its Undo, Wrong companies, Mute, Share, Share in
channel, the settings forms): acknowledge, then answer through the message's response_url,
or open the form the button asks for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.service.actions import handle_action
from bot.slack.files import with_files
from handlers.replies import deliver, through_response_url

if TYPE_CHECKING:
    from bot.slack.deps import Deps


def button(deps: Deps):
    def on_button(ack, action, body, context, client, respond, logger) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id") or context.channel_id
        response_url = body.get("response_url")
        db = deps.connect()
        ctx = deps.context(db, context.team_id, channel, context.user_id)
        action_id, value = action["action_id"], action.get("value", "")

        def press():
            return handle_action(ctx, action_id, value, response_url=response_url)

        def send(answer) -> None:
            if answer.view is not None:
                client.views_open(trigger_id=body.get("trigger_id"), view=answer.view)
            elif (body.get("container") or {}).get("type") == "view":
                # App Home has no response_url: its buttons only open forms
                logger.info("button %s on App Home had nothing to show", action_id)
            else:
                with_files(
                    client,
                    through_response_url(response_url, respond),
                    channel_id=ctx.channel_id,
                    user_id=ctx.user_id,
                )(answer)

        deliver(deps, db, press, send, logger)

    return on_button
