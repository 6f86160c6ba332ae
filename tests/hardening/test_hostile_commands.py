"""Any text after `/partners` (or `@partners`), of any length and content, sent to the
running bot over real HTTP as Slack sends it: acknowledged at once, answered sensibly, and
nothing in the answer pings anyone or links anywhere the user's text asked for."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.service.context import SORRY
from bot.store import open_db
from tests.standin import DEFAULT_CHANNEL, DEFAULT_USER
from tests.stories import store_partnership

pytestmark = pytest.mark.slow

TEAM = "T0FUZZ"  # the shared test server's other tests never see what this one sets up

HOSTILE = [
    '"',
    "'",
    "OR",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "xiao*",
    "^",
    "-",
    "AND NOT",
    "title:",
    "'; DROP TABLE articles; --",
    "1) OR 1=1 --",
    "%s %d {0}",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S123|@team>",
    "<@U0BOSS>",
    "<#C0SECRET|secret>",
    "<https://evil.example|log in>",
    "&lt;!channel&gt;",
    "*bold* _it_ ~s~ `code` ```block```",
    "🤝🏽 👨‍👩‍👧 🇫🇷",
    "\u202e\u200b\ufeff",
    "\x00\x07\x1b[31m\r\n\t",
    "\ud800",  # a lone surrogate: arrives as invalid UTF-8 in a form post
    "\udfff",
    "x" * 3000,
    "Xiaomi",
    "xiaomi + microsoft",
]
COMMAND_WORDS = ["", "search ", "watch ", "unwatch ", "unmute ", "digest ", "feeds ", "read "]
texts = st.builds(
    lambda word, parts: (word + "".join(parts))[:3500],
    st.sampled_from(COMMAND_WORDS),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)), max_size=8),
)
# What the bot may put between < and > itself: a mention of the person who asked, this
# channel, links to stored articles (https).
ALLOWED_ANGLE = re.compile(rf"<(@{DEFAULT_USER}|#{DEFAULT_CHANNEL}|https?://[^<>|\s]+(\|[^<>]*)?)>")
# A `>` opening a line is Slack's quote, which the builders put before a deal's evidence;
# user text never yields one (it is escaped to &gt;).
QUOTE = re.compile(r"(?m)^> ")


@pytest.fixture
def stored_deal(bot_server) -> None:
    """A partnership on record, so that some answers quote a deal's evidence."""
    db = open_db(bot_server.db_path)
    try:
        store_partnership(db, "Orbelle", "Halvorn", evidence="Orbelle and Halvorn sign an MoU.")
    finally:
        db.close()


def shown_texts(value) -> list[str]:
    """The strings Slack renders from an answer: its `text` and every text in its blocks."""
    if isinstance(value, dict):
        own = [value["text"]] if isinstance(value.get("text"), str) else []
        return own + [s for k, v in value.items() if k != "value" for s in shown_texts(v)]
    if isinstance(value, list):
        return [s for v in value for s in shown_texts(v)]
    return []


def next_reply_in_a_thread(slack, before: int):
    """The first post in a thread after the `before` first posts (a digest a previous
    example asked for may be posted in between, at the top of the channel)."""
    count = before + 1
    while True:
        calls = slack.wait_for("chat.postMessage", count)
        threaded = [c for c in calls[before:] if c.params.get("thread_ts")]
        if threaded:
            return threaded[0]
        count += 1


UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def assert_inert(answer: dict) -> None:
    for text in shown_texts(answer):
        leftover = QUOTE.sub("", ALLOWED_ANGLE.sub("", text))
        assert "<" not in leftover and ">" not in leftover, text[:500]
        assert not UNSHOWABLE.search(text), text[:500]
    assert SORRY not in str(answer), "the bot failed on this input"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts)
@example(text="search \ud800 NEAR( OR * \"'; DROP TABLE articles; -- <!channel>")
@example(text="watch <!here>, <@U0BOSS>, <!subteam^S1|@all>")
@example(text="x" * 3000)
@example(text="\x00\x1b[31m <#C0SECRET|secret> 🤝🏽")
@example(text="orbelle")  # regression: the answer quotes the deal (`> ...`), by design
def test_any_slash_command_text_is_acked_and_answered_inertly(bot_server, slack, stored_deal, text):
    before = len(slack.responses)

    ack = slack.command(f"/partners {text}", team=TEAM)

    assert (ack.status, ack.body) == (200, "")
    answer = slack.wait_for_responses(before + 1)[before]
    assert answer["text"].strip() and isinstance(answer.get("blocks", []), list)
    assert answer["response_type"] in ("ephemeral", "in_channel")
    assert_inert(answer)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts)
@example(text="search \ud800\udfff <!channel> NEAR(")
def test_any_mention_text_is_answered_inertly_in_its_thread(bot_server, slack, text):
    before = len(slack.calls_to("chat.postMessage"))

    sent = slack.mention(text, team=TEAM)  # JSON: lone surrogates arrive as they are

    assert sent.status == 200
    call = next_reply_in_a_thread(slack, before)
    assert call.params["text"].strip()
    assert_inert({"text": call.params["text"], "blocks": call.params.get("blocks") or []})
