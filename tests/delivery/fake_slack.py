"""A loopback fake of the few Slack Web API methods delivery uses, over real HTTP.

    slack = FakeSlack().start()             # slack.url is a SLACK_API_BASE_URL
    slack.channel("C1")                       # a public channel the bot is in
    slack.channel("C2", member=False)         # public, bot not in it yet (join works)
    slack.channel("G1", private=True, member=False)
    slack.answer("chat.postMessage", 429, retry_after=7)   # next answers, in order
    slack.hold_posts()                        # record a post, then wait before answering

Methods: chat.postMessage, conversations.history, conversations.replies,
conversations.join, auth.test. Posting to a user id ("U...") is a direct message.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TOKEN = "xoxb-test-token"


@dataclass
class Channel:
    id: str
    private: bool = False
    member: bool = True
    archived: bool = False


@dataclass
class Posted:
    channel: str
    ts: str
    text: str
    blocks: list = field(default_factory=list)
    thread_ts: str | None = None
    metadata: dict | None = None


@dataclass
class Canned:
    status: int
    body: dict
    headers: dict
    after_posting: bool = False  # Slack did post, then answered this


class FakeSlack:
    """`clock` gives Slack's time for message ts (default: the real time)."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.clock = clock or (lambda: datetime.now(UTC))
        self.channels: dict[str, Channel] = {}
        self.messages: list[Posted] = []
        self.calls: list[tuple[str, dict]] = []
        self.revoked: str | None = None
        self._canned: dict[str, deque[Canned]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._last_ts = 0.0
        self._hold: threading.Event | None = None
        self._posted = threading.Condition(self._lock)
        self.post_recorded = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # -- set-up --------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._serve(self)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a client killed mid-answer (the crash test) is expected

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.release_posts()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def channel(self, channel_id: str, **options) -> Channel:
        self.channels[channel_id] = Channel(channel_id, **options)
        return self.channels[channel_id]

    def answer(
        self,
        method: str,
        status: int = 200,
        error: str | None = None,
        *,
        retry_after: int = 1,
        after_posting: bool = False,
    ) -> None:
        """Queue one canned answer for `method` (429 -> ratelimited with Retry-After);
        `after_posting`: the message is recorded first, as when Slack answers too late."""
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        if status == 429:
            error = error or "ratelimited"
        body = {"ok": False, "error": error or f"http_{status}"}
        self._canned[method].append(Canned(status, body, headers, after_posting))

    def hold_posts(self) -> None:
        """From now on chat.postMessage records the message, then waits to answer."""
        self._hold = threading.Event()

    def release_posts(self) -> None:
        if self._hold is not None:
            self._hold.set()
            self._hold = None

    # -- what happened -------------------------------------------------------------------

    def posts(self, channel: str | None = None) -> list[Posted]:
        return [m for m in self.messages if channel is None or m.channel == channel]

    def wait_for_posts(self, n: int, channel: str | None = None, timeout: float = 30) -> bool:
        """Block until `n` messages are in `channel` (a safety net, not a timing check)."""
        with self._posted:
            return self._posted.wait_for(lambda: len(self.posts(channel)) >= n, timeout)

    def called(self, method: str) -> list[dict]:
        return [args for name, args in self.calls if name == method]

    # -- serving -------------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        method = request.path.rsplit("/", 1)[-1]
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode()
        if "json" in (request.headers.get("Content-Type") or ""):
            args = json.loads(raw or "{}")
        else:
            args = {k: v[0] for k, v in parse_qs(raw).items()}
        with self._lock:
            self.calls.append((method, args))
            canned = self._canned[method].popleft() if self._canned[method] else None
        if canned is not None:
            if canned.after_posting:
                self._chat_postMessage(args)
            return _reply(request, canned.status, canned.body, canned.headers)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _reply(request, 200, {"ok": False, "error": "invalid_auth"})
        if self.revoked:
            return _reply(request, 200, {"ok": False, "error": self.revoked})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return _reply(request, 200, {"ok": False, "error": "unknown_method"})
        body = handler(args)
        hold = self._hold if method == "chat.postMessage" and body.get("ok") else None
        if hold is not None:
            self.post_recorded.set()
            hold.wait(timeout=60)
        _reply(request, 200, body)

    def _refusal(self, channel_id: str) -> str | None:
        if channel_id.startswith("U"):
            return None
        channel = self.channels.get(channel_id)
        if channel is None or (channel.private and not channel.member):
            return "channel_not_found"
        if channel.archived:
            return "is_archived"
        if not channel.member:
            return "not_in_channel"
        return None

    def _chat_postMessage(self, args: dict) -> dict:
        channel_id = args.get("channel", "")
        refusal = self._refusal(channel_id)
        if refusal:
            return {"ok": False, "error": refusal}
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        blocks = args.get("blocks") or []
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        with self._lock:
            self._last_ts = max(self.clock().timestamp(), self._last_ts + 0.000001)
            ts = f"{self._last_ts:.6f}"
            self.messages.append(
                Posted(
                    channel_id, ts, args.get("text", ""), blocks, args.get("thread_ts"), metadata
                )
            )
            self._posted.notify_all()
        return {"ok": True, "channel": channel_id, "ts": ts}

    def _listing(self, args: dict, messages: list[Posted]) -> dict:
        oldest = float(args.get("oldest") or 0)
        with_meta = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        shown = [m for m in messages if float(m.ts) > oldest]
        shown.sort(key=lambda m: float(m.ts), reverse=True)
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or 100)
        page = shown[start : start + limit]
        out = []
        for m in page:
            item = {"type": "message", "ts": m.ts, "text": m.text}
            if m.thread_ts:
                item["thread_ts"] = m.thread_ts
            if with_meta and m.metadata:
                item["metadata"] = m.metadata
            out.append(item)
        more = start + limit < len(shown)
        return {
            "ok": True,
            "messages": out,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _conversations_history(self, args: dict) -> dict:
        channel_id = args.get("channel", "")
        refusal = self._refusal(channel_id)
        if refusal:
            return {"ok": False, "error": refusal}
        top = [m for m in self.posts(channel_id) if m.thread_ts in (None, m.ts)]
        return self._listing(args, top)

    def _conversations_replies(self, args: dict) -> dict:
        channel_id, parent = args.get("channel", ""), args.get("ts")
        refusal = self._refusal(channel_id)
        if refusal:
            return {"ok": False, "error": refusal}
        thread = [m for m in self.posts(channel_id) if parent in (m.ts, m.thread_ts)]
        return self._listing(args, thread)

    def _conversations_join(self, args: dict) -> dict:
        channel = self.channels.get(args.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if channel.private:
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        if channel.archived:
            return {"ok": False, "error": "is_archived"}
        channel.member = True
        return {"ok": True, "channel": {"id": channel.id}}

    def _auth_test(self, args: dict) -> dict:
        return {"ok": True, "team_id": "T1", "user_id": "UBOT"}


def _reply(request: BaseHTTPRequestHandler, status: int, body: dict, headers=None) -> None:
    data = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json; charset=utf-8")
    request.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(data)
