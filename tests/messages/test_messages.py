"""Block Kit builders, tested as data: structure, escaping, limits."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import messages
from bot.messages.blocks import (
    MAX_BLOCKS,
    actions,
    button,
    escape,
    fit,
    header,
    link,
    plain,
    safe_url,
    section,
    truncate,
)
from bot.service.grammar import COMMANDS
from bot.store.answers import CompanyAnswer, SearchAnswer
from bot.store.feeds import Feed
from bot.store.orgs import Org
from bot.store.overview import ChannelSettings
from bot.store.queries import ArticleHit, PartnershipView, Source
from bot.store.subscriptions import DigestSchedule
from tests.service.support import all_strings

# What Slack would read as markup: any `<...>` other than the links and channel
# references the builders make themselves.
OUR_MARKUP = re.compile(r"<(?:https?://[^\s<>|]+\|[^<>|]*|#[A-Z0-9]+|@[A-Z0-9]+)>")
QUOTE = re.compile(r"^> ", re.MULTILINE)  # our blockquote of the evidence


def assert_inert(value) -> None:
    for text in all_strings(value):
        leftover = OUR_MARKUP.sub("", QUOTE.sub("", text))
        assert "<" not in leftover and ">" not in leftover, text


def assert_within_limits(blocks: list[dict], max_blocks: int = MAX_BLOCKS) -> None:
    assert len(blocks) <= max_blocks
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
                assert len(element["value"]) <= 2000
            elif "text" in element:
                assert len(element["text"]) <= 3000


def view(**overrides) -> PartnershipView:
    values = dict(
        id=7,
        story_id=70,
        parties=("Microsoft", "Xiaomi"),
        deal_type="mou",
        topics=("ai", "smartphones"),
        evidence="Xiaomi and Microsoft signed an MoU on Tuesday.",
        summary="Xiaomi and Microsoft will work together on AI.",
        confidence=0.87,
        lang="en",
        title="Xiaomi and Microsoft sign MoU",
        url="https://news.example.com/a",
        published="2024-05-02T08:00:00Z",
        created_at="2024-05-02T09:00:00Z",
        sources=(
            Source(
                "Xiaomi and Microsoft sign MoU", "https://news.example.com/a", "Reuters", "en", None
            ),
            Source("Copy 1", "https://wire.example/1", "Wire", "en", None),
            Source("Copy 2", "https://wire.example/2", "Wire", "en", None),
            Source("Copie 3", "https://fr.example/3", "Les Échos", "fr", None),
        ),
    )
    return PartnershipView(**(values | overrides))


HOSTILE = "<!channel> <!here> <@U0BOSS> <https://evil.example|click> & <#C1|x> >quote"


def test_partnership_message_structure():
    message = messages.partnership_message(view(), subject=("Xiaomi",))
    assert message.text == (
        "Xiaomi × Microsoft — MoU: Xiaomi and Microsoft will work together on AI."
    )
    assert message.blocks == [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": "Xiaomi × Microsoft — MoU", "emoji": True},
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "Xiaomi and Microsoft will work together on AI.\n"
                "*Topics:* Artificial intelligence, Smartphones",
            },
        },
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_quote",
                    "elements": [
                        {
                            "type": "text",
                            "text": "“Xiaomi and Microsoft signed an MoU on Tuesday.”",
                            "style": {"italic": True},
                        }
                    ],
                }
            ],
        },
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "2024-05-02 · confidence 87%"},
                {
                    "type": "mrkdwn",
                    "text": "<https://news.example.com/a|Xiaomi and Microsoft sign MoU>"
                    " (news.example.com) · +3 more sources: wire.example, fr.example (FR)",
                },
            ],
        },
        {
            "type": "actions",
            "elements": [
                button("Not a partnership", "not_partnership", "70"),
                button("Wrong companies", "wrong_parties", "70"),
                button("Mute Microsoft", "mute", "Microsoft"),
                button("Share this one in channel", "share", "7"),
            ],
        },
    ]


def test_one_source_has_no_more_sources_line():
    single = view(sources=view().sources[:1])
    (context,) = [b for b in messages.partnership_blocks(single) if b["type"] == "context"]
    assert "news.example.com" in json.dumps(context)
    assert "more source" not in json.dumps(context)


def test_french_story_keeps_its_summary_with_english_chrome():
    french = view(lang="fr", summary="Renault et Nissan signent un protocole d'accord.")
    text = json.dumps(messages.partnership_message(french).blocks, ensure_ascii=False)
    assert "Renault et Nissan signent un protocole d'accord." in text
    assert "Not a partnership" in text and "confidence" in text and "· FR" in text


def test_outside_text_is_escaped_everywhere():
    hostile = view(
        parties=(HOSTILE, "Xiaomi"),
        title=HOSTILE,
        summary=HOSTILE,
        evidence=HOSTILE,
        topics=(HOSTILE,),
        sources=(Source(HOSTILE, "https://x.example/a|b>c", HOSTILE, "en", None),),
        url="javascript:alert(1)",
    )
    for message in (
        messages.partnership_message(hostile),
        messages.alert_message(hostile, watched=HOSTILE),
        messages.digest_message([(HOSTILE, [hostile])]),
        messages.followup_message(hostile.sources[0]),
        messages.watch_message([HOSTILE], [HOSTILE], [hostile]),
        messages.error_message(HOSTILE),
        messages.unknown_message(HOSTILE, HOSTILE),
        messages.mute_message(HOSTILE),
        messages.read_message(
            "https://x.example", partnership=None, title=HOSTILE, summary=HOSTILE
        ),
    ):
        assert_inert(message.blocks)
        assert_inert([message.text])
    assert "&lt;!channel&gt;" in messages.error_message(HOSTILE).text


def test_links_only_from_checked_urls():
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://ok.example/a", "a|b>c<d") == "<https://ok.example/a|a b c d>"
    assert link("https://ok.example/a|b", "t") == "<https://ok.example/a%7Cb|t>"
    assert link("https://ok.example/a b", "t") == "t"
    assert safe_url("http://") is None
    assert safe_url("HTTPS://ok.example") == "HTTPS://ok.example"


def test_plain_text_keeps_no_angle_brackets():
    assert plain("<!channel> & co") == "‹!channel› & co"
    assert header("<@U1>")["text"]["text"] == "‹@U1›"


@pytest.mark.parametrize(
    "title",
    ["*Acme* and _Globex_ sign ~old~ `deal`", "Acme_Globex*JV*", "**bold** __it__ ~~s~~"],
)
def test_formatting_marks_in_a_feed_title_stay_text_inside_its_link(title):
    """Regression: a title's `*bold*`, `_it_`, `~strike~` came out formatted in the label."""
    shown = link("https://ok.example/a", title)
    label = shown.removeprefix("<https://ok.example/a|").removesuffix(">")
    assert not set("*_~`") & set(label)
    assert len(label) == len(title)  # one look-alike for each mark, nothing dropped
    assert link(None, title) == label  # the same without a link


def test_truncate_never_leaves_half_a_link_or_entity():
    text = "a" * 10 + "<https://x.example|label>"
    assert truncate(text, 20) == "a" * 10 + "…"
    assert truncate("abc &amp; def", 7) == "abc…"
    assert truncate("short", 10) == "short"


def test_fit_enforces_limits_and_keeps_the_trailing_buttons():
    blocks = [header("h" * 400), section("s" * 5000)]
    blocks += [section(str(i)) for i in range(80)]
    blocks.append(actions(button("b" * 100, "more", "{}"), button("x", "share", "v" * 2500)))
    message = fit("", blocks)
    assert_within_limits(message.blocks)
    assert message.text == "partners-bot"
    assert message.blocks[-1]["elements"] == [button("b" * 74 + "…", "more", "{}")]
    assert message.blocks[-2]["type"] == "context"
    assert message.blocks[0]["text"]["text"].endswith("…")


def company(partnerships, *, has_more=False, mentions=()) -> CompanyAnswer:
    return CompanyAnswer(
        "xiaomi",
        [Org(1, "Xiaomi")],
        [],
        list(partnerships),
        has_more=has_more,
        mentions=list(mentions),
    )


def test_company_message_has_more_button_with_json_value():
    answer = company([view(id=9), view(id=8)], has_more=True)
    message = messages.company_message(answer, share_value='{"cmd": "xiaomi"}')
    last = message.blocks[-1]
    assert last["type"] == "actions"
    more, share = last["elements"]
    assert more["action_id"] == "more"
    assert json.loads(more["value"]) == {"q": "xiaomi", "before": 8}
    assert share["action_id"] == "share_answer"
    assert message.blocks[1]["text"]["text"] == "Xiaomi × Microsoft — MoU"
    assert_within_limits(message.blocks)


def test_company_message_without_partnerships_lists_mentions():
    hit = ArticleHit(
        3, "Xiaomi opens a store", "https://s.example/x", "2024-05-01", "en", "", 3, False
    )
    message = messages.company_message(company([], mentions=[hit]))
    text = json.dumps(message.blocks)
    assert "No partnerships found for *Xiaomi*" in text
    assert "<https://s.example/x|Xiaomi opens a store>" in text


def test_a_full_page_fits_in_one_message():
    answer = company([view(id=i, summary="s" * 2900) for i in range(5)], has_more=True)
    assert_within_limits(messages.company_message(answer, share_value="x").blocks)


def test_help_is_generated_from_the_commands_manifest():
    text = json.dumps(messages.help_message().blocks)
    for spec in COMMANDS:
        assert escape(spec.usage) in text, spec.name
        for example in spec.examples:
            assert escape(example) in text


def test_digest_groups_by_company_and_caps_the_list():
    xiaomi = [view(id=i) for i in range(20, 8, -1)]
    renault = [view(id=i, parties=("Renault", "Nissan")) for i in range(8, 0, -1)]
    message = messages.digest_message([("Xiaomi", xiaomi), ("Renault", renault)])
    lines = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    assert lines[0].startswith("*Xiaomi*\n• *Xiaomi × Microsoft — MoU*")
    assert lines[0].count("• ") == 12
    assert lines[1].count("• ") == 3
    assert lines[1].endswith("_and 5 more: `/partners Renault`_")
    assert message.text == "Partnerships digest: 20 new"


def test_followup_names_the_new_outlet_and_its_language():
    source = Source("Xiaomi et Microsoft", "https://www.fr.example/1", "Les Échos", "fr", None)
    message = messages.followup_message(source, story_lang="en")
    assert (
        message.text
        == "+1 source: <https://www.fr.example/1|Xiaomi et Microsoft> (fr.example · FR)"
    )
    same_language = messages.followup_message(source, story_lang="fr")
    assert same_language.text.endswith("(fr.example)")


def test_followup_never_shows_where_the_bot_read_the_article():
    # `Source.source` is the feed URL or file the article came from, not an outlet.
    source = Source("Deal", "https://wire.example/9", "/srv/feeds/private.xml", "en", None)
    assert "private" not in messages.followup_message(source, story_lang="en").text


def test_other_sources_are_counted_and_their_outlets_named_once():
    repeated = view().sources + tuple(
        Source(f"Copy {i}", f"https://other{i}.example/{i}", None, "en", None) for i in range(5)
    )
    (block,) = [
        b for b in messages.partnership_blocks(view(sources=repeated)) if b["type"] == "context"
    ]
    context = block["elements"][1]["text"]
    assert context.endswith(
        "· +8 more sources: wire.example, fr.example (FR), other0.example, other1.example, …"
    )
    assert context.count("wire.example") == 1


def schedule(**overrides) -> DigestSchedule:
    values = dict(
        id=1,
        team_id="T",
        channel_id="C1",
        frequency="weekly",
        day_of_week="monday",
        time_of_day="09:00",
        timezone="Europe/Paris",
        post_empty=False,
        created_by="U1",
        last_sent_at=None,
        last_story_id=0,
        active=True,
    )
    return DigestSchedule(**(values | overrides))


def feed(**overrides) -> Feed:
    values = dict(
        id=3,
        url="https://feeds.example/rss",
        title="Example <b>",
        etag=None,
        modified=None,
        last_success_at="2024-05-02T08:00:00.000Z",
        last_error="HTTP 503 <!channel>",
        last_error_at="2024-05-02T09:00:00.000Z",
        error_count=2,
        items_seen=40,
        poll=True,
        team_id=None,
    )
    return Feed(**(values | overrides))


def test_feeds_health_shows_last_success_and_last_error():
    text = json.dumps(messages.feeds_message([feed()]).blocks)
    assert "Last success: 2024-05-02 08:00" in text
    assert "Last error (2024-05-02 09:00, 2 in a row): HTTP 503 &lt;!channel&gt;" in text


def test_digest_schedule_message():
    message = messages.digest_schedule_message(schedule())
    assert message.text == ":calendar: Digest every Monday at 09:00 (Europe/Paris)."


def test_home_view_is_a_home_within_limits():
    channels = [
        ChannelSettings(f"C{i}", ("Xiaomi", HOSTILE), ("Microsoft",), schedule())
        for i in range(120)
    ]
    home = messages.home_view(channels, [view()], [feed()])
    assert home["type"] == "home"
    assert_within_limits(home["blocks"], 100)
    assert_inert(home)


@pytest.mark.parametrize(
    "build",
    [
        lambda t: messages.partnership_message(
            view(summary=t, title=t, evidence=t, parties=(t, t))
        ),
        lambda t: messages.company_message(company([view(summary=t)] * 5, has_more=True)),
        lambda t: messages.unknown_message(t, t),
        lambda t: messages.usage_message("watch", t),
        lambda t: messages.watch_message([t], [t], [view(title=t)] * 5),
    ],
)
@given(text=st.text(max_size=4000))
def test_builders_stay_within_limits_and_inert(build, text):
    message = build(text)
    assert message.text
    assert_within_limits(message.blocks)
    assert_inert(message.blocks)
    assert_inert([message.text])


def test_alert_names_the_watched_company_and_offers_to_mute_the_other():
    message = messages.alert_message(view(), watched="Xiaomi")
    assert message.blocks[0] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": ":handshake: New partnership for *Xiaomi*"}],
    }
    assert message.blocks[1]["text"]["text"] == "Xiaomi × Microsoft — MoU"
    mute = message.blocks[-1]["elements"][2]
    assert (mute["action_id"], mute["value"]) == ("mute", "Microsoft")


def test_every_actions_block_has_unique_action_ids():
    answer = company([view(id=i) for i in range(5)], has_more=True)
    for message in (
        messages.company_message(answer, share_value="x"),
        messages.alert_message(view()),
    ):
        for block in message.blocks:
            if block["type"] == "actions":
                ids = [e["action_id"] for e in block["elements"]]
                assert len(ids) == len(set(ids))


def test_sources_name_the_outlet_never_the_path_the_bot_read_from():
    # Regression: an operator's local feed file showed its server path in Slack.
    p = view(
        url="https://www.outlet.example/story",
        sources=(
            Source("The story", "https://www.outlet.example/story", "/srv/feeds/x.xml", "en", None),
        ),
    )
    text = str(messages.partnership_message(p).blocks)
    assert "/srv/feeds" not in text
    assert "(outlet.example)" in text


def test_a_search_that_stopped_early_says_how_far_back_it_looked():
    hit = ArticleHit(3, "The deal", "https://s.example/3", "2026-01-09", "en", "", 3, False)
    none = messages.search_message(SearchAnswer("the la", [], since="2025-12-27"))
    assert none.text == "No article since 2025-12-27 matches the la"
    assert "articles since 2025-12-27" in json.dumps(none.blocks)
    some = messages.search_message(SearchAnswer("the deal", [hit], since="2025-12-27"))
    assert some.blocks[-1]["type"] == "context"
    assert "since 2025-12-27" in json.dumps(some.blocks[-1])
    whole = messages.search_message(SearchAnswer("zorblax", []))
    assert whole.text == "Nothing stored matches zorblax"


def test_mentions_that_stopped_early_say_since_when():
    answer = company([])
    answer.mentions_since = "2025-12-27"
    text = json.dumps(messages.company_message(answer).blocks)
    assert "No mention in the articles since 2025-12-27" in text
    assert "Nothing stored mentions it yet" not in text
