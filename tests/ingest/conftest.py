"""Fixtures for ingestion tests: a loopback news server, tight fetch limits, a fresh store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.config import Settings
from bot.ingest.fetch import Fetcher
from bot.store.db import open_db

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    trickle: float = 0.0  # between 64-byte chunks of the body
    etag: str | None = None  # a matching If-None-Match gets a 304
    last_modified: str | None = None  # a matching If-Modified-Since gets a 304
    send_length: bool = True  # False: no Content-Length, the body ends when the socket closes


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


class NewsServer:
    """A real HTTP server on 127.0.0.1 whose routes a test sets and whose requests it reads."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append(Seen(self.path, dict(self.headers.items())))
                server._answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

            def handle_error(self, request, client_address) -> None:
                pass  # clients hanging up mid-answer is what several tests are about

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, body: bytes | str = b"", **options) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        location = to if "://" in to else self.url(to)
        return self.route(path, status=status, headers={"Location": location}, content_type=None)

    def paths(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(handler.path.split("?")[0])
        if route is None:
            route = Route(body=b"not found", status=404, content_type="text/plain")
        if route.delay:
            time.sleep(route.delay)
        conditional = (route.etag and handler.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and handler.headers.get("If-Modified-Since") == route.last_modified
        )
        status, body = (304, b"") if conditional else (route.status, route.body)
        handler.send_response(status)
        if route.content_type and status != 304:
            handler.send_header("Content-Type", route.content_type)
        if route.etag:
            handler.send_header("ETag", route.etag)
        if route.last_modified:
            handler.send_header("Last-Modified", route.last_modified)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        if route.send_length:
            handler.send_header("Content-Length", str(len(body)))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        if not route.trickle:
            handler.wfile.write(body)
            return
        for start in range(0, len(body), 64):
            handler.wfile.write(body[start : start + 64])
            handler.wfile.flush()
            time.sleep(route.trickle)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def news_server() -> Iterator[NewsServer]:
    server = NewsServer()
    yield server
    server.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Limits small enough that timeouts and caps show up within a fraction of a second;
    private addresses allowed, since the news server is on loopback (see test_ssrf.py)."""
    return Settings(
        db_path=tmp_path / "partners.db",
        allow_private_urls=True,
        fetch_timeout=0.5,
        fetch_total_seconds=1.5,
        fetch_max_bytes=200_000,
        fetch_max_redirects=3,
        user_agent="partners-bot-tests/1.0",
    )


@pytest.fixture
def fetcher(settings: Settings) -> Iterator[Fetcher]:
    with Fetcher(settings) as fetcher:
        yield fetcher


@pytest.fixture
def db(tmp_path: Path):
    database = open_db(tmp_path / "partners.db")
    yield database
    database.conn.close()
