"""The clients for calls a user is waiting on (views.publish, users.info, answers on a
response_url): connection errors, 429 and 5xx retried a bounded number of times."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import BackoffRetryIntervalCalculator, RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings

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
