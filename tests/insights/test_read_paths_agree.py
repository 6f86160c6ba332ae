"""The map's and trends' reads on m009's rows (pairs, topics, the deal-type index) answer
what the previous reads over every partnership of the period did: same partners, links and
counts, hidden stories left out per team. The reference queries below are those reads."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.insights import trends as trend_module
from bot.insights.periods import last
from bot.insights.trends import trends
from bot.store.activity import KINDS, activity
from bot.store.feedback import NOT_PARTNERSHIP, record_feedback
from bot.store.network import partner_network

DAY0 = date(2025, 1, 6)
HIDDEN = (
    "NOT EXISTS (SELECT 1 FROM feedback f WHERE f.story_id = p.story_id"
    " AND f.team_id = :team_id AND f.kind = 'not_partnership')"
)
DEAL_DATE = "COALESCE(p.published, p.created_at)"
WINDOW = f"""
    SELECT p.id, p.topics, p.deal_type, {DEAL_DATE} AS deal_date FROM partnerships p
    WHERE {DEAL_DATE} >= :baseline_since AND {DEAL_DATE} < :until AND {HIDDEN}
"""
REFERENCE = {
    "company": f"""
        SELECT pp.org_id, o.name, SUM(w.deal_date >= :since), SUM(w.deal_date < :since)
        FROM ({WINDOW}) AS w
        CROSS JOIN partnership_parties pp ON pp.partnership_id = w.id
        JOIN organisations o ON o.id = pp.org_id
        GROUP BY pp.org_id HAVING SUM(w.deal_date >= :since) > 0""",
    "topic": f"""
        SELECT NULL, t.value, SUM(w.deal_date >= :since), SUM(w.deal_date < :since)
        FROM ({WINDOW}) AS w, json_each(CASE WHEN json_valid(w.topics) THEN w.topics
                                              ELSE '[]' END) AS t
        WHERE t.type = 'text'
        GROUP BY t.value HAVING SUM(w.deal_date >= :since) > 0""",
    "deal_type": f"""
        SELECT NULL, w.deal_type, SUM(w.deal_date >= :since), SUM(w.deal_date < :since)
        FROM ({WINDOW}) AS w
        GROUP BY w.deal_type HAVING SUM(w.deal_date >= :since) > 0""",
}
PARTNERS = f"""
    SELECT other.org_id, p.deal_type, COUNT(DISTINCT p.id), MAX(p.published),
           MAX({DEAL_DATE}), COUNT(DISTINCT CASE WHEN p.published IS NULL THEN p.id END)
    FROM partnership_parties pp
    JOIN partnerships p ON p.id = pp.partnership_id
    JOIN partnership_parties other ON other.partnership_id = p.id
    WHERE pp.org_id IN (:c0, :c1) AND other.org_id NOT IN (:c0, :c1)
      AND {DEAL_DATE} >= :since AND {DEAL_DATE} < :until AND {HIDDEN}
    GROUP BY other.org_id, p.deal_type"""


@pytest.fixture
def busy(db, deal):
    """80 deals among 8 companies over a year and a half, some undated, some hidden."""
    rng = random.Random(12)
    names = [f"Company {c}" for c in "ABCDEFGH"]
    saved = []
    for i in range(80):
        parties = rng.sample(names, rng.choice([2, 2, 2, 3]))
        day = DAY0 + timedelta(days=rng.randrange(540))
        saved.append(
            deal(parties, published=None if i % 9 == 0 else day,
                 deal_type=rng.choice(["mou", "joint_venture", "licensing"]),
                 topics=rng.sample(["cloud", "ai", "energy", "health"], rng.randint(0, 2)))
        )  # fmt: skip
    for s in saved[::7]:
        record_feedback(db, team_id="T1", story_id=s.story_id, kind=NOT_PARTNERSHIP, user_id="U1")
    return db


@pytest.mark.parametrize("team", ["T1", "T2"])
@pytest.mark.parametrize("days", [7, 30, 90, 400])
def test_activity_counts_as_before(busy, team, days):
    until = DAY0 + timedelta(days=500)
    since = until - timedelta(days=days)
    baseline = since - timedelta(days=365)
    params = {"since": since.isoformat(), "until": until.isoformat(),
              "baseline_since": baseline.isoformat(), "team_id": team}  # fmt: skip
    for kind in KINDS:
        got = {(a.org_id, a.key, a.count, a.baseline) for a in activity(
            busy, kind, since, until, baseline, team_id=team)}  # fmt: skip
        expected = set(busy.execute(REFERENCE[kind], params).fetchall())
        assert got == expected, kind
        assert expected or days < 30, kind  # the fixture has deals in every month


@pytest.mark.parametrize("team", ["T1", "T2"])
@pytest.mark.parametrize("days", [30, 180, 600])
def test_partners_and_links_as_before(busy, team, days):
    until = DAY0 + timedelta(days=545)
    since = until - timedelta(days=days)
    centre = [1, 2]
    network = partner_network(busy, centre, since, until, team_id=team, linked=4)
    rows = busy.execute(
        PARTNERS, {"c0": 1, "c1": 2, "since": since.isoformat(), "until": until.isoformat(),
                   "team_id": team}).fetchall()  # fmt: skip
    expected: dict[int, dict] = {}
    for org_id, deal_type, deals, _, _, undated in rows:
        entry = expected.setdefault(org_id, {"types": {}, "undated": 0})
        entry["types"][deal_type] = deals
        entry["undated"] += undated
    assert {p.org_id: {"types": p.deal_types, "undated": p.undated}
            for p in network.partners} == expected  # fmt: skip
    assert (
        network.deals
        == busy.execute(
            f"SELECT COUNT(DISTINCT p.id) FROM partnership_parties pp JOIN partnerships p"
            f" ON p.id = pp.partnership_id WHERE pp.org_id IN (1, 2) AND {DEAL_DATE} >= :since"
            f" AND {DEAL_DATE} < :until AND {HIDDEN}",
            {"since": since.isoformat(), "until": until.isoformat(), "team_id": team},
        ).fetchone()[0]
    )
    assert expected or days < 180
    top = [p.org_id for p in network.partners[:4]]
    links = {(k.a, k.b, k.deals) for k in network.links}
    expected_links = set()
    for i, a in enumerate(top):
        for b in top[i + 1 :]:
            lo, hi = sorted((a, b))
            n = busy.execute(
                f"SELECT COUNT(DISTINCT p.id) FROM partnership_parties pa"
                f" JOIN partnership_parties pb ON pb.partnership_id = pa.partnership_id"
                f" JOIN partnerships p ON p.id = pa.partnership_id"
                f" WHERE pa.org_id = ? AND pb.org_id = ? AND {DEAL_DATE} >= ?"
                f" AND {DEAL_DATE} < ? AND NOT EXISTS (SELECT 1 FROM feedback f"
                f" WHERE f.story_id = p.story_id AND f.team_id = ?"
                f" AND f.kind = 'not_partnership') AND NOT EXISTS (SELECT 1 FROM"
                f" partnership_parties c WHERE c.partnership_id = p.id AND c.org_id IN (1, 2))",
                [lo, hi, since.isoformat(), until.isoformat(), team],
            ).fetchone()[0]
            if n:
                expected_links.add((lo, hi, n))
    assert links == expected_links
    assert expected_links or days < 600


@pytest.mark.parametrize("top", [1, 2, 3, 5, 10])
@pytest.mark.parametrize("days", [30, 180, 600])
def test_the_first_partners_read_alone_are_the_first_of_all(busy, top, days):
    """Ties on deals and date are decided by name, as in the full list."""
    until = DAY0 + timedelta(days=545)
    since = until - timedelta(days=days)
    for centre in ([1], [1, 2], [3]):
        full = partner_network(busy, centre, since, until, team_id="T2")
        some = partner_network(busy, centre, since, until, team_id="T2", top=top)
        assert some.partners == full.partners[:top]
        assert some.more == tuple(p.deals for p in full.partners[top:])
        assert some.partner_count == len(full.partners)
        assert (
            some.links
            == partner_network(busy, centre, since, until, team_id="T2", linked=min(top, 25)).links
        )


@pytest.mark.parametrize("span", ["7d", "30d", "90d", "1y"])
@pytest.mark.parametrize("limit", [1, 3, 8])
def test_trends_judge_only_what_they_show_or_may_call_a_spike(busy, monkeypatch, span, limit):
    """Rows neither shown nor able to pass the spike test's count and ratio skip the
    Poisson test: the report is the one judging every row gives."""
    period = last(span, now=DAY0 + timedelta(days=500))
    quick = trends(busy, period, team_id="T2", limit=limit)
    monkeypatch.setattr(trend_module, "_may_spike", lambda *args: True)
    assert trends(busy, period, team_id="T2", limit=limit) == quick


# deal_days (m010) as it would be built from scratch: its migration's own backfill.
FROM_SCRATCH = """
    SELECT 'company', org_id, substr(deal_date, 1, 10), COUNT(*) FROM partnership_parties
    WHERE deal_date IS NOT NULL GROUP BY org_id, substr(deal_date, 1, 10)
    UNION ALL
    SELECT 'topic', topic, substr(deal_date, 1, 10), COUNT(*) FROM partnership_topics
    GROUP BY topic, substr(deal_date, 1, 10)
    UNION ALL
    SELECT 'deal_type', deal_type, substr(COALESCE(published, created_at), 1, 10), COUNT(*)
    FROM partnerships GROUP BY deal_type, substr(COALESCE(published, created_at), 1, 10)"""


def _deal_days(db) -> set[tuple]:
    return set(db.execute("SELECT kind, item, day, n FROM deal_days").fetchall())


def _agrees(db, days: int = 90) -> None:
    until = DAY0 + timedelta(days=500)
    since = until - timedelta(days=days)
    baseline = since - timedelta(days=365)
    params = {"since": since.isoformat(), "until": until.isoformat(),
              "baseline_since": baseline.isoformat()}  # fmt: skip
    for team in ("T1", "T2"):
        for kind in KINDS:
            got = {(a.org_id, a.key, a.count, a.baseline) for a in activity(
                db, kind, since, until, baseline, team_id=team)}  # fmt: skip
            assert got == set(db.execute(REFERENCE[kind], {**params, "team_id": team})), kind


def test_deal_days_stay_right_when_partnerships_are_re_analysed_or_deleted(busy):
    """Triggers keep the counts when a deal's date, type, topics or parties change, and
    when a party row or a whole partnership goes: as if counted again from scratch."""
    assert _deal_days(busy) == set(busy.execute(FROM_SCRATCH).fetchall())
    ids = [r[0] for r in busy.execute("SELECT id FROM partnerships ORDER BY id")]
    changes = [
        ("UPDATE partnerships SET published = '2025-11-02T08:00:00Z' WHERE id = ?", ids[3]),
        ("UPDATE partnerships SET published = NULL WHERE id = ?", ids[5]),
        ("UPDATE partnerships SET created_at = '2025-10-30T10:00:00Z' WHERE id = ?", ids[9]),
        ("UPDATE partnerships SET deal_type = 'acquisition' WHERE id = ?", ids[11]),
        ("""UPDATE partnerships SET topics = '["energy", "mobility"]' WHERE id = ?""", ids[13]),
        ("UPDATE partnerships SET topics = '[]' WHERE id = ?", ids[17]),
        ("UPDATE partnership_parties SET org_id = (SELECT MAX(id) FROM organisations)"
         " WHERE partnership_id = ? AND org_id = (SELECT MIN(org_id) FROM partnership_parties"
         " WHERE partnership_id = ?)", ids[19]),
        ("DELETE FROM partnership_parties WHERE partnership_id = ? AND org_id = (SELECT"
         " MIN(org_id) FROM partnership_parties WHERE partnership_id = ?)", ids[21]),
        ("DELETE FROM partnership_parties WHERE partnership_id = ?", ids[23]),
        ("DELETE FROM partnerships WHERE id = ?", ids[23]),
    ]  # fmt: skip
    for sql, pid in changes:
        busy.execute(sql, [pid] * sql.count("?"))
        assert _deal_days(busy) == set(busy.execute(FROM_SCRATCH).fetchall()), sql
    assert not busy.execute("SELECT 1 FROM deal_days WHERE n <= 0").fetchall()
    _agrees(busy)


@pytest.mark.parametrize("team", ["T1", "T2"])
@pytest.mark.parametrize("days", [7, 30, 90, 400])
@pytest.mark.parametrize(("top", "min_count"), [(0, 3), (1, 3), (3, 2), (8, 3), (50, 3), (2, 1)])
def test_the_top_and_the_busy_rows_read_alone_are_those_of_all(busy, team, days, top, min_count):
    """With `top` and `min_count`, activity gives the first `top` rows of the full list and
    every other row with at least `min_count` deals, in the same order, with the same counts."""
    until = DAY0 + timedelta(days=500)
    since = until - timedelta(days=days)
    baseline = since - timedelta(days=365)
    for kind in KINDS:
        full = activity(busy, kind, since, until, baseline, team_id=team)
        some = activity(busy, kind, since, until, baseline, team_id=team, top=top,
                        min_count=min_count)  # fmt: skip
        assert some == [a for i, a in enumerate(full) if i < top or a.count >= min_count], kind
