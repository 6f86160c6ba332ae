from __future__ import annotations

from datetime import date

import pytest

from bot.insights.periods import PeriodError, last

NOW = date(2026, 3, 31)


@pytest.mark.parametrize(
    "span,since,days,phrase",
    [
        ("7d", date(2026, 3, 25), 7, "this week"),
        ("30d", date(2026, 3, 2), 30, "in the last 30 days"),
        ("90J", date(2026, 1, 1), 90, "in the last 90 days"),  # French: jours
        ("2w", date(2026, 3, 18), 14, "in the last 2 weeks"),
        ("1m", date(2026, 3, 1), 31, "this month"),
        ("6m", date(2025, 10, 1), 182, "in the last 6 months"),
        ("24m", date(2024, 4, 1), 730, "in the last 24 months"),
        ("2a", date(2024, 4, 1), 730, "in the last 2 years"),  # French: ans
    ],
)
def test_spans_end_today_included(span, since, days, phrase):
    period = last(span, now=NOW)
    assert period.until == date(2026, 4, 1)
    assert period.since == since
    assert period.days == days
    assert period.phrase() == phrase


def test_a_month_back_from_the_31st_is_the_last_day_of_a_shorter_month():
    # Up to 30 March means until 31 March; a month before that is "31 February": the 28th.
    assert last("1m", now=date(2026, 3, 30)).since == date(2026, 2, 28)
    assert last("1m", now=date(2024, 3, 30)).since == date(2024, 2, 29)


@pytest.mark.parametrize("span", ["", "week", "0d", "-3d", "7x", "5000y", "1.5m"])
def test_bad_spans_say_so_in_one_line(span):
    with pytest.raises(PeriodError) as caught:
        last(span, now=NOW)
    assert "\n" not in str(caught.value)
