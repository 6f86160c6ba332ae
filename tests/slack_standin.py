"""A stand-in for Slack on loopback, for tests.

It plays both sides of Slack:

- the Web API the bot calls (`SLACK_API_BASE_URL` = `slack.api_url`): auth.test,
  chat.postMessage, chat.postEphemeral, chat.update, views.publish, users.info,
  conversations.join, conversations.history (with message metadata) and conversations.info,
  plus the `response_url`s it hands out; every call is recorded;
- the client that sends the bot signed slash commands, events and button clicks, the way
  Slack does (`v0=` HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret).

    slack.command("/partners xiaomi")
    answer = slack.last_response()          # what the bot sent to the response_url
    slack.fail("chat.postMessage", "not_in_channel")
    slack.rate_limit("chat.postMessage", retry_after=1)
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlencode, urlsplit
from urllib.request import Request, urlopen

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token-not-real"
TEAM_ID = "T0TEST"
BOT_USER_ID = "U0PARTNERS"
BOT_ID = "B0PARTNERS"
DEFAULT_USER = "U0ALICE"
DEFAULT_CHANNEL = "C0NEWS"
WAIT_SECONDS = 15.0


@dataclass(frozen=True)
class Call:
    """One Web API call the bot made."""

    method: str
    params: dict  # query string, form fields and JSON body merged
    json: dict | None
    headers: dict


@dataclass(frozen=True)
class Sent:
    """What the stand-in's HTTP request to the bot got back."""

    status: int
    body: str
    headers: dict

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class _Fault:
    status: int = 200
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class SlackStandIn:
    """A fake Slack on 127.0.0.1 (port chosen by the system). Use as a context manager."""

    def __init__(self, signing_secret: str = SIGNING_SECRET) -> None:
        self.signing_secret = signing_secret
        self.admins: set[str] = set()
        self.private_channels: set[str] = set()
        self.bot_url: str | None = None  # where commands and events are sent, e.g. .../slack/events
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.standin = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.reset()

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def api_url(self) -> str:
        """The Web API base URL, for `SLACK_API_BASE_URL` (ends with '/')."""
        return self.url + "api/"

    def start(self) -> SlackStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget every call, answer, fault and message (the bot URL stays)."""
        with self._lock:
            self.calls: list[Call] = []
            self.responses: list[dict] = []  # bodies POSTed to response_urls, in order
            self.messages: dict[str, list[dict]] = {}  # channel -> messages, oldest first
            self.members: set[str] = set()  # channels the bot joined
            self._faults: dict[str, deque[_Fault]] = {}
            self._delays: dict[str, float] = {}
            self._ts = itertools.count(1)
            self._response_ids = itertools.count(1)
            self.admins = set()
            self.private_channels = set()

    # -- faults --------------------------------------------------------------------------

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error}`
        (`not_in_channel`, `invalid_auth`, `channel_not_found`, `is_archived`...)."""
        self._queue(method, _Fault(body={"ok": False, "error": error}), times)

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and a Retry-After header."""
        fault = _Fault(
            status=429,
            body={"ok": False, "error": "ratelimited"},
            headers={"Retry-After": str(retry_after)},
        )
        self._queue(method, fault, times)

    def server_error(self, method: str, *, status: int = 500, times: int = 1) -> None:
        self._queue(method, _Fault(status=status, body=None), times)

    def delay(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Answer `method` only after `seconds` (the next `times` calls, or all of them)."""
        if times is None:
            with self._lock:
                self._delays[method] = seconds
        else:
            self._queue(method, _Fault(delay=seconds), times)

    def _queue(self, method: str, fault: _Fault, times: int) -> None:
        with self._lock:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    # -- what the bot did ------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = WAIT_SECONDS) -> list[Call]:
        """The calls of `method` once there are at least `count` (AssertionError on timeout)."""
        with self._lock:
            done = self._lock.wait_for(lambda: len(self.calls_to(method)) >= count, timeout)
            if not done:
                seen = sorted({c.method for c in self.calls})
                raise AssertionError(f"expected {count} call(s) to {method}; calls seen: {seen}")
            return self.calls_to(method)

    def wait_for_responses(self, count: int = 1, timeout: float = WAIT_SECONDS) -> list[dict]:
        """Bodies sent to response_urls, once there are at least `count`."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.responses) >= count, timeout):
                raise AssertionError(
                    f"expected {count} answer(s) on response_url, got {len(self.responses)}"
                )
            return list(self.responses)

    def last_response(self, timeout: float = WAIT_SECONDS) -> dict:
        """The latest body the bot sent to a response_url (waits for a first one)."""
        return self.wait_for_responses(1, timeout)[-1]

    def posted(self, channel: str | None = None) -> list[dict]:
        """Messages posted with chat.postMessage (to `channel`), oldest first."""
        with self._lock:
            if channel is not None:
                return list(self.messages.get(channel, []))
            return [m for ms in self.messages.values() for m in ms]

    # -- acting as Slack towards the bot -----------------------------------------------------

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
            raise RuntimeError("no bot to talk to: use the bot_server fixture (sets bot_url)")
        all_headers = {"Content-Type": content_type, **self.sign(body, timestamp, secret)}
        all_headers.update(headers or {})
        request = Request(self.bot_url, data=body.encode(), headers=all_headers, method="POST")
        try:
            with urlopen(request, timeout=timeout) as answer:
                return Sent(answer.status, answer.read().decode(), dict(answer.headers))
        except HTTPError as error:
            return Sent(error.code, error.read().decode(), dict(error.headers))

    def response_url(self) -> str:
        return f"{self.url}response/{next(self._response_ids)}"

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
        return self.send(urlencode(form), "application/x-www-form-urlencoded", **send_options)

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
        ts = f"{time.time():.6f}"
        event = {
            "type": "app_mention",
            "user": user,
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": ts,
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
        **send_options,
    ) -> Sent:
        """Press a button (`block_actions`) on an ephemeral answer in `channel`."""
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
        body = urlencode({"payload": json.dumps(payload)})
        return self.send(body, "application/x-www-form-urlencoded", **send_options)

    # -- the Web API -------------------------------------------------------------------------

    def _answer(self, method: str, params: dict) -> dict:
        """A successful answer to `method`, updating the stand-in's state."""
        channel = params.get("channel", "")
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "partners",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {
                "type": "message",
                "ts": ts,
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": params.get("text", ""),
                "blocks": _jsonish(params.get("blocks")) or [],
            }
            for key in ("thread_ts", "metadata"):
                if params.get(key):
                    message[key] = _jsonish(params[key])
            self.messages.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": ""}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **(_jsonish(params.get("view")) or {})}}
        if method == "users.info":
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
        if method == "conversations.join":
            self.members.add(channel)
            return {"ok": True, "channel": {"id": channel, "is_member": True}}
        if method == "conversations.info":
            return {"ok": True, "channel": self._channel_info(channel)}
        if method == "conversations.history":
            return {"ok": True, "messages": self._history(params), "has_more": False}
        return {"ok": False, "error": "unknown_method"}

    def _channel_info(self, channel: str) -> dict:
        return {
            "id": channel,
            "name": channel.lower(),
            "is_channel": True,
            "is_private": channel in self.private_channels,
            "is_archived": False,
            "is_member": channel in self.members,
        }

    def _history(self, params: dict) -> list[dict]:
        oldest = float(params.get("oldest") or 0)
        limit = int(params.get("limit") or 100)
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        found = []
        for message in reversed(self.messages.get(params.get("channel", ""), [])):
            if float(message["ts"]) <= oldest:
                continue
            shown = dict(message)
            if not with_metadata:
                shown.pop("metadata", None)
            found.append(shown)
        return found[:limit]

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _record(self, call: Call) -> _Fault | None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()
            queue = self._faults.get(call.method)
            fault = queue.popleft() if queue else None
            if fault is None and call.method in self._delays:
                fault = _Fault(delay=self._delays[call.method])
            return fault

    def _record_response(self, body: dict) -> None:
        with self._lock:
            self.responses.append(body)
            self._lock.notify_all()


def _jsonish(value):
    """Blocks and views arrive as JSON strings in form posts, as objects in JSON posts."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class _Handler(BaseHTTPRequestHandler):
    server_version = "SlackStandIn/1"

    def log_message(self, format, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        standin: SlackStandIn = self.server.standin  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if parts.path.startswith("/response/"):
            standin._record_response(json.loads(raw or "{}"))
            return self._reply(200, b"ok", "text/plain")
        if not parts.path.startswith("/api/"):
            return self._reply(404, b"not found", "text/plain")
        method = parts.path[len("/api/") :]
        params = dict(parse_qsl(parts.query))
        body_json = None
        if raw and "json" in (self.headers.get("Content-Type") or ""):
            body_json = json.loads(raw)
            params.update(body_json)
        elif raw:
            params.update(parse_qsl(raw))
        headers = {k.lower(): v for k, v in self.headers.items()}
        fault = standin._record(Call(method, params, body_json, headers))
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and (fault.status != 200 or fault.body is not None):
            body = json.dumps(fault.body).encode() if fault.body is not None else b"error"
            return self._reply(fault.status, body, "application/json", fault.headers)
        if not headers.get("authorization", "").startswith("Bearer "):
            return self._reply(200, b'{"ok": false, "error": "not_authed"}', "application/json")
        with standin._lock:
            answer = standin._answer(method, params)
        self._reply(200, json.dumps(answer).encode(), "application/json")

    def _reply(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
