"""The insights as typed: `map <company> [6m]` (or `xiaomi map`), `trends [30d]`,
`export [<company>]`, each checked before anything is drawn or read."""

from __future__ import annotations

import re

from bot.insights.periods import PeriodError, last
from bot.service.grammar import MAX_NAME_CHARS, Command, Export, Map, Trends, Usage

MAP_WORDS = ("map", "network", "carte")
MAP_PERIOD = "24m"
TRENDS_PERIOD = "7d"
MAX_TRENDS_DAYS = 366


def period_problem(span: str, *, max_days: int | None = None) -> str | None:
    """Why `span` is not a period users may ask for, None when it is one."""
    try:
        period = last(span)
    except PeriodError as error:
        return str(error).capitalize() + "."
    if max_days is not None and period.days > max_days:
        return f"Trends look back at most {max_days} days."
    return None


def _split_period(words: list[str]) -> tuple[list[str], str | None]:
    """'3M 6m' -> (['3M'], '6m'): a trailing period, when words are left before it."""
    if len(words) > 1 and period_problem(words[-1]) is None:
        return words[:-1], words[-1].lower()
    return words, None


def map_command(rest: str) -> Command:
    words, period = _split_period(rest.split())
    if period is None and len(words) > 1 and re.fullmatch(r"[0-9]{1,5}[a-z]", words[-1].lower()):
        problem = period_problem(words[-1])  # "0d", "400y": meant as a period, not a name
        if problem and "not a period" not in problem:
            return Usage("map", problem)
    name = " ".join(words)
    if not re.search(r"\w", name) or len(name) > MAX_NAME_CHARS:
        return Usage("map", "Name the company to draw, e.g. `map xiaomi`.")
    return Map(name, period or MAP_PERIOD)


def map_after_name(text: str) -> Map | None:
    """'xiaomi map', 'renault carte 6m': the map, asked for after the name."""
    words, period = _split_period(text.split())
    if len(words) > 1 and words[-1].lower() in MAP_WORDS:
        return Map(" ".join(words[:-1]), period or MAP_PERIOD)
    return None


def trends_command(rest: str) -> Command:
    words = rest.split()
    if len(words) > 1:
        return Usage("trends", "Give at most one period, e.g. `trends 30d`.")
    span = words[0].lower() if words else TRENDS_PERIOD
    problem = period_problem(span, max_days=MAX_TRENDS_DAYS)
    if problem:
        return Usage("trends", problem)
    return Trends(span)


def export_command(rest: str) -> Command:
    name = " ".join(rest.split())
    if name and (not re.search(r"\w", name) or len(name) > MAX_NAME_CHARS):
        return Usage("export", "Name one company, or nothing for this channel's watchlist.")
    return Export(name or None)
