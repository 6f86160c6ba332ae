"""What a failed Web API call means for a delivery: retry after Retry-After, back off, or
give up; a dead token stops the team, a channel that is gone stops the channel."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk.errors import SlackApiError

BACKOFF_FIRST = 10.0  # seconds; doubles with each attempt
BACKOFF_MAX = 30 * 60.0
DEFAULT_RETRY_AFTER = 30.0
NOT_INSTALLED = "app_uninstalled"  # no installation (OAuth): no token to post with
TEAM_ERRORS = frozenset(
    {
        NOT_INSTALLED,
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_authed",
        "team_access_not_granted",
    }
)
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived"})
TRANSIENT = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
NETWORK_ERRORS = (OSError, http.client.HTTPException)


@dataclass(frozen=True)
class Failure:
    code: str
    transient: bool = False
    unknown: bool = False  # the request may have reached Slack
    retry_after: float | None = None


def _header(exc: SlackApiError, name: str) -> str | None:
    headers = getattr(exc.response, "headers", None) or {}
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value[0] if isinstance(value, list) else value
    return None


def classify(exc: Exception) -> Failure:
    """What a failed Web API call means for the delivery."""
    if not isinstance(exc, SlackApiError):
        return Failure(f"{type(exc).__name__}: {exc}"[:200], transient=True, unknown=True)
    status = exc.response.status_code
    data = exc.response.data if isinstance(exc.response.data, dict) else {}
    code = str(data.get("error") or "") if status < 500 else ""
    code = code or f"http_{status}"
    if status == 429 or code == "ratelimited":
        try:
            wait = float(_header(exc, "Retry-After") or DEFAULT_RETRY_AFTER)
        except ValueError:
            wait = DEFAULT_RETRY_AFTER
        return Failure("ratelimited", transient=True, retry_after=max(wait, 0.0))
    if status >= 500 or code in TRANSIENT:
        return Failure(code, transient=True, unknown=True)
    return Failure(code)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX))
