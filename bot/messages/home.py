"""The App Home tab: what each channel set up, what went wrong delivering to it, the latest
partnerships and the health of the feeds."""

from __future__ import annotations

import json

from bot.messages.blocks import (
    MAX_HOME_BLOCKS,
    actions,
    bold_names,
    button,
    channel_link,
    context,
    divider,
    escape,
    fit,
    header,
    section,
    truncate,
)
from bot.messages.partnership import SLASH, compact_line
from bot.messages.posts import channel_stopped_text
from bot.messages.settings import percent
from bot.messages.subscriptions import feed_text, schedule_line, settings_buttons
from bot.store.feeds import Feed
from bot.store.outbox import Delivery
from bot.store.overview import ChannelSettings, StoppedChannel
from bot.store.queries import PartnershipView

STOPPED_SHOWN = 10
_KINDS = {"alert": "alert", "followup": "thread reply", "digest": "digest"}
_KINDS["spike"] = "spike alert"


def _when(stamp: str | None) -> str:
    return (stamp or "")[:16].replace("T", " ") + " UTC" if stamp else "undated"


def delivery_problem_blocks(
    team_stop: str | None, stopped: list[StoppedChannel], failed: list[Delivery]
) -> list[dict]:
    """What the bot could not post, and why: posting stopped for the whole workspace (a dead
    token), channels whose watches and digest were stopped, messages that finally failed.
    No blocks when all is well."""
    if not (team_stop or stopped or failed):
        return []
    blocks = [section("*Delivery problems*")]
    if team_stop:
        blocks.append(
            section(
                f":no_entry: Posting is stopped for this workspace: Slack refused the bot's"
                f" token (`{escape(team_stop)}`). Reinstall the app or fix its token and restart"
                f" the bot; what is owed will be posted then."
            )
        )
    for channel in stopped[:STOPPED_SHOWN]:
        what = [f"watches {bold_names(channel.watches)}"] if channel.watches else []
        what += ["digest"] if channel.digest else []
        text = f":warning: {channel_stopped_text(channel.channel_id, channel.reason)}"
        blocks.append(section(f"{text}\nStopped: {' and '.join(what)}."))
    if len(stopped) > STOPPED_SHOWN:
        blocks.append(context(f"…and {len(stopped) - STOPPED_SHOWN} more stopped channels."))
    if failed:
        lines = [
            f"• {channel_link(d.channel_id)} · {_KINDS.get(d.kind, escape(d.kind))}"
            f" · {_when(d.created_at)} · `{escape(truncate(d.last_error or 'unknown', 200))}`"
            for d in failed
        ]
        blocks.append(section("*Not posted*, newest first:\n" + "\n".join(lines)))
    return blocks


def home_view(
    channels: list[ChannelSettings],
    latest: list[PartnershipView],
    feeds: list[Feed],
    *,
    team_stop: str | None = None,
    stopped: list[StoppedChannel] | None = None,
    failed: list[Delivery] | None = None,
    filters: dict[str, list[str]] | None = None,
    threshold: float | None = None,
    threshold_source: str = "default",
) -> dict:
    """The App Home tab: delivery problems first (if any), channels' watchlists, filters
    and digests with buttons to change them, latest partnerships, feed health.
    `filters`: each channel's `filter_lines`; `threshold`: the workspace's alert threshold."""
    blocks = [header("partners-bot")]
    problems = delivery_problem_blocks(team_stop, stopped or [], failed or [])
    blocks += [*problems, divider()] if problems else []
    setup = button("Set up a channel", "open_modal", json.dumps({"modal": "watchlist"}))
    blocks.append(section("*Channels*", accessory=setup))
    if threshold is not None:
        whose = "this workspace's" if threshold_source == "this workspace" else "the default"
        blocks.append(
            context(
                f"Alerts need a confidence of {percent(threshold)} ({whose});"
                f" `{SLASH} settings workspace confidence 0.9` changes it (admins)."
            )
        )
    if not channels:
        blocks.append(context(f"No channel watches anything yet: `{SLASH} watch &lt;company&gt;`."))
    for c in channels:
        lines = [channel_link(c.channel_id)]
        lines.append("Watches " + (bold_names(c.watches) if c.watches else "nothing"))
        if c.mutes:
            lines.append("Muted: " + bold_names(c.mutes))
        lines += (filters or {}).get(c.channel_id, [])
        lines.append(schedule_line(c.digest))
        blocks.append(section("\n".join(lines)))
        blocks.append(actions(*settings_buttons(c.channel_id)))
    blocks += [divider(), section("*Latest partnerships*")]
    blocks += [section(compact_line(p)) for p in latest] or [context("None stored yet.")]
    blocks += [divider(), section("*Feeds*")]
    blocks += [section(feed_text(f)) for f in feeds] or [context("No feeds yet.")]
    return {"type": "home", "blocks": fit("home", blocks, MAX_HOME_BLOCKS).blocks}
