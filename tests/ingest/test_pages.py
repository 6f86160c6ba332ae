"""Article pages to text with trafilatura (offline)."""

from __future__ import annotations

import pytest

from bot.ingest.pages import ExtractError, extract_page

from .documents import DEAL, article_page

URL = "https://news.example/biz/corvid-meridian"


def test_main_text_without_chrome():
    page = extract_page(article_page("Corvid and Meridian team up", *DEAL).encode(), URL)
    assert page.title == "Corvid and Meridian team up"
    assert page.text.split("\n\n") == DEAL
    assert page.published == "2026-03-02T00:00:00Z"
    for chrome in ("Home", "All rights reserved", "track("):
        assert chrome not in page.text


def test_str_and_declared_encoding():
    html = article_page("Alvéa et Néodrive", "Le groupe Alvéa " * 30)
    assert "Alvéa" in extract_page(html, URL).text
    assert "Alvéa" in extract_page(html.encode("latin-1"), URL, encoding="latin-1").text
    assert "Alvéa" in extract_page(html.encode(), URL, encoding="no-such-codec").text


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"   ",
        b"<html><body></body></html>",
        b"<html><body><nav>Home</nav></body></html>",
        b"\x00\xff\xfe garbage",
    ],
)
def test_no_main_text_raises(html):
    with pytest.raises(ExtractError) as caught:
        extract_page(html, URL)
    assert str(caught.value).startswith(URL + ": ")
