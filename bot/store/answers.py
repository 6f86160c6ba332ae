"""What `/partners TEXT` answers, as data: shared by Slack, the console and `partners-bot query`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlite_utils import Database

from bot.store.orgs import Org, find_orgs
from bot.store.queries import (
    ArticleHit,
    PartnershipView,
    partnerships_between,
    partnerships_involving,
)
from bot.store.search import search, searched_since

PAGE_SIZE = 5


@dataclass
class CompanyAnswer:
    """Partnerships of one company, or between two, plus mentions when there are none."""

    query: str
    orgs: list[Org]
    other_orgs: list[Org] = field(default_factory=list)
    partnerships: list[PartnershipView] = field(default_factory=list)
    has_more: bool = False
    mentions: list[ArticleHit] = field(default_factory=list)
    mentions_since: str | None = None  # the mentions search stopped at articles of that day

    @property
    def next_before_id(self) -> int | None:
        return self.partnerships[-1].id if self.has_more and self.partnerships else None


@dataclass
class SearchAnswer:
    query: str
    hits: list[ArticleHit]
    since: str | None = None  # the search stopped at articles of that day (YYYY-MM-DD)


def company_answer(
    db: Database,
    text: str,
    *,
    team_id: str = "",
    limit: int = PAGE_SIZE,
    before_id: int | None = None,
) -> CompanyAnswer:
    """Newest partnerships involving the company named `text`; when there are none, the
    articles that mention it. (`bot.service.parse` decides whether text names two.)"""
    orgs = find_orgs(db, text, team_id=team_id)
    found = partnerships_involving(
        db, [o.id for o in orgs], team_id=team_id, limit=limit + 1, before_id=before_id
    )
    answer = CompanyAnswer(text, orgs, [], found[:limit], has_more=len(found) > limit)
    if not found:
        _mentions(db, answer, text, limit=limit, phrase=True)
    return answer


def pair_answer(
    db: Database,
    a: str,
    b: str,
    *,
    team_id: str = "",
    limit: int = PAGE_SIZE,
    before_id: int | None = None,
    query: str | None = None,
) -> CompanyAnswer:
    """Newest partnerships between the companies named `a` and `b`.

    `orgs`/`other_orgs` stay empty for a name nothing is stored under.
    """
    query = query or f"{a} + {b}"
    a_orgs, b_orgs = find_orgs(db, a, team_id=team_id), find_orgs(db, b, team_id=team_id)
    found = partnerships_between(
        db,
        [o.id for o in a_orgs],
        [o.id for o in b_orgs],
        team_id=team_id,
        limit=limit + 1,
        before_id=before_id,
    )
    answer = CompanyAnswer(query, a_orgs, b_orgs, found[:limit], has_more=len(found) > limit)
    if not found:
        _mentions(db, answer, f"{a} {b}", limit=limit, phrase=False)
    return answer


def _mentions(db: Database, answer: CompanyAnswer, text: str, *, limit: int, phrase: bool) -> None:
    found = search(db, text, limit=limit, phrase=phrase)
    answer.mentions = found.hits
    answer.mentions_since = searched_since(db, found.searched_from)


def search_answer(db: Database, text: str, *, limit: int = 10) -> SearchAnswer:
    """The newest articles with every word of `text`; `since` says where a search of
    common words stopped (`bot.store.search`)."""
    found = search(db, text, limit=limit)
    return SearchAnswer(text, found.hits, searched_since(db, found.searched_from))
