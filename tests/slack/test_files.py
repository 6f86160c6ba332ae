"""A reply's files uploaded to the Slack stand-in with the current three-step flow:
privately to the user who asked, or in the channel (a thread) once shared."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from bot.messages.blocks import actions, button, section
from bot.service.context import Attachment, Reply
from bot.slack.files import with_files
from tests.insights.pictures import assert_picture
from tests.standin import DEFAULT_CHANNEL, DEFAULT_USER
from tests.stories import texts


@pytest.fixture
def client(settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_base_url)


@pytest.fixture(scope="module")
def png() -> bytes:
    from bot.insights.charts import canvas, to_png

    fig, ax = canvas(700)
    for i in range(60):
        ax.plot([20 * i, 1200 - 10 * i], [10 * i, 700 - 5 * i], color=f"C{i % 10}")
        ax.text(15 * i, 11 * i, f"partner {i}")
    return to_png(fig)


def reply_with(content: bytes, *, ephemeral: bool = True, name: str = "xiaomi-map.png") -> Reply:
    blocks = [section("Xiaomi: 2 partnerships"), actions(button("Share in channel", "x", "v"))]
    picture = Attachment(name, content, "Partner map of Xiaomi", "Xiaomi and two partners")
    return Reply("Xiaomi: 2 partnerships", blocks, ephemeral=ephemeral, files=(picture,))


def test_a_private_answer_shares_its_file_with_the_user_alone(client, slack, png):
    sent: list[Reply] = []
    send = with_files(client, sent.append, channel_id=DEFAULT_CHANNEL, user_id=DEFAULT_USER)

    send(reply_with(png))

    (file,) = slack.uploads()
    assert file.channels == [DEFAULT_USER] and file.private
    assert file.content == png and file.filename == "xiaomi-map.png"
    assert file.title == "Partner map of Xiaomi" and file.alt_txt == "Xiaomi and two partners"
    assert_picture(file.content)
    asked = slack.calls_to("files.getUploadURLExternal")[0].params
    assert (asked["filename"], int(asked["length"])) == ("xiaomi-map.png", len(png))
    order = [c.method for c in slack.calls if c.method.startswith("files.")]
    assert order == ["files.getUploadURLExternal", "files.completeUploadExternal"]
    (answer,) = sent
    assert answer.ephemeral and not answer.files
    assert [b["type"] for b in answer.blocks] == ["section", "context", "actions"]
    assert f"<{file.permalink}|xiaomi-map.png>: sent to you privately" in texts(answer.blocks)


def test_a_shared_answer_posts_its_words_then_the_file_in_the_channel(client, slack, png):
    sent: list[Reply] = []
    send = with_files(client, sent.append, channel_id=DEFAULT_CHANNEL, user_id=DEFAULT_USER)

    send(reply_with(png, ephemeral=False))

    (file,) = slack.uploads()
    assert file.channels == [DEFAULT_CHANNEL] and not file.private
    (answer,) = sent
    assert not answer.ephemeral and answer.text == "Xiaomi: 2 partnerships"


def test_a_mention_gets_the_file_in_its_thread(client, slack, png):
    sent: list[Reply] = []
    send = with_files(client, sent.append, channel_id="C0TEAM", user_id=DEFAULT_USER,
                      thread_ts="1700000000.000100", private=False)  # fmt: skip

    send(reply_with(png))  # a service reply is "ephemeral"; a thread is not private

    (file,) = slack.uploads()
    assert (file.channels, file.thread_ts) == (["C0TEAM"], "1700000000.000100")
    assert len(sent) == 1


def test_a_csv_goes_the_same_way(client, slack):
    table = b"date,parties\n2026-03-02,Microsoft; Xiaomi\n"
    sent: list[Reply] = []
    send = with_files(client, sent.append, channel_id=DEFAULT_CHANNEL, user_id=DEFAULT_USER)

    send(reply_with(table, name="partnerships-xiaomi.csv"))

    (file,) = slack.uploads()
    assert file.content == table and file.filename == "partnerships-xiaomi.csv"


def test_a_refused_upload_is_said_and_the_words_still_arrive(client, slack, png):
    sent: list[Reply] = []
    send = with_files(client, sent.append, channel_id="C0SECRET", user_id=DEFAULT_USER)
    slack.channel("C0SECRET", member=False)

    send(reply_with(png, ephemeral=False))
    slack.fail("files.getUploadURLExternal", "ratelimited")
    send(reply_with(png))

    assert slack.uploads() == []
    shared_words, shared_warning, private_answer = sent
    assert not shared_words.ephemeral
    assert shared_warning.ephemeral and "`not_in_channel`" in texts(shared_warning.blocks)
    assert "could not be uploaded" in texts(private_answer.blocks)
    assert "Xiaomi: 2 partnerships" in texts(private_answer.blocks)


def test_replies_without_files_pass_through(client, slack):
    sent: list[Reply] = []
    send = with_files(client, sent.append, channel_id=DEFAULT_CHANNEL, user_id=DEFAULT_USER)
    reply = Reply("hello", [section("hello")])

    send(reply)

    assert sent == [reply] and slack.calls_to("files.getUploadURLExternal") == []
