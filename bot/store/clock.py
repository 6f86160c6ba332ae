"""Time as the store keeps it: aware UTC datetimes, written in one ISO-8601 format."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime | None = None) -> str:
    """`moment` (default: now) in the store's one time format: ISO-8601 UTC, microseconds, 'Z'."""
    return (moment or utc_now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    """The datetime an `iso` string stands for."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
