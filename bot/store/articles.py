"""Writing what ingestion and analysis produced: articles, stories, partnerships."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from bot.models import Analysis, Article
from bot.store.clock import iso
from bot.store.orgs import add_aliases, ensure_org
from bot.store.stories import StoryGrouper


@dataclass(frozen=True)
class Saved:
    article_id: int
    story_id: int | None
    duplicate: bool = False
    new_story: bool = False
    partnership_id: int | None = None
    new_partnership: bool = False


def article_exists(db: Database, uid: str) -> bool:
    return db.execute("SELECT 1 FROM articles WHERE uid = ?", [uid]).fetchone() is not None


def has_articles(db: Database) -> bool:
    """Is anything stored yet?"""
    return db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None


def article_read_from(db: Database, url: str) -> dict | None:
    """The article stored for `url`: by its URL or uid, else the latest from that source."""
    rows = list(
        db.query(
            "SELECT * FROM articles WHERE url = ? OR uid = ? ORDER BY id DESC LIMIT 1", [url, url]
        )
    )
    if not rows:
        rows = list(
            db.query(
                "SELECT a.* FROM articles a JOIN feeds f ON f.id = a.feed_id"
                " WHERE f.url = ? ORDER BY a.id DESC LIMIT 1",
                [url],
            )
        )
    return rows[0] if rows else None


def save_article(
    db: Database,
    article: Article,
    analysis: Analysis,
    grouper: StoryGrouper | None = None,
    *,
    feed_id: int | None = None,
    content_hash: str,
) -> Saved:
    """Store one analysed article, group it into a story (a copy of one, or another report
    of its event: `bot.store.stories`), record any partnership.

    Idempotent: an article whose uid is already stored changes nothing. Call inside
    `db.atomic()` so an article and its story are written together or not at all. Pass a
    `grouper` to reuse one across articles (it keeps the evidence of stories it has read).
    """
    row = db.execute("SELECT id, story_id FROM articles WHERE uid = ?", [article.uid]).fetchone()
    if row:
        return Saved(article_id=row[0], story_id=row[1], duplicate=True)
    grouper = grouper or StoryGrouper(db)
    fetched_at = iso()
    article_id = _insert_article(db, article, analysis, feed_id, content_hash, fetched_at)
    partnership = analysis.is_partnership and bool(analysis.parties)
    story_id, new_story = grouper.assign(
        article_id,
        article.title or "",
        article.text or "",
        article.published,
        analysis.lang,
        url=article.url,
        parties=analysis.parties if partnership else (),
        deal_type=analysis.deal_type if partnership else None,
        first_seen=fetched_at,
    )
    partnership_id = None
    new_partnership = False
    if partnership:
        partnership_id, new_partnership = _record_partnership(
            db, story_id, article_id, article, analysis
        )
    return Saved(
        article_id=article_id,
        story_id=story_id,
        new_story=new_story,
        partnership_id=partnership_id,
        new_partnership=new_partnership,
    )


def _insert_article(
    db: Database,
    article: Article,
    analysis: Analysis,
    feed_id: int | None,
    content_hash: str,
    fetched_at: str,
) -> int:
    cursor = db.execute(
        "INSERT INTO articles (uid, url, external_id, title, text, summary, published,"
        " fetched_at, source, feed_id, content_hash, lang, supported, is_partnership,"
        " confidence, analysis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            article.uid,
            article.url,
            article.external_id,
            article.title or "",
            article.text or "",
            analysis.summary or "",
            article.published,
            fetched_at,
            article.source,
            feed_id,
            content_hash,
            analysis.lang,
            int(analysis.supported),
            int(analysis.is_partnership),
            analysis.confidence,
            json.dumps(analysis.to_dict(), ensure_ascii=False),
        ],
    )
    return cursor.lastrowid


def _record_partnership(
    db: Database, story_id: int, article_id: int, article: Article, analysis: Analysis
) -> tuple[int, bool]:
    existing = db.execute(
        "SELECT id, confidence FROM partnerships WHERE story_id = ?", [story_id]
    ).fetchone()
    db.execute("UPDATE stories SET is_partnership = 1 WHERE id = ?", [story_id])
    if existing:
        return existing[0], False
    cursor = db.execute(
        "INSERT INTO partnerships (story_id, article_id, deal_type, topics, evidence, summary,"
        " confidence, lang, title, url, published, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            story_id,
            article_id,
            analysis.deal_type or "other",
            json.dumps(analysis.topics),
            analysis.evidence,
            analysis.summary,
            analysis.confidence,
            analysis.lang,
            article.title,
            article.url,
            article.published,
            iso(),
        ],
    )
    partnership_id = cursor.lastrowid
    for name in dict.fromkeys(analysis.parties):
        org_id = ensure_org(db, name)
        add_aliases(db, org_id, analysis.party_aliases.get(name, []))  # "L&T" = "Larsen & Toubro"
        db.execute(
            "INSERT OR IGNORE INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)",
            [partnership_id, org_id],
        )
    return partnership_id, True
