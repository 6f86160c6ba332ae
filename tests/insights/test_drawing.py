"""Pictures drawn in a process of their own: the same PNG as drawn here, and the process
that asks never imports matplotlib."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.insights.drawing import DrawingPool, render
from bot.insights.partner_map import build_map
from bot.insights.periods import last
from bot.store.orgs import find_orgs
from tests.insights.conftest import TODAY, weeks_ago
from tests.insights.pictures import assert_picture

pytestmark = pytest.mark.slow


def test_the_drawing_process_draws_what_this_process_would(db, deal):
    for n in range(6):
        deal(["Xiaomi", f"Partner {n}"], published=weeks_ago(n * 3))
    (org,) = find_orgs(db, "xiaomi")
    pm = build_map(db, [org.id], "Xiaomi", last("24m", now=TODAY))
    pool = DrawingPool()
    try:
        assert pool.start().result(timeout=120) is True  # spawned, matplotlib imported
        drawn_there = pool(pm)
    finally:
        pool.close()

    assert drawn_there == render(pm)
    assert_picture(drawn_there)


def test_asking_the_drawing_process_does_not_import_matplotlib_here(db_path, deal, db):
    deal(["Xiaomi", "Microsoft"], published=weeks_ago(1))
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from bot.insights.drawing import DrawingPool\n"
        "from bot.insights.partner_map import build_map\n"
        "from bot.insights.periods import last\n"
        "from bot.store import open_db\n"
        "from bot.store.orgs import find_orgs\n"
        f"db = open_db({str(db_path)!r})\n"
        "org = find_orgs(db, 'xiaomi')[0]\n"
        f"pm = build_map(db, [org.id], 'Xiaomi', last('24m', now=date({TODAY.year}, "
        f"{TODAY.month}, {TODAY.day})))\n"
        "pool = DrawingPool()\n"
        "png = pool(pm)\n"
        "pool.close()\n"
        "print(png[:4] == b'\\x89PNG', len(png) > 20000, 'matplotlib' in sys.modules)\n"
    )

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=180, check=True)  # fmt: skip

    assert done.stdout.split() == ["True", "True", "False"]
