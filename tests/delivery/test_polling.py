"""Feed polling: configured and polled feeds, a per-host limit, back-off for failing feeds,
and ingestion in a separate worker process."""

from __future__ import annotations

import dataclasses
import os
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest

from bot.delivery.poll import feed_backoff, poll_feeds
from bot.ingest.workers import IngestPool
from bot.store.feeds import ensure_feed, get_feed

A1, A2, A3 = (f"https://a.example/feed{n}" for n in (1, 2, 3))
B1 = "https://b.example/rss"


class FakeIngest:
    """Stands in for the worker pool: records the calls and how many ran at once per host."""

    def __init__(self, failing: tuple[str, ...] = ()):
        self.failing = set(failing)
        self.calls: list[str] = []
        self.running: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str):
        host = url.split("/")[2]
        with self._lock:
            self.calls.append(url)
            self.running[host] = self.running.get(host, 0) + 1
            self.most[host] = max(self.most.get(host, 0), self.running[host])
        threading.Event().wait(0.02)  # let the calls overlap if the limit allowed it
        with self._lock:
            self.running[host] -= 1
        if url in self.failing:
            raise ConnectionError("connection refused")
        return SimpleNamespace(new_stories=2, partnerships=1, errors=[])


def test_configured_and_polled_feeds_are_polled_at_most_one_per_host_at_once(settings, db, clock):
    settings = dataclasses.replace(settings, feeds=(A1, A2, B1))
    ensure_feed(db, A3, poll=True)
    ensure_feed(db, "https://c.example/not-polled")
    ingest = FakeIngest()

    summary = poll_feeds(settings, db, ingest, now=clock(), per_host=1)

    assert sorted(ingest.calls) == [A1, A2, A3, B1]
    assert ingest.most == {"a.example": 1, "b.example": 1}
    assert (summary.due, summary.new_stories, summary.partnerships) == (4, 8, 4)


def test_a_failing_feed_backs_off_exponentially(settings, db, clock):
    settings = dataclasses.replace(settings, feeds=(A1, B1), poll_minutes=15)
    ingest = FakeIngest(failing=(A1,))

    poll_feeds(settings, db, ingest, now=clock())
    assert get_feed(db, A1).error_count == 1
    clock.advance(20 * 60)
    poll_feeds(settings, db, ingest, now=clock())  # A1 rests 30 minutes
    clock.advance(11 * 60)
    second = poll_feeds(settings, db, ingest, now=clock())

    assert ingest.calls.count(A1) == 2 and ingest.calls.count(B1) == 3
    assert second.errors == [f"{A1}: connection refused"]
    assert get_feed(db, A1).error_count == 2
    assert [feed_backoff(15, n) for n in (1, 2, 3, 12)] == [
        timedelta(minutes=30),
        timedelta(minutes=60),
        timedelta(minutes=120),
        timedelta(hours=24),
    ]


def test_a_removed_feed_is_not_polled(settings, db, clock):
    from bot.store.feeds import deactivate_feed

    settings = dataclasses.replace(settings, feeds=(A1,))
    deactivate_feed(db, ensure_feed(db, A1).id)
    ingest = FakeIngest()

    assert poll_feeds(settings, db, ingest, now=clock()).due == 0
    assert ingest.calls == []


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
<item><title>{title}</title><link>https://wire.example/{n}</link>
<description>{body}</description><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>
</channel></rss>"""


@pytest.mark.slow
def test_ingestion_runs_in_a_worker_process_with_its_own_connection(tmp_path, settings, db):
    feed = tmp_path / "wire.xml"
    body = "The harbour authority published its yearly traffic figures on Monday. " * 8
    feed.write_text(RSS.format(title="Harbour traffic figures", n=1, body=body))
    settings = dataclasses.replace(settings, feeds=(str(feed),))
    pool = IngestPool(settings, workers=1, analyzer="tests.delivery.stub_analyzer:quiet_analyzer")
    try:
        summary = poll_feeds(settings, db, pool)
    finally:
        pool.close()

    assert summary.errors == [] and summary.new_stories == 1
    (analysed_by,) = [r[0] for r in db.execute("SELECT summary FROM articles")]
    assert analysed_by.startswith("analysed in process ")
    assert analysed_by != f"analysed in process {os.getpid()}"
