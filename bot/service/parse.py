"""Text in, one `Command` out, never an exception: Slack's markup unwrapped, sub-commands
and their arguments checked, typos answered with a suggestion."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.messages.blocks import unescape
from bot.service.grammar import (
    COMMANDS,
    DAYS,
    FREQUENCIES,
    KEYWORDS,
    MAX_NAME_CHARS,
    MAX_WATCH_NAMES,
    Check,
    Command,
    Company,
    DigestNow,
    DigestOff,
    DigestSet,
    DigestShow,
    FeedAdd,
    FeedPause,
    FeedRemove,
    FeedsList,
    Help,
    Pair,
    Pause,
    Read,
    Resume,
    Search,
    Unknown,
    Unmute,
    Unwatch,
    Usage,
    Watch,
    Watchlist,
    split_pair,
)
from bot.service.parse_insights import (
    export_command,
    map_after_name,
    map_command,
    trends_command,
)
from bot.service.parse_settings import confidence_value, settings_command, split_filters

__all__ = ["confidence_value", "parse", "row_id", "unwrap", "web_url"]

_ALIASES = {alias: spec.name for spec in COMMANDS for alias in spec.aliases}
_FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY_NAMES = {d: d for d in DAYS} | {d[:3]: d for d in DAYS}
_DAY_NAMES |= dict(zip(_FR_DAYS, DAYS, strict=True))


# -- Slack markup --------------------------------------------------------------------------

_MENTION_PREFIX = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")
_SLACK_TOKEN = re.compile(r"<([^<>]*)>")
_TIME = re.compile(r"^(\d{1,2})(?:[:h](\d{2}))?h?$", re.IGNORECASE)


def strip_mention(text: str) -> str:
    """`<@U123> xiaomi` (an app mention) -> `xiaomi`."""
    return _MENTION_PREFIX.sub("", text or "", count=1)


def _unwrap_token(match: re.Match) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith(("http://", "https://", "mailto:")):
        return target
    if target.startswith("#"):  # <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("@"):  # <@U123>
        return "@" + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>
        return "@" + (label.lstrip("@") or target[1:].split("^")[0])
    return label or target


def unwrap(text: str) -> str:
    """Slack's markup in what users type, as the plain text they meant.

    `<https://x|x>` -> `https://x`; `<#C1|general>` -> `#general`; `<!channel>` -> `@channel`;
    `&lt;` `&gt;` `&amp;` -> `<` `>` `&`.
    """
    text = _SLACK_TOKEN.sub(_unwrap_token, text or "")
    return unescape(text)


def web_url(text: str) -> str | None:
    """`text` if it is an http(s) URL with a host, else None."""
    text = text.strip()
    if not text or len(text) > 2000 or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


# -- parser --------------------------------------------------------------------------------


def parse(text: str, *, is_known: Callable[[str], bool] | None = None) -> Command:
    """What the user asked for. `is_known(name)` says whether an organisation is stored
    under that name, so "Johnson and Johnson" stays one company."""
    text = " ".join(unwrap(strip_mention(text)).split())
    if not text:
        return Help()
    head, _, rest = text.partition(" ")
    word = _ALIASES.get(head.lower(), head.lower())
    rest = rest.strip()
    parser = _PARSERS.get(word)
    if parser is not None:
        return parser(rest)
    return _company_or_pair(text, is_known)


def _company_or_pair(text: str, is_known: Callable[[str], bool] | None) -> Command:
    if not re.search(r"\w", text):
        return Unknown(text)
    known = is_known is not None and is_known(text)
    if not known and (asked_map := map_after_name(text)) is not None:
        return asked_map
    if not known:
        head = text.split(" ", 1)[0].lower()
        close = difflib.get_close_matches(head, KEYWORDS, n=1, cutoff=0.8)
        if close:
            return Unknown(text, close[0])
    if len(text) > MAX_NAME_CHARS:
        return Unknown(text, "search")
    pair = None if known else split_pair(text)
    if pair:
        return Pair(*pair, text)
    return Company(text)


def _help(rest: str) -> Command:
    return Help()


def _search(rest: str) -> Command:
    if not re.search(r"\w", rest):
        return Usage("search", "Say what to search for.")
    return Search(rest)


def _names(rest: str) -> tuple[str, ...]:
    names = [" ".join(n.split()) for n in re.split(r"[,;\n]", rest)]
    names = [n for n in names if re.search(r"\w", n)]
    return tuple(dict.fromkeys(names))


def _watch(rest: str) -> Command:
    rest, filters = split_filters(rest, _names)
    if isinstance(filters, str):
        return Usage("watch", filters)
    names = _names(rest)
    if not names and not filters:
        return Usage("watch", "Name at least one company, or a `type:` or `topic:`.")
    if len(names) > MAX_WATCH_NAMES or any(len(n) > MAX_NAME_CHARS for n in names):
        return Usage("watch", f"At most {MAX_WATCH_NAMES} companies, with short names.")
    return Watch(names, filters)


def _unwatch(rest: str) -> Command:
    rest, filters = split_filters(rest, _names)
    if isinstance(filters, str):
        return Usage("unwatch", filters)
    names = _names(rest)
    if not names and not filters:
        return Usage("unwatch", "Name at least one company, or a `type:` or `topic:`.")
    return Unwatch(names[:MAX_WATCH_NAMES], filters)


def _watchlist(rest: str) -> Command:
    return Watchlist()


def _unmute(rest: str) -> Command:
    name = " ".join(rest.split())
    if not re.search(r"\w", name) or len(name) > MAX_NAME_CHARS:
        return Usage("unmute", "Name the company to unmute.")
    return Unmute(name)


def _time(token: str) -> str | None:
    match = _TIME.match(token)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _timezone(token: str) -> str | None:
    """The IANA name `token` stands for, whatever its case (`europe/paris`, `utc`)."""
    if "/" not in token and token.upper() != "UTC":
        return None
    try:
        ZoneInfo(token)
    except (ZoneInfoNotFoundError, ValueError):
        return {n.lower(): n for n in _zone_names()}.get(token.lower())
    return token


def _time_problem(token: str) -> str | None:
    """Why `token`, which looks like a time, is not one; None when it is not time-like."""
    match = re.match(r"^(\d{1,2})(?:[:h](\d{1,2}))?h?$", token, re.IGNORECASE)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23:
        return f"`{token}` is not a time of day: the hour goes from 00 to 23."
    if minute > 59:
        return f"`{token}` is not a time of day: the minutes go from 00 to 59."
    return f"Give the time as HH:MM, e.g. `{hour:02d}:{minute:02d}`."


def _timezone_problem(token: str) -> str:
    """What is wrong with `token` as a time zone, with the closest names."""
    names = _zone_names()
    city = token.lower().replace(" ", "_")
    close = [n for n in names if n.lower() == city or n.lower().rsplit("/", 1)[-1] == city]
    close = close[:2] or difflib.get_close_matches(token, names, n=1, cutoff=0.7)
    hint = f" Did you mean {' or '.join(f'`{c}`' for c in close)}?" if close else ""
    if "/" not in token and token.upper() != "UTC" and not close:
        return f"`{token}` is not a time zone: give one as Area/City, e.g. `Europe/Paris`."
    return f"`{token}` is not a time zone I know.{hint}"


def _zone_names() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(available_timezones())


def _digest(rest: str) -> Command:
    words = rest.split()
    if not words:
        return DigestShow()
    first = words[0].lower()
    if first in ("off", "stop") and len(words) == 1:
        return DigestOff()
    if first == "now" and len(words) == 1:
        return DigestNow()
    if first not in FREQUENCIES:
        return Usage("digest", "Start with `daily`, `weekdays`, `weekly`, `now` or `off`.")
    day = None
    args = words[1:]
    if first == "weekly":
        if not args or args[0].lower() not in _DAY_NAMES:
            return Usage("digest", "Say which day, e.g. `digest weekly monday`.")
        day = _DAY_NAMES[args.pop(0).lower()]
    time, timezone = "09:00", None
    if args and _time(args[0]):
        time = _time(args.pop(0)) or time
    elif args and _time_problem(args[0]):
        return Usage("digest", _time_problem(args[0]) or "")
    if args:
        timezone = _timezone(args.pop(0))
        if timezone is None:
            return Usage("digest", _timezone_problem(words[len(words) - len(args) - 1]))
    if args:
        return Usage("digest", "Too many words.")
    return DigestSet(first, day, time, timezone)


def _feeds(rest: str) -> Command:
    words = rest.split()
    if not words:
        return FeedsList()
    action, args = words[0].lower(), words[1:]
    if action == "add":
        url = web_url(args[0]) if len(args) == 1 else None
        if url is None:
            return Usage("feeds add", "Give one http(s) URL.")
        return FeedAdd(url)
    if action in ("remove", "rm", "delete"):
        if len(args) != 1 or not (re.fullmatch(r"[0-9]{1,18}", args[0]) or web_url(args[0])):
            return Usage("feeds remove", "Give the feed's URL or its id from `/partners feeds`.")
        return FeedRemove(args[0])
    if action in ("pause", "resume"):
        if len(args) != 1 or not (re.fullmatch(r"[0-9]{1,18}", args[0]) or web_url(args[0])):
            return Usage("feeds pause", "Give the feed's URL or its id from `/partners feeds`.")
        return FeedPause(args[0], paused=action == "pause")
    verbs = ("add", "remove", "pause", "resume")
    close = difflib.get_close_matches(action, verbs, n=1, cutoff=0.6)
    return Unknown(f"feeds {rest}", f"feeds {close[0]}" if close else "feeds")


def _read(rest: str) -> Command:
    url = web_url(rest)
    if url is None:
        return Usage("read", "Give one http(s) URL.")
    return Read(url)


def _check(rest: str) -> Command:
    if not re.search(r"\w", rest):
        return Usage("check", "Paste the article's text or its link.")
    return Check(rest)


def _pause(rest: str) -> Command:
    return Pause() if not rest else Usage("pause", "`pause` takes no words.")


def _resume(rest: str) -> Command:
    return Resume() if not rest else Usage("resume", "`resume` takes no words.")


_PARSERS: dict[str, Callable[[str], Command]] = {
    "help": _help,
    "search": _search,
    "watch": _watch,
    "unwatch": _unwatch,
    "watchlist": _watchlist,
    "unmute": _unmute,
    "digest": _digest,
    "feeds": _feeds,
    "read": _read,
    "map": map_command,
    "trends": trends_command,
    "export": export_command,
    "pause": _pause,
    "resume": _resume,
    "settings": settings_command,
    "check": _check,
}


def row_id(value: str) -> int | None:
    """`value` as a row id, None unless it is a plain positive number SQLite can hold."""
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None
