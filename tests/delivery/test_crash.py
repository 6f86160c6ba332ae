"""A delivery process killed while Slack is answering: after a restart the story is posted
exactly once (the restarted process finds the message by its metadata)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("deliver_once.py")


@pytest.fixture
def slack(slack_standin):
    """The stand-in on the real clock: the delivery process runs on it too."""
    slack_standin.reset()
    return slack_standin


def delivery_process(settings, tmp_path) -> subprocess.Popen:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "PARTNERS_DB": str(settings.db_path),
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_API_BASE_URL": settings.slack_api_base_url,
    }
    return subprocess.Popen(
        [sys.executable, str(SCRIPT)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_killed_while_slack_answers_then_restarted_posts_once(
    tmp_path, settings, workspace, news, slack
):
    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    slack.hold_posts()  # Slack records the message, then keeps the answer back

    first = delivery_process(settings, tmp_path)
    try:
        assert slack.post_recorded.wait(timeout=60), first.communicate(timeout=5)
    finally:
        first.kill()  # SIGKILL: no cleanup, no ts recorded
        first.communicate()
    slack.release_posts()
    (row,) = channel.deliveries()
    assert (row["status"], row["verify"], row["ts"]) == ("claimed", 1, None)

    second = delivery_process(settings, tmp_path)
    out, err = second.communicate(timeout=120)

    assert second.returncode == 0, err
    assert json.loads(out) == {"recovered": 1, "posted": 0, "reconciled": 1}
    (post,) = slack.posts("C1")
    (row,) = channel.deliveries()
    assert (row["status"], row["ts"]) == ("posted", post.ts)
