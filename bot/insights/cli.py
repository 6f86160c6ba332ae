"""`partners-bot export | map | trends`: the insights from the command line.

Registered by `bot.cli` through `add_commands`; each command is a thin wrapper over the
library (`bot.store.export` + `bot.insights.export`, `bot.insights.partner_map`,
`bot.insights.trends`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bot.config import Settings


class CommandError(Exception):
    """A one-line message for the user; the command exits with `code`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def add_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `export`, `map` and `trends` through `command(name, **options)`, which adds a
    sub-command to the `partners-bot` parser (with the options every command takes)."""
    p = command("export", help="partnerships as CSV or JSON Lines (stdout or --out)")
    p.add_argument("--company", help="only this company's partnerships")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only deals dated on or after this day")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    p.add_argument("--out", type=Path, help="file to write (default: stdout)")
    p.set_defaults(func=_guarded(cmd_export))

    p = command("map", help="a company's partner map as a PNG")
    p.add_argument("company", nargs="+")
    p.add_argument("--period", default="24m", help="how far back: 6m, 24m, 2y, 90d (default 24m)")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="the period's last day (default: today)")
    p.add_argument("--out", type=Path, help="PNG file to write (default: COMPANY-map.png)")
    p.set_defaults(func=_guarded(cmd_map))

    p = command("trends", help="who signs the most new partnerships, and spikes")
    p.add_argument("period", nargs="?", default="7d", help="7d, 30d, 90d... (default 7d)")
    p.add_argument("--out", type=Path, help="also draw the bar chart to this PNG file")
    p.set_defaults(func=_guarded(cmd_trends))


def _guarded(command):
    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return command(args, settings)
        except CommandError as exc:
            print(f"partners-bot: {exc}", file=sys.stderr)
            return exc.code
        except BrokenPipeError:  # `export | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    return run


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.insights.export import write
    from bot.store import open_db
    from bot.store.export import export_records

    since = parse_day(args.since) if args.since else None
    db = open_db(settings.db_path)
    try:
        org_ids = company_ids(db, args.company) if args.company else None
        with _output(args.out) as out:
            count = write(export_records(db, org_ids=org_ids, since=since), out, args.format)
        where = f" to {args.out}" if args.out else ""
        print(f"exported {count} partnership{'s' if count != 1 else ''}{where}", file=sys.stderr)
        return 0
    finally:
        db.close()


def cmd_map(args: argparse.Namespace, settings: Settings) -> int:
    from bot.insights.mapchart import render_map
    from bot.insights.partner_map import build_map
    from bot.store import open_db

    period = _period(args.period, parse_day(args.until) if args.until else None)
    name = " ".join(args.company)
    db = open_db(settings.db_path)
    try:
        orgs = _orgs(db, name)
        pm = build_map(db, [o.id for o in orgs], orgs[0].name, period)
        print(pm.in_words())
        if pm.empty:
            return 0
        out = args.out or Path(_slug(pm.company) + "-map.png")
        _write_bytes(out, render_map(pm))
        print(out)
        return 0
    finally:
        db.close()


def cmd_trends(args: argparse.Namespace, settings: Settings) -> int:
    from bot.insights.trendchart import render_trends
    from bot.insights.trends import in_words, trends
    from bot.store import open_db

    period = _period(args.period)
    db = open_db(settings.db_path)
    try:
        report = trends(db, period)
        print("\n".join(in_words(report)))
        if args.out and not report.empty:
            _write_bytes(args.out, render_trends(report))
            print(args.out)
        return 0
    finally:
        db.close()


def _period(span: str, until: date | None = None):
    from bot.insights.periods import PeriodError, last

    try:
        return last(span, now=until)
    except PeriodError as exc:
        raise CommandError(str(exc), 2) from None


def _orgs(db, name: str):
    from bot.store.orgs import find_orgs

    orgs = find_orgs(db, name)
    if not orgs:
        raise CommandError(f"no company called “{name}” in the store")
    if len({o.name for o in orgs}) > 1:
        names = ", ".join(sorted({o.name for o in orgs}))
        raise CommandError(f"“{name}” could be {names}: say which")
    return orgs


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "company"


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"“{text}” is not a date: use YYYY-MM-DD, e.g. 2025-01-31", 2) from None


def company_ids(db, name: str) -> list[int]:
    """The organisation ids a company name means; one company, or a one-line error."""
    return [org.id for org in _orgs(db, name)]


@contextmanager
def _output(path: Path | None):
    if path is None:
        yield sys.stdout
        return
    try:
        out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None
    with out:
        yield out
