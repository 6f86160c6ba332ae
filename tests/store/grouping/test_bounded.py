"""The same-deal check (another report of a stored deal, `StoryGrouper._same_event`) reads a
bounded number of rows, however many stories of the same two companies are stored, and
still finds the report's deal. Rows are counted (candidate stories, their articles, SQLite
virtual-machine steps), never timed."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

from bot.models import Analysis, Article
from bot.store import open_db
from bot.store import stories as grouping
from bot.store.articles import save_article
from bot.store.stories import MAX_EVENT_ARTICLES, MAX_EVENT_STORIES, StoryGrouper

from .texts import FRENCH, FRENCH_TITLE, FULL, WIRE_TITLE

PARTIES = ["Halvard Energy", "Norrsken Batteries"]


_uids = itertools.count()


def saver(db):
    """Save an analysed partnership article as ingestion does (see conftest's `save`)."""
    grouper = StoryGrouper(db)

    def save(title, text, *, parties, deal_type, published, lang="en"):
        uid = f"bounded:{next(_uids)}"
        article = Article(uid=uid, title=title, text=text, published=published, lang=lang)
        analysis = Analysis(
            lang=lang,
            is_partnership=True,
            confidence=0.9,
            parties=list(parties),
            deal_type=deal_type,
            summary=text[:200],
        )
        with db.atomic():
            return save_article(db, article, analysis, grouper, content_hash=uid)

    return save


def older_deals(save, count: int, start: int) -> None:
    """`count` other deals of the same two companies, months apart, in words of their own
    (so that none is a copy of another)."""
    for n in range(start, start + count):
        rng = random.Random(n)
        day = date(2025, 3, 1) - timedelta(days=30 * n)
        text = (
            f"Halvard Energy and Norrsken Batteries signed agreement number {n} on "
            f"{day:%d %B %Y}: " + " ".join(f"w{rng.randrange(20_000)}" for _ in range(120)) + "."
        )
        save(f"Halvard and Norrsken deal {n}", text, parties=PARTIES,
             deal_type="supply", published=f"{day}T08:00:00Z")  # fmt: skip


def reads_of_a_second_report(db, save, monkeypatch) -> dict[str, int]:
    """Store a deal, then its French report; what the same-event lookup read meanwhile."""
    english = save(WIRE_TITLE, FULL, parties=PARTIES, deal_type="joint_venture",
                   published="2025-05-04T07:00:00Z")  # fmt: skip
    counts = {"stories": 0, "articles": 0, "steps": 0}
    candidates, articles = grouping.candidate_stories, grouping.story_articles

    def counted_candidates(*args, **kwargs):
        found = candidates(*args, **kwargs)
        counts["stories"] += len(found)
        return found

    def counted_articles(*args, **kwargs):
        found = articles(*args, **kwargs)
        counts["articles"] += len(found)
        return found

    def step() -> int:
        counts["steps"] += 1
        return 0

    monkeypatch.setattr(grouping, "candidate_stories", counted_candidates)
    monkeypatch.setattr(grouping, "story_articles", counted_articles)
    db.conn.set_progress_handler(step, 100)
    try:
        french = save(FRENCH_TITLE, FRENCH, parties=PARTIES[::-1], deal_type="joint_venture",
                      lang="fr", published="2025-05-04T11:30:00Z")  # fmt: skip
    finally:
        db.conn.set_progress_handler(None, 0)
        monkeypatch.undo()
    assert french.story_id == english.story_id and not french.new_story  # the dedup holds
    return counts


def test_the_same_deal_check_reads_as_much_with_200_older_deals_as_with_60(tmp_path,
                                                                        monkeypatch):  # fmt: skip
    reads = []
    for n in (60, 200):
        db = open_db(tmp_path / f"{n}.db")
        try:
            save = saver(db)
            older_deals(save, n, start=0)
            reads.append(reads_of_a_second_report(db, save, monkeypatch))
        finally:
            db.close()
    few, many = reads
    # Candidate stories are capped (copies and same event), and so are their articles.
    for counts in (few, many):
        assert counts["stories"] <= 20 + MAX_EVENT_STORIES
        assert counts["articles"] <= 20 * 20 + MAX_EVENT_STORIES * MAX_EVENT_ARTICLES
    assert many["stories"] == few["stories"] and many["articles"] == few["articles"]
    assert many["steps"] <= 1.2 * few["steps"], (few, many)
