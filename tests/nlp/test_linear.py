"""The small linear models the learned decisions use."""

from __future__ import annotations

import json

import pytest

from bot.nlp.linear import LinearModel


def separable(n: int = 60):
    rows, labels = [], []
    for i in range(n):
        positive = i % 2 == 0
        rows.append({"signal": 1.0 if positive else 0.0, f"noise{i % 5}": 1.0, "bias-ish": 1.0})
        labels.append("yes" if positive else "no")
    return rows, labels


def test_binary_model_learns_a_separable_signal():
    rows, labels = separable()
    model = LinearModel.fit(rows, labels, ["no", "yes"], l2=0.1, min_count=1)
    assert model.predict({"signal": 1.0}) > 0.9
    assert model.predict({}) < 0.1
    assert model.explain({"signal": 1.0}, top=1)[0].startswith("signal +")


def test_fitting_is_deterministic():
    rows, labels = separable()
    one = LinearModel.fit(rows, labels, ["no", "yes"], l2=1.0, min_count=1).to_dict()
    two = LinearModel.fit(rows, labels, ["no", "yes"], l2=1.0, min_count=1).to_dict()
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)


def test_rare_features_are_dropped():
    rows, labels = separable()
    rows[0]["once"] = 1.0
    model = LinearModel.fit(rows, labels, ["no", "yes"], min_count=2)
    assert "once" not in model.features and "signal" in model.features


def test_multinomial_model_and_round_trip():
    rows = [{"a": 1.0}] * 10 + [{"b": 1.0}] * 10 + [{"c": 1.0}] * 10
    labels = ["A"] * 10 + ["B"] * 10 + ["C"] * 10
    model = LinearModel.fit(rows, labels, ["A", "B", "C"], l2=0.1, min_count=1)
    dist = model.distribution({"b": 1.0})
    assert max(dist, key=dist.get) == "B"
    assert sum(dist.values()) == pytest.approx(1.0)
    copy = LinearModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert copy.distribution({"b": 1.0}) == pytest.approx(dist, abs=1e-4)


def test_unknown_features_are_ignored_at_prediction():
    rows, labels = separable()
    model = LinearModel.fit(rows, labels, ["no", "yes"], min_count=1)
    assert model.predict({"signal": 1.0, "never seen": 5.0}) == model.predict({"signal": 1.0})
