"""Partnership detection, deal types and hard negatives, over short invented articles."""

from __future__ import annotations

import pytest

from bot.models import DEAL_TYPES

POSITIVES = [
    # (lang, title, text, deal_type)
    (
        "en",
        "Zentara Robotics and Kobalt Systems sign MoU on warehouse automation",
        "Zentara Robotics and Kobalt Systems have signed a memorandum of understanding to "
        "explore warehouse automation in Europe. The two companies will share engineering teams.",
        "mou",
    ),
    (
        "en",
        "",
        "Ardent Motors and Lumina Cells announced on Tuesday a joint venture to build battery "
        "cells for electric vehicles in Ohio. Each company will own half of the venture.",
        "joint_venture",
    ),
    (
        "en",
        "Quorra Games signs licensing deal with Pellham Studios",
        "Quorra Games has signed a licensing agreement with Pellham Studios that lets it publish "
        "Pellham's strategy titles in Asia. The deal runs for five years.",
        "licensing",
    ),
    (
        "en",
        "Vantor Foods inks distribution agreement with Mercado Fresco",
        "Vantor Foods has signed an exclusive distribution agreement with Mercado Fresco, which "
        "will carry its snacks in 400 stores across Mexico.",
        "distribution_agreement",
    ),
    (
        "en",
        "Orbis Health and Calder University collaborate on AI diagnostics",
        "Orbis Health and Calder University have signed a collaboration agreement to build AI "
        "tools that read chest scans. The work will run for three years.",
        "collaboration",
    ),
    (
        "en",
        "Brixton Bank teams up with Payla to offer instant payments",
        "Brixton Bank is teaming up with fintech Payla to let small merchants accept instant "
        "payments. The partnership starts in the UK.",
        "strategic_partnership",
    ),
    (
        "en",
        "Halden Chips and Norrin Devices enter strategic partnership to manufacture sensors",
        "Halden Chips and Norrin Devices have entered into a strategic partnership to "
        "manufacture image sensors at Halden's new foundry in Texas.",
        # The rules called a manufacturing partnership "other", after one dev label; the
        # deal model follows the 320 labelled articles, where such deals are mostly
        # labelled by the kind of agreement they name.
        "strategic_partnership",
    ),
    (
        "fr",
        "Vallorie et Medisens s'associent dans la télémédecine",
        "Le groupe Vallorie et la start-up Medisens ont annoncé mardi la signature d'un "
        "partenariat stratégique pour développer des services de télémédecine en France.",
        "strategic_partnership",
    ),
    (
        "fr",
        "",
        "L'énergéticien Solvane a signé un protocole d'accord avec le groupe Hydrel pour "
        "produire de l'hydrogène vert dans le sud de la France.",
        "mou",
    ),
    (
        "fr",
        "Coentreprise entre Arvalis Auto et Lumen Batteries",
        "Arvalis Auto et Lumen Batteries vont fonder une coentreprise à 50/50 pour "
        "fabriquer des batteries de véhicules électriques.",
        "joint_venture",
    ),
    (
        "fr",
        "Pharmalis signe un accord de licence avec Biocélia",
        "Le laboratoire Pharmalis a signé un accord de licence avec la biotech Biocélia pour "
        "commercialiser son traitement contre le diabète en Europe.",
        "licensing",
    ),
    (
        "fr",
        "Accord de coopération entre Ferrovia et Alpitrans",
        "Ferrovia et Alpitrans ont signé un accord de coopération pour moderniser la ligne "
        "ferroviaire entre Lyon et Turin.",
        "collaboration",
    ),
]

HARD_NEGATIVES = [
    # (family, lang, title, text)
    (
        "acquisition called a partnership",
        "en",
        "Halcyon Software to acquire Redwing Analytics for $2 billion",
        "Halcyon Software said it will acquire Redwing Analytics in an all-cash deal valued at "
        "$2 billion. Halcyon's chief executive called the deal a partnership that would bring "
        "the teams together.",
    ),
    (
        "merger",
        "fr",
        "",
        "La fusion entre les groupes Castelnau et Véron a pris effet ce lundi, donnant naissance "
        "au premier acteur européen du secteur.",
    ),
    (
        "funding round with strategic partners",
        "en",
        "Tessaro raises $40 million in Series B led by Orchard Ventures",
        "Tessaro, a logistics startup, has raised $40 million in a Series B round led by Orchard "
        "Ventures, with participation from strategic partners including a large retailer.",
    ),
    (
        "levée de fonds",
        "fr",
        "La start-up Kyvo lève 20 millions d'euros",
        "La start-up Kyvo a réalisé une levée de fonds de 20 millions d'euros auprès de ses "
        "partenaires financiers.",
    ),
    (
        "partner as a job title",
        "en",
        "Bramble & Finch adds three partners to its London office",
        "Law firm Bramble & Finch has hired three new partners for its corporate practice in "
        "London. The partners join from rival firms.",
    ),
    (
        "associé as a job title",
        "fr",
        "Le cabinet Morel & Associés accueille deux nouveaux associés",
        "Le cabinet d'avocats Morel & Associés annonce l'arrivée de deux associés en droit des "
        "affaires.",
    ),
    (
        "partnership ending",
        "en",
        "Corvane ends partnership with Delphi Foods",
        "Corvane said on Friday it would end its partnership with Delphi Foods after five years, "
        "citing a change in strategy.",
    ),
    (
        "fin de partenariat",
        "fr",
        "Fin du partenariat entre Loria et Mediastar",
        "Loria et Mediastar ont décidé de mettre fin à leur partenariat de distribution, a "
        "annoncé Loria lundi.",
    ),
    (
        "denied rumour",
        "en",
        "Kestrel Air denies report of alliance talks with Sunwing",
        "Kestrel Air on Monday denied a media report that it was in talks to form an alliance "
        "with Sunwing Airlines. 'There are no such discussions,' a spokesperson said.",
    ),
    (
        "rumour",
        "en",
        "Report: Galen Motors could team up with Hoshi on EVs",
        "Galen Motors is reportedly considering a tie-up with Japan's Hoshi Industries on "
        "electric vehicles, according to people familiar with the matter.",
    ),
    (
        "démenti",
        "fr",
        "Rumeurs d'alliance entre Navalis et Portis : les deux groupes démentent",
        "Navalis et Portis ont démenti lundi les rumeurs d'une alliance, affirmant qu'aucune "
        "discussion n'était en cours.",
    ),
    (
        "earnings with licensing revenue",
        "en",
        "Marlow Tech third-quarter revenue rises on licensing",
        "Marlow Tech reported a 12 percent rise in third-quarter revenue as its patent licensing "
        "business grew. Net income rose to $300 million, beating analysts' estimates.",
    ),
    (
        "lawsuit against a former partner",
        "en",
        "Pinecrest sues former partner Vellum over trade secrets",
        "Pinecrest filed a lawsuit against Vellum on Wednesday, accusing its former partner of "
        "stealing trade secrets from their joint project.",
    ),
    (
        "product launch naming partners",
        "en",
        "Nuvia Phone launches new flagship with carrier partners",
        "Nuvia Phone launched its new flagship smartphone on Thursday. The phone will be sold "
        "through carrier partners in ten countries starting next month.",
    ),
    (
        "partnership only in the background",
        "en",
        "Grendel Labs opens new research centre in Boston",
        "Grendel Labs opened a research centre in Boston on Monday that will employ 300 people. "
        "The site will focus on battery chemistry. The company said hiring would start in "
        "spring. It also plans a second site in Denver. Local officials welcomed the project. "
        "Grendel has worked with several universities in the past and has a partnership with "
        "Oskar Materials on recycling.",
    ),
]


@pytest.mark.parametrize("lang,title,text,deal_type", POSITIVES)
def test_positive_articles_are_found_with_their_deal_type(analyze, lang, title, text, deal_type):
    analysis = analyze(title, text)
    assert analysis.lang == lang
    assert analysis.is_partnership
    assert analysis.deal_type == deal_type
    assert 0.5 <= analysis.confidence <= 1.0
    assert analysis.evidence


@pytest.mark.parametrize("family,lang,title,text", HARD_NEGATIVES)
def test_hard_negatives_are_rejected(analyze, family, lang, title, text):
    analysis = analyze(title, text)
    assert analysis.lang == lang
    assert not analysis.is_partnership, family
    assert analysis.deal_type is None
    assert analysis.parties == []
    assert 0.0 <= analysis.confidence < 0.5
    assert analysis.summary


@pytest.mark.xfail(
    strict=True,
    reason="known miss, also in cross-validation (a partnership announced in an article "
    "about a failed takeover): the acquisition words outweigh it; see the README's quality "
    "section",
)
def test_failed_acquisition_followed_by_partnership_is_a_partnership(analyze):
    # Regression: acquisition words in the headline must not hide the new partnership.
    analysis = analyze(
        "Corlan salvages ties with Ember Micro after failed takeover",
        "Corlan said on Monday it will supply production capacity to chipmaker Ember Micro, "
        "sealing an alliance between the pair after Corlan's bid to buy Ember "
        "collapsed last month.",
    )
    assert analysis.is_partnership
    assert set(analysis.parties) == {"Corlan", "Ember Micro"}


def test_every_deal_type_is_from_the_contract(analyze):
    for _lang, title, text, _ in POSITIVES:
        assert analyze(title, text).deal_type in DEAL_TYPES
