"""Training, cross-validating and shipping the learned analysis, on our own small sample."""

from __future__ import annotations

import json

import pytest

from bot.nlp.analyzer import Analyzer
from bot.nlp.crossval import cross_validated, expected_calibration_error
from bot.nlp.learned import WEIGHTS_FILE, Models, default_threshold, shipped_models
from bot.nlp.training import choose_threshold, extract_examples, folds, train
from tests.nlp.labelled import records


@pytest.fixture(scope="module")
def sample_models(analyzer):
    return train(records(), analyzer, seed=3, sources=["own sample"])


def test_training_on_a_small_sample_gives_three_working_models(sample_models, tmp_path):
    models = sample_models
    assert models.meta["articles"] == 24 and models.meta["partnerships"] == 12
    assert 0.5 <= models.threshold <= 0.9
    path = tmp_path / "weights.json"
    models.save(path)
    again = Models.load(path)
    assert again.to_dict() == models.to_dict()


def test_training_is_reproducible(analyzer, sample_models):
    again = train(records(), analyzer, seed=3, sources=["own sample"])
    assert json.dumps(again.to_dict()) == json.dumps(sample_models.to_dict())


def test_an_analyzer_with_the_sample_models_reads_a_new_article(sample_models):
    analyzer = Analyzer()
    for lang in ("en", "fr"):
        analyzer.pipeline(lang).get_pipe("partnership").models = sample_models
    from bot.models import Article

    article = Article(
        uid="n1",
        title="Sorrel Labs and Tandem Bio sign memorandum of understanding on gene therapy",
        text="Sorrel Labs and Tandem Bio have signed a memorandum of understanding to develop "
        "gene therapies together, the companies said on Friday.",
    )
    analysis = analyzer.analyze(article)
    assert analysis.confidence > 0.5
    assert analysis.deal_type == "mou" or not analysis.is_partnership


def test_folds_keep_each_article_in_one_test_fold(analyzer):
    examples = extract_examples(records(), analyzer)
    seen = []
    for train_part, test_part in folds(examples, 3, seed=1):
        assert not {e.id for e in train_part} & {e.id for e in test_part}
        seen.extend(e.id for e in test_part)
    assert sorted(seen) == sorted(e.id for e in examples)


def test_cross_validation_reports_held_out_figures(analyzer):
    report = cross_validated(records(), analyzer, k=3, seed=0)
    assert report.overall.articles == 24
    assert len(report.folds) == 3 and len(report.thresholds) == 3
    text = report.format()
    assert "3-fold cross-validation" in text and "calibration (ECE)" in text
    assert set(report.by_lang) == {"en", "fr"}


@pytest.mark.parametrize(
    "scored,expected",
    [
        ([(True, 0.9)] * 10 + [(False, 0.55)] * 3 + [(False, 0.1)] * 10, 0.6),
        ([(True, 0.95)] * 10 + [(False, 0.2)] * 10, 0.5),
    ],
)
def test_threshold_is_chosen_from_held_out_scores(scored, expected):
    assert choose_threshold(scored) == expected


def test_calibration_error_of_a_perfectly_calibrated_set_is_zero():
    pairs = [(True, 1.0)] * 5 + [(False, 0.0)] * 5
    assert expected_calibration_error(pairs) == 0.0
    assert expected_calibration_error([(False, 0.9)]) == pytest.approx(0.9)


def test_the_package_ships_small_weights_the_analyzer_loads(analyzer):
    assert WEIGHTS_FILE.exists(), "run `partners-bot train` to rebuild the shipped weights"
    assert WEIGHTS_FILE.stat().st_size < 2_000_000
    models = shipped_models()
    assert models is not None and models.meta["articles"] >= 300
    assert default_threshold() == models.threshold
    component = analyzer.pipeline("en").get_pipe("partnership")
    assert component.models is models and component.cutoff == models.threshold
