"""The `/partners` grammar, table-driven, in English and French forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.service.grammar import (
    COMMANDS,
    Check,
    Company,
    DigestNow,
    DigestOff,
    DigestSet,
    DigestShow,
    FeedAdd,
    FeedPause,
    FeedRemove,
    FeedsList,
    Filters,
    Help,
    Pair,
    Pause,
    Read,
    Resume,
    Search,
    SetConfidence,
    SettingsShow,
    Unknown,
    Unmute,
    Unwatch,
    Usage,
    Watch,
    Watchlist,
    split_pair,
)
from bot.service.parse import parse, unwrap


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", Help()),
        ("   ", Help()),
        ("help", Help()),
        ("HELP", Help()),
        ("aide", Help()),
        ("?", Help()),
        ("xiaomi", Company("xiaomi")),
        ("  Xiaomi   Corp ", Company("Xiaomi Corp")),
        ("Société Générale", Company("Société Générale")),
        ("xiaomi + microsoft", Pair("xiaomi", "microsoft", "xiaomi + microsoft")),
        ("xiaomi+microsoft", Pair("xiaomi", "microsoft", "xiaomi+microsoft")),
        ("xiaomi and microsoft", Pair("xiaomi", "microsoft", "xiaomi and microsoft")),
        ("Renault et Nissan", Pair("Renault", "Nissan", "Renault et Nissan")),
        ("orange & thales", Pair("orange", "thales", "orange & thales")),
        ("airbus × safran", Pair("airbus", "safran", "airbus × safran")),
        ("AT&T", Company("AT&T")),  # no spaces around "&": one name
        ("search battery recycling", Search("battery recycling")),
        ("recherche recyclage des batteries", Search("recyclage des batteries")),
        ("search", Usage("search", "Say what to search for.")),
        ("watch xiaomi", Watch(("xiaomi",))),
        ("watch xiaomi, renault ,  Orange SA", Watch(("xiaomi", "renault", "Orange SA"))),
        ("watch xiaomi, xiaomi", Watch(("xiaomi",))),
        ("suivre renault", Watch(("renault",))),
        ("watch", Usage("watch", "Name at least one company, or a `type:` or `topic:`.")),
        ("watch , ,", Usage("watch", "Name at least one company, or a `type:` or `topic:`.")),
        ("unwatch renault, orange", Unwatch(("renault", "orange"))),
        ("watchlist", Watchlist()),
        ("unmute microsoft", Unmute("microsoft")),
        ("digest", DigestShow()),
        ("digest off", DigestOff()),
        ("digest now", DigestNow()),
        ("digest daily", DigestSet("daily", None, "09:00", None)),
        ("digest daily 8:30", DigestSet("daily", None, "08:30", None)),
        ("digest weekdays 18h", DigestSet("weekdays", None, "18:00", None)),
        (
            "digest weekly monday 09:00 Europe/Paris",
            DigestSet("weekly", "monday", "09:00", "Europe/Paris"),
        ),
        ("digest weekly lundi 9h30", DigestSet("weekly", "monday", "09:30", None)),
        ("digest weekly fri", DigestSet("weekly", "friday", "09:00", None)),
        ("digest daily 07:00 UTC", DigestSet("daily", None, "07:00", "UTC")),
        ("digest weekly", Usage("digest", "Say which day, e.g. `digest weekly monday`.")),
        # precise errors (issue 13: both got the same vague one)
        (
            "digest daily 25:99",
            Usage("digest", "`25:99` is not a time of day: the hour goes from 00 to 23."),
        ),
        (
            "digest daily 08:75",
            Usage("digest", "`08:75` is not a time of day: the minutes go from 00 to 59."),
        ),
        (
            "digest daily 08:00 Europe/Pariss",
            Usage(
                "digest", "`Europe/Pariss` is not a time zone I know. Did you mean `Europe/Paris`?"
            ),
        ),
        (
            "digest daily 08:00 Tokyo",
            Usage("digest", "`Tokyo` is not a time zone I know. Did you mean `Asia/Tokyo`?"),
        ),
        ("digest daily 08:00 europe/paris", DigestSet("daily", None, "08:00", "Europe/Paris")),
        # filters, pause, settings, check
        ("watch xiaomi type:jv", Watch(("xiaomi",), Filters(types=("joint_venture",)))),
        ("watch topic:cloud", Watch((), Filters(topics=("cloud",)))),
        (
            "watch xiaomi, -microsoft -type:licensing -topic:cloud",
            Watch(
                ("xiaomi",),
                Filters(
                    not_types=("licensing",), not_topics=("cloud",), not_companies=("microsoft",)
                ),
            ),
        ),
        ("unwatch type:mou", Unwatch((), Filters(types=("mou",)))),
        ("pause", Pause()),
        ("resume", Resume()),
        ("settings", SettingsShow()),
        ("settings confidence 0.8", SetConfidence(0.8)),
        ("settings confidence 85%", SetConfidence(0.85)),
        ("settings confidence default", SetConfidence(None)),
        ("settings workspace confidence 90", SetConfidence(0.9, workspace=True)),
        (
            "settings confidence 1.5",
            Usage("settings", "`1.5` is not a confidence: give 0 to 1 (or 0% to 100%)."),
        ),
        ("feeds pause 3", FeedPause("3", paused=True)),
        ("feeds resume 3", FeedPause("3", paused=False)),
        ("check Acme and Globex sign an MoU", Check("Acme and Globex sign an MoU")),
        ("feeds", FeedsList()),
        ("feeds add https://example.com/rss", FeedAdd("https://example.com/rss")),
        ("feeds add <https://example.com/rss>", FeedAdd("https://example.com/rss")),
        (
            "feeds add <https://example.com/rss|example.com/rss>",
            FeedAdd("https://example.com/rss"),
        ),
        ("feeds remove 3", FeedRemove("3")),
        ("feeds remove https://example.com/rss", FeedRemove("https://example.com/rss")),
        ("read <https://example.com/a?b=1&amp;c=2>", Read("https://example.com/a?b=1&c=2")),
        ("lire https://example.com/a", Read("https://example.com/a")),
        ("wacth xiaomi", Unknown("wacth xiaomi", "watch")),
        ("serch battery", Unknown("serch battery", "search")),
        ("feeds list", Unknown("feeds list", "feeds")),
        ("!!!", Unknown("!!!")),
        ("<@U123ABC> xiaomi", Company("xiaomi")),
        ("<@U123ABC|partners> help", Help()),
        ("<@U123ABC>", Help()),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "digest sometimes",
        "digest daily 25:00",
        "digest daily 09:00 Mars/Olympus",
        "digest weekly funday",
        "digest daily 09:00 Europe/Paris extra",
        "feeds add",
        "feeds add ftp://example.com/rss",
        "feeds add javascript:alert(1)",
        "feeds add https://a.example https://b.example",
        "feeds remove",
        "feeds remove rss",
        "read",
        "read example.com",
        "read file:///etc/passwd",
        "read http://",
    ],
)
def test_misused_commands_give_usage(text):
    assert isinstance(parse(text), Usage)


def test_a_known_company_with_and_in_its_name_stays_one_company():
    known = {"johnson and johnson", "procter & gamble"}
    assert parse("Johnson and Johnson", is_known=lambda n: n.lower() in known) == Company(
        "Johnson and Johnson"
    )
    assert parse("Procter & Gamble", is_known=lambda n: n.lower() in known) == Company(
        "Procter & Gamble"
    )
    assert isinstance(parse("Johnson and Johnson"), Pair)


def test_a_known_company_close_to_a_command_is_a_company():
    assert parse("watchh") == Unknown("watchh", "watch")
    assert parse("watchh", is_known=lambda n: True) == Company("watchh")


def test_a_very_long_name_suggests_search():
    assert parse("word " * 60) == Unknown(" ".join(["word"] * 60), "search")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("<https://x.example/a|x.example/a>", "https://x.example/a"),
        ("<#C123|general>", "#general"),
        ("<@U42>", "@U42"),
        ("<!channel>", "@channel"),
        ("<!here|here>", "@here"),
        ("<!subteam^S1|@team>", "@team"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
    ],
)
def test_unwrap_slack_markup(text, expected):
    assert unwrap(text) == expected


def test_commands_manifest_is_complete():
    names = [spec.name for spec in COMMANDS]
    assert len(names) == len(set(names))
    for spec in COMMANDS:
        assert spec.usage and spec.summary
        for example in spec.examples:
            assert not isinstance(parse(example), Unknown | Usage), example
    for word in ("search", "watch", "unwatch", "watchlist", "digest", "feeds", "read", "help"):
        assert any(spec.usage.startswith(word) for spec in COMMANDS), word


@given(st.text(max_size=3000))
def test_any_text_parses(text):
    parse(text)
    parse(text, is_known=lambda name: len(name) % 2 == 0)


@pytest.mark.parametrize("text", ["xiaomi×microsoft", "xiaomi × microsoft", "xiaomi+microsoft"])
def test_one_pair_parser_for_commands_and_answers(text):
    # Regression: the grammar read "xiaomi×microsoft" as a pair and the answers (which
    # title a reply by it) as one name; both now ask `split_pair`.
    assert split_pair(text) == ("xiaomi", "microsoft")
    assert parse(text) == Pair("xiaomi", "microsoft", text)


@pytest.mark.parametrize("text", ["xiaomi", "xiaomi + ", "+ microsoft", "AT&T", "R&D + !!"])
def test_split_pair_needs_a_name_on_each_side(text):
    assert split_pair(text) is None
