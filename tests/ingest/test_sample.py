"""The sample feed a newcomer ingests on first run."""

from __future__ import annotations

from bot.ingest.sources import SAMPLE_FEED, read_source
from bot.store.stories import StoryGrouper
from tests.store.test_stories import store


def test_sample_feed_reads_cleanly(fetcher):
    result = read_source(str(SAMPLE_FEED), fetcher)
    assert (result.kind, result.errors) == ("feed", [])
    assert len(result.articles) == 9
    titles = " ".join(article.title for article in result.articles)
    assert "Xiaomi and Microsoft" in titles and "partenariat" in titles
    for article in result.articles:
        assert article.uid.startswith("url:https://") and article.published.endswith("Z")
        assert len(article.text.split()) > 80 and "<p>" not in article.text


def test_sample_syndicated_release_is_one_story(db, fetcher):
    grouper = StoryGrouper(db)
    assigned = {}
    for article in read_source(str(SAMPLE_FEED), fetcher).articles:
        article_id = store(db, article.title, article.text)
        assigned[article.url] = grouper.assign(
            article_id, article.title, article.text, article.published, None
        )
    assert len({story for story, _ in assigned.values()}) == 8
    brightwell = [story for url, (story, _) in assigned.items() if "brightwell" in url]
    assert len(brightwell) == 2 and brightwell[0] == brightwell[1]
