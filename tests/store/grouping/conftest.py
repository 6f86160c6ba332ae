"""The ingest's way of saving an analysed article into a real SQLite store (`db`, from
tests/store/conftest.py)."""

from __future__ import annotations

import itertools

import pytest

from bot.models import Analysis, Article
from bot.store.articles import Saved, save_article
from bot.store.stories import StoryGrouper

_uids = itertools.count()


@pytest.fixture
def save(db):
    """Save an article as ingestion does (analysis given: parties and deal type when it is a
    partnership); returns `Saved`."""
    grouper = StoryGrouper(db)

    def save_one(
        title: str,
        text: str,
        *,
        parties=(),
        deal_type=None,
        lang="en",
        published=None,
        url=None,
    ) -> Saved:
        uid = f"test:{next(_uids)}"
        article = Article(uid=uid, title=title, text=text, url=url, published=published, lang=lang)
        analysis = Analysis(
            lang=lang,
            is_partnership=bool(parties),
            confidence=0.9 if parties else 0.1,
            parties=list(parties),
            deal_type=deal_type if parties else None,
            summary=text[:200],
        )
        with db.atomic():
            return save_article(db, article, analysis, grouper, content_hash=uid)

    save_one.grouper = grouper
    return save_one
