"""The Slack app: `create_app(settings)` builds the Bolt app, `handlers.register` routes it.

Also the two ways to serve it: HTTP (`serve_http`: gunicorn, gthread worker, WSGI app with
`POST /slack/events` and `GET /healthz`) and Socket Mode (`serve_socket`).
"""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import BackoffRetryIntervalCalculator, RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient
from sqlite_utils import Database

from bot.config import ConfigError, Settings
from bot.delivery import jobs
from bot.delivery.jobs import DigestResult
from bot.service.commands import Context

if TYPE_CHECKING:
    from bot.ingest.ingestor import Ingestor

log = logging.getLogger(__name__)

HTTP_THREADS = 8  # gunicorn request threads; each request only acks and hands over
LISTENER_THREADS = 8  # Bolt's pool: listeners run there once the request is acked
DEFERRED_THREADS = 4  # slow answers (fetching, analysis), sent through response_url
EVENT_MEMORY = timedelta(days=1)  # Slack retries an event for a few minutes at most


@dataclass
class Deps:
    """What the handlers need besides the Bolt request: the settings, a way to open the
    database, the Web API client, and a pool for work that runs after the ack."""

    settings: Settings
    connect: Callable[[], Database]
    client: WebClient
    ingestor: Callable[[], Ingestor] | None = None
    on_subscriptions_changed: Callable[[], None] = lambda: None
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(DEFERRED_THREADS, "deferred")
    )

    def context(self, db: Database, team_id: str, channel_id: str, user_id: str) -> Context:
        """The service's view of one request (the caller closes `db` when done)."""
        return Context(
            db=db,
            settings=self.settings,
            team_id=team_id or "",
            channel_id=channel_id or "",
            user_id=user_id or "",
            is_admin=functools.partial(self.is_admin, user_id),
            ingestor=self.ingestor,
            on_subscriptions_changed=self.on_subscriptions_changed,
            post_digest=functools.partial(self.post_digest, db, team_id or "", channel_id or ""),
        )

    def post_digest(self, db: Database, team_id: str, channel_id: str) -> DigestResult:
        """The channel's digest posted now through the outbox, with the app's client."""
        return jobs.send_digest(self.settings, db, self.client, team_id, channel_id)

    def is_admin(self, user_id: str) -> bool:
        """Listed in PARTNERS_ADMINS, or a workspace admin or owner according to users.info."""
        if user_id in self.settings.admins:
            return True
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            log.warning("users.info for %s failed: %s", user_id, error.response.get("error"))
            return False
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def later(self, work: Callable[[], None]) -> None:
        """Run `work` on the deferred pool (after the request was acknowledged)."""
        self.pool.submit(_logged(work))


def _logged(work: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        except Exception:
            log.exception("deferred work failed")

    return run


class Serialized:
    """`target` with its method calls made one at a time: one ingestor (one SQLite
    connection, one set of models) is shared by every request thread."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        @functools.wraps(attribute)
        def one_at_a_time(*args, **kwargs):
            with self._lock:
                return attribute(*args, **kwargs)

        return one_at_a_time


def lazy_ingestor(settings: Settings, connect: Callable[[], Database]) -> Callable[[], Ingestor]:
    """A function returning the process's one ingestor, built (models loaded) on first use."""
    lock = threading.Lock()
    built: list[Any] = []

    def ingestor() -> Ingestor:
        with lock:
            if not built:
                from bot.ingest.ingestor import Ingestor
                from bot.nlp import Analyzer

                analyzer = Analyzer(model_en=settings.model_en, model_fr=settings.model_fr)
                built.append(Serialized(Ingestor(settings, connect(), analyzer)))
            return built[0]

    return ingestor


# -- credentials -----------------------------------------------------------------------------


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


# -- retries, for the calls a user is waiting on ---------------------------------------------

RETRIES = 2  # after the first attempt, for any one call
MAX_RETRY_AFTER = 10  # seconds: a 429 asking for a longer wait fails at once
RETRY_STATUSES = (500, 502, 503, 504)
POSTING = ("/chat.postMessage", "/chat.postEphemeral")  # may have posted before failing
_BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)  # 0.5 s, then 1 s, with jitter


class BoundedRateLimitRetry(RateLimitErrorRetryHandler):
    """429: wait Retry-After, then try again; give up when Slack asks for longer than
    `MAX_RETRY_AFTER` (or says nothing usable): a user is waiting for this answer."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        if response is None or response.status_code != 429:
            return False
        return 0 <= _retry_after(response) <= MAX_RETRY_AFTER


def _retry_after(response) -> float:
    values = {k.lower(): v for k, v in response.headers.items()}.get("retry-after") or ["?"]
    value = values[0] if isinstance(values, list) else values
    try:
        return int(str(value).strip())
    except ValueError:
        return -1


class ServerErrorRetry(ServerErrorRetryHandler):
    """5xx: back off and try again, except a post (Slack may have posted before failing,
    and an answer posted twice in a channel is worse than a warning)."""

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        if response is None or response.status_code not in RETRY_STATUSES:
            return False
        return not request.url.split("?")[0].endswith(POSTING)


def interactive_retry_handlers() -> list[RetryHandler]:
    """Connection errors, 429 and 5xx retried `RETRIES` times at most: the handlers of the
    app's client (views.publish, users.info...) and of answers to response_urls. Delivery
    takes them off (`bot.delivery.post.without_retries`): it decides its own retries."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=RETRIES, interval_calculator=_BACKOFF),
        BoundedRateLimitRetry(max_retry_count=RETRIES),
        ServerErrorRetry(max_retry_count=RETRIES, interval_calculator=_BACKOFF),
    ]


def web_client(settings: Settings) -> WebClient:
    """The app's Web API client, retrying what is safe to retry."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_base_url,
        retry_handlers=interactive_retry_handlers(),
    )


def respond_to(response_url: str) -> Callable[..., None]:
    """`respond(text=..., blocks=..., response_type=..., replace_original=...)` for one
    response_url, with the same retries as the app's client (Bolt's `respond` has none for
    429 or 5xx); an answer Slack still refuses is logged, not raised."""
    client = WebhookClient(url=response_url, retry_handlers=interactive_retry_handlers())

    def respond(**message) -> None:
        answer = client.send_dict({k: v for k, v in message.items() if v is not None})
        if answer.status_code != 200:
            log.warning("response_url refused the answer: HTTP %s", answer.status_code)

    return respond


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


# -- the Bolt app ----------------------------------------------------------------------------


def create_app(
    settings: Settings,
    db_factory: Callable[[], Database] | None = None,
    *,
    client: WebClient | None = None,
    ingestor: Callable[[], Ingestor] | None = None,
    on_subscriptions_changed: Callable[[], None] | None = None,
) -> App:
    """The Bolt app for `settings`, its listeners registered (see `handlers.register`).

    Calls auth.test once (Bolt's token check). `db_factory` opens a connection; each
    request gets its own.
    """
    import handlers
    from bot.store import open_db

    connect = db_factory or functools.partial(open_db, settings.db_path)
    client = client or web_client(settings)
    app = App(
        name="partners-bot",
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, "listener"),
        logger=_bolt_logger(),
    )
    app.middleware(functools.partial(once_per_event, connect))
    deps = Deps(
        settings=settings,
        connect=connect,
        client=client,
        ingestor=ingestor or lazy_ingestor(settings, connect),
        on_subscriptions_changed=on_subscriptions_changed or (lambda: None),
    )
    handlers.register(app, deps)
    return app


class _ClientGiven(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself, then warns that the
    `client` we give (same token, our base URL) wins over it: expected, so not logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("bot.slack")
    if not any(isinstance(f, _ClientGiven) for f in logger.filters):
        logger.addFilter(_ClientGiven())
    return logger


def first_delivery(db: Database, event_id: str, team_id: str | None) -> bool:
    """Record `event_id`; False when it was recorded already (a redelivery)."""
    now = datetime.now(UTC)
    with db.atomic():
        cursor = db.execute(
            "INSERT OR IGNORE INTO slack_events (event_id, team_id, received_at) VALUES (?,?,?)",
            [event_id, team_id, now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")],
        )
        fresh = cursor.rowcount == 1
        if fresh:
            cutoff = (now - EVENT_MEMORY).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            db.execute("DELETE FROM slack_events WHERE received_at < ?", [cutoff])
    return fresh


def once_per_event(
    connect: Callable[[], Database], body: dict, next_: Callable[[], BoltResponse]
) -> BoltResponse:
    """Bolt middleware: an Events API delivery whose `event_id` was seen is acked, not redone
    (Slack redelivers with X-Slack-Retry-Num when an ack was slow or lost)."""
    event_id = body.get("event_id") if isinstance(body, dict) else None
    if event_id:
        db = connect()
        try:
            fresh = first_delivery(db, str(event_id), body.get("team_id"))
        finally:
            db.close()
        if not fresh:
            log.info("event %s already handled; redelivery acknowledged", event_id)
            return BoltResponse(status=200, body="")
    return next_()


# -- HTTP ------------------------------------------------------------------------------------


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
