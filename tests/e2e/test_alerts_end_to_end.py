"""The whole bot as a user meets it: the server (gunicorn, scheduler, ingest process) talks to
the Slack stand-in; a channel watches a company; another process ingests news; the alert
arrives once, and a syndicated copy of the story becomes a reply in its thread."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import _wait_healthy, bot_env, free_port
from tests.slack_standin import BOT_TOKEN, DEFAULT_CHANNEL, SIGNING_SECRET

pytestmark = pytest.mark.slow

STORY = (
    "Valeo and Renault signed a strategic partnership on Tuesday to develop power "
    "electronics for electric vehicles together. Under the agreement, the two French groups "
    "will co-design inverters and on-board chargers for Renault's next generation of compact "
    "electric cars, and Valeo will manufacture them in its plant near Paris. "
    "The partners expect the first components to reach production lines in 2028. "
    "Financial terms were not disclosed. Renault said the alliance would cut the cost of its "
    "electric drivetrains by a fifth, while Valeo said it would add engineering jobs."
)


def feed(path, items: list[tuple[str, str, str]]) -> str:
    """An RSS file with (link, title, full text) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"
        for link, title, text in items
    )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Auto news</title>{entries}</channel></rss>",
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture
def server(tmp_path, slack):
    """`partners-bot run --mode http` with a one-second delivery loop."""
    port = free_port()
    env = bot_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=slack.api_url,
        PORT=str(port),
        PARTNERS_DELIVERY_SECONDS="1",
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
            _wait_healthy(url, process, log_path)
            slack.bot_url = url + "slack/events"
            yield env
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def ingest(env: dict, tmp_path, source: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", source],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def top_level(posts: list[dict]) -> list[dict]:
    return [p for p in posts if not p.get("thread_ts")]


def test_a_watched_partnership_is_posted_once_and_its_copy_goes_to_the_thread(
    server, slack, tmp_path
):
    assert slack.command("/partners watch Valeo").status == 200
    assert "Valeo" in str(slack.last_response())

    first = feed(
        tmp_path / "first.xml",
        [
            (
                "https://autonews.example/valeo-renault",
                "Valeo and Renault team up on EV power electronics",
                STORY + " Reporting by the Auto News desk.",
            )
        ],
    )
    assert "1 new partnerships" in ingest(server, tmp_path, first)

    (alert,) = slack.wait_for("chat.postMessage", 1, timeout=60)
    assert alert.params["channel"] == DEFAULT_CHANNEL
    assert "Valeo" in alert.params["text"] and "Renault" in alert.params["text"]
    assert alert.params["metadata"]["event_type"] == "partnership_alert"
    alert_ts = slack.posted(DEFAULT_CHANNEL)[0]["ts"]

    copy = feed(
        tmp_path / "copy.xml",
        [
            (
                "https://wire.example/2026/03/valeo-renault-ev",
                "Valeo, Renault in EV electronics alliance",
                STORY + " (c) 2026 Wire Service. All rights reserved.",
            )
        ],
    )
    assert "1 copies grouped" in ingest(server, tmp_path, copy)

    calls = slack.wait_for("chat.postMessage", 2, timeout=60)
    assert calls[1].params["thread_ts"] == alert_ts
    assert "+1 source" in calls[1].params["text"]

    # Re-ingesting both changes nothing, and several more delivery rounds post nothing more.
    ingest(server, tmp_path, first)
    time.sleep(3)
    posts = slack.posted(DEFAULT_CHANNEL)
    assert len(top_level(posts)) == 1 and len(posts) == 2
