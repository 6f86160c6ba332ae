"""The partner map: who a company has been building with over a period.

    pm = build_map(db, [org_id], "Xiaomi", last("24m"))
    if pm.empty: say(pm.in_words())  # an empty map is said, not drawn
    else: png = render_map(pm)  # bot.insights.mapchart, which imports matplotlib on use

At most MAX_PARTNERS partners are drawn, most deals first; the rest are summarised in a
line. Deals between two drawn partners (without the company) are the second-degree links.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlite_utils import Database

from bot.insights.charts import month
from bot.insights.periods import Period
from bot.store.network import Partner, PartnerLink, partner_network

MAX_PARTNERS = 25
MAX_LINKS = 20  # second-degree links drawn: the pairs with the most deals


@dataclass(frozen=True)
class PartnerMap:
    company: str
    period: Period
    deals: int  # the company's partnerships in the period
    partners: int  # all its partners in the period
    shown: tuple[Partner, ...]  # the ones drawn, most deals first
    links: tuple[PartnerLink, ...]  # pairs of drawn partners with deals together, most first
    hidden_deals: tuple[int, int] = (0, 0)  # fewest and most deals of a partner not drawn
    linked_pairs: int = 0  # pairs of drawn partners with deals together, drawn or not

    @property
    def empty(self) -> bool:
        return not self.shown

    @property
    def hidden(self) -> int:
        return self.partners - len(self.shown)

    def in_words(self) -> str:
        """One sentence on what the map holds (all of it, when it is empty)."""
        when = _period_words(self.period)
        if self.empty:
            return f"No partnerships of {self.company} found {when}."
        partners = _plural(self.partners, "partner")
        deals = _plural(self.deals, "partnership")
        text = f"{self.company}: {deals} with {partners} {when}"
        if self.hidden:
            text += f"; the {len(self.shown)} with the most deals are drawn"
        return text + "."

    def hidden_line(self) -> str:
        """ "+ 2,149 more partners with 1 to 3 deals each", '' when every partner is drawn."""
        if not self.hidden:
            return ""
        low, high = self.hidden_deals
        each = f"{low} deal" if low == high == 1 else f"{low} to {high} deals"
        if low == high and low != 1:
            each = f"{low} deals"
        more = _plural(self.hidden, "more partner")
        return f"+ {more} with {each} each"


def build_map(
    db: Database,
    org_ids: list[int],
    company: str,
    period: Period,
    *,
    team_id: str = "",
    limit: int = MAX_PARTNERS,
) -> PartnerMap:
    """The map of `company` (its organisation ids) over `period`."""
    network = partner_network(
        db, org_ids, period.since, period.until, team_id=team_id, linked=limit, top=limit
    )
    shown = network.partners[:limit]
    rest = [p.deals for p in network.partners[limit:]] + list(network.more)
    hidden = (min(rest), max(rest)) if rest else (0, 0)
    links = sorted(network.links, key=lambda k: (k.deals, k.latest_deal_date), reverse=True)
    return PartnerMap(
        company=company,
        period=period,
        deals=network.deals,
        partners=network.partner_count,
        shown=shown,
        links=tuple(links[:MAX_LINKS]),
        hidden_deals=hidden,
        linked_pairs=len(links),
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _period_words(period: Period) -> str:
    end = (period.until - timedelta(days=1)).isoformat()
    return f"between {month(period.since.isoformat())} and {month(end)}"
