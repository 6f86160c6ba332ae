"""`python -m bench --quick` keeps working: one table, every figure a positive number.

Never asserts on timings (they belong to BENCHMARKS.md, measured on a known machine);
only that each section ran and reported what it should.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench.forms import forms
from bench.table import COLUMNS, parse
from tests.conftest import REPO

pytestmark = pytest.mark.slow

CORPUS = REPO.parent / "shared" / "corpus" / "train.jsonl"  # what bench.realtext reads

NUMBER = re.compile(r"^-?[\d,]*\.?\d+(e[-+]?\d+)?×?$")


def _positive(cell: str) -> float:
    assert NUMBER.match(cell), f"not a number: {cell!r}"
    value = float(cell.rstrip("×").replace(",", ""))
    assert value > 0, f"not positive: {cell!r}"
    return value


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> tuple[str, list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("bench-out")
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, parse(done.stdout)


def test_prints_one_table_with_the_expected_columns(table):
    text, rows = table
    lines = [line for line in text.splitlines() if line.strip()]
    assert all(line.startswith("|") for line in lines), "stdout holds the table only"
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert tuple(header) == COLUMNS
    assert len(lines) == len(rows) + 2  # header, rule, rows


def test_every_section_reports(table):
    _, rows = table
    keys = [row["#"] for row in rows]
    real = ["1a", "1b", "1c", "1d", "1e", "1f", "8a", "8b", "8c", "8d", "9"]
    expected = real if CORPUS.exists() else []
    for size in ("1k", "2k", "5k"):
        expected += [f"2-{size}-p50", f"2-{size}-p95", f"2-{size}-p99"]
    expected += ["3a", "3b", "3c", "4", "4b"]
    for key in ("5", "5b"):
        expected += [f"{key}-{size}" for size in ("1k", "2k", "5k")]
    expected += ["6"]
    for form in forms():  # every form `/partners help` lists
        expected += [f"7-{form.key.replace(' ', '-')}-{size}" for size in ("1k", "2k", "5k")]
    assert sorted(keys) == sorted(expected)
    assert len(set(keys)) == len(keys)


def test_every_figure_is_a_positive_number_with_its_reference(table):
    _, rows = table
    for row in rows:
        value, reference = _positive(row["value"]), _positive(row["ref. value"])
        ratio = _positive(row["ratio"])
        assert ratio == pytest.approx(value / reference, rel=0.05, abs=0.01), row
        assert row["unit"] and row["reference (same run)"], row


def test_goals_are_marked_met_or_missed(table):
    _, rows = table
    goals = {row["#"]: row["goal"] for row in rows if row["goal"]}
    assert {"2-5k-p95", "3b", "3c", "4", "4b", "5-5k", "6", "7-search-common-5k"} <= set(goals)
    if CORPUS.exists():
        assert {"1a", "1e", "8a", "8b", "9"} <= set(goals)
    assert all(goal.endswith(("✅", "❌")) for goal in goals.values())
