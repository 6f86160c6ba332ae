"""Serving the app: HTTP (`serve_http`: gunicorn, gthread worker, WSGI app with
`POST /slack/events` and `GET /healthz`) or Socket Mode (`serve_socket`), after checking
the credentials once."""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import ConfigError, Settings
from bot.slack.app import create_app

log = logging.getLogger(__name__)

HTTP_THREADS = 8  # gunicorn request threads; each request only acks and hands over


def require_credentials(settings: Settings, mode: str) -> None:
    """Raise ConfigError naming the first setting `mode` ("http" or "socket") lacks."""
    needed = "HTTP mode" if mode == "http" else "Socket Mode"
    token = settings.slack_bot_token
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
    """auth.test, turned into a ConfigError that says what is wrong (never the token)."""
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
                return _plain(start_response, "200 OK", "ok")
            return _plain(start_response, "503 Service Unavailable", self._failed or "starting")
        if self._handler is None:
            return _plain(start_response, "503 Service Unavailable", "starting")
        return self._handler(environ, start_response)


def _plain(start_response: Callable, status: str, text: str) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def gunicorn_options(settings: Settings) -> dict:
    """One worker (one scheduler, one SQLite writer) with several request threads."""
    return {
        "bind": f"0.0.0.0:{settings.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": HTTP_THREADS,
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "loglevel": settings.log_level.lower(),
        "errorlog": "-",
        "accesslog": "-" if settings.log_level == "DEBUG" else None,
        "proc_name": "partners-bot",
        "control_socket_disable": True,  # gunicorn >= 25 would open ~/.gunicorn/gunicorn.ctl
    }


def serve_http(settings: Settings, build: Callable[[], App] | None = None) -> int:
    """Serve the app over HTTP on $PORT with gunicorn until stopped (SIGTERM, Ctrl-C)."""
    from gunicorn.app.base import BaseApplication

    require_credentials(settings, "http")
    verify_token(settings)
    build = build or functools.partial(create_app, settings)

    class PartnersServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(settings).items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self):
            return HttpApp(build)  # in the worker, after the fork

    PartnersServer().run()
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
