"""What a channel or a team set up: watches, mutes, digest schedules, feedback, feeds."""

from __future__ import annotations

from bot.messages.blocks import Message, bold_names, context, escape, fit, link, section, truncate
from bot.messages.partnership import SLASH, compact_line
from bot.service.grammar import usage_of
from bot.store.feeds import Feed
from bot.store.queries import PartnershipView
from bot.store.subscriptions import DigestSchedule, Watch


def watch_message(
    added: list[str],
    already: list[str],
    latest: list[PartnershipView],
    *,
    user_id: str | None = None,
) -> Message:
    """Confirmation of a watch, with at most the 3 latest matching stories."""
    lines = []
    who = f"<@{user_id}> set" if user_id and user_id.isalnum() else "Set"
    if added:
        lines.append(f":eyes: {who} this channel to watch {bold_names(added)}.")
        lines.append("New partnerships will be posted here as they are found.")
    if already:
        lines.append(f"Already watched here: {bold_names(already)}.")
    blocks = [section("\n".join(lines))]
    if latest:
        subject = tuple(added + already)
        recent = "\n".join(compact_line(p, subject) for p in latest[:3])
        blocks.append(section("*Latest:*\n" + recent))
    return fit(f"Watching {', '.join(escape(n) for n in added + already)}", blocks)


def unwatch_message(removed: list[str], missing: list[str]) -> Message:
    lines = []
    if removed:
        lines.append(f"This channel no longer watches {bold_names(removed)}.")
    if missing:
        lines.append(f"Not watched here: {bold_names(missing)}.")
    return fit(" ".join(lines), [section("\n".join(lines))])


def schedule_line(schedule: DigestSchedule | None) -> str:
    if schedule is None or not schedule.active:
        return "No digest."
    when = {"daily": "every day", "weekdays": "on weekdays"}.get(schedule.frequency)
    if when is None:
        when = f"every {(schedule.day_of_week or 'monday').capitalize()}"
    text = f"Digest {when} at {schedule.time_of_day} ({escape(schedule.timezone)})"
    if schedule.last_sent_at:
        text += f", last sent {schedule.last_sent_at[:16].replace('T', ' ')} UTC"
    return text + "."


def watchlist_message(
    watches: list[Watch], mutes: list[str], schedule: DigestSchedule | None
) -> Message:
    if watches:
        lines = [f"• *{escape(w.name)}* since {w.created_at[:10]}" for w in watches]
        text = "*This channel watches:*\n" + "\n".join(lines)
    else:
        text = f"This channel watches no company yet: `{SLASH} watch &lt;company&gt;`."
    blocks = [section(text)]
    if mutes:
        blocks.append(
            section(f"*Muted here:* {bold_names(mutes)} (`{SLASH} unmute &lt;company&gt;`)")
        )
    blocks.append(context(schedule_line(schedule)))
    return fit(f"Watching {len(watches)} compan{'y' if len(watches) == 1 else 'ies'}", blocks)


def mute_message(name: str, *, muted: bool = True) -> Message:
    if muted:
        name = escape(name)
        text = f":mute: *{name}* is muted in this channel (`{SLASH} unmute {name}`)."
    else:
        text = f":loud_sound: *{escape(name)}* is no longer muted in this channel."
    return fit(text, [section(text)])


def digest_schedule_message(schedule: DigestSchedule | None, *, changed: bool = False) -> Message:
    if schedule is None or not schedule.active:
        text = "This channel has no digest. " + f"`{SLASH} {escape(usage_of('digest'))}`"
        if changed:
            text = "Digest turned off for this channel."
        return fit(text, [section(text)])
    line = schedule_line(schedule)
    text = f":calendar: {line}" if not changed else f":calendar: Scheduled. {line}"
    hint = f"`{SLASH} digest now` to see it right away, `{SLASH} digest off` to stop it."
    return fit(text, [section(text), context(hint)])


def feedback_message(*, hidden: bool = True) -> Message:
    text = (
        "Thanks. This story is hidden for your workspace and won't be posted again."
        if hidden
        else "Thanks, noted already."
    )
    return fit(text, [section(text)])


# -- feeds ---------------------------------------------------------------------------


def feed_text(feed: Feed) -> str:
    title = link(feed.url, feed.title or feed.url)
    status = ":white_check_mark:" if feed.error_count == 0 else ":warning:"
    lines = [f"{status} {title} (id {feed.id}) · {feed.items_seen} items"]
    success = (feed.last_success_at or "never")[:16].replace("T", " ")
    lines.append(f"Last success: {success}")
    if feed.last_error and feed.error_count:
        when = (feed.last_error_at or "")[:16].replace("T", " ")
        error = escape(truncate(" ".join(feed.last_error.split()), 300))
        lines.append(f"Last error ({when}, {feed.error_count} in a row): {error}")
    return "\n".join(lines)


def feeds_message(feeds: list[Feed]) -> Message:
    if not feeds:
        text = f"No feeds are read yet. An admin can add one: `{SLASH} feeds add &lt;url&gt;`."
        return fit(text, [section(text)])
    blocks = [section(f"*{len(feeds)} feed(s) read:*")]
    blocks += [section(feed_text(f)) for f in feeds]
    failing = sum(1 for f in feeds if f.error_count)
    return fit(f"{len(feeds)} feed(s), {failing} failing", blocks)


def feed_added_message(feed: Feed, *, first_fetch: str | None = None) -> Message:
    text = f":white_check_mark: Added {link(feed.url, feed.title or feed.url)} (id {feed.id})."
    blocks = [section(text)]
    if first_fetch:
        blocks.append(context(escape(first_fetch)))
    return fit(text, blocks)


def feed_removed_message(feed: Feed) -> Message:
    text = f"Stopped reading {link(feed.url, feed.title or feed.url)} (id {feed.id})."
    return fit(text, [section(text)])
