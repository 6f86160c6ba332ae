"""The whole bot killed with SIGKILL while Slack is still answering its post: once started
again, it finds the message in the channel (by its metadata) and does not post it twice."""

from __future__ import annotations

import threading
import time

import pytest

from bot.store import open_db
from tests.e2e.news import FIRST, feed
from tests.standin import DEFAULT_CHANNEL

pytestmark = pytest.mark.slow

WAIT_SECONDS = 60.0


def deliveries(server) -> list[tuple]:
    db = open_db(server.db_path)
    try:
        return db.execute("SELECT kind, status, verify, ts FROM deliveries").fetchall()
    finally:
        db.close()


def wait_until(condition, timeout: float = WAIT_SECONDS) -> bool:
    """Wait for `condition` (the timeout is a safety net, not part of the test)."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        tick.wait(0.1)
    return True


def test_killed_while_slack_answers_then_restarted_posts_the_alert_once(server, slack, tmp_path):
    assert slack.command("/partners watch Valeo").status == 200
    slack.last_response()
    slack.hold_posts()  # Slack records the alert, then keeps its answer back

    assert "1 new partnership," in server.ingest(feed(tmp_path / "news.xml", [FIRST]))
    assert slack.post_recorded.wait(WAIT_SECONDS)
    server.kill()  # SIGKILL while the answer is still on its way: no ts recorded
    slack.release_posts()
    assert deliveries(server) == [("alert", "claimed", 1, None)]

    server.start()

    assert wait_until(lambda: deliveries(server)[0][1] == "posted")
    (post,) = slack.posts(DEFAULT_CHANNEL)
    assert deliveries(server) == [("alert", "posted", 0, post.ts)]
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert slack.calls_to("conversations.history")  # it looked before posting again
