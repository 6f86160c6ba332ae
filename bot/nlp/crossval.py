"""`partners-bot eval --cv K`: K-fold cross-validation by article of the learned analysis.

Each fold's models are trained on the other K-1 folds (weights, vocabulary and detection
threshold alike) and score only the held-out articles; the figures are over all held-out
predictions, with their spread across folds, the calibration of the confidence and the
errors to read.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field

from bot.nlp.evaluate import EvalError, Scores, _show, same_parties
from bot.nlp.training import Example, Prediction, cross_validate, extract_examples

CALIBRATION_BINS = 10
SPREAD = ("precision", "recall", "f1", "party_exact_match", "deal_type_accuracy")


@dataclass
class CVReport:
    k: int
    seed: int
    overall: Scores = field(default_factory=Scores)
    by_lang: dict[str, Scores] = field(default_factory=dict)
    folds: list[Scores] = field(default_factory=list)
    calibration_error: float = 0.0
    thresholds: list[float] = field(default_factory=list)
    gate: dict = field(default_factory=dict)  # what the learned first pass let through and lost
    errors: list[EvalError] = field(default_factory=list)
    seconds: float = 0.0

    def spread(self, metric: str) -> float:
        values = [getattr(s, metric) for s in self.folds]
        return statistics.pstdev(values) if len(values) > 1 else 0.0

    def format(self) -> str:
        lines = [f"{self.k}-fold cross-validation by article (seed {self.seed}), held-out only"]
        lines.append(self.overall.line("overall"))
        lines += [self.by_lang[lang].line(lang) for lang in sorted(self.by_lang)]
        lines.append(
            "spread across folds (std): " + ", ".join(f"{m} ±{self.spread(m):.3f}" for m in SPREAD)
        )
        lines.append(
            f"parties, strict names: {self.overall.party_strict / max(1, self.overall.tp):.2f}"
            f"  calibration (ECE): {self.calibration_error:.3f}"
            f"  thresholds: {', '.join(f'{t:.2f}' for t in self.thresholds)}"
        )
        if self.gate:
            g = self.gate
            lines.append(
                f"first pass: the rules send on {g['rule_passed']} of {g['articles']} articles,"
                f" the gate {g['gate_passed']}; partnerships found with every article sent to"
                f" the models {g['open_tp']}, through the gate {g['gate_tp']}"
                f" (gate thresholds: {', '.join(f'{t:.3f}' for t in g['thresholds'])})"
            )
        lines.append(f"{self.seconds:.1f}s")
        lines.append(f"\n{len(self.errors)} errors:" if self.errors else "no errors")
        for e in self.errors:
            lines.append(
                f"- {e.id} [{e.lang}] {e.kind}: expected {_show(e.expected)}, "
                f"got {_show(e.got)} ({e.reason})"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "k": self.k,
            "seed": self.seed,
            "overall": self.overall.to_dict(),
            "by_lang": {lang: s.to_dict() for lang, s in sorted(self.by_lang.items())},
            "folds": [s.to_dict() for s in self.folds],
            "spread": {m: round(self.spread(m), 4) for m in SPREAD},
            "calibration_error": round(self.calibration_error, 4),
            "thresholds": self.thresholds,
            "gate": self.gate,
            "errors": [asdict(e) for e in self.errors],
            "seconds": round(self.seconds, 3),
        }


def cross_validated(records: list[dict], analyzer, k: int = 5, seed: int = 0) -> CVReport:
    """Extract features once, then train and score fold by fold."""
    started = time.perf_counter()
    examples = extract_examples(records, analyzer)
    report = CVReport(k=k, seed=seed)
    held_out: list[tuple[Example, Prediction]] = []
    gate = {"articles": 0, "rule_passed": 0, "gate_passed": 0, "open_tp": 0, "gate_tp": 0}
    gate["thresholds"] = []
    for fold in cross_validate(examples, k, seed):
        scores = Scores()
        report.thresholds.append(fold.threshold)
        gate["thresholds"].append(fold.gate_threshold)
        gate["articles"] += len(fold.predictions)
        gate["rule_passed"] += fold.rule_passed
        gate["gate_passed"] += fold.gate_passed
        for (example, got), opened in zip(fold.predictions, fold.open, strict=True):
            gate["gate_tp"] += example.gold and got.is_partnership
            gate["open_tp"] += example.gold and opened.is_partnership
        for example, got in fold.predictions:
            lang = example.lang or "?"
            for s in (scores, report.overall, report.by_lang.setdefault(lang, Scores())):
                s.add(example.gold, example.gold_parties, example.gold_deal_type, got)
                s.topics_covered += example.gold and example.has_topic
            report.errors.extend(_errors(example, got))
        report.folds.append(scores)
        held_out.extend(fold.predictions)
    report.gate = gate
    report.calibration_error = expected_calibration_error(
        [(e.gold, p.confidence) for e, p in held_out]
    )
    report.errors.sort(key=lambda e: e.id)
    report.seconds = time.perf_counter() - started
    return report


def expected_calibration_error(pairs: list[tuple[bool, float]], bins: int = CALIBRATION_BINS):
    """Mean gap between confidence and the share of partnerships, over equal-width bins,
    weighted by how many articles fall in each."""
    if not pairs:
        return 0.0
    grouped: list[list[tuple[bool, float]]] = [[] for _ in range(bins)]
    for gold, p in pairs:
        grouped[min(bins - 1, int(p * bins))].append((gold, p))
    total = 0.0
    for group in grouped:
        if group:
            rate = sum(g for g, _ in group) / len(group)
            confidence = sum(p for _, p in group) / len(group)
            total += abs(rate - confidence) * len(group)
    return total / len(pairs)


def _errors(example: Example, got: Prediction) -> list[EvalError]:
    reason = f"confidence {got.confidence:.2f}"
    if example.gold != got.is_partnership:
        kind = "false_negative" if example.gold else "false_positive"
        if not example.candidate:
            reason += (
                "; the first pass found no trigger in the headline or lead, nor a deal soon after"
            )
        elif got.gated:
            reason += "; the first pass's gate kept it from the models"
        return [EvalError(example.id, example.lang, kind, example.gold, got.is_partnership, reason)]
    if not example.gold:
        return []
    errors = []
    if not same_parties(example.gold_parties, got.parties):
        errors.append(
            EvalError(
                example.id, example.lang, "parties", example.gold_parties, got.parties, reason
            )
        )
    if example.gold_deal_type != got.deal_type:
        errors.append(
            EvalError(
                example.id, example.lang, "deal_type", example.gold_deal_type, got.deal_type, reason
            )
        )
    return errors
