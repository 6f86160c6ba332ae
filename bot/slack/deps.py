"""What the handlers are given besides the Bolt request (`Deps`), and how they answer on a
response_url (`respond_to`)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient
from sqlite_utils import Database

from bot.config import Settings
from bot.delivery.digests import DigestResult, send_digest
from bot.insights.drawing import render
from bot.service.context import Context
from bot.slack.clients import interactive_retry_handlers
from bot.store import outbox
from bot.store.clock import iso

if TYPE_CHECKING:
    from bot.ingest.ingestor import Ingestor
    from bot.insights.drawing import Picture
    from bot.slack.installs import Installations

log = logging.getLogger(__name__)

DEFERRED_THREADS = 4  # slow answers (fetching, analysis), sent through response_url


@dataclass
class Deps:
    """What the handlers need besides the Bolt request: the settings, a way to open the
    database, the Web API client, and a pool for work that runs after the ack."""

    settings: Settings
    connect: Callable[[], Database]
    client: WebClient
    ingestor: Callable[[], Ingestor] | None = None
    on_subscriptions_changed: Callable[[], None] = lambda: None
    installations: Installations | None = None  # the app installed by OAuth
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(DEFERRED_THREADS, "deferred")
    )
    draw: Callable[[Picture], bytes] = render  # maps and charts: a DrawingPool when serving

    def client_for(self, team_id: str) -> WebClient | None:
        """The client that speaks for the team: its own token when the app is installed by
        OAuth (None if it is not), else the one bot token's."""
        if self.installations is not None:
            return self.installations.client_for(team_id)
        return self.client

    def context(self, db: Database, team_id: str, channel_id: str, user_id: str) -> Context:
        """The service's view of one request (the caller closes `db` when done)."""
        return Context(
            db=db,
            settings=self.settings,
            team_id=team_id or "",
            channel_id=channel_id or "",
            user_id=user_id or "",
            is_admin=functools.partial(self.is_admin, team_id or "", user_id),
            ingestor=self.ingestor,
            on_subscriptions_changed=self.on_subscriptions_changed,
            post_digest=functools.partial(self.post_digest, db, team_id or "", channel_id or ""),
            draw=self.draw,
        )

    def post_digest(self, db: Database, team_id: str, channel_id: str) -> DigestResult:
        """The channel's digest posted now through the outbox, with the team's client."""
        return send_digest(self.settings, db, self.client_for, team_id, channel_id)

    def is_admin(self, team_id: str, user_id: str) -> bool:
        """Listed in PARTNERS_ADMINS, or a workspace admin or owner according to users.info."""
        if user_id in self.settings.admins:
            return True
        client = self.client_for(team_id)
        if client is None:
            return False
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            log.warning("users.info for %s failed: %s", user_id, error.response.get("error"))
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def forget(self, team_id: str, reason: str) -> None:
        """The workspace uninstalled the app or revoked its bot token: its installation (if
        installed by OAuth) is removed and posting there stops until it is back."""
        if self.installations is not None:
            self.installations.forget(team_id, reason)
            return
        db = self.connect()
        try:
            outbox.stop_team(db, team_id, reason, now=iso())
        finally:
            db.close()
        log.warning("team %s: %s; posting stopped", team_id, reason)

    def later(self, work: Callable[[], None]) -> None:
        """Run `work` on the deferred pool (after the request was acknowledged)."""
        self.pool.submit(_logged(work))


def _logged(work: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("deferred work failed")

    return run


def respond_to(response_url: str) -> Callable[..., None]:
    """`respond(text=..., blocks=..., response_type=..., replace_original=...)` for one
    response_url, with the same retries as the app's client (Bolt's `respond` has none for
    429 or 5xx); an answer Slack still refuses is logged, not raised."""
    client = WebhookClient(url=response_url, retry_handlers=interactive_retry_handlers())

    def respond(**message) -> None:
        answer = client.send_dict({k: v for k, v in message.items() if v is not None})
        if answer.status_code != 200:
            log.warning("response_url refused the answer: HTTP %s", answer.status_code)

    return respond
