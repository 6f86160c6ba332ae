"""Maps, trends and exports end to end: the bot served by gunicorn (its pictures drawn in
its drawing process), Slack played by the stand-in, files uploaded in three steps."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from bot.store import open_db
from tests.insights.conftest import recorder
from tests.insights.pictures import assert_picture
from tests.standin import DEFAULT_CHANNEL, DEFAULT_USER
from tests.stories import buttons, texts

SLACK_ACK_SECONDS = 3
WAIT = 90  # a busy machine draws slowly; nothing here depends on timing

pytestmark = pytest.mark.slow


@pytest.fixture
def deal(bot_server):
    """Deals stored in the running bot's database, under names no other test uses."""
    db = open_db(bot_server.db_path)
    record = recorder(db, uuid.uuid4().hex[:8])
    yield lambda parties, days_ago: record(
        parties, published=(datetime.now(UTC) - timedelta(days=days_ago)).date()
    )
    db.close()


def test_map_uploads_a_png_privately_then_shares_it_in_the_channel(bot_server, slack, deal):
    deal(["Zephyr Robotics", "Acme Sensors"], 20)
    deal(["Zephyr Robotics", "Globex Motion"], 200)

    ack = slack.command("/partners map zephyr robotics", timeout=SLACK_ACK_SECONDS)

    assert (ack.status, ack.body) == (200, "")
    (png,) = slack.wait_for_uploads(1, timeout=WAIT)
    assert png.channels == [DEFAULT_USER]  # privately, to the one who asked
    assert png.filename == "zephyr-robotics-partner-map.png"
    assert_picture(png.content)
    working, answer = slack.wait_for_responses(2, timeout=WAIT)
    assert "Drawing the partner map of Zephyr Robotics" in working["text"]
    assert answer["response_type"] == "ephemeral"
    shown = texts(answer["blocks"])
    assert "Zephyr Robotics: 2 partnerships with 2 partners" in shown
    assert "sent to you privately" in shown

    (share,) = [b for b in buttons(answer["blocks"]) if b["action_id"] == "share_answer"]
    assert slack.click("share_answer", share["value"]).status == 200

    _, shared_png = slack.wait_for_uploads(2, timeout=WAIT)
    assert shared_png.channels == [DEFAULT_CHANNEL]
    assert_picture(shared_png.content)
    posted = slack.wait_for_responses(4, timeout=WAIT)[-1]
    assert posted["response_type"] == "in_channel"
    assert "Zephyr Robotics: 2 partnerships" in texts(posted["blocks"])


def test_a_company_without_partnerships_is_answered_in_words(bot_server, slack):
    slack.command("/partners map Nobody Holdings")

    answer = slack.last_response(timeout=WAIT)
    assert "No company called *Nobody Holdings* is stored yet." in texts(answer["blocks"])
    assert slack.calls_to("files.getUploadURLExternal") == []


def test_trends_list_and_upload_their_chart(bot_server, slack, deal):
    for days in (1, 2, 3, 4):
        deal(["Quillon Systems", f"Partner {days}"], days)

    slack.command("/partners trends 7d")

    (chart,) = slack.wait_for_uploads(1, timeout=WAIT)
    assert chart.filename == "partnership-trends-7d.png"
    assert_picture(chart.content)
    answer = slack.wait_for_responses(2, timeout=WAIT)[-1]
    assert "Quillon Systems 4" in texts(answer["blocks"])


def test_export_uploads_a_csv_that_reads_back(bot_server, slack, deal):
    deal(["Varda Energy", "Acme Grid"], 5)
    deal(["Varda Energy", "Globex Storage"], 40)

    slack.command("/partners export varda energy")

    (table,) = slack.wait_for_uploads(1, timeout=WAIT)
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8"))))
    assert [r["parties"] for r in rows] == [
        "Globex Storage; Varda Energy",
        "Acme Grid; Varda Energy",
    ]
    answer = slack.wait_for_responses(2, timeout=WAIT)[-1]
    assert "2 partnerships of Varda Energy" in texts(answer["blocks"])
    assert json.loads(buttons(answer["blocks"])[-1]["value"]) == {"cmd": "export varda energy"}
