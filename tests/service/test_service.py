"""Commands and buttons carried out against a real SQLite file, as a channel sees them."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.service import commands
from bot.service.actions import ACTION_IDS
from bot.store import subscriptions as subs
from tests.messages.test_messages import assert_inert, assert_within_limits

from .support import TEAM, Workspace, rendered

HOSTILE = "<!channel> <!here> <@U0BOSS> <https://evil.example|login>"


def buttons(reply) -> dict[str, dict]:
    """The reply's buttons by action_id (the last one wins)."""
    return {
        e["action_id"]: e for b in reply.blocks if b["type"] == "actions" for e in b["elements"]
    }


def test_company_answer_shows_the_partnership(workspace, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft", copies=(("Copy", "https://wire.example/1"),))
    reply = workspace.command("xiaomi")
    assert reply.ephemeral
    assert reply.text == "1 partnership of Xiaomi"
    assert "Xiaomi × Microsoft — MoU" in rendered(reply)
    assert "+1 more source" in rendered(reply)
    assert reply.blocks[-1]["elements"][-1]["action_id"] == "share_answer"


def test_more_button_pages_through_older_partnerships(workspace, stored_partnership):
    ids = [stored_partnership("Xiaomi", f"Partner {i}").id for i in range(7)]
    first = workspace.command("xiaomi")
    more = buttons(first)["more"]
    assert json.loads(more["value"]) == {"q": "xiaomi", "before": ids[2]}
    second = workspace.click("more", more["value"])
    assert "Partner 1" in rendered(second) and "Partner 0" in rendered(second)
    assert "Partner 2" not in rendered(second)
    assert "more" not in buttons(second)


@pytest.mark.parametrize("text", ["xiaomi + microsoft", "Xiaomi et Microsoft", "xiaomi & msft"])
def test_pair_answer(workspace, stored_partnership, text):
    stored_partnership("Xiaomi", "Microsoft")
    stored_partnership("Xiaomi", "Leica", title="Xiaomi and Leica team up")
    reply = workspace.command(text)
    assert "Xiaomi × Microsoft" in rendered(reply)
    assert "Leica" not in rendered(reply)


def test_known_company_with_and_in_its_name(workspace, stored_partnership):
    stored_partnership("Johnson and Johnson", "Microsoft")
    reply = workspace.command("johnson and johnson")
    assert "Johnson and Johnson × Microsoft — MoU" in rendered(reply)


def test_no_partnership_lists_mentions(workspace, stored_article):
    stored_article("Apple opens a store in Paris", url="https://n.example/apple")
    reply = workspace.command("apple")
    assert "No partnerships found for *apple*" in rendered(reply)
    assert "<https://n.example/apple|Apple opens a store in Paris>" in rendered(reply)


def test_search_goes_through_fts_safely(workspace, stored_article):
    stored_article("Battery recycling deal", summary="Recyclage des batteries")
    for text in ['search battery "recycling', "search NEAR(a b) OR *", "search ' OR 1=1 --"]:
        assert not workspace.command(text).text.startswith(":warning:")
    assert "Battery recycling deal" in rendered(workspace.command("search battery"))


def test_search_of_common_words_rarely_together_says_how_far_back_it_looked(
    workspace, stored_article, monkeypatch
):
    from bot.store import search

    monkeypatch.setattr(search, "ROW_BUDGET", 6)
    monkeypatch.setattr(search, "FIRST_WINDOW", 2)
    stored_article("The battery plant", summary="la batterie", published="2026-01-02")
    for i in range(8):
        stored_article(f"The deal {i}", summary="signed", published="2026-01-03")
        stored_article(f"La convention {i}", summary="signée", published="2026-01-04")
    reply = workspace.command("search the la")
    assert reply.text.startswith("No article since 2026-01-0")
    monkeypatch.setattr(search, "ROW_BUDGET", 1_000)
    assert "The battery plant" in rendered(workspace.command("search the la"))


# -- watches -------------------------------------------------------------------------------


def test_watch_confirms_in_channel_with_the_latest_stories(workspace, stored_partnership):
    for i in range(5):
        stored_partnership("Xiaomi", f"Partner {i}")
    reply = workspace.command("watch xiaomi")
    assert not reply.ephemeral
    assert "watch *Xiaomi*" in rendered(reply)
    assert rendered(reply).count("• *Xiaomi ×") == 3
    assert workspace.changes == ["changed"]
    (watch,) = subs.list_watches(workspace.db, TEAM, workspace.channel_id)
    assert watch.after_story_id == subs.max_story_id(workspace.db)
    again = workspace.command("watch Xiaomi")
    assert again.ephemeral and "Already watched here: *Xiaomi*" in rendered(again)


def test_watch_an_unknown_company_creates_it(workspace, db):
    reply = workspace.command("watch acme robotics, MSFT")
    assert "*Acme Robotics*" in rendered(reply) and "*Microsoft*" in rendered(reply)
    names = [w.name for w in subs.list_watches(db, TEAM, workspace.channel_id)]
    assert names == ["Acme Robotics", "Microsoft"]


def test_unwatch_and_watchlist(workspace):
    workspace.command("watch xiaomi, renault")
    reply = workspace.command("unwatch RENAULT, orange")
    assert "no longer watches *Renault*" in rendered(reply)
    assert "Not watched here: *orange*" in rendered(reply)
    watchlist = workspace.command("watchlist")
    assert "*Xiaomi*" in rendered(watchlist) and "Renault" not in rendered(watchlist)


def test_watches_belong_to_their_team_and_channel(workspace, other_workspace):
    workspace.command("watch xiaomi")
    assert "watches no company" in rendered(other_workspace.command("watchlist"))
    assert "watches no company" in rendered(workspace.in_channel("C_OTHER").command("watchlist"))
    assert "Not watched here" in rendered(other_workspace.command("unwatch xiaomi"))
    assert len(subs.list_watches(workspace.db, TEAM)) == 1


# -- buttons -------------------------------------------------------------------------------


def test_not_a_partnership_hides_the_story_for_that_team_only(
    workspace, other_workspace, stored_partnership
):
    story = stored_partnership("Xiaomi", "Microsoft")
    reply = workspace.click("not_partnership", str(story.story_id))
    assert reply.ephemeral and "hidden for your workspace" in rendered(reply)
    assert "No partnerships found" in rendered(workspace.command("xiaomi"))
    assert "Xiaomi × Microsoft" in rendered(other_workspace.command("xiaomi"))


def test_mute_hides_the_company_from_the_channels_digest(workspace, stored_partnership):
    workspace.command("digest daily")
    stored_partnership("Xiaomi", "Microsoft")
    stored_partnership("Renault", "Nissan")
    reply = workspace.click("mute", "Microsoft")
    assert "*Microsoft* is muted" in rendered(reply)
    assert "Muted here:* *Microsoft*" in rendered(workspace.command("watchlist"))
    digest = workspace.command("digest now")
    assert "Renault" in rendered(digest) and "Xiaomi" not in rendered(digest)
    assert "no longer muted" in rendered(workspace.command("unmute microsoft"))


def test_share_posts_the_partnership_in_channel(workspace, stored_partnership):
    p = stored_partnership("Xiaomi", "Microsoft")
    reply = workspace.click("share", str(p.id))
    assert not reply.ephemeral
    assert "Xiaomi" in rendered(reply)
    assert "share" not in buttons(reply)


def test_share_answer_reposts_the_answer_in_channel(workspace, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft")
    answer = workspace.command("xiaomi")
    value = buttons(answer)["share_answer"]["value"]
    shared = workspace.click("share_answer", value)
    assert not shared.ephemeral
    assert "share_answer" not in json.dumps(shared.blocks)
    assert "Xiaomi × Microsoft" in rendered(shared)


@pytest.mark.parametrize(
    "action_id,value",
    [
        ("more", "not json"),
        ("more", '{"q": 1}'),
        ("share", "abc"),
        ("share", "999"),
        ("not_partnership", "x"),
        ("mute", "Nobody Corp"),
        ("share_answer", "[]"),
        ("launch_missiles", "1"),
    ],
)
def test_bad_button_values_get_a_warning(workspace, action_id, value):
    reply = workspace.click(action_id, value)
    assert reply.text.startswith(":warning:")


# -- feeds, read ---------------------------------------------------------------------------


@dataclass
class FakeSummary:
    errors: list[str] = field(default_factory=list)
    seen: int = 1
    new_partnership_ids: list[int] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.seen} articles"


class FakeIngestor:
    def __init__(self, effect):
        self.effect = effect
        self.calls: list[tuple[list[str], bool]] = []

    def ingest(self, sources, *, poll=False):
        self.calls.append((list(sources), poll))
        return self.effect(sources[0])


def test_feeds_add_and_remove_need_an_admin(workspace):
    for text in ("feeds add https://feeds.example/rss", "feeds remove 1"):
        assert rendered(workspace.command(text)).startswith(":lock: Only workspace admins")


def test_admin_adds_a_feed_and_the_first_fetch_is_deferred(workspace, other_workspace):
    ingestor = FakeIngestor(lambda url: FakeSummary(seen=12))
    workspace.admin, workspace.ingestor = True, lambda: ingestor
    reply = workspace.command("feeds add <https://feeds.example/rss>")
    assert "Fetching it for the first time" in rendered(reply)
    assert ingestor.calls == []
    done = reply.deferred()
    assert ingestor.calls == [(["https://feeds.example/rss"], True)]
    assert "12 articles" in rendered(done)
    assert "feeds.example/rss" in rendered(workspace.command("feeds"))
    assert "No feeds are read yet" in rendered(other_workspace.command("feeds"))
    removed = workspace.command("feeds remove 1")
    assert "Stopped reading" in rendered(removed)
    assert "No feeds are read yet" in rendered(workspace.command("feeds"))


def test_read_reports_the_partnership_found(workspace, stored_partnership):
    def effect(url):
        p = stored_partnership("Xiaomi", "Microsoft", url=url)
        return FakeSummary(new_partnership_ids=[p.id])

    workspace.ingestor = lambda: FakeIngestor(effect)
    reply = workspace.command("read https://news.example.com/x")
    assert "Reading" in rendered(reply)
    found = reply.deferred()
    assert "announces a partnership" in rendered(found)
    assert "Microsoft × Xiaomi — MoU" in rendered(found)


def test_read_says_when_it_is_not_a_partnership(workspace, stored_article):
    def effect(url):
        stored_article("Quarterly results", url=url, summary="Revenue grew 5%.")
        return FakeSummary()

    workspace.ingestor = lambda: FakeIngestor(effect)
    found = workspace.command("read https://news.example.com/q").deferred()
    assert "does not announce a partnership" in rendered(found)
    assert "Revenue grew 5%." in rendered(found)


def test_read_failure_is_a_short_warning(workspace, caplog):
    def effect(url):
        raise RuntimeError("boom")

    workspace.ingestor = lambda: FakeIngestor(effect)
    with caplog.at_level(logging.ERROR, logger="bot.service"):
        found = workspace.command("read https://news.example.com/q").deferred()
    assert found.text.startswith(":warning:") and "boom" not in rendered(found)
    assert "Traceback" not in rendered(found)
    assert any(r.exc_info for r in caplog.records)


def test_a_failing_command_is_logged_and_answered_politely(workspace, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(commands, "company_answer", broken)
    with caplog.at_level(logging.ERROR, logger="bot.service"):
        reply = workspace.command("xiaomi")
    assert reply.text.startswith(":warning:") and "fire" not in rendered(reply)
    assert "command 'xiaomi' failed" in caplog.text


# -- any input -----------------------------------------------------------------------------

SLACKISH = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<@U0BOSS>",
        "<#C1|general>",
        "<https://evil.example|login>",
        '"',
        "'; DROP TABLE watches; --",
        "NEAR(",
        "*",
        " + ",
        " et ",
        "search ",
        "watch ",
        "digest ",
        "feeds add ",
        "😀",
        "&amp;",
    ]
)
ANY_TEXT = st.one_of(
    st.text(max_size=3000),
    st.lists(st.one_of(SLACKISH, st.text(max_size=20)), max_size=12).map("".join),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=ANY_TEXT)
def test_any_text_gets_a_reply_within_limits(db, stored_partnership, stored_article, text):
    if not db.execute("SELECT 1 FROM partnerships").fetchone():
        stored_partnership(HOSTILE, "Xiaomi", title=HOSTILE, summary=HOSTILE, evidence=HOSTILE)
        stored_article(HOSTILE, summary=HOSTILE, url="https://n.example/<!channel>")
    workspace = Workspace(db, admin=True)
    for reply in (workspace.command(text), workspace.command(f"<@U0BOT> {text}")):
        assert reply.text
        assert_within_limits(reply.blocks)
        assert_inert(reply.blocks)
        assert_inert([reply.text])


def test_pair_with_an_unknown_side_names_what_was_asked(workspace, stored_partnership):
    stored_partnership("Xiaomi", "Microsoft")
    reply = workspace.command("xiaomi + nobody")
    assert "No partnerships found for *xiaomi + nobody*" in rendered(reply)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    action_id=st.sampled_from([*ACTION_IDS, "other"]),
    value=st.one_of(
        st.text(max_size=300),
        st.integers().map(str),
        st.builds(
            lambda q, b: json.dumps({"q": q, "before": b}), st.text(max_size=50), st.integers()
        ),
        st.builds(lambda c: json.dumps({"cmd": c}), ANY_TEXT),
    ),
)
def test_any_button_value_gets_a_reply_within_limits(db, stored_partnership, action_id, value):
    if not db.execute("SELECT 1 FROM partnerships").fetchone():
        stored_partnership(HOSTILE, "Xiaomi", title=HOSTILE, summary=HOSTILE, evidence=HOSTILE)
    reply = Workspace(db).click(action_id, value)
    assert reply.text
    assert_within_limits(reply.blocks)
    assert_inert(reply.blocks)
    assert_inert([reply.text])


@pytest.mark.slow
def test_the_service_never_imports_slack():
    code = (
        "import sys, bot.service.commands, bot.messages, bot.service.grammar;"
        "print(sorted(m for m in sys.modules if m.startswith('slack')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
