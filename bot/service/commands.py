"""The one place `/partners` commands and button actions are carried out.

Shared by the Slack handlers and the terminal console; nothing here imports Slack. Every
entry point returns a `Reply` (or a view) and never raises: failures are logged and the
user gets a short ":warning:" message.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from bot import messages
from bot.config import Settings
from bot.ingest.netguard import check_user_url
from bot.messages.blocks import Message
from bot.service import grammar as cmd
from bot.store import feeds as feed_store
from bot.store import outbox, overview
from bot.store import subscriptions as subs
from bot.store.answers import company_answer, pair_answer, search_answer
from bot.store.orgs import Org, ensure_org, find_orgs, shown_org
from bot.store.queries import (
    PartnershipView,
    latest_partnerships,
    load_partnerships,
    partnerships_involving,
)

if TYPE_CHECKING:
    from bot.delivery.jobs import DigestResult
    from bot.ingest.ingestor import Ingestor

log = logging.getLogger(__name__)

SORRY = "Something went wrong on my side; it has been logged. Please try again later."
FAILED_SHOWN = 5  # deliveries that finally failed, listed in App Home
# Control characters and lone surrogates (an event's JSON can carry them): never echoed.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Context:
    """Who is asking, where, and the means to answer."""

    db: sqlite_utils.Database
    settings: Settings
    team_id: str
    channel_id: str
    user_id: str
    is_admin: Callable[[], bool]
    ingestor: Callable[[], Ingestor] | None = None
    on_subscriptions_changed: Callable[[], None] = lambda: None
    # Posts the channel's digest through the outbox (Slack); None: the digest is the answer.
    post_digest: Callable[[], DigestResult] | None = None


@dataclass
class Reply:
    text: str
    blocks: list[dict]
    ephemeral: bool = True
    replace_original: bool = False
    deferred: Callable[[], Reply] | None = None


def _reply(message: Message, *, ephemeral: bool = True, **options) -> Reply:
    return Reply(message.text, message.blocks, ephemeral=ephemeral, **options)


def _error(text: str = SORRY) -> Reply:
    return _reply(messages.error_message(text))


def _guarded(what: str, run: Callable[[], Reply]) -> Callable[[], Reply]:
    """`run`, turned into one that logs any failure and answers with a warning."""

    def guarded() -> Reply:
        try:
            reply = run()
        except Exception:
            log.exception("%s failed", what)
            return _error()
        if reply.deferred is not None:
            reply.deferred = _guarded(f"{what} (deferred)", reply.deferred)
        return reply

    return guarded


# -- entry points --------------------------------------------------------------------------


def handle_command(ctx: Context, text: str) -> Reply:
    """Carry out `/partners TEXT` (or `@partners TEXT`)."""
    text = _UNSHOWABLE.sub("", (text or "")[:4000])
    return _guarded(f"command {text[:100]!r}", lambda: _command(ctx, text, share=True))()


def handle_action(ctx: Context, action_id: str, value: str) -> Reply:
    """Carry out a button press; `value` is what the button carried."""
    handler = _ACTIONS.get(action_id)
    if handler is None:
        return _error("That button is no longer supported.")
    return _guarded(f"action {action_id}", lambda: handler(ctx, value or ""))()


def home_view(ctx: Context) -> dict:
    """The App Home tab for the user's team."""
    try:
        return messages.home_view(
            overview.team_channels(ctx.db, ctx.team_id),
            latest_partnerships(ctx.db, team_id=ctx.team_id, limit=5),
            _visible_feeds(ctx),
            team_stop=outbox.team_stop(ctx.db, ctx.team_id),
            stopped=overview.stopped_channels(ctx.db, ctx.team_id),
            failed=outbox.failed(ctx.db, ctx.team_id, limit=FAILED_SHOWN),
        )
    except Exception:
        log.exception("home view failed")
        return {"type": "home", "blocks": messages.error_message(SORRY).blocks}


# -- commands ------------------------------------------------------------------------------


def _command(ctx: Context, text: str, *, share: bool) -> Reply:
    command = cmd.parse(text, is_known=functools.partial(_is_known, ctx))
    share_value = json.dumps({"cmd": text}) if share else None
    match command:
        case cmd.Help():
            return _reply(messages.help_message())
        case cmd.Company(name):
            answer = company_answer(ctx.db, name, team_id=ctx.team_id)
            return _reply(messages.company_message(answer, share_value=share_value))
        case cmd.Pair(a, b, typed):
            answer = pair_answer(ctx.db, a, b, team_id=ctx.team_id, query=typed)
            return _reply(messages.company_message(answer, share_value=share_value))
        case cmd.Search(words):
            answer = search_answer(ctx.db, words)
            return _reply(messages.search_message(answer, share_value=share_value))
        case cmd.Watch(names):
            return _watch(ctx, names)
        case cmd.Unwatch(names):
            return _unwatch(ctx, names)
        case cmd.Watchlist():
            return _watchlist(ctx)
        case cmd.Unmute(name):
            return _unmute(ctx, name)
        case cmd.DigestSet() | cmd.DigestOff() | cmd.DigestShow() | cmd.DigestNow():
            return _digest(ctx, command)
        case cmd.FeedsList() | cmd.FeedAdd() | cmd.FeedRemove():
            return _feeds(ctx, command)
        case cmd.Read(url):
            return _read(ctx, url, share_value)
        case cmd.Usage(name, problem):
            return _reply(messages.usage_message(name, problem))
        case cmd.Unknown(typed, suggestion):
            return _reply(messages.unknown_message(typed, suggestion))
    return _reply(messages.unknown_message(text, None))


def _is_known(ctx: Context, name: str) -> bool:
    return bool(find_orgs(ctx.db, name, team_id=ctx.team_id))


def _canonical(name: str) -> str:
    """The name to create an organisation under: the NLP's canonical one if it knows it."""
    try:
        from bot.nlp import canonical_company
    except ImportError:
        canonical = None
    else:
        canonical = canonical_company(name)
    return canonical or (name.title() if name.islower() else name)


def _orgs_for(ctx: Context, name: str, *, create: bool) -> list[Org]:
    orgs = find_orgs(ctx.db, name, team_id=ctx.team_id)
    if orgs or not create:
        return orgs
    canonical = _canonical(name)
    return [Org(ensure_org(ctx.db, canonical), canonical)]


def _watch(ctx: Context, names: tuple[str, ...]) -> Reply:
    added: list[str] = []
    already: list[str] = []
    org_ids: list[int] = []
    with ctx.db.atomic():
        for name in names:
            for org in _orgs_for(ctx, name, create=True):
                new = subs.add_watch(
                    ctx.db, ctx.team_id, ctx.channel_id, org.id, user_id=ctx.user_id
                )
                (added if new else already).append(org.name)
                org_ids.append(org.id)
    if added:
        ctx.on_subscriptions_changed()
    latest = _involving(ctx, org_ids, limit=3)
    message = messages.watch_message(added, already, latest, user_id=ctx.user_id)
    return _reply(message, ephemeral=not added)


def _involving(ctx: Context, org_ids: list[int], *, limit: int) -> list[PartnershipView]:
    return partnerships_involving(ctx.db, org_ids, team_id=ctx.team_id, limit=limit)


def _matching(ctx: Context, name: str, rows: list) -> list:
    """The channel's watch or mute rows that `name` designates."""
    ids = {o.id for o in find_orgs(ctx.db, name, team_id=ctx.team_id)}
    wanted = name.casefold()
    return [r for r in rows if r.org_id in ids or r.name.casefold() == wanted]


def _unwatch(ctx: Context, names: tuple[str, ...]) -> Reply:
    watches = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)
    removed: list[str] = []
    missing: list[str] = []
    for name in names:
        found = _matching(ctx, name, watches)
        for watch in found:
            if subs.remove_watch(ctx.db, ctx.team_id, ctx.channel_id, watch.org_id):
                removed.append(watch.name)
        if not found:
            missing.append(name)
    if removed:
        ctx.on_subscriptions_changed()
    return _reply(messages.unwatch_message(removed, missing), ephemeral=not removed)


def _watchlist(ctx: Context) -> Reply:
    watches = subs.list_watches(ctx.db, ctx.team_id, ctx.channel_id)
    mutes = [m.name for m in subs.list_mutes(ctx.db, ctx.team_id, ctx.channel_id)]
    schedule = subs.get_digest(ctx.db, ctx.team_id, ctx.channel_id)
    return _reply(messages.watchlist_message(watches, mutes, schedule))


def _unmute(ctx: Context, name: str) -> Reply:
    mutes = subs.list_mutes(ctx.db, ctx.team_id, ctx.channel_id)
    found = _matching(ctx, name, mutes)
    for mute in found:
        subs.remove_mute(ctx.db, ctx.team_id, ctx.channel_id, mute.org_id)
    if not found:
        return _reply(messages.info_message(f"{name} is not muted in this channel."))
    ctx.on_subscriptions_changed()
    return _reply(messages.mute_message(found[0].name, muted=False), ephemeral=False)


def _digest(ctx: Context, command: cmd.Command) -> Reply:
    match command:
        case cmd.DigestSet(frequency, day, time, timezone):
            schedule = subs.set_digest(
                ctx.db,
                ctx.team_id,
                ctx.channel_id,
                frequency=frequency,
                day_of_week=day,
                time_of_day=time,
                timezone=timezone or ctx.settings.timezone,
                user_id=ctx.user_id,
            )
            ctx.on_subscriptions_changed()
            message = messages.digest_schedule_message(schedule, changed=True)
            return _reply(message, ephemeral=False)
        case cmd.DigestOff():
            if not subs.stop_digest(ctx.db, ctx.team_id, ctx.channel_id):
                return _reply(messages.digest_schedule_message(None))
            ctx.on_subscriptions_changed()
            return _reply(messages.digest_schedule_message(None, changed=True), ephemeral=False)
        case cmd.DigestNow():
            return _digest_now(ctx)
    schedule = subs.get_digest(ctx.db, ctx.team_id, ctx.channel_id)
    return _reply(messages.digest_schedule_message(schedule))


def _digest_now(ctx: Context) -> Reply:
    """Post the channel's digest (`ctx.post_digest`), then say how it went; without a way
    to post (the console), the digest is the answer."""
    if ctx.post_digest is not None:
        post = ctx.post_digest

        def posted() -> Reply:
            result = post()
            message = messages.digest_posted_message(
                result.status, result.partnerships, result.error, channel_id=ctx.channel_id
            )
            return _reply(message)

        return _reply(messages.posting_digest_message(), deferred=posted)
    content = subs.digest_content(ctx.db, ctx.team_id, ctx.channel_id)
    if not content.partnerships:
        return _reply(messages.empty_digest_message())
    if content.schedule is not None:
        subs.mark_digest_sent(ctx.db, content.schedule.id, content.up_to_story_id)
    return _reply(messages.digest_message(content.groups()), ephemeral=False)


# -- feeds, read ---------------------------------------------------------------------------


def _visible(ctx: Context, feed: feed_store.Feed | None) -> bool:
    """A polled feed this team may see: the operator's (shared by every workspace) or one
    this team added. Another team's feed is never shown, named or removable here."""
    return feed is not None and feed.poll and feed.team_id in (None, ctx.team_id)


def _visible_feeds(ctx: Context) -> list[feed_store.Feed]:
    """The polled feeds shared by everyone, and those this team added."""
    return [f for f in feed_store.list_feeds(ctx.db) if _visible(ctx, f)]


def _feeds(ctx: Context, command: cmd.Command) -> Reply:
    match command:
        case cmd.FeedAdd(url):
            if not ctx.is_admin():
                return _reply(messages.refusal_message("add feeds"))
            return _feed_add(ctx, url)
        case cmd.FeedRemove(target):
            if not ctx.is_admin():
                return _reply(messages.refusal_message("remove feeds"))
            feed_id = _row_id(target)
            feed = feed_store.get_feed(ctx.db, target if feed_id is None else feed_id)
            if feed is None or not _visible(ctx, feed):
                return _reply(messages.info_message(f"No feed {target} is read."))
            if feed.team_id is None and ctx.user_id not in ctx.settings.admins:
                return _reply(messages.operator_only_message("remove a feed every workspace reads"))
            feed_store.deactivate_feed(ctx.db, feed.id)
            ctx.on_subscriptions_changed()
            return _reply(messages.feed_removed_message(feed), ephemeral=False)
    return _reply(messages.feeds_message(_visible_feeds(ctx)))


def _feed_add(ctx: Context, url: str) -> Reply:
    problem = check_user_url(url, ctx.settings)
    if problem:
        return _error(f"I can't read that feed: {problem}")
    existing = feed_store.get_feed(ctx.db, url)
    if existing is not None and existing.poll:
        if not _visible(ctx, existing):  # another workspace's: say nothing about it
            text = f"{url} is already read; its partnerships reach this workspace too."
            return _reply(messages.info_message(text))
        return _reply(messages.info_message(f"{url} is already read (id {existing.id})."))
    feed = feed_store.ensure_feed(ctx.db, url, poll=True, team_id=ctx.team_id, added_by=ctx.user_id)
    ctx.on_subscriptions_changed()
    if ctx.ingestor is None:
        note = "The first fetch happens at the next poll."
        return _reply(messages.feed_added_message(feed, first_fetch=note), ephemeral=False)
    ingestor = ctx.ingestor

    def first_fetch() -> Reply:
        summary = ingestor().ingest([url], poll=True)
        fetched = feed_store.get_feed(ctx.db, feed.id) or feed
        if summary.errors and not summary.seen:
            return _error(f"Added, but the first fetch failed: {summary.errors[0][:300]}")
        message = messages.feed_added_message(fetched, first_fetch=summary.line())
        return _reply(message, ephemeral=False)

    note = "Fetching it for the first time…"
    return _reply(messages.feed_added_message(feed, first_fetch=note), deferred=first_fetch)


def _read(ctx: Context, url: str, share_value: str | None) -> Reply:
    if ctx.ingestor is None:
        return _error("Reading pages is not available here.")
    problem = check_user_url(url, ctx.settings)
    if problem:
        return _error(f"I can't read that page: {problem}")
    ingestor = ctx.ingestor

    def fetch_and_analyse() -> Reply:
        summary = ingestor().ingest([url])
        if summary.new_partnership_ids:
            found = load_partnerships(ctx.db, summary.new_partnership_ids[:1])
            if found:
                return _reply(
                    messages.read_message(
                        url, partnership=found[0], title=found[0].title, share_value=share_value
                    )
                )
        article = _article_read_from(ctx.db, url)
        if article is None:
            problem = summary.errors[0][:300] if summary.errors else "no article found there"
            return _error(f"I couldn't read that page: {problem}")
        partnership = _story_partnership(ctx.db, article["story_id"])
        return _reply(
            messages.read_message(
                url,
                partnership=partnership,
                title=article["title"],
                summary=article["summary"] or article["text"][:600],
                share_value=share_value if partnership else None,
            )
        )

    return _reply(messages.reading_message(url), deferred=fetch_and_analyse)


def _article_read_from(db: sqlite_utils.Database, url: str) -> dict | None:
    """The article stored for `url`: by its URL or uid, else the latest from that source."""
    rows = list(
        db.query(
            "SELECT * FROM articles WHERE url = ? OR uid = ? ORDER BY id DESC LIMIT 1", [url, url]
        )
    )
    if not rows:
        rows = list(
            db.query(
                "SELECT a.* FROM articles a JOIN feeds f ON f.id = a.feed_id"
                " WHERE f.url = ? ORDER BY a.id DESC LIMIT 1",
                [url],
            )
        )
    return rows[0] if rows else None


def _story_partnership(db: sqlite_utils.Database, story_id: int | None) -> PartnershipView | None:
    if story_id is None:
        return None
    row = db.execute("SELECT id FROM partnerships WHERE story_id = ?", [story_id]).fetchone()
    found = load_partnerships(db, [row[0]]) if row else []
    return found[0] if found else None


# -- actions -------------------------------------------------------------------------------


def _page(ctx: Context, query: str, before: int, share_value: str | None) -> Reply:
    command = cmd.parse(query, is_known=functools.partial(_is_known, ctx))
    match command:
        case cmd.Pair(a, b, typed):
            answer = pair_answer(ctx.db, a, b, team_id=ctx.team_id, before_id=before, query=typed)
        case cmd.Company(name):
            answer = company_answer(ctx.db, name, team_id=ctx.team_id, before_id=before)
        case _:
            return _error("That list can't be continued.")
    return _reply(messages.company_message(answer, share_value=share_value))


def _row_id(value: str) -> int | None:
    """`value` as a row id, None unless it is a plain positive number SQLite can hold."""
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def _json_value(value: str) -> dict:
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _action_more(ctx: Context, value: str) -> Reply:
    data = _json_value(value)
    query, before = data.get("q"), _row_id(str(data.get("before")))
    if not isinstance(query, str) or before is None:
        return _error("That list can't be continued.")
    share_value = json.dumps({"q": query, "before": before})
    return _page(ctx, query, before, share_value)


def _action_share_answer(ctx: Context, value: str) -> Reply:
    data = _json_value(value)
    before = _row_id(str(data.get("before")))
    if isinstance(data.get("q"), str) and before is not None:
        reply = _page(ctx, data["q"], before, None)
    elif isinstance(data.get("cmd"), str):
        reply = _command(ctx, data["cmd"], share=False)
    else:
        return _error("There is nothing to share.")
    if reply.text.startswith(":warning:"):
        return reply
    reply.ephemeral = False
    return reply


def _action_not_partnership(ctx: Context, value: str) -> Reply:
    story_id = _row_id(value)
    if story_id is None:
        return _error("That story is unknown.")
    hidden = subs.add_feedback(ctx.db, ctx.team_id, story_id, user_id=ctx.user_id)
    return _reply(messages.feedback_message(hidden=hidden))


def _action_mute(ctx: Context, value: str) -> Reply:
    org = _org_from_value(ctx, value)
    if org is None:
        return _error("That company is unknown.")
    if not ctx.channel_id:
        return _error("Mute from a channel.")
    subs.add_mute(ctx.db, ctx.team_id, ctx.channel_id, org.id, user_id=ctx.user_id)
    ctx.on_subscriptions_changed()
    return _reply(messages.mute_message(org.name))


def _org_from_value(ctx: Context, value: str) -> Org | None:
    """The organisation a Mute button names (by id, or by name on older buttons)."""
    org_id = _row_id(value)
    if org_id is None:
        row = ctx.db.execute("SELECT id FROM organisations WHERE name = ?", [value]).fetchone()
        org_id = row[0] if row else None
    if org_id is not None:
        return shown_org(ctx.db, org_id, ctx.team_id)
    found = find_orgs(ctx.db, value, team_id=ctx.team_id) if value.strip() else []
    return found[0] if len(found) == 1 else None


def _action_share(ctx: Context, value: str) -> Reply:
    partnership_id = _row_id(value)
    found = load_partnerships(ctx.db, [partnership_id]) if partnership_id is not None else []
    if not found:
        return _error("That partnership is no longer stored.")
    return _reply(messages.partnership_message(found[0], share=False), ephemeral=False)


_ACTIONS: dict[str, Callable[[Context, str], Reply]] = {
    "more": _action_more,
    "share_answer": _action_share_answer,
    "not_partnership": _action_not_partnership,
    "mute": _action_mute,
    "share": _action_share,
}
ACTION_IDS = tuple(_ACTIONS)
