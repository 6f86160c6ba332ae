"""Slow and hostile HTTP clients against the running bot (`partners-bot run --mode http`):
connections that never finish their request, oversized bodies, replayed and malformed
signed requests. Behaviour only: how fast the bot answers meanwhile is measured by
`python -m bench.slowloris`, never asserted here."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

import pytest

from bot.slack.gate import MAX_BODY, ReplayGuard
from bot.store import open_db
from tests.standin import SIGNING_SECRET

pytestmark = pytest.mark.slow

SLOW_CLIENTS = 40
PATIENCE = 20.0  # seconds: generous, so a busy machine cannot fail these tests


def address(bot_server) -> tuple[str, int]:
    parts = urlsplit(bot_server.url)
    return parts.hostname, parts.port


@contextmanager
def slow_clients(bot_server, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections that announce a 1000-byte body, send 4 bytes of it, and wait."""
    opened = []
    try:
        for _ in range(count):
            sock = socket.create_connection(address(bot_server), timeout=PATIENCE)
            sock.sendall(
                b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 1000\r\n\r\nabcd"
            )
            opened.append(sock)
        yield opened
    finally:
        for sock in opened:
            sock.close()


def signed_post(bot_server, body: bytes, content_type: str, *, timestamp: str | None = None):
    """POST `body` to /slack/events, signed as Slack signs it; (status, text)."""
    stamp = timestamp or str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:%s:%s" % (stamp.encode(), body), "sha256")
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }
    request = Request(bot_server.url + "slack/events", data=body, headers=headers, method="POST")
    try:
        with urlopen(request, timeout=PATIENCE) as answer:
            return answer.status, answer.read().decode()
    except HTTPError as error:
        return error.code, error.read().decode()


def test_commands_and_healthz_are_answered_while_forty_clients_stall(bot_server, slack):
    """Regression: twelve such connections held every gunicorn thread; a signed
    `/partners help` went unanswered for over 10 s and /healthz timed out."""
    with slow_clients(bot_server, SLOW_CLIENTS):
        for _ in range(3):
            ack = slack.command("/partners help", timeout=PATIENCE)
            assert (ack.status, ack.body) == (200, "")
            with urlopen(bot_server.url + "healthz", timeout=PATIENCE) as health:
                assert health.status == 200
        answer = slack.wait_for_responses(3, timeout=PATIENCE)[-1]
        assert "/partners watch" in json.dumps(answer)


def test_a_body_over_the_cap_is_refused_before_it_is_sent(bot_server):
    """413 as soon as the headers are in: the bot does not wait for 2 MB it will refuse."""
    with socket.create_connection(address(bot_server), timeout=PATIENCE) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
            b"Content-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n{" % (2 * MAX_BODY)
        )
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"413"


def test_a_chunked_body_over_the_cap_is_refused(bot_server):
    chunk = b"x" * 65536
    with socket.create_connection(address(bot_server), timeout=PATIENCE) as sock:
        sock.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            for _ in range(2 * MAX_BODY // len(chunk)):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            pass  # the bot hung up once it had refused: that is the point
        status_line = sock.makefile("rb").readline()
    assert status_line.split()[1] == b"413"


def test_a_replayed_signed_request_is_refused(bot_server, slack):
    body = urlencode(
        {
            "team_id": "T0REPLAY",
            "channel_id": "C0REPLAY",
            "user_id": "U0REPLAY",
            "command": "/partners",
            "text": "help",
            "response_url": slack.response_url(),
        }
    )
    stamp = int(time.time())

    first = slack.send(body, "application/x-www-form-urlencoded", timestamp=stamp)
    again = slack.send(body, "application/x-www-form-urlencoded", timestamp=stamp)
    later = slack.send(body, "application/x-www-form-urlencoded", timestamp=stamp + 1)

    assert first.status == 200
    assert 400 <= again.status < 500 and "replayed" in again.body
    assert later.status == 200  # a new timestamp (and signature) is a new request


@pytest.mark.parametrize("stamp", ["abc", "1e9", "-5", "12.5", "0x1f", " ", "9" * 40])
def test_a_malformed_timestamp_gets_401(bot_server, stamp):
    """Regression: a non-numeric X-Slack-Request-Timestamp made Bolt fail with a 500."""
    status, _ = signed_post(
        bot_server, b"command=%2Fpartners&text=help", "text/plain", timestamp=stamp
    )
    assert status == 401


@pytest.mark.parametrize(
    "body,content_type",
    [
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary", "application/x-www-form-urlencoded"),
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
        (b"payload=%5B1%2C2%5D", "application/x-www-form-urlencoded"),
        (b"command=%2Fpartners&text=help", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"type": "event_callback", "event": ', "application/json"),
    ],
    ids=[
        "binary",
        "payload bad JSON",
        "payload not an object",
        "form as JSON",
        "JSON array",
        "cut JSON",
    ],
)
def test_a_signed_body_that_does_not_parse_gets_400(bot_server, body, content_type):
    """Regression: these reached Bolt, which failed on them with a 500."""
    status, _ = signed_post(bot_server, body, content_type)
    assert status == 400


def test_the_replay_record_is_shared_by_every_process(tmp_path):
    """Two guards on two connections (as two server processes would have) see one record."""
    first = ReplayGuard(lambda: open_db(tmp_path / "partners.db"))
    second = ReplayGuard(lambda: open_db(tmp_path / "partners.db"))
    now = int(time.time())

    assert first("v0=" + hashlib.sha256(b"a").hexdigest(), now)
    assert not second("v0=" + hashlib.sha256(b"a").hexdigest(), now)
    assert second("v0=" + hashlib.sha256(b"b").hexdigest(), now)


def test_old_signatures_are_forgotten(tmp_path):
    clock = [1_000_000.0]
    guard = ReplayGuard(lambda: open_db(tmp_path / "partners.db"), clock=lambda: clock[0])
    assert guard("v0=old", 1_000_000)
    clock[0] += 3600
    assert guard("v0=new", int(clock[0]))
    db = open_db(tmp_path / "partners.db")
    assert db.execute("SELECT signature FROM slack_requests").fetchall() == [("v0=new",)]
    db.close()
