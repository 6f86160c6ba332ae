"""What reading one source gives back, and how articles are built from raw pieces."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.dates import utc_iso
from bot.ingest.uid import article_uid
from bot.models import Article

SourceKind = Literal["feed", "page", "file", "jsonl"]

_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


@dataclass
class SourceResult:
    """Articles read from one source, with per-item errors; never an exception.

    `etag`/`modified` are the validators to send next time (URLs only); `not_modified`
    means the server answered 304 and there is nothing new.
    """

    source: str
    kind: SourceKind
    title: str | None = None
    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    etag: str | None = None
    modified: str | None = None
    not_modified: bool = False


def storable(value: str | None) -> str:
    """Text SQLite will take: no NUL, no lone surrogates."""
    return _UNSTORABLE.sub("", value) if value else ""


def make_article(
    *,
    source: str,
    title: str,
    text: str,
    url: str | None = None,
    guid: str | None = None,
    published: str | None = None,
    external_id: str | None = None,
) -> Article:
    """An `Article` whose uid follows the url > guid > content-hash rule."""
    title = " ".join(storable(title).split())
    text = storable(text)
    url = storable(url).strip() or None
    guid = storable(guid).strip() or None
    return Article(
        uid=article_uid(url, guid, title, text),
        title=title,
        text=text,
        url=url,
        published=utc_iso(published),
        source=source,
        external_id=storable(external_id).strip() or guid,
    )


def one_line(message: str, limit: int = 300) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_line(exc: BaseException) -> str:
    """An exception as one short line: its message, else the name of its type."""
    return (" ".join(str(exc).split()) or type(exc).__name__)[:200]
