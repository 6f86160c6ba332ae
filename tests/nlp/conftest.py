"""Fixtures for the NLP tests: one real Analyzer (both spaCy models) per test session."""

from __future__ import annotations

import itertools

import pytest

from bot.models import Article
from bot.nlp import Analyzer

_ids = itertools.count()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


def make_article(title: str, text: str, **extra) -> Article:
    return Article(uid=f"test-{next(_ids)}", title=title, text=text, **extra)


@pytest.fixture
def analyze(analyzer):
    """analyze(title, text) -> Analysis, the way a feed item would be analysed."""

    def run(title: str, text: str, **extra):
        return analyzer.analyze(make_article(title, text, **extra))

    return run


@pytest.fixture(scope="session")
def lenient_analyzer() -> Analyzer:
    """An analyser that takes an article for a partnership from a confidence of 0.5: for
    tests of what is extracted (names, topics, summaries) from short texts, whose
    confidence sits below the trained, precision-first threshold."""
    return Analyzer(threshold=0.5)


@pytest.fixture
def extract(lenient_analyzer):
    """extract(title, text) -> Analysis, read as a partnership from a confidence of 0.5."""

    def run(title: str, text: str, **extra):
        return lenient_analyzer.analyze(make_article(title, text, **extra))

    return run
