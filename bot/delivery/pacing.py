"""When a channel may be posted to: about one message a second per channel (Slack's pace
for chat.postMessage), a channel held back after a rate limit without holding up the others;
and the clock a delivery pass runs on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.store.clock import utc_now

PACE_SECONDS = 1.0  # chat.postMessage: about one message a second per channel
MAX_PACING_WAIT = 2.0  # wait longer than this (a rate limit) and the channel waits a pass

Clock = Callable[[], datetime]
Key = tuple[str, str]  # (team id, channel id)


class Pacer:
    """Per-channel next-allowed times; shared by every thread that posts."""

    def __init__(self, interval: float = PACE_SECONDS):
        self._interval = timedelta(seconds=interval)
        self._next: dict[Key, datetime] = {}
        self._lock = threading.Lock()

    def take(self, key: Key, now: datetime) -> float:
        """0 and the slot is ours, or how many seconds until the channel may be posted to."""
        with self._lock:
            allowed = self._next.get(key)
            if allowed is not None and allowed > now:
                return (allowed - now).total_seconds()
            self._next[key] = now + self._interval
            return 0.0

    def hold(self, key: Key, until: datetime) -> None:
        with self._lock:
            self._next[key] = max(self._next.get(key, until), until)


def clock_from(now: datetime | None) -> Callable[[], datetime]:
    """The real clock, or one that starts at `now` and runs at the real pace."""
    if now is None:
        return utc_now
    start = time.monotonic()
    return lambda: now + timedelta(seconds=time.monotonic() - start)
