"""The manifest, the routing table, `/partners help` and the README say the same things."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import handlers
from bot import messages
from bot.messages.blocks import unescape
from bot.service.grammar import COMMANDS
from bot.slack import manifest as app_manifest
from tests.stories import texts

REPO = Path(__file__).resolve().parents[2]


def routes() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    class RecordingApp:
        def __getattr__(self, kind):
            def route(name):
                found.append((kind, name))
                return lambda listener: listener

            return route

    handlers.register(RecordingApp(), deps=None)
    return found


@pytest.mark.parametrize("socket_mode", [True, False], ids=["socket", "http"])
def test_manifest_lists_what_the_handlers_route(socket_mode):
    data = app_manifest.manifest(socket_mode=socket_mode, url="https://bot.example.com")
    registered = routes()

    commands = [c["command"] for c in data["features"]["slash_commands"]]
    assert [("command", c) for c in commands] == [r for r in registered if r[0] == "command"]
    events = data["settings"]["event_subscriptions"]["bot_events"]
    assert sorted(events) == sorted(name for kind, name in registered if kind == "event")
    shortcuts = [s["callback_id"] for s in data["features"]["shortcuts"]]
    assert sorted(shortcuts) == sorted(name for kind, name in registered if kind == "shortcut")
    assert data["settings"]["interactivity"]["is_enabled"]  # the buttons
    assert data["features"]["app_home"]["home_tab_enabled"]
    assert data["settings"]["socket_mode_enabled"] is socket_mode


def test_manifest_scopes_cover_the_features():
    scopes = set(app_manifest.manifest(socket_mode=True)["oauth_config"]["scopes"]["bot"])

    assert {"commands", "chat:write", "app_mentions:read", "users:read"} <= scopes
    assert {"chat:write.public", "channels:join"} <= scopes  # posting where not a member
    assert {"channels:history", "groups:history"} <= scopes  # reconciling after a crash


def test_manifest_lets_the_bot_upload_files_and_share_them_privately():
    data = app_manifest.manifest(socket_mode=True)

    assert "files:write" in data["oauth_config"]["scopes"]["bot"]  # maps, charts, CSV
    home = data["features"]["app_home"]
    assert home["messages_tab_enabled"] and home["messages_tab_read_only_enabled"]


def test_http_manifest_sends_everything_to_slack_events():
    data = app_manifest.manifest(socket_mode=False, url="https://bot.example.com/")
    url = "https://bot.example.com/slack/events"

    assert data["features"]["slash_commands"][0]["url"] == url
    assert data["settings"]["event_subscriptions"]["request_url"] == url
    assert data["settings"]["interactivity"]["request_url"] == url
    assert data["settings"]["interactivity"]["message_menu_options_url"] == url


def test_socket_manifest_has_no_request_urls():
    text = json.dumps(app_manifest.manifest(socket_mode=True))

    assert "request_url" not in text
    assert '"url"' not in text


def test_manifest_fits_slacks_limits():
    data = app_manifest.manifest(socket_mode=False)
    info = data["display_information"]
    command = data["features"]["slash_commands"][0]

    assert 1 <= len(info["name"]) <= 35
    assert 1 <= len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert 1 <= len(command["usage_hint"]) <= 1000
    assert 1 <= len(command["description"]) <= 2000
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", info["background_color"])


def test_yaml_and_json_carry_the_same_values():
    data = app_manifest.manifest(socket_mode=False)
    yaml = app_manifest.to_yaml(data)

    def scalars(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from scalars(value)
        elif isinstance(node, list):
            for value in node:
                yield from scalars(value)
        else:
            yield node

    for value in scalars(data):
        assert app_manifest._scalar(value) in yaml
    assert '\n  slash_commands:\n    - command: "/partners"\n' in yaml


def test_every_command_is_in_help():
    help_text = unescape(texts(messages.help_message().blocks))

    missing = [spec.usage for spec in COMMANDS if f"/partners {spec.usage}" not in help_text]
    assert not missing, f"/partners help does not show: {missing}"


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8").replace("\\|", "|")  # tables

    missing = [spec.usage for spec in COMMANDS if f"/partners {spec.usage}" not in readme]
    assert not missing, (
        "README.md's command list lacks these `/partners` commands"
        " (COMMANDS in bot/service/grammar.py):"
        f" {', '.join(f'`/partners {usage}`' for usage in missing)}"
    )


@pytest.mark.slow
def test_manifest_command_prints_yaml_or_json(partners_bot):
    def run(*args: str) -> str:
        done = partners_bot("manifest", *args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(run("--json", "--mode", "socket")) == app_manifest.manifest(socket_mode=True)
    yaml = run("--url", "https://bot.example.com")
    assert 'request_url: "https://bot.example.com/slack/events"' in yaml
    assert "socket_mode_enabled: false" in yaml
