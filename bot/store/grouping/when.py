"""When an article's event happened, as far as its date, its address and its dateline
tell; first-seen dates for the rest (pure functions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.store.grouping.text import fold

DATELINE_CHARS = 60  # a date this close to the start is the dateline, not a date mentioned


def _range_gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    if a[0] > b[1]:
        return (a[0] - b[1]).days
    if b[0] > a[1]:
        return (b[0] - a[1]).days
    return 0


@dataclass(frozen=True)
class When:
    """When an article's event happened, as the range it is known to lie in, and when the
    bot first saw it.

    A dated article is one day; a date from its address may be a month; an undated one is
    only "no later than first seen" (`earliest` None). For a story, the span of its
    articles.
    """

    earliest: date | None
    latest: date
    seen: tuple[date, date]

    def gap_days(self, other: When) -> int:
        """Days between the two (0 when they may overlap).

        When one is undated, first-seen dates count too: the bot reads feeds as they are
        published, so an undated article first seen months after a story is about
        something newer; articles first seen together (a backfill) leave it open.
        """
        if self.earliest is None or other.earliest is None:
            bounds = (
                (self.earliest or date.min, self.latest),
                (other.earliest or date.min, other.latest),
            )
            return max(_range_gap(*bounds), _range_gap(self.seen, other.seen))
        return _range_gap((self.earliest, self.latest), (other.earliest, other.latest))

    def hull(self, other: When) -> When:
        """The span of a story holding both: its dated articles' span, or when none is
        dated, no later than the first one seen."""
        seen = (min(self.seen[0], other.seen[0]), max(self.seen[1], other.seen[1]))
        known = [w for w in (self, other) if w.earliest is not None]
        if not known:
            return When(None, min(self.latest, other.latest), seen)
        return When(min(w.earliest for w in known), max(w.latest for w in known), seen)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier"),
            ("feb", "february", "fevrier"),
            ("mar", "march", "mars"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juillet"),
            ("aug", "august", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_URL_DATES = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
    re.compile(rf"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<mn>{_MONTH_NAMES})/(?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)(?![\d])"),
)
_LEAD_DATE = re.compile(
    rf"\b(?:(?P<mn>{_MONTH_NAMES})\.? (?P<d>[0-3]?\d),? (?P<y>(?:19|20)\d\d)"
    rf"|(?P<d2>[0-3]?\d)(?:er)? (?P<mn2>{_MONTH_NAMES}) (?P<y2>(?:19|20)\d\d))\b"
)


def _day(year: int, month: int, day: int | None) -> tuple[date, date] | None:
    try:
        if day:
            d = date(year, month, day)
            return d, d
        first = date(year, month, 1)
    except ValueError:
        return None
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def url_date(url: str | None) -> tuple[date, date] | None:
    """A date written in an article's address (/2019/01/16/, 20191125, /2017/10/, /2019/jul/12/)."""
    path = fold(url or "").split("?")[0]
    path = re.sub(r"^[a-z]+://[^/]+", "", path)
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            parts = match.groupdict()
            month = _MONTHS.get(parts.get("mn") or "") or int(parts.get("m") or 0)
            if not 1 <= month <= 12:
                continue
            day = int(parts["d"]) if parts.get("d") else None
            found = _day(int(parts["y"]), month, day)
            if found:
                return found
    return None


def lead_date(text: str) -> date | None:
    """A full date in the article's first lines, as a dateline gives it ("Nov. 24, 2020")."""
    match = _LEAD_DATE.search(fold((text or "")[:DATELINE_CHARS]))
    if not match:
        return None
    month = _MONTHS[match.group("mn") or match.group("mn2")]
    day = int(match.group("d") or match.group("d2"))
    found = _day(int(match.group("y") or match.group("y2")), month, day)
    return found[0] if found else None


def when(published: date | None, url: str | None, text: str, first_seen: date) -> When:
    """The article's date; else one in its address or dateline; else no later than first seen."""
    seen = (first_seen, first_seen)
    if published is not None:
        published = min(published, first_seen)  # a date after the bot saw it is wrong
        return When(published, published, seen)
    from_url = url_date(url)
    if from_url is not None:
        return When(*from_url, seen)
    dateline = lead_date(text)
    if dateline is not None:
        return When(dateline, dateline, seen)
    return When(None, first_seen, seen)
