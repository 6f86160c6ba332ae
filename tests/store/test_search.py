"""Full-text search read window by window (`bot.store.search`): the same answers as FTS5's
own query, and a bounded number of rows read when common words are rarely together."""

import itertools
import random

import pytest

from bot.store import search as fts
from bot.store.queries import fts_phrase, fts_query
from bot.store.search import fold, has_phrase, phrase_pattern, search, searched_since, words

_UIDS = itertools.count()
VOCABULARY = ["acme", "globex", "cloud", "services", "battery", "recycling", "énergie", "la"]


def add_articles(db, texts, *, start_day=1):
    """Articles with these texts (title = first three words), oldest first; their ids."""
    ids = []
    with db.atomic():
        for i, text in enumerate(texts):
            title = " ".join(text.split()[:3])
            ids.append(
                db.execute(
                    "INSERT INTO articles (uid, title, text, summary, published, fetched_at,"
                    " content_hash) VALUES (?, ?, ?, '', ?, ?, ?)",
                    [
                        f"u{next(_UIDS)}",
                        title,
                        text,
                        f"2026-01-{start_day + i % 28:02d}T08:00:00Z",
                        "2026-02-01T00:00:00Z",
                        f"h{i}",
                    ],
                ).lastrowid
            )
    return ids


def reference(db, text, *, limit, phrase=False, from_id=1):
    """What FTS5's own query answers: every article, newest first."""
    query = fts_phrase(text) if phrase else fts_query(text)
    return [
        r[0]
        for r in db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ?"
            " ORDER BY rowid DESC LIMIT ?",
            [query, from_id, limit],
        )
    ]


@pytest.fixture
def mixed(db):
    rng = random.Random(7)
    texts = [
        " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 12))) for _ in range(400)
    ]
    add_articles(db, texts)
    return db


QUERIES = ["acme globex", "cloud services", "la énergie", "battery recycling acme", "globex"]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("phrase", [False, True])
@pytest.mark.parametrize("limit", [1, 5, 10])
@pytest.mark.parametrize("lookup", [100, 1])  # 1: candidates looked up one by one
def test_same_hits_as_fts5_when_the_budget_suffices(
    mixed, monkeypatch, text, phrase, limit, lookup
):
    # Word salad: most articles have all the words, few in a row; check them all.
    monkeypatch.setattr(fts, "PHRASE_CHECKS", 1_000)
    monkeypatch.setattr(fts, "LOOKUP_ROWS", lookup)
    found = search(mixed, text, limit=limit, phrase=phrase)
    assert found.searched_from is None
    assert [h.id for h in found.hits] == reference(mixed, text, limit=limit, phrase=phrase)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("phrase", [False, True])
def test_a_small_budget_gives_the_newest_hits_of_what_it_read(mixed, monkeypatch, text, phrase):
    """Whatever the budget, the hits are exactly FTS5's newest among the articles searched,
    and no more rows are read than the budget allows."""
    monkeypatch.setattr(fts, "FIRST_WINDOW", 16)
    for budget, lookup in ((5, 100), (40, 100), (150, 100), (40, 3), (150, 1)):
        monkeypatch.setattr(fts, "ROW_BUDGET", budget)
        monkeypatch.setattr(fts, "LOOKUP_ROWS", lookup)
        monkeypatch.setattr(fts, "PHRASE_CHECKS", 7)
        found = search(mixed, text, limit=20, phrase=phrase)
        one_word = len(text.split()) == 1  # read in one go, newest first, up to the limit
        assert found.rows_read <= (20 if one_word else budget)
        start = found.searched_from or 1
        assert [h.id for h in found.hits] == reference(
            mixed, text, limit=20, phrase=phrase, from_id=start
        )
        if found.searched_from is not None:
            assert len(found.hits) < 20


def test_common_words_never_together_read_the_same_rows_however_big_the_store(db, monkeypatch):
    monkeypatch.setattr(fts, "ROW_BUDGET", 300)
    monkeypatch.setattr(fts, "FIRST_WINDOW", 64)
    english = "the partners said the deal was signed"
    french = "la société a signé la convention"
    reads = []
    for _ in range(3):
        add_articles(db, [english, french] * 500)
        found = search(db, "the la", limit=10)
        assert found.hits == [] and found.searched_from is not None
        reads.append(found.rows_read)
    assert reads[0] == reads[1] == reads[2] <= 300
    # A rare word still searches everything: the first article, among 3,000.
    add_articles(db, ["zorblax signs with the la"])
    db.execute("UPDATE articles SET text = 'zorblax the la' WHERE id = 1")
    found = search(db, "zorblax the la", limit=10)
    assert found.searched_from is None
    assert [h.id for h in found.hits] == [3001, 1]


def test_a_phrase_is_words_in_a_row_within_one_column(db):
    ids = add_articles(
        db,
        [
            "cloud services from acme",  # title "cloud services from"
            "services cloud acme",
            "the cloud, services",  # punctuation between: still in a row for FTS5
            "cloud_services",  # "_" separates words for FTS5 too
            "acme cloud",
        ],
    )
    found = search(db, "cloud services", limit=10, phrase=True)
    assert [h.id for h in found.hits] == reference(db, "cloud services", limit=10, phrase=True)
    assert [h.id for h in found.hits] == [ids[3], ids[2], ids[0]]


@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("L'Énergie Verte de Renault", "energie verte", True),
        ("ENERGIE—VERTE", "énergie verte", True),
        ("synergie verte", "energie verte", False),  # not from a word's start
        ("energie vertes", "energie verte", False),  # not to a word's end
        ("energie_verte", "energie verte", True),
        ("", "energie", False),
    ],
)
def test_phrase_check_folds_as_fts5_does(text, phrase, expected):
    assert has_phrase(text, phrase_pattern(words(phrase))) is expected


def test_words_and_fold():
    assert words("Dassault Systèmes, L'ORÉAL_2") == ["dassault", "systemes", "l", "oreal", "2"]
    assert fold("Ça") == "ca"


def test_searched_since_names_the_day_of_the_first_article_searched(db):
    ids = add_articles(db, ["one", "two", "three"], start_day=3)
    assert searched_since(db, ids[1]) == "2026-01-04"
    assert searched_since(db, None) is None


@pytest.mark.parametrize("text", ["", "***", "   "])
def test_nothing_to_search_for(db, text):
    add_articles(db, ["acme"])
    assert search(db, text).hits == []
