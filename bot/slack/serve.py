"""Serving the app: HTTP (`serve_http`: waitress, the WSGI app with `POST /slack/events`
and `GET /healthz`, `bot.slack.gate` in front of Bolt) or Socket Mode (`serve_socket`), after
checking the credentials once.

Why waitress: it reads every request, headers and body, in its event loop and hands only
complete requests to its threads. A client that sends slowly (or never finishes) holds a
socket, not a thread, so it cannot keep signed commands or /healthz waiting. gunicorn's
gthread workers, used before, let each such client hold a request thread: a dozen of them
stopped the bot answering (measured with `python -m bench.slowloris`, see BENCHMARKS.md).
One process: the scheduler and the replay guard's view of the database are one.
"""

from __future__ import annotations

import functools
import logging
import resource
import signal
import threading
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import ConfigError, Settings
from bot.slack.app import create_app
from bot.slack.gate import MAX_BODY, ReplayGuard, SlackGate, plain
from bot.store import open_db

log = logging.getLogger(__name__)

THREADS = 8  # request threads; each request only acks and hands the work over
CHANNEL_TIMEOUT = 30  # seconds a connection may send nothing before it is closed
MAX_CONNECTIONS = 1000  # open at once (fewer when the file-descriptor limit is low)
MAX_HEADER = 64 * 1024  # bytes of request line and headers


def require_credentials(settings: Settings, mode: str) -> None:
    """Raise ConfigError naming the first setting `mode` ("http" or "socket") lacks."""
    needed = "HTTP mode" if mode == "http" else "Socket Mode"
    token = settings.slack_bot_token
    if mode == "http" and settings.oauth_configured:  # "Add to Slack": no token of its own
        if not settings.slack_signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET is not set (needed for HTTP mode)")
        return
    if not token:
        raise ConfigError(f"SLACK_BOT_TOKEN is not set (needed for {needed})")
    if not token.startswith("xox"):
        raise ConfigError("SLACK_BOT_TOKEN is not a bot token (it should start with xoxb-)")
    if mode == "http" and not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is not set (needed for HTTP mode)")
    if mode == "socket":
        if not settings.slack_app_token:
            raise ConfigError("SLACK_APP_TOKEN is not set (needed for Socket Mode)")
        if not settings.slack_app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN is not an app-level token (it starts with xapp-)")


def _quiet() -> logging.Logger:
    """A logger for the start-up check, whose failure is reported as one line instead."""
    logger = logging.getLogger("bot.slack.app.preflight")
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger


def verify_token(settings: Settings) -> dict:
    """auth.test, turned into a ConfigError that says what is wrong (never the token).
    Installed by OAuth, the bot has no token of its own: each workspace's is checked when
    it is used."""
    if settings.oauth_configured:
        return {}
    client = WebClient(
        token=settings.slack_bot_token, base_url=settings.slack_api_base_url, logger=_quiet()
    )
    try:
        return client.auth_test().data  # type: ignore[return-value]
    except SlackApiError as error:
        reason = error.response.get("error") or f"HTTP {error.response.status_code}"
        raise ConfigError(f"SLACK_BOT_TOKEN was rejected by Slack ({reason})") from None
    except OSError as error:
        raise ConfigError(
            f"cannot reach the Slack API at {settings.slack_api_base_url}"
            f" (SLACK_API_BASE_URL): {error}"
        ) from None


class HttpApp:
    """The WSGI application: Slack's requests on `POST /slack/events`, `GET /healthz`.

    The Bolt app is built in the background, so the port answers at once: until it is
    ready, /healthz and /slack/events answer 503 (Slack retries events).
    """

    def __init__(self, build: Callable[[], App]) -> None:
        self._build = build
        self._handler: Callable | None = None
        self._failed: str | None = None
        self._settled = threading.Event()
        threading.Thread(target=self._start, name="app-build", daemon=True).start()

    def _start(self) -> None:
        from slack_bolt.adapter.wsgi import SlackRequestHandler

        try:
            self._handler = SlackRequestHandler(self._build(), path="/slack/events")
            log.info("ready: serving Slack requests on /slack/events")
        except Exception as error:
            self._failed = f"{type(error).__name__}: {error}"
            log.exception("the Slack app could not start")
        finally:
            self._settled.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the app is built (True) or failed to build or `timeout` passed."""
        self._settled.wait(timeout)
        return self._handler is not None

    def __call__(self, environ: dict, start_response: Callable):
        if environ.get("PATH_INFO") == "/healthz":
            if self._handler is not None:
                return plain(start_response, "200 OK", "ok")
            return plain(start_response, "503 Service Unavailable", self._failed or "starting")
        if self._handler is None:
            return plain(start_response, "503 Service Unavailable", "starting")
        return self._handler(environ, start_response)


def server_options(settings: Settings) -> dict:
    """waitress' settings: port, threads, and the limits slow or greedy clients meet."""
    soft_limit, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    connections = MAX_CONNECTIONS
    if soft_limit != resource.RLIM_INFINITY:
        connections = max(100, min(MAX_CONNECTIONS, soft_limit // 2))
    return {
        "host": "0.0.0.0",
        "port": settings.port,
        "threads": THREADS,
        "connection_limit": connections,
        "channel_timeout": CHANNEL_TIMEOUT,
        "max_request_body_size": MAX_BODY + 1,  # waitress refuses >= this with a 413
        "max_request_header_size": MAX_HEADER,
        "asyncore_use_poll": True,  # select() cannot watch more than 1024 sockets
        "expose_tracebacks": False,
        "ident": "partners-bot",
    }


def wsgi_app(settings: Settings, build: Callable[[], App]) -> SlackGate:
    """The whole HTTP app: the gate, then /healthz and Bolt."""
    guard = ReplayGuard(functools.partial(open_db, settings.db_path))
    return SlackGate(HttpApp(build), settings.slack_signing_secret or "", guard)


def serve_http(settings: Settings, build: Callable[[], App] | None = None) -> int:
    """Serve the app over HTTP on $PORT until stopped (SIGTERM, Ctrl-C)."""
    import waitress

    require_credentials(settings, "http")
    verify_token(settings)
    app = wsgi_app(settings, build or functools.partial(create_app, settings))
    server = waitress.create_server(app, **server_options(settings))
    log.info("serving HTTP on port %s", settings.port)

    def stop(signum, frame) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def serve_socket(settings: Settings, build: Callable[[], App] | None = None) -> int:
    """Connect to Slack over Socket Mode (no public URL) and serve until stopped."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    require_credentials(settings, "socket")
    verify_token(settings)
    app = (build or functools.partial(create_app, settings))()
    handler = SocketModeHandler(app, settings.slack_app_token)

    def stop(signum, frame) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        handler.start()
    finally:
        handler.close()
    return 0
