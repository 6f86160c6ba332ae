"""Articles grouped into stories, one story per event: the `stories`, `story_signatures`
and `story_bands` tables.

An article joins a story when it is a copy of one of its articles (the same press release
or wire story, re-headlined, cut short or starting elsewhere: `bot.store.grouping.copies`),
or when it reports the same event in other words or another language (same actors, same
phase, close in time, shared details: `bot.store.grouping.events`). Otherwise it starts
one.

Candidates come from index keys stored per story in `story_bands`: winnowing fingerprints
of the body (any shared passage finds its story) and pairs of actor names (stories about
the same two organisations), read by `bot.store.candidates`. Each lookup is capped, so the
cost stays flat as the store grows. The decisions are pure functions of
`bot.store.grouping`; this module reads and writes.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlite_utils import Database

from bot.dates import as_utc
from bot.store.candidates import StoredArticle, candidate_stories, story_articles
from bot.store.clock import iso
from bot.store.grouping.copies import Body, body
from bot.store.grouping.decide import (
    CopyCandidate,
    Match,
    best_copy,
    best_event,
    copy_keys,
    event_keys,
    spread,
)
from bot.store.grouping.evidence import Evidence, article_evidence

MAX_COPY_LOOKUPS = 96  # fingerprints looked up per article (all are stored)
MAX_CANDIDATE_STORIES = 20  # stories whose articles are compared as copies
MAX_STORIES_PER_BAND = 50  # newest stories a key yields, so boilerplate stays cheap
MAX_SIGNATURES_PER_STORY = 20
MAX_CONTAINMENT_CHECKS = 5  # candidate articles whose text is read and compared
MAX_EVENT_STORIES = 8  # stories compared as reports of the same event
MAX_EVENT_ARTICLES = 6  # articles of each whose evidence is read
EVIDENCE_CACHE = 4_096  # stored articles' evidence kept between two articles


def _story_title(title: str, text: str) -> str | None:
    title = " ".join((title or "").split())
    if title:
        return title
    opening = " ".join((text or "").split())[:120]
    return opening or None


def parse_day(value: str | None) -> date | None:
    """The calendar day (UTC) of a stored date (`bot.dates`' one form), or None."""
    moment = as_utc(value)
    return moment.date() if moment else None


def _pack(fingerprints: Sequence[int]) -> bytes:
    return np.asarray(fingerprints, dtype="<u8").tobytes()


def _unpack(blob: bytes) -> tuple[int, ...]:
    if len(blob) % 8:
        return ()  # a signature from before fingerprints (MinHash); never matches
    return tuple(int(v) for v in np.frombuffer(blob, dtype="<u8"))


def stored_evidence(stored: StoredArticle) -> Evidence:
    """An article from the store as the same-event test sees it: as stored when it was
    grouped, else extracted again."""
    kept = Evidence.from_json(stored.evidence)
    if kept is not None:
        return kept
    return article_evidence(
        title=stored.title,
        text=stored.text,
        url=stored.url,
        published=parse_day(stored.published),
        first_seen=parse_day(stored.fetched_at) or date.today(),
        parties=stored.parties,
        deal_type=stored.deal_type,
        lang=stored.lang,
    )


@dataclass(frozen=True)
class Indexed:
    """One article as the grouper compares and indexes it."""

    body: Body
    evidence: Evidence
    copy_keys: list[str]
    event_keys: list[str]

    @property
    def keys(self) -> list[str]:
        return list(dict.fromkeys(self.copy_keys + self.event_keys))

    @property
    def signature(self) -> bytes:
        """What `story_signatures.signature` holds: the body's fingerprints."""
        return _pack(self.body.fingerprints)


def index_article(
    title: str,
    text: str,
    published: str | None,
    lang: str | None,
    *,
    url: str | None = None,
    parties: Sequence[str] = (),
    deal_type: str | None = None,
    first_seen: str | None = None,
) -> Indexed:
    """Body, evidence and index keys of an article (no database)."""
    new_body = body(text)
    evidence = article_evidence(
        title=title,
        text=text,
        url=url,
        published=parse_day(published),
        first_seen=parse_day(first_seen) or date.today(),
        parties=tuple(parties),
        deal_type=deal_type,
        lang=lang,
    )
    return Indexed(new_body, evidence, copy_keys(new_body.fingerprints), event_keys(evidence))


class StoryGrouper:
    """Assigns articles to stories; runs inside the caller's transaction, never commits."""

    def __init__(self, db: Database):
        self.db = db
        self._evidence_cache: OrderedDict[int, Evidence] = OrderedDict()

    def _evidence(self, stored: StoredArticle) -> Evidence:
        """A stored article's evidence, kept for the next articles that meet it."""
        found = self._evidence_cache.get(stored.id)
        if found is None:
            found = self._evidence_cache[stored.id] = stored_evidence(stored)
            if len(self._evidence_cache) > EVIDENCE_CACHE:
                self._evidence_cache.popitem(last=False)
        else:
            self._evidence_cache.move_to_end(stored.id)
        return found

    def assign(
        self,
        article_id: int,
        title: str,
        text: str,
        published: str | None,
        lang: str | None,
        *,
        url: str | None = None,
        parties: Sequence[str] = (),
        deal_type: str | None = None,
        first_seen: str | None = None,
    ) -> tuple[int, bool]:
        """Put the article in the story it belongs to, or a new one: (story_id, created_new).

        `parties` and `deal_type` are the analysis's (partnerships only). Idempotent: an
        article already grouped keeps its story.
        """
        return self.place(
            article_id, title, text, published, lang,
            url=url, parties=parties, deal_type=deal_type, first_seen=first_seen,
        )[:2]  # fmt: skip

    def place(
        self,
        article_id: int,
        title: str,
        text: str,
        published: str | None,
        lang: str | None,
        *,
        url: str | None = None,
        parties: Sequence[str] = (),
        deal_type: str | None = None,
        first_seen: str | None = None,
    ) -> tuple[int, bool, Match | None]:
        """`assign`, also saying which match (copy or same event) put it where it is."""
        row = self.db.execute(
            "SELECT story_id FROM story_signatures WHERE article_id = ?", [article_id]
        ).fetchone()
        if row:
            return row[0], False, None
        now = iso()
        new = index_article(
            title, text, published, lang,
            url=url, parties=parties, deal_type=deal_type, first_seen=first_seen or now,
        )  # fmt: skip
        match = self._copy_of(new.body, new.evidence, new.copy_keys)
        if match is None:
            match = self._same_event(new.evidence, new.event_keys)
        if match is None:
            story_id = self.db.execute(
                "INSERT INTO stories (title, lang, published, created_at, updated_at,"
                " first_article_id, n_articles) VALUES (?, ?, ?, ?, ?, ?, 1)",
                [_story_title(title, text), lang, published, now, now, article_id],
            ).lastrowid
        else:
            story_id = match.story_id
        self._attach(article_id, story_id, new)
        self._refresh(story_id, now, published=published, lang=lang)
        return story_id, match is None, match

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

    def _copy_of(self, new: Body, evidence: Evidence, keys: list[str]) -> Match | None:
        if not new.fingerprints:
            return None
        story_ids = candidate_stories(
            self.db,
            spread(keys, MAX_COPY_LOOKUPS),
            per_key=MAX_STORIES_PER_BAND,
            limit=MAX_CANDIDATE_STORIES,
        )
        candidates = [
            CopyCandidate(
                story_id=stored.story_id,
                fingerprints=_unpack(stored.fingerprints),
                body=lambda text=stored.text: body(text, fingerprints=False),
                evidence=lambda stored=stored: self._evidence(stored),
            )
            for story_id in story_ids
            for stored in story_articles(self.db, story_id, limit=MAX_SIGNATURES_PER_STORY)
        ]
        return best_copy(new, evidence, candidates, max_checks=MAX_CONTAINMENT_CHECKS)

    def _same_event(self, evidence: Evidence, keys: list[str]) -> Match | None:
        story_ids = candidate_stories(
            self.db, keys, per_key=MAX_STORIES_PER_BAND, limit=MAX_EVENT_STORIES
        )
        stories = {
            story_id: [
                self._evidence(stored)
                for stored in story_articles(self.db, story_id, limit=MAX_EVENT_ARTICLES)
            ]
            for story_id in story_ids
        }
        return best_event(evidence, {k: v for k, v in stories.items() if v})

    def _attach(self, article_id: int, story_id: int, new: Indexed) -> None:
        self.db.execute(
            "INSERT INTO story_signatures (article_id, story_id, signature, shingles, evidence)"
            " VALUES (?, ?, ?, ?, ?)",
            [article_id, story_id, new.signature, len(new.body.grams), new.evidence.to_json()],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO story_bands (band, story_id) VALUES (?, ?)",
            [(key, story_id) for key in new.keys],
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
