"""A stand-in for Slack on loopback, for tests. It plays both sides of Slack:

- the Web API the bot calls (`webapi`): faults on demand, channels the bot is or is not in,
  posts held after they were recorded, message ts from a clock the test controls;
- the client that sends the bot signed commands, events and clicks (`client`).

    slack.command("/partners xiaomi")
    answer = slack.last_response()          # what the bot sent to the response_url
    slack.channel("G1", private=True, member=False)
    slack.fail("chat.postMessage", "not_in_channel")
    slack.rate_limit("chat.postMessage", retry_after=1)
    slack.server_error("chat.postMessage", status=503, after_posting=True)
    slack.disconnect("users.info")            # hang up without answering
    slack.rate_limit(RESPONSE_URL)            # faults on answers to response_urls too
    slack.hold_posts()                        # record a post, then keep the answer back
    (post,) = slack.posts("C1")
    (png,) = slack.wait_for_uploads()         # files uploaded and completed, with bytes
"""

from __future__ import annotations

from tests.standin.client import DEFAULT_CHANNEL, DEFAULT_USER, SIGNING_SECRET, Sent, SignedClient
from tests.standin.files import SlackFile
from tests.standin.oauth import CLIENT_ID, CLIENT_SECRET
from tests.standin.webapi import RESPONSE_URL, WAIT_SECONDS, Call, WebApi
from tests.standin.workspace import BOT_ID, BOT_TOKEN, BOT_USER_ID, TEAM_ID, Channel, Posted


class SlackStandIn(WebApi, SignedClient):
    """A fake Slack on 127.0.0.1 (port chosen by the system). Use as a context manager."""

    def __init__(self, signing_secret: str = SIGNING_SECRET) -> None:
        self.signing_secret = signing_secret
        super().__init__()


__all__ = [
    "BOT_ID",
    "BOT_TOKEN",
    "BOT_USER_ID",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "DEFAULT_CHANNEL",
    "DEFAULT_USER",
    "RESPONSE_URL",
    "SIGNING_SECRET",
    "TEAM_ID",
    "WAIT_SECONDS",
    "Call",
    "Channel",
    "Posted",
    "Sent",
    "SlackFile",
    "SlackStandIn",
]
