"""Sending a service `Reply`, then its deferred part once it is ready."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.service.context import Reply, warning
from bot.slack.deps import respond_to

if TYPE_CHECKING:
    from slack_bolt import Respond
    from sqlite_utils import Database

    from bot.slack.deps import Deps

Send = Callable[[Reply], None]


def through_response_url(response_url: str | None, respond: Respond) -> Send:
    """Replies sent to the request's response_url, retried like the app's Web API calls
    (Bolt's `respond` when the request has none: it says why it cannot answer)."""
    return through_respond(respond_to(response_url) if response_url else respond)


def through_respond(respond: Callable[..., object]) -> Send:
    """Replies sent with `respond` (ephemeral unless the reply says not)."""

    def send(reply: Reply) -> None:
        respond(
            text=reply.text,
            blocks=reply.blocks or None,
            response_type="ephemeral" if reply.ephemeral else "in_channel",
            replace_original=reply.replace_original,
        )

    return send


def deliver(
    deps: Deps,
    db: Database,
    produce: Callable[[], Reply],
    send: Send,
    logger: logging.Logger,
) -> None:
    """Send `produce()`; if it has a deferred part, run that on the deferred pool and send
    it in turn. `db` (the request's connection) is closed once nothing is left to send."""
    deferred = None
    try:
        reply = produce()
        deferred = reply.deferred
        send(reply)
    except Exception:
        logger.exception("answering failed")
        deferred = None
        try:
            send(warning())
        except Exception:
            logger.exception("could not even send the warning")
    if deferred is None:
        db.close()
    else:
        deps.later(lambda: deliver(deps, db, deferred, send, logger))
