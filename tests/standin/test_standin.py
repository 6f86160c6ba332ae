"""The Slack stand-in answers the Web API the way the bot's client expects."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from urllib.request import Request, urlopen

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from tests.standin import BOT_TOKEN


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
    slack.channel("G0SECRET", private=True, member=False)
    slack.channel("C0NEWS", member=False)

    assert client.conversations_info(channel="G0SECRET")["channel"]["is_private"]
    assert not client.conversations_info(channel="C0NEWS")["channel"]["is_member"]
    client.conversations_join(channel="C0NEWS")
    assert client.conversations_info(channel="C0NEWS")["channel"]["is_member"]
    assert client.users_info(user="U0ADMIN")["user"]["is_admin"]
    assert not client.users_info(user="U0ALICE")["user"]["is_admin"]


@pytest.mark.parametrize(
    "channel,error",
    [
        ({"member": False}, "not_in_channel"),
        ({"private": True, "member": False}, "channel_not_found"),
        ({"archived": True}, "is_archived"),
        ({"deleted": True}, "channel_not_found"),
    ],
)
def test_posting_where_the_bot_cannot_is_refused(client, slack, channel, error):
    slack.channel("C1", **channel)

    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", text="hello")

    assert refused.value.response["error"] == error
    assert slack.posts() == []


def test_a_public_channel_can_be_joined_a_private_one_cannot(client, slack):
    slack.channel("C1", member=False)
    slack.channel("G1", private=True, member=False)

    client.conversations_join(channel="C1")
    assert client.chat_postMessage(channel="C1", text="hello")["ok"]
    with pytest.raises(SlackApiError) as refused:
        client.conversations_join(channel="G1")
    assert refused.value.response["error"] == "method_not_supported_for_channel_type"


def test_message_ts_follow_the_given_clock_and_replies_come_back_by_thread(client, slack):
    slack.clock = lambda: datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    parent = client.chat_postMessage(channel="C1", text="alert")["ts"]
    reply = client.chat_postMessage(channel="C1", text="+1 source", thread_ts=parent)["ts"]
    client.chat_postMessage(channel="C1", text="another alert")

    assert float(parent) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC).timestamp()
    assert float(reply) > float(parent)
    history = client.conversations_history(channel="C1")["messages"]
    thread = client.conversations_replies(channel="C1", ts=parent)["messages"]
    assert [m["text"] for m in history] == ["another alert", "alert"]
    assert [m["text"] for m in thread] == ["+1 source", "alert"]


def test_a_server_error_after_posting_leaves_the_message_in_the_channel(client, slack):
    slack.server_error("chat.postMessage", status=503, after_posting=True)

    with pytest.raises(SlackApiError) as broken:
        client.chat_postMessage(channel="C1", text="hello")

    assert broken.value.response.status_code == 503
    assert [p.text for p in slack.posts("C1")] == ["hello"]


def test_a_held_post_is_recorded_before_it_is_answered(client, slack):
    slack.hold_posts()
    answers = []
    poster = threading.Thread(
        target=lambda: answers.append(client.chat_postMessage(channel="C1", text="hello"))
    )
    poster.start()

    assert slack.post_recorded.wait(10)
    assert [p.text for p in slack.posts("C1")] == ["hello"] and answers == []
    slack.release_posts()
    poster.join(10)
    assert answers[0]["ts"] == slack.posts("C1")[0].ts


def test_a_revoked_token_is_refused_everywhere(client, slack):
    slack.revoked = "token_revoked"

    with pytest.raises(SlackApiError) as refused:
        client.auth_test()
    assert refused.value.response["error"] == "token_revoked"


def test_a_missing_token_is_not_authed(slack):
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=slack.api_url).auth_test()
    assert refused.value.response["error"] == "not_authed"


def test_signatures_pass_slacks_own_verifier(slack):
    body = "command=%2Fpartners&text=xiaomi"
    headers = slack.sign(body)

    assert SignatureVerifier(slack.signing_secret).is_valid_request(body, headers)
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)


def test_a_file_is_uploaded_in_three_steps_and_completed_only_whole(client, slack):
    content = bytes(range(256)) * 40  # binary, not text

    done = client.files_upload_v2(
        filename="map.png", content=content, title="Map", channels=["U0ALICE"]
    )

    (file,) = slack.uploads()
    assert (file.content, file.title, file.channels) == (content, "Map", ["U0ALICE"])
    assert done["file"]["permalink"] == file.permalink and file.private

    # A completion for bytes that never came, or came short, is refused.
    missing = client.files_getUploadURLExternal(filename="a.csv", length=10)["file_id"]
    with pytest.raises(SlackApiError) as refused:
        client.files_completeUploadExternal(files=[{"id": missing}])
    assert refused.value.response["error"] == "file_not_found"
    short = client.files_getUploadURLExternal(filename="b.csv", length=10)
    with urlopen(Request(short["upload_url"], data=b"12345", method="POST"), timeout=5) as up:
        assert up.status == 200
    with pytest.raises(SlackApiError) as refused:
        client.files_completeUploadExternal(files=[{"id": short["file_id"]}])
    assert refused.value.response["error"] == "invalid_length"
    assert len(slack.uploads()) == 1
