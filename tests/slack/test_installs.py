"""Installs by OAuth, without a server: which mode the settings select, the manifest's
redirect URL, each workspace's client (its token refreshed before it expires), and what an
uninstall or a revoked token does."""

from __future__ import annotations

import dataclasses
import logging
import time
from types import SimpleNamespace

import pytest
from slack_sdk.oauth.installation_store import Installation

from bot.config import ConfigError, Settings
from bot.slack.deps import Deps
from bot.slack.installs import Installations
from bot.slack.manifest import manifest
from bot.slack.serve import require_credentials, verify_token
from bot.store import open_db
from bot.store.outbox import team_stop
from handlers import events
from tests.standin import CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET

TEAM = "T0SECOND"


@pytest.fixture
def oauth_settings(db_path, slack) -> Settings:
    return Settings(
        db_path=db_path,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_base_url=slack.api_url,
    )


@pytest.fixture
def installations(oauth_settings) -> Installations:
    return Installations(oauth_settings, lambda: open_db(oauth_settings.db_path))


def save_install(installations: Installations, granted: dict, *, expires_in: int | None = None):
    installations.store.save(
        Installation(
            app_id="A0PARTNERS",
            team_id=granted["team"]["id"],
            user_id="U0INSTALLER",
            bot_token=granted["access_token"],
            bot_id="B0PARTNERS",
            bot_user_id="U0PARTNERS",
            bot_scopes=granted["scope"],
            bot_refresh_token=granted.get("refresh_token"),
            bot_token_expires_in=expires_in or granted.get("expires_in"),
        )
    )


def test_client_id_and_secret_without_a_token_select_oauth(oauth_settings, db_path):
    assert oauth_settings.oauth_configured and oauth_settings.slack_configured
    assert oauth_settings.installations_path == db_path.with_name("partners.installations.db")
    assert oauth_settings.slack_authorize_url.endswith("/oauth/v2/authorize")
    assert oauth_settings.slack_client_secret in oauth_settings.secrets()
    with_token = dataclasses.replace(oauth_settings, slack_bot_token="xoxb-1")
    assert not with_token.oauth_configured  # one token: the single-workspace mode


def test_oauth_needs_the_signing_secret_and_no_token(oauth_settings):
    require_credentials(oauth_settings, "http")
    assert verify_token(oauth_settings) == {}  # no token of its own to check
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        require_credentials(dataclasses.replace(oauth_settings, slack_signing_secret=None), "http")


def test_the_http_manifest_carries_the_redirect_url_and_token_rotation():
    http = manifest(socket_mode=False, url="https://bot.example.com", token_rotation=True)
    assert http["oauth_config"]["redirect_urls"] == ["https://bot.example.com/slack/oauth_redirect"]
    assert http["settings"]["token_rotation_enabled"] is True
    socket = manifest(socket_mode=True, token_rotation=True)
    assert "redirect_urls" not in socket["oauth_config"]
    assert socket["settings"]["token_rotation_enabled"] is False
    assert {"app_uninstalled", "tokens_revoked"} <= set(
        http["settings"]["event_subscriptions"]["bot_events"]
    )


def test_each_workspace_has_its_own_client(installations, slack):
    save_install(installations, slack.grant(TEAM))

    client = installations.client_for(TEAM)

    assert client.token == slack.bot_token_of(TEAM)
    assert client.auth_test()["team_id"] == TEAM
    assert installations.client_for("T0NEVER") is None


def test_an_expiring_token_is_refreshed_and_kept(installations, slack):
    save_install(installations, slack.grant(TEAM, rotation=True), expires_in=60)
    first = slack.bot_token_of(TEAM)

    client = installations.client_for(TEAM)

    assert client.token != first and client.token == slack.bot_token_of(TEAM)
    (refresh,) = slack.calls_to("oauth.v2.access")
    assert refresh.params["grant_type"] == "refresh_token"
    saved = installations.store.find_bot(enterprise_id=None, team_id=TEAM)
    assert saved.bot_token == client.token and saved.bot_token_expires_at > time.time() + 3600
    assert installations.client_for(TEAM).token == client.token  # fresh now: no new refresh
    assert len(slack.calls_to("oauth.v2.access")) == 1


def test_forgetting_a_workspace_stops_its_posting_until_it_installs_again(
    installations, oauth_settings, slack
):
    save_install(installations, slack.grant(TEAM))

    installations.forget(TEAM, "app_uninstalled")

    assert installations.client_for(TEAM) is None
    db = open_db(oauth_settings.db_path)
    try:
        assert team_stop(db, TEAM) == "app_uninstalled"
        save_install(installations, slack.grant(TEAM))
        assert team_stop(db, TEAM) is None
    finally:
        db.close()


@pytest.mark.parametrize(
    "tokens,stopped",
    [({"bot": ["U0PARTNERS"]}, "tokens_revoked"), ({"oauth": ["U0SOMEONE"]}, None)],
)
def test_a_revoked_bot_token_stops_the_workspace(settings, tokens, stopped):
    deps = Deps(settings=settings, connect=lambda: open_db(settings.db_path), client=None)
    context = SimpleNamespace(team_id="T0TEST")

    events.tokens_revoked(deps)(
        event={"type": "tokens_revoked", "tokens": tokens},
        context=context,
        logger=logging.getLogger("test"),
    )

    db = open_db(settings.db_path)
    try:
        assert team_stop(db, "T0TEST") == stopped
    finally:
        db.close()
