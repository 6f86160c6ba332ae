"""Trend and spike read paths: new partnerships per company, topic or deal type in a period,
next to the same count over the time before it (the base rate).

Each read walks the partnerships of one window, through the deal-date index (m008), so
its cost follows the window (a year of news), not the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from bot.store.dating import DEAL_DATE, day
from bot.store.queries import _HIDDEN

KINDS = ("company", "topic", "deal_type")


@dataclass(frozen=True)
class Activity:
    """One company, topic or deal type: its deals in the period and in the baseline before."""

    kind: str
    key: str  # canonical company name, topic id or deal type id
    count: int  # deals with a deal date in [since, until)
    baseline: int  # deals with a deal date in [baseline_since, since)
    org_id: int | None = None


_WINDOW = f"""
    SELECT p.id, p.topics, p.deal_type, {DEAL_DATE} AS deal_date FROM partnerships p
    WHERE {DEAL_DATE} >= :baseline_since AND {DEAL_DATE} < :until AND {_HIDDEN}
"""

_SQL = {
    "company": f"""
        SELECT pp.org_id, o.name, SUM(w.deal_date >= :since), SUM(w.deal_date < :since)
        FROM ({_WINDOW}) AS w
        CROSS JOIN partnership_parties pp ON pp.partnership_id = w.id
        JOIN organisations o ON o.id = pp.org_id
        GROUP BY pp.org_id HAVING SUM(w.deal_date >= :since) > 0
    """,
    "topic": f"""
        SELECT NULL, t.value, SUM(w.deal_date >= :since), SUM(w.deal_date < :since)
        FROM ({_WINDOW}) AS w, json_each(CASE WHEN json_valid(w.topics) THEN w.topics
                                              ELSE '[]' END) AS t
        WHERE t.type = 'text'
        GROUP BY t.value HAVING SUM(w.deal_date >= :since) > 0
    """,
    "deal_type": f"""
        SELECT NULL, w.deal_type, SUM(w.deal_date >= :since), SUM(w.deal_date < :since)
        FROM ({_WINDOW}) AS w
        GROUP BY w.deal_type HAVING SUM(w.deal_date >= :since) > 0
    """,
}


def activity(
    db: Database,
    kind: str,
    since: date,
    until: date,
    baseline_since: date,
    *,
    team_id: str = "",
) -> list[Activity]:
    """Every company, topic or deal type (`kind`) with a deal in [since, until), with its
    count there and in [baseline_since, since); most deals first."""
    if kind not in _SQL:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    rows = db.execute(
        _SQL[kind],
        {
            "since": day(since),
            "until": day(until),
            "baseline_since": day(min(baseline_since, since)),
            "team_id": team_id,
        },
    ).fetchall()
    found = [Activity(kind, key, count, baseline, org_id) for org_id, key, count, baseline in rows]
    found.sort(key=lambda a: a.key)
    found.sort(key=lambda a: a.count, reverse=True)
    return found


def first_deal_date(db: Database) -> date | None:
    """The earliest deal date stored: how far back any base rate can look."""
    row = db.execute(f"SELECT MIN({DEAL_DATE}) FROM partnerships p").fetchone()
    if not row or not row[0]:
        return None
    try:
        return date.fromisoformat(row[0][:10])
    except ValueError:
        return None
