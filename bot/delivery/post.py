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
import functools
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

from bot import messages
from bot.config import Settings
from bot.delivery.alerts import Outgoing, render
from bot.delivery.failures import (
    CHANNEL_GONE,
    NETWORK_ERRORS,
    NOT_INSTALLED,
    TEAM_ERRORS,
    Failure,
    backoff,
    classify,
)
from bot.delivery.pacing import MAX_PACING_WAIT, Clock, Key, Pacer, clock_from
from bot.delivery.recovery import find_posted, metadata
from bot.delivery.threshold import default_min_confidence
from bot.store import outbox
from bot.store.clock import iso, utc_now
from bot.store.outbox import Delivery

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
LEASE = timedelta(minutes=5)  # longer than any attempt: client timeout + history pages
PASS_BUDGET = timedelta(seconds=50)

# The client that posts for a team (its own token when the app is installed by OAuth);
# None when the team has no installation.
ClientFor = Callable[[str], WebClient | None]


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
        client: WebClient | ClientFor,
        *,
        clock: Clock = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
        render: Callable[[Database, Delivery], Outgoing | str] = render,
        budget: timedelta = PASS_BUDGET,
        batch: int = 200,
    ):
        self.db = db
        self._clients = client if callable(client) else (lambda team_id: client)
        self._without_retries: dict[int, WebClient] = {}
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
        """One attempt at a due row: claim it, build its message, then send it."""
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
        client = self.client_for(d.team_id)
        if client is None:  # uninstalled: the team's posting stops until it is back
            return self._handle(d, Failure(NOT_INSTALLED), report)
        return self._send(d, out, report, client)

    def client_for(self, team_id: str) -> WebClient | None:
        """The team's client, without the SDK's retries (they are decided here)."""
        client = self._clients(team_id)
        if client is None:
            return None
        if id(client) not in self._without_retries:
            self._without_retries[id(client)] = without_retries(client)
        return self._without_retries[id(client)]

    def _send(self, d: Delivery, out: Outgoing, report: DeliveryReport, client: WebClient) -> str:
        """Post `out`; a channel the bot is not in is joined once and the post tried again.
        Whatever Slack refuses ends in `_handle` (retry later, stop, or fail)."""
        outcome, d, failure = self._try(d, out, report, client)
        if failure is None:
            return outcome
        if failure.code == "not_in_channel":
            refusal = self._join(client, d.channel_id)
            if refusal is None:
                outcome, d, failure = self._try(d, out, report, client)
                if failure is None:
                    return outcome
            elif refusal.transient or refusal.code in TEAM_ERRORS:
                return self._handle(d, refusal, report)
            else:
                reason = "is_archived" if refusal.code == "is_archived" else "not_in_channel"
                return self._stop_channel(d, reason, report, client)
        return self._handle(d, failure, report, client)

    def _try(
        self, d: Delivery, out: Outgoing, report: DeliveryReport, client: WebClient
    ) -> tuple[str, Delivery, Failure | None]:
        """One try: when an earlier attempt may have posted the message, look for it in the
        channel first; else post it. Returns the outcome and the row as it now stands, with
        Slack's failure if there was one."""
        try:
            ts = find_posted(client, d, out.thread_ts) if d.verify else None
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            return FAILED, d, classify(exc)
        if ts is not None:
            self._mark_posted(d, ts, out)
            log.info("delivery %d to %s was already posted", d.id, d.channel_id)
            report.reconciled += 1
            return RECONCILED, d, None
        sent_at = iso(self.clock())
        outbox.expect_unknown_outcome(self.db, d.id, sent_at)
        d = replace(d, verify=True, attempted_at=sent_at)
        try:
            ts = self._post(client, d, out)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            failure = classify(exc)
            if not failure.unknown:
                d = replace(d, verify=False)  # Slack answered: nothing was posted
            return FAILED, d, failure
        self._mark_posted(d, ts, out)
        report.posted += 1
        return POSTED, d, None

    def _post(self, client: WebClient, d: Delivery, out: Outgoing) -> str:
        response = client.chat_postMessage(
            channel=d.channel_id,
            text=out.message.text,
            blocks=out.message.blocks or None,
            thread_ts=out.thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            metadata=metadata(d),
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

    def _join(self, client: WebClient, channel_id: str) -> Failure | None:
        """Join a public channel; None on success, else why not (a private channel cannot be
        joined: `method_not_supported_for_channel_type`)."""
        try:
            client.conversations_join(channel=channel_id)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            return classify(exc)
        log.info("joined channel %s to post in it", channel_id)
        return None

    def _handle(
        self,
        d: Delivery,
        failure: Failure,
        report: DeliveryReport,
        client: WebClient | None = None,
    ) -> str:
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
            return self._stop_channel(d, failure.code, report, client)
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

    def _stop_channel(
        self, d: Delivery, reason: str, report: DeliveryReport, client: WebClient | None
    ) -> str:
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
        for user in users if client is not None else []:
            self._tell(client, user, f"{text} Its partnership alerts and digest are stopped.")
        return FAILED

    def _tell(self, client: WebClient, user_id: str, text: str) -> None:
        """A direct message from the app to a user; best effort, logged when it fails."""
        try:
            client.chat_postMessage(channel=user_id, text=text)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.warning("could not tell %s: %s", user_id, classify(exc).code)


def _stopped(report: DeliveryReport) -> set[Key]:
    return {(team, channel) for team, channel, _ in report.stopped_channels}


def deliver(
    settings: Settings,
    db: Database,
    client: WebClient | ClientFor,
    *,
    now: datetime | None = None,
    pacer: Pacer | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """One delivery pass over what the outbox owes (rows of any process)."""
    deliverer = Deliverer(
        db,
        client,
        render=functools.partial(render, default_threshold=default_min_confidence(settings)),
        clock=clock_from(now),
        sleep=sleep,
        pacer=pacer,
        budget=timedelta(seconds=max(settings.delivery_seconds - 5, 5)),
    )
    report = deliverer.run()
    if report.posted or report.failed or report.reconciled:
        log.info("delivery: %s", report.line())
    return report
