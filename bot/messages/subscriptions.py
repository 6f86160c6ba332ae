"""What a channel or a team set up: watches, mutes, digest schedules, feedback, feeds."""

from __future__ import annotations

import json

from bot.messages.blocks import (
    Message,
    actions,
    bold_names,
    button,
    context,
    escape,
    fit,
    link,
    plural,
    section,
    truncate,
)
from bot.messages.partnership import SLASH, compact_line, partnership_blocks
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
    muted: list[str] | tuple[str, ...] = (),
    filters: list[str] | None = None,
    everything: bool = False,
) -> Message:
    """Confirmation of a watch, with at most the 3 latest matching stories; `filters`: the
    channel's filters when the watch changed them; `everything`: the channel watches no
    company, so it gets every partnership its filters keep."""
    lines = []
    who = f"<@{user_id}> set" if user_id and user_id.isalnum() else "Set"
    if added:
        lines.append(f":eyes: {who} this channel to watch {bold_names(added)}.")
        lines.append("New partnerships will be posted here as they are found.")
    if already:
        lines.append(f"Already watched here: {bold_names(already)}.")
    if muted:
        lines.append(f":mute: Muted here: {bold_names(list(muted))}.")
    if filters is not None:
        if everything:
            lines.append(":eyes: This channel now gets every new partnership that passes:")
        else:
            lines.append("What this channel gets now:")
        lines += [f"• {line}" for line in filters] or ["• every partnership of its companies"]
    blocks = [section("\n".join(lines) or "Nothing changed.")]
    if latest:
        subject = tuple(added + already)
        recent = "\n".join(compact_line(p, subject) for p in latest[:3])
        blocks.append(section("*Latest:*\n" + recent))
    names = ", ".join(escape(n) for n in added + already)
    return fit(f"Watching {names}" if names else "Watch filters saved", blocks)


def unwatch_message(
    removed: list[str],
    missing: list[str],
    *,
    filters: list[str] | None = None,
    everything: bool = False,
) -> Message:
    lines = []
    if removed:
        lines.append(f"This channel no longer watches {bold_names(removed)}.")
    if missing:
        lines.append(f"Not watched here: {bold_names(missing)}.")
    if filters is not None:
        lines.append("What this channel gets now:")
        lines += [f"• {line}" for line in filters] or ["• every partnership of its companies"]
    if everything:
        lines.append(
            "It watches no company now: it gets every new partnership its filters keep"
            f" (`{SLASH} unwatch type:… topic:…` to stop)."
        )
    return fit(" ".join(lines), [section("\n".join(lines) or "Nothing changed.")])


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
    watches: list[Watch],
    mutes: list[str],
    schedule: DigestSchedule | None,
    *,
    filters: list[str] | None = None,
) -> Message:
    """What the channel watches and mutes, its filters and threshold (`filters`, from
    `filter_lines`), its digest; with buttons that open the same settings as forms."""
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
    if filters:
        blocks.append(section("*Alerts and digests:*\n" + "\n".join(f"• {f}" for f in filters)))
    blocks.append(context(schedule_line(schedule)))
    blocks.append(actions(*settings_buttons()))
    return fit(f"Watching {plural(len(watches), 'company', 'companies')}", blocks)


def settings_buttons(channel_id: str = "") -> list[dict]:
    """The buttons that open the channel's settings as forms (modals)."""
    return [
        button(label, "open_modal", json.dumps({"modal": modal, "channel": channel_id}))
        for label, modal in (
            ("Edit watchlist", "watchlist"),
            ("Digest schedule", "digest"),
            ("Alert settings", "alerts"),
        )
    ]


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


def feedback_message(*, hidden: bool = True, story_id: int | None = None) -> Message:
    """Thanks for a "Not a partnership", with an Undo button."""
    text = (
        "Thanks. This story is hidden for your workspace and won't be posted again."
        if hidden
        else "Thanks, noted already."
    )
    blocks = [section(text)]
    if story_id is not None:
        blocks.append(actions(button("Undo", "undo_not_partnership", str(story_id))))
    return fit(text, blocks)


def corrected_message(p: PartnershipView) -> Message:
    """Thanks for a "Wrong companies" correction, with the story as it now shows."""
    text = ":white_check_mark: Thanks: your workspace now sees these companies for this deal."
    blocks = [section(text), *partnership_blocks(p, share=False)]
    return fit(text, blocks)


def restored_message(restored: bool) -> Message:
    text = (
        ":leftwards_arrow_with_hook: Undone: the story shows again for your workspace."
        if restored
        else "That story was not hidden."
    )
    return fit(text, [section(text)])


# -- feeds ---------------------------------------------------------------------------


def feed_name(feed: Feed) -> str:
    """A feed's title (a link when it is on the web); a file on the bot's machine is named
    by its title or file name, never by its path."""
    if feed.url.startswith(("http://", "https://")):
        return link(feed.url, feed.title or feed.url)
    return escape(feed.title or feed.url.replace("\\", "/").rsplit("/", 1)[-1])


def feed_text(feed: Feed) -> str:
    title = feed_name(feed)
    status = ":white_check_mark:" if feed.error_count == 0 else ":warning:"
    if feed.paused:
        status = ":double_vertical_bar:"
    items = plural(feed.items_seen, "item")
    lines = [f"{status} {title} (id {feed.id}) · {items}" + (" · paused" if feed.paused else "")]
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
        hint = (
            "Files and pages read once (`partners-bot ingest`, `/partners read`) are not"
            " feeds; `partners-bot ingest --poll` or `partners-bot feeds add` keeps reading one."
        )
        return fit(text, [section(text), context(hint)])
    blocks = [section(f"*{plural(len(feeds), 'feed')} read:*")]
    blocks += [section(feed_text(f)) for f in feeds]
    failing = sum(1 for f in feeds if f.error_count)
    return fit(f"{plural(len(feeds), 'feed')}, {failing} failing", blocks)


def feed_added_message(feed: Feed, *, first_fetch: str | None = None) -> Message:
    text = f":white_check_mark: Added {feed_name(feed)} (id {feed.id})."
    blocks = [section(text)]
    if first_fetch:
        blocks.append(context(escape(first_fetch)))
    return fit(text, blocks)


def feed_removed_message(feed: Feed) -> Message:
    text = f"Stopped reading {feed_name(feed)} (id {feed.id})."
    return fit(text, [section(text)])


def feed_paused_message(feed: Feed, paused: bool, *, changed: bool = True) -> Message:
    name = f"{feed_name(feed)} (id {feed.id})"
    if not changed:
        text = f"{name} is already {'paused' if paused else 'being read'}."
    elif paused:
        text = (
            f":double_vertical_bar: Paused {name}: not read until `{SLASH} feeds resume {feed.id}`."
        )
    else:
        text = f":arrow_forward: Reading {name} again, from the next poll."
    return fit(text, [section(text)])
