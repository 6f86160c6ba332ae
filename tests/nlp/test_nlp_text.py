"""Language, text clean-up, summaries and topics."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlp import detect_language
from bot.nlp.text import clean_text, strip_boilerplate, strip_datelines, unwrap_lines


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Acme and Globex have signed a strategic partnership on cloud services.", "en"),
        ("Acme et Globex ont signé un partenariat stratégique dans le cloud.", "fr"),
        ("Die beiden Unternehmen haben eine strategische Partnerschaft unterzeichnet.", "de"),
        ("", "und"),
        ("   \n ", "und"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Voir [le communiqué](#) complet.", "Voir le communiqué complet."),
        ("- * **Le cloud**, avec Azure.", "Le cloud, avec Azure."),
        ("* Item one\n* Item two", "Item one\nItem two"),
        ("  • Bullet point", "Bullet point"),
        ("1. First step", "First step"),
        ("It’s *really* __big__ news[1].", "It's really big news."),
        ("## Heading\nBody", "Heading\nBody"),
        ("Para one.\n\n\n\nPara two.", "Para one.\n\nPara two."),
        ("", ""),
    ],
)
def test_clean_text(text, expected):
    assert clean_text(text) == expected


def test_summary_is_cleaned_lead_plus_evidence_in_the_article_language(analyze):
    analysis = analyze(
        "Solvane et Hydrel s'associent",
        "Fondé en 1990, le groupe [Solvane](#) produit de l'électricité renouvelable en Europe. "
        "Le groupe emploie 3 000 personnes dans douze pays.\n\n"
        "- * **Le solaire**, premier métier du groupe, représente la moitié de ses revenus.\n\n"
        "Les deux groupes ont officialisé mardi un protocole d'accord pour "
        "produire de l'hydrogène vert.",
    )
    assert analysis.lang == "fr"
    assert analysis.is_partnership
    assert analysis.summary.startswith("Fondé en 1990, le groupe Solvane produit")
    assert "protocole d'accord" in analysis.summary
    assert "[" not in analysis.summary and "**" not in analysis.summary
    assert analysis.summary.count(". ") <= 3
    assert analysis.evidence in analysis.summary


def test_non_candidates_get_a_lead_summary_without_analysis(analyze):
    analysis = analyze(
        "Quarterly sales rise at Brightmart",
        "Brightmart said sales rose 4% in the quarter. The retailer opened 12 new stores in "
        "Texas. It expects a stronger holiday season.",
    )
    assert not analysis.is_partnership
    assert analysis.confidence == 0.0
    assert analysis.summary == (
        "Brightmart said sales rose 4% in the quarter. The retailer opened 12 new stores in Texas."
    )


@pytest.mark.parametrize(
    "title,text,expected",
    [
        (
            "Xelto and Murano sign MoU on cloud and AI",
            "Xelto and Murano signed a memorandum of understanding to bring Murano's AI "
            "assistant to Xelto's cloud platform and laptops.",
            {"cloud", "ai", "pc"},
        ),
        (
            "Voltaris et Hydrel s'allient dans l'hydrogène",
            "Voltaris et Hydrel ont signé un partenariat pour développer des stations hydrogène "
            "destinées aux camions en Allemagne.",
            {"hydrogen"},
        ),
        (
            "Payfin partners with Carta Bank on card payments",
            "Payfin has partnered with Carta Bank to offer contactless card payments to merchants.",
            {"payments"},
        ),
    ],
)
def test_topics_come_from_the_shared_vocabulary(extract, title, text, expected):
    analysis = extract(title, text)
    assert analysis.is_partnership
    assert expected <= set(analysis.topics)
    assert all(t == t.lower() and " " not in t for t in analysis.topics)


@pytest.mark.parametrize(
    "title,text",
    [
        (
            "Telefónica y Globex firman una alianza",
            "Las dos empresas firmaron una alianza estratégica para desplegar redes 5G.",
        ),
        (
            "Acme und Globex gründen ein Joint Venture",
            "Die beiden Unternehmen haben ein Gemeinschaftsunternehmen für Batterien gegründet.",
        ),
    ],
)
def test_other_languages_are_unsupported(analyze, title, text):
    analysis = analyze(title, text)
    assert analysis.lang not in ("en", "fr")
    assert analysis.supported is False
    assert analysis.is_partnership is False


@pytest.mark.parametrize("title,text", [("", ""), ("", "   \n\t "), ("  ", "")])
def test_empty_articles_do_not_crash(analyze, title, text):
    analysis = analyze(title, text)
    assert analysis.supported is False
    assert not analysis.is_partnership


def test_title_only_article_is_analysed(analyze):
    analysis = analyze("Zentara Robotics and Kobalt Systems form joint venture in Poland", "")
    assert analysis.lang == "en"
    assert analysis.is_partnership
    assert analysis.deal_type == "joint_venture"
    assert set(analysis.parties) == {"Zentara Robotics", "Kobalt Systems"}


def test_language_hint_breaks_ties_on_short_text(analyze):
    analysis = analyze("Acme", "Globex", lang="fr")
    assert analysis.lang == "fr"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(max_size=60), text=st.text(max_size=400))
def test_any_text_gives_a_well_formed_analysis(analyze, title, text):
    analysis = analyze(title, text)
    assert 0.0 <= analysis.confidence <= 1.0
    assert isinstance(analysis.summary, str)
    assert analysis.is_partnership or (analysis.parties == [] and analysis.deal_type is None)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("PARIS, 4 mars (Reuters) - Naval et Fincano", "Naval et Fincano"),
        ("BENGALURU, May 7 (Reuters) - Arm and Tata", "Arm and Tata"),
        ("SAN MATEO, Calif., March 3, 2024 /PRNewswire/ -- Drovia and", "Drovia and"),
        ("NEW YORK--(BUSINESS WIRE)--Nexova Inc. today", "Nexova Inc. today"),
        ("TORONTO, Oct. 2, 2023 (GLOBE NEWSWIRE) -- Acme", "Acme"),
        ("SEOUL — Hanjin and Polaris", "Hanjin and Polaris"),
        ("Jan 14 (Reuters) - Optical maker", "Optical maker"),
        ("Lead.\n\nBOSTON (Reuters) - Arlo said", "Lead.\n\nArlo said"),
        ("IBM - the company said", "IBM - the company said"),
        ("AI-driven tools - and more", "AI-driven tools - and more"),
    ],
)
def test_strip_datelines(text, expected):
    assert strip_datelines(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Acme and Lumio partner.\n\nAbout Lumio\nLumio works with Carrefour.",
            "Acme and Lumio partner.",
        ),
        ("Acme partners.\nAbout Acme: Acme makes tools.", "Acme partners."),
        ("Acme partners.\n\nMedia contact\njane@acme.test", "Acme partners."),
        ("Acme et Lumio.\n\nÀ propos de Lumio\nLumio ...", "Acme et Lumio."),
        ("Intro.\nAbout a year ago, Acme started.", "Intro.\nAbout a year ago, Acme started."),
    ],
)
def test_strip_boilerplate(text, expected):
    assert strip_boilerplate(text) == expected


WRAPPED = (
    "Brightwave Energy said on Tuesday it had signed a joint venture agreement\n"
    "with Kestrel Mining to build a lithium refinery, the companies said in a\n"
    "statement.\n"
    "Markets\n"
    "Short line\n"
    "\n"
    "A new paragraph starts here."
)


def test_hard_wrapped_lines_are_joined_back_into_sentences():
    out = unwrap_lines(WRAPPED)
    assert len(out) == len(WRAPPED)  # offsets kept
    assert out.split("\n")[0] == (
        "Brightwave Energy said on Tuesday it had signed a joint venture agreement "
        "with Kestrel Mining to build a lithium refinery, the companies said in a statement."
    )
    assert out.split("\n")[1:] == ["Markets", "Short line", "", "A new paragraph starts here."]


def test_lines_that_end_a_sentence_or_are_short_stay_apart():
    text = "Acme and Globex signed a memorandum of understanding on Monday.\nthe rest"
    assert unwrap_lines(text) == text
    listed = "Areas\ncloud computing\nartificial intelligence\ndata centres"
    assert unwrap_lines(listed) == listed


def test_a_wrapped_article_keeps_its_whole_first_sentence_in_the_summary(extract):
    analysis = extract("", WRAPPED)
    assert analysis.summary.startswith("Brightwave Energy said on Tuesday it had signed")
