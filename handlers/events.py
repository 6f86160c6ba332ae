"""Events: the App Home tab, `@partners ...` mentions answered in a thread, and the app
uninstalled or its token revoked (the workspace's posting stops)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.service.commands import handle_command
from bot.service.home import home_view
from bot.slack.files import with_files
from handlers.replies import Send, deliver

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.service.context import Reply
    from bot.slack.deps import Deps


def home_opened(deps: Deps):
    def on_home_opened(event, context, client, logger) -> None:
        if event.get("tab") != "home":
            return
        db = deps.connect()
        try:
            ctx = deps.context(db, context.team_id, event.get("channel", ""), event["user"])
            client.views_publish(user_id=event["user"], view=home_view(ctx))
        except Exception:
            logger.exception("publishing the Home tab failed")
        finally:
            db.close()

    return on_home_opened


def mention(deps: Deps):
    def on_mention(event, context, client, logger) -> None:
        channel, thread = event["channel"], event.get("thread_ts") or event["ts"]
        db = deps.connect()
        ctx = deps.context(db, context.team_id, channel, event.get("user", ""))
        text = event.get("text", "")
        send = in_thread(client, channel, thread)
        send = with_files(
            client, send, channel_id=channel, user_id=ctx.user_id, thread_ts=thread, private=False
        )
        deliver(deps, db, lambda: handle_command(ctx, text), send, logger)

    return on_mention


def in_thread(client: WebClient, channel: str, thread_ts: str) -> Send:
    """Replies posted in the mention's thread, where everyone in it sees them."""

    def send(reply: Reply) -> None:
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=reply.text, blocks=reply.blocks or None
        )

    return send


def uninstalled(deps: Deps):
    def on_uninstalled(context, logger) -> None:
        deps.forget(context.team_id, "app_uninstalled")

    return on_uninstalled


def tokens_revoked(deps: Deps):
    def on_tokens_revoked(event, context, logger) -> None:
        if (event.get("tokens") or {}).get("bot"):  # the bot's token: nothing can be posted
            deps.forget(context.team_id, "tokens_revoked")

    return on_tokens_revoked
