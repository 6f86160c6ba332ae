"""The partner map's read path: a company's partners over a period, and the deals among them.

The company's deals are counted on its party rows by deal date (m007's index), its partners
read from its rows in `partner_pairs` (m009) over the period (index `org_id, deal_date`),
the deals among partners on that table's key, pair by pair: the cost follows the company
and the period asked about, not the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from bot.store.dating import day, day_of
from bot.store.queries import HIDDEN_IDS


@dataclass(frozen=True)
class Partner:
    """One partner of the company in the period, with what their deals were."""

    org_id: int
    name: str
    deals: int
    deal_types: dict[str, int]  # deal type id -> deals of that type
    latest_published: str | None  # 'YYYY-MM-DD' of the newest dated deal; None if none dated
    latest_deal_date: str  # 'YYYY-MM-DD' of the newest deal, first-seen day when undated
    undated: int = 0  # deals whose article gave no date

    @property
    def main_deal_type(self) -> str:
        """The deal type of most of their deals (ties: the alphabetically first)."""
        return min(self.deal_types.items(), key=lambda item: (-item[1], item[0]))[0]


@dataclass(frozen=True)
class PartnerLink:
    """Deals between two partners of the company that the company is not part of."""

    a: int
    b: int
    deals: int
    latest_deal_date: str


@dataclass(frozen=True)
class Network:
    """A company's partnerships over [since, until): partners most-deals first."""

    org_ids: tuple[int, ...]
    since: date
    until: date
    deals: int  # partnerships of the company in the period
    partners: tuple[Partner, ...]  # all, or the first `top` asked for
    links: tuple[PartnerLink, ...] = field(default=())
    more: tuple[int, ...] = ()  # deals of each partner after those in `partners`

    @property
    def empty(self) -> bool:
        return not self.partners

    @property
    def partner_count(self) -> int:
        return len(self.partners) + len(self.more)


def partner_network(
    db: Database,
    org_ids: list[int],
    since: date,
    until: date,
    *,
    team_id: str = "",
    linked: int = 25,
    top: int | None = None,
) -> Network:
    """The company's partners over the period (deal date, see `bot.store.dating`), ranked
    by deals then recency, with the deals among the first `linked` of them. With `top`,
    only the first `top` partners are read in full; the others are counted (`more`)."""
    centre = tuple(dict.fromkeys(org_ids))
    if not centre:
        return Network(centre, since, until, 0, ())
    params = _params(centre, "c") | {"since": day(since), "until": day(until), "team_id": team_id}
    marks = _marks(centre, "c")
    in_period = f"""
        pr.org_id IN ({marks}) AND pr.other_id NOT IN ({marks})
        AND pr.deal_date >= :since AND pr.deal_date < :until
        AND pr.partnership_id NOT IN ({HIDDEN_IDS})"""
    total = db.execute(
        f"""
        SELECT COUNT(DISTINCT pp.partnership_id) FROM partnership_parties pp
        WHERE pp.org_id IN ({marks}) AND pp.deal_date >= :since AND pp.deal_date < :until
          AND pp.partnership_id NOT IN ({HIDDEN_IDS})
        """,
        params,
    ).fetchone()[0]
    chosen, more = _ranked(db, in_period, params, top)
    only = "" if chosen is None else f" AND pr.other_id IN ({_marks(chosen, 'k')})"
    rows = db.execute(
        f"""
        SELECT pr.other_id, o.name, pr.deal_type, COUNT(DISTINCT pr.partnership_id),
               MAX(pr.published), MAX(pr.deal_date),
               COUNT(DISTINCT CASE WHEN pr.published IS NULL THEN pr.partnership_id END)
        FROM partner_pairs pr
        JOIN organisations o ON o.id = pr.other_id
        WHERE {in_period}{only}
        GROUP BY pr.other_id, pr.deal_type
        """,
        params | _params(chosen or (), "k"),
    ).fetchall()
    partners = _partners(rows)
    if top is not None:
        more = tuple(p.deals for p in partners[top:]) + more
        partners = partners[:top]
    links = _links(db, centre, [p.org_id for p in partners[:linked]], params)
    return Network(centre, since, until, total, tuple(partners), tuple(links), more)


# The day part of a deal date, as `day_of` reads it (NULL when it is not ISO).
_DAY = (
    "CASE WHEN pr.deal_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
    " THEN substr(pr.deal_date, 1, 10) END"
)


def _ranked(
    db: Database, in_period: str, params: dict, top: int | None
) -> tuple[list[int] | None, tuple[int, ...]]:
    """(the partners to read in full: the first `top` by deals then recency and all those
    tied with the last of them, whose names decide; the deals of each of the others, in
    rank order). (None, ()) without `top`: every partner is read in full."""
    if top is None:
        return None, ()
    ranked = db.execute(
        f"SELECT pr.other_id, COUNT(DISTINCT pr.partnership_id), IFNULL(MAX({_DAY}), '')"
        f" FROM partner_pairs pr WHERE {in_period} GROUP BY pr.other_id",
        params,
    ).fetchall()
    if len(ranked) <= top:
        return None, ()
    ranked.sort(key=lambda r: (r[1], r[2]), reverse=True)
    cut = top
    while cut < len(ranked) and ranked[cut][1:] == ranked[top - 1][1:]:
        cut += 1
    return [r[0] for r in ranked[:cut]], tuple(r[1] for r in ranked[cut:])


def _partners(rows) -> list[Partner]:
    """Partners from (org, name, deal type, deals, latest published, latest deal date,
    undated) rows, one per deal type."""
    grouped: dict[int, list] = {}  # org_id -> [name, types, published, deal_date, undated]
    for org_id, name, deal_type, deals, published, deal_date, undated in rows:
        entry = grouped.get(org_id)
        if entry is None:
            entry = grouped[org_id] = [name, {}, None, "", 0]
        types = entry[1]
        types[deal_type] = types.get(deal_type, 0) + deals
        published = day_of(published)
        if published and (entry[2] is None or published > entry[2]):
            entry[2] = published
        deal_day = day_of(deal_date) or ""
        if deal_day > entry[3]:
            entry[3] = deal_day
        entry[4] += undated
    partners = [
        Partner(
            org_id=org_id,
            name=name,
            deals=sum(types.values()),  # one deal type per deal: the groups are disjoint
            deal_types=dict(sorted(types.items())),
            latest_published=published,
            latest_deal_date=deal_day,
            undated=undated,
        )
        for org_id, (name, types, published, deal_day, undated) in grouped.items()
    ]
    partners.sort(key=lambda p: p.name.lower())
    partners.sort(key=lambda p: (p.deals, p.latest_deal_date), reverse=True)
    return partners


def _links(db: Database, centre: tuple[int, ...], partners: list[int], params: dict):
    """Deals in the period between two of `partners` that none of `centre` is part of."""
    if len(partners) < 2:
        return []
    marks = _marks(partners, "m")
    rows = db.execute(
        f"""
        SELECT pr.org_id, pr.other_id, COUNT(DISTINCT pr.partnership_id), MAX(pr.deal_date)
        FROM partner_pairs pr
        WHERE pr.org_id IN ({marks}) AND pr.other_id IN ({marks}) AND pr.org_id < pr.other_id
          AND pr.deal_date >= :since AND pr.deal_date < :until
          AND pr.partnership_id NOT IN ({HIDDEN_IDS})
          AND NOT EXISTS (SELECT 1 FROM partnership_parties c
                          WHERE c.partnership_id = pr.partnership_id
                          AND c.org_id IN ({_marks(centre, "c")}))
        GROUP BY pr.org_id, pr.other_id
        """,
        params | _params(partners, "m"),
    ).fetchall()
    return [PartnerLink(a, b, deals, day_of(latest) or "") for a, b, deals, latest in rows]


def _marks(ids, prefix: str) -> str:
    return ",".join(f":{prefix}{i}" for i in range(len(ids)))


def _params(ids, prefix: str) -> dict[str, int]:
    return {f"{prefix}{i}": value for i, value in enumerate(ids)}
