"""The console: `/partners` in a terminal, through the same service and Block Kit builders
as Slack, drawn with rich. `click N` presses button N (numbers stay with their buttons for
the whole session); a button that opens a form asks its fields in turn. A file an answer
comes with (a map, a CSV) is written to the current directory and its path printed."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from sqlite_utils import Database

from bot.config import Settings
from bot.ingest.workers import lazy_ingestor
from bot.messages.blocks import plural
from bot.service import modals
from bot.service.actions import handle_action
from bot.service.commands import handle_command
from bot.service.context import Attachment, Context, Reply
from bot.store.articles import has_articles
from bot.store.errors import StoreError, describe
from bot.terminal.blocks import BlockRenderer, Button
from bot.terminal.forms import ConsoleForm

if TYPE_CHECKING:
    from bot.ingest.ingestor import Ingestor

TEAM_ID = "T_CONSOLE"
CHANNEL_ID = "C_CONSOLE"
USER_ID = "U_CONSOLE"
PROMPT = "partners> "
QUIT = {"quit", "exit", "q", ":q"}
_CLICK = re.compile(r"^(?:click|press|c)?\s*#?(\d+)$", re.IGNORECASE)
_PREFIX = re.compile(r"^[/@]partners\b[\s:,]*", re.IGNORECASE)
MAX_BUTTONS = 500  # buttons kept clickable, the latest ones
FORM_TRIES = 5  # times a form with errors is asked again before it is given up

GREETING = (
    "Type what you would type in Slack: [bold]/partners xiaomi[/bold], [bold]help[/bold],"
    " [bold]watch xiaomi[/bold], [bold]digest now[/bold]… ([bold]/partners[/bold] is optional)."
    "\n[bold]click N[/bold] presses button N; [bold]quit[/bold] or Ctrl-D leaves"
    " (Ctrl-C clears the line)."
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
        operator=True,
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
    first = len(renderer.buttons)
    while True:
        if not reply.ephemeral:
            console.print(Text("(posted in the channel)", style="dim italic"))
        if reply.blocks:
            console.print(renderer.render(reply.blocks))
        elif reply.text:
            console.print(reply.text)
        for attachment in reply.files:
            console.print(write_file(attachment, files_dir or Path.cwd()), highlight=False)
        if reply.deferred is None:
            return renderer.buttons[first:]
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
    """Reads lines, answers each one. Buttons keep their number for the whole session, so
    pressing one never renumbers the others."""

    def __init__(self, ctx: Context, console: Console, files_dir: Path | None = None) -> None:
        self.ctx = ctx
        self.console = console
        self.files_dir = files_dir
        self.renderer = BlockRenderer()
        self._source: Iterator[str] | None = None

    @property
    def buttons(self) -> list[Button]:
        return self.renderer.buttons

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
            self.show(handle_command(self.ctx, text))
        return True

    def show(self, reply: Reply) -> None:
        if reply.view is not None:
            self.fill_form(reply.view)
            return
        show_reply(self.console, reply, self.renderer, files_dir=self.files_dir)
        del self.renderer.buttons[:-MAX_BUTTONS]

    def click(self, number: int) -> None:
        button = next((b for b in self.buttons if b.number == number), None)
        if button is None:
            numbers = [b.number for b in self.buttons]
            have = f"{min(numbers)} to {max(numbers)}" if numbers else "none yet"
            self.console.print(f"No button {number} on screen (buttons: {have}).")
            return
        self.console.print(Text(f"→ {button.label}", style="dim"))
        self.show(handle_action(self.ctx, button.action_id, button.value))

    def fill_form(self, view: dict) -> None:
        """A form (modal): its fields asked in turn, saved, asked again where it is wrong."""
        form = ConsoleForm(self.console, self.ask, lambda a, t: modals.suggest(self.ctx, a, t))
        form.show(view)
        values = form.fill(view)
        for _ in range(FORM_TRIES):
            if values is None:
                break
            done = modals.submit(
                self.ctx, view.get("callback_id", ""), view.get("private_metadata"), values
            )
            if not done.errors:
                self.console.print(Text("└ Saved.", style="bold green"))
                for update in done.updates:
                    self.console.print(
                        Text(f"(alert redrawn in #{update.channel_id})", style="dim")
                    )
                if done.reply is not None:
                    self.show(done.reply)
                return
            form.errors(view, done.errors)
            values = form.fill(view, values, only=set(done.errors))
        self.console.print(Text("└ Cancelled: nothing saved.", style="dim"))

    def ask(self, prompt: str) -> str | None:
        """The next line typed (or piped), None at the end of input."""
        try:
            if self._source is not None:
                line = next(self._source)
                self.console.print(Text(prompt) + Text(line.rstrip()))
                return line
            return self.console.input(prompt)
        except (EOFError, StopIteration, KeyboardInterrupt):
            self.console.print()
            return None

    def run(self, lines: Iterable[str] | None = None) -> None:
        """Answer what is typed, or `lines` (echoed after the prompt, as a transcript),
        until quit or the end of input. Ctrl-C clears the line; twice in a row, it leaves."""
        self.console.print(GREETING, highlight=False)
        self._source = iter(lines) if lines is not None else None
        interrupted = False
        while True:
            try:
                if self._source is not None:
                    line = next(self._source)
                    self.console.print(Text(PROMPT, style="bold green") + Text(line.rstrip()))
                else:
                    line = self.console.input(f"[bold green]{PROMPT}[/]")
            except (EOFError, StopIteration):
                self.console.print()
                return
            except KeyboardInterrupt:
                if interrupted:
                    self.console.print("\nBye.")
                    return
                self.console.print("\n(line cleared; Ctrl-C again, quit or Ctrl-D to leave)")
                interrupted = True
                continue
            interrupted = False
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
    with console.status(f"Empty database: reading {plural(len(sources), 'source')}…"):
        # The operator's feeds: kept as feeds, so `/partners feeds` lists them.
        summary = ingestor().ingest(sources, poll=True, trusted=True)
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
