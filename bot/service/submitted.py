"""What submitting a form (modal) did, for whoever shows it: Slack or the console."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.service.context import Reply


@dataclass
class ChannelUpdate:
    """A message already in a channel to redraw (chat.update)."""

    channel_id: str
    ts: str
    text: str
    blocks: list[dict]


@dataclass
class Submitted:
    """What a submission did: `errors` (block id -> message) keep the form open; else
    `reply` is told to the user (on `response_url` when the form came from a message),
    `updates` redraw messages in channels, `refresh_home` republishes App Home."""

    errors: dict[str, str] = field(default_factory=dict)
    reply: Reply | None = None
    response_url: str | None = None
    updates: list[ChannelUpdate] = field(default_factory=list)
    refresh_home: bool = False
    channel_id: str = ""
