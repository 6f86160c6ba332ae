"""Forms (modals): a submission is checked and saved before the ack, so its errors show
inline (`response_action: errors`); what follows (the answer, redrawn alerts, App Home)
happens after. Searchable menus get their options (`block_suggestion`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.service.home import home_view
from bot.service.modals import submit, suggest
from bot.slack.deps import respond_to
from handlers.replies import through_respond

if TYPE_CHECKING:
    from bot.service.context import Context
    from bot.service.submitted import Submitted
    from bot.slack.deps import Deps


def submitted(deps: Deps):
    def on_submit(ack, body, view, context, client, logger) -> None:
        user = (body.get("user") or {}).get("id") or context.user_id
        db = deps.connect()
        try:
            ctx = deps.context(db, context.team_id, "", user)
            values = (view.get("state") or {}).get("values") or {}
            done = submit(ctx, view.get("callback_id", ""), view.get("private_metadata"), values)
        except Exception:  # `submit` answers its own failures; this is a last resort
            db.close()
            logger.exception("a form submission failed")
            ack()
            return
        if done.errors:
            db.close()
            ack(response_action="errors", errors=done.errors)
            return
        ack()
        deps.later(lambda: _follow_up(deps, db, ctx, done, client, logger))

    return on_submit


def _follow_up(deps: Deps, db, ctx: Context, done: Submitted, client, logger) -> None:
    """After the form closed: tell the user, redraw alerts, refresh App Home."""
    try:
        if done.reply is not None and done.response_url:
            through_respond(respond_to(done.response_url))(done.reply)
        for update in done.updates:
            try:
                client.chat_update(
                    channel=update.channel_id, ts=update.ts, text=update.text, blocks=update.blocks
                )
            except Exception:
                logger.exception(
                    "redrawing the alert %s in %s failed", update.ts, update.channel_id
                )
        if done.refresh_home:
            client.views_publish(user_id=ctx.user_id, view=home_view(ctx))
    finally:
        db.close()


def options(deps: Deps):
    def on_options(ack, body, context) -> None:
        db = deps.connect()
        try:
            ctx = deps.context(db, context.team_id, "", (body.get("user") or {}).get("id", ""))
            found = suggest(ctx, body.get("action_id", ""), body.get("value", ""))
        finally:
            db.close()
        ack(options=found)

    return on_options
