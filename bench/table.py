"""The one table the benchmark prints: every figure beside the reference it is compared to."""

from __future__ import annotations

import math
from dataclasses import dataclass

COLUMNS = ("#", "measure", "value", "unit", "reference (same run)", "ref. value", "ratio", "goal")


@dataclass(frozen=True)
class Row:
    """One figure, its reference, and the goal it is held to (if any).

    `ratio` is value / reference; `goal` is checked by `met`, a function of the row (None
    when the row has no goal).
    """

    key: str
    measure: str
    value: float
    unit: str
    reference: str
    ref_value: float
    goal: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float:
        return self.value / self.ref_value if self.ref_value else math.inf


def number(value: float) -> str:
    """A figure with three significant digits or so, never in scientific notation."""
    if value == 0 or not math.isfinite(value):
        return str(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def render(rows: list[Row]) -> str:
    """A Markdown table, padded so it also reads well in a terminal."""
    cells = [list(COLUMNS)]
    for row in rows:
        goal = row.goal
        if row.met is not None:
            goal = f"{goal} {'✅' if row.met else '❌'}"
        cells.append(
            [
                row.key,
                row.measure,
                number(row.value),
                row.unit,
                row.reference,
                number(row.ref_value),
                f"{number(row.ratio)}×",
                goal,
            ]
        )
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    numeric = {2, 5, 6}

    def line(values: list[str]) -> str:
        padded = [
            v.rjust(w) if i in numeric else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (w + 1) + ":" if i in numeric else "-" * (w + 2) for i, w in enumerate(widths)
    )
    return "\n".join([line(cells[0]), rule + "|", *(line(c) for c in cells[1:])])


def parse(text: str) -> list[dict[str, str]]:
    """The rows of a table printed by `render`, as dicts keyed by column (for tests)."""
    rows = []
    for raw in text.splitlines():
        if not raw.startswith("| ") or raw.startswith("| #"):
            continue
        values = [v.strip() for v in raw.strip().strip("|").split(" | ")]
        rows.append(dict(zip(COLUMNS, values, strict=True)))
    return rows
