"""Which date a partnership counts on, said once for the map, trends, spikes and exports.

`partnerships.published` is the date the article gives, NULL when it gives none (never
filled in with the day it was read); `created_at` is when the bot first stored the deal.
A period selects deals by their *deal date*: the publication date when known, else the
day first seen, so an archive of dated articles ingested today lands in its own years and
an undated deal still counts somewhere. Rows handed out keep the two apart: `published`
(None when unknown) and `first_seen`.
"""

from __future__ import annotations

import re
from datetime import date

# The expression m008's index is built on: queries must use it as written.
DEAL_DATE = "COALESCE(p.published, p.created_at)"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(value: date) -> str:
    """A period bound as the store compares it: 'YYYY-MM-DD' sorts before any time that day."""
    return value.isoformat()


def day_of(timestamp: str | None) -> str | None:
    """'YYYY-MM-DD' of a stored ISO timestamp (or date); None when there is none or it is
    not ISO (a feed's odd date string is no date at all)."""
    if not timestamp or not _DAY.match(timestamp):
        return None
    return timestamp[:10]
