"""The routing table: which Slack request goes to which handler, one line a listener."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import actions, commands, events

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.slack.deps import Deps


def register(app: App, deps: Deps) -> None:
    app.command("/partners")(commands.partners(deps))
    app.action("more")(actions.button(deps))
    app.action("not_partnership")(actions.button(deps))
    app.action("mute")(actions.button(deps))
    app.action("share")(actions.button(deps))
    app.action("share_answer")(actions.button(deps))
    app.event("app_home_opened")(events.home_opened(deps))
    app.event("app_mention")(events.mention(deps))
