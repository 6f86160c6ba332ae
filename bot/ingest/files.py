"""Local files as sources: feeds, saved article pages, plain text and JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

from bot.ingest.collect import KnownCheck, feed_result
from bot.ingest.feeds import FeedError, parse_feed
from bot.ingest.fetch import Fetcher
from bot.ingest.html_text import clean_text
from bot.ingest.pages import ExtractError, extract_page
from bot.ingest.results import SourceResult, make_article, one_line

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf", ".json"})
PAGE_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = FEED_SUFFIXES | PAGE_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES
# Whole-document files larger than this are refused (JSON Lines are streamed instead).
MAX_FILE_BYTES = 20_000_000
# A first line this short (or shorter) is a title, not the start of the body.
MAX_TITLE_CHARS = 200


def _read_bytes(path: Path, result: SourceResult) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            result.errors.append(f"{result.source}: file larger than {MAX_FILE_BYTES} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        result.errors.append(one_line(f"{result.source}: cannot read ({exc.strerror or exc})"))
        return None


def _read_feed(path: Path, source: str, fetcher: Fetcher, known: KnownCheck | None):
    empty = SourceResult(source=source, kind="feed")
    content = _read_bytes(path, empty)
    if content is None:
        return empty
    try:
        feed = parse_feed(content, source)
    except FeedError as exc:
        return SourceResult(source=source, kind="feed", errors=[one_line(str(exc))])
    return feed_result(source, feed, fetcher, known=known)


def _read_page(path: Path, source: str) -> SourceResult:
    result = SourceResult(source=source, kind="page")
    content = _read_bytes(path, result)
    if content is None:
        return result
    try:
        page = extract_page(content, path.resolve().as_uri())
    except ExtractError:
        result.errors.append(f"{source}: no article text found")
        return result
    result.title = page.title or None
    result.articles.append(
        make_article(
            source=source,
            title=page.title or path.stem,
            text=page.text,
            url=page.url,
            published=page.published,
        )
    )
    return result


def split_title(text: str) -> tuple[str, str]:
    """(title, body): the first non-empty line is the title when it is short."""
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip().lstrip("#").strip()
        if not stripped:
            continue
        rest = "\n".join(lines[index + 1 :])
        if len(stripped) <= MAX_TITLE_CHARS and clean_text(rest):
            return stripped, rest
        break
    return "", text


def _read_text(path: Path, source: str) -> SourceResult:
    result = SourceResult(source=source, kind="file")
    content = _read_bytes(path, result)
    if content is None:
        return result
    title, body = split_title(content.decode("utf-8-sig", "replace"))
    text = clean_text(body)
    if not text:
        result.errors.append(f"{source}: empty file")
        return result
    result.title = title or None
    result.articles.append(make_article(source=source, title=title, text=text))
    return result


def _jsonl_article(source: str, line: str):
    """An article from one JSON Lines record, or the reason it is unusable."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return f"invalid JSON ({exc})"
    if not isinstance(record, dict):
        return "not a JSON object"
    text, title = record.get("text"), record.get("title") or ""
    if not isinstance(text, str) or not text.strip():
        return "missing 'text'"
    if not isinstance(title, str):
        return "'title' is not a string"
    ident = record.get("id")
    url = record.get("url") or record.get("source_url")
    published = record.get("published")
    return make_article(
        source=source,
        title=title,
        text=clean_text(text),
        url=url if isinstance(url, str) else None,
        published=published,
        external_id=str(ident) if isinstance(ident, str | int) else None,
    )


def _read_jsonl(path: Path, source: str) -> SourceResult:
    result = SourceResult(source=source, kind="jsonl")
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                article = _jsonl_article(source, line)
                if isinstance(article, str):
                    result.errors.append(one_line(f"{source}:{number}: {article}"))
                else:
                    result.articles.append(article)
    except OSError as exc:
        result.errors.append(one_line(f"{source}: cannot read ({exc.strerror or exc})"))
    if not result.articles and not result.errors:
        result.errors.append(f"{source}: empty file")
    return result


def read_file(
    path: Path, source: str, fetcher: Fetcher, *, known: KnownCheck | None = None
) -> SourceResult:
    """Read a local file by its suffix; an unknown suffix is tried as a feed."""
    suffix = path.suffix.lower()
    if not path.exists():
        return SourceResult(source=source, kind="file", errors=[f"{source}: no such file"])
    if path.is_dir():
        return SourceResult(source=source, kind="file", errors=[f"{source}: is a directory"])
    if suffix in PAGE_SUFFIXES:
        return _read_page(path, source)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path, source)
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(path, source)
    result = _read_feed(path, source, fetcher, known)
    if suffix not in FEED_SUFFIXES and not result.articles:
        result.errors = [f"{source}: unsupported file type {suffix or '(no suffix)'}"]
    return result
