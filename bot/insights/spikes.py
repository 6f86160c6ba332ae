"""Spikes where people look: the companies a channel watches that are suddenly signing a
lot (spike alerts, once a week), and the digest's "notable this period" line.

The test is the one of `bot.insights.trends` (a count well above the company's own usual
rate). For a watched company it is the per-company test: the channel asked about that
company. Across every company of the store (the digest's other notable lines) it is the
stricter one corrected for the number of companies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from bot.insights.periods import Period, last
from bot.insights.trends import (
    MIN_HISTORY_PERIODS,
    SPIKE_MIN_COUNT,
    Trend,
    baseline_window,
    judge,
    sentence,
    spikes_of,
)
from bot.store.activity import activity, watched_activity

WEEK_DAYS = 7
NOTABLE_LINES = 3


@dataclass(frozen=True)
class WatchedSpike:
    team_id: str
    channel_id: str
    trend: Trend
    period: Period
    baseline_days: int

    @property
    def sentence(self) -> str:
        """ "Xiaomi: 4 partnerships this week, usually 0.5"."""
        return sentence(self.trend, self.period, self.baseline_days)


def week_so_far(today: date) -> Period:
    """This ISO week, Monday to `today` included."""
    monday = today - timedelta(days=today.weekday())
    return Period(monday, today + timedelta(days=1), "1w")


def week_key(today: date) -> str:
    """The ISO week `today` is in, as a key: '2026-W12'."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def watched_spikes(
    db: Database,
    period: Period,
    *,
    period_days: int | None = None,
    team_id: str | None = None,
    channel_id: str | None = None,
) -> list[WatchedSpike]:
    """The watched companies (of one channel, when given) whose deals in `period` are a
    spike. `period_days` is the length the usual rate is scaled to (a whole week for the
    week so far: a spike by Wednesday must beat a whole week's usual count)."""
    days = period_days or period.days
    start, baseline_days = baseline_window(db, period)
    history_ok = baseline_days >= MIN_HISTORY_PERIODS * days
    found = []
    for row in watched_activity(
        db, period.since, period.until, start, team_id=team_id, channel_id=channel_id
    ):
        trend = judge(row.activity, days, baseline_days, history_ok=history_ok)
        if trend.spike:
            found.append(WatchedSpike(row.team_id, row.channel_id, trend, period, baseline_days))
    return found


def notable_lines(
    db: Database, team_id: str, channel_id: str, *, today: date | None = None
) -> list[str]:
    """The digest's "notable this period" lines, over the last 7 days: spikes of the
    companies the channel watches first, then those that stand out across the store."""
    period = last(f"{WEEK_DAYS}d", now=today)
    watched = watched_spikes(db, period, team_id=team_id, channel_id=channel_id)
    watched.sort(key=lambda s: (s.trend.p_value, -s.trend.count))
    lines = [s.sentence for s in watched]
    start, baseline_days = baseline_window(db, period)
    history_ok = baseline_days >= MIN_HISTORY_PERIODS * period.days
    # Only rows with SPIKE_MIN_COUNT deals can be spikes or count among the candidates.
    rows = activity(db, "company", period.since, period.until, start, team_id=team_id,
                    top=0, min_count=SPIKE_MIN_COUNT)  # fmt: skip
    companies = [judge(r, period.days, baseline_days, history_ok=history_ok) for r in rows]
    seen = {s.trend.key for s in watched}
    for trend in spikes_of(companies)[1]:
        if trend.key not in seen:
            lines.append(sentence(trend, period, baseline_days))
    return lines[:NOTABLE_LINES]
