"""The suite draws the same hypothesis examples on every CI run (CI=true), and no test
anywhere fails for taking its time (timing belongs to bench/)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

SHOW = (
    "import tests.conftest\n"
    "from hypothesis import settings\n"
    "s = settings.default\n"
    "print(s.derandomize, s.database is None, s.deadline)\n"
)


def loaded_profile(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    done = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=REPO,
        env={**clean, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"CI": "true"}, "True True None"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "True True None"),
        ({}, "False False None"),
    ],
    ids=["CI=true", "asked for", "a developer's run"],
)
def test_ci_draws_fixed_examples_and_nothing_has_a_deadline(env, expected):
    assert loaded_profile(**env) == expected
