"""Shared fixtures: a database file, settings pointing at the Slack stand-in, the stand-in
(`slack`), and the bot served over real HTTP (`bot_server`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.config import Settings
from tests.botprocess import wait_healthy
from tests.standin import BOT_TOKEN, SIGNING_SECRET, SlackStandIn

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 60.0

# Hypothesis: no deadline anywhere (timing is for bench/, never asserted in a test) and no
# failure because a machine shared with others is slow. In CI (CI=true) the examples are
# drawn from a fixed seed and no example database is kept: the same run every time.
# HYPOTHESIS_PROFILE=ci gives that run on a developer's machine.
hypothesis_settings.register_profile(
    "dev",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.register_profile(
    "ci",
    parent=hypothesis_settings.get_profile("dev"),
    derandomize=True,
    database=None,
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "partners.db"


@pytest.fixture(scope="session")
def slack_standin():
    with SlackStandIn() as standin:
        yield standin


@pytest.fixture
def slack(slack_standin) -> SlackStandIn:
    """The Slack stand-in, with no call, fault or answer left from another test."""
    slack_standin.reset()
    return slack_standin


@pytest.fixture
def settings(db_path, slack) -> Settings:
    return Settings(
        db_path=db_path,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_base_url=slack.api_url,
    )


def bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """A clean environment for running `python -m bot` (no .env, no outside settings)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "PYTHONUNBUFFERED": "1",
        "PARTNERS_DB": str(tmp_path / "partners.db"),
    }
    env.update(values)
    return env


@pytest.fixture
def partners_bot(tmp_path):
    """Run `partners-bot ARGS` in a subprocess: clean environment plus `env`, in `tmp_path`
    (so no .env is read), with `stdin` as its input; returns the CompletedProcess."""

    def run(*args: str, env: dict[str, str] | None = None, stdin: str = "", timeout=120):
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=bot_env(tmp_path, **(env or {})),
            cwd=tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class BotServer:
    url: str  # http://127.0.0.1:PORT/
    db_path: Path
    process: subprocess.Popen


@pytest.fixture
def bot_server(http_bot, slack_standin) -> BotServer:
    """`partners-bot run --mode http` (waitress) on loopback, its Web API the stand-in; the
    stand-in sends to it (a test that started a server of its own pointed it elsewhere)."""
    slack_standin.bot_url = http_bot.url + "slack/events"
    return http_bot


@pytest.fixture(scope="session")
def http_bot(slack_standin, tmp_path_factory) -> BotServer:
    """The one server `bot_server` gives every test that asks for it."""
    home = tmp_path_factory.mktemp("bot")
    port = free_port()
    env = bot_env(
        home,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_BASE_URL=slack_standin.api_url,
        PORT=str(port),
        PARTNERS_LOG_LEVEL="INFO",
    )
    log = (home / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--mode", "http"],
        cwd=home,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, process, home / "server.log", timeout=START_SECONDS)
        yield BotServer(url, home / "partners.db", process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
