"""Article pages to text with trafilatura, offline: we pass the HTML we already have."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura

from bot.dates import utc_iso
from bot.ingest.html_text import clean_text

# Larger pages are cut before parsing (the fetcher's cap normally bites first).
MAX_PAGE_CHARS = 5_000_000
# Less main text than this is page furniture ("Home", "Subscribe"), not an article.
MIN_TEXT_CHARS = 80
DATE_PARAMS = {"extensive_search": False, "original_date": True}

log = logging.getLogger(__name__)
# trafilatura logs every page without an article at ERROR; for us that is a normal
# outcome, reported once as an ExtractError.
for _noisy in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)


class ExtractError(ValueError):
    """No main text could be found in a page; the message is one line."""


@dataclass(frozen=True)
class PageText:
    title: str
    text: str
    published: str | None
    url: str | None = None


def _decode(html: bytes | str, encoding: str | None) -> bytes | str:
    if isinstance(html, str) or not encoding:
        return html  # trafilatura sniffs the charset of bytes itself
    try:
        return html.decode(encoding, "replace")
    except LookupError:
        return html


def extract_page(html: bytes | str, url: str, *, encoding: str | None = None) -> PageText:
    """Title, main text (paragraphs separated by blank lines) and date of an article page.

    Raises `ExtractError` when the page holds no main text.
    """
    content = _decode(html[:MAX_PAGE_CHARS], encoding)
    if not content or not content.strip():
        raise ExtractError(f"{url}: empty page")
    try:
        document = trafilatura.bare_extraction(
            content,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception:  # trafilatura and lxml can trip over hostile markup
        log.debug("trafilatura failed on %s", url, exc_info=True)
        document = None
    if document is None or not (document.text or "").strip():
        raise ExtractError(f"{url}: no article text found")
    title = " ".join((document.title or "").split())
    lines = [line.strip() for line in document.text.splitlines()]
    if lines and title and lines[0] == title:
        lines = lines[1:]  # trafilatura repeats the headline as the first line
    text = clean_text("\n\n".join(line for line in lines if line))
    if len(text) < MIN_TEXT_CHARS:
        raise ExtractError(f"{url}: no article text found")
    page_url = document.url if (document.url or "").startswith(("http://", "https://")) else None
    return PageText(title=title, text=text, published=utc_iso(document.date), url=page_url)
