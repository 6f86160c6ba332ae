"""The Slack stand-in answers the Web API the way the bot's client expects."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from tests.slack_standin import BOT_TOKEN


@pytest.fixture
def client(slack) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=slack.api_url)


def test_posts_are_recorded_and_come_back_in_the_history_with_metadata(client, slack):
    metadata = {"event_type": "partnership_alert", "event_payload": {"story_id": 7}}
    posted = client.chat_postMessage(channel="C0NEWS", text="Xiaomi × Microsoft", metadata=metadata)

    plain = client.conversations_history(channel="C0NEWS")["messages"]
    full = client.conversations_history(channel="C0NEWS", include_all_metadata=True)["messages"]

    assert [m["ts"] for m in plain] == [posted["ts"]]
    assert "metadata" not in plain[0]
    assert full[0]["metadata"] == metadata
    assert slack.calls_to("chat.postMessage")[0].json["text"] == "Xiaomi × Microsoft"
    assert slack.calls_to("chat.postMessage")[0].headers["authorization"] == f"Bearer {BOT_TOKEN}"


def test_faults_are_answered_in_order_then_calls_succeed(client, slack):
    slack.rate_limit("chat.postMessage", retry_after=7)
    slack.server_error("chat.postMessage")
    slack.fail("chat.postMessage", "not_in_channel")

    with pytest.raises(SlackApiError) as limited:
        client.chat_postMessage(channel="C0NEWS", text="one")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"
    with pytest.raises(SlackApiError) as broken:
        client.chat_postMessage(channel="C0NEWS", text="two")
    assert broken.value.response.status_code == 500
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C0NEWS", text="three")
    assert refused.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C0NEWS", text="four")["ok"]
    assert len(slack.calls_to("chat.postMessage")) == 4


def test_join_info_and_users(client, slack):
    slack.admins = {"U0ADMIN"}
    slack.private_channels = {"G0SECRET"}

    assert client.conversations_info(channel="G0SECRET")["channel"]["is_private"]
    assert not client.conversations_info(channel="C0NEWS")["channel"]["is_member"]
    client.conversations_join(channel="C0NEWS")
    assert client.conversations_info(channel="C0NEWS")["channel"]["is_member"]
    assert client.users_info(user="U0ADMIN")["user"]["is_admin"]
    assert not client.users_info(user="U0ALICE")["user"]["is_admin"]


def test_a_missing_token_is_not_authed(slack):
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url).auth_test()
    assert refused.value.response["error"] == "not_authed"


def test_signatures_pass_slacks_own_verifier(slack):
    body = "command=%2Fpartners&text=xiaomi"
    headers = slack.sign(body)

    assert SignatureVerifier(slack.signing_secret).is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)
