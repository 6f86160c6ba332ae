"""Dates in one form. Whatever a source writes (RFC 822, ISO-8601 with or without a zone,
a bare date, feedparser's struct_time) becomes `YYYY-MM-DDTHH:MM:SSZ` in UTC, or None,
where it is read; everything after that compares like with like."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_iso(value: object) -> str | None:
    """`value` as an ISO-8601 UTC string (`2024-05-01T08:00:00Z`), or None if it is no date.

    A time without a zone is taken as UTC; a bare date as midnight UTC.
    """
    moment = as_utc(value)
    return moment.strftime(FORMAT) if moment else None


def as_utc(value: object) -> datetime | None:
    """`value` as an aware UTC datetime (see `utc_iso`), or None. Never raises."""
    try:
        if isinstance(value, str):
            return _from_text(value.strip())
        if isinstance(value, datetime):
            return _aware(value)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        if isinstance(value, time.struct_time):
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None
    return None


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _from_text(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None
