"""The export read path: every partnership as one flat record, streamed.

One statement, read row by row from the cursor (no `fetchall`): memory stays flat however
many partnerships there are. Without a company it walks the deal-date index in order;
with one it starts from that company's rows in `partnership_parties`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from bot.store.dating import DEAL_DATE, day, day_of
from bot.store.queries import _HIDDEN


@dataclass(frozen=True)
class ExportRecord:
    """One partnership as an export row gives it (ids, not labels: writers label them)."""

    story_id: int
    published: str | None  # 'YYYY-MM-DD' the article gives; None when it gives none
    first_seen: str  # 'YYYY-MM-DD' the bot first stored the deal
    parties: tuple[str, ...]
    deal_type: str
    topics: tuple[str, ...]
    summary: str
    evidence: str
    confidence: float
    lang: str
    title: str
    sources: tuple[str, ...]  # article URLs of the story, the first one first


_SELECT = """
    SELECT p.story_id, p.published, p.created_at, p.deal_type, p.topics, p.summary,
           p.evidence, p.confidence, p.lang, p.title, p.url,
           (SELECT json_group_array(o.name) FROM partnership_parties x
            JOIN organisations o ON o.id = x.org_id WHERE x.partnership_id = p.id) AS parties,
           (SELECT json_group_array(json_array(a.id, a.url)) FROM articles a
            WHERE a.story_id = p.story_id AND a.url IS NOT NULL) AS urls
    FROM partnerships p
"""


def export_records(
    db: Database,
    *,
    org_ids: list[int] | None = None,
    since: date | None = None,
    until: date | None = None,
    team_id: str = "",
) -> Iterator[ExportRecord]:
    """Partnerships (of any of `org_ids` when given) with a deal date in [since, until),
    oldest first; what the team marked "not a partnership" is left out."""
    where = [_HIDDEN]
    params: dict[str, object] = {"team_id": team_id}
    if since is not None:
        where.append(f"{DEAL_DATE} >= :since")
        params["since"] = day(since)
    if until is not None:
        where.append(f"{DEAL_DATE} < :until")
        params["until"] = day(until)
    if org_ids is not None:
        ids = list(dict.fromkeys(org_ids))
        if not ids:
            return
        marks = ",".join(f":o{i}" for i in range(len(ids)))
        where.append(
            f"p.id IN (SELECT partnership_id FROM partnership_parties WHERE org_id IN ({marks}))"
        )
        params |= {f"o{i}": org_id for i, org_id in enumerate(ids)}
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY {DEAL_DATE}, p.id"
    for row in db.execute(sql, params):
        yield _record(row)


def _record(row) -> ExportRecord:
    (story_id, published, created_at, deal_type, topics, summary, evidence, confidence, lang,
     title, url, parties, urls) = row  # fmt: skip
    return ExportRecord(
        story_id=story_id,
        published=day_of(published),
        first_seen=day_of(created_at) or "",
        parties=tuple(sorted(json.loads(parties or "[]"), key=str.lower)),
        deal_type=deal_type,
        topics=tuple(_topic_ids(topics)),
        summary=summary or "",
        evidence=evidence or "",
        confidence=float(confidence or 0.0),
        lang=lang or "",
        title=title or "",
        sources=_sources(url, urls),
    )


def _topic_ids(raw: str | None) -> list[str]:
    try:
        topics = json.loads(raw or "[]")
    except ValueError:
        return []
    return [t for t in topics if isinstance(t, str)] if isinstance(topics, list) else []


def _sources(primary: str | None, urls: str | None) -> tuple[str, ...]:
    """The story's article URLs in the order they were stored, the partnership's own first."""
    ordered = [url for _, url in sorted(json.loads(urls or "[]"))]
    if primary:
        ordered.insert(0, primary)
    return tuple(dict.fromkeys(u for u in ordered if u))
