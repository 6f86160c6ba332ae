"""Users' verdicts on stories: stored per workspace, exported as labelled examples."""

from __future__ import annotations

import json

import pytest

from bot.store.feedback import (
    NOT_PARTNERSHIP,
    WRONG_PARTIES,
    corrected_parties,
    feedback_examples,
    is_flagged,
    record_feedback,
    remove_feedback,
)

DEAL = "Arlon Motors and Bexley Batteries sign joint venture for cells"
TEXT = "Arlon Motors and Bexley Batteries have formed a joint venture to make battery cells."


def test_a_correction_is_kept_per_workspace_and_replaced_by_the_next(db, store):
    saved = store("a1", DEAL, TEXT, parties=["Arlon", "Bexley"], deal_type="joint_venture")
    story = saved.story_id
    with db.atomic():
        record_feedback(
            db,
            team_id="T1",
            story_id=story,
            kind=WRONG_PARTIES,
            user_id="U1",
            parties=["Arlon Motors", "Bexley Batteries"],
        )
    assert corrected_parties(db, "T1", [story]) == {story: ["Arlon Motors", "Bexley Batteries"]}
    assert corrected_parties(db, "T2", [story]) == {}
    with db.atomic():
        record_feedback(
            db,
            team_id="T1",
            story_id=story,
            kind=WRONG_PARTIES,
            user_id="U2",
            parties=["Arlon", "Bexley Batteries", "Cosmo Grid"],
        )
    assert corrected_parties(db, "T1", [story])[story][-1] == "Cosmo Grid"


@pytest.mark.parametrize("parties", [[], ["Only One"], ["  ", "Arlon"]])
def test_a_correction_needs_two_parties(db, store, parties):
    story = store("a2", DEAL, TEXT, parties=["Arlon", "Bexley"], deal_type="mou").story_id
    with pytest.raises(ValueError, match="two parties"):
        record_feedback(
            db, team_id="T1", story_id=story, kind=WRONG_PARTIES, user_id="U1", parties=parties
        )


def test_feedback_on_a_missing_story_is_refused_quietly(db):
    with db.atomic():
        assert not record_feedback(
            db, team_id="T1", story_id=999, kind=NOT_PARTNERSHIP, user_id="U1"
        )


def test_a_flag_hides_for_its_workspace_until_it_is_undone(db, store):
    story = store("a3", DEAL, TEXT, parties=["Arlon", "Bexley"], deal_type="mou").story_id
    with db.atomic():
        assert record_feedback(db, team_id="T1", story_id=story, kind=NOT_PARTNERSHIP, user_id="U1")
    assert is_flagged(db, "T1", story)
    assert not is_flagged(db, "T2", story)
    assert [e["is_partnership"] for e in feedback_examples(db)] == [False]

    assert remove_feedback(db, "T1", story)
    assert not is_flagged(db, "T1", story)
    assert list(feedback_examples(db)) == []
    assert not remove_feedback(db, "T1", story)  # nothing left to undo


def test_feedback_exports_in_the_corpus_schema(db, store):
    deal = store("a3", DEAL, TEXT, parties=["Arlon", "Bexley"], deal_type="joint_venture")
    other = store(
        "a4",
        "Zorvane ends pact with Quill",
        "Zorvane ended its pact with Quill.",
        parties=["Zorvane", "Quill"],
        deal_type="other",
    )
    with db.atomic():
        record_feedback(
            db,
            team_id="T1",
            story_id=deal.story_id,
            kind=WRONG_PARTIES,
            user_id="U1",
            parties=["Arlon Motors", "Bexley Batteries"],
        )
        record_feedback(
            db, team_id="T2", story_id=other.story_id, kind=NOT_PARTNERSHIP, user_id="U9"
        )
    rows = {r["id"]: r for r in feedback_examples(db)}
    corrected = rows[f"feedback-{deal.story_id}"]
    assert corrected["is_partnership"] is True
    assert corrected["parties"] == ["Arlon Motors", "Bexley Batteries"]
    assert corrected["deal_type"] == "joint_venture" and corrected["text"] == TEXT
    rejected = rows[f"feedback-{other.story_id}"]
    assert rejected["is_partnership"] is False and rejected["parties"] == []
    keys = {
        "id",
        "lang",
        "title",
        "text",
        "source_url",
        "published",
        "is_partnership",
        "parties",
        "deal_type",
        "topics",
        "notes",
    }
    assert all(set(r) == keys for r in rows.values())
    json.dumps(list(rows.values()))  # plain JSON, ready for a .jsonl file
