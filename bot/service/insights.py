"""`/partners map | trends | export`: the answer in words at once, the picture or the CSV
after the acknowledgement (the reply's deferred part), as a file that goes with it.

Looking the company up and reading the store are as quick as `/partners xiaomi`; drawing
(`ctx.draw`, in a drawing process under Slack) and writing a CSV are not, so they are
deferred.
"""

from __future__ import annotations

import io
from itertools import islice

from bot.insights.export import write_csv
from bot.insights.partner_map import build_map
from bot.insights.periods import last
from bot.insights.trends import trends
from bot.messages.insights import (
    empty_watchlist_export_message,
    export_message,
    map_message,
    trends_message,
    unknown_company_message,
    which_company_message,
    working_message,
)
from bot.service import grammar as cmd
from bot.service.context import Attachment, Context, Reply, to_reply
from bot.store import subscriptions as subs
from bot.store.export import export_records
from bot.store.orgs import Org, find_orgs

EXPORT_MAX_ROWS = 20_000  # in Slack; `partners-bot export` has no limit


def insight_command(ctx: Context, command: cmd.Command, share_value: str | None) -> Reply:
    """The answer to `map`, `trends` or `export`."""
    match command:
        case cmd.Map(name, period):
            return _map(ctx, name, period, share_value)
        case cmd.Trends(period):
            return _trends(ctx, period, share_value)
        case cmd.Export(name):
            return _export(ctx, name, share_value)
    raise ValueError(f"not an insight command: {command!r}")


def _company(ctx: Context, name: str, command: str) -> list[Org] | Reply:
    """The organisations `name` means (one company), or the reply saying why not."""
    orgs = find_orgs(ctx.db, name, team_id=ctx.team_id)
    if not orgs:
        return to_reply(unknown_company_message(name))
    names = list(dict.fromkeys(o.name for o in orgs))
    if len(names) > 1:
        return to_reply(which_company_message(name, names, command))
    return orgs


def slug(name: str) -> str:
    """A file name part for a company: "AT&T Inc." -> "at-t-inc"."""
    text = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(part for part in text.split("-") if part)[:60] or "company"


def _map(ctx: Context, name: str, span: str, share_value: str | None) -> Reply:
    found = _company(ctx, name, "map")
    if isinstance(found, Reply):
        return found
    company = found[0].name
    pm = build_map(ctx.db, [o.id for o in found], company, last(span), team_id=ctx.team_id)
    if pm.empty:
        return to_reply(map_message(pm))
    draw = ctx.draw

    def drawn() -> Reply:
        picture = Attachment(
            filename=f"{slug(company)}-partner-map.png",
            content=draw(pm),
            title=f"Partner map of {company}",
            alt_text=pm.in_words(),
        )
        return to_reply(map_message(pm, share_value=share_value), files=(picture,))

    return to_reply(working_message(f"Drawing the partner map of {company}"), deferred=drawn)


def _trends(ctx: Context, span: str, share_value: str | None) -> Reply:
    period = last(span)
    draw = ctx.draw

    def ranked() -> Reply:
        report = trends(ctx.db, period, team_id=ctx.team_id)
        message = trends_message(report, share_value=share_value)
        if report.empty:
            return to_reply(message)
        chart = Attachment(
            filename=f"partnership-trends-{span}.png",
            content=draw(report),
            title=f"New partnerships {period.phrase()}",
            alt_text=" ".join(message.text.split())[:1000],
        )
        return to_reply(message, files=(chart,))

    working = working_message(f"Counting new partnerships {period.phrase()}")
    return to_reply(working, deferred=ranked)


def _export(ctx: Context, name: str | None, share_value: str | None) -> Reply:
    if name is None:
        watches = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)
        if not watches:
            return to_reply(empty_watchlist_export_message())
        org_ids = [w.org_id for w in watches]
        what = "this channel's watchlist"
        stem = "watchlist"
    else:
        found = _company(ctx, name, "export")
        if isinstance(found, Reply):
            return found
        org_ids, what, stem = [o.id for o in found], found[0].name, slug(found[0].name)

    def written() -> Reply:
        records = export_records(ctx.db, org_ids=org_ids, team_id=ctx.team_id)
        count, capped = _newest(records)
        if count == 0:
            return to_reply(export_message(0, what))
        table = Attachment(
            filename=f"partnerships-{stem}.csv",
            content=capped,
            title=f"Partnerships of {what}",
        )
        limit = EXPORT_MAX_ROWS if count > EXPORT_MAX_ROWS else None
        shown = min(count, EXPORT_MAX_ROWS)
        message = export_message(shown, what, capped=limit, share_value=share_value)
        return to_reply(message, files=(table,))

    return to_reply(working_message(f"Writing the partnerships of {what}"), deferred=written)


def _newest(records) -> tuple[int, bytes]:
    """(how many records there are, the CSV of the newest EXPORT_MAX_ROWS, oldest first)."""
    kept: list = []
    count = 0
    for record in records:  # oldest first: keep a sliding window of the newest
        kept.append(record)
        count += 1
        if len(kept) > 2 * EXPORT_MAX_ROWS:
            del kept[:EXPORT_MAX_ROWS]
    out = io.StringIO()
    write_csv(islice(kept, max(len(kept) - EXPORT_MAX_ROWS, 0), None), out)
    return count, out.getvalue().encode("utf-8")
