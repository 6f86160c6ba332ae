"""What a channel's alerts and digests hold: a confidence threshold, the deal types and topics
kept or left out, and whether its alerts are paused. A row with channel_id '' holds the
workspace's own threshold, which its channels inherit.

The filters are plain data with one rule (`AlertSettings.admits`); the SQL that reads and
writes them is here, the decisions that use them are in `bot.store.alerts` and
`bot.store.subscriptions`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from bot.store.clock import iso

WORKSPACE = ""  # the channel_id of a workspace's own row


@dataclass(frozen=True)
class AlertSettings:
    """One channel's filters; `min_confidence` None means "as the workspace says"."""

    min_confidence: float | None = None
    deal_types: tuple[str, ...] = ()  # keep only these (empty: every type)
    topics: tuple[str, ...] = ()  # keep only these (empty: every topic)
    exclude_types: tuple[str, ...] = ()
    exclude_topics: tuple[str, ...] = ()
    paused: bool = False
    updated_by: str | None = field(default=None, compare=False)
    updated_at: str | None = field(default=None, compare=False)

    @property
    def narrows(self) -> bool:
        """Does the channel keep only some deal types or topics?"""
        return bool(self.deal_types or self.topics)

    @property
    def filters(self) -> bool:
        """Does anything but the threshold and the pause narrow what the channel gets?"""
        return bool(self.narrows or self.exclude_types or self.exclude_topics)

    def admits(
        self, deal_type: str | None, topics: tuple[str, ...] | list[str], confidence: float
    ) -> bool:
        """Does a partnership of this type, topics and confidence pass the filters? The
        threshold must be resolved first (`resolved`)."""
        if self.min_confidence is not None and confidence < self.min_confidence - 1e-9:
            return False
        if self.deal_types and deal_type not in self.deal_types:
            return False
        if deal_type in self.exclude_types:
            return False
        if self.topics and not set(topics) & set(self.topics):
            return False
        return not set(topics) & set(self.exclude_topics)


def _settings(row: tuple | None) -> AlertSettings:
    if row is None:
        return AlertSettings()
    confidence, types, topics, no_types, no_topics, paused, by, at = row
    return AlertSettings(
        min_confidence=confidence,
        deal_types=tuple(json.loads(types or "[]")),
        topics=tuple(json.loads(topics or "[]")),
        exclude_types=tuple(json.loads(no_types or "[]")),
        exclude_topics=tuple(json.loads(no_topics or "[]")),
        paused=bool(paused),
        updated_by=by,
        updated_at=at,
    )


_COLUMNS = (
    "min_confidence, deal_types, topics, exclude_types, exclude_topics, paused,"
    " updated_by, updated_at"
)


def get_settings(db: Database, team_id: str, channel_id: str) -> AlertSettings:
    """The channel's own settings (nothing inherited); defaults when it set none."""
    row = db.execute(
        f"SELECT {_COLUMNS} FROM channel_settings WHERE team_id = ? AND channel_id = ?",
        [team_id, channel_id],
    ).fetchone()
    return _settings(row)


def workspace_threshold(db: Database, team_id: str) -> float | None:
    """The threshold a workspace set for all its channels, None when it set none."""
    return get_settings(db, team_id, WORKSPACE).min_confidence


def resolved(
    db: Database, team_id: str, channel_id: str, default_threshold: float
) -> AlertSettings:
    """The channel's settings with its threshold resolved: the channel's own, else the
    workspace's, else `default_threshold` (PARTNERS_MIN_CONFIDENCE)."""
    own = get_settings(db, team_id, channel_id)
    threshold = own.min_confidence
    if threshold is None:
        threshold = workspace_threshold(db, team_id)
    return replace(own, min_confidence=default_threshold if threshold is None else threshold)


def save_settings(
    db: Database,
    team_id: str,
    channel_id: str,
    settings: AlertSettings,
    *,
    user_id: str | None = None,
) -> AlertSettings:
    """Replace the channel's settings (channel_id '' for the workspace's). A channel that
    starts keeping a topic or deal type is alerted from now on, never about older stories."""
    db.execute(
        f"INSERT INTO channel_settings (team_id, channel_id, {_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (team_id, channel_id) DO UPDATE SET"
        " min_confidence = excluded.min_confidence, deal_types = excluded.deal_types,"
        " topics = excluded.topics, exclude_types = excluded.exclude_types,"
        " exclude_topics = excluded.exclude_topics, paused = excluded.paused,"
        " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        [
            team_id,
            channel_id,
            settings.min_confidence,
            json.dumps(sorted(set(settings.deal_types))),
            json.dumps(sorted(set(settings.topics))),
            json.dumps(sorted(set(settings.exclude_types))),
            json.dumps(sorted(set(settings.exclude_topics))),
            int(settings.paused),
            user_id,
            iso(),
        ],
    )
    if channel_id != WORKSPACE and settings.narrows:
        start_cursor(db, team_id, channel_id)
    return get_settings(db, team_id, channel_id)


def start_cursor(db: Database, team_id: str, channel_id: str) -> None:
    """A channel new to alerts starts at the newest partnership and article stored."""
    db.execute(
        "INSERT OR IGNORE INTO delivery_cursors (team_id, channel_id, partnership_id, article_id)"
        " SELECT ?, ?, (SELECT COALESCE(MAX(id), 0) FROM partnerships),"
        " (SELECT COALESCE(MAX(id), 0) FROM articles)",
        [team_id, channel_id],
    )


def team_settings(db: Database, team_id: str) -> dict[str, AlertSettings]:
    """Every channel of the team that set something, by channel id (the workspace's own row
    under '')."""
    rows = db.execute(
        f"SELECT channel_id, {_COLUMNS} FROM channel_settings WHERE team_id = ?", [team_id]
    ).fetchall()
    return {row[0]: _settings(row[1:]) for row in rows}


def narrowing_channels(db: Database) -> list[tuple[str, str]]:
    """(team, channel) of every channel that keeps some topics or deal types: alerted even
    without a watched company."""
    return db.execute(
        "SELECT team_id, channel_id FROM channel_settings WHERE channel_id != ''"
        " AND (deal_types != '[]' OR topics != '[]')"
    ).fetchall()


def skip_to_now(db: Database, team_id: str, channel_id: str) -> None:
    """The channel's alerts go on from the newest partnership and article stored: what was
    found while they were paused is never posted."""
    db.execute(
        "INSERT INTO delivery_cursors (team_id, channel_id, partnership_id, article_id)"
        " SELECT ?, ?, (SELECT COALESCE(MAX(id), 0) FROM partnerships),"
        " (SELECT COALESCE(MAX(id), 0) FROM articles) WHERE true"
        " ON CONFLICT (team_id, channel_id) DO UPDATE SET"
        " partnership_id = excluded.partnership_id, article_id = excluded.article_id",
        [team_id, channel_id],
    )
