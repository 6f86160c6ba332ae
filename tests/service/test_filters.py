"""What a channel gets: `watch` with `type:` and `topic:` filters, excludes, `pause` and
`resume`, and the confidence threshold (`settings`), in alerts and digests alike."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.delivery.alerts import enqueue_alerts
from bot.delivery.threshold import default_min_confidence
from bot.messages.settings import percent
from bot.models import topic_label
from bot.store import alert_settings as alerts
from bot.store import subscriptions as subs

from .support import CHANNEL, TEAM, rendered


def owed(db) -> list[int]:
    """The stories the channel is owed an alert for, after one enqueue pass."""
    enqueue_alerts(db, default_threshold=0.5)
    rows = db.execute(
        "SELECT story_id FROM deliveries WHERE kind = 'alert' AND team_id = ? AND channel_id = ?"
        " ORDER BY story_id",
        [TEAM, CHANNEL],
    ).fetchall()
    return [r[0] for r in rows]


def test_a_typed_watch_alerts_on_that_kind_of_deal_only(workspace, db, stored_partnership):
    reply = workspace.command("watch xiaomi type:joint_venture")
    assert "Only these deals: Joint venture." in rendered(reply)
    assert not reply.ephemeral

    jv = stored_partnership("Xiaomi", "Leica", deal_type="joint_venture")
    mou = stored_partnership("Xiaomi", "Microsoft", deal_type="mou")

    assert owed(db) == [jv.story_id]
    assert mou.story_id not in owed(db)


def test_a_topic_watch_without_a_company_gets_every_partnership_on_it(
    workspace, db, stored_partnership
):
    reply = workspace.command("watch topic:cloud")
    assert "every new partnership that passes" in rendered(reply)
    assert f"Only these topics: {topic_label('cloud')}." in rendered(reply)

    cloud = stored_partnership("Orange", "Thales", topics=("cloud", "cybersecurity"))
    stored_partnership("Renault", "Nissan", topics=("electric_vehicles",))

    assert owed(db) == [cloud.story_id]


def test_excludes_leave_deals_and_companies_out(workspace, db, stored_partnership):
    workspace.command("watch xiaomi, -microsoft -type:licensing -topic:smartphones")
    kept = stored_partnership("Xiaomi", "Leica", topics=("ai",))
    stored_partnership("Xiaomi", "Qualcomm", deal_type="licensing", topics=("ai",))
    stored_partnership("Xiaomi", "Samsung", topics=("smartphones",))
    stored_partnership("Xiaomi", "Microsoft", topics=("ai",))  # Microsoft is muted here

    assert owed(db) == [kept.story_id]
    assert [m.name for m in subs.list_mutes(db, TEAM, CHANNEL)] == ["Microsoft"]


def test_unwatch_drops_a_filter(workspace, db):
    workspace.command("watch xiaomi type:joint_venture type:mou")
    reply = workspace.command("unwatch type:mou")
    assert "Only these deals: Joint venture." in rendered(reply)
    assert alerts.get_settings(db, TEAM, CHANNEL).deal_types == ("joint_venture",)


@pytest.mark.parametrize(
    "text,problem",
    [
        ("watch xiaomi type:merger", "`merger` is not a deal type"),
        ("watch topic:clod", "Did you mean `topic:cloud`?"),
    ],
)
def test_an_unknown_filter_is_named(workspace, db, text, problem):
    reply = workspace.command(text)
    assert problem in rendered(reply)
    assert subs.list_watches(db, TEAM, CHANNEL) == []


def test_pause_stops_alerts_and_resume_starts_from_now(workspace, db, stored_partnership):
    workspace.command("watch xiaomi")
    assert "paused" in rendered(workspace.command("pause"))
    stored_partnership("Xiaomi", "Leica")
    assert owed(db) == []  # paused: nothing owed, even later

    assert "back on" in rendered(workspace.command("resume"))
    assert owed(db) == []  # what was found while paused is never posted
    after = stored_partnership("Xiaomi", "Microsoft")
    assert owed(db) == [after.story_id]
    assert "not paused" in rendered(workspace.command("resume"))


def test_the_channel_threshold_keeps_weak_partnerships_out(workspace, db, stored_partnership):
    workspace.command("watch xiaomi")
    reply = workspace.command("settings confidence 80%")
    assert "Confidence needed: 80% (set here)." in rendered(reply)

    strong = stored_partnership("Xiaomi", "Leica", confidence=0.91)
    stored_partnership("Xiaomi", "Microsoft", confidence=0.7)

    assert owed(db) == [strong.story_id]


def test_a_workspace_threshold_needs_an_admin_and_applies_to_every_channel(
    workspace, db, stored_partnership
):
    workspace.command("watch xiaomi")
    assert "Only workspace admins" in rendered(
        workspace.command("settings workspace confidence 0.95")
    )
    workspace.admin = True
    workspace.command("settings workspace confidence 0.95")
    stored_partnership("Xiaomi", "Leica", confidence=0.9)
    assert owed(db) == []

    shown = rendered(workspace.command("watchlist"))
    assert "Confidence needed: 95% (the workspace's)." in shown
    workspace.command("settings confidence default")  # the channel inherits: still 95%
    assert alerts.resolved(db, TEAM, CHANNEL, 0.5).min_confidence == 0.95


def test_digests_keep_to_the_channel_filters(workspace, stored_partnership):
    workspace.command("watch topic:cloud")
    workspace.command("settings confidence 0.9")
    workspace.command("digest daily")
    stored_partnership("Orange", "Thales", topics=("cloud",), confidence=0.95)
    stored_partnership("Renault", "Nissan", topics=("cloud",), confidence=0.6)
    stored_partnership("Airbus", "Safran", topics=("aerospace",), confidence=0.99)

    digest = rendered(workspace.command("digest now"))

    assert "Orange × Thales" in digest or "Thales × Orange" in digest
    assert "Renault" not in digest and "Airbus" not in digest


def test_watchlist_shows_filters_threshold_and_the_form_buttons(workspace):
    workspace.command("watch xiaomi type:jv -topic:smartphones")
    reply = workspace.command("watchlist")
    shown = rendered(reply)
    assert "*Xiaomi*" in shown
    assert "Only these deals: Joint venture." in shown
    assert f"Leaving out: topic {topic_label('smartphones')}." in shown
    default = percent(default_min_confidence(Settings()))  # PARTNERS_MIN_CONFIDENCE unset
    assert f"Confidence needed: {default}." in shown
    labels = [
        e["text"]["text"] for b in reply.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert labels == ["Edit watchlist", "Digest schedule", "Alert settings"]
