"""Two workspaces on one bot: whatever one team set up (watches, mutes, digests, feedback,
feeds, delivery failures, the names it typed) never shows in the other, through any
command, button or the Home tab. The news itself (stories, partnerships) is shared."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import pytest

from bot.config import Settings
from bot.service.context import Context
from bot.service.home import home_view
from bot.store import feeds as feed_store
from bot.store import open_db, outbox
from bot.store.orgs import find_orgs
from tests.service.support import Workspace, all_strings
from tests.stories import store_partnership

OPERATOR = "U_OPERATOR"  # in PARTNERS_ADMINS
SETTINGS = Settings(timezone="Europe/Paris", admins=(OPERATOR,), allow_private_urls=True)
NOW = "2026-03-02T08:00:00.000000Z"
OPERATOR_FEED = "https://wire.example/rss"
ACME_PROBE, BETA_PROBE = "bluebird", "kestrel"


@dataclass
class Team(Workspace):
    """A workspace whose admin check is real: `admin` or listed in PARTNERS_ADMINS."""

    @property
    def ctx(self) -> Context:
        ctx = super().ctx
        return dataclasses.replace(
            ctx, settings=SETTINGS, is_admin=lambda: self.admin or self.user_id in SETTINGS.admins
        )

    def in_channel(self, channel_id: str) -> Team:
        return dataclasses.replace(self, channel_id=channel_id)

    def as_user(self, user_id: str, *, admin: bool = False) -> Team:
        return dataclasses.replace(self, user_id=user_id, admin=admin)


@dataclass
class Setup:
    """One team, its channels, and the strings only its own data contains."""

    team: Team
    channels: tuple[str, ...]
    feed: str
    probe: str  # the first word of a company only this team typed
    private: tuple[str, ...]  # never typed by the other team: must never reach it


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "partners.db")
    yield database
    database.close()


@pytest.fixture
def news(db) -> dict[str, int]:
    """Public news: partnerships every workspace may see. Story ids by name."""
    stories = {"renault": store_partnership(db, "Renault", "Valeo")}
    for partner in ["Microsoft", "Leica", "BMW", "Nokia", "Tencent", "Amazon", "Sony"]:
        stories[partner.lower()] = store_partnership(db, "Xiaomi", partner)
    feed_store.register_operator_feeds(db, [OPERATOR_FEED])
    return stories


def set_up(team: Team, *, channels, watches, mute, digest, feed, hide, failure) -> list:
    """Everything a team can set up, through the commands and buttons; the answers."""
    first, second, gone = (team.in_channel(c) for c in channels)
    answers = [first.command(f"watch {', '.join(watches)}"), gone.command(f"watch {watches[1]}")]
    org = find_orgs(team.db, mute)[0]
    answers.append(first.click("mute", str(org.id)))
    answers.append(second.command(f"digest {digest}"))
    answers.append(first.click("not_partnership", str(hide)))
    answers.append(first.command(f"feeds add {feed}"))
    outbox.add(
        team.db, team_id=team.team_id, channel_id=channels[0], kind="alert", dedupe_key="x", now=NOW
    )
    outbox.fail(team.db, outbox.find(team.db, team.team_id, channels[0], "x"), failure)
    outbox.stop_channel(team.db, team.team_id, channels[2], "is_archived")
    outbox.stop_team(team.db, team.team_id, f"{failure}_token", now=NOW)
    return answers


@pytest.fixture
def acme(db, news) -> Setup:
    team = Team(db, team_id="T_ACME", channel_id="C_ACME1", user_id="U_ALICE", admin=True)
    feed = "https://acme-feeds.example/rss?key=ACMEFEEDKEY"
    set_up(
        team,
        channels=("C_ACME1", "C_ACME2", "C_ACME3"),
        watches=["xiaomi", "Bluebird Robotics"],
        mute="Microsoft",
        digest="weekly friday 07:15 Asia/Tokyo",
        feed=feed,
        hide=news["renault"],
        failure="acme_private_failure",
    )
    private = ("Robotics", "07:15", "Tokyo", "Friday", "ACMEFEEDKEY", "acme_private", "U_ALICE")
    return Setup(team, ("C_ACME1", "C_ACME2", "C_ACME3"), feed, ACME_PROBE, private)


@pytest.fixture
def beta(db, news, acme) -> Setup:
    team = Team(db, team_id="T_BETA", channel_id="C_BETA1", user_id="U_BOB", admin=True)
    feed = "https://beta-feeds.example/atom?token=BETAFEEDKEY"
    set_up(
        team,
        channels=("C_BETA1", "C_BETA2", "C_BETA3"),
        watches=["Kestrel Dynamics", "renault"],
        mute="Valeo",
        digest="daily 06:45 America/Chicago",
        feed=feed,
        hide=news["sony"],
        failure="beta_private_failure",
    )
    private = ("Dynamics", "06:45", "Chicago", "BETAFEEDKEY", "beta_private", "U_BOB")
    return Setup(team, ("C_BETA1", "C_BETA2", "C_BETA3"), feed, BETA_PROBE, private)


def walk(setup: Setup, channel: str, db) -> list:
    """Every command, button and the Home tab, as the team's members use them in `channel`,
    probing for the other team's things; every answer."""
    member = setup.team.in_channel(channel).as_user("U_MEMBER")
    other = BETA_PROBE if setup.probe == ACME_PROBE else ACME_PROBE
    other_org = find_orgs(db, other)[0]  # what only the other team typed
    answers = [
        member.command(line)
        for line in [
            "help",
            "xiaomi",
            "xiaomi + microsoft",
            "renault et valeo",
            other,
            f"{other} + xiaomi",
            f"search {other}",
            "search xiaomi",
            "watchlist",
            "digest",
            "digest now",
            "unmute microsoft",
            "unmute valeo",
            f"unwatch {other}",
            "feeds",
            "feeds remove 1",
            "feeds remove 2",
            "feeds remove 3",
        ]
    ]
    answers.append(member.as_user("U_ADMIN", admin=True).command("feeds"))
    answers.append(member.click("mute", str(other_org.id)))
    answers.append(member.click("mute", other_org.name))
    answers += [member.click(b["action_id"], b["value"]) for b in buttons(answers[1])]
    answers.append(home_view(member.ctx))
    return answers


def buttons(reply) -> list[dict]:
    return [
        element
        for block in reply.blocks
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


def shown(answers) -> str:
    return "\n".join(s for a in answers for s in all_strings(a))


def test_no_team_sees_the_others_data(db, acme, beta):
    for setup, other in [(acme, beta), (beta, acme)]:
        own = shown(a for channel in setup.channels for a in walk(setup, channel, db))
        # A Slack Connect channel has the same id in both workspaces.
        shared = shown(a for channel in other.channels for a in walk(setup, channel, db))
        for text, markers in [(own, other.private + other.channels), (shared, other.private)]:
            leaked = [m for m in markers if m.casefold() in text.casefold()]
            assert leaked == [], f"{setup.team.team_id} sees {other.team.team_id}'s {leaked}"
        assert OPERATOR_FEED in own  # the operator's feed: every workspace's
        home = json.dumps(home_view(setup.team.ctx), ensure_ascii=False)
        assert [m for m in setup.private[:3] + setup.channels if m not in home] == []


def test_the_news_is_shared_but_hiding_a_story_is_one_teams_choice(db, acme, beta):
    acme_sees = shown([acme.team.command("renault")])
    beta_sees = shown([beta.team.command("renault")])
    assert "Renault × Valeo" not in acme_sees  # Acme said "Not a partnership"
    assert "Renault × Valeo" in beta_sees


def test_a_team_cannot_remove_or_take_over_another_teams_feed(db, acme, beta):
    feed = feed_store.get_feed(db, acme.feed)
    for target in (str(feed.id), acme.feed):
        answer = beta.team.command(f"feeds remove {target}").text
        assert answer == f"No feed {target} is read."
    taken = shown([beta.team.command(f"feeds add {acme.feed}")])
    assert str(feed.id) not in taken and "already read" in taken
    assert feed_store.get_feed(db, acme.feed) == feed  # still Acme's, still polled
    assert acme.feed in shown([acme.team.command("feeds")])


def test_only_the_operators_remove_a_feed_every_workspace_reads(db, acme, beta):
    feed_id = feed_store.get_feed(db, OPERATOR_FEED).id
    refused = shown([beta.team.command(f"feeds remove {feed_id}")])  # a workspace admin
    assert "Only the bot's operators" in refused
    assert feed_store.get_feed(db, OPERATOR_FEED).poll

    removed = shown([beta.team.as_user(OPERATOR).command(f"feeds remove {feed_id}")])
    assert "Stopped reading" in removed
    assert OPERATOR_FEED not in shown([acme.team.command("feeds")])


def test_a_feed_removed_by_one_team_can_be_added_by_another(db, acme, beta):
    acme.team.command(f"feeds remove {acme.feed}")

    added = shown([beta.team.command(f"feeds add {acme.feed}")])

    assert "Added" in added
    assert acme.feed in shown([beta.team.command("feeds")])
    assert acme.feed not in shown([acme.team.command("feeds")])


def test_failed_deliveries_of_a_nameless_team_are_not_everyones(db, acme, beta):
    """A request without a team id (it can happen with org-wide installs) is not "every
    team": its Home shows no team's failures."""
    nameless = dataclasses.replace(acme.team, team_id="")
    home = json.dumps(home_view(nameless.ctx))
    assert "private_failure" not in home


@pytest.mark.slow
def test_over_slack_the_team_is_the_requests(bot_server, slack):
    """Through the running bot: the team id Slack sends with a request is the one used (a
    Slack Connect channel, C0SHARED, is in both workspaces)."""
    slack.command("/partners watch Bluebird Robotics", team="T0ALPHA", channel="C0SHARED")
    assert "Bluebird Robotics" in json.dumps(slack.last_response())

    slack.command("/partners watchlist", team="T0BETA", channel="C0SHARED")
    slack.command("/partners bluebird", team="T0BETA", channel="C0SHARED")
    slack.open_home(team="T0BETA", user="U0BETA")
    slack.open_home(team="T0ALPHA", user="U0ALPHA")

    beta_answers = json.dumps(slack.wait_for_responses(3)[1:])
    beta_home, alpha_home = (json.dumps(c.params) for c in slack.wait_for("views.publish", 2))
    if "U0ALPHA" in beta_home:  # the two events may be handled in either order
        beta_home, alpha_home = alpha_home, beta_home
    assert "Robotics" not in beta_answers and "Robotics" not in beta_home
    assert "Bluebird Robotics" in alpha_home
