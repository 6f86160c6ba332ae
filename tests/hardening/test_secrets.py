"""Tokens and the signing secret never show: not in the server's DEBUG log, not in what it
answers, posts or stores, whatever goes wrong (Slack refusing the token, a failing feed)."""

from __future__ import annotations

import io
import json
import logging
import sqlite3
import time

import pytest

from bot.config import Settings
from bot.logs import REDACTED, RedactSecrets, redact_secrets
from tests.conftest import free_port
from tests.e2e.conftest import BotProcess
from tests.standin import BOT_TOKEN, SIGNING_SECRET

APP_TOKEN = "xapp-1-A0PARTNERS-1234567890-abcdef0123456789abcdef"
POLL_SECONDS = 120  # the first poll (the ingest process loads the models first)


def failing_feed() -> str:
    return f"http://127.0.0.1:{free_port()}/feed.xml"  # nothing listens there


def feed_error(db_path) -> str | None:
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        row = conn.execute("SELECT last_error FROM feeds WHERE last_error != ''").fetchone()
        return row[0] if row else None
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()


def everything_stored(db_path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(line for line in conn.iterdump())
    finally:
        conn.close()


@pytest.mark.slow
def test_no_secret_reaches_the_log_or_an_answer(tmp_path, slack):
    secrets = [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN]
    bot = BotProcess(tmp_path, slack)
    feed = failing_feed()
    bot.env |= {
        "PARTNERS_LOG_LEVEL": "DEBUG",
        "SLACK_APP_TOKEN": APP_TOKEN,  # set, though HTTP mode does not use it
        "PARTNERS_FEEDS": feed,
    }
    bot.start()
    try:
        for line in ["help", "xiaomi", "watch xiaomi", "watchlist", "search deal OR x*"]:
            assert slack.command(f"/partners {line}").status == 200
        slack.fail("users.info", "invalid_auth")  # the admin check: Slack refuses the token
        slack.command(f"/partners feeds add {feed}")
        # A proxy or an error page that echoes the request: the token comes back in the
        # body, which slack_sdk logs (DEBUG) and puts in its exception (logged with it).
        slack.fail("views.publish", f"invalid_auth (Authorization: Bearer {BOT_TOKEN})")
        slack.open_home()
        slack.mention("help")
        slack.wait_for("views.publish")
        slack.wait_for("chat.postMessage")
        deadline = time.monotonic() + POLL_SECONDS
        while feed_error(bot.db_path) is None:
            assert time.monotonic() < deadline, "the feed was not polled"
            time.sleep(0.2)
        slack.command("/partners feeds")
        answers = slack.wait_for_responses(7)  # one per command
    finally:
        bot.stop()

    log = bot.log_path.read_text()
    assert " DEBUG " in log and "invalid_auth" in log  # the log was verbose, the faults seen
    assert f"Bearer {REDACTED}" in log  # the echoed token, redacted
    assert any(feed in json.dumps(a) for a in answers)  # the failing feed, with its error
    shown = {
        "log": log,
        "answers": json.dumps(answers),
        "posts": json.dumps([m.text for m in slack.posts()] + [m.blocks for m in slack.posts()]),
        "database": everything_stored(bot.db_path),
        "request bodies": json.dumps([c.params for c in slack.calls]),
    }
    for where, text in shown.items():
        for secret in secrets:
            assert secret not in text, f"a secret in the {where}"
    # The token does travel where it must: in the Authorization header, nowhere else.
    assert all(c.headers["authorization"] == f"Bearer {BOT_TOKEN}" for c in slack.calls)


# -- the filter itself ---------------------------------------------------------------------


@pytest.fixture
def log_output():
    """A logger whose handler redacts, and what it wrote."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactSecrets(["s3cret-signing-value"]))
    logger = logging.getLogger("tests.hardening.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, out
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    "token",
    [
        "xoxb-1234-5678-abcdefABCDEF",
        "xoxp-1-2-3-abc",
        "xoxa-2-abc",
        "xoxr-abc.def-123",
        "xoxe.xoxp-1-abcdef",
        "xapp-1-A0B-123-ffee",
    ],
)
def test_tokens_are_redacted_from_messages_arguments_and_tracebacks(log_output, token):
    logger, out = log_output

    logger.info("token=%s in an argument", token)
    logger.warning(f"Authorization: Bearer {token}")
    try:
        raise RuntimeError(f"the call with {token} failed")
    except RuntimeError:
        logger.exception("and with the signing secret s3cret-signing-value")

    written = out.getvalue()
    assert token not in written and "s3cret-signing-value" not in written
    assert written.count(REDACTED) == 4
    assert "RuntimeError: the call with" in written  # the traceback is kept, redacted


def test_every_record_of_the_process_is_redacted_once_installed(caplog):
    redact_secrets(["another-long-secret"])
    logger = logging.getLogger("some.library.we.do.not.control")

    with caplog.at_level(logging.DEBUG):
        logger.debug("sending xoxb-99-secret-token and %s", "another-long-secret")

    (record,) = caplog.records
    assert record.getMessage() == f"sending xoxb-{REDACTED} and {REDACTED}"


@pytest.mark.slow
def test_settings_and_configuration_errors_never_show_a_secret(partners_bot):
    settings = Settings(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_app_token=APP_TOKEN
    )
    assert not any(secret in repr(settings) for secret in settings.secrets())

    wrong = {"SLACK_BOT_TOKEN": "not-a-token-s3cr3tvalue", "SLACK_SIGNING_SECRET": "x" * 32}
    done = partners_bot("run", "--mode", "http", env=wrong)
    assert done.returncode == 2 and "not a bot token" in done.stderr
    assert "s3cr3tvalue" not in done.stderr + done.stdout
    socket = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong-kind-s3cr3t"}
    done = partners_bot("run", "--mode", "socket", env=socket)
    assert done.returncode == 2 and "not an app-level token" in done.stderr
    assert "s3cr3t" not in done.stderr + done.stdout and BOT_TOKEN not in done.stderr
