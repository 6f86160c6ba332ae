"""Parties are organisations: no job titles, datelines, places, outlets; an acronym and its
expansion are one organisation. Our own sentences, in both languages."""

from __future__ import annotations

import pytest

from bot.nlp.names import acronym_of, name_bounds, same_organisation
from bot.nlp.text import strip_datelines

CASES = [
    (
        "job title after the name",
        "Norvik Power Director signs MoU with Greenfield Hydrogen",
        "Norvik Power Director Anil Rao said the company has signed a memorandum of "
        "understanding with Greenfield Hydrogen to build electrolysers.",
        {"Norvik Power", "Greenfield Hydrogen"},
    ),
    (
        "dateline with a state",
        "",
        "ROCHESTER, Minn. - Halsey Clinic announced a 10-year partnership with Quantel to "
        "bring cloud computing to its hospitals.",
        {"Halsey Clinic", "Quantel"},
    ),
    (
        "dateline in a French wire",
        "",
        "MONTRÉAL, le 5 mars 2024 /CNW/ - La société Verdane et le groupe Ostrea ont signé un "
        "protocole d'accord pour développer l'hydrogène vert au Québec.",
        {"Verdane", "Ostrea"},
    ),
    (
        "place-case dateline",
        "",
        "Manila – Lumen Bank and Payra have signed a memorandum of understanding to expand "
        "mobile payments across the islands.",
        {"Lumen Bank", "Payra"},
    ),
    (
        "an acronym after its expansion",
        "",
        "The Nordic Battery Alliance (NBA) and Kiruna Metals signed a memorandum of "
        "understanding on Tuesday. NBA will buy lithium from Kiruna Metals' new mine.",
        {"Nordic Battery Alliance", "Kiruna Metals"},
    ),
    (
        "a French expansion in lowercase words",
        "",
        "L'Union des coopératives laitières bretonnes (UCLB) et le groupe Marvel Foods ont "
        "signé un accord de partenariat pour produire des yaourts bio. L'UCLB fournira le lait.",
        {"Union des coopératives laitières bretonnes", "Marvel Foods"},
    ),
    (
        "an outlet reporting the deal",
        "",
        "Energy Wire News reported that Solvent Grid has signed a memorandum of understanding "
        "with Pradera Renewables to build a solar farm.",
        {"Solvent Grid", "Pradera Renewables"},
    ),
]


@pytest.mark.parametrize("title,text,parties", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parties_are_organisations(extract, title, text, parties):
    analysis = extract(title, text)
    assert analysis.is_partnership
    assert len(analysis.parties) == len(parties)
    assert all(any(same_organisation(p, g) for g in parties) for p in analysis.parties)


@pytest.mark.parametrize(
    "short,long_,same",
    [
        ("L&T", "Larsen & Toubro", True),
        ("NBA", "Nordic Battery Alliance", True),
        ("JDI", "Japan Display", True),  # the legal suffix's letter: Japan Display Inc.
        ("AMD", "Nordic Battery Alliance", False),
    ],
)
def test_acronyms_and_expansions(short, long_, same):
    assert acronym_of(short, long_) is same
    assert same_organisation(short, long_) is same


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Oxford University", "University of Oxford", True),
        ("Aramco", "Saudi Aramco", True),
        ("Group", "Tata Group", False),
        ("Banque Lorin", "Lorin", True),
        ("Kenya", "Moja EV Kenya", False),
    ],
)
def test_same_organisation(a, b, same):
    assert same_organisation(a, b) is same


@pytest.mark.parametrize(
    "words,expected",
    [
        ("ONGC Director", "ONGC"),
        ("Norvik Power Managing Director", "Norvik Power"),
        ("Banque Lorin directeur", "Banque Lorin"),
    ],
)
def test_job_titles_are_not_part_of_a_name(words, expected):
    tokens = words.split()
    start, end = name_bounds(tokens)
    assert " ".join(tokens[start:end]) == expected


@pytest.mark.parametrize(
    "text,kept",
    [
        ("NEW DELHI: Aster Motors said", "Aster Motors said"),
        ("New Delhi, Sep 20 (IANS) Aster Motors said", "Aster Motors said"),
        ("HÀ NỘI — Aster Motors said", "Aster Motors said"),
        ("Aster – the carmaker said", "Aster – the carmaker said"),
    ],
)
def test_datelines_are_stripped_but_names_kept(text, kept):
    assert strip_datelines(text) == kept


@pytest.mark.parametrize(
    "words,expected",
    [
        ("Sanrei Pharma for ORV-118", "Sanrei Pharma"),  # the NER may take the product in
        ("Sanrei Pharma pour ORV-118", "Sanrei Pharma"),
        ("Centre for Energy Research", "Centre for Energy Research"),
    ],
)
def test_a_product_code_after_for_is_not_part_of_a_name(words, expected):
    tokens = words.split()
    start, end = name_bounds(tokens)
    assert " ".join(tokens[start:end]) == expected
