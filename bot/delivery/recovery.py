"""After a crash or a timeout: what was in flight is pending again (`recover`), a message
that may have reached Slack is looked for in the channel before it is posted again
(`find_posted`, by the metadata every post carries), and posting stopped for a dead token
resumes once the token works (`resume_posting`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

from bot.delivery.failures import NETWORK_ERRORS, classify
from bot.store import outbox
from bot.store.clock import parse_iso
from bot.store.outbox import Delivery

log = logging.getLogger(__name__)

EVENT_TYPE = "partnership_alert"
HISTORY_MARGIN = timedelta(minutes=5)  # clock skew between us and Slack
HISTORY_PAGES = 5


def metadata(d: Delivery) -> dict:
    """The message metadata a post for `d` carries, so that it can be found again."""
    return {
        "event_type": EVENT_TYPE,
        "event_payload": {
            "delivery_id": d.id,
            "dedupe_key": d.dedupe_key,
            "story_id": d.story_id or 0,
        },
    }


def find_posted(client: WebClient, d: Delivery, thread_ts: str | None) -> str | None:
    """The ts of our message for `d` if it is already in the channel (or thread)."""
    since = parse_iso(d.attempted_at or d.created_at) - HISTORY_MARGIN
    args = {
        "channel": d.channel_id,
        "oldest": f"{since.timestamp():.6f}",
        "include_all_metadata": True,
        "limit": 200,
    }
    cursor = None
    for _ in range(HISTORY_PAGES):
        try:
            if thread_ts:
                page = client.conversations_replies(ts=thread_ts, cursor=cursor, **args)
            else:
                page = client.conversations_history(cursor=cursor, **args)
        except SlackApiError as exc:
            if classify(exc).code != "missing_scope":
                raise
            log.warning("cannot read %s to check delivery %d: missing scope", d.channel_id, d.id)
            return None
        for message in page.get("messages") or []:
            meta = message.get("metadata") or {}
            data = meta.get("event_payload") or {}
            if (
                meta.get("event_type") == EVENT_TYPE
                and str(data.get("delivery_id")) == str(d.id)
                and data.get("dedupe_key") == d.dedupe_key
            ):
                return message["ts"]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return None


def recover(db: Database) -> int:
    """At start-up, before any delivery: attempts cut short by the last run's end are
    pending again (and will look in Slack first when their outcome is unknown)."""
    n = outbox.recover_claims(db)
    if n:
        log.warning("%d deliveries were in flight when the last run stopped", n)
    return n


def resume_posting(
    db: Database, client: WebClient | Callable[[str], WebClient | None]
) -> str | None:
    """At start-up: posting stopped for a dead token resumes for a team when Slack accepts
    its token again (a new token, the app reinstalled); returns the first such team's id.

    `client` is the one token's client, or (OAuth installs) a function giving each team's.
    """
    stopped = outbox.stopped_teams(db)
    if not stopped:
        return None
    if not callable(client):
        return _resume_one(db, client)
    resumed = [team for team in stopped if (c := client(team)) and _resume_one(db, c) == team]
    return resumed[0] if resumed else None


def _resume_one(db: Database, client: WebClient) -> str | None:
    try:
        team_id = client.auth_test()["team_id"]
    except (SlackApiError, *NETWORK_ERRORS) as exc:
        log.warning("posting stays stopped: auth.test failed (%s)", classify(exc).code)
        return None
    if not outbox.resume_team(db, team_id):
        return None
    log.warning("team %s: the token works again, posting resumes", team_id)
    return team_id
