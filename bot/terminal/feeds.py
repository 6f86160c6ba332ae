"""`partners-bot feeds list|add|remove|pause|resume`: the operator's hands on every feed the
bot polls (local files included), one line each, nothing cut."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text
from sqlite_utils import Database

from bot.ingest.locations import is_url, source_key
from bot.messages.blocks import plural
from bot.store import feeds as feed_store


def _find(db: Database, target: str) -> feed_store.Feed | None:
    target = target.strip()
    if target.isdigit():
        return feed_store.get_feed(db, int(target))
    return feed_store.get_feed(db, source_key(target)) or feed_store.get_feed(db, target)


def _line(feed: feed_store.Feed) -> Text:
    status = "paused" if feed.paused else ("failing" if feed.error_count else "ok")
    style = {"paused": "yellow", "failing": "red"}.get(status, "green")
    line = Text.assemble((f"{feed.id:>4} ", "bold"), (f"{status:<8}", style), feed.url)
    details = [plural(feed.items_seen, "item")]
    details.append(f"last success {(feed.last_success_at or 'never')[:16].replace('T', ' ')}")
    if feed.team_id:
        details.append(f"added in workspace {feed.team_id}")
    if feed.error_count and feed.last_error:
        details.append(f"last error: {' '.join(feed.last_error.split())[:200]}")
    line.append("  (" + "; ".join(details) + ")", style="dim")
    return line


def feeds_command(db: Database, action: str, target: str | None, out: Console, err: Console) -> int:
    """Carry out one `partners-bot feeds` action; 0 when done, 1 with one error line."""

    def fail(message: str) -> int:
        err.print(Text.assemble(("error", "red"), " ", message), soft_wrap=True, highlight=False)
        return 1

    if action == "list":
        feeds = feed_store.list_feeds(db)
        if not feeds:
            out.print("No feeds are polled. Add one: partners-bot feeds add URL|PATH")
        for feed in feeds:
            out.print(_line(feed), soft_wrap=True, highlight=False)
        return 0
    if not target:
        return fail(f"feeds {action} needs a feed: its URL, path or id (partners-bot feeds list)")
    if action == "add":
        if is_url(target):
            if not target.lower().startswith(("http://", "https://")):
                return fail(f"{target}: only http(s) URLs and local files can be read")
        elif not Path(source_key(target)).exists():
            return fail(f"{target}: no such file or directory")
        feed = feed_store.ensure_feed(db, source_key(target), poll=True)
        out.print(_line(feed), soft_wrap=True, highlight=False)
        out.print("Added: read at the next poll of `partners-bot run`.", style="dim")
        return 0
    feed = _find(db, target)
    if feed is None or not feed.poll:
        return fail(f"{target}: no such feed (partners-bot feeds list)")
    if action == "remove":
        feed_store.deactivate_feed(db, feed.id)
        out.print(f"Removed feed {feed.id}: {feed.url}", soft_wrap=True, highlight=False)
        return 0
    paused = action == "pause"
    if not feed_store.set_paused(db, feed.id, paused):
        out.print(f"Feed {feed.id} is already {'paused' if paused else 'read'}.")
        return 0
    verb = "Paused" if paused else "Resumed"
    out.print(f"{verb} feed {feed.id}: {feed.url}", soft_wrap=True, highlight=False)
    return 0
