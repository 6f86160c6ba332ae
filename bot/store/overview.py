"""A team's subscriptions at a glance, for App Home: every channel's watches, mutes and
digest, and the channels whose subscriptions the bot had to stop."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from bot.store.alert_settings import WORKSPACE, team_settings
from bot.store.subscriptions import DigestSchedule, list_digests, list_mutes, list_watches


@dataclass(frozen=True)
class ChannelSettings:
    """One channel's subscriptions, for App Home."""

    channel_id: str
    watches: tuple[str, ...]
    mutes: tuple[str, ...]
    digest: DigestSchedule | None


@dataclass(frozen=True)
class StoppedChannel:
    """A channel whose subscriptions the bot stopped because it can no longer post there."""

    channel_id: str
    reason: str  # Slack's error: channel_not_found, is_archived, not_in_channel...
    watches: tuple[str, ...]
    digest: bool


def team_channels(db: Database, team_id: str) -> list[ChannelSettings]:
    """Every channel of the team with a watch, a mute, an active digest or alert settings."""
    watches: dict[str, list[str]] = {}
    mutes: dict[str, list[str]] = {}
    for w in list_watches(db, team_id):
        watches.setdefault(w.channel_id, []).append(w.name)
    for m in list_mutes(db, team_id):
        mutes.setdefault(m.channel_id, []).append(m.name)
    digests = {d.channel_id: d for d in list_digests(db, team_id)}
    configured = set(team_settings(db, team_id)) - {WORKSPACE}
    channels = sorted(set(watches) | set(mutes) | set(digests) | configured)
    return [
        ChannelSettings(
            channel_id=c,
            watches=tuple(watches.get(c, ())),
            mutes=tuple(mutes.get(c, ())),
            digest=digests.get(c),
        )
        for c in channels
    ]


def stopped_channels(db: Database, team_id: str) -> list[StoppedChannel]:
    """The team's channels with watches or a digest the bot stopped (not those users turned
    off), by channel."""
    reasons: dict[str, str] = {}
    watches: dict[str, list[str]] = {}
    for channel_id, name, reason in db.execute(
        "SELECT w.channel_id, o.name, w.stopped_reason FROM watches w"
        " JOIN organisations o ON o.id = w.org_id WHERE w.team_id = ? AND w.active = 0"
        " ORDER BY w.channel_id, o.name COLLATE NOCASE",
        [team_id],
    ):
        reasons.setdefault(channel_id, reason or "stopped")
        watches.setdefault(channel_id, []).append(name)
    digests = dict(
        db.execute(
            "SELECT channel_id, stopped_reason FROM digests WHERE team_id = ? AND active = 0"
            " AND COALESCE(stopped_reason, 'off') != 'off'",
            [team_id],
        ).fetchall()
    )
    for channel_id, reason in digests.items():
        reasons.setdefault(channel_id, reason)
    return [
        StoppedChannel(c, reasons[c], tuple(watches.get(c, ())), c in digests)
        for c in sorted(reasons)
    ]
