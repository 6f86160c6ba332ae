"""Grouping copies into stories, persisted in a real SQLite file."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.ingest.uid import content_hash
from bot.store.clock import iso
from bot.store.stories import StoryGrouper
from tests.ingest.documents import DEAL, UNRELATED

_uids = itertools.count()


def store(db, title: str, text: str) -> int:
    """An article row, as the pipeline writes it before grouping."""
    return db.execute(
        "INSERT INTO articles (uid, title, text, fetched_at, content_hash) VALUES (?,?,?,?,?)",
        [f"test:{next(_uids)}", title, text, iso(), content_hash(title, text)],
    ).lastrowid


@pytest.fixture
def stories(db):
    grouper = StoryGrouper(db)

    def add(title: str, text: str, published: str | None = None, lang: str | None = "en"):
        return grouper.assign(store(db, title, text), title, text, published, lang)

    add.grouper = grouper
    return add


def story_row(db, story_id: int) -> dict:
    return next(db.query("SELECT * FROM stories WHERE id = ?", [story_id]))


ORIGINAL = "\n\n".join(DEAL)


def test_first_article_starts_a_story(db, stories):
    story_id, created = stories("Corvid and Meridian team up", ORIGINAL, "2026-03-04T09:00:00Z")
    assert created
    row = story_row(db, story_id)
    assert row["title"] == "Corvid and Meridian team up" and row["lang"] == "en"
    assert row["published"] == "2026-03-04T09:00:00Z" and row["n_articles"] == 1
    assert row["first_article_id"] is not None and row["created_at"].endswith("Z")


def test_syndicated_copy_with_another_footer_and_title_joins_the_story(db, stories):
    first, _ = stories("Corvid and Meridian team up", ORIGINAL, "2026-03-04T09:00:00Z")
    copy = (
        "LEEDS (Example Wire) - "
        + ORIGINAL
        + "\n\nReporting by A. Writer; editing by B. Editor. Our standards: the Trust Principles."
    )
    second, created = stories("Robot maker Corvid signs grocer deal", copy, "2026-03-04T08:00:00Z")
    assert (second, created) == (first, False)
    row = story_row(db, first)
    assert row["n_articles"] == 2
    assert row["published"] == "2026-03-04T08:00:00Z"  # the earliest
    assert row["title"] == "Corvid and Meridian team up"  # the first
    story_ids = {r[0] for r in db.execute("SELECT story_id FROM articles").fetchall()}
    assert story_ids == {first}


def test_truncated_reprint_joins_the_story(db, stories):
    first, _ = stories("Corvid and Meridian team up", ORIGINAL)
    reprint = "\n\n".join(DEAL[:2]) + "\n\nRead the full story on our partner's site."
    assert stories("Corvid, Meridian in robot deal", reprint) == (first, False)


def test_full_article_after_its_teaser_reprint_joins_the_story(db, stories):
    first, _ = stories("Corvid, Meridian in robot deal", "\n\n".join(DEAL[:2]))
    assert stories("Corvid and Meridian team up", ORIGINAL) == (first, False)


def test_unrelated_articles_are_separate_stories(db, stories):
    deal, _ = stories("Corvid and Meridian team up", ORIGINAL)
    budget, created = stories("Council passes budget", "\n\n".join(UNRELATED))
    assert created and budget != deal


def test_same_company_different_news_is_a_different_story(db, stories):
    stories("Corvid and Meridian team up", ORIGINAL)
    other = (
        "Corvid Robotics said on Thursday it had appointed a new chief financial officer, "
        "who joins from a listed engineering group, as the Leeds company prepares for a "
        "possible stock market listing in London within the next two years. The new finance "
        "chief will oversee the company's fundraising and its expansion into Germany, where "
        "Corvid opened a sales office last autumn and hired twenty engineers."
    )
    assert stories("Corvid names finance chief", other)[1] is True


@pytest.mark.parametrize(
    "a,b",
    [
        (("Acme results", "Acme reports higher profit."), ("Globex results", "Globex profit up.")),
        (("", "Read more on our website."), ("", "Read more on our site today.")),
        (("Briefly", "Shares rose."), ("Briefly", "Shares fell.")),
    ],
)
def test_short_texts_do_not_merge_with_unrelated_short_texts(db, stories, a, b):
    first, _ = stories(*a)
    second, created = stories(*b)
    assert created and second != first


def test_short_text_is_not_swallowed_by_a_long_one_containing_it(db, stories):
    stories("Corvid and Meridian team up", ORIGINAL)
    assert stories("", "The companies did not disclose the value of the deal.")[1] is True


def test_assign_is_idempotent(db, stories):
    grouper = stories.grouper
    article_id = store(db, "Corvid and Meridian team up", ORIGINAL)
    first = grouper.assign(article_id, "Corvid and Meridian team up", ORIGINAL, None, "en")
    again = grouper.assign(article_id, "Corvid and Meridian team up", ORIGINAL, None, "en")
    assert again == (first[0], False)
    counts = [
        db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("stories", "story_signatures")
    ]
    assert counts == [1, 1]
    assert story_row(db, first[0])["n_articles"] == 1


def test_grouping_survives_reopening_the_database(tmp_path, db, stories):
    from bot.store.db import open_db

    first, _ = stories("Corvid and Meridian team up", ORIGINAL)
    db.conn.commit()
    reopened = open_db(tmp_path / "partners.db")
    article_id = store(reopened, "Copy", ORIGINAL + "\n\nSyndicated by Example Wire.")
    assert StoryGrouper(reopened).assign(article_id, "Copy", ORIGINAL, None, None) == (
        first,
        False,
    )
    reopened.conn.close()


def test_merge_moves_articles_bands_and_signatures(db, stories):
    english, _ = stories("Corvid and Meridian team up", ORIGINAL, "2026-03-04T09:00:00Z")
    french_text = "\n\n".join(UNRELATED)  # stands in for the French report of the same deal
    french, _ = stories("Corvid et Meridian s'allient", french_text, "2026-03-03T09:00:00Z", "fr")
    moved = stories.grouper.merge(english, french)
    assert moved == 1
    assert db.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 1
    row = story_row(db, english)
    assert row["n_articles"] == 2 and row["published"] == "2026-03-03T09:00:00Z"
    for table in ("articles", "story_signatures", "story_bands"):
        ids = {r[0] for r in db.execute(f"SELECT DISTINCT story_id FROM {table}").fetchall()}
        assert ids == {english}, table
    # A later copy of the French report now lands in the merged story.
    assert stories("Corvid et Meridian", french_text + "\n\nSource : agence.") == (english, False)


def test_merge_keeps_a_story_row_others_still_refer_to(db, stories):
    english, _ = stories("Corvid and Meridian team up", ORIGINAL)
    other, _ = stories("Council budget", "\n\n".join(UNRELATED))
    db.execute(
        "INSERT INTO feedback (team_id, story_id, kind, created_at) VALUES ('T1', ?, 'up', ?)",
        [other, iso()],
    )
    assert stories.grouper.merge(english, other) == 1
    assert story_row(db, other)["n_articles"] == 0
    assert story_row(db, english)["n_articles"] == 2


def test_merge_into_itself_does_nothing(db, stories):
    story_id, _ = stories("Corvid and Meridian team up", ORIGINAL)
    assert stories.grouper.merge(story_id, story_id) == 0
    assert story_row(db, story_id)["n_articles"] == 1


def test_the_caller_owns_the_transaction(db, stories):
    db.conn.commit()
    with db.atomic():
        stories("Corvid and Meridian team up", ORIGINAL)
        assert db.conn.in_transaction
    assert not db.conn.in_transaction
    with pytest.raises(RuntimeError), db.atomic():
        stories("Council budget", "\n\n".join(UNRELATED))
        raise RuntimeError("analysis failed")
    assert db.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 1


def test_candidate_lookup_is_an_index_search(db, stories, monkeypatch):
    plans = []
    db.conn.set_trace_callback(
        lambda sql: plans.append(sql) if "FROM story_bands WHERE band" in sql else None
    )
    stories("Corvid and Meridian team up", ORIGINAL)
    db.conn.set_trace_callback(None)
    assert len(plans) == 2  # copies by fingerprints, reports of the event by actor pairs
    for sql in plans:
        rows = db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        plan = " ".join(str(row[-1]) for row in rows)
        assert "SEARCH story_bands USING PRIMARY KEY (band=?)" in plan
        assert "SCAN story_bands" not in plan


def _distinct_text(seed: int, n: int = 150) -> str:
    """A body of its own words per seed (no names), so generated stories stay apart."""
    rng = random.Random(seed)
    vocabulary = " ".join(DEAL + UNRELATED).lower().split()
    return " ".join(rng.choice(vocabulary) for _ in range(n)) + "."


def test_crowded_keys_do_not_hide_an_older_story(db, stories, monkeypatch):
    # Six different stories carry the same short boilerplate, so its fingerprints are in
    # all of them; each key only yields its newest stories, and the copy of the oldest
    # story is still found through the fingerprints of its own text.
    monkeypatch.setattr("bot.store.stories.MAX_STORIES_PER_BAND", 3)
    boilerplate = UNRELATED[0]
    ids = [stories(f"Story {n}", f"{_distinct_text(n)}\n\n{boilerplate}")[0] for n in range(6)]
    assert len(set(ids)) == 6
    copy = f"{_distinct_text(0)}\n\n{boilerplate}\n\nDistributed by Example Wire."
    assert stories("Story 0 (wire copy)", copy) == (ids[0], False)
