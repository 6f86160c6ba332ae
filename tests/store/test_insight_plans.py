"""The partner map, trends and export read through indexes: their cost follows the company or
the period asked about, never the size of the store (see test_query_plans for why plans on
a small store are the plans at a million articles)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta

import pytest
from sqlite_utils import Database

from bench.synthdb import START_DAY, articles_store
from bot.store import open_db
from bot.store.activity import KINDS, activity, first_deal_date, watched_activity
from bot.store.export import export_records
from bot.store.migrations import migrations
from bot.store.network import partner_network
from tests.store.test_query_plans import _scans

FIRST = date.fromisoformat(str(START_DAY)[:10])
HIDDEN_LIST = "id IN (SELECT hp.id FROM feedback hf"  # bot.store.queries.HIDDEN_IDS


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, list[str]]:
    store = articles_store(2_000, seed=3, out_dir=tmp_path_factory.mktemp("store"))
    db = open_db(store.path)
    statements: dict[str, str] = {}

    def seen(sql: str) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            statements.setdefault(" ".join(sql.split()), sql)

    since, until = FIRST + timedelta(days=10), FIRST + timedelta(days=40)
    db.conn.set_trace_callback(seen)
    try:
        partner_network(db, [1, 2], FIRST, until, team_id="T0BENCH")
        for kind in KINDS:
            activity(db, kind, since, until, FIRST, team_id="T0BENCH")
            activity(db, kind, since, until, FIRST, team_id="T0BENCH", top=8, min_count=3)
        first_deal_date(db)
        watched_activity(db, since, until, FIRST)
        watched_activity(db, since, until, FIRST, team_id="T0BENCH", channel_id="C0BENCH")
        list(export_records(db, org_ids=[1], team_id="T0BENCH"))
        list(export_records(db, since=since, until=until, team_id="T0BENCH"))
    finally:
        db.conn.set_trace_callback(None)
    try:
        return {
            sql: [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
            for sql in statements
        }
    finally:
        db.close()


def test_every_insight_read_was_traced(plans):
    joined = "\n".join(plans)
    for needle in ("pr.other_id NOT IN", "pr.org_id < pr.other_id", "FROM deal_days INDEXED BY",
                   "CROSS JOIN deal_days d", "GROUP BY topic", "GROUP BY p.deal_type",
                   "MIN(COALESCE", "json_group_array(o.name)", "FROM watches w"):  # fmt: skip
        assert needle in joined, needle


def test_no_insight_read_scans_a_growing_table(plans):
    scans = {sql: _scans(sql, steps) for sql, steps in plans.items() if _scans(sql, steps)}
    assert not scans, scans


def test_periods_not_tied_to_a_company_are_read_through_the_deal_date_index(plans):
    windowed = {
        sql: steps
        for sql, steps in plans.items()
        if re.search(r"COALESCE\(\w+\.published, \w+\.created_at\) >=", sql)
        and "org_id IN" not in sql
        and "FROM watches" not in sql  # those follow the watched companies' deals
        and HIDDEN_LIST not in sql  # those read a team's hidden partnerships
    }
    assert len(windowed) >= 1  # export since a day (trends read deal_days, m010)
    for sql, steps in windowed.items():
        assert any("idx_partnerships_deal_date" in step for step in steps), (sql, steps)


def test_trends_read_a_periods_days_and_each_items_year_on_a_key_range(plans):
    """Never every day of a kind: the period by day (m010's day index), each item's year
    before by (kind, item, day)."""
    reads = {sql: steps for sql, steps in plans.items() if "deal_days" in sql}
    assert any("INDEXED BY" in sql for sql in reads)
    assert any("CROSS JOIN deal_days" in sql for sql in reads)
    for steps in reads.values():
        step = next(s for s in steps if s.split()[1] in ("d", "deal_days"))
        assert ("idx_deal_days_day (kind=? AND day>? AND day<?)" in step
                or "PRIMARY KEY (kind=? AND item=? AND day>? AND day<?)" in step), step  # fmt: skip


def test_hidden_partnerships_are_read_from_the_teams_list(plans):
    reads = {sql: steps for sql, steps in plans.items() if HIDDEN_LIST in sql}
    assert len(reads) >= 3  # one per kind
    for sql, steps in reads.items():
        assert any("LIST SUBQUERY" in step for step in steps), (sql, steps)


def test_m008_lets_the_outbox_hold_spike_alerts_and_keeps_every_delivery(tmp_path):
    db = Database(sqlite3.connect(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m008_insights")
    db.execute(
        "INSERT INTO deliveries (team_id, channel_id, kind, dedupe_key, status, created_at,"
        " payload, verify) VALUES ('T1', 'C1', 'digest', 'digest:C1:x', 'posted', 'now', '{}', 1)"
    )
    before = db.execute("SELECT * FROM deliveries").fetchall()
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO deliveries (team_id, channel_id, kind, dedupe_key, created_at)"
            " VALUES ('T1', 'C1', 'spike', 'spike:1:2026-W10', 'now')"
        )

    migrations.apply(db)

    assert db.execute("SELECT * FROM deliveries").fetchall() == before
    db.execute(
        "INSERT INTO deliveries (team_id, channel_id, kind, dedupe_key, created_at)"
        " VALUES ('T1', 'C1', 'spike', 'spike:1:2026-W10', 'now')"
    )
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "idx_deliveries_status",
        "idx_deliveries_story",
        "idx_partnerships_deal_date",
    } <= indexes
    with pytest.raises(sqlite3.IntegrityError):  # still one row per channel and key
        db.execute(
            "INSERT INTO deliveries (team_id, channel_id, kind, dedupe_key, created_at)"
            " VALUES ('T1', 'C1', 'spike', 'spike:1:2026-W10', 'now')"
        )
