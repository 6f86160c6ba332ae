"""The store: schema, idempotent writes, story grouping hooks and the slash-command read path."""

import random
import sqlite3

import pytest

from bot.store import open_db
from bot.store.feeds import ensure_feed, get_feed, record_error, record_success
from bot.store.migrations import migrations
from bot.store.orgs import ensure_org, find_orgs
from bot.store.queries import (
    fts_phrase,
    fts_query,
    latest_partnerships,
    partnerships_between,
    partnerships_involving,
)
from bot.store.search import search_articles

WORDS = [
    "market",
    "plant",
    "supply",
    "board",
    "growth",
    "quarter",
    "network",
    "battery",
    "software",
    "contract",
    "region",
    "customer",
    "platform",
    "revenue",
    "factory",
    "launch",
    "research",
    "pilot",
    "service",
    "capacity",
    "device",
    "engineer",
    "retail",
    "license",
    "venture",
    "storage",
    "chip",
    "grid",
    "fleet",
    "store",
    "payment",
    "model",
    "data",
]


def body(topic: str, n: int = 60) -> str:
    """A distinct article body per topic, so unrelated fixtures never look like copies."""
    rng = random.Random(topic)
    return f"{topic}. " + " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def test_open_db_is_wal_and_migrations_are_applied_once(tmp_path):
    path = tmp_path / "p.db"
    open_db(path).close()
    db = open_db(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")]
    assert names[0] == "m001_initial" and len(names) == len(set(names))
    assert migrations.pending(db) == []
    assert {"articles", "stories", "partnerships", "feeds", "deliveries"} <= set(db.table_names())


def test_the_database_stays_a_plain_sqlite_file(tmp_path, store, db):
    store(
        "u1", "Acme and Globex sign MoU", body("cloud"), parties=["Acme", "Globex"], deal_type="mou"
    )
    plain = sqlite3.connect(db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert plain.execute("SELECT COUNT(*) FROM partnerships").fetchone()[0] == 1


def test_saving_the_same_article_twice_changes_nothing(store, db):
    first = store(
        "u1", "Acme and Globex sign MoU", body("cloud"), parties=["Acme", "Globex"], deal_type="mou"
    )
    again = store(
        "u1", "Acme and Globex sign MoU", body("cloud"), parties=["Acme", "Globex"], deal_type="mou"
    )
    assert first.new_partnership and not first.duplicate
    assert again.duplicate and again.article_id == first.article_id
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM partnerships").fetchone()[0] == 1


def test_same_deal_in_english_and_french_is_one_story(store, db):
    en = store(
        "en1",
        "Acme and Globex form joint venture",
        body("batteries in Europe"),
        parties=["Acme", "Globex"],
        deal_type="joint_venture",
        published="2026-03-02T08:00:00Z",
    )
    fr = store(
        "fr1",
        "Acme et Globex créent une coentreprise",
        body("batteries en Europe"),
        parties=["Globex", "Acme"],
        deal_type="joint_venture",
        lang="fr",
        published="2026-03-03T09:00:00Z",
    )
    assert fr.story_id == en.story_id
    assert not fr.new_partnership
    (view,) = partnerships_involving(db, [o.id for o in find_orgs(db, "acme")])
    assert {s.lang for s in view.sources} == {"en", "fr"}


def test_same_parties_months_apart_are_different_stories(store):
    a = store(
        "a",
        "Acme and Globex form joint venture",
        body("batteries"),
        parties=["Acme", "Globex"],
        deal_type="joint_venture",
        published="2026-01-02T08:00:00Z",
    )
    b = store(
        "b",
        "Acme and Globex extend joint venture",
        body("hydrogen trucks"),
        parties=["Acme", "Globex"],
        deal_type="joint_venture",
        published="2026-06-02T08:00:00Z",
    )
    assert a.story_id != b.story_id and b.new_partnership


def test_partnerships_newest_first_with_paging(store, db):
    for i in range(7):
        store(
            f"u{i}",
            f"Acme partners with Partner{i}",
            body(f"topic {i} alpha{i}"),
            parties=["Acme", f"Partner{i}"],
            deal_type="collaboration",
        )
    acme = [o.id for o in find_orgs(db, "Acme")]
    page = partnerships_involving(db, acme, limit=5)
    assert page[0].parties == ("Acme", "Partner6")
    ids = [p.id for p in page]
    assert ids == sorted(ids, reverse=True) and len(ids) == 5
    rest = partnerships_involving(db, acme, limit=5, before_id=ids[-1])
    assert [p.parties[1] for p in rest] == ["Partner1", "Partner0"]


def test_partnerships_between_two_companies(store, db):
    store(
        "u1", "Acme and Globex sign MoU", body("cloud"), parties=["Acme", "Globex"], deal_type="mou"
    )
    store(
        "u2",
        "Acme and Initech collaborate",
        body("payments"),
        parties=["Acme", "Initech"],
        deal_type="collaboration",
    )
    found = partnerships_between(
        db, [o.id for o in find_orgs(db, "globex")], [o.id for o in find_orgs(db, "ACME")]
    )
    assert [p.parties for p in found] == [("Acme", "Globex")]


def test_not_a_partnership_feedback_hides_the_story_for_that_team_only(store, db):
    saved = store(
        "u1", "Acme and Globex sign MoU", body("cloud"), parties=["Acme", "Globex"], deal_type="mou"
    )
    db.execute(
        "INSERT INTO feedback (team_id, user_id, story_id, kind, created_at)"
        " VALUES ('T1', 'U1', ?, 'not_partnership', 'now')",
        [saved.story_id],
    )
    assert latest_partnerships(db, team_id="T1") == []
    assert len(latest_partnerships(db, team_id="T2")) == 1


def test_aliases_resolve_to_the_canonical_organisation(db):
    org_id = ensure_org(db, "Xiaomi")
    assert [o.id for o in find_orgs(db, "xiaomi")] == [org_id]
    assert [o.id for o in find_orgs(db, "Xiaomi Corp.")] == [org_id]
    assert find_orgs(db, "   ") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("xiaomi", '"xiaomi"'),
        ("cloud OR ai", '"cloud" "OR" "ai"'),
        ('NEAR(a b) "quoted" *', '"NEAR" "a" "b" "quoted"'),
        ("'; DROP TABLE articles; --", '"DROP" "TABLE" "articles"'),
        ("🤝 <!channel>", '"channel"'),
        ("", None),
        ("*** ---", None),
    ],
)
def test_user_text_never_reaches_fts5_unquoted(text, expected):
    assert fts_query(text) == expected


@pytest.mark.parametrize(
    "text", ["cloud OR ai", 'NEAR("x" y', "a*", "^start", "col:value", "x" * 3000, "AND"]
)
def test_search_with_hostile_text_answers_without_error(store, db, text):
    store(
        "u1", "Acme and Globex sign MoU", body("cloud"), parties=["Acme", "Globex"], deal_type="mou"
    )
    assert isinstance(search_articles(db, text), list)
    assert isinstance(search_articles(db, text, phrase=True), list)


def test_search_finds_newest_first_and_folds_accents(store, db):
    store("u1", "Énergie: Acme signe avec Globex", body("hydrogène vert"), lang="fr")
    store("u2", "Energy: Acme and Initech", body("green hydrogen"))
    assert [h.title for h in search_articles(db, "acme")] == [
        "Energy: Acme and Initech",
        "Énergie: Acme signe avec Globex",
    ]
    assert [h.title for h in search_articles(db, "energie")] == ["Énergie: Acme signe avec Globex"]
    assert fts_phrase("Acme signe") == '"Acme signe"'


def test_feed_health_records_success_and_errors(db):
    feed = ensure_feed(db, "https://news.example/feed.xml", poll=True)
    record_success(db, feed.id, title="Example", etag='"abc"', modified=None, items=3)
    record_error(db, feed.id, "https://news.example/feed.xml: HTTP 503")
    feed = get_feed(db, feed.id)
    assert feed.etag == '"abc"' and feed.items_seen == 3
    assert feed.last_error.endswith("HTTP 503") and feed.error_count == 1
    assert feed.last_success_at is not None


def test_a_party_as_written_and_the_alias_tables_name_are_one_organisation(db):
    # Parties keep the article's short form ("Aramco"); users may type the table's name.
    stored = ensure_org(db, "Aramco")
    assert ensure_org(db, "Saudi Aramco") == stored
    assert [o.id for o in find_orgs(db, "saudi aramco")] == [stored]


def test_the_bridge_works_when_the_user_typed_the_name_first(db):
    watched = ensure_org(db, "Saudi Aramco")
    assert ensure_org(db, "Aramco") == watched


def test_other_names_of_a_party_become_aliases_of_its_organisation(db):
    from bot.models import Analysis, Article
    from bot.store.articles import save_article
    from bot.store.orgs import find_orgs
    from bot.store.stories import StoryGrouper

    article = Article(uid="lt1", title="L&T and Norsk Vann sign MoU", text="L&T signed a deal.")
    analysis = Analysis(
        lang="en",
        is_partnership=True,
        confidence=0.9,
        parties=["Larsen & Toubro", "Norsk Vann"],
        party_aliases={"Larsen & Toubro": ["L&T"]},
        deal_type="mou",
        evidence=article.title,
        summary=article.text,
    )
    with db.atomic():
        save_article(db, article, analysis, StoryGrouper(db), content_hash="lt1")
    assert [o.name for o in find_orgs(db, "L&T")] == ["Larsen & Toubro"]
