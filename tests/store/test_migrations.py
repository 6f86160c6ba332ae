"""Every migration written is registered, and applies on a fresh database and on one made
before the later numbers were written."""

from __future__ import annotations

import inspect

from sqlite_utils.migrations import Migrations

from bot.models import Analysis, Article
from bot.store import migrations as module
from bot.store import open_db
from bot.store.articles import save_article
from bot.store.db import Store
from bot.store.migrations import migrations
from bot.store.stories import StoryGrouper

DEAL = "Arlon Motors and Bexley Batteries form a joint venture to make battery cells"


def test_every_migration_function_is_registered():
    written = sorted(
        name
        for name, obj in inspect.getmembers(module, inspect.isfunction)
        if name[:1] == "m" and name[1:4].isdigit()
    )
    registered = [m.name for m in migrations._migrations]
    assert written == sorted(registered)
    assert registered == sorted(registered), "migrations apply in the order they are numbered"


def test_a_fresh_database_has_every_migration(db):
    applied = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [m.name for m in migrations._migrations]


def _schema(db) -> list[tuple]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return sorted(
        db.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ) + [(t, db.execute(f"PRAGMA table_xinfo('{t}')").fetchall()) for t in sorted(tables)]


def test_m007_applies_after_m008_on_a_database_made_before_it_was_written(tmp_path):
    # Databases made by the releases before m007 have m001–m006 and m008: m007 applies
    # after them, backfills what it adds, and the schema ends as a fresh database's.
    before_m007 = Migrations("partners_bot")
    for m in migrations._migrations:
        if m.name != "m007_channel_settings" and m.name < "m009":
            before_m007(name=m.name)(m.fn)
    old = Store(tmp_path / "old.db")
    before_m007.apply(old)
    article = Article(uid="a1", title=DEAL, text=DEAL, published="2019-05-16T08:00:00+00:00")
    analysis = Analysis(
        lang="en",
        is_partnership=True,
        confidence=0.9,
        parties=["Arlon Motors", "Bexley Batteries"],
        deal_type="joint_venture",
        evidence=DEAL,
        summary=DEAL,
    )
    with old.atomic():
        save_article(old, article, analysis, StoryGrouper(old), content_hash="a1")
    old.close()

    upgraded = open_db(tmp_path / "old.db")
    fresh = open_db(tmp_path / "fresh.db")

    applied = [r[0] for r in upgraded.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied[6:8] == ["m008_insights", "m007_channel_settings"]
    assert _schema(upgraded) == _schema(fresh)
    dates = upgraded.execute("SELECT DISTINCT deal_date FROM partnership_parties").fetchall()
    assert dates == [("2019-05-16T08:00:00+00:00",)]


def test_m010_counts_the_deals_stored_before_it_as_its_triggers_count_new_ones(tmp_path):
    # A store made before m010 gets deal_days filled from its partnerships, and ends with a
    # fresh database's schema and the counts a fresh database keeps for the same deals.
    before_m010 = Migrations("partners_bot")
    for m in migrations._migrations:
        if m.name < "m010":
            before_m010(name=m.name)(m.fn)
    old, fresh = Store(tmp_path / "old.db"), open_db(tmp_path / "fresh.db")
    before_m010.apply(old)
    for store in (old, fresh):
        grouper = StoryGrouper(store)
        for i, (parties, published, topics) in enumerate([
            (["Arlon Motors", "Bexley Batteries"], "2019-05-16T08:00:00+00:00", ["energy"]),
            (["Arlon Motors", "Corvin Labs"], "2019-05-16T17:30:00+00:00", ["energy", "ai"]),
            (["Bexley Batteries", "Corvin Labs", "Dunmore"], None, []),
        ]):  # fmt: skip
            text = f"{' and '.join(parties)} sign agreement number {i} on cells"
            article = Article(uid=f"a{i}", title=text, text=text, published=published)
            analysis = Analysis(lang="en", is_partnership=True, confidence=0.9,
                                parties=parties, deal_type="joint_venture", topics=topics,
                                evidence=text, summary=text)  # fmt: skip
            with store.atomic():
                save_article(store, article, analysis, grouper, content_hash=f"a{i}")
    old.close()

    upgraded = open_db(tmp_path / "old.db")

    assert _schema(upgraded) == _schema(fresh)
    counts = "SELECT kind, item, day, n FROM deal_days WHERE kind != 'company' ORDER BY 1, 2, 3"
    assert upgraded.execute(counts).fetchall() == fresh.execute(counts).fetchall()
    parties = (
        "SELECT o.name, d.day, d.n FROM deal_days d JOIN organisations o ON o.id = d.item"
        " WHERE d.kind = 'company' ORDER BY 1, 2"
    )
    assert upgraded.execute(parties).fetchall() == fresh.execute(parties).fetchall()
    assert ("Arlon Motors", "2019-05-16", 2) in upgraded.execute(parties).fetchall()
    assert ("topic", "energy", "2019-05-16", 2) in upgraded.execute(counts).fetchall()
