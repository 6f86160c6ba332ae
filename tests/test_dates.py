"""Dates in one form from the edge on: every way a source writes a date becomes ISO-8601
UTC (or None), and the same deal reported with a bare date beside a zoned one is one story."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.config import Settings
from bot.dates import as_utc, utc_iso
from bot.ingest.feeds import parse_feed
from bot.ingest.ingestor import Ingestor
from bot.models import Analysis
from bot.store import open_db


@pytest.mark.parametrize(
    "written,expected",
    [
        ("2017-09-05", "2017-09-05T00:00:00Z"),
        ("2017-09-05T10:30:00", "2017-09-05T10:30:00Z"),
        ("2017-09-05T10:30:00Z", "2017-09-05T10:30:00Z"),
        ("2017-09-05T10:30:00.123456Z", "2017-09-05T10:30:00Z"),
        ("2017-09-05T12:30:00+02:00", "2017-09-05T10:30:00Z"),
        ("2017-09-05 01:30:00-05:00", "2017-09-05T06:30:00Z"),
        ("Tue, 05 Sep 2017 12:30:00 +0200", "2017-09-05T10:30:00Z"),
        ("Tue, 05 Sep 2017 10:30:00 GMT", "2017-09-05T10:30:00Z"),
        ("  2017-09-05  ", "2017-09-05T00:00:00Z"),
        (datetime(2017, 9, 5, 10, 30), "2017-09-05T10:30:00Z"),
        (datetime(2017, 9, 5, 12, 30, tzinfo=timezone(timedelta(hours=2))), "2017-09-05T10:30:00Z"),
        (date(2017, 9, 5), "2017-09-05T00:00:00Z"),
        (time.strptime("2017-09-05 10:30", "%Y-%m-%d %H:%M"), "2017-09-05T10:30:00Z"),
    ],
)
def test_every_form_of_a_date_becomes_iso_utc(written, expected):
    assert utc_iso(written) == expected
    assert as_utc(written).replace(microsecond=0) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    "junk", [None, "", "   ", "yesterday", "2017-13-45", "0000-00-00", 1504569600, [], {"y": 1}]
)
def test_what_is_not_a_date_becomes_none(junk):
    assert utc_iso(junk) is None and as_utc(junk) is None


def test_a_date_at_the_edge_of_time_becomes_none_rather_than_raising():
    assert utc_iso("0001-01-01T00:00:00+05:00") is None


def test_feed_items_carry_their_dates_in_the_one_form():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>a</title><id>urn:a</id><updated>2017-09-05T12:30:00+02:00</updated></entry>
    </feed>"""
    json_feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "t",
            "items": [{"id": "1", "content_text": "x", "date_published": "2017-09-05"}],
        }
    ).encode()
    assert [i.published for i in parse_feed(atom, "https://x.example/atom").items] == [
        "2017-09-05T10:30:00Z"
    ]
    assert [i.published for i in parse_feed(json_feed, "https://x.example/j").items] == [
        "2017-09-05T00:00:00Z"
    ]


class SameDeal:
    """Every article announces the same MoU between Norvane and Kelptide; no models."""

    def add_aliases(self, aliases) -> None:
        pass

    def analyze_many(self, batch):
        deal = {"is_partnership": True, "parties": ["Norvane", "Kelptide"], "deal_type": "mou"}
        return [Analysis(lang="en", confidence=0.9, **deal) for _ in batch]


def jsonl(path, published: str, uid: str, topic: str):
    text = f"Norvane and Kelptide signed a memorandum of understanding on {topic}. " * 3
    record = {"id": uid, "title": f"Norvane and Kelptide sign MoU on {topic}", "text": text}
    path.write_text(json.dumps(record | {"published": published}) + "\n", encoding="utf-8")
    return str(path)


def test_a_bare_date_beside_a_zoned_one_is_the_same_deal(tmp_path):
    """Regression: `published: "2017-09-05"` next to a stored report of the same deal with
    a zoned date aborted the ingest (can't subtract offset-naive and offset-aware datetimes)."""
    db = open_db(tmp_path / "partners.db")
    ingestor = Ingestor(Settings(db_path=tmp_path / "partners.db"), db, SameDeal())
    zoned = jsonl(tmp_path / "zoned.jsonl", "2017-09-05T09:00:00+02:00", "z", "batteries")
    bare = jsonl(tmp_path / "bare.jsonl", "2017-09-05", "b", "recycling of cells")
    rfc = jsonl(tmp_path / "rfc.jsonl", "Wed, 06 Sep 2017 08:00:00 +0000", "r", "grid storage")

    summaries = [ingestor.ingest([path]) for path in (zoned, bare, rfc)]

    assert [s.errors for s in summaries] == [[], [], []]
    assert [(s.new_stories, s.copies) for s in summaries] == [(1, 0), (0, 1), (0, 1)]
    stored = db.execute("SELECT published FROM articles ORDER BY id").fetchall()
    assert stored == [
        ("2017-09-05T07:00:00Z",),
        ("2017-09-05T00:00:00Z",),
        ("2017-09-06T08:00:00Z",),
    ]
    assert db.execute("SELECT published FROM stories").fetchall() == [("2017-09-05T00:00:00Z",)]
    db.close()


def test_a_date_stored_before_the_one_form_still_compares(tmp_path):
    """A database written before dates were normalised may hold a bare date: comparing it
    with a zoned one must not raise."""
    db = open_db(tmp_path / "partners.db")
    ingestor = Ingestor(Settings(db_path=tmp_path / "partners.db"), db, SameDeal())
    ingestor.ingest([jsonl(tmp_path / "old.jsonl", "2017-09-05", "old", "batteries")])
    db.execute("UPDATE partnerships SET published = '2017-09-05'")
    db.execute("UPDATE articles SET published = '2017-09-05'")

    summary = ingestor.ingest([jsonl(tmp_path / "new.jsonl", "2017-09-05T10:00:00Z", "n", "x")])

    assert (summary.errors, summary.new_stories, summary.copies) == ([], 0, 1)
    assert as_utc("2017-09-05") == datetime(2017, 9, 5, tzinfo=UTC)
    db.close()
