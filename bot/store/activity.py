"""Trend and spike read paths: new partnerships per company, topic or deal type in a period,
next to the same count over the time before it (the base rate).

Each read walks the partnerships of the period (deal-date index, m008) for what was active
in it, then counts each company's, topic's or deal type's year before on an index range of
its own (m007's party dates, m009's topics and deal types): its cost follows the period and
what was active in it, not the year before nor the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from bot.store.dating import DEAL_DATE, day
from bot.store.queries import HIDDEN_IDS

KINDS = ("company", "topic", "deal_type")


@dataclass(frozen=True)
class Activity:
    """One company, topic or deal type: its deals in the period and in the baseline before."""

    kind: str
    key: str  # canonical company name, topic id or deal type id
    count: int  # deals with a deal date in [since, until)
    baseline: int  # deals with a deal date in [baseline_since, since)
    org_id: int | None = None


# The period's partnerships (through the deal-date index), a team's hidden ones left out.
_PERIOD = f"""
    FROM partnerships w
    WHERE COALESCE(w.published, w.created_at) >= :since
      AND COALESCE(w.published, w.created_at) < :until AND w.id NOT IN ({HIDDEN_IDS})
"""

_SQL = {
    # Companies active in the period; each one's baseline counted on its own party rows
    # by deal date (m007's index), not by reading the year's partnerships.
    "company": f"""
        SELECT pp.org_id, o.name, COUNT(*),
            (SELECT COUNT(*) FROM partnership_parties b WHERE b.org_id = pp.org_id
             AND b.deal_date >= :baseline_since AND b.deal_date < :since
             AND b.partnership_id NOT IN ({HIDDEN_IDS}))
        {
        _PERIOD.replace(
            "FROM partnerships w",
            "FROM partnerships w"
            " JOIN partnership_parties pp ON pp.partnership_id = w.id"
            " JOIN organisations o ON o.id = pp.org_id",
        )
    }
        GROUP BY pp.org_id
    """,
    # Topics and deal types active in the period; each one's baseline counted on its own
    # index range (m009), not by reading the year's partnerships.
    "topic": f"""
        SELECT NULL, t.topic, COUNT(*),
            (SELECT COUNT(*) FROM partnership_topics b WHERE b.topic = t.topic
             AND b.deal_date >= :baseline_since AND b.deal_date < :since
             AND b.partnership_id NOT IN ({HIDDEN_IDS}))
        {
        _PERIOD.replace(
            "FROM partnerships w",
            "FROM partnerships w JOIN partnership_topics t ON t.partnership_id = w.id",
        )
    }
        GROUP BY t.topic
    """,
    "deal_type": f"""
        SELECT NULL, w.deal_type, COUNT(*),
            (SELECT COUNT(*) FROM partnerships p WHERE p.deal_type = w.deal_type
             AND {DEAL_DATE} >= :baseline_since AND {DEAL_DATE} < :since
             AND p.id NOT IN ({HIDDEN_IDS}))
        {_PERIOD}
        GROUP BY w.deal_type
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


@dataclass(frozen=True)
class WatchedActivity:
    """One company a channel watches (and does not mute): its deals in the period and in
    the baseline before, the team's "not a partnership" stories left out."""

    team_id: str
    channel_id: str
    activity: Activity


_WATCHED = f"""
    SELECT w.team_id, w.channel_id, w.org_id, o.name,
           SUM({DEAL_DATE} >= :since), SUM({DEAL_DATE} < :since)
    FROM watches w
    JOIN organisations o ON o.id = w.org_id
    JOIN partnership_parties pp ON pp.org_id = w.org_id
    JOIN partnerships p ON p.id = pp.partnership_id
    WHERE w.active = 1 AND {{where}}
      AND {DEAL_DATE} >= :baseline_since AND {DEAL_DATE} < :until
      AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.team_id = w.team_id
                      AND m.channel_id = w.channel_id AND m.org_id = w.org_id)
      AND NOT EXISTS (SELECT 1 FROM team_stops t WHERE t.team_id = w.team_id)
      AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.story_id = p.story_id
                      AND f.team_id = w.team_id AND f.kind = 'not_partnership')
    GROUP BY w.team_id, w.channel_id, w.org_id
    HAVING SUM({DEAL_DATE} >= :since) > 0
    ORDER BY w.team_id, w.channel_id, o.name
"""


def watched_activity(
    db: Database,
    since: date,
    until: date,
    baseline_since: date,
    *,
    team_id: str | None = None,
    channel_id: str | None = None,
) -> list[WatchedActivity]:
    """Every active watch (of `team_id` and `channel_id` when given) whose company has a
    deal in [since, until), with its count there and in [baseline_since, since). Reads
    only the watched companies' partnerships (by `partnership_parties`' org index)."""
    where, params = ["1"], {}
    if team_id is not None:
        where.append("w.team_id = :team_id")
        params["team_id"] = team_id
    if channel_id is not None:
        where.append("w.channel_id = :channel_id")
        params["channel_id"] = channel_id
    rows = db.execute(
        _WATCHED.format(where=" AND ".join(where)),
        {
            **params,
            "since": day(since),
            "until": day(until),
            "baseline_since": day(min(baseline_since, since)),
        },
    ).fetchall()
    return [
        WatchedActivity(team, channel, Activity("company", name, count, baseline, org_id))
        for team, channel, org_id, name, count, baseline in rows
    ]
