"""What a request to `POST /slack/events` must be before Bolt sees it.

A WSGI middleware in front of the app. It refuses, with a short plain-text answer:

- a body over `MAX_BODY` bytes: 413, before reading it when Content-Length says so;
- a missing or non-numeric `X-Slack-Request-Timestamp`, one more than 5 minutes away, or
  a wrong `X-Slack-Signature`: 401 (Bolt checks the signature too; a malformed timestamp
  made it fail with a 500);
- a signed body that Bolt could not parse (not UTF-8, JSON that is not an object, a
  `payload=` that is not JSON, a form sent as JSON): 400;
- the same signed request a second time (same timestamp and signature): 401. Bolt does
  not remember requests; `seen` does, in the database every process shares.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from sqlite_utils import Database

from bot.store import replays

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000  # bytes; Slack's payloads are a few kilobytes
WINDOW = 300  # seconds: how far a request's timestamp may be from now (Slack's rule)
SLACK_PATH = "/slack/events"

Refusal = tuple[str, str]  # (HTTP status line, reason)


class ReplayGuard:
    """`guard(signature, ts)` is True the first time a signed request is seen, False after.

    One connection, used by one request at a time: recording is a short write.
    """

    def __init__(self, connect: Callable[[], Database], *, clock: Callable[[], float] = time.time):
        self._connect = connect
        self._clock = clock
        self._db: Database | None = None
        self._lock = threading.Lock()

    def __call__(self, signature: str, request_ts: int) -> bool:
        with self._lock:
            if self._db is None:
                self._db = self._connect()
            forget = int(self._clock()) - 2 * WINDOW
            return replays.first_use(self._db, signature, request_ts, forget_before=forget)


class SlackGate:
    """The checks above, for `path`; every other request goes straight to `app`."""

    def __init__(
        self,
        app: Callable,
        signing_secret: str,
        seen: Callable[[str, int], bool],
        *,
        path: str = SLACK_PATH,
        max_body: int = MAX_BODY,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self._secret = signing_secret.encode()
        self._seen = seen
        self.path = path
        self.max_body = max_body
        self._clock = clock

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        body, refusal = self._read(environ)
        if refusal is None:
            refusal = self._check(environ, body)
        if refusal is not None:
            status, reason = refusal
            log.info("refused a request to %s: %s", self.path, reason)
            return plain(start_response, status, reason)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _read(self, environ: dict) -> tuple[bytes, Refusal | None]:
        declared = (environ.get("CONTENT_LENGTH") or "").strip()
        if declared and not declared.isdigit():
            return b"", ("400 Bad Request", "invalid Content-Length")
        if declared and int(declared) > self.max_body:
            return b"", ("413 Content Too Large", f"body over {self.max_body} bytes")
        wanted = int(declared) if declared else self.max_body + 1
        body = environ["wsgi.input"].read(wanted)
        if len(body) > self.max_body:
            return b"", ("413 Content Too Large", f"body over {self.max_body} bytes")
        if declared and len(body) < wanted:
            return b"", ("400 Bad Request", "body shorter than its Content-Length")
        return body, None

    def _check(self, environ: dict, body: bytes) -> Refusal | None:
        stamp = (environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "").strip()
        if not (stamp.isascii() and stamp.isdigit()) or len(stamp) > 12:
            return "401 Unauthorized", "missing or invalid X-Slack-Request-Timestamp"
        if abs(self._clock() - int(stamp)) > WINDOW:
            return "401 Unauthorized", "stale X-Slack-Request-Timestamp"
        signature = (environ.get("HTTP_X_SLACK_SIGNATURE") or "").strip()
        expected = (
            "v0="
            + hmac.new(
                self._secret, b"v0:%s:%s" % (stamp.encode(), body), hashlib.sha256
            ).hexdigest()
        )
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            return "401 Unauthorized", "invalid X-Slack-Signature"
        problem = unparsable(body, environ.get("CONTENT_TYPE"))
        if problem:
            return "400 Bad Request", problem
        try:
            fresh = self._seen(signature, int(stamp))
        except sqlite3.Error:
            log.exception("could not record the request's signature")
            return "503 Service Unavailable", "try again"
        if not fresh:
            return "401 Unauthorized", "replayed request"
        return None


def unparsable(body: bytes, content_type: str | None) -> str | None:
    """Why Bolt could not read `body` as Slack's JSON or form payload (None when it can)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    media = (content_type or "").split(";")[0].strip().lower()
    try:
        if media == "application/json" or text.startswith("{"):
            return None if isinstance(json.loads(text), dict) else "JSON body is not an object"
        if "payload" in text:
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            if payload is not None and not isinstance(json.loads(payload), dict):
                return "payload is not a JSON object"
    except (ValueError, RecursionError):
        return "body does not parse as JSON"
    return None


def plain(start_response: Callable, status: str, text: str) -> list[bytes]:
    """A short plain-text answer."""
    body = (text + "\n").encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]
