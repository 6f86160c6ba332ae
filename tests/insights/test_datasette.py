"""The Datasette canned queries (datasette/metadata.json) run on a real store and answer
what their titles say. (Checked by hand with Datasette 0.65: see the README.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.store.feedback import NOT_PARTNERSHIP, record_feedback
from tests.insights.conftest import weeks_ago

METADATA = Path(__file__).resolve().parents[2] / "datasette" / "metadata.json"
QUERIES = json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["partners"]["queries"]


@pytest.fixture
def stored(db, deal):
    deal(["Xiaomi", "Microsoft"], published=weeks_ago(30), deal_type="mou")
    deal(["Xiaomi", "Leica"], published=weeks_ago(2), deal_type="licensing")
    deal(["Microsoft", "Orange"], published=None, deal_type="collaboration")
    hidden = deal(["Xiaomi", "Notreally"], published=weeks_ago(1))
    record_feedback(  # "Not a partnership"
        db, team_id="T1", story_id=hidden.story_id, kind=NOT_PARTNERSHIP, user_id="U1"
    )
    return db


def run(db, name: str, **params) -> list[dict]:
    cursor = db.execute(QUERIES[name]["sql"], params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_the_three_queries_are_there_with_titles():
    assert set(QUERIES) == {"partnerships_by_company", "partnerships_by_pair",
                            "partnerships_by_month"}  # fmt: skip
    assert all(q["title"] and q["sql"].lstrip().upper().startswith("SELECT") for q in
               QUERIES.values())  # fmt: skip


@pytest.mark.parametrize("typed", ["Xiaomi", "xiaomi", " XIAOMI "])
def test_partnerships_by_company(stored, typed):
    rows = run(stored, "partnerships_by_company", company=typed)
    assert [r["parties"] for r in rows] == ["Leica × Xiaomi", "Microsoft × Xiaomi"]
    assert rows[0]["date_is"] == "published"


def test_partnerships_by_pair(stored):
    rows = run(stored, "partnerships_by_pair", company_a="microsoft", company_b="Xiaomi")
    assert [(r["parties"], r["deal_type"]) for r in rows] == [("Microsoft × Xiaomi", "mou")]
    assert run(stored, "partnerships_by_pair", company_a="Leica", company_b="Orange") == []


def test_partnerships_by_month(stored):
    rows = run(stored, "partnerships_by_month")
    assert sum(r["partnerships"] for r in rows) == 3
    assert sum(r["undated"] for r in rows) == 1
    assert rows == sorted(rows, key=lambda r: r["month"], reverse=True)
    by_month = {r["month"]: r for r in rows}
    assert by_month[weeks_ago(30).isoformat()[:7]]["mou"] == 1
