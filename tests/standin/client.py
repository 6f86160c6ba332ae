"""The client side of the Slack stand-in: signed slash commands, events and button clicks
sent to the bot the way Slack sends them (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with
the signing secret). Set `bot_url` (e.g. `.../slack/events`) first."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from tests.standin.webapi import WAIT_SECONDS
from tests.standin.workspace import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "test-signing-secret"
DEFAULT_USER = "U0ALICE"
DEFAULT_CHANNEL = "C0NEWS"


@dataclass(frozen=True)
class Sent:
    """What the stand-in's HTTP request to the bot got back."""

    status: int
    body: str
    headers: dict

    def json(self) -> dict:
        return json.loads(self.body)


class SignedClient:
    """Slack towards the bot. `response_url()` comes from the Web API side."""

    signing_secret: str = SIGNING_SECRET
    bot_url: str | None = None  # where commands and events are sent

    def response_url(self) -> str:
        raise NotImplementedError

    def sign(self, body: str, timestamp: int | None = None, secret: str | None = None) -> dict:
        """The headers Slack adds to a request: timestamp and `v0=` signature."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        key = (secret or self.signing_secret).encode()
        digest = hmac.new(key, f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}

    def send(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict | None = None,
        timestamp: int | None = None,
        secret: str | None = None,
        timeout: float = WAIT_SECONDS,
    ) -> Sent:
        """POST a signed body to the bot."""
        if not self.bot_url:
            raise RuntimeError("no bot to talk to: use a fixture that serves the bot (bot_url)")
        all_headers = {"Content-Type": content_type, **self.sign(body, timestamp, secret)}
        all_headers.update(headers or {})
        request = Request(self.bot_url, data=body.encode(), headers=all_headers, method="POST")
        try:
            with urlopen(request, timeout=timeout) as answer:
                return Sent(answer.status, answer.read().decode(), dict(answer.headers))
        except HTTPError as error:
            return Sent(error.code, error.read().decode(), dict(error.headers))

    def command(
        self,
        line: str,
        *,
        user: str = DEFAULT_USER,
        channel: str = DEFAULT_CHANNEL,
        team: str = TEAM_ID,
        **send_options,
    ) -> Sent:
        """Type `line` (`/partners xiaomi`) in `channel`: a signed slash command."""
        command, _, text = line.strip().partition(" ")
        form = {
            "token": "legacy-verification-token",
            "team_id": team,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "news",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0PARTNERS",
            "is_enterprise_install": "false",
            "response_url": self.response_url(),
            "trigger_id": "1.2.3",
        }
        # A lone surrogate becomes the bytes a sloppy encoder would send (not valid UTF-8).
        body = urlencode(form, errors="surrogatepass")
        return self.send(body, "application/x-www-form-urlencoded", **send_options)

    def event(
        self,
        event: dict,
        *,
        event_id: str | None = None,
        retry: int = 0,
        team: str = TEAM_ID,
        **send_options,
    ) -> Sent:
        """Deliver an Events API event; `retry` > 0 adds X-Slack-Retry-Num as Slack's
        redeliveries do (same `event_id`)."""
        envelope = {
            "token": "legacy-verification-token",
            "team_id": team,
            "api_app_id": "A0PARTNERS",
            "event": {"event_ts": f"{time.time():.6f}", **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": team, "user_id": BOT_USER_ID, "is_bot": True, "enterprise_id": None}
            ],
        }
        headers = dict(send_options.pop("headers", None) or {})
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        body = json.dumps(envelope)
        return self.send(body, "application/json", headers=headers, **send_options)

    def mention(
        self, text: str, *, user: str = DEFAULT_USER, channel: str = DEFAULT_CHANNEL, **options
    ) -> Sent:
        """`@partners <text>` in `channel`."""
        event = {
            "type": "app_mention",
            "user": user,
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": f"{time.time():.6f}",
            "channel": channel,
        }
        return self.event(event, **options)

    def open_home(self, *, user: str = DEFAULT_USER, **options) -> Sent:
        """The user opens the app's Home tab."""
        event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
        return self.event(event, **options)

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = DEFAULT_USER,
        channel: str = DEFAULT_CHANNEL,
        team: str = TEAM_ID,
        home: bool = False,
        **send_options,
    ) -> Sent:
        """Press a button (`block_actions`) on an ephemeral answer in `channel`, or with
        `home` on the App Home tab (no channel, no response_url)."""
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A0PARTNERS",
            "token": "legacy-verification-token",
            "container": {
                "type": "message",
                "message_ts": "1.000001",
                "channel_id": channel,
                "is_ephemeral": True,
            },
            "trigger_id": "1.2.3",
            "team": {"id": team, "domain": "test"},
            "channel": {"id": channel, "name": "news"},
            "response_url": self.response_url(),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "text": {"type": "plain_text", "text": action_id},
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        if home:
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            del payload["channel"], payload["response_url"]
        return self._interactive(payload, **send_options)

    def _interactive(self, payload: dict, **send_options) -> Sent:
        body = urlencode({"payload": json.dumps(payload)})
        return self.send(body, "application/x-www-form-urlencoded", **send_options)

    def submit_view(
        self,
        view: dict,
        values: dict,
        *,
        user: str = DEFAULT_USER,
        team: str = TEAM_ID,
        **send_options,
    ) -> Sent:
        """Press a modal's Submit with `values` (view.state.values): what the bot answers is
        the HTTP body (`response_action: errors` keeps the modal open)."""
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": team},
            "api_app_id": "A0PARTNERS",
            "token": "legacy-verification-token",
            "trigger_id": "1.2.4",
            "view": {
                **view,
                "id": "V1",
                "team_id": team,
                "state": {"values": values},
                "hash": "1.abc",
            },
            "response_urls": [],
        }
        return self._interactive(payload, **send_options)

    def suggest(
        self,
        action_id: str,
        typed: str,
        *,
        block_id: str = "b1",
        user: str = DEFAULT_USER,
        team: str = TEAM_ID,
        **send_options,
    ) -> Sent:
        """Type in a searchable menu (`block_suggestion`): the options are the HTTP body."""
        payload = {
            "type": "block_suggestion",
            "user": {"id": user, "team_id": team},
            "team": {"id": team, "domain": "test"},
            "api_app_id": "A0PARTNERS",
            "token": "legacy-verification-token",
            "container": {"type": "view", "view_id": "V1"},
            "action_id": action_id,
            "block_id": block_id,
            "value": typed,
        }
        return self._interactive(payload, **send_options)

    def shortcut(
        self,
        callback_id: str,
        text: str,
        *,
        user: str = DEFAULT_USER,
        channel: str = DEFAULT_CHANNEL,
        team: str = TEAM_ID,
        **send_options,
    ) -> Sent:
        """Run a message shortcut on a message that says `text`."""
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "trigger_id": "1.2.5",
            "message_ts": "1.000002",
            "response_url": self.response_url(),
            "team": {"id": team, "domain": "test"},
            "channel": {"id": channel, "name": "news"},
            "user": {"id": user, "name": user.lower(), "team_id": team},
            "message": {"type": "message", "user": "U0BOB", "ts": "1.000002", "text": text},
            "token": "legacy-verification-token",
            "api_app_id": "A0PARTNERS",
        }
        return self._interactive(payload, **send_options)
