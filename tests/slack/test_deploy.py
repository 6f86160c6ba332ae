"""How the bot is deployed: Procfile, .env.example, server settings, Socket Mode wiring."""

from __future__ import annotations

import dataclasses
import re
import shlex
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.config import Settings
from bot.nlp.learned import default_threshold
from bot.slack import serve
from bot.slack.gate import MAX_BODY

REPO = Path(__file__).resolve().parents[2]


def procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (REPO / "Procfile").read_text().splitlines():
        kind, _, command = line.partition(":")
        entries[kind.strip()] = shlex.split(command)
    return entries


def test_procfile_web_serves_http_and_worker_uses_socket_mode():
    entries = procfile()

    assert set(entries) == {"web", "worker"}
    modes = {}
    for kind, command in entries.items():
        assert command[:2] == ["partners-bot", "run"]
        modes[kind] = build_parser().parse_args(command[1:]).mode
    assert modes == {"web": "http", "worker": "socket"}


def test_env_example_documents_every_setting():
    source = (REPO / "bot" / "config.py").read_text()
    names = set(re.findall(r'env(?:\.get\(|, )"([A-Z][A-Z0-9_]+)"', source))
    example = (REPO / ".env.example").read_text()
    documented = re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.MULTILINE)

    assert len(names) >= 16
    assert names == set(documented), f"missing: {names - set(documented)}"
    lines = example.splitlines()
    for name in documented:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name}="))
        assert lines[at - 1].startswith("# "), f"{name} has no comment above it"


def test_env_example_settings_load_as_the_defaults():
    example = (REPO / ".env.example").read_text()
    env = dict(re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", example, re.MULTILINE))

    assert Settings.from_env(env) == Settings()  # copying it changes nothing by itself


def test_the_documented_default_confidence_is_the_shipped_threshold():
    # PARTNERS_MIN_CONFIDENCE unset means the trained detector's threshold: the README and
    # .env.example say which it is, and must follow the weights when they are retrained.
    shipped = f"{default_threshold():.2f} with the shipped weights"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `PARTNERS_MIN_CONF")]
    assert shipped in row
    assert shipped in " ".join((REPO / ".env.example").read_text().replace("# ", "").split())
    assert Settings().min_confidence is None


def test_the_server_is_one_process_whose_limits_bound_slow_and_greedy_clients():
    options = serve.server_options(Settings(port=8123))

    assert (options["host"], options["port"]) == ("0.0.0.0", 8123)
    assert options["threads"] >= 4  # one process: one scheduler, one replay record
    assert options["max_request_body_size"] == MAX_BODY + 1  # waitress refuses >= this
    assert options["asyncore_use_poll"]  # select() stops at 1024 sockets
    assert 100 <= options["connection_limit"] <= 1000
    assert options["channel_timeout"] <= 60
    assert not options["expose_tracebacks"]


def test_socket_mode_connects_with_the_app_token(monkeypatch, settings, slack):
    import slack_bolt.adapter.socket_mode as socket_mode

    started = {}

    class FakeHandler:
        def __init__(self, app, app_token):
            started["app"], started["token"] = app, app_token

        def start(self):
            started["started"] = True

        def close(self):
            started["closed"] = True

    monkeypatch.setattr(socket_mode, "SocketModeHandler", FakeHandler)
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)  # keep pytest's
    settings = dataclasses.replace(settings, slack_app_token="xapp-1-test")

    assert serve.serve_socket(settings, build=lambda: "the app") == 0
    assert started == {"app": "the app", "token": "xapp-1-test", "started": True, "closed": True}
    assert [c.method for c in slack.calls] == ["auth.test"]  # the token was checked first


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_credentials_are_checked_before_anything_starts(mode):
    with pytest.raises(serve.ConfigError, match="SLACK_BOT_TOKEN is not set"):
        serve.require_credentials(Settings(), mode)
