"""The Web API side of the Slack stand-in: the HTTP server the bot calls
(`SLACK_API_BASE_URL` = `slack.api_url`) and the `response_url`s it answers on. Every call is
recorded; faults are answered on demand; a post can be held after it was recorded.

Faults apply to a Web API method by name, or to answers on response_urls as
`RESPONSE_URL` ("response_url"): `slack.rate_limit("response_url", retry_after=1)`.

Methods: auth.test, chat.postMessage, chat.postEphemeral, chat.update, views.publish,
views.open, users.info, conversations.join, conversations.info, conversations.history and
conversations.replies (with message metadata, paged by cursor): see `workspace`; file
uploads (files.getUploadURLExternal, the upload URL, files.completeUploadExternal): see
`files`; oauth.v2.access and Slack's authorize page: see `oauth`.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from tests.standin.files import FileUploads
from tests.standin.oauth import OAuthSide
from tests.standin.workspace import Workspace

WAIT_SECONDS = 15.0
RESPONSE_URL = "response_url"  # the name faults use for answers posted to response_urls
HOLD_SECONDS = 60.0  # the longest a held answer waits for `release_posts`


@dataclass(frozen=True)
class Call:
    """One Web API call the bot made."""

    method: str
    params: dict  # query string, form fields and JSON body merged
    json: dict | None
    headers: dict


@dataclass
class _Fault:
    status: int = 200
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    after_posting: bool = False  # Slack posted the message, then answered this
    disconnect: bool = False  # hang up without answering (a connection reset)


class WebApi(Workspace, FileUploads, OAuthSide):
    """Slack's Web API on 127.0.0.1 (port chosen by the system). Use as a context manager."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._hold: threading.Event | None = None
        # Never restarted: like Slack's, every response_url is new, so no two requests
        # are the same (the bot refuses a signed request it has seen as a replay).
        self._response_ids = itertools.count(1)
        self.reset()

    # -- life cycle ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def api_url(self) -> str:
        """The Web API base URL, for `SLACK_API_BASE_URL` (ends with '/')."""
        return self.url + "api/"

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release_posts()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget every call, answer, fault, channel and message; back to the real clock."""
        self.release_posts()
        with self._lock:
            self.calls: list[Call] = []
            self.responses: list[dict] = []  # bodies POSTed to response_urls, in order
            self.revoked: str | None = None  # every call answers this error (a dead token)
            self.post_recorded = threading.Event()  # set when a held post was recorded
            self._faults: dict[str, deque[_Fault]] = {}
            self._delays: dict[str, float] = {}
            self._reset_workspace()
            self._reset_files()
            self._reset_oauth()

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

    def server_error(
        self, method: str, *, status: int = 500, times: int = 1, after_posting: bool = False
    ) -> None:
        """Answer the next `times` calls of `method` with HTTP `status`; `after_posting`:
        chat.postMessage posts the message first (Slack did its work, the answer failed)."""
        self._queue(method, _Fault(status=status, after_posting=after_posting), times)

    def disconnect(self, method: str, *, times: int = 1) -> None:
        """Hang up on the next `times` calls of `method` without answering."""
        self._queue(method, _Fault(disconnect=True), times)

    def delay(self, method: str, seconds: float, *, times: int | None = None) -> None:
        """Answer `method` only after `seconds` (the next `times` calls, or all of them)."""
        if times is None:
            with self._lock:
                self._delays[method] = seconds
        else:
            self._queue(method, _Fault(delay=seconds), times)

    def hold_posts(self) -> None:
        """From now on chat.postMessage records the message, sets `post_recorded`, then keeps
        its answer back until `release_posts()` (a bot killed meanwhile never hears it)."""
        with self._lock:
            self._hold = threading.Event()

    def release_posts(self) -> None:
        with self._lock:
            hold, self._hold = self._hold, None
        if hold is not None:
            hold.set()

    def _queue(self, method: str, fault: _Fault, times: int) -> None:
        with self._lock:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    # -- what the bot did ------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = WAIT_SECONDS,
        *,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """The calls of `method` (those `where` accepts) once there are at least `count`
        (AssertionError on timeout). `where` keeps a test to its own calls when a server
        shared by the session may post meanwhile (an alert for another test's channel)."""

        def found() -> list[Call]:
            return [c for c in self.calls_to(method) if where is None or where(c)]

        with self._lock:
            if not self._lock.wait_for(lambda: len(found()) >= count, timeout):
                seen = sorted({c.method for c in self.calls})
                raise AssertionError(f"expected {count} call(s) to {method}; calls seen: {seen}")
            return found()

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

    def response_url(self) -> str:
        return f"{self.url}response/{next(self._response_ids)}"

    # -- answers -------------------------------------------------------------------------

    # -- serving -------------------------------------------------------------------------

    def _record(self, call: Call) -> _Fault | None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()
            queue = self._faults.get(call.method)
            fault = queue.popleft() if queue else None
            if fault is None and call.method in self._delays:
                fault = _Fault(delay=self._delays[call.method])
            return fault

    def _record_response(self, body: dict) -> tuple[int, dict, dict] | None:
        """Keep an answer posted to a response_url, unless a fault answers instead (then
        Slack did not take it): None, or the fault's (status, body, headers)."""
        with self._lock:
            queue = self._faults.get(RESPONSE_URL)
            fault = queue.popleft() if queue else None
            if fault is None:
                self.responses.append(body)
                self._lock.notify_all()
                return None
        if fault.delay:
            time.sleep(fault.delay)
        if fault.disconnect:
            return -1, {}, {}
        return fault.status, fault.body or {"ok": False, "error": "server_error"}, fault.headers

    def _serve(self, method: str, call: Call) -> tuple[int, dict, dict]:
        """Status, body and headers for one Web API call."""
        fault = self._record(call)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.disconnect:
            return -1, {}, {}
        if fault and fault.after_posting and method == "chat.postMessage":
            with self._lock:
                self._chat_postMessage(call.params)
        if fault and (fault.status != 200 or fault.body is not None):
            return fault.status, fault.body or {"ok": False, "error": "server_error"}, fault.headers
        authorization = call.headers.get("authorization", "")
        if method == "oauth.v2.access":  # the app's own credentials, not a bot token
            with self._lock:
                return 200, self._oauth_v2_access(call.params, authorization), {}
        if not authorization.startswith("Bearer "):
            return 200, {"ok": False, "error": "not_authed"}, {}
        with self._lock:
            team = self.team_of(authorization)
            if team is None:
                return 200, {"ok": False, "error": "invalid_auth"}, {}
            if self.revoked:
                return 200, {"ok": False, "error": self.revoked}, {}
            self.caller_team = team
            answer = self._answer(method, call.params)
            hold = self._hold if method == "chat.postMessage" and answer.get("ok") else None
        if hold is not None:
            self.post_recorded.set()
            hold.wait(HOLD_SECONDS)
        return 200, answer, {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A bot killed while waiting for its answer (the crash tests) is expected."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server_version = "SlackStandIn/1"

    def log_message(self, format, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        standin: WebApi = self.server.standin  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        if parts.path == "/oauth/v2/authorize":  # Slack's page; the user allows at once
            status, extra = standin.authorize(parts.query)
            return self._reply(status, b"", "text/plain", extra)
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        if parts.path.startswith("/upload/"):  # step 2 of a file upload: the bytes as sent
            if standin._record_upload(parts.path[len("/upload/") :], data):
                return self._reply(200, f"OK - {len(data)}".encode(), "text/plain")
            return self._reply(404, b"unknown upload", "text/plain")
        raw = data.decode()
        if parts.path.startswith("/response/"):
            refused = standin._record_response(json.loads(raw or "{}"))
            if refused is None:
                return self._reply(200, b"ok", "text/plain")
            status, body, extra = refused
            return self._reply(status, json.dumps(body).encode(), "application/json", extra)
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
        status, body, extra = standin._serve(method, Call(method, params, body_json, headers))
        self._reply(status, json.dumps(body).encode(), "application/json", extra)

    def _reply(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        if status < 0:  # a `disconnect` fault: no answer at all
            self.close_connection = True
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
