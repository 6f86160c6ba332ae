"""The console: Block Kit drawn in the terminal, and a session driven end to end."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style

from bot import messages
from bot.config import Settings
from bot.ingest.ingestor import IngestSummary
from bot.store import open_db
from bot.terminal.blocks import BlockRenderer, mrkdwn
from bot.terminal.console import ConsoleSession, console_context, ingest_first
from tests.conftest import bot_env
from tests.insights.pictures import assert_picture
from tests.stories import HEADLINE, store_partnership

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


def draw(blocks: list[dict], width: int = 100) -> tuple[str, BlockRenderer]:
    console = Console(width=width, record=True, file=io.StringIO())
    renderer = BlockRenderer()
    console.print(renderer.render(blocks))
    return console.export_text(), renderer


def styles_of(text) -> set[str]:
    found = set()
    for span in text.spans:
        style = Style.parse(span.style) if isinstance(span.style, str) else span.style
        found |= {name for name in ("bold", "italic", "strike") if getattr(style, name)}
        if style.link:
            found.add(f"link:{style.link}")
    return found


@pytest.mark.parametrize(
    "source,plain,styles",
    [
        ("*Topics:* ai", "Topics: ai", {"bold"}),
        ("_“signed an MoU”_", "“signed an MoU”", {"italic"}),
        ("<https://example.com/a|Xiaomi signs>", "Xiaomi signs", {"link:https://example.com/a"}),
        ("AT&amp;T &lt;b&gt;", "AT&T <b>", set()),
        ("`/partners help`", "/partners help", {"bold"}),
        ("> _quoted_", "▌ quoted", {"italic"}),
        ("file_name_here and 2*3*4", "file_name_here and 2*3*4", set()),
        ("<!channel> and <@U0ALICE>", "@channel and @U0ALICE", {"bold"}),
        (":handshake: deal", "🤝 deal", set()),
    ],
)
def test_mrkdwn_becomes_styled_text(source, plain, styles):
    text = mrkdwn(source)

    assert text.plain == plain
    assert styles_of(text) == styles


def test_buttons_are_numbered_across_the_message():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Microsoft × Xiaomi — MoU"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "They *signed*."}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "2024-05-02"}]},
        {"type": "divider"},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Not a partnership"},
                    "action_id": "not_partnership",
                    "value": "7",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Share"},
                    "action_id": "share",
                    "value": "3",
                },
            ],
        },
    ]

    shown, renderer = draw(blocks)

    assert HEADLINE.search(shown)
    assert "They signed." in shown
    assert "[1 Not a partnership] [2 Share]" in shown
    assert [(b.number, b.action_id, b.value) for b in renderer.buttons] == [
        (1, "not_partnership", "7"),
        (2, "share", "3"),
    ]


def test_help_is_drawn_from_the_same_builder_as_slack():
    shown, _ = draw(messages.help_message().blocks)

    assert "partners-bot: who partners with whom" in shown
    assert "/partners watch <company>" in shown


class FakeIngestor:
    def __init__(self) -> None:
        self.sources: list[list[str]] = []
        self.options: list[dict] = []

    def ingest(self, sources, **options) -> IngestSummary:
        self.sources.append(list(sources))
        self.options.append(options)
        return IngestSummary(sources=len(sources), seen=3)


def test_an_empty_database_reads_the_first_sources(db_path):
    db = open_db(db_path)
    ctx = console_context(db, Settings(db_path=db_path))
    fake = FakeIngestor()
    console = Console(record=True, file=io.StringIO())

    ingest_first(console, ctx, ["sample-feed.xml", "https://example.com/rss"], lambda: fake)
    assert fake.sources == [["sample-feed.xml", "https://example.com/rss"]]
    assert "2 sources, 3 articles" in console.export_text()
    assert fake.options == [{"poll": True, "trusted": True}]  # kept as the operator's feeds

    store_partnership(db, "Xiaomi", "Microsoft")
    ingest_first(console, ctx, ["sample-feed.xml"], lambda: fake)
    assert len(fake.sources) == 1  # not empty any more: nothing is read


def test_session_lines(db_path):
    db = open_db(db_path)
    console = Console(record=True, width=100, file=io.StringIO())
    session = ConsoleSession(console_context(db, Settings(db_path=db_path)), console)

    session.run(["help", "click 3", "/giphy cats", "", "quit", "help"])

    shown = console.export_text()
    assert shown.count("who partners with whom") == 1  # nothing after quit
    assert "No button 3 on screen (buttons: none yet)." in shown
    assert "Only /partners exists here, not /giphy." in shown


def test_a_map_and_an_export_are_written_to_files_and_their_paths_printed(db_path, tmp_path):
    db = open_db(db_path)
    store_partnership(db, "Xiaomi", "Microsoft")
    console = Console(record=True, width=200, file=io.StringIO())
    folder = tmp_path / "out"
    folder.mkdir()
    session = ConsoleSession(console_context(db, Settings(db_path=db_path)), console, folder)

    session.run(["/partners map xiaomi 5y", "export xiaomi", "map nobody"])

    shown = console.export_text()
    png, table = folder / "xiaomi-partner-map.png", folder / "partnerships-xiaomi.csv"
    assert f"📎 Partner map of Xiaomi: {png} (" in shown
    assert f"📎 Partnerships of Xiaomi: {table} (" in shown
    assert_picture(png.read_bytes())
    assert table.read_text(encoding="utf-8").startswith("date,first_seen,parties,")
    assert "No company called nobody is stored yet." in shown
    assert sorted(p.name for p in folder.iterdir()) == [table.name, png.name]


@pytest.mark.slow
def test_console_end_to_end_with_piped_input(partners_bot, tmp_path):
    db = open_db(tmp_path / "partners.db")
    store_partnership(db, "Xiaomi", "Microsoft")
    db.close()

    done = partners_bot("console", stdin="help\n/partners xiaomi\nclick 1\nquit\n")

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "partners> help" in out  # the transcript shows what was typed
    assert "/partners watch <company>" in out
    assert HEADLINE.search(out)
    assert "[1 Not a partnership]" in out
    assert "→ Not a partnership" in out
    assert "hidden for your workspace" in out


@pytest.mark.slow
def test_run_without_credentials_opens_the_console_on_a_terminal(tmp_path):
    db = open_db(tmp_path / "partners.db")
    store_partnership(db, "Xiaomi", "Microsoft")
    db.close()
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=bot_env(tmp_path, TERM="xterm", COLUMNS="100"),
    )
    os.close(slave)
    try:
        screen = Screen(master)
        screen.wait_for("partners>")
        os.write(master, b"/partners xiaomi\n")
        screen.wait_for("— MoU")
        screen.wait_for("partners>")
        os.write(master, b"quit\n")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


class Screen:
    """What a pseudo-terminal shows, read until some text appears."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""
        self.read_up_to = 0

    def wait_for(self, wanted: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text[self.read_up_to :]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{wanted!r} not shown; screen:\n{self.text}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the program ended
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{wanted!r} not shown before the end:\n{self.text}")
                self.text += ANSI.sub("", chunk.decode("utf-8", "replace"))
        self.read_up_to = self.text.index(wanted, self.read_up_to) + len(wanted)


@given(st.text(max_size=300))
def test_any_mrkdwn_draws_without_error(source):
    text = mrkdwn(source)

    assert "*" not in text.plain or "*" in source


@given(st.text(max_size=200))
def test_any_answer_draws_with_its_buttons(typed):
    message = messages.unknown_message(typed, "search")
    shown, renderer = draw(message.blocks)

    assert "I didn" in shown
    assert renderer.buttons == []


def session_on(db_path, lines: list[str]) -> str:
    db = open_db(db_path)
    console = Console(record=True, width=120, file=io.StringIO())
    session = ConsoleSession(console_context(db, Settings(db_path=db_path)), console)
    session.run(lines)
    db.close()
    return console.export_text()


def test_button_numbers_stay_with_their_buttons_after_a_click(db_path):
    db = open_db(db_path)
    store_partnership(db, "Xiaomi", "Microsoft")
    db.close()

    shown = session_on(db_path, ["xiaomi", "click 1", "click 3", "click 5"])

    assert "[1 Not a partnership] [2 Wrong companies] [3 Mute Microsoft]" in shown
    assert "[5 Undo]" in shown  # the thanks' button comes after the answer's
    assert "→ Mute Microsoft" in shown and "is muted in this channel" in shown
    assert "→ Undo" in shown and "shows again" in shown


def test_at_partners_is_the_command_not_a_company(db_path):
    db = open_db(db_path)
    store_partnership(db, "Sony", "Honda")
    db.close()

    shown = session_on(db_path, ["@partners sony", "@partners: help"])

    assert "Honda × Sony — MoU" in shown or "Sony × Honda — MoU" in shown
    assert "partners sony" not in shown.replace("partners> @partners sony", "")
    assert "who partners with whom" in shown


def test_ctrl_c_clears_the_line_and_twice_leaves(db_path):
    db = open_db(db_path)
    console = Console(record=True, width=100, file=io.StringIO())
    session = ConsoleSession(console_context(db, Settings(db_path=db_path)), console)
    typed = iter(["help", KeyboardInterrupt, "watchlist", KeyboardInterrupt, KeyboardInterrupt])

    def fake_input(prompt):
        item = next(typed)
        if item is KeyboardInterrupt:
            raise KeyboardInterrupt
        return item

    console.input = fake_input
    session.run()

    shown = console.export_text()
    assert "line cleared" in shown and "Bye." in shown
    assert "watches no company yet" in shown  # the session went on after one Ctrl-C


def test_a_form_is_filled_in_the_console_errors_asked_again(db_path):
    shown = session_on(
        db_path,
        [
            "watchlist",
            "click 3",  # Alert settings
            "1.5",  # confidence: wrong
            "joint",
            "",
            "",
            "",
            "",
            "80%",  # asked again: only the wrong field
            "settings",
        ],
    )

    assert "⚠ Confidence an alert needs: Give a number from 0 to 1" in shown
    assert "└ Saved." in shown
    assert "Only these deals: Joint venture." in shown
    assert "Confidence needed: 80% (set here)." in shown


def test_wrong_companies_in_the_console(db_path):
    db = open_db(db_path)
    store_partnership(db, "Xiaomi", "Redmond Daily")
    db.close()

    shown = session_on(db_path, ["xiaomi", "click 2", "Xiaomi, Microsoft", "xiaomi"])

    assert "Wrong companies" in shown and "└ Saved." in shown
    assert shown.rstrip().count("Xiaomi × Microsoft — MoU") >= 2  # the thanks, then the answer
