"""The partner map's read path: a company's partners over a period, and the deals among them.

Both reads start from the company's (or the partners') own rows in `partnership_parties`
(primary key `org_id, partnership_id`), so their cost follows the companies asked about,
not the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from bot.store.dating import DEAL_DATE, day, day_of
from bot.store.queries import _HIDDEN


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
    partners: tuple[Partner, ...]
    links: tuple[PartnerLink, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.partners


def partner_network(
    db: Database,
    org_ids: list[int],
    since: date,
    until: date,
    *,
    team_id: str = "",
    linked: int = 25,
) -> Network:
    """The company's partners over the period (deal date, see `bot.store.dating`), ranked
    by deals then recency, with the deals among the first `linked` of them."""
    centre = tuple(dict.fromkeys(org_ids))
    if not centre:
        return Network(centre, since, until, 0, ())
    params = _params(centre, "c") | {"since": day(since), "until": day(until), "team_id": team_id}
    marks = _marks(centre, "c")
    total = db.execute(
        f"""
        SELECT COUNT(DISTINCT p.id) FROM partnership_parties pp
        JOIN partnerships p ON p.id = pp.partnership_id
        WHERE pp.org_id IN ({marks}) AND {DEAL_DATE} >= :since AND {DEAL_DATE} < :until
          AND {_HIDDEN}
        """,
        params,
    ).fetchone()[0]
    rows = db.execute(
        f"""
        SELECT other.org_id, o.name, p.deal_type, COUNT(DISTINCT p.id), MAX(p.published),
               MAX({DEAL_DATE}), COUNT(DISTINCT CASE WHEN p.published IS NULL THEN p.id END)
        FROM partnership_parties pp
        JOIN partnerships p ON p.id = pp.partnership_id
        JOIN partnership_parties other ON other.partnership_id = p.id
        JOIN organisations o ON o.id = other.org_id
        WHERE pp.org_id IN ({marks}) AND other.org_id NOT IN ({marks})
          AND {DEAL_DATE} >= :since AND {DEAL_DATE} < :until AND {_HIDDEN}
        GROUP BY other.org_id, p.deal_type
        """,
        params,
    ).fetchall()
    partners = _partners(rows)
    links = _links(db, centre, [p.org_id for p in partners[:linked]], params)
    return Network(centre, since, until, total, tuple(partners), tuple(links))


def _partners(rows) -> list[Partner]:
    grouped: dict[int, dict] = {}
    for org_id, name, deal_type, deals, published, deal_date, undated in rows:
        entry = grouped.setdefault(
            org_id,
            {"name": name, "types": {}, "published": None, "deal_date": "", "undated": 0},
        )
        entry["types"][deal_type] = entry["types"].get(deal_type, 0) + deals
        dated = [d for d in (entry["published"], day_of(published)) if d]
        entry["published"] = max(dated, default=None)
        entry["deal_date"] = max(entry["deal_date"], day_of(deal_date) or "")
        entry["undated"] += undated
    partners = [
        Partner(
            org_id=org_id,
            name=e["name"],
            deals=sum(e["types"].values()),  # one deal type per deal: the groups are disjoint
            deal_types=dict(sorted(e["types"].items())),
            latest_published=e["published"],
            latest_deal_date=e["deal_date"],
            undated=e["undated"],
        )
        for org_id, e in grouped.items()
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
        SELECT pa.org_id, pb.org_id, COUNT(DISTINCT p.id), MAX({DEAL_DATE})
        FROM partnership_parties pa
        JOIN partnership_parties pb ON pb.partnership_id = pa.partnership_id
        JOIN partnerships p ON p.id = pa.partnership_id
        WHERE pa.org_id IN ({marks}) AND pb.org_id IN ({marks}) AND pa.org_id < pb.org_id
          AND {DEAL_DATE} >= :since AND {DEAL_DATE} < :until AND {_HIDDEN}
          AND NOT EXISTS (SELECT 1 FROM partnership_parties c WHERE c.partnership_id = p.id
                          AND c.org_id IN ({_marks(centre, "c")}))
        GROUP BY pa.org_id, pb.org_id
        """,
        params | _params(partners, "m"),
    ).fetchall()
    return [PartnerLink(a, b, deals, day_of(latest) or "") for a, b, deals, latest in rows]


def _marks(ids, prefix: str) -> str:
    return ",".join(f":{prefix}{i}" for i in range(len(ids)))


def _params(ids, prefix: str) -> dict[str, int]:
    return {f"{prefix}{i}": value for i, value in enumerate(ids)}
