"""App Home: each channel's subscriptions, and what the bot could not deliver, and why."""

from __future__ import annotations

import json

from bot import messages
from bot.service.home import home_view
from bot.store import outbox
from bot.store import subscriptions as subs
from bot.store.orgs import ensure_org
from bot.store.overview import StoppedChannel, stopped_channels
from tests.messages.test_messages import assert_inert, assert_within_limits

from .support import OTHER_TEAM, TEAM

HOSTILE = "<!channel> <@U0BOSS> <https://evil.example|login>"
NOW = "2026-03-02T08:00:00.000000Z"


def home_text(workspace) -> str:
    return json.dumps(home_view(workspace.ctx), ensure_ascii=False)


def failed_delivery(db, team_id: str, channel_id: str, reason: str, key: str = "story:1") -> None:
    outbox.add(db, team_id=team_id, channel_id=channel_id, kind="alert", dedupe_key=key, now=NOW)
    outbox.fail(db, outbox.find(db, team_id, channel_id, key), reason)


def test_home_view_shows_the_teams_channels_only(workspace, other_workspace, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft")
    workspace.command("watch xiaomi")
    workspace.in_channel("C_DEALS").command("digest weekdays 08:00")
    other_workspace.in_channel("C_SECRET").command("watch renault")
    home = home_view(workspace.ctx)
    text = json.dumps(home, ensure_ascii=False)
    assert home["type"] == "home"
    assert "C_DEALS" in text and "*Xiaomi*" in text and "on weekdays at 08:00" in text
    assert "C_SECRET" not in text and "Renault" not in text
    assert "Microsoft × Xiaomi — MoU" in text
    assert "Delivery problems" not in text  # nothing went wrong


def test_home_shows_what_could_not_be_delivered_and_why(workspace, other_workspace, db):
    workspace.command("watch xiaomi")
    workspace.command("watch apple")
    workspace.command("digest daily")
    outbox.stop_channel(db, TEAM, "C_NEWS", "is_archived")
    workspace.in_channel("C_OFF").command("digest daily")
    workspace.in_channel("C_OFF").command("digest off")  # turned off by a user: no problem
    failed_delivery(db, TEAM, "C1", "gave up after 6 attempts: http_500")
    outbox.stop_team(db, TEAM, "token_revoked", now=NOW)
    failed_delivery(db, OTHER_TEAM, "C2", "invalid_blocks", key="story:2")

    text = home_text(workspace)

    assert "Delivery problems" in text
    assert "Posting is stopped for this workspace" in text and "`token_revoked`" in text
    assert "C_NEWS was archived." in text and "watches *Apple*, *Xiaomi* and digest" in text
    assert "C_OFF" not in text
    assert "<#C1> · alert · 2026-03-02 08:00 UTC · `gave up after 6 attempts: http_500`" in text
    assert "invalid_blocks" not in text  # another team's
    other = home_text(other_workspace)
    assert "invalid_blocks" in other and "token_revoked" not in other


def test_stopped_channels_are_the_ones_the_bot_stopped(db):
    xiaomi = ensure_org(db, "Xiaomi")
    subs.add_watch(db, TEAM, "C1", xiaomi)
    subs.set_digest(
        db, TEAM, "C2", frequency="daily", day_of_week=None, time_of_day="09:00", timezone="UTC"
    )
    subs.add_watch(db, TEAM, "C3", xiaomi)
    outbox.stop_channel(db, TEAM, "C1", "channel_not_found")
    outbox.stop_channel(db, TEAM, "C2", "not_in_channel")
    subs.stop_digest(db, TEAM, "C3")  # no digest there: nothing changes

    assert stopped_channels(db, TEAM) == [
        StoppedChannel("C1", "channel_not_found", ("Xiaomi",), False),
        StoppedChannel("C2", "not_in_channel", (), True),
    ]
    assert stopped_channels(db, OTHER_TEAM) == []
    subs.add_watch(db, TEAM, "C1", xiaomi)  # watched again: no longer stopped
    assert [c.channel_id for c in stopped_channels(db, TEAM)] == ["C2"]


def test_problem_blocks_are_empty_when_all_is_well():
    assert messages.delivery_problem_blocks(None, [], []) == []


def test_problem_blocks_keep_outside_text_inert_and_within_limits():
    stopped = [StoppedChannel("C1", HOSTILE, (HOSTILE,), True)]
    failed = [
        outbox.Delivery(
            *(n, "T1", "C1", 1, None, "alert", "story:1", "failed", None, None, 6),
            *(None, HOSTILE * 100, NOW, None, None, False, None, None),
        )
        for n in range(3)
    ]

    blocks = messages.delivery_problem_blocks(HOSTILE, stopped, failed)

    assert_inert(blocks)
    assert_within_limits(blocks)
    assert "I can no longer post in <#C1>" in rendered_blocks(blocks)


def rendered_blocks(blocks) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_the_home_view_stays_within_slacks_limits_with_many_problems(workspace, db):
    xiaomi = ensure_org(db, "Xiaomi")
    for n in range(40):
        subs.add_watch(db, TEAM, f"C{n}", xiaomi)
        failed_delivery(db, TEAM, f"C{n}", "channel_not_found", key=f"story:{n}")
        outbox.stop_channel(db, TEAM, f"C{n}", "channel_not_found")

    home = home_view(workspace.ctx)

    assert_within_limits(home["blocks"], max_blocks=100)
    text = json.dumps(home["blocks"], ensure_ascii=False)
    assert "Delivery problems" in json.dumps(home["blocks"][1])  # problems first
    assert "and 30 more stopped channels" in text and "*Channels*" in text
