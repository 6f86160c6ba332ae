"""`partners-bot query TEXT --json`: what `/partners TEXT` finds, as data rather than Block
Kit: `{"query", "partnerships": [...], "articles": [...]}`."""

from __future__ import annotations

import functools

from bot.service import grammar as cmd
from bot.service.commands import is_known
from bot.service.context import Context
from bot.service.parse import parse
from bot.store.answers import company_answer, pair_answer, search_answer
from bot.store.queries import ArticleHit, PartnershipView

MAX_RESULTS = 100


def partnership_data(p: PartnershipView) -> dict:
    """One partnership: `published` is None when the article gives no date; `first_seen`
    is when the bot first stored the story."""
    sources = []
    for source in p.sources:
        entry = {"url": source.url, "outlet": source.outlet}
        if entry not in sources:
            sources.append(entry)
    return {
        "story_id": p.story_id,
        "parties": list(p.parties),
        "deal_type": p.deal_type,
        "topics": list(p.topics),
        "summary": p.summary,
        "evidence": p.evidence,
        "published": p.published,
        "first_seen": p.created_at,
        "confidence": round(p.confidence, 4),
        "sources": sources,
    }


def article_data(hit: ArticleHit) -> dict:
    return {
        "title": hit.title,
        "url": hit.url,
        "published": hit.published,
        "lang": hit.lang,
        "story_id": hit.story_id,
        "is_partnership": hit.is_partnership,
    }


def query_data(ctx: Context, text: str, *, limit: int = 20) -> dict:
    """What `/partners TEXT` finds, as data; `error` says why when TEXT asks for nothing
    that is data (help, watch, digest...)."""
    limit = max(1, min(limit, MAX_RESULTS))
    command = parse(text, is_known=functools.partial(is_known, ctx))
    result: dict = {"query": text, "partnerships": [], "articles": []}
    match command:
        case cmd.Company(name):
            answer = company_answer(ctx.db, name, team_id=ctx.team_id, limit=limit)
        case cmd.Pair(a, b, typed):
            answer = pair_answer(ctx.db, a, b, team_id=ctx.team_id, limit=limit, query=typed)
        case cmd.Search(words):
            hits = search_answer(ctx.db, words, limit=limit).hits
            return result | {"articles": [article_data(h) for h in hits]}
        case _:
            return result | {"error": "--json answers a company, two companies or a search"}
    result["partnerships"] = [partnership_data(p) for p in answer.partnerships]
    result["articles"] = [article_data(h) for h in answer.mentions]
    return result
