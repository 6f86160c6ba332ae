"""Where a party's name starts and ends, and which of its names is shown: a person the model
joined to a company, a name written with commas, a ticker in square brackets, a parent named
in an aside, the form the article uses most. Our own sentences, in both languages."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from bot.nlp.names import listed_end, name_bounds, same_organisation
from bot.nlp.spans import without_person_tail

CASES = [
    (
        "a person joined to the company before him",
        "",
        "Le directeur de la Bibliothèque Nationale du Sahel (BNS), Paul Verrier et le PDG de "
        "Sahel Telecom Karim Bennani ont signé le 3 juin un partenariat afin de numériser les "
        "archives. Pour Karim Bennani, c'est une étape importante.",
        {"Bibliothèque Nationale du Sahel", "Sahel Telecom"},
    ),
    (
        "a name written with commas",
        "",
        "Kestrel Mining has signed a memorandum of understanding with Nordland Oil, Gas and "
        "Metals National Corporation to explore for copper in the north.",
        {"Kestrel Mining", "Nordland Oil, Gas and Metals National Corporation"},
    ),
    (
        "a ticker in square brackets",
        "",
        "Orvane Aerospace [ORV] said Tuesday it has signed a strategic teaming agreement with "
        "Pradera Defence to bid for the new trainer aircraft.",
        {"Orvane Aerospace", "Pradera Defence"},
    ),
    (
        "a parent named in an aside",
        "",
        "Kaito Therapeutics and Lumen Pharma, a subsidiary of Halvard Holdings, have signed an "
        "exclusive licence agreement for a new antibody. Halvard Holdings shares rose 4%.",
        {"Kaito Therapeutics", "Lumen Pharma"},
    ),
    (
        "a parent named in a French aside",
        "",
        "Verdane Santé et Ostrea Bio, une filiale du groupe Marvel, ont signé un accord de "
        "licence exclusif pour un nouveau vaccin. Le groupe Marvel a salué l'accord.",
        {"Verdane Santé", "Ostrea Bio"},
    ),
]


@pytest.mark.parametrize("title,text,parties", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_party_names_end_where_the_name_does(extract, title, text, parties):
    analysis = extract(title, text)
    assert analysis.is_partnership
    assert len(analysis.parties) == len(parties), analysis.parties
    for party in analysis.parties:
        assert any(same_organisation(party, g) for g in parties), analysis.parties


@pytest.mark.parametrize(
    "words,expected",
    [
        ("Nordland Oil , Gas and Metals National Corporation", 8),
        ("Acme , Globex and Initech", None),  # no head word closing the name: a list
        ("Ostrea , Tarrow and Kestrel Mining", None),
        ("Agence du Gaz , Pétrole et Mines Administration", 8),
    ],
)
def test_a_name_written_as_a_list(words, expected):
    tokens = words.split()
    assert listed_end(tokens, tokens.index(",")) == expected


def test_name_bounds_keep_a_comma_inside_a_listed_name():
    tokens = ["Nordland", "Oil", ",", "Gas", "and", "Metals", "National", "Corporation"]
    start, end = name_bounds(tokens)
    assert tokens[start:end][:6] == ["Nordland", "Oil", ",", "Gas", "and", "Metals"]


def test_the_name_the_article_uses_most_is_shown(extract):
    analysis = extract(
        "Halvard Shipping signs methanol MoU with Pradera Fuels",
        "Halvard Shipping Heavy Industry and Pradera Fuels signed a memorandum of "
        "understanding to produce green methanol. Halvard Shipping said the plant will open "
        "in 2027. Halvard Shipping will buy all of its output.",
    )
    assert analysis.is_partnership
    assert "Halvard Shipping" in analysis.parties
    assert "Halvard Shipping Heavy Industry" in analysis.party_aliases["Halvard Shipping"]


@pytest.mark.parametrize(
    "words,entities,kept",
    [
        # the person is named alone later: cut
        ("Acme Telecom Jane Doe signed . Jane Doe said", [(0, 4, "ORG"), (6, 8, "PERSON")], 2),
        # by the last name alone: cut
        ("Acme Telecom Jane Doe signed . Doe said", [(0, 4, "ORG"), (6, 7, "PERSON")], 2),
        # nobody of that name elsewhere: the name stays whole
        ("Acme Telecom Jane Doe signed . Acme said", [(0, 4, "ORG"), (6, 7, "ORG")], 4),
        # a place named alone is no person: "General Motors Korea" stays whole
        ("General Motors Korea signed . Korea said", [(0, 3, "ORG"), (5, 6, "GPE")], 3),
    ],
)
def test_a_person_joined_to_a_company_name_is_cut_off(words, entities, kept):
    doc = Doc(spacy.blank("en").vocab, words=words.split())
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in entities]
    span, person = without_person_tail(doc, doc.ents[0])
    assert len(span) == kept
    assert (person is None) is (kept == len(doc.ents[0]))
