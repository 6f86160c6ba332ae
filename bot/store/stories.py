"""Near-duplicate articles grouped into stories: the `stories`, `story_signatures` and
`story_bands` tables.

Each article's fingerprint (`bot.store.fingerprints`) has its band hashes (LSH) stored per
story in `story_bands`, so finding candidate stories is an indexed lookup whatever the
size of the store. Candidates are verified by estimated Jaccard similarity, or by exact
containment of the shorter body in the longer one (a truncated reprint), recomputed from
the stored article text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np
from sqlite_utils import Database

from bot.store.clock import iso
from bot.store.fingerprints import (
    MIN_MERGE_WORDS,
    MIN_SHINGLES,
    Fingerprint,
    Fingerprinter,
    shingles,
    words,
)

SHORT_JACCARD = 0.9
MAX_CANDIDATE_STORIES = 20
MAX_STORIES_PER_BAND = 50
MAX_SIGNATURES_PER_STORY = 20
MAX_CONTAINMENT_CHECKS = 5


def _story_title(title: str, text: str) -> str | None:
    title = " ".join((title or "").split())
    if title:
        return title
    opening = " ".join((text or "").split())[:120]
    return opening or None


@dataclass(frozen=True)
class _Match:
    story_id: int
    score: float


class StoryGrouper:
    """Assigns articles to stories; runs inside the caller's transaction, never commits."""

    def __init__(
        self,
        db: Database,
        threshold: float = 0.5,
        num_perm: int = 128,
        bands: int = 32,
        containment: float = 0.8,
    ):
        self.db = db
        self.threshold = threshold
        self.containment = containment
        self.fingerprinter = Fingerprinter(num_perm, bands)

    def fingerprint(self, title: str, text: str) -> Fingerprint:
        """What the article looks like to the grouper (see `Fingerprinter`)."""
        return self.fingerprinter.fingerprint(title, text)

    def assign(
        self,
        article_id: int,
        title: str,
        text: str,
        published: str | None,
        lang: str | None,
    ) -> tuple[int, bool]:
        """Put the article in the story it duplicates, or a new one: (story_id, created_new).

        Idempotent: an article already grouped keeps its story.
        """
        row = self.db.execute(
            "SELECT story_id FROM story_signatures WHERE article_id = ?", [article_id]
        ).fetchone()
        if row:
            return row[0], False
        print_ = self.fingerprint(title, text)
        match = self._best_match(print_) if print_.n_words >= MIN_MERGE_WORDS else None
        now = iso()
        if match is None:
            story_id = self.db.execute(
                "INSERT INTO stories (title, lang, published, created_at, updated_at,"
                " first_article_id, n_articles) VALUES (?, ?, ?, ?, ?, ?, 1)",
                [_story_title(title, text), lang, published, now, now, article_id],
            ).lastrowid
        else:
            story_id = match.story_id
        self._attach(article_id, story_id, print_)
        self._refresh(story_id, now, published=published, lang=lang)
        return story_id, match is None

    def merge(self, into_story_id: int, from_story_id: int) -> int:
        """Move every article (with signatures and bands) of one story into another.

        The emptied story row is deleted unless other rows still refer to it, in which
        case it stays with `n_articles = 0`. Returns the number of articles moved.
        """
        if into_story_id == from_story_id:
            return 0
        moved = self.db.execute(
            "UPDATE articles SET story_id = ? WHERE story_id = ?", [into_story_id, from_story_id]
        ).rowcount
        self.db.execute(
            "UPDATE story_signatures SET story_id = ? WHERE story_id = ?",
            [into_story_id, from_story_id],
        )
        self.db.execute(
            "INSERT OR IGNORE INTO story_bands (band, story_id)"
            " SELECT band, ? FROM story_bands WHERE story_id = ?",
            [into_story_id, from_story_id],
        )
        self.db.execute("DELETE FROM story_bands WHERE story_id = ?", [from_story_id])
        old = self.db.execute(
            "SELECT published, lang, is_partnership FROM stories WHERE id = ?", [from_story_id]
        ).fetchone()
        published, lang, is_partnership = old or (None, None, 0)
        self._refresh(into_story_id, iso(), published=published, lang=lang)
        if is_partnership:
            self.db.execute("UPDATE stories SET is_partnership = 1 WHERE id = ?", [into_story_id])
        self._drop_story(from_story_id)
        return moved

    # -- internals ---------------------------------------------------------------

    def _candidates(self, bands: list[str]) -> list[int]:
        """Stories sharing bands with the article, most shared first.

        Each band contributes at most its MAX_STORIES_PER_BAND newest stories, so a band
        that boilerplate made common cannot make the lookup slow.
        """
        if not bands:
            return []
        per_band = (
            "SELECT * FROM (SELECT story_id FROM story_bands WHERE band = ?"
            " ORDER BY story_id DESC LIMIT ?)"
        )
        union = " UNION ALL ".join(per_band for _ in bands)
        params: list = []
        for band in bands:
            params += [band, MAX_STORIES_PER_BAND]
        rows = self.db.execute(
            f"SELECT story_id, COUNT(*) AS hits FROM ({union})"
            " GROUP BY story_id ORDER BY hits DESC, story_id DESC LIMIT ?",
            [*params, MAX_CANDIDATE_STORIES],
        ).fetchall()
        return [story_id for story_id, _ in rows]

    def _best_match(self, new: Fingerprint) -> _Match | None:
        story_ids = self._candidates(new.bands)
        if not story_ids:
            return None
        best: _Match | None = None
        weaker: list[tuple[float, int, int, int]] = []  # (jaccard, story, article, shingles)
        for story_id in story_ids:
            for article_id, blob, count in self.db.execute(
                "SELECT article_id, signature, shingles FROM story_signatures"
                " WHERE story_id = ? ORDER BY article_id LIMIT ?",
                [story_id, MAX_SIGNATURES_PER_STORY],
            ).fetchall():
                other = np.frombuffer(blob, dtype="<u4")
                if other.shape != new.signature.shape:
                    continue  # signed with other settings
                jaccard = float(np.mean(other == new.signature))
                if self._similar(new, jaccard, count):
                    if best is None or jaccard > best.score:
                        best = _Match(story_id, jaccard)
                else:
                    weaker.append((jaccard, story_id, article_id, count))
        if best is not None:
            return best
        return self._contained(new, sorted(weaker, reverse=True)[:MAX_CONTAINMENT_CHECKS])

    def _similar(self, new: Fingerprint, jaccard: float, other_shingles: int) -> bool:
        if min(new.n_shingles, other_shingles) < MIN_SHINGLES:
            return jaccard >= SHORT_JACCARD
        return jaccard >= self.threshold

    def _contained(self, new: Fingerprint, weaker: list) -> _Match | None:
        """The candidate whose body contains the new one (or vice versa) the most."""
        if len(new.body) < MIN_SHINGLES:
            return None
        best: _Match | None = None
        for _, story_id, article_id, _ in weaker:
            row = self.db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
            other = frozenset(shingles(words(row[0] or ""))) if row else frozenset()
            if len(other) < MIN_SHINGLES:
                continue
            smaller, larger = sorted((new.body, other), key=len)
            score = len(smaller & larger) / len(smaller)
            if score >= self.containment and (best is None or score > best.score):
                best = _Match(story_id, score)
        return best

    def _attach(self, article_id: int, story_id: int, print_: Fingerprint) -> None:
        self.db.execute(
            "INSERT INTO story_signatures (article_id, story_id, signature, shingles)"
            " VALUES (?, ?, ?, ?)",
            [article_id, story_id, print_.signature.astype("<u4").tobytes(), print_.n_shingles],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO story_bands (band, story_id) VALUES (?, ?)",
            [(band, story_id) for band in print_.bands],
        )
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", [story_id, article_id])

    def _refresh(self, story_id: int, now: str, *, published: str | None, lang: str | None) -> None:
        """Article count, earliest publication date and a language, kept current."""
        self.db.execute(
            """
            UPDATE stories SET
                n_articles = (SELECT COUNT(*) FROM articles WHERE story_id = :id),
                updated_at = :now,
                lang = COALESCE(lang, :lang),
                published = CASE
                    WHEN published IS NULL OR (:published IS NOT NULL AND :published < published)
                    THEN COALESCE(:published, published) ELSE published END
            WHERE id = :id
            """,
            {"id": story_id, "now": now, "lang": lang, "published": published},
        )

    def _drop_story(self, story_id: int) -> None:
        conn = self.db.conn
        conn.execute("SAVEPOINT drop_story")
        try:
            conn.execute("DELETE FROM stories WHERE id = ?", [story_id])
        except sqlite3.IntegrityError:  # still referred to (a delivery, a partnership...)
            conn.execute("ROLLBACK TO SAVEPOINT drop_story")
            conn.execute("UPDATE stories SET n_articles = 0 WHERE id = ?", [story_id])
        conn.execute("RELEASE SAVEPOINT drop_story")
