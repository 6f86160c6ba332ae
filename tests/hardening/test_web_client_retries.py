"""What a user waits for (the Home tab, an admin check, the answer to a command) survives a
429, a 5xx or a dropped connection: the app's client and its response_url answers retry,
within bounds. The delivery client keeps no SDK retries: the outbox decides its own."""

from __future__ import annotations

import json

import pytest
from slack_sdk.errors import SlackApiError

from bot.delivery.post import Deliverer
from bot.slack.clients import MAX_RETRY_AFTER, RETRIES, web_client
from bot.slack.deps import respond_to
from bot.store import open_db
from tests.standin import DEFAULT_USER, RESPONSE_URL

HOME = {"type": "home", "blocks": []}


@pytest.fixture
def client(settings):
    return web_client(settings)


@pytest.mark.slow
def test_views_publish_waits_out_a_429(client, slack):
    slack.rate_limit("views.publish", retry_after=1)

    assert client.views_publish(user_id=DEFAULT_USER, view=HOME)["ok"]
    assert len(slack.calls_to("views.publish")) == 2


@pytest.mark.slow
@pytest.mark.parametrize("status", [500, 503, 504])
def test_users_info_survives_a_server_error(client, slack, status):
    slack.server_error("users.info", status=status)

    assert client.users_info(user=DEFAULT_USER)["user"]["id"] == DEFAULT_USER
    assert len(slack.calls_to("users.info")) == 2


@pytest.mark.slow
def test_users_info_survives_a_dropped_connection(client, slack):
    slack.disconnect("users.info")

    assert client.users_info(user=DEFAULT_USER)["ok"]
    assert len(slack.calls_to("users.info")) == 2


@pytest.mark.slow
def test_retries_are_bounded(client, slack):
    slack.server_error("users.info", status=503, times=10)

    with pytest.raises(SlackApiError):
        client.users_info(user=DEFAULT_USER)
    assert len(slack.calls_to("users.info")) == 1 + RETRIES


def test_a_429_asking_for_a_long_wait_fails_at_once(client, slack):
    slack.rate_limit("views.publish", retry_after=MAX_RETRY_AFTER + 50)

    with pytest.raises(SlackApiError) as raised:
        client.views_publish(user_id=DEFAULT_USER, view=HOME)
    assert raised.value.response.status_code == 429
    assert len(slack.calls_to("views.publish")) == 1


def test_a_post_that_got_a_5xx_is_not_posted_again(client, slack):
    """Slack may have posted it before failing: a second post could show it twice."""
    slack.server_error("chat.postMessage", status=500, after_posting=True)

    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", text="hello")
    assert len(slack.posts("C1")) == 1


@pytest.mark.slow
def test_answers_on_a_response_url_survive_429_and_5xx(slack):
    slack.rate_limit(RESPONSE_URL, retry_after=1)
    slack.server_error(RESPONSE_URL, status=503)

    respond_to(slack.response_url())(text="hello", response_type="ephemeral", blocks=None)

    assert slack.responses == [{"text": "hello", "response_type": "ephemeral"}]


def test_the_delivery_client_leaves_retries_to_the_outbox(settings, client):
    db = open_db(settings.db_path)
    try:
        assert Deliverer(db, client).client_for("T1").retry_handlers == []
        assert len(client.retry_handlers) == 3  # the app's client keeps its own
    finally:
        db.close()


# -- the same, through the running bot -----------------------------------------------------


@pytest.mark.slow
def test_the_home_tab_is_published_despite_a_429(bot_server, slack):
    slack.rate_limit("views.publish", retry_after=1)

    slack.open_home()

    calls = slack.wait_for("views.publish", 2)
    assert [c.params["user_id"] for c in calls] == [DEFAULT_USER] * 2


@pytest.mark.slow
def test_an_admin_check_survives_a_server_error(bot_server, slack):
    slack.admins.add(DEFAULT_USER)
    slack.server_error("users.info", status=500)

    slack.command("/partners feeds remove 424242")

    answer = slack.last_response()
    assert "No feed 424242 is read" in answer["text"]  # an admin: not refused
    assert len(slack.calls_to("users.info")) == 2


@pytest.mark.slow
def test_a_command_is_answered_despite_a_429_on_its_response_url(bot_server, slack):
    slack.rate_limit(RESPONSE_URL, retry_after=1)

    assert slack.command("/partners help").status == 200

    answer = slack.last_response()
    assert "/partners watch" in json.dumps(answer["blocks"])
