"""The Slack app: `create_app(settings)` builds the Bolt app and `handlers.register` routes
it; an Events API delivery seen before is acknowledged, not redone."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from sqlite_utils import Database

import handlers
from bot.config import Settings
from bot.ingest.workers import lazy_ingestor
from bot.slack.clients import web_client
from bot.slack.deps import Deps
from bot.slack.installs import Installations
from bot.store import open_db
from bot.store.events import first_delivery

if TYPE_CHECKING:
    from bot.ingest.ingestor import Ingestor
    from bot.insights.drawing import Picture

log = logging.getLogger(__name__)

LISTENER_THREADS = 8  # Bolt's pool: listeners run there once the request is acked


def create_app(
    settings: Settings,
    db_factory: Callable[[], Database] | None = None,
    *,
    client: WebClient | None = None,
    ingestor: Callable[[], Ingestor] | None = None,
    on_subscriptions_changed: Callable[[], None] | None = None,
    draw: Callable[[Picture], bytes] | None = None,
    installations: Installations | None = None,
) -> App:
    """The Bolt app for `settings`, its listeners registered (see `handlers.register`).

    With one bot token, Bolt calls auth.test once to check it. With `installations` (the
    app installed by OAuth), /slack/install and /slack/oauth_redirect serve installs and
    each request is answered with its workspace's token. `db_factory` opens a connection;
    each request gets its own.
    """
    connect = db_factory or functools.partial(open_db, settings.db_path)
    client = client or web_client(settings)
    oauth: dict = {}
    if installations is not None:
        oauth = {
            "installation_store": installations.store,
            "oauth_settings": installations.oauth_settings(),
        }
    app = App(
        name="partners-bot",
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, "listener"),
        logger=_bolt_logger(),
        **oauth,
    )
    app.middleware(functools.partial(once_per_event, connect))
    deps = Deps(
        settings=settings,
        connect=connect,
        client=client,
        ingestor=ingestor or lazy_ingestor(settings, connect),
        on_subscriptions_changed=on_subscriptions_changed or (lambda: None),
        installations=installations,
    )
    if draw is not None:
        deps.draw = draw
    handlers.register(app, deps)
    return app


class _ClientGiven(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself, then warns that the
    `client` we give (same token, our base URL) wins over it: expected, so not logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("bot.slack")
    if not any(isinstance(f, _ClientGiven) for f in logger.filters):
        logger.addFilter(_ClientGiven())
    return logger


def once_per_event(
    connect: Callable[[], Database], body: dict, next_: Callable[[], BoltResponse]
) -> BoltResponse:
    """Bolt middleware: an Events API delivery whose `event_id` was seen is acked, not redone
    (Slack redelivers with X-Slack-Retry-Num when an ack was slow or lost)."""
    event_id = body.get("event_id") if isinstance(body, dict) else None
    if event_id:
        db = connect()
        try:
            fresh = first_delivery(db, str(event_id), body.get("team_id"))
        finally:
            db.close()
        if not fresh:
            log.info("event %s already handled; redelivery acknowledged", event_id)
            return BoltResponse(status=200, body="")
    return next_()
