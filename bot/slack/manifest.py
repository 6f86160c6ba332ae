"""The Slack app manifest: what to paste into api.slack.com/apps to install the bot.

`partners-bot manifest` prints it. The slash command, events and actions listed here are
the ones `handlers.register` routes (a test checks they agree).
"""

from __future__ import annotations

import json

from bot.service.grammar import COMMANDS

COMMAND = "/partners"
EVENTS = ("app_home_opened", "app_mention")

# Each bot scope, with the Web API method or feature that needs it.
SCOPES = {
    "commands": "the /partners slash command",
    "chat:write": "chat.postMessage, chat.update: answers, alerts and digests",
    "chat:write.public": "posting alerts and digests in public channels without joining",
    "channels:join": "conversations.join when a public channel answers not_in_channel",
    "channels:read": "conversations.info: is a channel public, archived, joined",
    "groups:read": "conversations.info on private channels",
    "channels:history": "conversations.history: posts a crash interrupted (public channels)",
    "groups:history": "conversations.history: the same in private channels",
    "users:read": "users.info: may this user change the feeds (admin or owner)",
    "app_mentions:read": "the app_mention event: @partners xiaomi",
}


def usage_hint() -> str:
    """`<company> | <company> + <company> | search <words> | ... | help` (Slack's cap: 1000)."""
    wanted = ("company", "pair", "search", "watch", "watchlist", "digest now", "feeds", "read")
    wanted += ("help",)
    usages = [spec.usage for name in wanted for spec in COMMANDS if spec.name == name]
    return " | ".join(usages)[:1000]


def manifest(*, socket_mode: bool, url: str | None = None, name: str = "partners-bot") -> dict:
    """The manifest for Socket Mode, or for HTTP with requests sent to `url` (the public base
    URL; `/slack/events` is added)."""
    events_url = (url or "https://YOUR-HOST").rstrip("/") + "/slack/events"
    command = {
        "command": COMMAND,
        "description": "Who partners with whom: partnerships of a company, watches, digests",
        "usage_hint": usage_hint(),
        "should_escape": False,
    }
    events: dict = {"bot_events": list(EVENTS)}
    interactivity: dict = {"is_enabled": True}
    if not socket_mode:
        command["url"] = events_url
        events["request_url"] = events_url
        interactivity["request_url"] = events_url
    return {
        "display_information": {
            "name": name,
            "description": "Partnership announcements from business news, in English and French.",
            "long_description": (
                "partners-bot reads business news feeds in English and French, detects"
                " partnership announcements (MoUs, alliances, joint ventures, collaborations,"
                " licensing and distribution agreements) and tells your channels: ask"
                " `/partners xiaomi`, watch companies, get a daily or weekly digest."
            ),
            "background_color": "#1d3b53",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": False,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "partners", "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_yaml(data: dict) -> str:
    """YAML for the manifest's plain shape (dicts, lists, strings, booleans); strings are
    written JSON-quoted, which YAML reads as double-quoted scalars."""
    return "\n".join(_yaml_lines(data, 0)) + "\n"


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_lines(value, indent: int) -> list[str]:
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines += _yaml_lines(item, indent + 1)
            else:
                lines.append(f"{pad}{key}: {_empty(item) if _is_empty(item) else _scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                inner = _yaml_lines(item, indent + 1)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _is_empty(item) -> bool:
    return isinstance(item, dict | list) and not item


def _empty(item) -> str:
    return "{}" if isinstance(item, dict) else "[]"
