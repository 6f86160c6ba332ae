"""Partnership cards as people read them: honest dates, the evidence quoted once, topics in
words, Share buttons that say what they share."""

from __future__ import annotations

import json

import pytest

from bot import messages
from bot.messages.partnership import date_label, summary_beside
from bot.models import topic_label
from bot.store.answers import CompanyAnswer
from tests.stories import buttons, texts

from .test_messages import view


@pytest.mark.parametrize(
    "published,created,short,long",
    [
        ("2019-05-16T08:00:00Z", "2026-12-03T10:00:00Z", "2019-05-16", "2019-05-16"),
        (
            None,
            "2026-12-03T10:00:00Z",
            "first seen 2026-12-03",
            "date unknown, first seen 2026-12-03",
        ),
        (
            "Mon, 16 May 2019",
            "2026-12-03T10:00:00Z",
            "first seen 2026-12-03",
            "date unknown, first seen 2026-12-03",
        ),
        (None, "", "date unknown", "date unknown"),
    ],
)
def test_an_undated_article_never_shows_a_date_as_its_own(published, created, short, long):
    p = view(published=published, created_at=created)

    assert date_label(p) == short
    assert date_label(p, long=True) == long


def test_the_card_and_the_list_line_say_first_seen():
    p = view(published=None, created_at="2026-12-03T10:00:00Z")

    card = texts(messages.partnership_blocks(p))
    line = messages.compact_line(p)

    assert "date unknown, first seen 2026-12-03 · confidence 87%" in card
    assert "· first seen 2026-12-03" in line


@pytest.mark.parametrize(
    "summary,evidence,expected",
    [
        (
            "Xiaomi and Microsoft signed an MoU on Tuesday. It covers cloud and AI.",
            "Xiaomi and Microsoft signed an MoU on Tuesday.",
            "It covers cloud and AI.",
        ),
        (
            "Xiaomi and  Microsoft signed an MoU on Tuesday.",
            "Xiaomi and Microsoft signed an MoU on Tuesday.",
            "",
        ),
        (
            "Xiaomi will use Azure. Xiaomi and Microsoft signed an MoU on Tuesday.",
            "“Xiaomi and Microsoft signed an MoU on Tuesday.”",
            "Xiaomi will use Azure.",
        ),
        (
            "They will work together on AI.",
            "Xiaomi and Microsoft signed an MoU.",
            "They will work together on AI.",
        ),
        ("Short summary.", "MoU", "Short summary."),  # too short to be the same sentence
    ],
)
def test_the_summary_does_not_repeat_the_quoted_evidence(summary, evidence, expected):
    assert summary_beside(summary, evidence) == expected


def test_a_summary_that_is_only_the_evidence_leaves_the_quote_alone():
    evidence = "Xiaomi and Microsoft signed an MoU on Tuesday."
    blocks = messages.partnership_blocks(view(summary=evidence, evidence=evidence, topics=()))

    assert [b["type"] for b in blocks] == ["header", "rich_text", "context", "actions"]
    assert texts(blocks).count("signed an MoU on Tuesday") == 1


def test_evidence_is_a_rich_text_quote_that_carries_no_markup():
    hostile = "<!channel> Acme & <@U1> signed *a deal*"
    (quote,) = [
        b for b in messages.partnership_blocks(view(evidence=hostile)) if b["type"] == "rich_text"
    ]

    text = quote["elements"][0]["elements"][0]["text"]
    assert quote["elements"][0]["type"] == "rich_text_quote"
    assert "<" not in text and ">" not in text
    assert text.startswith("“") and "signed *a deal*" in text


def test_topics_are_shown_in_words():
    shown = texts(messages.partnership_blocks(view(topics=("voice_assistant", "ai"))))

    assert f"*Topics:* {topic_label('voice_assistant')}, {topic_label('ai')}" in shown
    assert "voice_assistant" not in shown
    assert topic_label("voice_assistant") != "voice_assistant"


def test_a_single_card_has_one_share_button_a_list_says_which_is_which():
    one = messages.company_message(
        CompanyAnswer("xiaomi", [], partnerships=[view()]), share_value='{"cmd": "xiaomi"}'
    )
    assert [b["text"]["text"] for b in buttons(one.blocks) if "share" in b["action_id"]] == [
        "Share in channel"
    ]

    two = messages.company_message(
        CompanyAnswer("xiaomi", [], partnerships=[view(), view(id=8, story_id=80)]),
        share_value='{"cmd": "xiaomi"}',
    )
    labels = [b["text"]["text"] for b in buttons(two.blocks) if "share" in b["action_id"]]
    assert labels == ["Share this one in channel"] * 2 + ["Share these 2 in channel"]


def test_an_alert_in_a_channel_offers_no_share_and_every_card_a_correction():
    alert = messages.alert_message(view(), watched="Xiaomi")
    ids = [b["action_id"] for b in buttons(alert.blocks)]

    assert ids == ["not_partnership", "wrong_parties", "mute"]


def test_a_corrected_card_says_whose_parties_they_are():
    shown = texts(messages.partnership_blocks(view(parties=("Xiaomi", "Leica"), corrected=True)))

    assert "Xiaomi × Leica — MoU" in shown or "Leica × Xiaomi — MoU" in shown
    assert "parties corrected by your workspace" in shown


def test_not_a_partnership_thanks_with_an_undo():
    message = messages.feedback_message(hidden=True, story_id=70)

    assert json.loads(json.dumps(buttons(message.blocks)))[0]["value"] == "70"
    assert buttons(message.blocks)[0]["action_id"] == "undo_not_partnership"
