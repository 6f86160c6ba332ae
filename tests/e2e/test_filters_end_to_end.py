"""A filtered watch over HTTP, the delivery loop running: `watch Xiaomi type:joint_venture`
alerts on Xiaomi's joint venture and not on its MoU; a raised threshold keeps a weak one out;
a paused channel gets nothing."""

from __future__ import annotations

import time

import pytest

from bot.store import open_db
from tests.stories import store_partnership

pytestmark = pytest.mark.slow

QUIET_SECONDS = 3  # three delivery rounds: anything owed would be posted by then


def test_a_filtered_watch_alerts_on_one_story_and_not_the_other(server, slack):
    assert slack.command("/partners watch Xiaomi type:joint_venture", channel="C0JV").status == 200
    assert "Only these deals: Joint venture." in str(slack.last_response())

    db = open_db(server.db_path)
    try:
        store_partnership(db, "Xiaomi", "Microsoft", deal_type="mou")
        store_partnership(db, "Xiaomi", "Leica", deal_type="joint_venture")
    finally:
        db.close()

    (alert,) = slack.wait_for("chat.postMessage", 1, timeout=60)
    assert alert.params["channel"] == "C0JV"
    assert "Leica" in alert.params["text"] and "Joint venture" in alert.params["text"]
    time.sleep(QUIET_SECONDS)
    assert len(slack.posts("C0JV")) == 1  # the MoU was never posted


def test_a_paused_channel_gets_nothing_until_resumed(server, slack):
    # One command at a time: each is answered before the next is typed.
    slack.command("/partners watch Renault", channel="C0PAUSE")
    assert "Renault" in str(slack.wait_for_responses(1)[-1])
    slack.command("/partners pause", channel="C0PAUSE")
    assert "paused" in str(slack.wait_for_responses(2)[-1])
    db = open_db(server.db_path)
    try:
        store_partnership(db, "Renault", "Nissan")
        time.sleep(QUIET_SECONDS)
        assert slack.posts("C0PAUSE") == []

        slack.command("/partners resume", channel="C0PAUSE")
        assert "back on" in str(slack.wait_for_responses(3)[-1])
        store_partnership(db, "Renault", "Valeo")
    finally:
        db.close()

    (alert,) = slack.wait_for("chat.postMessage", 1, timeout=60)
    assert "Valeo" in alert.params["text"] and "Nissan" not in alert.params["text"]


def test_a_correction_redraws_the_alert_already_posted(server, slack):
    slack.command("/partners watch Orbitek", channel="C0FIX")
    assert "Orbitek" in str(slack.last_response())  # the watch is stored before the story
    db = open_db(server.db_path)
    try:
        story = store_partnership(db, "Orbitek", "Daily Wire")
    finally:
        db.close()
    slack.wait_for("chat.postMessage", 1, timeout=60)
    (posted,) = slack.posts("C0FIX")

    slack.click("wrong_parties", str(story), channel="C0FIX")
    slack.wait_for("views.open")
    values = {"parties": {"parties": {"type": "plain_text_input", "value": "Orbitek\nHelios"}}}
    assert slack.submit_view(slack.views[-1], values).body == ""

    (update,) = slack.wait_for("chat.update", 1)
    assert (update.params["channel"], update.params["ts"]) == ("C0FIX", posted.ts)
    assert "Helios" in update.params["text"] and "Daily Wire" not in update.params["text"]
