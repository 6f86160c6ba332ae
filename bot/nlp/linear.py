"""Small linear models over named features: logistic regression, binary or multinomial.

The analysis turns what it sees (trigger terms and where they sit, negative cues, the syntax
around a trigger, words of the headline and lead, how a name is used) into a dict of named
features; a `LinearModel` weighs them. Training is full-batch L-BFGS on the L2-regularised
log-loss, deterministic for the same data; weights are saved as JSON, so the shipped models
are small, readable and load without any ML library.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

Features = Mapping[str, float]


class LinearModel:
    """Logistic regression over named features.

    With two classes it is a binary model whose `predict` gives P(classes[1]); with more it
    is a softmax over the classes.
    """

    def __init__(
        self,
        classes: Sequence[str],
        features: Sequence[str] = (),
        weights: np.ndarray | None = None,
        bias: np.ndarray | None = None,
        temperature: float = 1.0,
    ):
        self.classes = list(classes)
        self.features = list(features)
        self.index = {name: i for i, name in enumerate(self.features)}
        width = 1 if self.binary else len(self.classes)
        self.weights = (
            np.zeros((len(self.features), width)) if weights is None else np.asarray(weights)
        )
        self.bias = np.zeros(width) if bias is None else np.asarray(bias, dtype=float)
        self.temperature = temperature

    @property
    def binary(self) -> bool:
        return len(self.classes) == 2

    # -- training -------------------------------------------------------------------------

    @classmethod
    def fit(
        cls,
        rows: Sequence[Features],
        labels: Sequence[str],
        classes: Sequence[str],
        *,
        l2: float = 1.0,
        min_count: int = 2,
        sample_weights: Sequence[float] | None = None,
    ) -> LinearModel:
        """Fit on feature dicts and their labels; features seen in fewer than `min_count`
        rows are dropped (they cannot generalise and only memorise)."""
        counts = Counter(name for row in rows for name, value in row.items() if value)
        names = sorted(name for name, n in counts.items() if n >= min_count)
        model = cls(classes, names)
        x = model.matrix(rows)
        position = {c: i for i, c in enumerate(model.classes)}
        y = np.array([position[label] for label in labels])
        w = np.ones(len(rows)) if sample_weights is None else np.asarray(sample_weights, float)
        model._optimise(x, y, w, l2)
        return model

    def matrix(self, rows: Sequence[Features]) -> np.ndarray:
        x = np.zeros((len(rows), len(self.features)))
        for r, row in enumerate(rows):
            for name, value in row.items():
                i = self.index.get(name)
                if i is not None:
                    x[r, i] = value
        return x

    def _optimise(self, x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> None:
        n, d = x.shape
        k = self.weights.shape[1]
        targets = np.zeros((n, k))
        if self.binary:
            targets[:, 0] = y
        else:
            targets[np.arange(n), y] = 1.0
        total = w.sum()

        def loss_and_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
            weights = theta[: d * k].reshape(d, k)
            bias = theta[d * k :]
            logits = x @ weights + bias
            if self.binary:
                z = logits[:, 0]
                loss_rows = np.logaddexp(0.0, z) - targets[:, 0] * z
                residual = (1.0 / (1.0 + np.exp(-z)) - targets[:, 0])[:, None]
            else:
                shifted = logits - logits.max(axis=1, keepdims=True)
                log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
                log_probs = shifted - log_norm
                loss_rows = -(targets * log_probs).sum(axis=1)
                residual = np.exp(log_probs) - targets
            residual = residual * w[:, None] / total
            loss = float((loss_rows * w).sum() / total + 0.5 * l2 / total * (weights**2).sum())
            grad_w = x.T @ residual + l2 / total * weights
            grad_b = residual.sum(axis=0)
            return loss, np.concatenate([grad_w.ravel(), grad_b])

        theta = lbfgs(loss_and_grad, np.zeros(d * k + k))
        self.weights = theta[: d * k].reshape(d, k)
        self.bias = theta[d * k :]

    # -- inference ------------------------------------------------------------------------

    def scores(self, row: Features) -> np.ndarray:
        logits = self.bias.copy()
        for name, value in row.items():
            i = self.index.get(name)
            if i is not None and value:
                logits += value * self.weights[i]
        return logits / self.temperature

    def predict(self, row: Features) -> float:
        """P(classes[1]) of a binary model."""
        z = float(self.scores(row)[0])
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def distribution(self, row: Features) -> dict[str, float]:
        """Class -> probability."""
        if self.binary:
            p = self.predict(row)
            return {self.classes[0]: 1 - p, self.classes[1]: p}
        logits = self.scores(row)
        exp = np.exp(logits - logits.max())
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}

    def explain(self, row: Features, top: int = 5, label: str | None = None) -> list[str]:
        """The features that pushed most towards (or away from) a class, as short phrases."""
        column = 0 if self.binary else self.classes.index(label or self.classes[0])
        parts = []
        for name, value in row.items():
            i = self.index.get(name)
            if i is not None and value:
                parts.append((value * float(self.weights[i, column]), name))
        parts.sort(key=lambda p: abs(p[0]), reverse=True)
        return [f"{name} {weight:+.2f}" for weight, name in parts[:top]]

    # -- persistence ----------------------------------------------------------------------

    def to_dict(self) -> dict:
        """Only the features with a weight that matters: the file stays small."""
        keep = [i for i in range(len(self.features)) if np.abs(self.weights[i]).max() >= 1e-4]
        return {
            "classes": self.classes,
            "temperature": round(self.temperature, 5),
            "bias": [round(float(b), 5) for b in self.bias],
            "weights": {
                self.features[i]: [round(float(v), 5) for v in self.weights[i]] for i in keep
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        names = list(data["weights"])
        width = len(data["bias"])
        weights = np.array([data["weights"][n] for n in names], dtype=float).reshape(-1, width)
        return cls(data["classes"], names, weights, data["bias"], data.get("temperature", 1.0))


def lbfgs(f, theta: np.ndarray, iterations: int = 500, memory: int = 10, tol: float = 1e-7):
    """Minimise a smooth convex `f(theta) -> (value, gradient)` with L-BFGS and a
    backtracking line search."""
    value, grad = f(theta)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for _ in range(iterations):
        direction = -_two_loop(grad, s_hist, y_hist)
        slope = float(grad @ direction)
        if slope >= 0:
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0
        while True:
            candidate = theta + step * direction
            new_value, new_grad = f(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = candidate - theta, new_grad - grad
        if float(s @ y) > 1e-12:
            s_hist.append(s)
            y_hist.append(y)
            if len(s_hist) > memory:
                s_hist.pop(0)
                y_hist.pop(0)
        theta, grad = candidate, new_grad
        done = abs(value - new_value) <= tol * max(1.0, abs(value))
        value = new_value
        if done or float(np.abs(grad).max()) < 1e-6:
            break
    return theta


def _two_loop(grad: np.ndarray, s_hist, y_hist) -> np.ndarray:
    q = grad.copy()
    alphas = []
    for s, y in zip(reversed(s_hist), reversed(y_hist), strict=True):
        rho = 1.0 / float(y @ s)
        alpha = rho * float(s @ q)
        q -= alpha * y
        alphas.append((rho, alpha, s, y))
    if s_hist:
        s, y = s_hist[-1], y_hist[-1]
        q *= float(s @ y) / float(y @ y)
    for rho, alpha, s, y in reversed(alphas):
        beta = rho * float(y @ q)
        q += (alpha - beta) * s
    return q
