"""What the bot posts in channels on its own (alerts, thread follow-ups, digests), and what
it says when it cannot."""

from __future__ import annotations

from bot.messages.blocks import Message, channel_link, context, escape, fit, header, link, section
from bot.messages.partnership import (
    SLASH,
    compact_line,
    fallback_text,
    outlet,
    partnership_blocks,
)
from bot.store.queries import PartnershipView, Source
from bot.store.subscriptions import ADHOC_DIGEST_DAYS

DIGEST_MAX = 15
_CHANNEL_STOPS = {
    "not_in_channel": "I am not a member of {channel} and cannot join it (it is private)."
    " Invite me with `/invite`, then set its watches and digest again.",
    "channel_not_found": "{channel} no longer exists, or I was removed from it.",
    "is_archived": "{channel} was archived.",
}


def digest_message(
    groups: list[tuple[str, list[PartnershipView]]], *, limit: int = DIGEST_MAX
) -> Message:
    """New partnerships grouped by company, newest first, at most `limit` in all."""
    total = len({p.id for _, ps in groups for p in ps})
    blocks = [header(f"Partnerships digest: {total} new")]
    shown: set[int] = set()
    for name, partnerships in groups:
        fresh = [p for p in partnerships if p.id not in shown]
        if not fresh:
            continue
        room = max(limit - len(shown), 0)
        lines = [compact_line(p, (name,)) for p in fresh[:room]]
        shown.update(p.id for p in fresh[:room])
        left = len(fresh) - len(lines)
        if left > 0:
            lines.append(f"_and {left} more: `{SLASH} {escape(name)}`_")
        blocks.append(section(f"*{escape(name)}*\n" + "\n".join(lines)))
    return fit(f"Partnerships digest: {total} new", blocks)


def empty_digest_message(*, since_last: bool = True) -> Message:
    """Nothing to post; `since_last` False: no digest was ever sent, the last days were
    looked at."""
    if since_last:
        text = "Nothing new since the last digest."
    else:
        text = f"No new partnerships for this channel in the last {ADHOC_DIGEST_DAYS} days."
    return fit(text, [section(text)])


def posting_digest_message() -> Message:
    text = ":hourglass_flowing_sand: Posting the digest in this channel…"
    return fit(text, [section(text)])


def digest_posted_message(
    status: str,
    partnerships: int,
    error: str | None,
    *,
    channel_id: str,
    since_last: bool = True,
) -> Message:
    """How `/partners digest now` went, from the status and error of
    `bot.delivery.digests.DigestResult`."""
    reason = escape(error or status)
    if status == "posted":
        text = f"Posted the digest ({partnerships} partnership{'s' if partnerships != 1 else ''})."
    elif status == "empty":
        return empty_digest_message(since_last=since_last)
    elif status == "pending" and error:
        text = f":hourglass_flowing_sand: Slack has not taken the digest yet (`{reason}`);"
        text += " it will be posted as soon as it does."
    elif status == "pending":
        text = ":hourglass_flowing_sand: The digest is being posted."
    elif status == "team_stopped":
        text = ":warning: Posting is stopped for this workspace: Slack refused the bot's token"
        text += f" (`{reason}`)."
    elif error in _CHANNEL_STOPS:
        text = ":warning: " + channel_stopped_text(channel_id, error)
    else:
        text = f":warning: The digest could not be posted: `{reason}`."
    return fit(text, [section(text)])


def channel_stopped_text(channel_id: str, reason: str) -> str:
    """Why the bot can no longer post in a channel, and what to do about it (mrkdwn)."""
    channel = channel_link(channel_id)
    if reason in _CHANNEL_STOPS:
        return _CHANNEL_STOPS[reason].format(channel=channel)
    return f"I can no longer post in {channel}: `{escape(reason)}`."


def alert_message(p: PartnershipView, *, watched: str | None = None) -> Message:
    """A new partnership posted in a channel that watches one of its companies."""
    intro = f":handshake: New partnership for *{escape(watched)}*" if watched else ""
    subject = (watched,) if watched else ()
    blocks = [context(intro)] if intro else []
    blocks += partnership_blocks(p, subject=subject, share=False)
    return fit(fallback_text(p, subject), blocks)


def followup_message(source: Source, *, story_lang: str | None = None) -> Message:
    """Thread reply under an alert when another outlet reports the same story: the
    outlet (the link's host, never the feed the bot read it from), and the language when
    it is not the story's."""
    label = source.title or source.url or "another source"
    text = f"+1 source: {link(source.url, label)}"
    notes = [escape(host) for host in [outlet(source.url)] if host]
    if source.lang and story_lang and source.lang != story_lang:
        notes.append(escape(source.lang.upper()))
    if notes:
        text += f" ({' · '.join(notes)})"
    return fit(text, [context(text)])
