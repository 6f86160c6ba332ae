"""`/partners feeds`, `feeds add`, `feeds remove`, `feeds pause|resume`: the feeds a team
sees (the operator's and its own), and the admins who may change them."""

from __future__ import annotations

from bot import messages
from bot.ingest.netguard import check_user_url
from bot.service import grammar as cmd
from bot.service.context import Context, Reply, to_reply, warning
from bot.service.parse import row_id
from bot.store import feeds as feed_store


def _visible(ctx: Context, feed: feed_store.Feed | None) -> bool:
    """A polled feed this team may see: the operator's (shared by every workspace) or one
    this team added. Another team's feed is never shown, named or removable here."""
    return feed is not None and feed.poll and feed.team_id in (None, ctx.team_id)


def visible_feeds(ctx: Context) -> list[feed_store.Feed]:
    """The polled feeds shared by everyone, and those this team added."""
    return [f for f in feed_store.list_feeds(ctx.db) if _visible(ctx, f)]


def feeds_command(ctx: Context, command: cmd.Command) -> Reply:
    """`feeds` (the list), `feeds add <url>`, `feeds remove <url|id>`."""
    match command:
        case cmd.FeedAdd(url):
            if not ctx.is_admin():
                return to_reply(messages.refusal_message("add feeds"))
            return _feed_add(ctx, url)
        case cmd.FeedRemove(target):
            if not ctx.is_admin():
                return to_reply(messages.refusal_message("remove feeds"))
            feed = _target(ctx, target)
            if isinstance(feed, Reply):
                return feed
            if feed.team_id is None and not ctx.is_operator:
                refusal = messages.operator_only_message("remove a feed every workspace reads")
                return to_reply(refusal)
            feed_store.deactivate_feed(ctx.db, feed.id)
            ctx.on_subscriptions_changed()
            return to_reply(messages.feed_removed_message(feed), ephemeral=False)
        case cmd.FeedPause(target, paused):
            return _feed_pause(ctx, target, paused)
    return to_reply(messages.feeds_message(visible_feeds(ctx)))


def _target(ctx: Context, target: str) -> feed_store.Feed | Reply:
    """The visible feed `target` (a URL or an id) names, or the answer saying there is none."""
    feed_id = row_id(target)
    feed = feed_store.get_feed(ctx.db, target if feed_id is None else feed_id)
    if feed is None or not _visible(ctx, feed):
        return to_reply(messages.info_message(f"No feed {target} is read."))
    return feed


def _feed_pause(ctx: Context, target: str, paused: bool) -> Reply:
    verb = "pause feeds" if paused else "resume feeds"
    if not ctx.is_admin():
        return to_reply(messages.refusal_message(verb))
    feed = _target(ctx, target)
    if isinstance(feed, Reply):
        return feed
    if feed.team_id is None and not ctx.is_operator:
        what = "pause a feed every workspace reads" if paused else "resume a shared feed"
        return to_reply(messages.operator_only_message(what))
    changed = feed_store.set_paused(ctx.db, feed.id, paused)
    if changed:
        ctx.on_subscriptions_changed()
    return to_reply(messages.feed_paused_message(feed, paused, changed=changed), ephemeral=False)


def _feed_add(ctx: Context, url: str) -> Reply:
    problem = check_user_url(url, ctx.settings)
    if problem:
        return warning(f"I can't read that feed: {problem}")
    existing = feed_store.get_feed(ctx.db, url)
    if existing is not None and existing.poll:
        if not _visible(ctx, existing):  # another workspace's: say nothing about it
            text = f"{url} is already read; its partnerships reach this workspace too."
            return to_reply(messages.info_message(text))
        return to_reply(messages.info_message(f"{url} is already read (id {existing.id})."))
    feed = feed_store.ensure_feed(ctx.db, url, poll=True, team_id=ctx.team_id, added_by=ctx.user_id)
    ctx.on_subscriptions_changed()
    if ctx.ingestor is None:
        note = "The first fetch happens at the next poll."
        return to_reply(messages.feed_added_message(feed, first_fetch=note), ephemeral=False)
    ingestor = ctx.ingestor

    def first_fetch() -> Reply:
        summary = ingestor().ingest([url], poll=True)
        fetched = feed_store.get_feed(ctx.db, feed.id) or feed
        if summary.errors and not summary.seen:
            return warning(f"Added, but the first fetch failed: {summary.errors[0][:300]}")
        message = messages.feed_added_message(fetched, first_fetch=summary.line())
        return to_reply(message, ephemeral=False)

    note = "Fetching it for the first time…"
    return to_reply(messages.feed_added_message(feed, first_fetch=note), deferred=first_fetch)
