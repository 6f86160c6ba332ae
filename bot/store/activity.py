"""Trend and spike read paths: new partnerships per company, topic or deal type in a period,
next to the same count over the time before it (the base rate).

Each read sums the period's days of `deal_days` (m010: deals per company, topic or deal
type and day, kept by triggers), then each item's year before on its own key range, and
takes a team's hidden partnerships (a short list) back out: its cost follows the days of
the period and the items active in it, not their deals nor the size of the store.
"""

from __future__ import annotations

import json
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


_PERIOD = """
    SELECT item, SUM(n) FROM deal_days INDEXED BY idx_deal_days_day
    WHERE kind = :kind AND day >= :since AND day < :until GROUP BY item
    HAVING SUM(n) >= :at_least
"""
_NAMES = "SELECT o.id, o.name FROM json_each(:items) j CROSS JOIN organisations o ON o.id = j.value"
_BASELINE = """
    SELECT j.value, SUM(d.n) FROM json_each(:items) j
    CROSS JOIN deal_days d ON d.kind = :kind AND d.item = j.value
        AND d.day >= :baseline_since AND d.day < :since
    GROUP BY j.value
"""
# A team's hidden partnerships in [baseline_since, until), per item: (period, before).
_HIDDEN = {
    "company": f"""
        SELECT org_id, SUM(deal_date >= :since), SUM(deal_date < :since)
        FROM partnership_parties WHERE partnership_id IN ({HIDDEN_IDS})
          AND deal_date >= :baseline_since AND deal_date < :until GROUP BY org_id""",
    "topic": f"""
        SELECT topic, SUM(deal_date >= :since), SUM(deal_date < :since)
        FROM partnership_topics WHERE partnership_id IN ({HIDDEN_IDS})
          AND deal_date >= :baseline_since AND deal_date < :until GROUP BY topic""",
    "deal_type": f"""
        SELECT p.deal_type, SUM({DEAL_DATE} >= :since), SUM({DEAL_DATE} < :since)
        FROM partnerships p WHERE p.id IN ({HIDDEN_IDS})
          AND {DEAL_DATE} >= :baseline_since AND {DEAL_DATE} < :until GROUP BY p.deal_type""",
}


def activity(
    db: Database,
    kind: str,
    since: date,
    until: date,
    baseline_since: date,
    *,
    team_id: str = "",
    top: int | None = None,
    min_count: int = 0,
) -> list[Activity]:
    """Every company, topic or deal type (`kind`) with a deal in [since, until), with its
    count there and in [baseline_since, since); most deals first (then by name). With
    `top`, only the first `top` rows and the others with at least `min_count` deals."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    params = {"kind": kind, "since": day(since), "until": day(until),
              "baseline_since": day(min(baseline_since, since)), "team_id": team_id}  # fmt: skip
    hidden = {item: (now, before) for item, now, before in db.execute(_HIDDEN[kind], params)}
    counts = _counts(db, params, hidden, 1 if top is None else max(min_count, 1))
    if top is not None and len(counts) < top:  # fewer than `top` with min_count: read all
        counts = _counts(db, params, hidden, 1)
    if top is not None:  # rows below both the top's last count and min_count cannot be kept
        ranked = sorted(counts.values(), reverse=True)
        last = ranked[top - 1] if 0 < top <= len(ranked) else (min_count if top == 0 else 0)
        floor = min(last, min_count)
        counts = {item: n for item, n in counts.items() if n >= floor}
    if kind == "company":
        names = dict(db.execute(_NAMES, {"items": json.dumps(list(counts))}))
        rows = [(item, names[item], n) for item, n in counts.items() if item in names]
    else:
        rows = [(None, item, n) for item, n in counts.items()]
    rows.sort(key=lambda r: r[1])
    rows.sort(key=lambda r: r[2], reverse=True)
    if top is not None:
        rows = [r for i, r in enumerate(rows) if i < top or r[2] >= min_count]
    keys = [r[0] if kind == "company" else r[1] for r in rows]
    sums = dict(db.execute(_BASELINE, {**params, "items": json.dumps(keys)}))
    return [
        Activity(kind, name, n, sums.get(key, 0) - hidden.get(key, (0, 0))[1], org_id)
        for key, (org_id, name, n) in zip(keys, rows, strict=True)
    ]


def _counts(db: Database, params: dict, hidden: dict, at_least: int) -> dict:
    """Deals per item in the period, the team's hidden ones out: every item with at least
    `at_least` (hiding only takes away)."""
    counts = {}
    for item, n in db.execute(_PERIOD, {**params, "at_least": at_least}):
        n -= hidden.get(item, (0, 0))[0]
        if n >= at_least:
            counts[item] = n
    return counts


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
