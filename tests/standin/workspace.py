"""The Slack workspace behind the stand-in's Web API: its channels, the messages posted in
them, its admins, and the answer each Web API method gives.

Channels are as declared with `slack.channel(...)`; one never declared is a public channel
the bot is in. A user id ("U...") or a DM ("D...") can always be posted to. Message ts come
from `slack.clock` (the real time unless a test sets its own), always increasing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

BOT_TOKEN = "xoxb-test-token-not-real"
TEAM_ID = "T0TEST"
BOT_USER_ID = "U0PARTNERS"
BOT_ID = "B0PARTNERS"


@dataclass
class Posted:
    """A message posted with chat.postMessage."""

    channel: str
    ts: str
    text: str
    blocks: list = field(default_factory=list)
    thread_ts: str | None = None
    metadata: dict | None = None


@dataclass
class Channel:
    id: str
    private: bool = False
    member: bool = True
    archived: bool = False
    deleted: bool = False  # Slack answers channel_not_found


class Workspace:
    """Slack's side of the Web API; the server (`WebApi`) calls `_answer` holding `_lock`."""

    _lock: threading.Condition

    def _reset_workspace(self) -> None:
        self.messages: list[Posted] = []
        self.views: list[dict] = []  # modals opened with views.open
        self.channels: dict[str, Channel] = {}
        self.admins: set[str] = set()
        self.team_id = TEAM_ID
        self.caller_team = TEAM_ID  # the workspace whose token made the call being answered
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._last_ts = 0.0

    def channel(self, channel_id: str, **options) -> Channel:
        """Declare a channel: `private`, `member` (the bot is in it), `archived`, `deleted`."""
        with self._lock:
            self.channels[channel_id] = Channel(channel_id, **options)
            return self.channels[channel_id]

    def posts(self, channel: str | None = None) -> list[Posted]:
        """Messages posted with chat.postMessage (to `channel`), oldest first."""
        with self._lock:
            return [m for m in self.messages if channel is None or m.channel == channel]

    def _answer(self, method: str, params: dict) -> dict:
        """A successful answer to `method`, updating the stand-in's state (lock held)."""
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        return handler(params) if handler else {"ok": False, "error": "unknown_method"}

    def _auth_test(self, params: dict) -> dict:
        return {
            "ok": True,
            "url": "https://test.slack.com/",
            "team": "Test",
            "user": "partners",
            "team_id": self.caller_team if self.caller_team != TEAM_ID else self.team_id,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _refusal(self, channel_id: str) -> str | None:
        """Why the bot may not post in or read `channel_id`, None when it may."""
        channel = self.channels.get(channel_id)
        if channel_id[:1] in ("U", "W", "D") or channel is None:
            return None
        if channel.deleted or (channel.private and not channel.member):
            return "channel_not_found"
        if channel.archived:
            return "is_archived"
        return None if channel.member else "not_in_channel"

    def _chat_postMessage(self, params: dict) -> dict:
        channel = params.get("channel", "")
        refusal = self._refusal(channel)
        if refusal:
            return {"ok": False, "error": refusal}
        message = Posted(
            channel,
            self._next_ts(),
            params.get("text", ""),
            _jsonish(params.get("blocks")) or [],
            params.get("thread_ts") or None,
            _jsonish(params.get("metadata")) or None,
        )
        self.messages.append(message)
        self._lock.notify_all()
        return {"ok": True, "channel": channel, "ts": message.ts, "message": _shown(message)}

    def _chat_postEphemeral(self, params: dict) -> dict:
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, params: dict) -> dict:
        return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"), "text": ""}

    def _views_publish(self, params: dict) -> dict:
        return {"ok": True, "view": {"id": "V1", **(_jsonish(params.get("view")) or {})}}

    def _views_open(self, params: dict) -> dict:
        """A modal opened: kept in `self.views` (the latest last)."""
        view = _jsonish(params.get("view")) or {}
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        self.views.append(view)
        return {"ok": True, "view": {"id": f"V{len(self.views)}", **view}}

    def _users_info(self, params: dict) -> dict:
        user = params.get("user", "")
        info = {
            "id": user,
            "name": user.lower(),
            "is_admin": user in self.admins,
            "is_owner": False,
            "is_bot": False,
            "tz": "Europe/Paris",
        }
        return {"ok": True, "user": info}

    def _conversations_join(self, params: dict) -> dict:
        channel_id = params.get("channel", "")
        channel = self.channels.setdefault(channel_id, Channel(channel_id))
        if channel.deleted:
            return {"ok": False, "error": "channel_not_found"}
        if channel.private:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        if channel.archived:
            return {"ok": False, "error": "is_archived"}
        channel.member = True
        return {"ok": True, "channel": {"id": channel_id, "is_member": True}}

    def _conversations_info(self, params: dict) -> dict:
        channel_id = params.get("channel", "")
        channel = self.channels.get(channel_id, Channel(channel_id))
        if channel.deleted:
            return {"ok": False, "error": "channel_not_found"}
        info = {
            "id": channel_id,
            "name": channel_id.lower(),
            "is_channel": True,
            "is_private": channel.private,
            "is_archived": channel.archived,
            "is_member": channel.member,
        }
        return {"ok": True, "channel": info}

    def _conversations_history(self, params: dict) -> dict:
        channel = params.get("channel", "")
        refusal = self._refusal(channel)
        if refusal:
            return {"ok": False, "error": refusal}
        top = [m for m in self.messages if m.channel == channel and m.thread_ts in (None, m.ts)]
        return _listing(params, top)

    def _conversations_replies(self, params: dict) -> dict:
        channel, parent = params.get("channel", ""), params.get("ts")
        refusal = self._refusal(channel)
        if refusal:
            return {"ok": False, "error": refusal}
        thread = [
            m for m in self.messages if m.channel == channel and parent in (m.ts, m.thread_ts)
        ]
        return _listing(params, thread)

    def _next_ts(self) -> str:
        self._last_ts = max(self.clock().timestamp(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"


def _jsonish(value):
    """Blocks, views and metadata arrive as JSON strings in form posts, objects in JSON."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _shown(m: Posted, *, metadata: bool = True) -> dict:
    """A message as the Web API returns it."""
    item = {
        "type": "message",
        "ts": m.ts,
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "text": m.text,
        "blocks": m.blocks,
    }
    if m.thread_ts:
        item["thread_ts"] = m.thread_ts
    if metadata and m.metadata:
        item["metadata"] = m.metadata
    return item


def _listing(params: dict, messages: list[Posted]) -> dict:
    """conversations.history/replies: newest first, after `oldest`, a page at `cursor`."""
    oldest = float(params.get("oldest") or 0)
    with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
    shown = sorted((m for m in messages if float(m.ts) > oldest), key=lambda m: -float(m.ts))
    start, limit = int(params.get("cursor") or 0), int(params.get("limit") or 100)
    more = start + limit < len(shown)
    return {
        "ok": True,
        "messages": [_shown(m, metadata=with_metadata) for m in shown[start : start + limit]],
        "has_more": more,
        "response_metadata": {"next_cursor": str(start + limit) if more else ""},
    }
