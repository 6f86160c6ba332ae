"""Sources in, stored stories out: the ingest job shared by the CLI, the poller and Slack."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.config import Settings
from bot.ingest.fetch import Fetcher
from bot.ingest.files import SUFFIXES
from bot.ingest.results import one_line
from bot.ingest.sources import (
    SourceResult,
    empty_directories,
    expand_sources,
    read_source,
    source_key,
)
from bot.ingest.uid import content_hash
from bot.models import Analysis, Article
from bot.store import feeds as feed_store
from bot.store.articles import Saved, article_exists, save_article
from bot.store.errors import StoreError, store_error
from bot.store.orgs import known_aliases
from bot.store.stories import StoryGrouper

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]  # sources done, sources, the source
ArticleProgress = Callable[[int, int], None]  # articles of the source stored, to store


@dataclass
class IngestSummary:
    """What one ingest run did, for the end-of-run line and for tests."""

    sources: int = 0
    seen: int = 0
    new_stories: int = 0
    copies: int = 0
    already_seen: int = 0
    partnerships: int = 0
    unsupported: int = 0
    not_modified: int = 0
    errors: list[str] = field(default_factory=list)  # one line per source with problems
    new_partnership_ids: list[int] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{_n(self.sources, 'source')}, {_n(self.seen, 'article')}:"
            f" {_n(self.new_stories, 'new story', 'new stories')},"
            f" {_n(self.copies, 'copy', 'copies')} grouped into stories,"
            f" {self.already_seen} already seen,"
            f" {_n(self.partnerships, 'new partnership')}, {_n(len(self.errors), 'error')}"
        )


class IngestStopped(StoreError):
    """The database refused a write (disk full, read-only...): the run stopped there.
    `stored` articles were stored before; nothing half-written was kept."""

    def __init__(self, message: str, stored: int) -> None:
        super().__init__(message, stored)
        self.stored = stored

    def __str__(self) -> str:
        return str(self.args[0])


def _n(count: int, noun: str, many: str | None = None) -> str:
    """'1 source', '2 sources'."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def source_error(errors: Sequence[str]) -> str | None:
    """A source's problems as the one line shown for it (and kept in its feed health)."""
    if not errors:
        return None
    first = one_line(errors[0], limit=450)
    return first if len(errors) == 1 else f"{first} (and {len(errors) - 1} more problems)"


class Ingestor:
    """Reads sources, analyses what is new, and stores it; one instance per process."""

    def __init__(self, settings: Settings, db: Database, analyzer, fetcher: Fetcher | None = None):
        self.settings = settings
        self.db = db
        self.analyzer = analyzer
        self.fetcher = fetcher or Fetcher(settings)  # for what users give: public addresses only
        self.trusted_fetcher = Fetcher(settings, trusted=True)  # the operator's own sources
        self.grouper = StoryGrouper(db)
        self._taught: set[str] = set()
        self._article_progress: ArticleProgress | None = None
        self._teach_aliases()

    def _teach_aliases(self) -> None:
        aliases = {k: v for k, v in known_aliases(self.db).items() if k not in self._taught}
        if aliases:
            self.analyzer.add_aliases(aliases)
            self._taught.update(aliases)

    def ingest(
        self,
        sources: Iterable[str],
        *,
        poll: bool = False,
        trusted: bool = False,
        progress: ProgressCallback | None = None,
        article_progress: ArticleProgress | None = None,
    ) -> IngestSummary:
        """Ingest every source (directories expanded); one failing source never stops the rest.

        `trusted` sources (the operator's, from the command line or PARTNERS_FEEDS) may be on
        private addresses; anything else must resolve to public ones.
        """
        summary = IngestSummary()
        sources = list(sources)
        kinds = ", ".join(sorted(SUFFIXES))
        for directory in empty_directories(sources):
            summary.errors.append(f"{directory}: no file to read in this directory ({kinds})")
        expanded = expand_sources(sources)
        self._article_progress = article_progress
        try:
            for done, source in enumerate(expanded, start=1):
                if progress:
                    progress(done - 1, len(expanded), source)
                try:
                    self.ingest_source(source, summary, poll=poll, trusted=trusted)
                except sqlite3.Error as exc:
                    stored = summary.new_stories + summary.copies
                    where = getattr(self.db, "path", None) or self.settings.db_path
                    problem = store_error(exc, where)
                    raise IngestStopped(
                        f"{problem}; stopped after storing {stored} new articles", stored
                    ) from None
                if progress:
                    progress(done, len(expanded), source)
        finally:
            self._article_progress = None
        return summary

    def check(self, text: str, url: str | None = None):
        """A message checked for a partnership: its link read (and stored), else its text
        analysed; see `bot.ingest.check`."""
        from bot.ingest.check import check_message

        return check_message(self, text, url)

    def ingest_source(
        self, source: str, summary: IngestSummary, *, poll: bool = False, trusted: bool = False
    ) -> IngestSummary:
        summary.sources += 1
        feed = feed_store.ensure_feed(self.db, source_key(source), poll=poll)
        trusted = trusted or source in self.settings.feeds
        result = read_source(
            source,
            self.trusted_fetcher if trusted else self.fetcher,
            etag=feed.etag,
            modified=feed.modified,
            known=lambda uid: article_exists(self.db, uid),
        )
        error = source_error(result.errors)
        if error:
            summary.errors.append(error)
        if result.not_modified:
            summary.not_modified += 1
        else:
            self.store_articles(result.articles, summary, feed_id=feed.id)
        # Only now: a run killed before its articles were stored must not have saved the
        # validators (ETag, Last-Modified), or the next poll's 304 would lose them.
        self._record_health(feed.id, result, error)
        return summary

    def _record_health(self, feed_id: int, result: SourceResult, error: str | None) -> None:
        if result.not_modified:
            feed_store.record_not_modified(self.db, feed_id)
        elif error and not result.articles:
            feed_store.record_error(self.db, feed_id, error)
        else:
            feed_store.record_success(
                self.db,
                feed_id,
                title=result.title,
                etag=result.etag,
                modified=result.modified,
                items=len(result.articles),
            )
            if error:
                feed_store.record_error(self.db, feed_id, error)

    def store_articles(
        self, articles: Sequence[Article], summary: IngestSummary, *, feed_id: int | None = None
    ) -> list[Saved]:
        """Analyse the articles not stored yet and store them, each in its own transaction."""
        summary.seen += len(articles)
        fresh: dict[str, Article] = {}
        for article in articles:
            if article.uid in fresh or article_exists(self.db, article.uid):
                summary.already_seen += 1
            else:
                fresh[article.uid] = article
        saved: list[Saved] = []
        batch = list(fresh.values())
        report = self._article_progress
        for article, analysis in zip(batch, self.analyzer.analyze_many(batch), strict=True):
            saved.append(self._save(article, analysis, summary, feed_id))
            if report:
                report(len(saved), len(batch))
        self._teach_aliases()
        return saved

    def _save(
        self, article: Article, analysis: Analysis, summary: IngestSummary, feed_id: int | None
    ) -> Saved:
        with self.db.atomic():
            result = save_article(
                self.db,
                article,
                analysis,
                self.grouper,
                feed_id=feed_id,
                content_hash=content_hash(article.title, article.text),
            )
        if result.duplicate:
            summary.already_seen += 1
            return result
        if result.new_story:
            summary.new_stories += 1
        else:
            summary.copies += 1
        if not analysis.supported:
            summary.unsupported += 1
        if result.new_partnership:
            summary.partnerships += 1
            summary.new_partnership_ids.append(result.partnership_id)
        log.debug(
            "stored %s as article %d (story %s)", article.uid, result.article_id, result.story_id
        )
        return result
