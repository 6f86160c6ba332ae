"""The `/partners` grammar: what users can type (`COMMANDS`) and the `Command` each text
parses to (`bot.service.parse`).

`COMMANDS` is the one list of what users can type; `/partners help`, the Slack manifest
and the README are generated from it or checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NAME_CHARS = 100
MAX_WATCH_NAMES = 20


@dataclass(frozen=True)
class CommandSpec:
    """One sub-command as users see it in `/partners help`."""

    name: str
    usage: str
    summary: str
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    admin: bool = False


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "company",
        "<company>",
        "Latest partnerships of a company.",
        ("xiaomi", "Johnson and Johnson"),
    ),
    CommandSpec(
        "pair",
        "<company> + <company>",
        "Partnerships between two companies (also `and`, `et`, `&`).",
        ("xiaomi + microsoft", "renault et nissan"),
    ),
    CommandSpec(
        "search",
        "search <words>",
        "Search every stored article.",
        ("search battery recycling",),
        aliases=("recherche",),
    ),
    CommandSpec(
        "watch",
        "watch <company>[, <company>...] [type:<deal type>] [topic:<topic>]",
        "Post new partnerships of these companies in this channel; `type:` and `topic:`"
        " keep only those deals (`-type:`, `-topic:` leave them out, `-<company>` mutes one);"
        " with no company, every partnership that matches.",
        ("watch xiaomi, renault", "watch xiaomi type:joint_venture", "watch topic:ev_batteries"),
        aliases=("suivre",),
    ),
    CommandSpec(
        "unwatch",
        "unwatch <company>[, <company>...] [type:<deal type>] [topic:<topic>]",
        "Stop watching companies in this channel, or drop those filters.",
        ("unwatch renault", "unwatch type:joint_venture"),
    ),
    CommandSpec(
        "watchlist",
        "watchlist",
        "What this channel watches and mutes, its filters, threshold and digest.",
    ),
    CommandSpec(
        "unmute",
        "unmute <company>",
        "Show a muted company in this channel again.",
        ("unmute microsoft",),
    ),
    CommandSpec(
        "digest",
        "digest daily|weekdays|weekly <day> [HH:MM] [Area/City]",
        "Schedule a digest of new partnerships in this channel.",
        ("digest weekly monday 09:00 Europe/Paris", "digest daily 08:30"),
    ),
    CommandSpec("digest now", "digest now", "Post the digest of what is new right away."),
    CommandSpec("digest off", "digest off", "Stop this channel's digest."),
    CommandSpec("digest show", "digest", "Show this channel's digest schedule."),
    CommandSpec("feeds", "feeds", "The news feeds read, with their health."),
    CommandSpec(
        "feeds add",
        "feeds add <url>",
        "Read another feed.",
        ("feeds add https://example.com/rss",),
        admin=True,
    ),
    CommandSpec(
        "feeds remove",
        "feeds remove <url|id>",
        "Stop reading a feed.",
        ("feeds remove 3",),
        admin=True,
    ),
    CommandSpec(
        "feeds pause",
        "feeds pause|resume <url|id>",
        "Stop reading a feed for a while, then read it again.",
        ("feeds pause 3",),
        admin=True,
    ),
    CommandSpec(
        "read",
        "read <url>",
        "Read one article now and say whether it announces a partnership.",
        ("read https://example.com/news/xiaomi-microsoft",),
        aliases=("lire",),
    ),
    *(
        CommandSpec(
            "map",
            "map <company> [6m]",
            "A picture of who a company partners with (default: the last 24 months).",
            ("map xiaomi", "carte renault 6m"),
            aliases=("network", "carte"),
        ),
        CommandSpec(
            "trends",
            "trends [7d|30d|90d]",
            "Who signs the most new partnerships, and who is suddenly signing a lot.",
            ("trends", "trends 30d"),
            aliases=("tendances",),
        ),
        CommandSpec(
            "export",
            "export [<company>]",
            "A CSV file of partnerships: a company's, or this channel's watchlist's.",
            ("export xiaomi", "export"),
        ),
    ),
    CommandSpec(
        "check",
        "check <text or link>",
        "Does this text (or the article it links) announce a partnership? Like the"
        " message shortcut \u201cCheck for partnership\u201d.",
        ("check https://example.com/news/xiaomi-microsoft",),
    ),
    # -- channel settings ------------------------------------------------------------------
    CommandSpec("pause", "pause", "Pause this channel's alerts (its digest goes on)."),
    CommandSpec("resume", "resume", "Post this channel's alerts again, from now on."),
    CommandSpec(
        "settings",
        "settings [confidence <0-1|NN%|default>]",
        "This channel's alert settings; set the confidence an alert needs here.",
        ("settings confidence 0.8",),
        aliases=("réglages",),
    ),
    CommandSpec(
        "settings workspace",
        "settings workspace confidence <0-1|NN%|default>",
        "The confidence alerts need in every channel of this workspace.",
        ("settings workspace confidence 90%",),
        admin=True,
    ),
    CommandSpec("help", "help", "This help.", aliases=("aide", "?")),
)

# The words that start a sub-command (what a typo is compared with).
KEYWORDS: tuple[str, ...] = ("help", "search", "watch", "unwatch", "watchlist", "unmute")
KEYWORDS += ("digest", "feeds", "read")
KEYWORDS += ("map", "trends", "export")
KEYWORDS += ("pause", "resume", "settings", "check")


FREQUENCIES = ("daily", "weekdays", "weekly")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# -- commands ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Company:
    name: str


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    text: str  # as typed, e.g. "xiaomi et microsoft"


@dataclass(frozen=True)
class Search:
    words: str


@dataclass(frozen=True)
class Filters:
    """What `type:`, `topic:`, `-type:`, `-topic:` and `-<company>` say in a watch."""

    types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    not_types: tuple[str, ...] = ()
    not_topics: tuple[str, ...] = ()
    not_companies: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.types, self.topics, self.not_types, self.not_topics, self.not_companies))


@dataclass(frozen=True)
class Watch:
    names: tuple[str, ...]
    filters: Filters = Filters()


@dataclass(frozen=True)
class Unwatch:
    names: tuple[str, ...]
    filters: Filters = Filters()


@dataclass(frozen=True)
class Watchlist:
    pass


@dataclass(frozen=True)
class Unmute:
    name: str


@dataclass(frozen=True)
class DigestSet:
    frequency: str  # one of FREQUENCIES
    day: str | None  # one of DAYS, for weekly
    time: str  # "HH:MM"
    timezone: str | None  # None: the workspace default


@dataclass(frozen=True)
class DigestOff:
    pass


@dataclass(frozen=True)
class DigestNow:
    pass


@dataclass(frozen=True)
class DigestShow:
    pass


@dataclass(frozen=True)
class FeedsList:
    pass


@dataclass(frozen=True)
class FeedAdd:
    url: str


@dataclass(frozen=True)
class FeedRemove:
    target: str  # a URL or a feed id


@dataclass(frozen=True)
class Read:
    url: str


@dataclass(frozen=True)
class Map:
    name: str
    period: str  # as `bot.insights.periods.last` reads it: "24m", "6m", "90d"


@dataclass(frozen=True)
class Trends:
    period: str  # "7d", "30d", "90d"


@dataclass(frozen=True)
class Export:
    name: str | None  # None: the companies the channel watches


@dataclass(frozen=True)
class FeedPause:
    target: str  # a URL or a feed id
    paused: bool  # False: resume


@dataclass(frozen=True)
class Pause:
    """Pause this channel's alerts."""


@dataclass(frozen=True)
class Resume:
    """Post this channel's alerts again."""


@dataclass(frozen=True)
class SettingsShow:
    pass


@dataclass(frozen=True)
class SetConfidence:
    value: float | None  # None: back to the default
    workspace: bool = False  # the workspace's, not this channel's


@dataclass(frozen=True)
class Check:
    text: str  # a pasted article, or a message with a link


@dataclass(frozen=True)
class Usage:
    """A known command used wrongly: say what is wrong and show its usage."""

    command: str
    problem: str


@dataclass(frozen=True)
class Unknown:
    text: str
    suggestion: str | None = None


Command = (
    Help
    | Company
    | Pair
    | Search
    | Watch
    | Unwatch
    | Watchlist
    | Unmute
    | DigestSet
    | DigestOff
    | DigestNow
    | DigestShow
    | FeedsList
    | FeedAdd
    | FeedRemove
    | Read
    | Map
    | Trends
    | Export
    | FeedPause
    | Pause
    | Resume
    | SettingsShow
    | SetConfidence
    | Check
    | Usage
    | Unknown
)


def usage_of(name: str) -> str:
    """The usage line of the command called `name` (`digest`, `feeds add`...)."""
    for spec in COMMANDS:
        if spec.name == name:
            return spec.usage
    return "help"


# The words and signs between the two companies of a pair.
_PAIR = re.compile(r"\s+(?:and|et|&|×)\s+|\s*[+×]\s*", re.IGNORECASE)


def split_pair(text: str) -> tuple[str, str] | None:
    """The two companies of 'xiaomi + microsoft', 'xiaomi and microsoft', 'xiaomi et
    microsoft', 'xiaomi & microsoft', 'xiaomi×microsoft'; None when `text` names one."""
    parts = [p.strip() for p in _PAIR.split(text.strip(), maxsplit=1)]
    if len(parts) == 2 and all(re.search(r"\w", p) for p in parts):
        return parts[0], parts[1]
    return None
