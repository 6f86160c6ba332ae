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
