"""Posting what the outbox owes, exactly once, and cleaning up after a crash.

The row is written (`bot.store.outbox`) before the message leaves; `verify` is set just
before the request goes out and cleared by the answer, so after a crash or a timeout the
next attempt first looks for the message in the channel (our message metadata carries the
delivery id) and records its ts instead of posting it again.

Slack's answers, by error code: `ratelimited` waits for Retry-After (that channel only);
5xx, `internal_error` and connection errors back off exponentially, then fail with the
reason; `not_in_channel` joins the channel and tries again; a channel that is gone, archived
or cannot be joined has its subscriptions stopped and its subscriber told; a dead token
stops posting for the whole team. Posts to one channel are paced to about one a second,
without holding up other channels.
"""

from __future__ import annotations

import copy
import http.client
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

from bot import messages
from bot.config import Settings
from bot.messages.blocks import Message
from bot.store import outbox
from bot.store.outbox import Delivery, iso, parse_iso
from bot.store.queries import Source, load_partnerships

log = logging.getLogger(__name__)

EVENT_TYPE = "partnership_alert"
MAX_ATTEMPTS = 6
BACKOFF_FIRST = 10.0  # seconds; doubles with each attempt
BACKOFF_MAX = 30 * 60.0
DEFAULT_RETRY_AFTER = 30.0
LEASE = timedelta(minutes=5)  # longer than any attempt: client timeout + history pages
HISTORY_MARGIN = timedelta(minutes=5)  # clock skew between us and Slack
HISTORY_PAGES = 5
PACE_SECONDS = 1.0  # chat.postMessage: about one message a second per channel
MAX_PACING_WAIT = 2.0  # wait longer than this (a rate limit) and the channel waits a pass
PASS_BUDGET = timedelta(seconds=50)

TEAM_ERRORS = frozenset(
    {
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

Clock = Callable[[], datetime]
Key = tuple[str, str]


def utc_now() -> datetime:
    return datetime.now(UTC)


def delivery_client(settings: Settings, *, timeout: int = 30) -> WebClient:
    """A client for posting, with no retry handler: retries are this module's decision."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_base_url,
        timeout=timeout,
        retry_handlers=[],
    )


def without_retries(client: WebClient) -> WebClient:
    """`client`, or a copy of it without the SDK's retry handlers: an SDK retry after a
    dropped connection could post the same message twice behind our back."""
    if not client.retry_handlers:
        return client
    clone = copy.copy(client)
    clone.retry_handlers = []
    return clone


# -- outcomes ------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    """What one delivery pass did."""

    posted: int = 0
    reconciled: int = 0  # found already in Slack after a crash or a timeout
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    stopped_channels: list[tuple[str, str, str]] = field(default_factory=list)
    stopped_teams: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.posted} posted, {self.reconciled} found already posted, "
            f"{self.retrying} to retry, {self.failed} failed, {self.skipped} skipped"
        )


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


class Pacer:
    """Per-channel next-allowed times; shared by every thread that posts."""

    def __init__(self, interval: float = PACE_SECONDS):
        self._interval = timedelta(seconds=interval)
        self._next: dict[Key, datetime] = {}
        self._lock = threading.Lock()

    def take(self, key: Key, now: datetime) -> float:
        """0 and the slot is ours, or how many seconds until the channel may be posted to."""
        with self._lock:
            allowed = self._next.get(key)
            if allowed is not None and allowed > now:
                return (allowed - now).total_seconds()
            self._next[key] = now + self._interval
            return 0.0

    def hold(self, key: Key, until: datetime) -> None:
        with self._lock:
            self._next[key] = max(self._next.get(key, until), until)


# -- what a row posts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    message: Message
    thread_ts: str | None = None
    article_id: int | None = None  # the newest article the message covers


def _hidden(db: Database, team_id: str, story_id: int | None) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM feedback WHERE team_id = ? AND story_id = ?"
            " AND kind = 'not_partnership'",
            [team_id, story_id],
        ).fetchone()
        is not None
    )


def _render_alert(db: Database, d: Delivery) -> Outgoing | str:
    row = db.execute("SELECT id FROM partnerships WHERE story_id = ?", [d.story_id]).fetchone()
    views = load_partnerships(db, [row[0]]) if row else []
    if not views:
        return "no longer a partnership"
    watched = dict(
        db.execute(
            "SELECT o.name, EXISTS (SELECT 1 FROM mutes m WHERE m.team_id = w.team_id"
            " AND m.channel_id = w.channel_id AND m.org_id = w.org_id)"
            " FROM watches w JOIN partnership_parties pp ON pp.org_id = w.org_id"
            " JOIN organisations o ON o.id = w.org_id"
            " WHERE pp.partnership_id = ? AND w.team_id = ? AND w.channel_id = ? AND w.active = 1",
            [row[0], d.team_id, d.channel_id],
        ).fetchall()
    )
    if not watched:
        return "no longer watched here"
    if any(watched.values()):
        return "muted here"
    p = views[0]
    name = next((n for n in p.parties if n in watched), None)
    newest = db.execute("SELECT MAX(id) FROM articles WHERE story_id = ?", [d.story_id])
    return Outgoing(messages.alert_message(p, watched=name), article_id=newest.fetchone()[0])


def _render_followup(db: Database, d: Delivery) -> Outgoing | str:
    thread_ts = outbox.first_post_ts(db, d.team_id, d.channel_id, d.story_id)
    row = db.execute(
        "SELECT title, url, source, lang, published FROM articles WHERE id = ?", [d.article_id]
    ).fetchone()
    if thread_ts is None or row is None:
        return "nothing to follow up"
    return Outgoing(messages.followup_message(Source(*row)), thread_ts=thread_ts)


def render(db: Database, d: Delivery) -> Outgoing | str:
    """The message a row posts, built when it is posted; or why it should not be posted."""
    if d.kind != outbox.DIGEST and _hidden(db, d.team_id, d.story_id):
        return "flagged as not a partnership"
    if d.kind == outbox.ALERT:
        return _render_alert(db, d)
    if d.kind == outbox.FOLLOWUP:
        return _render_followup(db, d)
    payload = d.payload or {}
    return Outgoing(Message(payload.get("text") or "", payload.get("blocks") or []))


# -- posting -------------------------------------------------------------------------------

POSTED, RECONCILED, RETRYING, FAILED, SKIPPED, BUSY = (
    "posted",
    "reconciled",
    "retrying",
    "failed",
    "skipped",
    "busy",
)


class Deliverer:
    """Posts due outbox rows, channel by channel; one instance per thread of work."""

    def __init__(
        self,
        db: Database,
        client: WebClient,
        *,
        clock: Clock = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
        render: Callable[[Database, Delivery], Outgoing | str] = render,
        budget: timedelta = PASS_BUDGET,
        batch: int = 200,
    ):
        self.db = db
        self.client = without_retries(client)
        self.clock = clock
        self.sleep = sleep
        self.pacer = pacer or Pacer()
        self.render = render
        self.budget = budget
        self.batch = batch

    def run(self, only: Iterable[int] | None = None) -> DeliveryReport:
        """One pass: every due row (or just `only`), until done or out of time."""
        report = DeliveryReport()
        start = self.clock()
        tried: set[int] = set()
        wanted = list(only) if only is not None else None
        while self.clock() - start < self.budget:
            if wanted is not None:
                rows = [d for d in (outbox.get(self.db, i) for i in wanted) if d]
            else:
                rows = outbox.due(self.db, iso(self.clock()), limit=self.batch)
            rows = [d for d in rows if d.id not in tried]
            if not rows or not self._drain(rows, report, tried, start) or wanted is not None:
                break
        return report

    def _drain(
        self, rows: list[Delivery], report: DeliveryReport, tried: set[int], start: datetime
    ) -> bool:
        """Round-robin over the channels; True when something was posted."""
        queues: dict[Key, deque[Delivery]] = {}
        for d in rows:
            queues.setdefault(d.channel, deque()).append(d)
        posted = False
        while queues and self.clock() - start < self.budget:
            waits = []
            for key in list(queues):
                wait = self.pacer.take(key, self.clock())
                if wait > MAX_PACING_WAIT:
                    del queues[key]  # rate limited: the rows wait for their next_attempt_at
                elif wait > 0:
                    waits.append(wait)
                else:
                    d = queues[key].popleft()
                    tried.add(d.id)
                    outcome = self._attempt(d, report)
                    posted = posted or outcome in (POSTED, RECONCILED)
                    if not queues[key] or d.channel in _stopped(report):
                        del queues[key]
            for team_id, _ in report.stopped_teams:
                queues = {k: q for k, q in queues.items() if k[0] != team_id}
            if queues and len(waits) == len(queues):
                self.sleep(min(waits))
        return posted

    def _attempt(self, d: Delivery, report: DeliveryReport) -> str:
        now = self.clock()
        claimed = outbox.claim(self.db, d.id, iso(now), iso(now + LEASE))
        if claimed is None:
            return BUSY
        d = claimed
        try:
            out = self.render(self.db, d)
        except Exception as exc:  # a bug in a builder must not stop the other deliveries
            log.exception("delivery %d: could not build the message", d.id)
            outbox.fail(self.db, d, f"could not build the message: {type(exc).__name__}: {exc}")
            report.failed += 1
            return FAILED
        if isinstance(out, str):
            outbox.skip(self.db, d, out)
            log.info("delivery %d to %s skipped: %s", d.id, d.channel_id, out)
            report.skipped += 1
            return SKIPPED
        joined = False
        while True:
            stage = "verify"
            try:
                if d.verify:
                    ts = self._find_posted(d, out.thread_ts)
                    if ts is not None:
                        self._mark_posted(d, ts, out)
                        log.info("delivery %d to %s was already posted", d.id, d.channel_id)
                        report.reconciled += 1
                        return RECONCILED
                stage = "post"
                sent_at = iso(self.clock())
                outbox.expect_unknown_outcome(self.db, d.id, sent_at)
                d = replace(d, verify=True, attempted_at=sent_at)
                ts = self._post(d, out)
            except (SlackApiError, *NETWORK_ERRORS) as exc:
                failure = classify(exc)
                if stage == "post" and not failure.unknown:
                    d = replace(d, verify=False)  # Slack answered: nothing was posted
                if failure.code != "not_in_channel" or joined:
                    return self._handle(d, failure, report)
                joined = True
                refusal = self._join(d.channel_id)
                if refusal is None:
                    continue
                if refusal.transient or refusal.code in TEAM_ERRORS:
                    return self._handle(d, refusal, report)
                reason = "is_archived" if refusal.code == "is_archived" else "not_in_channel"
                return self._stop_channel(d, reason, report)
            self._mark_posted(d, ts, out)
            report.posted += 1
            return POSTED

    def _post(self, d: Delivery, out: Outgoing) -> str:
        response = self.client.chat_postMessage(
            channel=d.channel_id,
            text=out.message.text,
            blocks=out.message.blocks or None,
            thread_ts=out.thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            metadata={
                "event_type": EVENT_TYPE,
                "event_payload": {
                    "delivery_id": d.id,
                    "dedupe_key": d.dedupe_key,
                    "story_id": d.story_id or 0,
                },
            },
        )
        return response["ts"]

    def _mark_posted(self, d: Delivery, ts: str, out: Outgoing) -> None:
        outbox.mark_posted(
            self.db,
            d,
            ts,
            now=iso(self.clock()),
            thread_ts=out.thread_ts,
            article_id=out.article_id,
        )

    def _find_posted(self, d: Delivery, thread_ts: str | None) -> str | None:
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
                    page = self.client.conversations_replies(ts=thread_ts, cursor=cursor, **args)
                else:
                    page = self.client.conversations_history(cursor=cursor, **args)
            except SlackApiError as exc:
                if classify(exc).code != "missing_scope":
                    raise
                log.warning(
                    "cannot read %s to check delivery %d: missing scope", d.channel_id, d.id
                )
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

    def _join(self, channel_id: str) -> Failure | None:
        """Join a public channel; None on success, else why not (a private channel cannot be
        joined: `method_not_supported_for_channel_type`)."""
        try:
            self.client.conversations_join(channel=channel_id)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            return classify(exc)
        log.info("joined channel %s to post in it", channel_id)
        return None

    def _handle(self, d: Delivery, failure: Failure, report: DeliveryReport) -> str:
        now = self.clock()
        if failure.code in TEAM_ERRORS:
            outbox.stop_team(self.db, d.team_id, failure.code, now=iso(now))
            outbox.retry_later(
                self.db, d.id, when=iso(now), error=failure.code, outcome_unknown=d.verify
            )
            log.error("team %s: posting stopped, Slack says %s", d.team_id, failure.code)
            report.stopped_teams.append((d.team_id, failure.code))
            return RETRYING
        if failure.code in CHANNEL_GONE:
            return self._stop_channel(d, failure.code, report)
        if failure.retry_after is not None:
            until = now + timedelta(seconds=failure.retry_after)
            self.pacer.hold(d.channel, until)
            outbox.retry_later(
                self.db, d.id, when=iso(until), error=failure.code, outcome_unknown=d.verify
            )
            report.retrying += 1
            return RETRYING
        if failure.transient and d.attempts < MAX_ATTEMPTS:
            when = now + backoff(d.attempts)
            outbox.retry_later(
                self.db, d.id, when=iso(when), error=failure.code, outcome_unknown=d.verify
            )
            log.info(
                "delivery %d: %s, attempt %d, retry at %s", d.id, failure.code, d.attempts, when
            )
            report.retrying += 1
            return RETRYING
        reason = failure.code
        if failure.transient:
            reason = f"gave up after {d.attempts} attempts: {failure.code}"
        outbox.fail(self.db, d, reason)
        log.warning("delivery %d to %s failed: %s", d.id, d.channel_id, reason)
        report.failed += 1
        return FAILED

    def _stop_channel(self, d: Delivery, reason: str, report: DeliveryReport) -> str:
        outbox.fail(self.db, d, reason)
        users = outbox.stop_channel(self.db, d.team_id, d.channel_id, reason)
        log.warning(
            "channel %s (team %s): %s; its watches and digest are stopped",
            d.channel_id,
            d.team_id,
            reason,
        )
        report.failed += 1
        report.stopped_channels.append((d.team_id, d.channel_id, reason))
        text = messages.channel_stopped_text(d.channel_id, reason)
        for user in users:
            self._tell(user, f"{text} Its partnership alerts and digest are stopped.")
        return FAILED

    def _tell(self, user_id: str, text: str) -> None:
        """A direct message from the app to a user; best effort, logged when it fails."""
        try:
            self.client.chat_postMessage(channel=user_id, text=text)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.warning("could not tell %s: %s", user_id, classify(exc).code)


def _stopped(report: DeliveryReport) -> set[Key]:
    return {(team, channel) for team, channel, _ in report.stopped_channels}
