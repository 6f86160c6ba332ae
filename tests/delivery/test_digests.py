"""Channel digests: what is new since the last one, grouped by company, through the outbox,
once per period whatever the number of runs."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.delivery.digests import send_digest
from bot.delivery.post import Deliverer
from bot.delivery.scheduler import digest_trigger, previous_fire_time
from bot.store import outbox
from bot.store import subscriptions as subs
from bot.store.clock import iso


def _sections(post) -> list[str]:
    return [b["text"]["text"] for b in post.blocks if b["type"] == "section"]


def test_digest_now_posts_what_is_new_grouped_by_company(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("daily")
    news.partnership("Apple", "Google")
    news.partnership("Xiaomi", "Microsoft")
    newest = news.partnership("Xiaomi", "Leica")

    result = send_digest(settings, db, client, "T1", "C1", clock())

    assert (result.status, result.partnerships) == ("posted", 3)
    (post,) = slack.posts("C1")
    assert post.text == "Partnerships digest: 3 new"
    assert [s.split("\n")[0] for s in _sections(post)] == ["*Leica*", "*Microsoft*", "*Apple*"]
    schedule = subs.get_digest(db, "T1", "C1")
    assert schedule.last_story_id == newest and schedule.last_sent_at is not None

    again = send_digest(settings, db, client, "T1", "C1", clock.advance(60))
    assert again.status == "empty"
    assert len(slack.posts("C1")) == 1


def test_a_channel_with_a_watchlist_gets_its_companies_only(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").watch("Xiaomi").digest("daily")
    news.partnership("Apple", "Google")
    news.partnership("Microsoft", "Xiaomi")

    send_digest(settings, db, client, "T1", "C1", clock())

    (post,) = slack.posts("C1")
    assert post.text == "Partnerships digest: 1 new"
    assert _sections(post)[0].startswith("*Xiaomi*")


def test_a_long_digest_shows_fifteen_and_says_how_many_more(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").watch("Xiaomi").digest("daily")
    for n in range(18):
        news.partnership("Xiaomi", f"Partner {n:02d}")

    send_digest(settings, db, client, "T1", "C1", clock())

    (post,) = slack.posts("C1")
    (section,) = _sections(post)
    assert section.count("• ") == 15
    assert section.endswith("_and 3 more: `/partners Xiaomi`_")


def test_an_empty_period_posts_nothing_or_one_short_line(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("daily")
    workspace.channel("C2").digest("daily", post_empty=True)
    nine = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    quiet = send_digest(settings, db, client, "T1", "C1", clock(), period_start=nine)
    short = send_digest(settings, db, client, "T1", "C2", clock(), period_start=nine)
    asked = send_digest(settings, db, client, "T1", "C2", clock.advance(60))  # digest now

    assert (quiet.status, short.status, asked.status) == ("empty", "posted", "empty")
    assert slack.posts("C1") == []
    # C2 had never had a digest: its first one looked at the last days
    assert [p.text for p in slack.posts("C2")] == [
        "No new partnerships for this channel in the last 7 days."
    ]


def test_on_demand_without_a_schedule_posts_the_last_days_and_moves_nothing(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1")
    news.partnership("Xiaomi", "Microsoft")

    first = send_digest(settings, db, client, "T1", "C1", clock())
    again = send_digest(settings, db, client, "T1", "C1", clock.advance(60))

    assert (first.status, first.partnerships) == ("posted", 1)
    assert (again.status, again.partnerships) == ("posted", 1)  # asked twice, posted twice
    assert [p.text for p in slack.posts("C1")] == ["Partnerships digest: 1 new"] * 2
    assert db.execute("SELECT COUNT(*) FROM digests").fetchone()[0] == 0


def test_a_digest_still_owed_is_delivered_rather_than_written_again(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("daily")
    news.partnership("Xiaomi", "Microsoft")
    slack.server_error("chat.postMessage")
    owed = send_digest(settings, db, client, "T1", "C1", clock())

    asked = send_digest(settings, db, client, "T1", "C1", clock.advance(1))  # before its retry
    clock.advance(3600)
    later = send_digest(settings, db, client, "T1", "C1", clock())

    assert (owed.status, owed.error) == ("pending", "http_500")
    assert (asked.status, asked.delivery_id) == ("pending", owed.delivery_id)
    assert (later.status, later.delivery_id, later.partnerships) == ("posted", owed.delivery_id, 1)
    assert len(slack.posts("C1")) == 1
    assert db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 1


def test_posting_stopped_for_the_team_posts_no_digest(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("daily")
    news.partnership("Xiaomi", "Microsoft")
    outbox.stop_team(db, "T1", "token_revoked", now=iso(clock()))

    result = send_digest(settings, db, client, "T1", "C1", clock())

    assert (result.status, result.error) == ("team_stopped", "token_revoked")
    assert slack.posts("C1") == []


def test_runs_for_the_same_period_post_once(settings, db, client, workspace, news, slack, clock):
    workspace.channel("C1").digest("daily")
    news.partnership("Xiaomi", "Microsoft")
    nine = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    first = send_digest(settings, db, client, "T1", "C1", clock(), period_start=nine)
    news.partnership("Apple", "Google")
    retried = send_digest(settings, db, client, "T1", "C1", clock.advance(90), period_start=nine)

    assert (first.status, retried.status) == ("posted", "posted")
    assert first.delivery_id == retried.delivery_id
    assert len(slack.posts("C1")) == 1
    (row,) = workspace.db.query("SELECT kind, dedupe_key FROM deliveries")
    assert row == {"kind": "digest", "dedupe_key": "digest:C1:2026-03-02T09:00:00.000000Z"}


def test_a_digest_from_its_cron_trigger_with_a_controlled_clock(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("weekdays", "09:00", timezone="Europe/Paris")
    news.partnership("Xiaomi", "Microsoft")
    trigger = digest_trigger(subs.get_digest(db, "T1", "C1"))
    late_run = datetime(2026, 3, 2, 8, 40, tzinfo=UTC)  # Monday 09:40 in Paris
    coalesced_run = datetime(2026, 3, 2, 9, 55, tzinfo=UTC)

    for now in (late_run, coalesced_run):
        period = previous_fire_time(trigger, now)
        assert period == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
        send_digest(settings, db, client, "T1", "C1", now, period_start=period)

    assert len(slack.posts("C1")) == 1
    last_period = db.execute("SELECT last_period FROM digests").fetchone()[0]
    assert last_period == "2026-03-02T08:00:00.000000Z"


def test_a_digest_slack_refused_is_retried_by_the_delivery_loop(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("daily")
    newest = news.partnership("Xiaomi", "Microsoft")
    slack.server_error("chat.postMessage")

    result = send_digest(settings, db, client, "T1", "C1", clock())
    assert result.status == "pending"
    assert subs.get_digest(db, "T1", "C1").last_story_id < newest

    clock.advance(3600)
    report = Deliverer(db, client, clock=clock, sleep=clock.sleep).run()

    assert report.posted == 1
    assert len(slack.posts("C1")) == 1
    schedule = subs.get_digest(db, "T1", "C1")
    assert schedule.last_story_id == newest and schedule.last_sent_at is not None


def test_a_stopped_digest_is_not_scheduled_but_can_be_asked_for(
    settings, db, client, workspace, news, slack, clock
):
    workspace.channel("C1").digest("daily")
    news.partnership("Xiaomi", "Microsoft")
    subs.stop_digest(db, "T1", "C1")
    nine = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    scheduled = send_digest(settings, db, client, "T1", "C1", clock(), period_start=nine)
    asked = send_digest(settings, db, client, "T1", "C1", clock())

    assert (scheduled.status, asked.status) == ("inactive", "posted")
    assert len(slack.posts("C1")) == 1
    assert subs.get_digest(db, "T1", "C1").last_sent_at is None  # the stopped one is left alone


def test_a_first_scheduled_digest_covers_the_last_days_but_not_what_was_posted(
    settings, db, client, workspace, news, slack, clock
):
    """Regression (issue 13): right after scheduling, `digest now` said "Nothing new since
    the last digest" though none had been posted; it must not repeat one posted on demand
    either."""
    channel = workspace.channel("C1")
    news.partnership("Xiaomi", "Microsoft")
    channel.digest("daily")

    first = send_digest(settings, db, client, "T1", "C1", clock())
    assert (first.status, first.partnerships) == ("posted", 1)

    other = workspace.channel("C2")
    assert send_digest(settings, db, client, "T1", "C2", clock.advance(60)).status == "posted"
    other.digest("daily")  # scheduled after an on-demand digest showed the same story
    again = send_digest(settings, db, client, "T1", "C2", clock.advance(60))
    assert (again.status, again.since_last) == ("empty", True)

    news.partnership("Renault", "Nissan")
    third = send_digest(settings, db, client, "T1", "C2", clock.advance(60))
    assert (third.status, third.partnerships) == ("posted", 1)
