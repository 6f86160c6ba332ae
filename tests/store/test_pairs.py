"""`partner_pairs` (m009): every two parties of a partnership, kept by triggers, read by
`a + b` and the partner map on its key."""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlite_utils import Database

from bot.store import open_db
from bot.store.migrations import migrations
from bot.store.orgs import ensure_org
from bot.store.queries import partnerships_between

PAIR = (
    "SELECT org_id, other_id, deal_date, partnership_id, deal_type, published FROM partner_pairs"
    " ORDER BY 1, 2, 4"
)
TOPICS = "SELECT topic, deal_date, partnership_id FROM partnership_topics ORDER BY 1, 2, 3"


def _reference_pairs(db) -> list[tuple]:
    return db.execute(
        "SELECT a.org_id, b.org_id, COALESCE(p.published, p.created_at), p.id, p.deal_type,"
        " p.published"
        " FROM partnership_parties a JOIN partnership_parties b"
        " ON b.partnership_id = a.partnership_id AND b.org_id != a.org_id"
        " JOIN partnerships p ON p.id = a.partnership_id ORDER BY 1, 2, 4"
    ).fetchall()


def test_pairs_follow_parties_and_dates(db, store):
    store("u1", "Acme and Globex", "Acme and Globex sign.", parties=["Acme", "Globex"],
          deal_type="mou", published="2026-01-05T08:00:00Z")  # fmt: skip
    store("u2", "Acme, Initech, Umbrella", "Three sign.", parties=["Acme", "Initech", "Umbrella"],
          deal_type="joint_venture")  # fmt: skip
    rows = db.execute(PAIR).fetchall()
    assert len(rows) == 2 + 6
    assert rows == _reference_pairs(db)
    acme, globex = ensure_org(db, "Acme"), ensure_org(db, "Globex")
    assert (acme, globex, "2026-01-05T08:00:00Z", 1, "mou", "2026-01-05T08:00:00Z") in rows
    db.execute(
        "UPDATE partnerships SET published = '2025-12-31T00:00:00Z', deal_type = 'alliance',"
        " topics = '[\"energy\"]' WHERE id = 1"
    )
    assert db.execute(PAIR).fetchall() == _reference_pairs(db)
    topics = db.execute(TOPICS).fetchall()
    assert [t for t in topics if t[2] == 1] == [("energy", "2025-12-31T00:00:00Z", 1)]
    db.execute("DELETE FROM partnership_parties WHERE partnership_id = 2 AND org_id = ?", [acme])
    assert db.execute(PAIR).fetchall() == _reference_pairs(db)
    assert len(db.execute(PAIR).fetchall()) == 2 + 2


def _schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(
            (kind, name, " ".join((sql or "").split()))
            for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
            if not name.startswith("_sqlite_migrations")
        )
    finally:
        conn.close()


def test_an_upgraded_store_ends_as_a_fresh_one(tmp_path):
    """Partnerships stored before m009 get their pairs and topics from it; the schema ends
    as a fresh store's."""
    fresh = tmp_path / "fresh.db"
    open_db(fresh).close()
    old = tmp_path / "old.db"
    db = Database(sqlite3.connect(old))
    migrations.apply(db, stop_before="m009_trend_and_pair_reads")
    for org in range(1, 5):
        db.execute(
            "INSERT INTO organisations (id, name, created_at) VALUES (?, ?, 'x')", [org, f"O{org}"]
        )
    for pid in range(1, 7):
        db.execute(
            "INSERT INTO partnerships (id, story_id, article_id, deal_type, topics, confidence,"
            " published, created_at) VALUES (?, ?, ?, 'mou', ?, 0.9, ?, '2026-02-01T00:00:00Z')",
            [pid, pid, pid, '["cloud", "ai"]' if pid % 2 else "not json",
             None if pid == 3 else f"2026-01-0{pid}T08:00:00Z"],
        )  # fmt: skip
        for org in {1, 1 + pid % 4, 1 + (pid + 1) % 4}:
            db.execute(
                "INSERT INTO partnership_parties (partnership_id, org_id) VALUES (?, ?)", [pid, org]
            )
    db.conn.commit()
    db.conn.close()
    upgraded = open_db(old)
    try:
        assert upgraded.execute(PAIR).fetchall() == _reference_pairs(upgraded)
        assert upgraded.execute(TOPICS).fetchall() == [
            ("ai", "2026-01-01T08:00:00Z", 1),
            ("ai", "2026-01-05T08:00:00Z", 5),
            ("ai", "2026-02-01T00:00:00Z", 3),
            ("cloud", "2026-01-01T08:00:00Z", 1),
            ("cloud", "2026-01-05T08:00:00Z", 5),
            ("cloud", "2026-02-01T00:00:00Z", 3),
        ]
    finally:
        upgraded.close()
    assert _schema(old) == _schema(fresh)


def _reference_between(db, a_ids, b_ids, *, team_id, limit, before_id):
    marks_a = ",".join("?" for _ in a_ids)
    marks_b = ",".join("?" for _ in b_ids)
    rows = db.execute(
        f"SELECT DISTINCT pa.partnership_id FROM partnership_parties pa"
        f" JOIN partnership_parties pb ON pb.partnership_id = pa.partnership_id"
        f" JOIN partnerships p ON p.id = pa.partnership_id"
        f" WHERE pa.org_id IN ({marks_a}) AND pb.org_id IN ({marks_b})"
        f" AND pa.org_id != pb.org_id AND pa.partnership_id < ?"
        f" AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.story_id = p.story_id"
        f" AND f.team_id = ? AND f.kind = 'not_partnership')"
        f" ORDER BY pa.partnership_id DESC LIMIT ?",
        [*a_ids, *b_ids, before_id or 2**62, team_id, limit],
    ).fetchall()
    return [r[0] for r in rows]


def test_between_answers_as_the_join_of_every_party_did(db, store):
    rng = random.Random(5)
    names = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]
    for i in range(60):
        parties = rng.sample(names, rng.choice([2, 2, 3]))
        store(f"u{i}", f"Deal {i}", f"Deal {i} text.", parties=parties, deal_type="mou")
    for story_id in (3, 17, 40):
        db.execute(
            "INSERT INTO feedback (team_id, story_id, kind, created_at)"
            " VALUES ('T1', ?, 'not_partnership', '2026-01-01')",
            [story_id],
        )
    ids = {n: ensure_org(db, n) for n in names}
    cases = [(["Acme"], ["Globex"]), (["Acme", "Globex"], ["Globex", "Hooli"]), (["Hooli"], ["X"])]
    for a, b in cases:
        a_ids, b_ids = [ids.get(n, 999) for n in a], [ids.get(n, 999) for n in b]
        for before in (None, 30, 5):
            for team in ("T1", "T2"):
                got = partnerships_between(
                    db, a_ids, b_ids, team_id=team, limit=4, before_id=before
                )
                assert [p.id for p in got] == _reference_between(
                    db, a_ids, b_ids, team_id=team, limit=4, before_id=before
                ), (a, b, before, team)


@pytest.mark.parametrize("before", [None, 10])
def test_a_pair_is_read_on_its_own_key(db, before):
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        partnerships_between(db, [1], [2], team_id="T1", limit=6, before_id=before)
    finally:
        db.conn.set_trace_callback(None)
    (sql,) = [s for s in statements if "partner_pairs" in s]
    plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
    assert "SEARCH pr USING PRIMARY KEY (org_id=? AND other_id=?)" in plan, plan
