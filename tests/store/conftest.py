"""Fixtures for store tests: a fresh database, and articles saved the way ingestion saves them."""

import pytest

from bot.models import Analysis, Article
from bot.store import open_db
from bot.store.articles import save_article
from bot.store.stories import StoryGrouper

# Stories stored the way the service tests store them (used by the subscription tests).
from tests.service.conftest import stored_article, stored_partnership  # noqa: F401


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "partners.db")
    yield database
    database.close()


@pytest.fixture
def store(db):
    """Save an analysed article the way the ingest pipeline does; returns `Saved`."""
    grouper = StoryGrouper(db)

    def save(
        uid,
        title,
        text,
        *,
        parties=(),
        deal_type=None,
        lang="en",
        published=None,
        topics=("cloud",),
        url=None,
    ):
        article = Article(uid=uid, title=title, text=text, url=url, published=published, lang=lang)
        analysis = Analysis(
            lang=lang,
            is_partnership=bool(parties),
            confidence=0.9 if parties else 0.1,
            parties=list(parties),
            deal_type=deal_type if parties else None,
            topics=list(topics) if parties else [],
            evidence=title if parties else None,
            summary=text[:200],
        )
        with db.atomic():
            return save_article(db, article, analysis, grouper, content_hash=uid)

    return save
