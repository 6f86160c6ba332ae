"""Near-duplicate articles grouped into stories, persisted in SQLite.

Each article gets a MinHash signature over word 5-shingles of its title and text. Its
band hashes (LSH) are stored per story in `story_bands`, so finding candidate stories is
an indexed lookup whatever the size of the store. Candidates are verified by estimated
Jaccard similarity, or by exact containment of the shorter body in the longer one (a
truncated reprint), recomputed from the stored article text.

A second, small set of bands comes from the opening of the body only (the "lead"): a
reprint cut after three paragraphs shares few bands with the whole article but all of
its lead bands.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass

import numpy as np
from sqlite_utils import Database

from bot.store.db import utcnow

SHINGLE_WORDS = 5
SEED = 20_240_501  # changing it (or num_perm) invalidates every stored signature
LEAD_SHINGLES = 40  # shingles of the body's opening that make the lead signature
LEAD_BANDS = 16
LEAD_ROWS = 2
MIN_WORDS = 30  # below this, only near-identical texts are the same story
MIN_SHINGLES = MIN_WORDS - SHINGLE_WORDS + 1
MIN_MERGE_WORDS = 8  # below this, never grouped with anything
SHORT_JACCARD = 0.9
MAX_CANDIDATE_STORIES = 20
MAX_STORIES_PER_BAND = 50
MAX_SIGNATURES_PER_STORY = 20
MAX_CONTAINMENT_CHECKS = 5

_WORD = re.compile(r"\w+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> list[str]:
    """Distinct word n-grams in order of first appearance (one short gram for short texts)."""
    if not tokens:
        return []
    if len(tokens) <= size:
        return [" ".join(tokens)]
    grams = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return list(dict.fromkeys(grams))


def _hash64(values: list[str]) -> np.ndarray:
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(v.encode("utf-8", "replace"), digest_size=8).digest())
            for v in values
        ),
        dtype=np.uint64,
        count=len(values),
    )


def _story_title(title: str, text: str) -> str | None:
    title = " ".join((title or "").split())
    if title:
        return title
    opening = " ".join((text or "").split())[:120]
    return opening or None


class MinHasher:
    """MinHash by multiply-shift hashing of 64-bit shingle hashes; deterministic."""

    def __init__(self, num_perm: int, seed: int = SEED):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + 1
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signature(self, grams: list[str]) -> np.ndarray:
        if not grams:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        hashed = _hash64(grams)[:, None]
        mixed = (hashed * self.a[None, :] + self.b[None, :]) & _MASK64
        return (mixed >> np.uint64(32)).min(axis=0).astype(np.uint32)


def _band_keys(prefix: str, signature: np.ndarray, bands: int, rows: int) -> list[str]:
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=6).hexdigest()
        keys.append(f"{prefix}{band:02d}:{digest}")
    return keys


@dataclass(frozen=True)
class Fingerprint:
    """What one article looks like to the grouper."""

    n_words: int
    n_shingles: int
    signature: np.ndarray
    bands: list[str]
    body: frozenset[str]


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
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.db = db
        self.threshold = threshold
        self.containment = containment
        self.bands = bands
        self.rows = num_perm // bands
        self.hasher = MinHasher(num_perm)
        self.lead_hasher = MinHasher(LEAD_BANDS * LEAD_ROWS, seed=SEED + 1)

    def fingerprint(self, title: str, text: str) -> Fingerprint:
        body_tokens = words(text or "")
        all_tokens = words(title or "") + body_tokens
        body = shingles(body_tokens)
        grams = shingles(all_tokens)
        signature = self.hasher.signature(grams)
        keys = []
        if len(all_tokens) >= MIN_MERGE_WORDS:  # tiny texts are never grouped: no bands
            keys = _band_keys("f", signature, self.bands, self.rows)
        if len(body_tokens) >= MIN_WORDS:
            lead = self.lead_hasher.signature(body[:LEAD_SHINGLES])
            keys += _band_keys("l", lead, LEAD_BANDS, LEAD_ROWS)
        return Fingerprint(len(all_tokens), len(grams), signature, keys, frozenset(body))

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
        now = utcnow()
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
        self._refresh(into_story_id, utcnow(), published=published, lang=lang)
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
