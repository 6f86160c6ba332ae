"""The whole bot as a user meets it: the server (waitress, scheduler, ingest process) talks to
the Slack stand-in; a channel watches a company; another process ingests news; the alert
arrives once, and a syndicated copy of the story becomes a reply in its thread."""

from __future__ import annotations

import time

import pytest

from tests.e2e.news import COPY, FIRST, feed
from tests.standin import DEFAULT_CHANNEL

pytestmark = pytest.mark.slow


def test_a_watched_partnership_is_posted_once_and_its_copy_goes_to_the_thread(
    server, slack, tmp_path
):
    assert slack.command("/partners watch Valeo").status == 200
    assert "Valeo" in str(slack.last_response())

    first = feed(tmp_path / "first.xml", [FIRST])
    assert "1 new partnership," in server.ingest(first)

    (alert,) = slack.wait_for("chat.postMessage", 1, timeout=60)
    assert alert.params["channel"] == DEFAULT_CHANNEL
    assert "Valeo" in alert.params["text"] and "Renault" in alert.params["text"]
    assert alert.params["metadata"]["event_type"] == "partnership_alert"
    alert_ts = slack.posts(DEFAULT_CHANNEL)[0].ts

    copy = feed(tmp_path / "copy.xml", [COPY])
    assert "1 copy grouped" in server.ingest(copy)

    calls = slack.wait_for("chat.postMessage", 2, timeout=60)
    assert calls[1].params["thread_ts"] == alert_ts
    assert "+1 source" in calls[1].params["text"]

    # Re-ingesting both changes nothing, and several more delivery rounds post nothing more.
    server.ingest(first)
    time.sleep(3)
    posts = slack.posts(DEFAULT_CHANNEL)
    assert len([p for p in posts if not p.thread_ts]) == 1 and len(posts) == 2
