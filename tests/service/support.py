"""Helpers the service tests share: a workspace that talks to the service, output walkers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.config import Settings
from bot.service.actions import handle_action
from bot.service.commands import handle_command
from bot.service.context import Context, Reply

TEAM = "T_ACME"
OTHER_TEAM = "T_OTHER"
CHANNEL = "C_NEWS"
USER = "U_ALICE"


@dataclass
class Workspace:
    """One Slack workspace and channel talking to the service, as a test reads it."""

    db: object
    team_id: str = TEAM
    channel_id: str = CHANNEL
    user_id: str = USER
    admin: bool = False
    ingestor: Callable | None = None
    post_digest: Callable | None = None  # as in Slack: posts the digest through the outbox
    changes: list[str] = field(default_factory=list)

    @property
    def ctx(self) -> Context:
        return Context(
            db=self.db,
            settings=Settings(timezone="Europe/Paris"),
            team_id=self.team_id,
            channel_id=self.channel_id,
            user_id=self.user_id,
            is_admin=lambda: self.admin,
            ingestor=self.ingestor,
            on_subscriptions_changed=lambda: self.changes.append("changed"),
            post_digest=self.post_digest,
        )

    def command(self, text: str) -> Reply:
        return handle_command(self.ctx, text)

    def click(self, action_id: str, value: str) -> Reply:
        return handle_action(self.ctx, action_id, value)

    def in_channel(self, channel_id: str) -> Workspace:
        return Workspace(self.db, self.team_id, channel_id, self.user_id, self.admin)


def all_strings(value) -> list[str]:
    """Every string Slack would show from a Reply or blocks (button values excluded)."""
    if isinstance(value, Reply):
        return [value.text, *all_strings(value.blocks)]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # a button's value goes back to the bot, Slack shows none
        return [s for k, v in value.items() if k != "value" for s in all_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in all_strings(v)]
    return []


def rendered(reply: Reply) -> str:
    return "\n".join(all_strings(reply))
