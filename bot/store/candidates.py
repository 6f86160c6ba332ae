"""What story grouping reads: candidate stories by index keys, and their articles.

Index keys (winnowing fingerprints of bodies, pairs of actor names) live in `story_bands`
beside the older MinHash bands, one row per (key, story). Every lookup is bounded: each
key yields at most its `per_key` newest stories, and only the `limit` best stories are
returned, so the cost does not grow with the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class StoredArticle:
    """One article of a candidate story, with what the grouper compares."""

    id: int
    story_id: int
    external_id: str | None
    title: str
    text: str
    url: str | None
    published: str | None
    fetched_at: str
    lang: str | None
    parties: tuple[str, ...]
    deal_type: str | None
    fingerprints: bytes
    evidence: str | None = None  # as stored at grouping (JSON), when it was


def candidate_stories(db: Database, keys: list[str], *, per_key: int, limit: int) -> list[int]:
    """Stories sharing index keys with an article, best first.

    A key counts for 1/n² when it yields n stories: a passage or a pair of names that many
    stories share (boilerplate, stock phrases, two companies always named together) says
    far less than one only this story has. A key full to its cap (at least `per_key`
    stories; only the newest are returned) counts for nothing: it is boilerplate, and
    stories sharing only boilerplate must not outrank the one sharing a rare passage (they
    still come after, newest first).
    """
    if not keys:
        return []
    per_band = (
        "SELECT * FROM (SELECT band, story_id FROM story_bands WHERE band = ?"
        " ORDER BY story_id DESC LIMIT ?)"
    )
    union = " UNION ALL ".join(per_band for _ in keys)
    params: list = []
    for key in keys:
        params += [key, per_key]
    rows = db.execute(
        "SELECT story_id, SUM(CASE WHEN n >= ? THEN 0 ELSE 1.0 / (n * n) END) AS weight FROM ("
        f" SELECT story_id, COUNT(*) OVER (PARTITION BY band) AS n FROM ({union}))"
        " GROUP BY story_id ORDER BY weight DESC, story_id DESC LIMIT ?",
        [per_key, *params, limit],
    ).fetchall()
    return [story_id for story_id, _ in rows]


_SELECT = (
    "SELECT a.id, s.story_id, a.external_id, a.title, a.text, a.url, a.published,"
    " a.fetched_at, a.lang, a.is_partnership, a.analysis, s.signature, s.evidence"
    " FROM articles a"
    " JOIN story_signatures s ON s.article_id = a.id"
)


def story_articles(db: Database, story_id: int, *, limit: int) -> list[StoredArticle]:
    """The first `limit` articles of a story, oldest first."""
    rows = db.execute(
        _SELECT + " WHERE s.story_id = ? ORDER BY a.id LIMIT ?", [story_id, limit]
    ).fetchall()
    return [_stored(row) for row in rows]


def all_grouped_articles(db: Database) -> list[StoredArticle]:
    """Every grouped article, oldest first: for evaluating a small store, never on ingest."""
    return [_stored(row) for row in db.execute(_SELECT + " ORDER BY a.id").fetchall()]


def _stored(row: tuple) -> StoredArticle:
    (id_, story_id, external_id, title, text, url, published, fetched_at, lang) = row[:9]
    partnership, analysis, signature, evidence = row[9:]
    parties: tuple[str, ...] = ()
    deal_type = None
    if partnership and analysis:
        try:
            data = json.loads(analysis)
        except ValueError:
            data = {}
        parties = tuple(p for p in data.get("parties") or () if isinstance(p, str))
        deal_type = data.get("deal_type") if isinstance(data.get("deal_type"), str) else None
    return StoredArticle(
        id=id_,
        story_id=story_id,
        external_id=external_id,
        title=title or "",
        text=text or "",
        url=url,
        published=published,
        fetched_at=fetched_at,
        lang=lang,
        parties=parties,
        deal_type=deal_type,
        fingerprints=bytes(signature or b""),
        evidence=evidence,
    )
