"""Fixtures for the insight tests: a real store, and `deal(...)` to record a partnership the
way ingestion does (grouping included), on the day you say."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from bot.models import Analysis, Article
from bot.store import open_db
from bot.store.articles import save_article
from bot.store.stories import StoryGrouper

TODAY = date(2026, 3, 18)  # a Wednesday; tests pass `now=TODAY` to every period
_WORDS = [f"w{i:04d}" for i in range(4000)]


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "partners.db")
    yield database
    database.close()


@pytest.fixture
def deal(db):
    """deal(["Acme", "Globex"], published=date, deal_type=..., topics=...) -> Saved.

    Each call is a new story (its text is unique), unless the same parties have a deal
    within 14 days of it (an undated one counts on the day it is stored): the grouper
    takes that for another report of the same event. `copy_of=saved` stores a syndicated
    copy of an earlier deal's article instead (same text, another URL).
    """
    return recorder(db)


def recorder(db, namespace: str = "0"):
    """The `deal` function for any store; on a store other tests write to too (a running
    bot's), give each test its own `namespace` so ids and texts never repeat."""
    grouper = StoryGrouper(db)
    numbers = itertools.count(1)
    run = namespace
    texts: dict[int, tuple[str, str, list[str]]] = {}

    def record(
        parties,
        *,
        published: date | None,
        deal_type: str = "collaboration",
        topics=("cloud",),
        copy_of=None,
    ):
        n = next(numbers)
        if copy_of is not None:
            title, text, parties = texts[copy_of.story_id]
        else:
            words = random.Random(f"{run}-{n}").sample(_WORDS, 80)
            title = f"{' and '.join(parties)} sign agreement {n}"
            text = " ".join(words)
        article = Article(
            uid=f"deal-{run}-{n}",
            title=title,
            text=text,
            url=f"https://news{n % 3}.example/{run}/{n}",
            published=f"{published.isoformat()}T09:00:00Z" if published else None,
            lang="en",
        )
        analysis = Analysis(
            lang="en",
            is_partnership=True,
            confidence=0.9,
            parties=list(parties),
            deal_type=deal_type,
            topics=list(topics),
            evidence=f"{title}.",
            summary=f"Summary of deal {n}.",
        )
        with db.atomic():
            saved = save_article(db, article, analysis, grouper, content_hash=f"hash-{run}-{n}")
        texts.setdefault(saved.story_id, (title, text, list(parties)))
        return saved

    return record


def weeks_ago(weeks: float, *, days: int = 0) -> date:
    return TODAY - timedelta(days=round(weeks * 7) + days)
