"""Recall of the cheap cascade on varied phrasing, and precision on newer hard negatives."""

from __future__ import annotations

import pytest

PHRASINGS = [
    # (case, title, text)
    ("link up", "Orvel and Pantic link up on payouts", "Orvel and Pantic will link up to pay "
     "gig workers instantly, the firms said."),
    ("forge ties", "", "Ride-hailing firm Dasko and carmaker Velmont are forging closer ties to "
     "put electric cars on Dasko's platform."),
    ("co-design", "", "Chip start-up Rivex and auto-parts supplier Morda have agreed to co-design "
     "processors for cars, the firms said on Wednesday."),
    ("joint <adjective> lab", "Calder University and Orbis launch joint AI lab", "Calder "
     "University and Orbis have agreed to set up a joint AI lab on campus."),
    ("pact", "", "Kestrel Mobile has inked a pact with Fenlow to resell its satellite capacity."),
    ("reported pluperfect is today's news", "", "Orvane said on Friday it had signed an agreement "
     "with Pellis to jointly develop electric powertrains for its vans."),
    ("noue un partenariat", "", "L'éditeur grenoblois Lumiplex noue un partenariat avec "
     "l'opérateur Kerlis pour équiper 2 000 arrêts de bus d'écrans."),
    ("s'unissent", "", "Vantel et Aéroports du Nord s'unissent pour exploiter le nouveau "
     "terminal de l'aéroport de Lima."),
    ("programme de recherche commun", "Contensia et l'Inria lancent un programme de recherche "
     "commun", "Contensia et l'Inria ont conclu un accord de recherche sur l'expérience "
     "utilisateur."),
    ("contrat de licence", "", "Ludora a conclu un contrat de licence avec Tenko pour adapter sa "
     "franchise sur mobile en Chine."),
]  # fmt: skip

NEGATIVES = [
    ("earnings naming an existing partner", "Zebra Retail quarterly profit rises",
     "Zebra Retail reported a 12% rise in quarterly profit on Thursday, helped by online sales "
     "through its existing partnership with Shopvia. The company raised its full-year guidance."),
    ("analyst note", "Analyst: Why the Kestrel-Orbital alliance is overrated",
     "Analysts at Bernwood downgraded Kestrel to underperform on Monday, saying its alliance with "
     "Orbital has yet to produce meaningful revenue."),
    ("opinion on alliances in general", "Opinion: Corporate alliances rarely deliver",
     "Most strategic alliances between large companies fail within five years. Executives should "
     "think twice before announcing the next tie-up."),
    ("sports sponsor", "Brentwick announces new shirt sponsor",
     "Brentwick FC has named betting firm Spinzo as its principal partner for the next three "
     "seasons. The club's logo will appear on the front of the shirts."),
    ("political alliance", "Opposition parties form alliance ahead of election",
     "Three opposition parties have formed an alliance to field a single presidential candidate "
     "in next year's election, their leaders said on Sunday."),
    ("military alliance", "NATO allies pledge more spending",
     "NATO allies agreed on Thursday to raise defence spending, as members of the alliance met "
     "in Brussels."),
    ("court case", "Court rules against Vantage in dispute with former partner Helix",
     "A Delaware judge ruled on Friday that Vantage breached its joint development agreement "
     "with Helix and must pay $40 million in damages."),
    ("alliance politique", "Alliance de la gauche : les partis scellent un accord",
     "Les partis de gauche ont scellé une alliance électorale pour les élections législatives."),
    ("rapprochement = fusion", "Vernis et Colbert annoncent leur rapprochement",
     "Les groupes Vernis et Colbert ont annoncé lundi leur rapprochement, qui prendra la forme "
     "d'une fusion par échange d'actions."),
    ("partenaire maillot", "Le Stade Garonnais présente son nouveau partenaire",
     "Le Stade Garonnais a présenté son nouveau partenaire principal, une mutuelle régionale, qui "
     "figurera sur le maillot du club la saison prochaine."),
    ("négociations exclusives", "Alteva entre en négociations exclusives avec Norsa",
     "Alteva est entré en négociations exclusives avec Norsa en vue d'une alliance dans les "
     "batteries. Aucun accord n'a encore été signé."),
]  # fmt: skip


@pytest.mark.parametrize("title,text", [c[1:] for c in PHRASINGS], ids=[c[0] for c in PHRASINGS])
def test_varied_phrasing_is_detected(analyze, title, text):
    analysis = analyze(title, text)
    assert analysis.is_partnership
    assert len(analysis.parties) >= 2


@pytest.mark.parametrize("title,text", [c[1:] for c in NEGATIVES], ids=[c[0] for c in NEGATIVES])
def test_hard_negatives(analyze, title, text):
    assert not analyze(title, text).is_partnership
