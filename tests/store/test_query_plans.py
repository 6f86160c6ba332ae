"""The /partners and digest paths read through indexes only, whatever the store's size.

SQLite plans a query the same way on a thousand articles as on a million when no
statistics were gathered (the bot never runs ANALYZE), so a full scan caught here is one
that costs tens of milliseconds at a million articles (see BENCHMARKS.md).
"""

from __future__ import annotations

import pytest

from bench import queries
from bench.synthdb import articles_store

# Tables that grow with the news; a plan step that scans one of them is a regression.
GROWING = ("articles", "stories", "partnerships", "partnership_parties", "organisations",
           "aliases", "feedback", "partner_pairs", "partnership_topics", "deal_days")  # fmt: skip


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, list[str]]:
    store = articles_store(2_000, seed=3, out_dir=tmp_path_factory.mktemp("store"))
    queries.prepare_digest(store)
    return queries.query_plans(store, seed=3)


_ALIASES = {"p": "partnerships", "pp": "partnership_parties", "pa": "partnership_parties",
            "pb": "partnership_parties", "a": "articles", "o": "organisations",
            "f": "feedback", "s": "stories", "pr": "partner_pairs", "d": "deal_days"}  # fmt: skip


def _scans(sql: str, steps: list[str]) -> list[str]:
    """Plan steps that read a growing table from one end: `SCAN t`, or `SEARCH t` with no
    index in a filtered query (MIN/MAX walking the rowids until a row matches)."""
    found = []
    for step in steps:
        words = step.split()
        if len(words) < 2 or words[0] not in ("SCAN", "SEARCH"):
            continue
        table = words[1].split(".")[-1]
        if _ALIASES.get(table, table) not in GROWING:
            continue
        if words[0] == "SCAN" or ("USING" not in words and " WHERE " in sql):
            found.append(step)
    return found


def test_the_paths_were_traced(plans):
    joined = "\n".join(plans)
    for needle in ("partnership_parties", "FROM stories", "articles_fts", "digests"):
        assert needle in joined


@pytest.mark.parametrize(
    "marker",
    [
        "group_concat(pp.org_id)",  # the digest's partnerships since the last one
        "MIN(+id) FROM stories",  # where `digest now` (no schedule) starts
        "FROM partnership_parties pp JOIN partnerships p",  # /partners <company>
        "WHERE story_id IN",  # every source of the stories shown
        "FROM partner_pairs pr",  # /partners <company> + <company>
    ],
)
def test_regression_no_full_scan(plans, marker):
    matching = {sql: steps for sql, steps in plans.items() if marker in sql}
    assert matching, f"no statement with {marker!r} was run"
    for sql, steps in matching.items():
        assert not _scans(sql, steps), f"{sql}\n" + "\n".join(steps)


def test_no_full_scan_anywhere_on_the_paths(plans):
    scans = {sql: _scans(sql, steps) for sql, steps in plans.items() if _scans(sql, steps)}
    assert not scans, scans
