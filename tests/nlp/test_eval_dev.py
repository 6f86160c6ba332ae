"""The quality bar on the labelled corpus kept next to the repository (../shared/corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import Article
from bot.nlp import Analyzer
from bot.nlp.evaluate import evaluate_file, read_jsonl

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
DEV = CORPUS / "dev.jsonl"
SEED = CORPUS / "seed.jsonl"

MIN_PRECISION = 0.90
MIN_F1 = 0.90
MIN_PARTY_EXACT_MATCH = 0.80


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason=f"labelled corpus not found at {DEV}")
def test_dev_set_meets_the_quality_bar(analyzer):
    report = evaluate_file(DEV, analyzer)
    print(report.format())
    overall = report.overall
    assert overall.articles >= 40
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
