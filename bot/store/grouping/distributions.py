"""The measured distributions the grouping thresholds were chosen on.

For every pair of articles: the copy measure (containment of the shorter body, Jaccard
for short ones) and the same-event verdict (what kept the pair apart, or how many details
it shares), by what the pair is: copies of one text, reports of one event, near misses,
unrelated articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from bot.store.grouping.copies import COPY_CONTAINMENT, Body, copy_score
from bot.store.grouping.events import MIN_DETAILS_DATED, MIN_DETAILS_UNDATED, same_event
from bot.store.grouping.evidence import Evidence

CATEGORIES = ("copy", "same_event", "near_miss", "unrelated")


@dataclass
class Distribution:
    """Measures of the pairs of one category."""

    containment: list[float] = field(default_factory=list)
    vetoes: Counter = field(default_factory=Counter)  # why pairs were kept apart
    details_dated: list[int] = field(default_factory=list)  # pairs past every veto
    details_undated: list[int] = field(default_factory=list)


def measure(
    items: Sequence[tuple[str, Body, Evidence]], category: Callable[[str, str], str]
) -> dict[str, Distribution]:
    """All pairs of `items` (id, body, evidence), by `category(id_a, id_b)`."""
    found: dict[str, Distribution] = defaultdict(Distribution)
    for (a, body_a, ev_a), (b, body_b, ev_b) in combinations(items, 2):
        d = found[category(a, b)]
        d.containment.append(copy_score(body_a, body_b))
        verdict = same_event(ev_a, ev_b)
        if not verdict.reason.endswith("shared details"):
            d.vetoes[_veto(verdict.reason)] += 1
        elif ev_a.when.earliest is not None and ev_b.when.earliest is not None:
            d.details_dated.append(verdict.details)
        else:
            d.details_undated.append(verdict.details)
    return dict(found)


def _veto(reason: str) -> str:
    return "days apart" if reason.endswith("days apart") else reason


def _quantiles(values: Iterable[float]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "-"
    n = len(ordered)
    picks = [ordered[0], ordered[n // 2], ordered[min(n - 1, int(n * 0.99))], ordered[-1]]
    return " / ".join(f"{v:.3f}" for v in picks)


def _counts(values: list[int]) -> str:
    if not values:
        return "-"
    return " ".join(f"{k}:{v}" for k, v in sorted(Counter(values).items()))


def format_distributions(found: dict[str, Distribution]) -> str:
    """The distributions as text: one block per measure, one line per category."""
    lines = [
        f"copy measure (containment of the shorter body), min / median / p99 / max;"
        f" threshold {COPY_CONTAINMENT}:"
    ]
    for cat in CATEGORIES:
        if cat in found:
            d = found[cat]
            over = sum(1 for v in d.containment if v >= COPY_CONTAINMENT)
            lines.append(
                f"  {cat:<11} {len(d.containment):>6} pairs  {_quantiles(d.containment)}"
                f"  (>= threshold: {over})"
            )
    lines.append("same event: pairs kept apart, by reason:")
    for cat in CATEGORIES:
        if cat in found:
            vetoes = ", ".join(f"{r} {n}" for r, n in found[cat].vetoes.most_common())
            lines.append(f"  {cat:<11} {vetoes or '-'}")
    lines.append(
        "same event: shared details of the pairs past every veto (details:pairs);"
        f" needed {MIN_DETAILS_DATED} when both dates are known, {MIN_DETAILS_UNDATED} otherwise:"
    )
    for cat in CATEGORIES:
        if cat in found:
            d = found[cat]
            lines.append(
                f"  {cat:<11} dated {_counts(d.details_dated)};"
                f" undated {_counts(d.details_undated)}"
            )
    return "\n".join(lines)
