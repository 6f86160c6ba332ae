"""The fake Slack every test uses: see `tests.standin` (Web API side and client side)."""

from tests.standin import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    DEFAULT_CHANNEL,
    DEFAULT_USER,
    RESPONSE_URL,
    SIGNING_SECRET,
    TEAM_ID,
    WAIT_SECONDS,
    Call,
    Channel,
    Posted,
    Sent,
    SlackStandIn,
)

__all__ = [
    "BOT_ID",
    "BOT_TOKEN",
    "BOT_USER_ID",
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
    "SlackStandIn",
]
