"""The learned first pass (`gate`): it spares the models articles, never a partnership."""

from __future__ import annotations

import pytest

from bot.models import Article
from bot.nlp.analyzer import Analyzer
from bot.nlp.gate import gate_features
from bot.nlp.training import cross_validate, extract_examples, gate_threshold
from tests.nlp.labelled import POSITIVES, records

# Our own partnership announcements, phrased as real news phrases them.
ANNOUNCEMENTS = [
    (
        "Halvern Aero and Dresk Motors team up on electric air taxis",
        "Halvern Aero and Dresk Motors have agreed to jointly develop electric air taxis, the "
        "companies said on Wednesday. The partnership covers batteries and certification.",
    ),
    (
        "Corvane Bank signs strategic partnership with Ulmo Pay",
        "Corvane Bank has signed a strategic partnership with payments start-up Ulmo Pay to "
        "offer instant transfers to its 4 million customers.",
    ),
    (
        "Sibel Pharma et Ardoise Santé signent un protocole d'accord",
        "Sibel Pharma et Ardoise Santé ont signé un protocole d'accord pour développer "
        "ensemble des vaccins à ARN, ont annoncé les deux groupes mardi.",
    ),
    (
        "Tervio et Lunaire Énergie créent une coentreprise dans l'hydrogène",
        "Le groupe Tervio et Lunaire Énergie vont créer une coentreprise détenue à parts "
        "égales pour produire de l'hydrogène vert dans le Nord, selon un communiqué.",
    ),
]


@pytest.mark.parametrize("title,text", ANNOUNCEMENTS)
def test_shipped_gate_lets_announcements_through(analyzer, title, text):
    article = Article(uid="g", title=title, text=text)
    prepared = analyzer.cheap_pass(analyzer.language_of(article)).prepare(title, text)
    assert prepared.candidate
    assert analyzer.passes_gate(prepared)
    assert gate_features(prepared)["lang=" + prepared.lang] == 1.0


def test_gate_changes_no_verdict_on_our_own_articles(analyzer):
    forced_open = Analyzer(gate=False)
    articles = [Article(uid=f"g{n}", title=t, text=x) for n, (t, x) in enumerate(ANNOUNCEMENTS)]
    articles += [
        Article(uid=f"p{n}", title=title, text=text)
        for n, (_, title, text, _, _) in enumerate(POSITIVES)
    ]
    gated = [a.is_partnership for a in analyzer.analyze_many(articles)]
    opened = [a.is_partnership for a in forced_open.analyze_many(articles)]
    assert gated == opened
    assert sum(opened) >= len(ANNOUNCEMENTS)


def test_an_analyzer_with_its_own_threshold_sends_every_candidate_on():
    assert Analyzer(threshold=0.5).gate is False
    assert Analyzer().gate is True


def test_gate_threshold_sits_under_every_partnership_found():
    scored = [(True, 0.9, 0.4), (True, 0.8, 0.2), (False, 0.1, 0.01), (True, 0.3, 0.001)]
    threshold = gate_threshold(scored, 0.5, margin=1.0)
    assert 0 < threshold < 0.2  # the one found lowest, less the margin; the miss is ignored
    assert gate_threshold([(False, 0.9, 0.9)], 0.5) == 0.0  # nothing to keep: no gate


def test_cross_validated_gate_loses_no_partnership_of_our_sample(analyzer):
    examples = extract_examples(records(), analyzer)
    for fold in cross_validate(examples, 3, seed=0):
        for (example, got), opened in zip(fold.predictions, fold.open, strict=True):
            if opened.is_partnership:
                assert got.is_partnership, example.id
