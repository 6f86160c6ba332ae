"""Watches, mutes, digest schedules and feedback in SQLite, one team at a time."""

from __future__ import annotations

from bot.store import overview
from bot.store import subscriptions as subs
from bot.store.feedback import NOT_PARTNERSHIP, record_feedback
from bot.store.orgs import ensure_org
from tests.service.support import CHANNEL, OTHER_TEAM, TEAM


def test_a_new_watch_starts_after_the_newest_story(db, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft")
    xiaomi = ensure_org(db, "Xiaomi")
    assert subs.add_watch(db, TEAM, CHANNEL, xiaomi, user_id="U1")
    assert not subs.add_watch(db, TEAM, CHANNEL, xiaomi, user_id="U1")
    (watch,) = subs.list_watches(db, TEAM, CHANNEL)
    assert (watch.name, watch.after_story_id, watch.created_by) == ("Xiaomi", 1, "U1")


def test_a_stopped_watch_restarts_from_now(db, stored_partnership):
    xiaomi = ensure_org(db, "Xiaomi")
    subs.add_watch(db, TEAM, CHANNEL, xiaomi)
    db.execute("UPDATE watches SET active = 0, stopped_reason = 'channel_archived'")
    assert subs.list_watches(db, TEAM) == []
    stored_partnership("Xiaomi", "Microsoft")
    assert subs.add_watch(db, TEAM, CHANNEL, xiaomi)
    (watch,) = subs.list_watches(db, TEAM)
    assert watch.after_story_id == subs.max_story_id(db) == 1


def test_lists_never_cross_teams(db):
    xiaomi = ensure_org(db, "Xiaomi")
    subs.add_watch(db, TEAM, CHANNEL, xiaomi)
    subs.add_mute(db, TEAM, CHANNEL, xiaomi)
    subs.set_digest(
        db, TEAM, CHANNEL, frequency="daily", day_of_week=None, time_of_day="09:00", timezone="UTC"
    )
    assert subs.list_watches(db, OTHER_TEAM) == []
    assert subs.list_mutes(db, OTHER_TEAM) == []
    assert subs.list_digests(db, OTHER_TEAM) == []
    assert subs.get_digest(db, OTHER_TEAM, CHANNEL) is None
    assert overview.team_channels(db, OTHER_TEAM) == []
    assert not subs.remove_watch(db, OTHER_TEAM, CHANNEL, xiaomi)
    assert not subs.remove_mute(db, OTHER_TEAM, CHANNEL, xiaomi)
    assert not subs.stop_digest(db, OTHER_TEAM, CHANNEL)
    (channel,) = overview.team_channels(db, TEAM)
    assert (channel.watches, channel.mutes, channel.digest.frequency) == (
        ("Xiaomi",),
        ("Xiaomi",),
        "daily",
    )


def test_changing_a_running_digest_keeps_its_place(db, stored_partnership):
    def schedule(frequency="daily"):
        return subs.set_digest(
            db,
            TEAM,
            CHANNEL,
            frequency=frequency,
            day_of_week="monday" if frequency == "weekly" else None,
            time_of_day="09:00",
            timezone="Europe/Paris",
        )

    assert schedule().last_story_id == 0
    stored_partnership("Xiaomi", "Microsoft")
    changed = schedule("weekly")
    assert (changed.frequency, changed.day_of_week, changed.last_story_id) == (
        "weekly",
        "monday",
        0,
    )
    assert subs.stop_digest(db, TEAM, CHANNEL)
    assert not subs.stop_digest(db, TEAM, CHANNEL)
    restarted = schedule()
    assert restarted.active and restarted.last_story_id == 1


def test_digest_content_is_what_is_new_and_visible(db, stored_partnership):
    subs.set_digest(
        db, TEAM, CHANNEL, frequency="daily", day_of_week=None, time_of_day="09:00", timezone="UTC"
    )
    kept = stored_partnership("Xiaomi", "Microsoft")
    flagged = stored_partnership("Renault", "Nissan")
    muted = stored_partnership("Orange", "Thales")
    record_feedback(db, team_id=TEAM, story_id=flagged.story_id, kind=NOT_PARTNERSHIP, user_id="U1")
    subs.add_mute(db, TEAM, CHANNEL, ensure_org(db, "Thales"))
    content = subs.digest_content(db, TEAM, CHANNEL)
    assert [p.id for p in content.partnerships] == [kept.id]
    assert content.up_to_story_id == muted.story_id
    subs.mark_digest_sent(db, content.schedule.id, content.up_to_story_id)
    assert subs.digest_content(db, TEAM, CHANNEL).partnerships == []
    other = subs.digest_content(db, OTHER_TEAM, CHANNEL)
    assert other.schedule is None
    assert {p.id for p in other.partnerships} == {kept.id, flagged.id, muted.id}
