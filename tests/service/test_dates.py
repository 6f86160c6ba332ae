"""Dates as the answers give them: an undated article is never dated the day it was read,
and lists are sorted by the best date known (published, else first seen), page after page."""

from __future__ import annotations

import json
import re

from bot.store.clock import iso

from .support import rendered


def headlines(reply) -> list[str]:
    return re.findall(r"Xiaomi × (\w+) — MoU", rendered(reply))


def test_newest_first_means_by_the_best_date_known(workspace, db, stored_partnership):
    """Regression (issue 13): `query microsoft` listed 2026-11-16, 2026-12-03, 2026-12-03,
    2019-05-16, 2026-12-03, 2017-09-05 as "newest first": undated articles took today's
    date, and the list was in the order the stories were stored."""
    stored_partnership("Xiaomi", "Old", published="2017-09-05T00:00:00Z")
    stored_partnership("Xiaomi", "Undated", published=None)
    stored_partnership("Xiaomi", "Middle", published="2019-05-16T08:00:00Z")
    stored_partnership("Xiaomi", "Recent", published="2026-11-16T08:00:00Z")
    today = iso()[:10]

    reply = workspace.command("xiaomi")

    assert headlines(reply) == ["Undated", "Recent", "Middle", "Old"]
    assert f"date unknown, first seen {today}" in rendered(reply)
    assert rendered(reply).count(today) == 1  # only where it says "first seen"


def test_more_pages_follow_the_same_order(workspace, stored_partnership):
    years = [2018, 2024, 2016, 2022, 2020, 2019, 2025, 2017]
    for year in years:
        stored_partnership("Xiaomi", f"P{year}", published=f"{year}-01-01T00:00:00Z")

    first = workspace.command("xiaomi")
    more = next(
        e
        for b in first.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "more"
    )
    second = workspace.click("more", more["value"])

    shown = headlines(first) + headlines(second)
    assert shown == [f"P{y}" for y in sorted(years, reverse=True)]
    assert json.loads(more["value"])["q"] == "xiaomi"
