"""One story per event, through the real store: copies and reports in both languages join,
endings and other deals of the same companies stay apart."""

from __future__ import annotations

from bot.store.clock import iso

from .texts import (
    ENDING,
    ENDING_TITLE,
    FRENCH,
    FRENCH_TITLE,
    FULL,
    OTHER,
    OTHER_TITLE,
    WIRE_TITLE,
    wire,
)

PARTIES = ["Halvard Energy", "Norrsken Batteries"]


def stories(db) -> int:
    return db.execute("SELECT COUNT(*) FROM stories WHERE n_articles > 0").fetchone()[0]


def test_truncated_copy_joins_the_story(save):
    first = save(WIRE_TITLE, FULL, published="2025-05-04T07:00:00Z")
    copy = save(WIRE_TITLE, wire(0, 1) + "\n\nRead more on our partner's site.")
    assert (copy.story_id, copy.new_story) == (first.story_id, False)


def test_reheadlined_copy_joins_the_story(save):
    first = save(WIRE_TITLE, FULL)
    copy = save("Nordic utility bets on sodium-ion cells in Poland", FULL)
    assert copy.story_id == first.story_id


def test_copy_starting_at_another_paragraph_joins_the_story(save):
    first = save(WIRE_TITLE, FULL)
    copy = save("Battery venture for Gdansk", wire(2, 3, 4, 5) + "\n\n(c) Example Daily")
    assert copy.story_id == first.story_id


def test_the_full_text_after_its_excerpt_joins_the_excerpt_story(save):
    excerpt = save("Battery venture for Gdansk", wire(3, 4, 5))
    full = save(WIRE_TITLE, FULL)
    assert full.story_id == excerpt.story_id


def test_english_and_french_reports_of_one_deal_are_one_story(save, db):
    english = save(
        WIRE_TITLE, FULL, parties=PARTIES, deal_type="joint_venture",
        published="2025-05-04T07:00:00Z",
    )  # fmt: skip
    french = save(
        FRENCH_TITLE, FRENCH, parties=["Norrsken Batteries", "Halvard Energy"],
        deal_type="joint_venture", lang="fr", published="2025-05-04T11:30:00Z",
    )  # fmt: skip
    assert french.story_id == english.story_id and not french.new_story
    assert not french.new_partnership  # one partnership, two sources
    langs = {r[0] for r in db.execute("SELECT lang FROM articles").fetchall()}
    assert langs == {"en", "fr"} and stories(db) == 1


def test_reports_join_even_when_the_analysis_calls_the_deal_differently(save):
    english = save(WIRE_TITLE, FULL, parties=PARTIES, deal_type="joint_venture")
    french = save(FRENCH_TITLE, FRENCH, parties=PARTIES, deal_type="strategic_partnership")
    assert french.story_id == english.story_id


def test_an_undated_report_joins_the_dated_one(save):
    dated = save(WIRE_TITLE, FULL, published="2025-05-04T07:00:00Z")
    undated = save(FRENCH_TITLE, FRENCH, lang="fr")
    assert undated.story_id == dated.story_id


def test_a_dated_report_joins_the_undated_one(save):
    undated = save(FRENCH_TITLE, FRENCH, lang="fr")
    dated = save(WIRE_TITLE, FULL, published="2025-05-04T07:00:00Z")
    assert dated.story_id == undated.story_id


def test_the_termination_is_its_own_story(save, db):
    deal = save(WIRE_TITLE, FULL, parties=PARTIES, deal_type="joint_venture")
    french = save(FRENCH_TITLE, FRENCH, parties=PARTIES, deal_type="joint_venture", lang="fr")
    ending = save(ENDING_TITLE, ENDING)  # undated: only its words tell it is an ending
    assert french.story_id == deal.story_id
    assert ending.story_id != deal.story_id and ending.new_story
    assert stories(db) == 2


def test_the_same_pair_reported_months_apart_is_two_stories(save):
    deal = save(WIRE_TITLE, FULL, parties=PARTIES, published="2025-05-04T07:00:00Z")
    later = save(
        "Halvard and Norrsken plan second cell plant",
        FRENCH.replace("mardi", "jeudi"),  # other words, same companies and place
        parties=PARTIES,
        published="2025-11-18T07:00:00Z",
        lang="fr",
    )
    assert later.story_id != deal.story_id


def test_an_unrelated_story_of_the_same_day_stays_apart(save):
    deal = save(WIRE_TITLE, FULL, published="2025-05-04T07:00:00Z")
    other = save(OTHER_TITLE, OTHER, published="2025-05-04T09:00:00Z")
    assert other.story_id != deal.story_id


def test_another_partner_makes_another_story(save):
    deal = save(WIRE_TITLE, FULL, parties=PARTIES, published="2025-05-04T07:00:00Z")
    other = save(
        "Halvard Energy and Vattenby form battery joint venture",
        FULL.replace("Norrsken Batteries", "Vattenby Cells").replace("Norrsken", "Vattenby"),
        parties=["Halvard Energy", "Vattenby Cells"],
        published="2025-05-05T07:00:00Z",
    )
    # One press-release template, two deals: not a copy, not the same event.
    assert other.story_id != deal.story_id


def test_place_says_how_an_article_matched_and_is_idempotent(save, db):
    first = save(WIRE_TITLE, FULL, published="2025-05-04T07:00:00Z")
    report = save(FRENCH_TITLE, FRENCH, lang="fr")
    assert report.story_id == first.story_id
    article_id = db.execute(
        "INSERT INTO articles (uid, title, text, fetched_at, content_hash)"
        " VALUES ('test:copy', 'Copy', ?, ?, 'h')",
        [wire(0, 1), iso()],
    ).lastrowid
    story_id, created, match = save.grouper.place(article_id, "Copy", wire(0, 1), None, "en")
    assert (story_id, created, match.kind, match.score) == (first.story_id, False, "copy", 1.0)
    again = save.grouper.place(article_id, "Copy", wire(0, 1), None, "en")
    assert again == (first.story_id, False, None)
    row = db.execute("SELECT n_articles FROM stories WHERE id = ?", [story_id]).fetchone()
    assert row[0] == 3


def test_each_grouped_article_keeps_its_evidence(save, db):
    save(WIRE_TITLE, FULL, parties=PARTIES, published="2025-05-04T07:00:00Z")
    db.execute("UPDATE story_signatures SET evidence = NULL")  # grouped before it was kept
    report = save(FRENCH_TITLE, FRENCH, lang="fr")  # still compared, extracted again
    rows = db.execute("SELECT evidence FROM story_signatures ORDER BY article_id").fetchall()
    assert rows[0][0] is None and '"halvard"' in rows[1][0]
    assert report.story_id == db.execute("SELECT MIN(id) FROM stories").fetchone()[0]


def test_a_shared_stock_paragraph_does_not_make_two_stories_copies(save):
    stock = (
        "Example Wire is an independent news agency covering energy, industry and trade "
        "across the Nordic and Baltic countries, with correspondents in eleven cities and "
        "a daily newsletter read by more than forty thousand professionals."
    )
    deal = save(WIRE_TITLE, wire(0, 1) + "\n\n" + stock, parties=PARTIES)
    other = save(OTHER_TITLE, OTHER + "\n\n" + stock)
    assert other.story_id != deal.story_id
