"""The quality bar on the labelled corpus kept next to the repository (../shared/corpus),
measured by cross-validation: the shipped models are fitted to that corpus, so figures on
it would say nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import Article
from bot.nlp import Analyzer
from bot.nlp.crossval import cross_validated
from bot.nlp.evaluate import read_jsonl

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
LABELLED = [CORPUS / "train.jsonl", CORPUS / "dev.jsonl"]
SEED = CORPUS / "seed.jsonl"

# The build fails under these cross-validated figures (see the README's quality section for
# the measured ones). Parties: the issue asks 0.80; 5-fold figures are 0.84-0.85 today
# (seed 0: 0.85, seven articles above the bar).
MIN_PRECISION = 0.90
MIN_F1 = 0.88
MIN_PARTY_EXACT_MATCH = 0.80


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.slow
@pytest.mark.skipif(
    not all(p.exists() for p in LABELLED), reason=f"labelled corpus not found at {CORPUS}"
)
def test_cross_validated_figures_meet_the_quality_bar(analyzer):
    records = [r for path in LABELLED for r in read_jsonl(path)]
    report = cross_validated(records, analyzer, k=5, seed=0)
    print(report.format())
    overall = report.overall
    assert overall.articles >= 320
    assert overall.precision >= MIN_PRECISION, report.format()
    assert overall.f1 >= MIN_F1, report.format()
    assert overall.party_exact_match >= MIN_PARTY_EXACT_MATCH, report.format()


@pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}")
def test_seed_article_is_the_xiaomi_microsoft_mou(analyzer):
    record = read_jsonl(SEED)[0]
    analysis = analyzer.analyze(
        Article(uid=record["id"], title=record["title"], text=record["text"])
    )
    assert analysis.lang == "fr"
    assert analysis.is_partnership
    assert set(analysis.parties) == {"Xiaomi", "Microsoft"}
    assert analysis.deal_type == "mou"
    assert {"cloud", "ai"} <= set(analysis.topics)
    assert analysis.summary and "[" not in analysis.summary and "**" not in analysis.summary
    assert analysis.evidence and "MoU" in analysis.evidence
