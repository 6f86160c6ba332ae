"""Wordings beyond the simple "A partners with B": passives, wire copy, explainers, rumours."""

from __future__ import annotations

import pytest

CASES = [
    # (title, text, is_partnership, parties)
    (
        "",
        "A strategic partnership between Acorda Systems and Beltrane Energy was announced on "
        "Monday, covering grid storage in Spain.",
        True,
        {"Acorda Systems", "Beltrane Energy"},
    ),
    (
        "Corvel, Daxen to jointly develop self-driving software",
        "Corvel and Daxen said they will jointly develop software for self-driving trucks, "
        "pooling their engineering teams.",
        True,
        {"Corvel", "Daxen"},
    ),
    (
        "",
        "Jorvik Steel said on Thursday it would set up a joint venture with Kappa Mining in "
        "India to produce green steel.",
        True,
        {"Jorvik Steel", "Kappa Mining"},
    ),
    (
        "Arlo Biotech Partners With Merck On Cancer Vaccine",
        "BOSTON (Reuters) - Arlo Biotech Inc (ARLB.O) said on Tuesday it had entered into a "
        "collaboration and license agreement with Merck & Co to develop a cancer vaccine.\n\n"
        'Under the deal, Merck will pay $50 million upfront. "This collaboration validates our '
        'platform," Arlo chief executive Dana Kim said.',
        True,
        {"Arlo Biotech", "Merck"},
    ),
    (
        "",
        "SEOUL — South Korea's Hanjin Chemical and U.S.-based Polaris Materials have formed a "
        "50-50 joint venture to produce battery cathodes in Georgia, the companies said.",
        True,
        {"Hanjin Chemical", "Polaris Materials"},
    ),
    (
        "",
        "PARIS, 12 mars (Reuters) - Renault et Valeo ont annoncé mardi la signature d'un "
        "protocole d'accord en vue de développer ensemble des moteurs électriques.",
        True,
        {"Renault", "Valeo"},
    ),
    (
        "Santé : Medelia et le CHU de Nantes signent un partenariat",
        "La medtech nantaise Medelia et le CHU de Nantes ont signé un partenariat de recherche "
        "pour développer des capteurs cardiaques, a annoncé l'entreprise lundi.",
        True,
        {"Medelia", "CHU de Nantes"},
    ),
    (
        "",
        "Un partenariat a été signé entre Wexia et Yonder Santé pour développer la "
        "téléconsultation en Afrique.",
        True,
        {"Wexia", "Yonder Santé"},
    ),
    (
        "Fenwick et Garance unissent leurs forces dans la cybersécurité",
        "Les sociétés Fenwick et Garance ont annoncé jeudi unir leurs forces pour proposer une "
        "offre commune de cybersécurité aux PME.",
        True,
        {"Fenwick", "Garance"},
    ),
    (
        "Lumora Q2 profit rises 8%; company touts new partnerships",
        "Lumora reported second-quarter profit of $1.2 billion, up 8%, on strong cloud sales. "
        "The company also said it had signed partnerships with several retailers.",
        False,
        set(),
    ),
    (
        "Mavric names former McKinsey partner as chief executive",
        "Mavric appointed Jane Holt, a former partner at McKinsey, as chief executive on Monday.",
        False,
        set(),
    ),
    (
        "Pavlo and Quint end their joint venture",
        "Pavlo and Quint said on Friday they would dissolve their joint venture in Brazil after "
        "failing to agree on strategy.",
        False,
        set(),
    ),
    (
        "Regulators probe Sorrel's alliance with Tandem Air",
        "European regulators opened an investigation into the alliance between Sorrel Airlines "
        "and Tandem Air, citing competition concerns.",
        False,
        set(),
    ),
    (
        "Why the Ostra-Pell tie-up matters for European telecoms",
        "Last week's tie-up between Ostra and Pell has been hailed as a turning point. But "
        "analysts say the real test will come when the two operators try to merge their "
        "networks.",
        False,
        set(),
    ),
    (
        "Kinetic Labs secures $120 million; Nvidia joins as strategic investor",
        "Kinetic Labs, which builds robots for warehouses, has raised $120 million in a Series C "
        "round. Nvidia joined the round as a strategic investor and partner, the startup said.",
        False,
        set(),
    ),
    (
        "Vireo unveils new electric SUV at Geneva show",
        "Vireo on Monday unveiled its first electric SUV at the Geneva motor show. The car will "
        "go on sale next year in Europe. The infotainment system was developed in partnership "
        "with Google.",
        False,
        set(),
    ),
    (
        "Partner Communications names new CEO",
        "Israel's Partner Communications said on Sunday it had appointed Avi Cohen as chief "
        "executive, replacing a predecessor who is stepping down after five years.",
        False,
        set(),
    ),
    (
        "Zelior serait en discussions avec Arkeon pour une alliance",
        "Selon des sources proches du dossier, Zelior serait en discussions avec Arkeon pour "
        "une éventuelle alliance dans le spatial.",
        False,
        set(),
    ),
    (
        "Dravia dément tout projet de coentreprise avec Elnor",
        "Le groupe Dravia a démenti lundi tout projet de coentreprise avec Elnor, évoqué par la "
        "presse.",
        False,
        set(),
    ),
    (
        "Jovial rachète Kerlan",
        "Jovial a finalisé le rachat de Kerlan. Son PDG salue « un partenariat naturel » entre "
        "les deux entreprises.",
        False,
        set(),
    ),
]


@pytest.mark.parametrize("title,text,is_partnership,parties", CASES)
def test_wordings(analyze, title, text, is_partnership, parties):
    analysis = analyze(title, text)
    assert analysis.is_partnership is is_partnership
    assert set(analysis.parties) == parties
