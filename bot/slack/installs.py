"""Workspaces that installed the app ("Add to Slack", HTTP mode): the OAuth flow's stores
(slack_sdk's SQLite installation and state stores, in a file beside the database), each
workspace's client with its own token (refreshed before it expires when token rotation is
on), and what an uninstall or a revoked token does: the installation is forgotten and the
workspace's deliveries stop until it installs the app again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlite_utils import Database

from bot.config import Settings
from bot.slack.clients import interactive_retry_handlers
from bot.slack.manifest import SCOPES
from bot.store import outbox
from bot.store.clock import iso

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # an install must be finished within ten minutes
ROTATE_MINUTES = 120  # a token expiring sooner than this is refreshed first
UNINSTALLED = "app_uninstalled"
REVOKED = "tokens_revoked"


class _Store(SQLite3InstallationStore):
    """The installation store, telling the bot when a workspace (re)installs the app."""

    def __init__(self, *args, on_install: Callable[[str], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._on_install = on_install

    def save(self, installation: Installation) -> None:
        super().save(installation)
        if installation.team_id:
            self._on_install(installation.team_id)


class Installations:
    """The app's installations and what the bot does with them."""

    def __init__(self, settings: Settings, connect: Callable[[], Database]) -> None:
        self.settings = settings
        self._connect = connect
        path = str(settings.installations_path)
        settings.installations_path.parent.mkdir(parents=True, exist_ok=True)
        self.store = _Store(
            database=path, client_id=settings.slack_client_id, on_install=self._installed
        )
        self.state_store = SQLite3OAuthStateStore(database=path, expiration_seconds=STATE_SECONDS)
        self.store.init()
        self.state_store.init()
        self.api = WebClient(base_url=settings.slack_api_base_url)  # oauth.v2.access, no token
        self._rotator = TokenRotator(
            client_id=settings.slack_client_id or "",
            client_secret=settings.slack_client_secret or "",
            client=self.api,
        )
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def oauth_settings(self) -> OAuthSettings:
        """Bolt's OAuth flow: /slack/install shows "Add to Slack", /slack/oauth_redirect
        finishes the install; Slack's authorize page is on SLACK_API_BASE_URL's host."""
        return OAuthSettings(
            client_id=self.settings.slack_client_id,
            client_secret=self.settings.slack_client_secret,
            scopes=list(SCOPES),
            installation_store=self.store,
            state_store=self.state_store,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            authorization_url=self.settings.slack_authorize_url,
            token_rotation_expiration_minutes=ROTATE_MINUTES,
        )

    def client_for(self, team_id: str) -> WebClient | None:
        """A client with the team's bot token (refreshed first when it is about to expire);
        None when the team has not installed the app."""
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        try:
            fresh = self._rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=ROTATE_MINUTES
            )
        except (SlackApiError, SlackTokenRotationError) as error:
            log.warning("team %s: refreshing its token failed: %s", team_id, error)
            fresh = None
        if fresh is not None:
            self.store.save_bot(fresh)
            bot = fresh
        with self._lock:
            client = self._clients.get(team_id)
            if client is None or client.token != bot.bot_token:
                client = WebClient(
                    token=bot.bot_token,
                    base_url=self.settings.slack_api_base_url,
                    retry_handlers=interactive_retry_handlers(),
                )
                self._clients[team_id] = client
            return client

    def forget(self, team_id: str, reason: str) -> None:
        """The workspace uninstalled the app or revoked its token: its installation goes and
        its deliveries stop (they wait, and resume if it installs the app again)."""
        self.store.delete_all(enterprise_id=None, team_id=team_id)
        with self._lock:
            self._clients.pop(team_id, None)
        db = self._connect()
        try:
            outbox.stop_team(db, team_id, reason, now=iso())
        finally:
            db.close()
        log.warning("team %s: %s; its installation is removed and posting stopped", team_id, reason)

    def _installed(self, team_id: str) -> None:
        with self._lock:
            self._clients.pop(team_id, None)
        db = self._connect()
        try:
            if outbox.resume_team(db, team_id):
                log.warning("team %s installed the app again: posting resumes", team_id)
        finally:
            db.close()
        log.info("team %s installed the app", team_id)
