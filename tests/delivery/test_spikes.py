"""Spike alerts through the outbox: a watched company suddenly signing a lot is posted once
per channel and ISO week; a giant signing as usual is not; digests name what stands out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.delivery.digests import send_digest
from bot.delivery.spikes import enqueue_spikes
from bot.insights.spikes import notable_lines, week_key, week_so_far

THURSDAY = timedelta(days=3, hours=2)  # START is Monday 2026-03-02, 08:00 UTC


@pytest.fixture
def dated(db, news, clock):
    """dated(days_before_now, *parties): a partnership published that many days before the
    test's clock (deal dates follow the clock, not the machine's time)."""

    def record(days: float, *parties: str) -> int:
        story_id = news.partnership(*parties)
        day = (clock() - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        db.execute("UPDATE partnerships SET published = ? WHERE story_id = ?", [day, story_id])
        return story_id

    return record


@pytest.fixture
def busy_week(clock, dated):
    """Kestrel Labs: 2 deals in the year before, 4 this week. Megacorp: one every week."""
    clock.advance(THURSDAY.total_seconds())
    dated(120, "Kestrel Labs", "Acme")
    dated(250, "Kestrel Labs", "Globex")
    for n, days in enumerate((0, 1, 2, 3)):
        dated(days, "Kestrel Labs", f"Partner {n}")
    for week in range(53):
        dated(7 * week + 1, "Megacorp", f"Supplier {week}")


def test_a_watched_company_signing_far_more_than_usual_is_alerted_once_a_week(
    db, workspace, slack, clock, deliver_now, dated, busy_week
):
    c1 = workspace.channel("C1").watch("Kestrel Labs", "Megacorp")
    workspace.channel("C2").watch("Kestrel Labs").mute("Kestrel Labs")
    workspace.channel("C3").watch("Megacorp")

    assert enqueue_spikes(db, now=clock()) == 1
    deliver_now()

    (post,) = slack.posts("C1")
    assert post.text.startswith("Spike: Kestrel Labs: 4 partnerships this week, usually")
    assert slack.posts("C2") == [] and slack.posts("C3") == []
    (row,) = [r for r in c1.deliveries() if r["kind"] == "spike"]
    org_id = db.execute("SELECT id FROM organisations WHERE name = 'Kestrel Labs'").fetchone()[0]
    assert row["dedupe_key"] == f"spike:{org_id}:2026-W10" and row["status"] == "posted"

    dated(0, "Kestrel Labs", "Partner 5")  # a fifth the same week: still the same spike
    assert enqueue_spikes(db, now=clock()) == 0
    deliver_now()
    assert len(slack.posts("C1")) == 1 + 1  # the fifth deal's own alert, no second spike

    clock.advance(7 * 24 * 3600)  # next week, four more
    for n in range(4):
        dated(n, "Kestrel Labs", f"Next {n}")
    assert enqueue_spikes(db, now=clock()) == 1
    spikes = [r for r in c1.deliveries() if r["kind"] == "spike"]
    assert [r["dedupe_key"][-8:] for r in spikes] == ["2026-W10", "2026-W11"]


def test_a_spike_no_longer_watched_when_its_turn_comes_is_not_posted(
    db, workspace, slack, clock, deliver_now, busy_week
):
    channel = workspace.channel("C1").watch("Kestrel Labs")
    enqueue_spikes(db, now=clock())
    channel.mute("Kestrel Labs")

    deliver_now()

    assert slack.posts("C1") == []
    (row,) = [r for r in channel.deliveries() if r["kind"] == "spike"]
    assert (row["status"], row["last_error"]) == ("skipped", "muted here")


def test_the_digest_names_what_stands_out_watched_companies_first(
    settings, db, client, workspace, slack, clock, busy_week
):
    workspace.channel("C1").watch("Kestrel Labs", "Megacorp")  # `digest now`, no schedule

    lines = notable_lines(db, "T1", "C1", today=clock().date())
    send_digest(settings, db, client, "T1", "C1", clock())

    assert lines[0].startswith("Kestrel Labs: 4 partnerships this week, usually")
    assert not any(line.startswith("Megacorp") for line in lines)
    (post,) = slack.posts("C1")
    notable = post.blocks[1]["text"]["text"]
    assert notable.startswith(":chart_with_upwards_trend: *Notable:* Kestrel Labs: 4 partnerships")


def test_weeks_are_iso_weeks(clock):
    thursday = (clock() + THURSDAY).date()
    assert week_key(thursday) == "2026-W10"
    period = week_so_far(thursday)
    assert (period.since.isoformat(), period.days, period.phrase()) == (
        "2026-03-02",
        4,
        "this week",
    )
