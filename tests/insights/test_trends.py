"""Trends and spikes on data built for it: a steady giant and a mid-size company that
suddenly signs four deals in a week."""

from __future__ import annotations

import math

import pytest

from bot.insights.periods import last
from bot.insights.trendchart import render_trends
from bot.insights.trends import in_words, poisson_tail, sentence, trends
from tests.insights.conftest import TODAY, weeks_ago
from tests.insights.pictures import assert_picture

WEEK = last("7d", now=TODAY)


@pytest.fixture
def busy_year(deal):
    """Megacorp signs three deals every week of the year and five this week (as usual, give
    or take); Kestrel signs one every other week, then four this week."""
    for week in range(1, 53):
        for n in range(3):
            deal(["Megacorp", f"Mega partner {week}-{n}"], published=weeks_ago(week, days=n),
                 topics=("cloud",))  # fmt: skip
        if week % 2 == 0:
            deal(["Kestrel", f"Kestrel partner {week}"], published=weeks_ago(week, days=3),
                 deal_type="licensing", topics=("ai",))  # fmt: skip
    for n in range(5):
        deal(["Megacorp", f"Mega new {n}"], published=weeks_ago(0, days=n % 5), topics=("cloud",))
    for n in range(4):
        deal(["Kestrel", f"Kestrel new {n}"], published=weeks_ago(0, days=n),
             deal_type="joint_venture", topics=("ev_batteries", "ai"))  # fmt: skip


@pytest.mark.parametrize(
    "k,rate,expected",
    [
        (0, 3.0, 1.0),
        (1, 2.0, 1 - math.exp(-2)),
        (4, 0.5, 1 - math.exp(-0.5) * (1 + 0.5 + 0.125 + 0.5**3 / 6)),
        (3, 0.0, 0.0),
    ],
)
def test_poisson_tail(k, rate, expected):
    assert poisson_tail(k, rate) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_a_far_tail_is_tiny_but_not_zero():
    far = poisson_tail(40, 3.0)
    assert 0 < far < 1e-20
    assert poisson_tail(41, 3.0) < far


def test_the_sudden_mid_size_company_is_a_spike_and_the_steady_giant_is_not(db, busy_year):
    report = trends(db, WEEK)
    by_name = {t.label: t for t in report.companies}
    giant, kestrel = by_name["Megacorp"], by_name["Kestrel"]
    assert report.companies[0] is giant  # the giant still leads the ranking by count
    assert giant.count == 5 and not giant.spike
    assert kestrel.count == 4 and kestrel.spike
    assert [t.label for t in report.spikes] == ["Kestrel"]
    assert [t.label for t in report.notable] == ["Kestrel"]
    assert sentence(kestrel, WEEK, report.baseline_days) == (
        "Kestrel: 4 partnerships this week, usually 0.5"
    )


def test_topics_and_deal_types_are_ranked_in_words(db, busy_year):
    report = trends(db, WEEK)
    assert [(t.label, t.count) for t in report.topics] == [
        ("Cloud computing", 5),
        ("Artificial intelligence", 4),
        ("Batteries", 4),
    ]
    assert [(t.label, t.count) for t in report.deal_types] == [
        ("Collaboration", 5),
        ("Joint venture", 4),
    ]
    lines = in_words(report)
    assert lines[0] == "Notable: Kestrel: 4 partnerships this week, usually 0.5"
    assert any(line.startswith("Companies: Megacorp 5 (usually 3.0)") for line in lines)


def test_a_young_store_calls_no_spike(db, deal):
    for n in range(5):
        deal(["Newco", f"Partner {n}"], published=weeks_ago(0, days=n))
    deal(["Newco", "Earlier"], published=weeks_ago(1, days=3))
    report = trends(db, WEEK)
    assert not report.history_ok
    assert report.companies[0].label == "Newco" and not report.spikes
    assert in_words(report)[-1] == (
        "Usual rates have only 4 days of history: too little to call spikes."
    )


def test_the_chart_is_a_picture_and_an_empty_period_is_words(db, busy_year):
    assert_picture(render_trends(trends(db, WEEK)), min_height=900)
    empty = trends(db, last("7d", now=TODAY.replace(year=2010)))
    assert empty.empty
    assert in_words(empty) == ["No new partnerships this week."]
    with pytest.raises(ValueError):
        render_trends(empty)


def test_a_store_with_nothing_before_the_period_says_so(db, deal):
    deal(["Newco", "Firstpartner"], published=weeks_ago(0, days=1))
    report = trends(db, WEEK)
    assert in_words(report) == [
        "Companies: Firstpartner 1; Newco 1",
        "Topics: Cloud computing 1",
        "Deal types: Collaboration 1",
        "Usual rates have no history before the period: too little to call spikes.",
    ]
