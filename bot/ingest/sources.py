"""Sources -> articles: a URL (feed or article page), a local file, or a directory of them.

`read_source` never raises for bad input: whatever goes wrong becomes a one-line entry in
`SourceResult.errors`, and whatever could be read is returned.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from bot.ingest.collect import KnownCheck, feed_result
from bot.ingest.feeds import FeedError, parse_feed
from bot.ingest.fetch import Fetcher, FetchError
from bot.ingest.files import SUFFIXES, read_file
from bot.ingest.locations import file_url_to_path, is_url, source_key
from bot.ingest.pages import ExtractError, extract_page
from bot.ingest.results import SourceResult, make_article, one_line

__all__ = [
    "SAMPLE_FEED",
    "SourceResult",
    "empty_directories",
    "expand_sources",
    "read_source",
    "source_key",
]

# The feed a newcomer ingests on first run.
SAMPLE_FEED = Path(__file__).resolve().parent.parent / "sample" / "sample-feed.xml"

log = logging.getLogger(__name__)


def _walk(directory: Path) -> list[str]:
    found = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue  # .git, .DS_Store, editor droppings
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            found.append(str(path))
    return found


def expand_sources(sources: Iterable[str]) -> list[str]:
    """Directories become their readable files (recursively, sorted), `file://` URLs become
    paths, URLs and other paths stay as given; duplicates are dropped, order kept."""
    expanded: list[str] = []
    for raw in sources:
        source = raw.strip()
        if not source:
            continue
        if is_url(source):
            expanded.append(source)
            continue
        source = file_url_to_path(source)
        path = Path(source).expanduser()
        expanded.extend(_walk(path) if path.is_dir() else [source])
    return list(dict.fromkeys(expanded))


def empty_directories(sources: Iterable[str]) -> list[str]:
    """The directories among `sources` that hold no file `ingest` can read."""
    empty = []
    for raw in sources:
        source = raw.strip()
        if not source or is_url(source):
            continue
        path = Path(file_url_to_path(source)).expanduser()
        if path.is_dir() and not _walk(path):
            empty.append(source)
    return empty


def _read_url(
    source: str,
    fetcher: Fetcher,
    etag: str | None,
    modified: str | None,
    known: KnownCheck | None,
) -> SourceResult:
    try:
        fetched = fetcher.get(source, etag=etag, modified=modified)
    except FetchError as exc:
        return SourceResult(source=source, kind="feed", errors=[one_line(str(exc))])
    if fetched.not_modified:
        return SourceResult(
            source=source,
            kind="feed",
            etag=fetched.etag,
            modified=fetched.modified,
            not_modified=True,
        )
    try:
        feed = parse_feed(fetched.content, fetched.final_url, content_type=fetched.content_type)
    except FeedError as feed_error:
        result = _read_page(source, fetched.content, fetched.final_url, fetched.encoding)
        if not result.articles:
            result.errors = [one_line(f"{source}: {_not_a_feed(feed_error)}, and no article text")]
    else:
        result = feed_result(source, feed, fetcher, known=known)
    result.etag, result.modified = fetched.etag, fetched.modified
    return result


def _not_a_feed(error: FeedError) -> str:
    message = str(error)
    return message.split(": ", 1)[1] if ": " in message else message


def _read_page(source: str, content: bytes, url: str, encoding: str | None) -> SourceResult:
    result = SourceResult(source=source, kind="page")
    try:
        page = extract_page(content, url, encoding=encoding)
    except ExtractError as exc:
        result.errors.append(one_line(str(exc)))
        return result
    result.title = page.title or None
    result.articles.append(
        make_article(
            source=source, title=page.title, text=page.text, url=url, published=page.published
        )
    )
    return result


def read_source(
    source: str,
    fetcher: Fetcher,
    *,
    etag: str | None = None,
    modified: str | None = None,
    known: KnownCheck | None = None,
) -> SourceResult:
    """Read one source (URL, `file://` URL or path) into articles.

    A URL is a feed if its body parses as one, else an article page. Feed items without
    full text have their pages fetched and extracted, except those `known(uid)` says are
    stored already. Never raises for bad input; failures are in `errors`.
    """
    source = source.strip()
    if is_url(source):
        result = _read_url(source, fetcher, etag, modified, known)
    else:
        path = Path(file_url_to_path(source)).expanduser()
        result = read_file(path, source, fetcher, known=known)
    if result.errors:
        log.info("%s: %d articles, %d errors", source, len(result.articles), len(result.errors))
    return result
