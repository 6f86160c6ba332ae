"""A workspace's "Wrong companies" correction (a feedback row, `bot.store.feedback`) is what
its alerts and digests show; the analysis's parties stay for everyone else."""

from __future__ import annotations

import json

from bot.delivery.digests import send_digest
from bot.store.feedback import WRONG_PARTIES, record_feedback

from .conftest import TEAM

TITLE = "Orbitek signs a battery agreement"  # names no second party: the card does


def correct(db, story_id: int, *parties: str, team_id: str = TEAM) -> None:
    with db.atomic():
        record_feedback(
            db,
            team_id=team_id,
            story_id=story_id,
            kind=WRONG_PARTIES,
            user_id="U1",
            parties=list(parties),
        )


def test_an_alert_posted_after_a_correction_shows_the_corrected_parties(
    workspace, news, slack, deliver_now
):
    workspace.channel("C1").watch("Orbitek")
    story = news.partnership("Orbitek", "Daily Wire", title=TITLE)
    correct(news.db, story, "Orbitek", "Helios Grid")

    deliver_now()

    (alert,) = slack.posts("C1")
    assert "Orbitek × Helios Grid" in alert.text
    assert "Daily Wire" not in alert.text + json.dumps(alert.blocks)


def test_a_digest_lists_the_corrected_parties_for_that_workspace_only(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1")
    story = news.partnership("Orbitek", "Daily Wire", title=TITLE)
    correct(db, story, "Orbitek", "Helios Grid", team_id="T2")
    correct(db, story, "Orbitek", "Cobalt Labs")

    send_digest(settings, db, client, TEAM, "C1", clock())

    (digest,) = slack.posts("C1")
    shown = json.dumps(digest.blocks)
    assert "Cobalt Labs" in shown
    assert "Daily Wire" not in shown and "Helios Grid" not in shown
