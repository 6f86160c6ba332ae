"""Fixtures for delivery tests: the Slack stand-in on a clock the test moves by hand, a real
SQLite file seeded with SQL (no NLP models), channels that watch companies.

    channel = workspace.channel("C1").watch("Xiaomi")
    story = news.partnership("Xiaomi", "Microsoft")
    report = deliver_now()
    assert [m.text for m in slack.posts("C1")] == [...]
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from bot.delivery.alerts import enqueue_alerts
from bot.delivery.pacing import Pacer
from bot.delivery.post import Deliverer, delivery_client
from bot.store import open_db
from bot.store import subscriptions as subs
from bot.store.clock import iso
from bot.store.feedback import NOT_PARTNERSHIP, record_feedback
from tests.standin import SlackStandIn

TEAM = "T1"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


class Clock:
    """Time that moves only when told to (or when the code under test sleeps)."""

    def __init__(self, start: datetime = START):
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)


class Newsroom:
    """Stories, articles and partnerships written straight into the store."""

    def __init__(self, db):
        self.db = db
        self._uids = count(1)

    def org(self, name: str) -> int:
        self.db.execute(
            "INSERT OR IGNORE INTO organisations (name, created_at) VALUES (?, ?)",
            [name, iso()],
        )
        return self.db.execute("SELECT id FROM organisations WHERE name = ?", [name]).fetchone()[0]

    def story(self, title: str, *, source: str = "Reuters", lang: str = "en") -> int:
        now = iso()
        story_id = self.db.execute(
            "INSERT INTO stories (title, lang, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [title, lang, now, now],
        ).lastrowid
        self.copy(story_id, title=title, source=source, lang=lang)
        return story_id

    def partnership(self, *parties: str, title: str | None = None, **options) -> int:
        """A new story announcing a deal between `parties`; returns the story id."""
        title = title or f"{' and '.join(parties)} sign a partnership"
        story_id = self.story(title, **options)
        article_id = self.db.execute(
            "SELECT MIN(id) FROM articles WHERE story_id = ?", [story_id]
        ).fetchone()[0]
        self.db.execute("UPDATE stories SET is_partnership = 1 WHERE id = ?", [story_id])
        partnership_id = self.db.execute(
            "INSERT INTO partnerships (story_id, article_id, deal_type, summary, confidence,"
            " lang, title, url, created_at) VALUES (?, ?, 'mou', ?, 0.9, 'en', ?, ?, ?)",
            [story_id, article_id, title, title, f"https://news.example/{story_id}", iso()],
        ).lastrowid
        for name in parties:
            self.db.execute(
                "INSERT INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)",
                [partnership_id, self.org(name)],
            )
        return story_id

    def copy(self, story_id: int, *, title: str, source: str, lang: str = "en") -> int:
        """Another outlet's article joining the story; returns the article id."""
        uid = f"https://{source.lower().replace(' ', '')}.example/{next(self._uids)}"
        article_id = self.db.execute(
            "INSERT INTO articles (uid, url, title, text, fetched_at, source, content_hash, lang,"
            " story_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [uid, uid, title, title, iso(), source, uid, lang, story_id],
        ).lastrowid
        self.db.execute("UPDATE stories SET n_articles = n_articles + 1 WHERE id = ?", [story_id])
        return article_id


class Channel:
    def __init__(self, db, news: Newsroom, channel_id: str, team_id: str = TEAM):
        self.db, self.news, self.id, self.team_id = db, news, channel_id, team_id

    def watch(self, *names: str, by: str = "U1") -> Channel:
        for name in names:
            subs.add_watch(self.db, self.team_id, self.id, self.news.org(name), user_id=by)
        return self

    def mute(self, name: str) -> Channel:
        subs.add_mute(self.db, self.team_id, self.id, self.news.org(name))
        return self

    def flag(self, story_id: int) -> Channel:
        """Someone in the team said: not a partnership."""
        record_feedback(
            self.db, team_id=self.team_id, story_id=story_id, kind=NOT_PARTNERSHIP, user_id="U2"
        )
        return self

    def digest(self, frequency: str = "daily", time: str = "09:00", **options) -> Channel:
        subs.set_digest(
            self.db,
            self.team_id,
            self.id,
            frequency=frequency,
            day_of_week=options.pop("day", None),
            time_of_day=time,
            timezone=options.pop("timezone", "UTC"),
            user_id=options.pop("by", "U1"),
            **options,
        )
        return self

    def deliveries(self) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM deliveries WHERE team_id = ? AND channel_id = ? ORDER BY id",
                [self.team_id, self.id],
            )
        )

    def watch_state(self) -> list[tuple[int, str | None]]:
        return self.db.execute(
            "SELECT active, stopped_reason FROM watches WHERE team_id = ? AND channel_id = ?",
            [self.team_id, self.id],
        ).fetchall()


class Workspace:
    def __init__(self, db, news: Newsroom, slack: SlackStandIn):
        self.db, self.news, self.slack = db, news, slack

    def channel(self, channel_id: str, **options) -> Channel:
        """A channel of team T1, as Slack has it (`private`, `member`, `archived`, `deleted`)."""
        self.slack.channel(channel_id, **options)
        return Channel(self.db, self.news, channel_id)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def slack(slack, clock) -> SlackStandIn:
    """The shared stand-in, its message ts read from the test's clock."""
    slack.clock = clock
    return slack


@pytest.fixture
def db(settings):
    database = open_db(settings.db_path)
    yield database
    database.close()


@pytest.fixture
def client(settings):
    return delivery_client(settings, timeout=10)


@pytest.fixture
def news(db) -> Newsroom:
    return Newsroom(db)


@pytest.fixture
def workspace(db, news, slack) -> Workspace:
    return Workspace(db, news, slack)


@pytest.fixture
def deliver_now(db, client, clock):
    """One turn of the delivery loop at the test's clock: enqueue, then post."""
    pacer = Pacer()

    def run():
        enqueue_alerts(db, now=clock())
        return Deliverer(db, client, clock=clock, sleep=clock.sleep, pacer=pacer).run()

    return run
