"""Local files of every kind as sources."""

from __future__ import annotations

import json

import pytest

from bot.ingest.sources import expand_sources, read_source

from .documents import DEAL, UNRELATED, article_page, paragraphs, rss


@pytest.mark.parametrize("suffix", [".xml", ".rss", ".atom", ".rdf"])
def test_feed_file(tmp_path, fetcher, suffix):
    path = tmp_path / f"wire{suffix}"
    path.write_text(rss({"title": "Deal", "guid": "g-1", "content": paragraphs(*DEAL)}))
    result = read_source(str(path), fetcher)
    assert (result.kind, result.title, result.errors) == ("feed", "Test wire", [])
    assert result.articles[0].uid == "guid:g-1" and result.articles[0].source == str(path)


def test_json_feed_file(tmp_path, fetcher):
    path = tmp_path / "wire.json"
    path.write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "items": [{"id": "j1", "title": "Deal", "content_text": DEAL[0]}],
            }
        )
    )
    (article,) = read_source(str(path), fetcher).articles
    assert (article.uid, article.text) == ("guid:j1", DEAL[0])


def test_html_file(tmp_path, fetcher):
    path = tmp_path / "saved.html"
    html = article_page("Corvid and Meridian team up", *DEAL).replace(
        "</head>", '<link rel="canonical" href="https://news.example/corvid"></head>'
    )
    path.write_text(html)
    result = read_source(str(path), fetcher)
    assert result.kind == "page"
    (article,) = result.articles
    assert article.title == "Corvid and Meridian team up"
    assert article.url == "https://news.example/corvid"
    assert article.uid == "url:https://news.example/corvid"
    assert article.text.split("\n\n") == DEAL


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_file_title_is_the_first_short_line(tmp_path, fetcher, suffix):
    path = tmp_path / f"note{suffix}"
    path.write_text("\n# Corvid and Meridian team up\n\n" + "\n\n".join(DEAL) + "\n")
    result = read_source(str(path), fetcher)
    (article,) = result.articles
    assert result.kind == "file" and article.title == "Corvid and Meridian team up"
    assert article.text.split("\n\n") == DEAL and article.uid.startswith("hash:")


def test_text_file_with_a_long_first_line_has_no_title(tmp_path, fetcher):
    path = tmp_path / "note.txt"
    path.write_text(" ".join(DEAL))
    (article,) = read_source(str(path), fetcher).articles
    assert article.title == "" and article.text == " ".join(DEAL)


def test_jsonl_with_a_bad_line(tmp_path, fetcher):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "x-1", "title": "Deal", "text": DEAL[0], "published": "2026-03-04"}),
        "{not json",
        json.dumps({"id": "x-2", "title": "No text"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps(
            {"id": 3, "title": "", "text": UNRELATED[0], "source_url": "https://c.example/b"}
        ),
    ]
    path.write_text("\n".join(lines) + "\n")
    result = read_source(str(path), fetcher)
    assert result.kind == "jsonl"
    assert [a.external_id for a in result.articles] == ["x-1", "3"]
    assert result.articles[0].published == "2026-03-04T00:00:00Z"  # the one form
    assert result.articles[1].uid == "url:https://c.example/b"
    assert [e.split(": ", 1)[0] for e in result.errors] == [
        f"{path}:2",
        f"{path}:3",
        f"{path}:5",
    ]
    assert "missing 'text'" in result.errors[1]


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.txt", "", "empty file"),
        ("broken.xml", "<<<>>> not xml at all", "not a feed"),
        ("nav.html", "<html><body><nav>Home</nav></body></html>", "no article text found"),
        ("photo.png", "\x89PNG", "unsupported file type .png"),
        ("huge.xml", None, "file larger than"),
    ],
)
def test_bad_files_are_one_error(tmp_path, fetcher, monkeypatch, name, content, reason):
    monkeypatch.setattr("bot.ingest.files.MAX_FILE_BYTES", 1000)
    path = tmp_path / name
    path.write_text(content if content is not None else "x" * 2000)
    result = read_source(str(path), fetcher)
    assert result.articles == []
    (error,) = result.errors
    assert error.startswith(f"{path}: {reason}")


def test_missing_file_and_directory(tmp_path, fetcher):
    assert read_source(str(tmp_path / "nope.xml"), fetcher).errors == [
        f"{tmp_path / 'nope.xml'}: no such file"
    ]
    assert read_source(str(tmp_path), fetcher).errors == [f"{tmp_path}: is a directory"]


def test_a_directory_of_mixed_files(tmp_path, fetcher):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "wire.xml").write_text(
        rss({"title": "Deal", "guid": "g-1", "content": paragraphs(*DEAL)})
    )
    (tmp_path / "notes.txt").write_text("Budget\n\n" + "\n\n".join(UNRELATED))
    (tmp_path / "batch.jsonl").write_text(json.dumps({"id": "1", "text": "Hello there"}))
    sources = expand_sources([str(tmp_path)])
    results = [read_source(source, fetcher) for source in sources]
    assert [r.kind for r in results] == ["jsonl", "feed", "file"]
    assert all(r.errors == [] and len(r.articles) == 1 for r in results)
