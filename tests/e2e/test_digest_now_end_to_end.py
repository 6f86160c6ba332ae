"""`/partners digest now` against the whole bot: the digest is posted in the channel once,
through the outbox (like a scheduled digest), and the user is told so privately."""

from __future__ import annotations

import pytest

from bot.store import open_db
from tests.e2e.news import FIRST, feed
from tests.standin import DEFAULT_CHANNEL

pytestmark = pytest.mark.slow


def test_digest_now_posts_the_digest_in_the_channel_once(server, slack, tmp_path):
    assert "1 new partnership," in server.ingest(feed(tmp_path / "news.xml", [FIRST]))

    assert slack.command("/partners digest now").status == 200  # no schedule: the last days

    working, done = slack.wait_for_responses(2, timeout=60)
    assert "Posting the digest" in working["text"]
    assert done["text"] == "Posted the digest (1 partnership)."
    assert {working["response_type"], done["response_type"]} == {"ephemeral"}
    (post,) = slack.posts(DEFAULT_CHANNEL)
    assert post.text == "Partnerships digest: 1 new"
    assert post.metadata["event_type"] == "partnership_alert"
    assert post.metadata["event_payload"]["dedupe_key"].startswith(f"digest:{DEFAULT_CHANNEL}:")
    db = open_db(server.db_path)
    try:
        rows = db.execute("SELECT kind, status, ts FROM deliveries").fetchall()
    finally:
        db.close()
    assert rows == [("digest", "posted", post.ts)]

    # With a schedule, `digest now` covers what is new since the last digest: nothing yet.
    slack.command("/partners digest daily")
    slack.wait_for_responses(3)
    slack.command("/partners digest now")
    assert slack.wait_for_responses(5)[-1]["text"] == "Nothing new since the last digest."
    assert len(slack.posts(DEFAULT_CHANNEL)) == 1
