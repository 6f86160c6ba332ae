"""What an article says about its event: names, figures, phase, dates (pure functions)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.store.grouping.evidence import ANNOUNCE, actor_spans, name_keys, phase
from bot.store.grouping.figures import figures
from bot.store.grouping.when import When, url_date, when

from .texts import ENDING, ENDING_TITLE, FRENCH, FRENCH_TITLE, FULL, WIRE_TITLE


@pytest.mark.parametrize(
    "english,french",
    [
        ("a deal worth $16.2 billion", "un accord de 16,2 milliards de dollars"),
        ("it paid $500m", "il a payé 500 millions de dollars"),
        ("a US$4 bln venture", "une coentreprise de 4 milliards de dollars"),
        ("a 50.01% stake", "une participation de 50,01 %"),
        ("1,400 jobs and 20,000 cars", "1 400 emplois et 20 000 voitures"),
    ],
)
def test_figures_agree_across_languages(english, french):
    assert figures(english) and figures(english) == figures(french)


@pytest.mark.parametrize(
    "text",
    ["in 2019 and 2020", "three partners and ten plants", "4 m from the road", "page 12"],
)
def test_years_and_small_numbers_are_not_figures(text):
    assert figures(text) == frozenset()


@pytest.mark.parametrize(
    "english,french",
    [("a five-year agreement", "un accord de cinq ans"), ("a 10-year licence", "10 ans")],
)
def test_a_deal_term_is_a_figure_in_both_languages(english, french):
    assert figures(english) and figures(english) == figures(french)
    assert figures("three years ago") == frozenset()


def test_names_are_folded_single_words_found_in_both_languages():
    english = name_keys(WIRE_TITLE, FULL)
    french = name_keys(FRENCH_TITLE, FRENCH)
    assert {"halvard", "norrsken", "gdansk", "ingrid", "solberg"} <= english & french
    assert "the" not in english and "le" not in french


def test_a_capitalised_word_opening_a_sentence_is_not_a_name_on_its_own():
    names = name_keys("", "Shares rose. Analysts were pleased. Acme said Acme would grow.")
    assert names == {"acme"}


def test_actors_are_who_the_headline_and_lead_name_not_places():
    title = "French carmaker Renaultix and Germany's Autowerk team up in Spain"
    text = (
        "Renaultix and Autowerk Group said they would build vans together in Spain. "
        "The French and German companies had talked for a year, said Marc Dupin, who runs "
        "Renaultix. Autowerk shares rose in Frankfurt."
    )
    spans = actor_spans(title, text, name_keys(title, text))
    assert set(spans) == {frozenset({"renaultix"}), frozenset({"autowerk"})}


@pytest.mark.parametrize(
    "title,text,expected",
    [
        (WIRE_TITLE, FULL, ANNOUNCE),
        (FRENCH_TITLE, FRENCH, ANNOUNCE),
        (ENDING_TITLE, ENDING, "end"),
        ("Carmaker scraps battery venture with supplier", "The plan is off.", "end"),
        ("Acme et Globex mettent fin à leur alliance", "Le partenariat s'arrête.", "end"),
        ("Globex ne renouvellera pas son accord avec Acme", "Fin de l'accord.", "end"),
        ("Acme completes acquisition of Globex", "The deal closed on Friday.", "complete"),
        ("Acme finalise le rachat de Globex", "L'opération est bouclée.", "complete"),
        ("Acme confirms merger talks with Globex", "Both sides are talking.", "talks"),
        ("Acme et Globex en négociations exclusives", "Rien n'est signé.", "talks"),
        # What the ending of something else says in passing does not make the news an ending:
        (
            "Acme and Globex form alliance",
            "Acme and Globex agreed to work together. "
            "The deal follows the end of Acme's venture with Initech last year.",
            ANNOUNCE,
        ),
    ],
)
def test_phase_is_read_in_the_headline_and_first_sentence(title, text, expected):
    assert phase(title, text) == expected


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://news.example/2019/01/16/deal-story/", (date(2019, 1, 16), date(2019, 1, 16))),
        ("https://news.example/amp/20191125/deal-1077.html", (date(2019, 11, 25),) * 2),
        ("https://news.example/2017/10/deal/", (date(2017, 10, 1), date(2017, 10, 31))),
        ("https://news.example/news/2019/jul/12/deal/", (date(2019, 7, 12),) * 2),
        ("https://news.example/nachrichten-2018-07/4421485-deal.htm",
         (date(2018, 7, 1), date(2018, 7, 31))),
        ("https://news.example/article/123456789", None),
        ("https://2019.example/story", None),
        (None, None),
    ],
)  # fmt: skip
def test_dates_written_in_addresses(url, expected):
    assert url_date(url) == expected


def test_undated_articles_are_no_later_than_first_seen():
    seen = date(2026, 3, 10)
    undated = when(None, None, "no date here", seen)
    assert undated == When(None, seen, (seen, seen))
    dated = when(date(2019, 1, 16), None, "", seen)
    # First seen together (a backfill): an undated article may be from any earlier time.
    assert undated.gap_days(dated) == 0
    # Seen months after a story was: it is about something newer.
    later = when(None, None, "", date(2026, 9, 1))
    assert later.gap_days(when(date(2026, 3, 9), None, "", seen)) > 100


def test_dated_articles_are_compared_on_their_dates():
    seen = date(2026, 3, 10)
    january = when(date(2019, 1, 16), None, "", seen)
    july = when(date(2019, 7, 12), None, "", seen)
    assert january.gap_days(july) == 177
    month = when(None, "https://x.example/2019/01/story", "", seen)
    assert month.gap_days(january) == 0 and month.gap_days(july) > 150


def test_a_story_spans_its_dated_articles():
    seen = date(2026, 3, 10)
    a = when(date(2019, 1, 16), None, "", seen)
    b = when(None, None, "", seen)
    c = when(date(2019, 1, 18), None, "", seen)
    story = a.hull(b).hull(c)
    assert (story.earliest, story.latest) == (date(2019, 1, 16), date(2019, 1, 18))


def test_a_publication_date_after_first_seen_is_not_believed():
    seen = date(2026, 3, 10)
    assert when(date(2027, 1, 1), None, "", seen).earliest == seen


def test_evidence_is_stored_and_read_back_whole():
    from bot.store.grouping.evidence import Evidence, article_evidence

    kept = article_evidence(
        title=FRENCH_TITLE, text=FRENCH, url="https://x.example/2025/05/04/a",
        published=None, first_seen=date(2026, 3, 10), parties=("Halvard", "Norrsken"),
        deal_type="joint_venture", lang="fr",
    )  # fmt: skip
    assert Evidence.from_json(kept.to_json()) == kept
    for stored in (None, "", "{not json", '{"v": 0}', "[]"):
        assert Evidence.from_json(stored) is None  # extracted again from the article
