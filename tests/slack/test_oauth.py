"""'Add to Slack' over real HTTP: the bot with no token of its own (SLACK_CLIENT_ID and
SECRET), a workspace installed through /slack/install -> Slack's authorize page ->
/slack/oauth_redirect, then served with that workspace's token (commands, posts from the
outbox); token rotation; an uninstall stops the workspace's posting."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest

from bot.store import open_db
from bot.store.outbox import team_stop
from tests.botprocess import wait_healthy
from tests.conftest import bot_env, free_port
from tests.standin import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET
from tests.stories import store_partnership

pytestmark = pytest.mark.slow

TEAM = "T0SECOND"


def get(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    """GET without following redirects: status, headers (lower-case), body."""
    parts = urlsplit(url)
    connection = HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        found = {k.lower(): v for k, v in answer.getheaders()}
        return answer.status, found, answer.read().decode()
    finally:
        connection.close()


@pytest.fixture
def oauth_bot(tmp_path, slack):
    """`partners-bot run --mode http` installed by OAuth: no SLACK_BOT_TOKEN."""
    port = free_port()
    env = bot_env(
        tmp_path,
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=slack.api_url,
        PARTNERS_DELIVERY_SECONDS="1",
        PORT=str(port),
        PARTNERS_LOG_LEVEL="INFO",
    )
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--mode", "http"],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, process, log_path)
        slack.bot_url = url + "slack/events"
        slack.oauth_redirect_url = url + "slack/oauth_redirect"
        yield url, tmp_path / "partners.db"
    finally:
        process.terminate()
        process.wait(timeout=20)


def install(bot_url: str, slack, team: str, *, rotation: bool = False) -> str:
    """A user of `team` presses "Add to Slack", then "Allow"; the page the bot shows."""
    slack.next_install(team, rotation=rotation)
    status, headers, page = get(bot_url + "slack/install")
    assert status == 200 and "Add to Slack" in page
    authorize = re.search(r'href="([^"]+/oauth/v2/authorize[^"]*)"', page).group(1)
    assert authorize.startswith(slack.url)  # Slack's page, on SLACK_API_BASE_URL's host
    cookie = headers["set-cookie"].split(";")[0]
    status, headers, _ = get(authorize.replace("&amp;", "&"))
    assert status == 302
    status, _, done = get(headers["location"], {"Cookie": cookie})
    assert status == 200, done
    return done


def posts_by(slack, method: str, channel: str | None = None) -> list[str]:
    """The tokens `method` was called with (in `channel`): the session's shared server
    may post for other tests' channels meanwhile, with the stand-in's own token."""
    calls = slack.calls_to(method)
    return [
        c.headers.get("authorization", "")
        for c in calls
        if channel is None or c.params.get("channel") == channel
    ]


def test_an_installed_workspace_is_served_with_its_own_token(oauth_bot, slack):
    bot_url, db_path = oauth_bot

    install(bot_url, slack, TEAM)

    (exchange,) = slack.calls_to("oauth.v2.access")
    assert exchange.headers["authorization"].startswith("Basic ")
    token = slack.bot_token_of(TEAM)
    assert token and token != BOT_TOKEN

    db = open_db(db_path)
    try:
        store_partnership(db, "Xiaomi", "Microsoft")
    finally:
        db.close()
    slack.command("/partners digest now", team=TEAM, channel="C0SECOND")
    (post,) = slack.wait_for(
        "chat.postMessage", 1, where=lambda c: c.params.get("channel") == "C0SECOND"
    )
    assert post.headers["authorization"] == f"Bearer {token}"
    assert f"Bearer {BOT_TOKEN}" not in posts_by(slack, "auth.test") + posts_by(
        slack, "chat.postMessage", "C0SECOND"
    )


def test_alerts_from_the_outbox_use_the_workspace_token(oauth_bot, slack):
    bot_url, db_path = oauth_bot
    install(bot_url, slack, TEAM)
    slack.command("/partners watch Xiaomi", team=TEAM, channel="C0ALERTS")
    assert "Xiaomi" in str(slack.last_response())

    db = open_db(db_path)
    try:
        store_partnership(db, "Xiaomi", "Leica")
    finally:
        db.close()

    # The session's shared server may post for another test meanwhile: wait for this one.
    (alert,) = slack.wait_for(
        "chat.postMessage", 1, timeout=60, where=lambda c: c.params.get("channel") == "C0ALERTS"
    )
    assert alert.headers["authorization"] == f"Bearer {slack.bot_token_of(TEAM)}"


def test_an_expiring_token_is_rotated_before_it_is_used(oauth_bot, slack):
    bot_url, _ = oauth_bot
    slack.token_seconds = 60  # expires well within the two hours the bot refreshes ahead
    install(bot_url, slack, TEAM, rotation=True)
    first = slack.bot_token_of(TEAM)

    slack.command("/partners feeds add https://news.example.com/rss", team=TEAM)
    slack.wait_for("users.info", 1)

    refreshes = [
        c
        for c in slack.calls_to("oauth.v2.access")
        if c.params.get("grant_type") == "refresh_token"
    ]
    assert refreshes  # the expiring token was refreshed with its refresh token
    rotated = slack.bot_token_of(TEAM)
    assert rotated != first
    assert slack.calls_to("users.info")[0].headers["authorization"] == f"Bearer {rotated}"


def test_an_uninstall_removes_the_installation_and_stops_posting(oauth_bot, slack):
    bot_url, db_path = oauth_bot
    install(bot_url, slack, TEAM)

    sent = slack.event({"type": "app_uninstalled"}, team=TEAM)

    assert sent.status == 200
    db = open_db(db_path)
    try:
        for _ in range(100):
            if team_stop(db, TEAM):
                break
            time.sleep(0.1)
        assert team_stop(db, TEAM) == "app_uninstalled"
    finally:
        db.close()
    slack.command("/partners help", team=TEAM)  # no installation: Bolt says so
    assert "reinstall this app" in slack.last_response()["text"]

    install(bot_url, slack, TEAM)  # installing again resumes posting
    db = open_db(db_path)
    try:
        assert team_stop(db, TEAM) is None
    finally:
        db.close()
