"""The console: `/partners` in a terminal, through the same service and Block Kit builders
as Slack, drawn with rich. `click N` presses button N of the last answer; a file an answer
comes with (a map, a CSV) is written to the current directory and its path printed."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from sqlite_utils import Database

from bot.config import Settings
from bot.ingest.workers import lazy_ingestor
from bot.service.actions import handle_action
from bot.service.commands import handle_command
from bot.service.context import Attachment, Context, Reply
from bot.store.articles import has_articles
from bot.store.errors import StoreError, describe
from bot.terminal.blocks import BlockRenderer, Button

if TYPE_CHECKING:
    from bot.ingest.ingestor import Ingestor

TEAM_ID = "T_CONSOLE"
CHANNEL_ID = "C_CONSOLE"
USER_ID = "U_CONSOLE"
PROMPT = "partners> "
QUIT = {"quit", "exit", "q", ":q"}
_CLICK = re.compile(r"^(?:click|press|c)?\s*#?(\d+)$", re.IGNORECASE)
_PREFIX = re.compile(r"^/partners\b\s*", re.IGNORECASE)

GREETING = (
    "Type what you would type in Slack: [bold]/partners xiaomi[/bold], [bold]help[/bold],"
    " [bold]watch xiaomi[/bold], [bold]digest now[/bold]… ([bold]/partners[/bold] is optional)."
    "\n[bold]click N[/bold] presses button N of the last answer; [bold]quit[/bold] or Ctrl-D"
    " leaves."
)


def console_context(
    db: Database, settings: Settings, ingestor: Callable[[], Ingestor] | None = None
) -> Context:
    """The console's seat: one team, one channel, one user, an admin."""
    return Context(
        db=db,
        settings=settings,
        team_id=TEAM_ID,
        channel_id=CHANNEL_ID,
        user_id=USER_ID,
        is_admin=lambda: True,
        ingestor=ingestor,
    )


def show_reply(
    console: Console,
    reply: Reply,
    renderer: BlockRenderer | None = None,
    *,
    files_dir: Path | None = None,
) -> list[Button]:
    """Print `reply` (and, once it is done, its deferred part), writing its files to
    `files_dir` (default: the current directory); returns its buttons."""
    renderer = renderer or BlockRenderer()
    while True:
        if not reply.ephemeral:
            console.print(Text("(posted in the channel)", style="dim italic"))
        if reply.blocks:
            console.print(renderer.render(reply.blocks))
        else:
            console.print(reply.text)
        for attachment in reply.files:
            console.print(write_file(attachment, files_dir or Path.cwd()), highlight=False)
        if reply.deferred is None:
            return renderer.buttons
        with console.status("working…"):
            reply = reply.deferred()


def write_file(attachment: Attachment, folder: Path) -> Text:
    """Write the file an answer came with; the line that says where (or why not)."""
    path = folder / attachment.filename
    try:
        path.write_bytes(attachment.content)
    except OSError as error:
        return Text(f"could not write {path}: {error.strerror}", style="red")
    size = len(attachment.content)
    shown = f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    return Text.assemble("📎 ", (attachment.title, "bold"), f": {path} ({shown})")


class ConsoleSession:
    """Reads lines, answers each one; `buttons` are those of the last answer."""

    def __init__(self, ctx: Context, console: Console, files_dir: Path | None = None) -> None:
        self.ctx = ctx
        self.console = console
        self.files_dir = files_dir
        self.buttons: list[Button] = []

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user asked to leave. A database that refuses
        (read-only, full) is said in one line, and the session goes on."""
        try:
            return self._handle(line)
        except StoreError as exc:
            self.console.print(Text(str(exc), style="red"))
        except sqlite3.Error as exc:
            path = getattr(self.ctx.db, "path", None)
            self.console.print(Text(describe(exc, path), style="red"))
        return True

    def _handle(self, line: str) -> bool:
        line = line.strip()
        if not line:
            return True
        if line.lower() in QUIT:
            return False
        click = _CLICK.match(line)
        if click:
            self.click(int(click.group(1)))
        elif line.startswith("/") and not _PREFIX.match(line):
            command = line.split()[0]
            self.console.print(f"Only [bold]/partners[/bold] exists here, not {command}.")
        else:
            text = _PREFIX.sub("", line)
            reply = handle_command(self.ctx, text)
            self.buttons = show_reply(self.console, reply, files_dir=self.files_dir)
        return True

    def click(self, number: int) -> None:
        button = next((b for b in self.buttons if b.number == number), None)
        if button is None:
            have = f"1 to {len(self.buttons)}" if self.buttons else "none"
            self.console.print(f"No button {number} in the last answer (buttons: {have}).")
            return
        self.console.print(Text(f"→ {button.label}", style="dim"))
        reply = handle_action(self.ctx, button.action_id, button.value)
        self.buttons = show_reply(self.console, reply, files_dir=self.files_dir)

    def run(self, lines: Iterable[str] | None = None) -> None:
        """Answer what is typed, or `lines` (echoed after the prompt, as a transcript),
        until quit or the end of input."""
        self.console.print(GREETING, highlight=False)
        source = iter(lines) if lines is not None else None
        while True:
            try:
                if source is not None:
                    line = next(source)
                    self.console.print(Text(PROMPT, style="bold green") + Text(line.rstrip()))
                else:
                    line = self.console.input(f"[bold green]{PROMPT}[/]")
            except (EOFError, StopIteration, KeyboardInterrupt):
                self.console.print()
                return
            if not self.handle(line):
                return


def ingest_first(
    console: Console, ctx: Context, sources: list[str], ingestor: Callable[[], Ingestor]
) -> None:
    """On an empty database, read `sources` (the sample feed, PARTNERS_FEEDS) first."""
    if has_articles(ctx.db) or not sources:
        return
    if getattr(ctx.db, "read_only", False):
        console.print(Text("The database is empty and read-only: nothing to show.", style="dim"))
        return
    with console.status(f"Empty database: reading {len(sources)} source(s)…"):
        summary = ingestor().ingest(sources, trusted=True)  # the operator's sources
    console.print(Text(summary.line(), style="dim"))
    for error in summary.errors[:5]:
        console.print(Text(f"error: {error}", style="red"))


def run_console(
    settings: Settings,
    first_sources: list[str],
    *,
    lines: Iterable[str] | None = None,
    console: Console | None = None,
) -> int:
    """The session on `settings.db_path`: typed input, or `lines` (e.g. a pipe)."""
    import contextlib

    from bot.store import open_db

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())

    console = console or Console()
    db = open_db(settings.db_path)
    try:
        ingestor = lazy_ingestor(settings, lambda: db)
        ctx = console_context(db, settings, ingestor)
        ingest_first(console, ctx, first_sources, ingestor)
        session = ConsoleSession(ctx, console)
        session.run(lines)
    finally:
        db.close()
    return 0
