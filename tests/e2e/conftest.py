"""The whole bot as a process: `partners-bot run --mode http` (waitress, scheduler, ingest
process) talking to the Slack stand-in, and `partners-bot ingest` run beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.botprocess import wait_healthy
from tests.conftest import bot_env, free_port
from tests.standin import BOT_TOKEN, SIGNING_SECRET, SlackStandIn

STOP_SECONDS = 20


class BotProcess:
    """The server in `home`, with a one-second delivery loop; it can be killed and started
    again on the same database."""

    def __init__(self, home: Path, slack: SlackStandIn) -> None:
        self.home, self.slack = home, slack
        self.db_path = home / "partners.db"
        self.env = bot_env(
            home,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_BASE_URL=slack.api_url,
            PARTNERS_DELIVERY_SECONDS="1",
            PARTNERS_LOG_LEVEL="INFO",
        )
        self.log_path = home / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> BotProcess:
        """Start the server (in its own process group) and wait until it is healthy."""
        port = free_port()
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--mode", "http"],
                cwd=self.home,
                env={**self.env, "PORT": str(port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}/"
        wait_healthy(url, self.process, self.log_path)
        self.slack.bot_url = url + "slack/events"
        return self

    def kill(self) -> None:
        """SIGKILL the whole server at once (the server, the ingest
        process): no clean-up of any kind."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def ingest(self, source: str) -> str:
        """`partners-bot ingest SOURCE` in a second process, on the server's database; its
        output."""
        done = subprocess.run(
            [sys.executable, "-m", "bot", "ingest", source],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture
def server(tmp_path, slack):
    """`partners-bot run --mode http` with a one-second delivery loop, its Web API the
    stand-in (`slack`)."""
    bot = BotProcess(tmp_path, slack).start()
    try:
        yield bot
    finally:
        bot.stop()
