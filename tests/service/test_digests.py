"""Digest commands: the schedule, and `digest now`, posted through the outbox in Slack (the
`post_digest` hook) or shown as the answer in the console."""

from __future__ import annotations

import pytest

from bot.delivery.digests import DigestResult
from bot.store import subscriptions as subs

from .support import rendered


def test_digest_schedule_show_and_off(workspace, db):
    reply = workspace.command("digest weekly monday 08:30")
    assert not reply.ephemeral
    assert "every Monday at 08:30 (Europe/Paris)" in rendered(reply)
    assert "every Monday" in rendered(workspace.command("digest"))
    assert workspace.changes == ["changed"]
    assert "turned off" in rendered(workspace.command("digest off"))
    assert "no digest" in rendered(workspace.command("digest"))
    assert subs.active_digests(db) == []


# -- in the console: the digest is the answer ------------------------------------------------


def test_digest_now_covers_what_is_new_since_the_last_one(workspace, stored_partnership):
    workspace.command("digest daily")
    stored_partnership("Xiaomi", "Microsoft")
    first = workspace.command("digest now")
    assert not first.ephemeral and "Microsoft × Xiaomi" in rendered(first)
    second = workspace.command("digest now")
    assert second.ephemeral and second.text == "Nothing new since the last digest."
    stored_partnership("Renault", "Nissan")
    third = workspace.command("digest now")
    assert "Nissan × Renault" in rendered(third) and "Xiaomi" not in rendered(third)


def test_digest_now_right_after_scheduling_shows_what_is_stored(workspace, stored_partnership):
    """Regression (issue 13): a channel that had never had a digest was told "Nothing new
    since the last digest" although partnerships were stored."""
    for parties in (("Xiaomi", "Microsoft"), ("Renault", "Nissan"), ("Orange", "Thales")):
        stored_partnership(*parties)
    workspace.command("digest weekly monday 09:00")

    first = workspace.command("digest now")

    assert "Partnerships digest: 3 new" in rendered(first)
    assert "since the last digest" not in rendered(first)


def test_a_first_empty_digest_does_not_speak_of_a_last_one(workspace):
    workspace.command("digest daily")

    reply = workspace.command("digest now")

    assert reply.text == "No new partnerships for this channel in the last 7 days."


def test_digest_now_without_a_schedule_shows_the_last_days(workspace, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft")
    reply = workspace.command("digest now")
    assert "Partnerships digest: 1 new" in rendered(reply)
    assert "Partnerships digest: 1 new" in rendered(workspace.command("digest now"))


def test_digest_of_a_watching_channel_keeps_to_its_companies(workspace, stored_partnership):
    workspace.command("watch xiaomi")
    workspace.command("digest daily")
    stored_partnership("Xiaomi", "Microsoft")
    stored_partnership("Renault", "Nissan")
    digest = workspace.command("digest now")
    assert "*Xiaomi*" in rendered(digest) and "Renault" not in rendered(digest)


def test_digests_are_per_team(workspace, other_workspace, stored_partnership):
    workspace.command("digest daily")
    other_workspace.command("digest daily")
    story = stored_partnership("Xiaomi", "Microsoft")
    workspace.click("not_partnership", str(story.story_id))
    assert workspace.command("digest now").text.startswith("No new partnerships")
    assert "Xiaomi" in rendered(other_workspace.command("digest now"))


# -- in Slack: posted in the channel, then the user is told how it went ----------------------


def test_digest_now_posts_through_the_hook_after_the_ack(workspace):
    posted = []
    workspace.post_digest = lambda: posted.append(1) or DigestResult("posted", 2, 7, "1.000001")

    reply = workspace.command("digest now")

    assert reply.ephemeral and "Posting the digest" in reply.text
    assert posted == []  # nothing is posted before Slack got its answer
    done = reply.deferred()
    assert posted == [1]
    assert done.ephemeral and done.text == "Posted the digest (2 partnerships)."


@pytest.mark.parametrize(
    "result,expected",
    [
        (DigestResult("posted", 1), "Posted the digest (1 partnership)."),
        (DigestResult("empty"), "Nothing new since the last digest."),
        (DigestResult("pending", error="ratelimited"), "Slack has not taken the digest yet"),
        (DigestResult("pending"), "The digest is being posted."),
        (DigestResult("team_stopped", error="token_revoked"), "(`token_revoked`)"),
        (DigestResult("failed", error="invalid_blocks"), "could not be posted: `invalid_blocks`"),
        (DigestResult("failed", error="is_archived"), "C_NEWS was archived."),
    ],
    ids=lambda v: v.status if isinstance(v, DigestResult) else "",
)
def test_the_user_is_told_how_posting_the_digest_went(workspace, result, expected):
    workspace.post_digest = lambda: result

    done = workspace.command("digest now").deferred()

    assert done.ephemeral and expected in rendered(done)


def test_a_failing_post_is_a_short_warning(workspace, caplog):
    def broken():
        raise RuntimeError("database is locked")

    workspace.post_digest = broken
    done = workspace.command("digest now").deferred()

    assert done.text.startswith(":warning:") and "locked" not in rendered(done)
    assert "(deferred) failed" in caplog.text
