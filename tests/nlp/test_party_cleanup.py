"""Parties are organisations: no job titles, datelines, places, outlets; an acronym and its
expansion are one organisation. Our own sentences, in both languages."""

from __future__ import annotations

import pytest

from bot.nlp.acronyms import spelled
from bot.nlp.candidates import outlet
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
        "an acronym spelled by the starts of words, with a generic word after",
        "",
        "The Federal Export and Import Bank (FEXIM) has signed a memorandum of understanding "
        "with Norvik Power to finance solar exports. FEXIM will lend up to 40 million dollars "
        "to Norvik Power's customers.",
        {"FEXIM", "Norvik Power"},
    ),
    (
        "a French acronym spelled by the starts of words",
        "",
        "L'Union des producteurs de lait (UNIPROLAIT) et le groupe Marvel Foods ont signé un "
        "accord de partenariat pour produire des yaourts bio. UNIPROLAIT fournira le lait.",
        {"UNIPROLAIT", "Marvel Foods"},
    ),
    (
        "a short name in brackets after the full one",
        "",
        "Northern Copper Corporation (Norcop) and Helios Lithium have signed a joint venture "
        "agreement to mine lithium in the north. Norcop will hold 51 percent of the venture.",
        {"Norcop", "Helios Lithium"},
    ),
    (
        "a French short name in brackets",
        "",
        "La Société nationale des mines du Sahel (Minasah) et le groupe Ostrea ont signé un "
        "protocole d'accord pour exploiter un gisement de lithium. Minasah détiendra la "
        "majorité.",
        {"Minasah", "Ostrea"},
    ),
    (
        "a country's ministry, not the country",
        "",
        "Kenya's Ministry of Energy and Petroleum has signed a memorandum of understanding with "
        "Solvent Grid to build a solar farm near the coast.",
        {"Kenya Ministry of Energy and Petroleum", "Solvent Grid"},
    ),
    (
        "a ministry's name holds one 'and'; a second one starts the next party",
        "",
        "The Department of Trade and Industry and Kestrel Bank signed a memorandum of "
        "understanding on Monday to finance exports of small firms.",
        {"Department of Trade and Industry", "Kestrel Bank"},
    ),
    (
        "a city that signs",
        "",
        "The City of Dunmore has signed a partnership agreement with Halsey Clinic to bring "
        "telemedicine to its residents.",
        {"City of Dunmore", "Halsey Clinic"},
    ),
    (
        "French cities that sign",
        "",
        "La Ville de Lorient a signé une convention de partenariat avec la Ville de Brest pour "
        "développer ensemble les énergies marines.",
        {"Ville de Lorient", "Ville de Brest"},
    ),
    (
        "a generic word and a legal suffix make the name",
        "",
        "Orvane has signed a multi-year content licensing agreement with Media Corp to train "
        "its assistants on archived articles.",
        {"Orvane", "Media Corp"},
    ),
    (
        "a name after a descriptor, whatever its ending",
        "",
        "Norvik Power has announced a strategic partnership with the Danish retailer Korrian to "
        "sell heat pumps in its stores.",
        {"Norvik Power", "Korrian"},
    ),
    (
        "a French name with a lowercase word before a place",
        "",
        "La société Verdane télécoms Afrique a signé une convention de partenariat avec la "
        "société Payra pour distribuer ses forfaits.",
        {"Verdane télécoms Afrique", "Payra"},
    ),
    (
        "three parties in one list",
        "",
        "Halsey Clinic, Quantel and Norvik Power have signed a memorandum of understanding to "
        "build a hydrogen hub together.",
        {"Halsey Clinic", "Quantel", "Norvik Power"},
    ),
    (
        "an institution named by its acronym and its town",
        "",
        "Le Centre hospitalier universitaire (CHU) de Brest a signé une convention de "
        "partenariat avec la société Payra pour analyser les données des patients. Le CHU de "
        "Brest fournira les données.",
        {"CHU de Brest", "Payra"},
    ),
    (
        "a joint venture named after its two parents",
        "",
        "Norvik and Halsey Group have agreed to form a joint venture, Norvik Halsey Energy, to "
        "build wind farms. Norvik Halsey Energy will start work next year.",
        {"Norvik", "Halsey Group"},
    ),
    (
        "a French joint venture named after its two parents",
        "",
        "Le groupe Verdane et la société Ostrea ont annoncé la création d'une coentreprise, "
        "Verdane Ostrea Marine, pour construire des éoliennes. Verdane Ostrea Marine emploiera "
        "200 personnes.",
        {"Verdane", "Ostrea"},
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


@pytest.mark.parametrize(
    "acronym,words,same",
    [
        ("FEXIM", "Federal Export and Import Bank", True),  # word starts, "Bank" after
        ("UNIPROLAIT", "Union des producteurs de lait", True),
        ("ALFA", "Alliance for a Lighter Future in Africa", True),  # small words skipped
        ("NBA", "Nordic Battery Alliance", True),
        ("FEX", "Federal Export and Import Bank", False),  # "Import" gives no letter
        ("AMD", "Nordic Battery Alliance", False),
        ("NBX", "Nordic Battery Alliance", False),
    ],
)
def test_acronyms_spelled_by_word_starts(acronym, words, same):
    assert spelled(acronym, tuple(words.split())) is same


@pytest.mark.parametrize(
    "words,expected",
    [
        ("Media Corp", "Media Corp"),  # "Media" alone is no name
        ("Press Holdings", "Press Holdings"),
        ("Orvane Corp", "Orvane"),
        ("Verdane télécoms Afrique", "Verdane"),  # not "Afrique", a place
    ],
)
def test_a_legal_suffix_stays_when_the_rest_is_no_name(words, expected):
    tokens = words.split()
    start, end = name_bounds(tokens)
    assert " ".join(tokens[start:end]) == expected


@pytest.mark.parametrize(
    "name,is_outlet",
    [("DealWire.com", True), ("/CNW", True), ("Energy Wire News", True), ("Orvane.com", False)],
)
def test_outlets(name, is_outlet):
    assert outlet(name) is is_outlet
