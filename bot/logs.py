"""Secrets kept out of the logs: every log record of the process, whoever wrote it (the bot,
Bolt, slack_sdk, waitress, httpx), has Slack tokens and the configured secrets redacted.

Defence in depth: nothing is meant to log a secret in the first place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Bot, user, app, refresh and config tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxe.xoxp-...) and
# app-level tokens (xapp-).
TOKEN = re.compile(r"\b(xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9._-]+")
REDACTED = "[redacted]"
MIN_SECRET_CHARS = 8  # shorter values would blank out ordinary words


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, traceback and stack with secrets replaced; never drops
    a record."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self.secrets: tuple[str, ...] = ()
        self.add(secrets)

    def add(self, secrets: Iterable[str | None]) -> None:
        known = set(self.secrets) | {s for s in secrets if s and len(s) >= MIN_SECRET_CHARS}
        self.secrets = tuple(sorted(known, key=len, reverse=True))

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN.sub(lambda m: f"{m.group(1)}-{REDACTED}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: the handler reports it, as usual
            return True
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_installed: RedactSecrets | None = None


def redact_secrets(secrets: Iterable[str | None] = ()) -> RedactSecrets:
    """Redact tokens, and these exact `secrets`, from every log record created in this
    process from now on (whatever logger or handler it goes to). Idempotent; a later call
    adds secrets."""
    global _installed
    if _installed is not None:
        _installed.add(secrets)
        return _installed
    redactor = _installed = RedactSecrets(secrets)
    make_record = logging.getLogRecordFactory()

    def redacted_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        redactor.filter(record)
        return record

    logging.setLogRecordFactory(redacted_record)
    return redactor
