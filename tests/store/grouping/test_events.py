"""Same event, other words: the vetoes and the evidence (pure functions)."""

from __future__ import annotations

from datetime import date

from bot.store.grouping.events import (
    MIN_DETAILS_UNDATED,
    details,
    figures_conflict,
    partners_named,
    same_event,
    same_story,
)
from bot.store.grouping.evidence import article_evidence

from .texts import ENDING, ENDING_TITLE, FRENCH, FRENCH_TITLE, FULL, OTHER, OTHER_TITLE, WIRE_TITLE

SEEN = date(2026, 3, 10)
PARTIES = ("Halvard Energy", "Norrsken Batteries")


def evidence(title, text, *, published=None, parties=(), url=None, seen=SEEN):
    return article_evidence(
        title=title, text=text, url=url, published=published, first_seen=seen, parties=parties
    )


def test_the_english_and_french_reports_share_names_and_figures():
    english, french = evidence(WIRE_TITLE, FULL), evidence(FRENCH_TITLE, FRENCH)
    verdict = same_event(english, french)
    assert verdict.same, verdict
    assert verdict.details >= MIN_DETAILS_UNDATED + 2  # Gdansk, Solberg, 1.2 bn, 1,400...


def test_the_ending_is_another_event_even_with_the_same_names_and_figures():
    deal, ending = evidence(WIRE_TITLE, FULL), evidence(ENDING_TITLE, ENDING)
    assert details(deal, ending) >= 3  # it cites the original deal...
    assert same_event(deal, ending).reason == "announce vs end"  # ...but it does not join it


def test_reports_weeks_apart_are_other_events():
    a = evidence(WIRE_TITLE, FULL, published=date(2025, 5, 4))
    b = evidence(FRENCH_TITLE, FRENCH, published=date(2025, 6, 20))
    assert same_event(a, b).reason == "47 days apart"


def test_other_partners_or_other_amounts_are_other_deals():
    a = evidence(WIRE_TITLE, FULL, parties=PARTIES)
    other_partner = FULL.replace("Norrsken Batteries", "Vattenby Cells").replace(
        "Norrsken", "Vattenby"
    )
    b = evidence(WIRE_TITLE, other_partner, parties=("Halvard Energy", "Vattenby Cells"))
    assert same_event(a, b).reason == "other parties"
    cheaper = evidence(WIRE_TITLE, FULL.replace("1.2 billion euros", "800 million euros"))
    french = evidence(FRENCH_TITLE, FRENCH)
    assert figures_conflict(cheaper, french)
    assert same_event(cheaper, french).reason == "other amounts"


def test_other_actors_are_another_story():
    verdict = same_event(evidence(WIRE_TITLE, FULL), evidence(OTHER_TITLE, OTHER))
    assert not verdict.same and verdict.reason in {"other actors", "partners not named"}


def test_a_story_is_joined_only_if_none_of_its_articles_keeps_it_apart():
    french = evidence(FRENCH_TITLE, FRENCH)
    dated = evidence(WIRE_TITLE, FULL, published=date(2025, 5, 4))
    months_later = evidence(WIRE_TITLE, FULL, published=date(2025, 11, 18))
    assert same_story(french, [dated]).same
    assert not same_story(months_later, [french, dated]).same
    assert not same_story(french, []).same


def test_the_names_of_the_two_actors_are_not_counted_as_details():
    bare = "Halvard Energy and Norrsken Batteries said they would work together."
    a = evidence("Halvard and Norrsken team up", bare)
    b = evidence("Halvard, Norrsken in deal", bare.replace("work together", "cooperate"))
    assert details(a, b) == 0
    assert not same_event(a, b).same  # undated, nothing beyond the two names
    a_dated = evidence("Halvard and Norrsken team up", bare, published=date(2025, 5, 4))
    b_dated = evidence("Halvard, Norrsken in deal", bare, published=date(2025, 5, 5))
    assert same_event(a_dated, b_dated).same  # the same two, the same day: one event


def test_a_partner_with_an_ampersand_is_named_by_its_words():
    """ "Halvard & Halvard" in one report, "Halvard" in its copy: the "&" is no word to find."""
    text = (
        "Tarvel Motors and Halvard & Halvard will form a joint venture in Lorvik, the two "
        "companies said on Tuesday. Halvard will hold 51% of the venture."
    )
    a = evidence(
        "Tarvel Motors, Halvard & Halvard form JV",
        text,
        parties=("Tarvel Motors", "Halvard & Halvard"),
    )
    b = evidence(
        "Tarvel Motors, Halvard & Halvard form JV", text, parties=("Tarvel Motors", "Halvard")
    )
    assert partners_named(a, b) and partners_named(b, a)
