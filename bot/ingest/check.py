"""One message checked for a partnership (the "Check for partnership" shortcut): the first
link in it read like `/partners read` (same SSRF guard, stored), else the message's own
text analysed without being stored; with the analysis's reasons either way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlite_utils import Database

from bot.ingest.results import make_article
from bot.models import Analysis, Article
from bot.store.articles import article_read_from


class Ingests(Protocol):
    """What checking needs of an `Ingestor`: its database, analyser and `ingest`."""

    db: Database
    analyzer: Any

    def ingest(self, sources: list[str]) -> Any: ...


MIN_TEXT_CHARS = 40  # shorter than this, a message is no article to analyse


@dataclass
class Checked:
    """What checking one message found (plain data: it crosses process boundaries)."""

    checked: str = "nothing"  # "link": the linked article; "text": the message itself
    analysis: Analysis | None = None
    reasons: list[str] = field(default_factory=list)
    title: str | None = None
    link_error: str | None = None  # why the link could not be read
    new_partnership_ids: list[int] = field(default_factory=list)


def message_article(text: str) -> Article | None:
    """A pasted article: its first line as the headline when there are several."""
    text = (text or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return None
    first, _, rest = text.partition("\n")
    title, body = (
        (first.strip(), rest.strip()) if rest.strip() and len(first) <= 300 else ("", text)
    )
    return make_article(source="slack message", title=title, text=body)


def check_message(ingestor: Ingests, text: str, url: str | None) -> Checked:
    """Read `url` (when given) as a user's link, else analyse `text` (the message without
    its link); the analysis and its reasons of whichever was checked."""
    found = Checked()
    article = None
    if url:
        summary = ingestor.ingest([url])  # a user's link: public addresses only
        found.new_partnership_ids = list(summary.new_partnership_ids)
        stored = article_read_from(ingestor.db, url)
        if stored is not None:
            found.checked, found.title = "link", stored["title"]
            article = Article(uid=stored["uid"], title=stored["title"], text=stored["text"])
        else:
            found.link_error = summary.errors[0][:300] if summary.errors else "no article there"
    if article is None:
        article = message_article(text)
        found.checked = "text" if article is not None else found.checked
    if article is not None:
        found.analysis = ingestor.analyzer.analyze(article)
        explain = getattr(ingestor.analyzer, "explain", None)
        found.reasons = list(explain(article)) if explain else []
    return found
