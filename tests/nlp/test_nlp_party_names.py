"""Party names the way articles present them: descriptors, aliases, hyphens, wire copy."""

from __future__ import annotations

import pytest

from bot.nlp.names import name_bounds

PARTY_CASES = [
    # (case, title, text, parties)
    (
        "capitalised descriptor before 'company NAME'",
        "",
        "Defence AI company Korvath and Lumen AI announced a strategic partnership on Monday to "
        "build vision models for drones.",
        {"Korvath", "Lumen AI"},
    ),
    (
        "descriptor of two words before the name",
        "Halden, Tessel in GPU cloud tie-up",
        "GPU cloud provider Halden has tied up with server maker Tessel to build liquid-cooled "
        "data centres in Texas.",
        {"Halden", "Tessel"},
    ),
    (
        "a name describing the partner is not a party",
        "",
        "Norrin has partnered with Vellum to develop smart glasses, the Ray-Ban maker said.",
        {"Norrin", "Vellum"},
    ),
    (
        "géant + adjectives before a name the alias table knows",
        "Qubitra signe un protocole d'accord avec Aramco",
        "La start-up française Qubitra, spécialiste de l'informatique quantique, a signé un "
        "protocole d'accord avec le géant pétrolier saoudien Aramco.",
        {"Qubitra", "Aramco"},
    ),
    (
        "the article's form of a known alias, not the table's canonical name",
        "JPMorgan Chase and Qorva to collaborate on quantum algorithms",
        "JPMorgan Chase said on Wednesday it will collaborate with Qorva on quantum algorithms "
        "for portfolio optimisation.",
        {"JPMorgan Chase", "Qorva"},
    ),
    (
        "the canonical name when the article uses it too",
        "Samsung and Pellandra sign licensing deal",
        "Samsung Electronics has signed a licensing agreement with Pellandra for display patents. "
        "Samsung will pay royalties from 2026.",
        {"Samsung", "Pellandra"},
    ),
    (
        "hyphenated names",
        "Tal-Oren Robotics, Geo-Sense to co-develop mining drones",
        "Israeli firm Tal-Oren Robotics and Chilean start-up Geo-Sense have struck a deal to "
        "co-develop autonomous drones for open-pit mines.",
        {"Tal-Oren Robotics", "Geo-Sense"},
    ),
    (
        "ampersand inside a name",
        "",
        "MUMBAI, June 2 (Reuters) - Mahindra & Mahindra said on Friday it had signed an "
        "agreement with French supplier Valeo to jointly develop electric powertrains.",
        {"Mahindra & Mahindra", "Valeo"},
    ),
    (
        "a known name cut short by the alias table: 'Tata' of 'Tata Electronics'",
        "Arm teams up with Tata Electronics on chip design centre",
        "BENGALURU, May 7 (Reuters) - Arm and Tata Electronics will jointly build a chip design "
        "centre in Bengaluru, the companies said on Tuesday.",
        {"Arm", "Tata Electronics"},
    ),
    (
        "two names the NER joined with 'and'",
        "",
        "Kopernik Health and Vesta Care forged a partnership on Monday to roll out AI triage "
        "tools in 30 hospitals.",
        {"Kopernik Health", "Vesta Care"},
    ),
    (
        "press-release dateline, ticker and 'About' sections",
        "",
        "SAN MATEO, Calif., March 3, 2024 /PRNewswire/ -- Drovia (NYSE: DRV) and Lumio, a "
        "provider of retail analytics, today announced a strategic partnership.\n\n"
        "About Lumio\nLumio helps retailers such as Carrefour and Target predict demand.",
        {"Drovia", "Lumio"},
    ),
    (
        "Business Wire dateline",
        "",
        "NEW YORK--(BUSINESS WIRE)--Nexova Inc. (NASDAQ: NXVA), a developer of quantum sensors, "
        "today announced a multi-year research collaboration with ETH Zurich.",
        {"Nexova", "ETH Zurich"},
    ),
    (
        "passive: selected by Y as its partner",
        "",
        "Harbourline has been selected by the Port of Rotterdam as its partner for a hydrogen "
        "bunkering terminal, the port authority said on Wednesday.",
        {"Harbourline", "Port of Rotterdam"},
    ),
    (
        "Y picks X as its partner",
        "Air Kestrel picks Sabrine as technology partner",
        "Air Kestrel has picked Sabrine as its technology partner for a new booking system, the "
        "airline said on Thursday.",
        {"Air Kestrel", "Sabrine"},
    ),
    (
        "a government department keeps its demonym",
        "",
        "Veridian Labs (NASDAQ: VRDL) has entered into a cooperative research agreement with "
        "the US Department of Energy to test iron-air batteries on the grid.",
        {"Veridian Labs", "US Department of Energy"},
    ),
    (
        "names that are common words",
        "Block and Wise link up on cross-border payouts",
        "Block and Wise said on Tuesday they would link up so that Cash App users can send "
        "money abroad.",
        {"Block", "Wise"},
    ),
    (
        "passif : retenue par Y comme partenaire",
        "",
        "La start-up Hydrelio a été retenue par la Région Normandie comme partenaire pour "
        "développer une filière d'hydrogène.",
        {"Hydrelio", "Région Normandie"},
    ),
    (
        "a hyphenated acronym containing a known alias ('HP' in 'AP-HP')",
        "",
        "Medilys et l'AP-HP ont signé un contrat de licence pour le logiciel de prise de "
        "rendez-vous de la start-up.",
        {"Medilys", "AP-HP"},
    ),
    (
        "a known name continued by a proper noun the French parser splits off",
        "EDF Renewables et Masdar créent une coentreprise",
        "EDF Renewables et le groupe émirati Masdar vont créer une coentreprise pour développer "
        "des parcs solaires.",
        {"EDF Renewables", "Masdar"},
    ),
    (
        "places the venture serves are not parties",
        "Three logistics firms form joint venture for green shipping corridor",
        "Arden Freight, Solvik Shipping and Kaimana Ports have formed a joint venture to run a "
        "zero-emission shipping corridor between Oslo and Honolulu.",
        {"Arden Freight", "Solvik Shipping", "Kaimana Ports"},
    ),
    (
        "X choisit Y comme partenaire, Y mal analysé",
        "",
        "La SNCF a choisi la jeune pousse lyonnaise Tramix comme partenaire technologique pour "
        "la maintenance prédictive de ses TGV.",
        {"SNCF", "Tramix"},
    ),
]


@pytest.mark.parametrize(
    "title,text,parties", [c[1:] for c in PARTY_CASES], ids=[c[0] for c in PARTY_CASES]
)
def test_parties_as_the_article_presents_them(extract, title, text, parties):
    analysis = extract(title, text)
    assert analysis.is_partnership
    assert set(analysis.parties) == parties


@pytest.mark.parametrize(
    "words,glued,expected",
    [
        ("Defence AI company Helsing", (), "Helsing"),
        ("EV maker Nio", (), "Nio"),
        ("Fintech Payla", (), "Payla"),
        ("Rolls - Royce", (1,), "Rolls - Royce"),
        ("Rolls - Royce", (), "Rolls"),
        ("the US Department of Energy", (), "US Department of Energy"),
        ("Chinese Xiaomi", (), "Xiaomi"),
        ("Mistral AI", (), "Mistral AI"),
    ],
)
def test_name_bounds(words, glued, expected):
    words = words.split()
    start, end = name_bounds(words, glued)
    assert " ".join(words[start:end]) == expected
