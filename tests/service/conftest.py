"""Fixtures for the command service: a real SQLite file, stored partnerships, a context.

Company names resolve through the real `bot.nlp` alias table (no model is loaded for that).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from bot.store.clock import iso
from bot.store.db import open_db
from bot.store.orgs import ensure_org

from .support import OTHER_TEAM, Workspace


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "partners.db")
    yield database
    database.close()


@dataclass
class StoredPartnership:
    id: int
    story_id: int
    article_ids: list[int] = field(default_factory=list)


@pytest.fixture
def stored_article(db) -> Callable[..., int]:
    """Store one article (its own story); returns the article id."""
    counter = iter(range(1, 10**6))

    def store(
        title: str,
        *,
        text: str = "",
        summary: str = "",
        url: str | None = None,
        source: str | None = "Example News",
        lang: str = "en",
        published: str | None = "2024-05-02T08:00:00Z",
        story_id: int | None = None,
        is_partnership: bool = False,
    ) -> int:
        now = iso()
        if story_id is None:
            story_id = db.execute(
                "INSERT INTO stories (title, lang, published, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [title, lang, published, now, now],
            ).lastrowid
        n = next(counter)
        article_id = db.execute(
            "INSERT INTO articles (uid, url, title, text, summary, published, fetched_at,"
            " source, content_hash, lang, is_partnership, story_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                f"uid-{story_id}-{n}-{url}",
                url,
                title,
                text or title,
                summary,
                published,
                now,
                source,
                f"hash-{story_id}-{n}",
                lang,
                int(is_partnership),
                story_id,
            ],
        ).lastrowid
        db.execute(  # as ingestion keeps it: the story's first article
            "UPDATE stories SET first_article_id = ? WHERE id = ? AND first_article_id IS NULL",
            [article_id, story_id],
        )
        return article_id

    return store


@pytest.fixture
def stored_partnership(db, stored_article) -> Callable[..., StoredPartnership]:
    """Store a partnership story: its articles (syndicated copies too), parties, analysis."""

    def store(
        *parties: str,
        deal_type: str = "mou",
        title: str | None = None,
        summary: str = "They signed a memorandum of understanding.",
        evidence: str | None = "The companies signed an MoU on Tuesday.",
        topics: tuple[str, ...] = ("ai",),
        lang: str = "en",
        url: str | None = "https://news.example.com/a",
        source: str = "Example News",
        published: str | None = "2024-05-02T08:00:00Z",
        confidence: float = 0.87,
        copies: tuple[tuple[str, str], ...] = (),
    ) -> StoredPartnership:
        parties = parties or ("Xiaomi", "Microsoft")
        title = title or f"{parties[0]} and {parties[1]} sign MoU"
        first = stored_article(
            title,
            summary=summary,
            url=url,
            source=source,
            lang=lang,
            published=published,
            is_partnership=True,
        )
        story_id = db.execute("SELECT story_id FROM articles WHERE id = ?", [first]).fetchone()[0]
        ids = [first]
        for copy_title, copy_url in copies:
            ids.append(stored_article(copy_title, url=copy_url, source="Wire", story_id=story_id))
        db.execute("UPDATE stories SET is_partnership = 1 WHERE id = ?", [story_id])
        pid = db.execute(
            "INSERT INTO partnerships (story_id, article_id, deal_type, topics, evidence,"
            " summary, confidence, lang, title, url, published, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                story_id,
                first,
                deal_type,
                json.dumps(list(topics)),
                evidence,
                summary,
                confidence,
                lang,
                title,
                url,
                published,
                iso(),
            ],
        ).lastrowid
        for name in parties:
            db.execute(
                "INSERT OR IGNORE INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)",
                [pid, ensure_org(db, name)],
            )
        return StoredPartnership(pid, story_id, ids)

    return store


@pytest.fixture
def workspace(db) -> Workspace:
    return Workspace(db)


@pytest.fixture
def other_workspace(db) -> Workspace:
    return Workspace(db, team_id=OTHER_TEAM, user_id="U_BOB")
