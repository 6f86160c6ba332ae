"""Read paths for `/partners`, digests and alerts, built to stay fast at a million articles."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlite_utils import Database

from bot.store.dating import DEAL_DATE, day_of
from bot.store.feedback import corrected_parties

_HIDDEN = (
    "NOT EXISTS (SELECT 1 FROM feedback f WHERE f.story_id = p.story_id"
    " AND f.team_id = :team_id AND f.kind = 'not_partnership')"
)

# The partnerships a team marked "Not a partnership", as a list to leave out (`id NOT IN`):
# read once per query, however many rows are read beside it (a team's own feedback).
HIDDEN_IDS = (
    "SELECT hp.id FROM feedback hf JOIN partnerships hp ON hp.story_id = hf.story_id"
    " WHERE hf.team_id = :team_id AND hf.kind = 'not_partnership'"
)


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    source: str | None
    lang: str | None
    published: str | None

    @property
    def outlet(self) -> str | None:
        """The publication, as its link's host name ("reuters.com"); never where the bot
        read it from (a feed URL, a path on the server)."""
        host = urlsplit(self.url).hostname if self.url else None
        return host.removeprefix("www.") if host else None


@dataclass(frozen=True)
class PartnershipView:
    id: int
    story_id: int
    parties: tuple[str, ...]
    deal_type: str
    topics: tuple[str, ...]
    evidence: str | None
    summary: str
    confidence: float
    lang: str | None
    title: str | None
    url: str | None
    published: str | None
    created_at: str
    sources: tuple[Source, ...] = ()
    corrected: bool = False  # the parties are the workspace's correction

    @property
    def published_day(self) -> str | None:
        """The day the article gives, YYYY-MM-DD; None when it gives none."""
        return day_of(self.published)

    @property
    def first_seen(self) -> str:
        """The day the bot first stored the story, YYYY-MM-DD."""
        return (self.created_at or "")[:10]

    @property
    def deal_date(self) -> str:
        """What lists are sorted on: the publication date when known, else first seen."""
        return self.published or self.created_at or ""


# Every list of partnerships is sorted on the best date known (`DEAL_DATE`). Each party row
# carries it (`deal_date`, kept by m007's triggers), indexed with its organisation.
_AFTER_CURSOR = (
    "(:before_date IS NULL OR (pp.deal_date, pp.partnership_id) < (:before_date, :before_id))"
)


_PAIR_AFTER_CURSOR = _AFTER_CURSOR.replace("pp.", "pr.")


def _cursor(db: Database, before_id: int | None) -> dict:
    """The keyset of the page after partnership `before_id`: its deal date and id."""
    if before_id is None:
        return {"before_date": None, "before_id": None}
    row = db.execute(
        f"SELECT {DEAL_DATE} FROM partnerships p WHERE p.id = ?", [before_id]
    ).fetchone()
    # A partnership no longer stored: continue from its id alone.
    return {"before_date": row[0] if row else "", "before_id": before_id}


def _newest(rows: list[tuple[int, str]], limit: int) -> list[int]:
    """Partnership ids of (id, deal date) rows, newest first by date, then by id."""
    seen = dict(rows)
    ranked = sorted(seen.items(), key=lambda item: (item[1] or "", item[0]), reverse=True)
    return [pid for pid, _ in ranked[:limit]]


@dataclass(frozen=True)
class ArticleHit:
    id: int
    title: str
    url: str | None
    published: str | None
    lang: str | None
    summary: str
    story_id: int | None
    is_partnership: bool


def fts_query(text: str) -> str | None:
    """User text as an FTS5 query of quoted terms (AND), so no operator can slip through."""
    terms = re.findall(r"\w+", text or "")
    if not terms:
        return None
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms[:32])


def fts_phrase(text: str) -> str | None:
    """User text as one quoted FTS5 phrase."""
    terms = re.findall(r"\w+", text or "")
    if not terms:
        return None
    return '"' + " ".join(terms[:32]) + '"'


def partnerships_involving(
    db: Database,
    org_ids: list[int],
    *,
    team_id: str = "",
    limit: int = 5,
    before_id: int | None = None,
) -> list[PartnershipView]:
    """Partnerships with any of `org_ids` as a party, newest first by their best date
    known (published, else first seen); `before_id`: the page after that partnership.
    Each organisation's are read in date order on its index, a page at a time."""
    if not org_ids:
        return []
    cursor = _cursor(db, before_id)
    rows: list[tuple[int, str]] = []
    for org_id in org_ids:
        rows += db.execute(
            f"""
            SELECT pp.partnership_id, pp.deal_date FROM partnership_parties pp
            JOIN partnerships p ON p.id = pp.partnership_id
            WHERE pp.org_id = :org_id AND {_AFTER_CURSOR} AND {_HIDDEN}
            ORDER BY pp.deal_date DESC, pp.partnership_id DESC LIMIT :limit
            """,
            {"org_id": org_id, "team_id": team_id, "limit": limit} | cursor,
        ).fetchall()
    return load_partnerships(db, _newest(rows, limit), team_id=team_id)


def partnerships_between(
    db: Database,
    a_ids: list[int],
    b_ids: list[int],
    *,
    team_id: str = "",
    limit: int = 5,
    before_id: int | None = None,
) -> list[PartnershipView]:
    """Partnerships that have a party from `a_ids` and one from `b_ids`, newest first by
    their best date known. Each pair's are read on `partner_pairs`' key (m009), a page at
    a time: what the pair signed, never every partnership of the busier company."""
    rows: list[tuple[int, str]] = []
    cursor = _cursor(db, before_id) if a_ids and b_ids else {}
    for a in dict.fromkeys(a_ids):
        for b in dict.fromkeys(b_ids):
            if a == b:
                continue
            rows += db.execute(
                f"""
                SELECT pr.partnership_id, pr.deal_date FROM partner_pairs pr
                JOIN partnerships p ON p.id = pr.partnership_id
                WHERE pr.org_id = :a AND pr.other_id = :b AND {_PAIR_AFTER_CURSOR}
                  AND {_HIDDEN}
                ORDER BY pr.deal_date DESC, pr.partnership_id DESC LIMIT :limit
                """,
                {"a": a, "b": b, "team_id": team_id, "limit": limit} | cursor,
            ).fetchall()
    return load_partnerships(db, _newest(rows, limit), team_id=team_id)


def latest_partnerships(
    db: Database, *, team_id: str = "", limit: int = 5, after_id: int = 0
) -> list[PartnershipView]:
    """The partnerships found last (those with id > `after_id`), the last found first."""
    rows = db.execute(
        f"SELECT p.id FROM partnerships p WHERE p.id > :after AND {_HIDDEN}"
        " ORDER BY p.id DESC LIMIT :limit",
        {"after": after_id, "team_id": team_id, "limit": limit},
    ).fetchall()
    return load_partnerships(db, [r[0] for r in rows], team_id=team_id)


def load_partnerships(
    db: Database, ids: list[int], *, team_id: str | None = None
) -> list[PartnershipView]:
    """Partnerships by id, in the order given, with parties and every source of the story;
    with `team_id`, the parties that team corrected replace the analysis's."""
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    rows = {r["id"]: r for r in db.query(f"SELECT * FROM partnerships WHERE id IN ({marks})", ids)}
    parties: dict[int, list[str]] = {}
    for pid, name in db.execute(
        f"SELECT pp.partnership_id, o.name FROM partnership_parties pp"
        f" JOIN organisations o ON o.id = pp.org_id WHERE pp.partnership_id IN ({marks})"
        f" ORDER BY o.name",
        ids,
    ):
        parties.setdefault(pid, []).append(name)
    story_ids = [r["story_id"] for r in rows.values()]
    sources: dict[int, list[Source]] = {}
    if story_ids:
        smarks = ",".join("?" for _ in story_ids)
        for a in db.query(
            f"SELECT story_id, title, url, source, lang, published FROM articles"
            f" WHERE story_id IN ({smarks}) ORDER BY id",
            story_ids,
        ):
            sources.setdefault(a["story_id"], []).append(
                Source(a["title"], a["url"], a["source"], a["lang"], a["published"])
            )
    corrections = corrected_parties(db, team_id, story_ids) if team_id else {}
    views = []
    for pid in ids:
        r = rows.get(pid)
        if r is None:
            continue
        corrected = tuple(corrections.get(r["story_id"]) or ()) or None
        views.append(
            PartnershipView(
                id=r["id"],
                story_id=r["story_id"],
                parties=corrected or tuple(parties.get(pid, [])),
                deal_type=r["deal_type"],
                topics=tuple(json.loads(r["topics"] or "[]")),
                evidence=r["evidence"],
                summary=r["summary"],
                confidence=r["confidence"],
                lang=r["lang"],
                title=r["title"],
                url=r["url"],
                published=r["published"],
                created_at=r["created_at"],
                sources=tuple(sources.get(r["story_id"], [])),
                corrected=corrected is not None,
            )
        )
    return views


def story_partnership(
    db: Database, story_id: int | None, *, team_id: str | None = None
) -> PartnershipView | None:
    """The partnership recorded for a story, if it has one (as `team_id` sees it)."""
    if story_id is None:
        return None
    row = db.execute("SELECT id FROM partnerships WHERE story_id = ?", [story_id]).fetchone()
    found = load_partnerships(db, [row[0]], team_id=team_id) if row else []
    return found[0] if found else None


def newest_article_id(db: Database, story_id: int | None) -> int | None:
    """The id of the story's most recent article."""
    return db.execute("SELECT MAX(id) FROM articles WHERE story_id = ?", [story_id]).fetchone()[0]


def article_source(db: Database, article_id: int | None) -> Source | None:
    """One stored article as a source line (title, link, outlet, language, date)."""
    row = db.execute(
        "SELECT title, url, source, lang, published FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    return Source(*row) if row else None


def story_lang(db: Database, story_id: int | None) -> str | None:
    """The language a story was first reported in."""
    row = db.execute("SELECT lang FROM stories WHERE id = ?", [story_id]).fetchone()
    return row[0] if row else None
