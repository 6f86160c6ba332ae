"""The routing table: which Slack request goes to which handler, one line a listener."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import actions, commands, events, forms, shortcuts

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
    # feedback, forms (modals) and the message shortcut
    app.action("undo_not_partnership")(actions.button(deps))
    app.action("wrong_parties")(actions.button(deps))
    app.action("open_modal")(actions.button(deps))
    app.view("watchlist")(forms.submitted(deps))
    app.view("digest")(forms.submitted(deps))
    app.view("alerts")(forms.submitted(deps))
    app.view("wrong_parties")(forms.submitted(deps))
    app.options("company_search")(forms.options(deps))
    app.options("timezone_search")(forms.options(deps))
    app.shortcut("check_partnership")(shortcuts.check(deps))
    # installs (OAuth): an uninstall or a revoked token stops the workspace's posting
    app.event("app_uninstalled")(events.uninstalled(deps))
    app.event("tokens_revoked")(events.tokens_revoked(deps))
