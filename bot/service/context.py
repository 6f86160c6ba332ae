"""Who is asking and where (`Context`), what goes back (`Reply`, with any `Attachment`), and
the guard that turns any failure into a logged error and a short ":warning:" answer."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from bot import messages
from bot.config import Settings
from bot.insights.drawing import render
from bot.messages.blocks import Message
from bot.store.errors import is_full_error, is_read_only_error

if TYPE_CHECKING:
    from bot.delivery.digests import DigestResult
    from bot.ingest.ingestor import Ingestor
    from bot.insights.drawing import Picture

log = logging.getLogger(__name__)

SORRY = "Something went wrong on my side; it has been logged. Please try again later."
CANNOT_WRITE = "The database is read-only or full here, so nothing was changed."


@dataclass(frozen=True)
class Context:
    """Who is asking, where, and the means to answer."""

    db: sqlite_utils.Database
    settings: Settings
    team_id: str
    channel_id: str
    user_id: str
    is_admin: Callable[[], bool]
    ingestor: Callable[[], Ingestor] | None = None
    on_subscriptions_changed: Callable[[], None] = lambda: None
    # Posts the channel's digest through the outbox (Slack); None: the digest is the answer.
    post_digest: Callable[[], DigestResult] | None = None
    # Draws a map or chart to PNG bytes: here, or in a drawing process (`DrawingPool`).
    draw: Callable[[Picture], bytes] = render
    operator: bool = False  # the bot's operator (the console): may change shared feeds

    @property
    def is_operator(self) -> bool:
        """The console's user, or one listed in PARTNERS_ADMINS."""
        return self.operator or self.user_id in self.settings.admins


@dataclass(frozen=True)
class Attachment:
    """A file that goes with a reply: a picture (PNG) or a table (CSV). Slack uploads it,
    the console writes it to disk."""

    filename: str
    content: bytes
    title: str
    alt_text: str = ""  # what the picture shows, for screen readers

    @property
    def is_image(self) -> bool:
        return self.filename.lower().endswith(".png")


@dataclass
class Reply:
    text: str
    blocks: list[dict]
    ephemeral: bool = True
    replace_original: bool = False
    deferred: Callable[[], Reply] | None = None
    files: tuple[Attachment, ...] = ()
    view: dict | None = None  # a form (modal) to open instead of a message


def to_reply(message: Message, *, ephemeral: bool = True, **options) -> Reply:
    """The reply that sends `message` (privately unless `ephemeral` is False)."""
    return Reply(message.text, message.blocks, ephemeral=ephemeral, **options)


def warning(text: str = SORRY) -> Reply:
    """A short ":warning:" reply; by default, that something failed on our side."""
    return to_reply(messages.error_message(text))


def guarded(what: str, run: Callable[[], Reply]) -> Callable[[], Reply]:
    """`run`, turned into one that logs any failure and answers with a warning (a database
    that refuses to write, read-only or full, is said as such)."""

    def run_guarded() -> Reply:
        try:
            reply = run()
        except sqlite3.OperationalError as exc:
            if not (is_read_only_error(exc) or is_full_error(exc)):
                log.exception("%s failed", what)
                return warning()
            log.warning("%s: the database refused a write: %s", what, exc)
            return warning(CANNOT_WRITE)
        except Exception:
            log.exception("%s failed", what)
            return warning()
        if reply.deferred is not None:
            reply.deferred = guarded(f"{what} (deferred)", reply.deferred)
        return reply

    return run_guarded
