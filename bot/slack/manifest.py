"""The Slack app manifest: what to paste into api.slack.com/apps to install the bot.

`partners-bot manifest` prints it. The slash command, events and actions listed here are
the ones `handlers.register` routes (a test checks they agree).
"""

from __future__ import annotations

import json
import math

import yaml

from bot.service.grammar import COMMANDS

COMMAND = "/partners"
EVENTS = ("app_home_opened", "app_mention", "app_uninstalled", "tokens_revoked")
SHORTCUTS = (
    {
        "name": "Check for partnership",
        "type": "message",
        "callback_id": "check_partnership",
        "description": "Does this message (or the article it links) announce a partnership?",
    },
)

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
    "files:write": "files.getUploadURLExternal, files.completeUploadExternal: maps, charts, CSV",
}


def usage_hint() -> str:
    """`<company> | <company> + <company> | search <words> | ... | help` (Slack's cap: 1000)."""
    wanted = ("company", "pair", "search", "watch", "watchlist", "digest now", "feeds", "read")
    wanted += ("map", "trends", "export")
    wanted += ("help",)
    usages = [spec.usage for name in wanted for spec in COMMANDS if spec.name == name]
    return " | ".join(usages)[:1000]


DISPLAY = {
    "description": "Partnership announcements from business news, in English and French.",
    "long_description": (
        "partners-bot reads business news feeds in English and French, detects"
        " partnership announcements (MoUs, alliances, joint ventures, collaborations,"
        " licensing and distribution agreements) and tells your channels: ask"
        " `/partners xiaomi`, watch companies, get a daily or weekly digest, draw a"
        " company's partner map, see who is suddenly signing a lot, export to CSV."
    ),
    "background_color": "#1d3b53",
}


def manifest(
    *,
    socket_mode: bool,
    url: str | None = None,
    name: str = "partners-bot",
    token_rotation: bool = False,
) -> dict:
    """The manifest for Socket Mode, or for HTTP with requests sent to `url` (the public base
    URL; `/slack/events` is added, and `/slack/oauth_redirect` for "Add to Slack" installs).
    `token_rotation`: tokens that expire and are refreshed (HTTP installs only)."""
    base = (url or "https://YOUR-HOST").rstrip("/")
    events_url = base + "/slack/events"
    command = {
        "command": COMMAND,
        "description": "Who partners with whom: partnerships of a company, watches, digests",
        "usage_hint": usage_hint(),
        "should_escape": False,
    }
    events: dict = {"bot_events": list(EVENTS)}
    interactivity: dict = {"is_enabled": True}
    oauth: dict = {"scopes": {"bot": list(SCOPES)}}
    if not socket_mode:
        command["url"] = events_url
        events["request_url"] = events_url
        interactivity["request_url"] = events_url
        interactivity["message_menu_options_url"] = events_url  # searchable menus
        oauth = {"redirect_urls": [base + "/slack/oauth_redirect"], **oauth}
    return {
        "display_information": {"name": name, **DISPLAY},
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                # Read-only: where a private answer's file (a map, a CSV) is shared with
                # the user who asked; nothing typed there is read.
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": "partners", "always_online": True},
            "shortcuts": [dict(s) for s in SHORTCUTS],
            "slash_commands": [command],
        },
        "oauth_config": oauth,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": token_rotation and not socket_mode,
        },
    }


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


class ManifestDumper(yaml.SafeDumper):
    """YAML as Slack's manifest editor shows it: block style, lists indented under their
    key, keys plain and every string value double-quoted (a URL, or "on", stays a string)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)

    def represent_dict(self, data: dict) -> yaml.MappingNode:
        pairs = [(yaml.ScalarNode(_STR, str(k)), self.represent_data(v)) for k, v in data.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)

    def represent_str(self, data: str) -> yaml.ScalarNode:
        return self.represent_scalar(_STR, data, style='"')


_STR = "tag:yaml.org,2002:str"
ManifestDumper.add_representer(dict, ManifestDumper.represent_dict)
ManifestDumper.add_representer(str, ManifestDumper.represent_str)


def to_yaml(data: dict) -> str:
    """The manifest as YAML, written from the data by PyYAML."""
    return yaml.dump(
        data, Dumper=ManifestDumper, sort_keys=False, allow_unicode=True, width=math.inf
    )


def _scalar(value: object) -> str:
    """One value as `to_yaml` writes it."""
    text = yaml.dump(value, Dumper=ManifestDumper, allow_unicode=True, width=math.inf)
    return text.removesuffix("...\n").strip()
