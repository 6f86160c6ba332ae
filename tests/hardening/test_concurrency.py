"""Writes that arrive together: thirty `/partners watch` commands at the same moment over
real HTTP, and two `partners-bot ingest` processes on one database. Every writer waits its
turn for SQLite's write lock; none fails with "database is locked"."""

from __future__ import annotations

import subprocess
import threading

import pytest

from bot.service.context import SORRY
from bot.store import open_db

from .conftest import consistency_problems, offline_env, partners_bot_command
from .news import articles, write_articles
from .test_kill_ingest import end_state

pytestmark = pytest.mark.slow

TEAM = "T0CROWD"  # no other test of the shared server looks at this team's watches
CROWD = 30


def test_thirty_watch_commands_at_once_are_all_stored(bot_server, slack):
    """Regression: 12-14 of 30 answered "Something went wrong": a transaction that read
    (is the company known?) and then wrote failed at once on the locked database."""
    channels = [f"C0CROWD{n:02d}" for n in range(CROWD)]
    start = threading.Barrier(CROWD)
    acks: dict[str, int] = {}

    def watch(channel: str) -> None:
        start.wait()
        sent = slack.command(
            f"/partners watch Crowdmark, Quorvel {channel}", channel=channel, team=TEAM
        )
        acks[channel] = sent.status

    threads = [threading.Thread(target=watch, args=(c,)) for c in channels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert acks == dict.fromkeys(channels, 200)
    answers = slack.wait_for_responses(CROWD, timeout=60)
    assert [a for a in answers if SORRY in str(a)] == []
    db = open_db(bot_server.db_path)
    try:
        stored = db.execute(
            "SELECT channel_id, COUNT(*) FROM watches WHERE team_id = ? GROUP BY channel_id",
            [TEAM],
        ).fetchall()
    finally:
        db.close()
    assert dict(stored) == dict.fromkeys(channels, 2)  # 60 watches, 2 per channel


def test_two_ingest_processes_at_once_end_where_one_run_ends(tmp_path):
    """Regression: a second `partners-bot ingest` beside another exited with a traceback
    (a migration or a write raced the other process and got "database is locked")."""
    news = tmp_path / "news"
    write_articles(news, articles(n_stories=40, n_copies=10, seed=11))
    shared = tmp_path / "shared.db"

    runs = [
        subprocess.Popen(
            partners_bot_command("ingest", str(news)),
            env=offline_env(tmp_path, PARTNERS_DB=str(shared)),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err[-2000:]
        assert "Traceback" not in err and "0 errors" in out

    alone = tmp_path / "alone.db"
    sequential = subprocess.run(
        partners_bot_command("ingest", str(news)),
        env=offline_env(tmp_path, PARTNERS_DB=str(alone)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert sequential.returncode == 0, sequential.stderr[-2000:]
    assert consistency_problems(shared) == []
    together, one_run = end_state(shared), end_state(alone)
    assert len(together["uids"]) == len(set(together["uids"])) == 50
    assert together == one_run
