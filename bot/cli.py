"""The `partners-bot` command: each sub-command a thin wrapper over library functions."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.text import Text

from bot.config import ConfigError, Settings
from bot.logs import redact_secrets
from bot.nlp.batch import BadInput
from bot.store.errors import StoreError, StoreReadOnly, describe


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ingest.ingestor import Ingestor
    from bot.nlp.analyzer import analyzer_for
    from bot.store import open_db
    from bot.terminal.report import IngestProgress

    console = Console(stderr=True)
    db = open_db(settings.db_path)
    if db.read_only:
        raise StoreReadOnly(f"the database is read-only, nothing can be ingested: {db.path}")
    analyzer = analyzer_for(settings)
    if args.workers > 1:
        from bot.nlp.parallel import ParallelAnalyzer

        analyzer = ParallelAnalyzer(analyzer, args.workers)
    try:
        with IngestProgress(console) as shown:
            summary = Ingestor(settings, db, analyzer).ingest(
                args.sources,
                poll=args.poll,
                trusted=True,
                progress=shown.source,
                article_progress=shown.article,
            )
    finally:
        if args.workers > 1:
            analyzer.close()
    for error in summary.errors:  # one line each, never wrapped; text, not rich markup
        console.print(Text.assemble(("error", "red"), " ", error), soft_wrap=True, highlight=False)
    print(summary.line())
    failed_everything = summary.errors and summary.seen == 0 and summary.not_modified == 0
    return 1 if failed_everything else 0


def _positive(text: str) -> int:
    """An argparse type: a whole number from 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    """What `/partners TEXT` answers, drawn as Slack would show it; with --json, what it
    finds as data (partnerships and articles)."""
    from bot.ingest.workers import lazy_ingestor
    from bot.service.commands import handle_command
    from bot.service.data import query_data
    from bot.store import open_db
    from bot.terminal.console import console_context, show_reply

    db = open_db(settings.db_path)
    try:
        ctx = console_context(db, settings, lazy_ingestor(settings, lambda: db))
        text = " ".join(args.text).strip()
        if args.json:
            data = query_data(ctx, text, limit=args.limit)
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 1 if "error" in data else 0
        show_reply(Console(), handle_command(ctx, text))
        return 0
    finally:
        db.close()


def cmd_feeds(args: argparse.Namespace, settings: Settings) -> int:
    """The operator's feeds: list, add, remove, pause, resume (any feed, local files too)."""
    from bot.store import open_db
    from bot.terminal.feeds import feeds_command

    db = open_db(settings.db_path)
    try:
        return feeds_command(db, args.action, args.target, Console(), Console(stderr=True))
    finally:
        db.close()


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """`/partners` in the terminal; on an empty database, the sample feed is read first."""
    from bot.terminal.console import run_console

    lines = None if sys.stdin.isatty() else sys.stdin
    return run_console(settings, _first_sources(settings), lines=lines)


def _first_sources(settings: Settings) -> list[str]:
    """What an empty database is filled from: the sample feed, then PARTNERS_FEEDS."""
    from bot.ingest.sources import SAMPLE_FEED

    return ([str(SAMPLE_FEED)] if SAMPLE_FEED.exists() else []) + list(settings.feeds)


def cmd_manifest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.manifest import manifest, to_json, to_yaml

    mode = args.mode or ("socket" if settings.slack_app_token else "http")
    data = manifest(socket_mode=mode == "socket", url=args.url, token_rotation=args.token_rotation)
    sys.stdout.write(to_json(data) + "\n" if args.json else to_yaml(data))
    return 0


def run_mode(requested: str, settings: Settings, *, interactive: bool) -> str:
    """`auto` resolved: Slack when SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SECRET) is set
    (Socket Mode if SLACK_APP_TOKEN is too), else the console on a terminal, else the
    sample-feed report."""
    if requested != "auto":
        return requested
    if settings.slack_configured:
        return "socket" if settings.slack_app_token else "http"
    return "console" if interactive else "sample"


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """The main job: the Slack app, or without credentials the console or the sample."""
    mode = run_mode(args.mode, settings, interactive=sys.stdin.isatty())
    if mode in ("http", "socket"):
        _check_writable_store(settings)
        from bot.slack import serve
        from bot.slack.runtime import build_server

        if not args.verbose:
            logging.getLogger().setLevel(_log_level(settings))
        build = functools.partial(build_server, settings)
        if mode == "http":
            return serve.serve_http(settings, build)
        return serve.serve_socket(settings, build)
    if mode == "console":
        return cmd_console(args, settings)
    return run_sample(settings)


def _check_writable_store(settings: Settings) -> None:
    """The server writes (events, watches, deliveries): refuse to start on a database that
    cannot be opened or written, in one line, before anything else starts."""
    from bot.store import open_db

    db = open_db(settings.db_path)
    try:
        if db.read_only:
            raise StoreReadOnly(f"the database is read-only, the bot needs to write: {db.path}")
    finally:
        db.close()


def _log_level(settings: Settings) -> int:
    level = logging.getLevelName(settings.log_level)
    if not isinstance(level, int):
        raise ConfigError(
            f"PARTNERS_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {settings.log_level!r}"
        )
    return level


def run_sample(settings: Settings) -> int:
    """No Slack, no terminal (CI, pipes): ingest the sample feed and print the stories."""
    from bot.ingest.ingestor import Ingestor
    from bot.ingest.sources import SAMPLE_FEED
    from bot.nlp.analyzer import analyzer_for
    from bot.store import open_db
    from bot.store.articles import has_articles
    from bot.store.queries import latest_partnerships
    from bot.terminal.report import print_partnership

    db = open_db(settings.db_path)
    sources = list(settings.feeds)
    if not has_articles(db) and SAMPLE_FEED.exists():
        sources.append(str(SAMPLE_FEED))
    console = Console()
    if sources:
        ingestor = Ingestor(settings, db, analyzer_for(settings))
        summary = ingestor.ingest(sources, poll=True, trusted=True)  # the operator's feeds
        console.print(summary.line(), highlight=False)
    for p in latest_partnerships(db, limit=10):
        print_partnership(console, p)
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("partners-bot")
    except PackageNotFoundError:
        from bot import __version__

        return __version__


def _common() -> argparse.ArgumentParser:
    """Options every sub-command takes too, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging"
    )
    common.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="the database (PARTNERS_DB)"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partners-bot",
        description="Watch business news and report company partnerships (EN/FR).",
        parents=[_common()],
    )
    parser.set_defaults(verbose=False, db=None)
    parser.add_argument("--version", action="version", version=f"partners-bot {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, **options) -> argparse.ArgumentParser:
        # A parent of its own: parents share their actions, and the top parser's defaults
        # (verbose=False, db=None) would otherwise undo what was given before the command.
        return sub.add_parser(name, parents=[_common()], **options)

    _data_commands(command)
    p = command("run", help="run the bot: Slack app, or the console without credentials")
    p.add_argument(
        "--mode",
        choices=("auto", "http", "socket", "console", "sample"),
        default="auto",
        help="http: serve POST /slack/events on $PORT; socket: Socket Mode (SLACK_APP_TOKEN);"
        " console: the terminal; sample: ingest the sample feed and print the stories;"
        " auto (default): http or socket with SLACK_BOT_TOKEN, else console on a terminal,"
        " else sample",
    )
    p.set_defaults(func=cmd_run)

    p = command("console", help="type /partners commands in the terminal, no Slack")
    p.set_defaults(func=cmd_console)

    p = command("manifest", help="print the Slack app manifest (YAML)")
    p.add_argument("--mode", choices=("http", "socket"), help="default: socket if SLACK_APP_TOKEN")
    p.add_argument("--url", help="public base URL of the bot, for HTTP mode")
    p.add_argument("--json", action="store_true", help="JSON instead of YAML")
    p.add_argument(
        "--token-rotation",
        action="store_true",
        help="HTTP installs: tokens expire and the bot refreshes them",
    )
    p.set_defaults(func=cmd_manifest)

    from bot.insights.cli import add_commands

    add_commands(command)  # export, map, trends
    return parser


FEED_ACTIONS = ("list", "add", "remove", "pause", "resume")


def _data_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The commands that read news in or get answers out: ingest, query, feeds; and those
    that measure and train the analysis (`bot.terminal.learning`)."""
    p = command("ingest", help="ingest feeds, article URLs, files or directories")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--poll", action="store_true", help="also keep polling these feeds in `run`")
    p.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="analyse in N processes (one per core; each loads the models)",
    )
    p.set_defaults(func=cmd_ingest)

    from bot.terminal.learning import add_commands as add_learning_commands

    add_learning_commands(command)  # analyze, eval, eval-grouping, train, feedback
    p = command("query", help="what `/partners TEXT` answers, in the terminal")
    p.add_argument("text", nargs="+")
    p.add_argument("--json", action="store_true", help="the partnerships found, as data")
    p.add_argument("--limit", type=int, default=20, help="with --json: at most this many")
    p.set_defaults(func=cmd_query)

    p = command("feeds", help="the feeds the bot reads: list, add, remove, pause, resume")
    p.add_argument("action", nargs="?", default="list", choices=FEED_ACTIONS)
    p.add_argument("target", nargs="?", metavar="URL|PATH|ID", help="the feed (not for list)")
    p.set_defaults(func=cmd_feeds)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    redact_secrets()  # tokens, from the first record on
    try:
        settings = Settings.from_env()
        if args.db:
            settings = dataclasses.replace(settings, db_path=Path(args.db))
        redact_secrets(settings.secrets())
        return args.func(args, settings)
    except ConfigError as exc:
        print(f"partners-bot: configuration error: {exc}", file=sys.stderr)
        return 2
    except BadInput as exc:
        print(f"partners-bot: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"partners-bot: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"partners-bot: {describe(exc, _db_path())}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"partners-bot: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("partners-bot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `partners-bot eval-grouping ... | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _db_path() -> str:
    try:
        return str(Settings.from_env(dotenv=False).db_path)
    except ConfigError:
        return "the database"
