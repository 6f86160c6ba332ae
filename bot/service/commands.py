"""`/partners TEXT` (or `@partners TEXT`) carried out: the one place commands are run.

Shared by the Slack handlers and the terminal console; nothing here imports Slack.
`handle_command` returns a `Reply` and never raises: failures are logged and the user gets
a short ":warning:" message.
"""

from __future__ import annotations

import functools
import json
import re

from bot import messages
from bot.delivery.threshold import default_min_confidence
from bot.ingest.netguard import check_user_url
from bot.service import grammar as cmd
from bot.service import watching
from bot.service.check import check_message
from bot.service.context import Context, Reply, guarded, to_reply, warning
from bot.service.feeds import feeds_command
from bot.service.insights import insight_command
from bot.service.parse import parse
from bot.store import subscriptions as subs
from bot.store.answers import company_answer, pair_answer, search_answer
from bot.store.articles import article_read_from
from bot.store.orgs import find_orgs
from bot.store.queries import (
    load_partnerships,
    story_partnership,
)

# Control characters and lone surrogates (an event's JSON can carry them): never echoed.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def handle_command(ctx: Context, text: str) -> Reply:
    """Carry out `/partners TEXT` (or `@partners TEXT`)."""
    text = _UNSHOWABLE.sub("", (text or "")[:4000])
    return guarded(f"command {text[:100]!r}", lambda: run_command(ctx, text, share=True))()


def run_command(ctx: Context, text: str, *, share: bool) -> Reply:
    """The answer to `text`; `share` adds the "Share in channel" button where it fits."""
    command = parse(text, is_known=functools.partial(is_known, ctx))
    share_value = json.dumps({"cmd": text}) if share else None
    match command:
        case cmd.Help():
            return to_reply(messages.help_message())
        case cmd.Company(name):
            answer = company_answer(ctx.db, name, team_id=ctx.team_id)
            return to_reply(messages.company_message(answer, share_value=share_value))
        case cmd.Pair(a, b, typed):
            answer = pair_answer(ctx.db, a, b, team_id=ctx.team_id, query=typed)
            return to_reply(messages.company_message(answer, share_value=share_value))
        case cmd.Search(words):
            answer = search_answer(ctx.db, words)
            return to_reply(messages.search_message(answer, share_value=share_value))
        case cmd.Watch():
            return watching.watch(ctx, command)
        case cmd.Unwatch():
            return watching.unwatch(ctx, command)
        case cmd.Watchlist():
            return watching.watchlist(ctx)
        case cmd.Unmute(name):
            return _unmute(ctx, name)
        case cmd.DigestSet() | cmd.DigestOff() | cmd.DigestShow() | cmd.DigestNow():
            return _digest(ctx, command)
        case cmd.FeedsList() | cmd.FeedAdd() | cmd.FeedRemove() | cmd.FeedPause():
            return feeds_command(ctx, command)
        case cmd.Pause() | cmd.Resume():
            return watching.pause(ctx, isinstance(command, cmd.Pause))
        case cmd.SettingsShow() | cmd.SetConfidence():
            return watching.settings_command(ctx, command)
        case cmd.Check(typed):
            return check_message(ctx, typed)
        case cmd.Read(url):
            return _read(ctx, url, share_value)
        case cmd.Map() | cmd.Trends() | cmd.Export():
            return insight_command(ctx, command, share_value)
        case cmd.Usage(name, problem):
            return to_reply(messages.usage_message(name, problem))
        case cmd.Unknown(typed, suggestion):
            return to_reply(messages.unknown_message(typed, suggestion))
    return to_reply(messages.unknown_message(text, None))


def is_known(ctx: Context, name: str) -> bool:
    """Is an organisation the team may hear of stored under `name`?"""
    return bool(find_orgs(ctx.db, name, team_id=ctx.team_id))


def _unmute(ctx: Context, name: str) -> Reply:
    mutes = subs.list_mutes(ctx.db, ctx.team_id, ctx.channel_id)
    found = watching.matching(ctx, name, mutes)
    for mute in found:
        subs.remove_mute(ctx.db, ctx.team_id, ctx.channel_id, mute.org_id)
    if not found:
        return to_reply(messages.info_message(f"{name} is not muted in this channel."))
    ctx.on_subscriptions_changed()
    return to_reply(messages.mute_message(found[0].name, muted=False), ephemeral=False)


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
            return to_reply(message, ephemeral=False)
        case cmd.DigestOff():
            if not subs.stop_digest(ctx.db, ctx.team_id, ctx.channel_id):
                return to_reply(messages.digest_schedule_message(None))
            ctx.on_subscriptions_changed()
            return to_reply(messages.digest_schedule_message(None, changed=True), ephemeral=False)
        case cmd.DigestNow():
            return _digest_now(ctx)
    schedule = subs.get_digest(ctx.db, ctx.team_id, ctx.channel_id)
    return to_reply(messages.digest_schedule_message(schedule))


def _digest_now(ctx: Context) -> Reply:
    """Post the channel's digest (`ctx.post_digest`), then say how it went; without a way
    to post (the console), the digest is the answer."""
    if ctx.post_digest is not None:
        post = ctx.post_digest

        def posted() -> Reply:
            result = post()
            message = messages.digest_posted_message(
                result.status,
                result.partnerships,
                result.error,
                channel_id=ctx.channel_id,
                since_last=result.since_last,
            )
            return to_reply(message)

        return to_reply(messages.posting_digest_message(), deferred=posted)
    content = subs.digest_content(
        ctx.db, ctx.team_id, ctx.channel_id, default_threshold=default_min_confidence(ctx.settings)
    )
    if not content.partnerships:
        return to_reply(messages.empty_digest_message(since_last=content.since_last))
    if content.schedule is not None:
        subs.mark_digest_sent(ctx.db, content.schedule.id, content.up_to_story_id)
    return to_reply(messages.digest_message(content.groups()), ephemeral=False)


def _read(ctx: Context, url: str, share_value: str | None) -> Reply:
    if ctx.ingestor is None:
        return warning("Reading pages is not available here.")
    problem = check_user_url(url, ctx.settings)
    if problem:
        return warning(f"I can't read that page: {problem}")
    ingestor = ctx.ingestor

    def fetch_and_analyse() -> Reply:
        summary = ingestor().ingest([url])
        if summary.new_partnership_ids:
            found = load_partnerships(ctx.db, summary.new_partnership_ids[:1], team_id=ctx.team_id)
            if found:
                return to_reply(
                    messages.read_message(
                        url, partnership=found[0], title=found[0].title, share_value=share_value
                    )
                )
        article = article_read_from(ctx.db, url)
        if article is None:
            problem = summary.errors[0][:300] if summary.errors else "no article found there"
            return warning(f"I couldn't read that page: {problem}")
        partnership = story_partnership(ctx.db, article["story_id"], team_id=ctx.team_id)
        return to_reply(
            messages.read_message(
                url,
                partnership=partnership,
                title=article["title"],
                summary=article["summary"] or article["text"][:600],
                share_value=share_value if partnership else None,
            )
        )

    return to_reply(messages.reading_message(url), deferred=fetch_and_analyse)
