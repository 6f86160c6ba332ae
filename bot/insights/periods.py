"""Periods: "the last 7 days", "the last 24 months", as day bounds [since, until)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_SPAN = re.compile(r"^\s*(\d{1,3})\s*(d|j|w|s|m|y|a)\s*$", re.IGNORECASE)
MAX_DAYS = 20 * 366


class PeriodError(ValueError):
    """A period that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class Period:
    """Whole days from `since` (included) to `until` (excluded), in UTC."""

    since: date
    until: date
    span: str  # how it was asked for: "7d", "24m"

    @property
    def days(self) -> int:
        return (self.until - self.since).days

    def before(self, days: int) -> date:
        """The first day of the `days` just before this period."""
        return self.since - timedelta(days=days)

    def phrase(self) -> str:
        """The period in words, for a sentence: "this week", "in the last 30 days"."""
        if self.span == "7d":
            return "this week"
        number, unit = int(self.span[:-1]), self.span[-1]
        words = {"d": "days", "w": "weeks", "m": "months", "y": "years"}[unit]
        if number == 1:
            return {"d": "today", "w": "this week", "m": "this month", "y": "this year"}[unit]
        return f"in the last {number} {words}"


def today() -> date:
    return datetime.now(UTC).date()


def last(span: str, *, now: date | None = None) -> Period:
    """The period ending today (included) that `span` names: 7d, 30d, 90d, 12w, 6m, 2y
    (French j, s, a for days, weeks, years too). Raises PeriodError."""
    match = _SPAN.match(span or "")
    if not match:
        raise PeriodError(f"“{span}” is not a period: use a number and d, w, m or y, e.g. 30d, 6m")
    number = int(match.group(1))
    unit = {"j": "d", "s": "w", "a": "y"}.get(match.group(2).lower(), match.group(2).lower())
    if number < 1:
        raise PeriodError("a period is at least one day")
    until = (now or today()) + timedelta(days=1)
    if unit == "d":
        since = until - timedelta(days=number)
    elif unit == "w":
        since = until - timedelta(weeks=number)
    else:
        since = _months_before(until, number * (12 if unit == "y" else 1))
    if (until - since).days > MAX_DAYS:
        raise PeriodError("a period is at most 20 years")
    return Period(since, until, f"{number}{unit}")


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last_day in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")
