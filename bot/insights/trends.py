"""Trends and spikes: who signs the most new partnerships in a period, against their usual rate.

The usual rate of a company (topic, deal type) is its deals over the year before the period,
scaled to the period's length. A *spike* is a count well above the company's own usual rate,
by a test simple enough to state in a sentence:

    at least SPIKE_MIN_COUNT deals, at least SPIKE_MIN_RATIO times the usual number, and a
    chance under SPIKE_ALPHA of seeing that many if deals kept arriving at the usual rate
    (a Poisson count; half a deal is added to the year's count so that a company never seen
    before has a small rate instead of none).

So a giant that signs every week is measured against its own weekly rate and is not a spike
for signing as usual, while a mid-size company that signs four deals in a week after two
the whole year is.

That test is for one company at a time (one a channel watches). Across every company in the
store, some would pass it by chance, so *notable* spikes (the ones worth telling everyone)
must also pass it with SPIKE_ALPHA divided by the number of companies that could have been
one (Bonferroni).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from bot.insights.periods import Period
from bot.models import deal_label, topic_label
from bot.store.activity import Activity, activity, first_deal_date

BASELINE_DAYS = 365
MIN_HISTORY_PERIODS = 4  # no spike is called with less history than four periods
SPIKE_MIN_COUNT = 3
SPIKE_MIN_RATIO = 2.0
SPIKE_ALPHA = 0.01
PRIOR_DEALS = 0.5


@dataclass(frozen=True)
class Trend:
    kind: str  # company, topic, deal_type
    key: str  # the company's name, a topic id, a deal type id
    label: str  # what people read
    count: int  # deals in the period
    baseline: int  # deals in the baseline window before it
    usual: float  # deals a period of this length usually has (baseline scaled)
    p_value: float  # chance of `count` or more at the usual rate (with the prior)
    spike: bool
    org_id: int | None = None


@dataclass(frozen=True)
class TrendReport:
    period: Period
    baseline_days: int  # the history the usual rates come from
    companies: tuple[Trend, ...]
    topics: tuple[Trend, ...]
    deal_types: tuple[Trend, ...]
    spikes: tuple[Trend, ...]  # companies, the most surprising first
    notable: tuple[Trend, ...] = ()  # the spikes that stand out across all companies

    @property
    def empty(self) -> bool:
        return not (self.companies or self.topics or self.deal_types)

    @property
    def history_ok(self) -> bool:
        """Whether there is history enough to call spikes at all."""
        return self.baseline_days >= MIN_HISTORY_PERIODS * self.period.days


def poisson_tail(k: int, rate: float) -> float:
    """P(X >= k) for X ~ Poisson(rate)."""
    if k <= 0:
        return 1.0
    if rate <= 0:
        return 0.0

    def pmf(i: int) -> float:
        return math.exp(-rate + i * math.log(rate) - math.lgamma(i + 1))

    if k <= rate:
        return max(0.0, 1.0 - sum(pmf(i) for i in range(k)))
    total, i, term = 0.0, k, pmf(k)
    while term > total * 1e-15 and i < k + 100_000:  # terms shrink once past the rate
        total += term
        i += 1
        term *= rate / i
    return total


def judge(
    activity_row: Activity, period_days: int, baseline_days: int, *, history_ok: bool
) -> Trend:
    """One row's usual rate and spike test (see the module docstring)."""
    row = activity_row
    if baseline_days > 0:
        usual = row.baseline * period_days / baseline_days
        rate = (row.baseline + PRIOR_DEALS) * period_days / baseline_days
        p_value = poisson_tail(row.count, rate)
    else:
        usual, p_value = 0.0, 1.0
    spike = (
        history_ok
        and row.count >= SPIKE_MIN_COUNT
        and row.count >= SPIKE_MIN_RATIO * usual
        and p_value < SPIKE_ALPHA
    )
    return Trend(row.kind, row.key, _label(row), row.count, row.baseline, usual, p_value, spike,
                 row.org_id)  # fmt: skip


def _may_spike(row: Activity, period_days: int, baseline_days: int, history_ok: bool) -> bool:
    """Whether `row` passes the spike test's count and ratio (then its chance is computed)."""
    usual = row.baseline * period_days / baseline_days if baseline_days > 0 else 0.0
    return history_ok and row.count >= SPIKE_MIN_COUNT and row.count >= SPIKE_MIN_RATIO * usual


def _unshown(row: Activity, period_days: int, baseline_days: int) -> Trend:
    """A row neither shown nor a spike: its chance is not computed (p_value 1.0)."""
    usual = row.baseline * period_days / baseline_days if baseline_days > 0 else 0.0
    return Trend(row.kind, row.key, _label(row), row.count, row.baseline, usual, 1.0, False,
                 row.org_id)  # fmt: skip


def trends(db: Database, period: Period, *, team_id: str = "", limit: int = 8) -> TrendReport:
    """The companies, topics and deal types with the most new partnerships in `period`,
    each against its usual rate, and the companies whose count is a spike."""
    start, baseline_days = baseline_window(db, period)
    history_ok = baseline_days >= MIN_HISTORY_PERIODS * period.days
    found = {}
    for kind in ("company", "topic", "deal_type"):
        # A row neither shown nor with SPIKE_MIN_COUNT deals is no spike nor a candidate.
        rows = activity(db, kind, period.since, period.until, start, team_id=team_id,
                        top=limit, min_count=SPIKE_MIN_COUNT)  # fmt: skip
        found[kind] = [
            judge(r, period.days, baseline_days, history_ok=history_ok)
            if i < limit or _may_spike(r, period.days, baseline_days, history_ok)
            else _unshown(r, period.days, baseline_days)
            for i, r in enumerate(rows)
        ]
    spikes, notable = spikes_of(found["company"])
    return TrendReport(
        period=period,
        baseline_days=baseline_days,
        companies=tuple(found["company"][:limit]),
        topics=tuple(found["topic"][:limit]),
        deal_types=tuple(found["deal_type"][:limit]),
        spikes=tuple(spikes),
        notable=tuple(notable),
    )


def baseline_window(db: Database, period: Period) -> tuple[date, int]:
    """Where the usual rates start (a year before the period, or the first deal stored
    when the store is younger) and how many days they cover."""
    start = period.before(BASELINE_DAYS)
    first = first_deal_date(db)  # a young store has less than a year to look back on
    if first is not None and first > start:
        start = min(first, period.since)
    return start, (period.since - start).days


def spikes_of(companies: list[Trend]) -> tuple[list[Trend], list[Trend]]:
    """The spikes among judged companies, the most surprising first, and the notable ones:
    those that also pass the test corrected for how many companies could have (Bonferroni)."""
    spikes = sorted((t for t in companies if t.spike), key=lambda t: (t.p_value, -t.count))
    candidates = sum(1 for t in companies if t.count >= SPIKE_MIN_COUNT)
    notable = [t for t in spikes if t.p_value < SPIKE_ALPHA / max(candidates, 1)]
    return spikes, notable


def _label(row: Activity) -> str:
    if row.kind == "topic":
        return topic_label(row.key)
    if row.kind == "deal_type":
        return deal_label(row.key)
    return row.key


def usual_words(trend: Trend, baseline_days: int) -> str:
    """ "usually 0.5", "usually 12", "none in the year before"."""
    if baseline_days <= 0:
        return "no history before"
    if trend.baseline == 0:
        before = "the year" if baseline_days >= BASELINE_DAYS else f"the {baseline_days} days"
        return f"none in {before} before"
    if trend.usual < 0.1:
        return "usually under 0.1"
    return f"usually {trend.usual:.0f}" if trend.usual >= 10 else f"usually {trend.usual:.1f}"


def sentence(trend: Trend, period: Period, baseline_days: int) -> str:
    """ "Xiaomi: 4 partnerships this week, usually 0.5"."""
    deals = f"{trend.count} partnership{'' if trend.count == 1 else 's'}"
    return f"{trend.label}: {deals} {period.phrase()}, {usual_words(trend, baseline_days)}"


def in_words(report: TrendReport) -> list[str]:
    """The report as short ranked lines: spikes first, then each ranking."""
    if report.empty:
        return [f"No new partnerships {report.period.phrase()}."]
    days = report.baseline_days
    lines = [f"Notable: {sentence(t, report.period, days)}" for t in report.notable[:3]]
    for title, rows in (
        ("Companies", report.companies),
        ("Topics", report.topics),
        ("Deal types", report.deal_types),
    ):
        if rows:
            # With no history at all, "(no history before)" after each would say nothing.
            usual = (lambda t: f" ({usual_words(t, days)})") if days > 0 else (lambda t: "")
            ranked = "; ".join(f"{t.label} {t.count}{usual(t)}" for t in rows)
            lines.append(f"{title}: {ranked}")
    if not report.history_ok:
        history = f"only {days} days of history" if days > 0 else "no history before the period"
        lines.append(f"Usual rates have {history}: too little to call spikes.")
    return lines
