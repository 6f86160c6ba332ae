"""End to end over real HTTP: the bot served by waitress, Slack played by the stand-in."""

from __future__ import annotations

import json
import time
import uuid
from urllib.request import urlopen

import pytest

from bot.store import open_db
from tests.stories import HEADLINE, buttons, store_partnership, texts

SLACK_ACK_SECONDS = 3  # Slack fails a slash command whose ack takes longer

pytestmark = pytest.mark.slow


@pytest.fixture
def bot_db(bot_server):
    """The running bot's database, to seed stories into."""
    db = open_db(bot_server.db_path)
    yield db
    db.close()


def test_healthz_answers_200_once_ready(bot_server):
    with urlopen(bot_server.url + "healthz", timeout=5) as answer:
        assert answer.status == 200
        assert answer.read() == b"ok\n"


def test_help_is_acked_at_once_and_answered_through_the_response_url(bot_server, slack):
    ack = slack.command("/partners help", timeout=SLACK_ACK_SECONDS)

    assert ack.status == 200
    assert ack.body == ""  # an empty ack: the answer goes to the response_url
    answer = slack.last_response()
    assert answer["response_type"] == "ephemeral"
    assert "/partners watch" in texts(answer["blocks"])
    assert answer["text"]


def test_company_command_answers_with_the_stored_partnership(bot_server, bot_db, slack):
    store_partnership(bot_db, "Xiaomi", "Microsoft")

    ack = slack.command("/partners xiaomi", timeout=SLACK_ACK_SECONDS)

    assert ack.status == 200
    answer = slack.last_response()
    shown = texts(answer["blocks"])
    assert HEADLINE.search(shown)
    assert "Not a partnership" in shown


@pytest.mark.parametrize(
    "tamper",
    [
        {"secret": "not-the-signing-secret"},
        {"timestamp": int(time.time()) - 6 * 60},  # older than Slack's 5 minutes
    ],
    ids=["bad signature", "stale timestamp"],
)
def test_requests_not_signed_by_slack_get_401(bot_server, slack, tamper):
    sent = slack.command("/partners help", **tamper)

    assert sent.status == 401
    assert slack.responses == []


def test_the_events_url_answers_slacks_challenge(bot_server, slack):
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV", "type": "url_verification"}
    )

    sent = slack.send(body, "application/json")

    assert sent.status == 200
    assert "3eZbrw1aBm2rZgRNFdxV" in sent.body


def test_app_home_opened_publishes_the_home_view(bot_server, slack):
    assert slack.open_home(user="U0HOME").status == 200

    publish = slack.wait_for("views.publish")[0]
    assert publish.params["user_id"] == "U0HOME"
    assert publish.json["view"]["type"] == "home"
    assert "Latest partnerships" in texts(publish.json["view"]["blocks"])


def test_app_mention_is_answered_in_its_thread(bot_server, slack):
    sent = slack.mention("help", channel="C0TEAM")

    assert sent.status == 200
    # where: the shared server may be posting an alert for another test meanwhile
    post = slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "C0TEAM")[0]
    assert post.params["thread_ts"]  # in the thread of the mention
    assert "/partners watch" in texts(post.json["blocks"])


def test_not_a_partnership_hides_the_story_for_that_team(bot_server, bot_db, slack):
    story_id = store_partnership(bot_db, "Renault", "Nissan", deal_type="joint_venture")
    slack.command("/partners renault")
    shown = slack.wait_for_responses(1)[-1]
    button = next(b for b in buttons(shown["blocks"]) if b["action_id"] == "not_partnership")
    assert button["value"] == str(story_id)

    assert slack.click("not_partnership", button["value"]).status == 200
    thanks = slack.wait_for_responses(2)[-1]
    assert "hidden" in thanks["text"]

    slack.command("/partners renault")
    again = slack.wait_for_responses(3)[-1]
    assert "No partnerships found" in again["text"]
    hidden = bot_db.execute(
        "SELECT team_id FROM feedback WHERE story_id = ? AND kind = 'not_partnership'", [story_id]
    ).fetchall()
    assert hidden == [("T0TEST",)]


def test_a_redelivered_event_is_processed_once(bot_server, slack):
    event_id = f"Ev{uuid.uuid4().hex[:12].upper()}"
    first = slack.open_home(user="U0TWICE", event_id=event_id)
    retry = slack.open_home(user="U0TWICE", event_id=event_id, retry=1)
    slack.open_home(user="U0AFTER")  # a fresh event, handled after the redelivery

    assert (first.status, retry.status) == (200, 200)
    slack.wait_for("views.publish", count=2)
    users = [c.params["user_id"] for c in slack.calls_to("views.publish")]
    assert users.count("U0TWICE") == 1
    assert "U0AFTER" in users


def test_a_failing_answer_gets_a_short_warning(bot_server, slack):
    slack.fail("views.publish", "invalid_auth")

    assert slack.open_home(user="U0FAIL").status == 200

    slack.wait_for("views.publish")  # the error is logged, nothing is raised to Slack
    assert slack.command("/partners help").status == 200  # and the bot still answers
    assert slack.last_response()["blocks"]
