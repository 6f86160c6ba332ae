"""Handlers called directly, with Bolt's arguments played by small fakes."""

from __future__ import annotations

import dataclasses
import logging
import threading
from types import SimpleNamespace

import pytest
from slack_sdk import WebClient

import handlers
from bot.ingest.workers import Serialized
from bot.service.actions import ACTION_IDS
from bot.service.context import Reply
from bot.service.modals import CALLBACK_IDS
from bot.slack.app import once_per_event
from bot.slack.deps import Deps
from bot.slack.serve import HttpApp
from bot.store import open_db
from bot.store.events import first_delivery
from handlers import actions, commands, events
from tests.stories import store_partnership, texts


class Recorder:
    """ack / respond / logger stand-ins that write down what happened, in order."""

    def __init__(self) -> None:
        self.log: list[tuple] = []
        self.answered = threading.Event()

    def ack(self, *args, **kwargs) -> None:
        self.log.append(("ack",))

    def respond(self, **kwargs) -> None:
        self.log.append(("respond", kwargs))
        self.answered.set()

    @property
    def responses(self) -> list[dict]:
        return [entry[1] for entry in self.log if entry[0] == "respond"]


@pytest.fixture
def deps(settings, slack):
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_base_url)
    deps = Deps(settings=settings, connect=lambda: open_db(settings.db_path), client=client)
    yield deps
    deps.pool.shutdown(wait=True)


def bolt_context(team="T0TEST", channel="C0NEWS", user="U0ALICE"):
    return SimpleNamespace(team_id=team, channel_id=channel, user_id=user)


def slash(text: str) -> dict:
    return {"text": text, "channel_id": "C0NEWS", "user_id": "U0ALICE", "team_id": "T0TEST"}


def test_slash_command_acks_first_then_responds(deps):
    seen = Recorder()

    commands.partners(deps)(
        ack=seen.ack,
        command=slash("help"),
        context=bolt_context(),
        client=deps.client,
        respond=seen.respond,
        logger=logging.getLogger("test"),
    )

    assert seen.log[0] == ("ack",)
    answer = seen.responses[0]
    assert answer["response_type"] == "ephemeral"
    assert "/partners watch" in texts(answer["blocks"])


def test_slash_command_builds_the_context_from_the_payload(deps, monkeypatch):
    asked = {}

    def fake_handle_command(ctx, text):
        asked.update(team=ctx.team_id, channel=ctx.channel_id, user=ctx.user_id, text=text)
        return Reply("ok", [], ephemeral=False)

    monkeypatch.setattr(commands, "handle_command", fake_handle_command)
    seen = Recorder()

    commands.partners(deps)(
        ack=seen.ack,
        command=slash("watch xiaomi"),
        context=bolt_context(),
        client=deps.client,
        respond=seen.respond,
        logger=logging.getLogger("test"),
    )

    assert asked == {
        "team": "T0TEST",
        "channel": "C0NEWS",
        "user": "U0ALICE",
        "text": "watch xiaomi",
    }
    assert seen.responses[0]["response_type"] == "in_channel"


def test_a_deferred_reply_is_sent_when_it_is_ready(deps, monkeypatch):
    release = threading.Event()

    def finish() -> Reply:
        release.wait(10)
        return Reply("done reading", [])

    monkeypatch.setattr(
        commands, "handle_command", lambda ctx, text: Reply("reading…", [], deferred=finish)
    )
    seen = Recorder()

    commands.partners(deps)(
        ack=seen.ack,
        command=slash("read https://example.com/a"),
        context=bolt_context(),
        client=deps.client,
        respond=seen.respond,
        logger=logging.getLogger("test"),
    )
    assert [r["text"] for r in seen.responses] == ["reading…"]  # the handler did not wait
    release.set()
    deps.pool.shutdown(wait=True)

    assert [r["text"] for r in seen.responses] == ["reading…", "done reading"]


def test_digest_now_posts_through_the_outbox_and_answers_how_it_went(deps, slack, settings):
    db = open_db(settings.db_path)
    store_partnership(db, "Xiaomi", "Microsoft")
    seen = Recorder()

    commands.partners(deps)(
        ack=seen.ack,
        command=slash("digest now"),
        context=bolt_context(),
        client=deps.client,
        respond=seen.respond,
        logger=logging.getLogger("test"),
    )
    deps.pool.shutdown(wait=True)

    (post,) = slack.posts("C0NEWS")
    assert post.text == "Partnerships digest: 1 new"
    assert post.metadata["event_payload"]["dedupe_key"].startswith("digest:C0NEWS:")
    answers = [(r["response_type"], r["text"]) for r in seen.responses]
    assert answers[0][0] == "ephemeral" and "Posting the digest" in answers[0][1]
    assert answers[1] == ("ephemeral", "Posted the digest (1 partnership).")
    assert db.execute("SELECT status FROM deliveries").fetchall() == [("posted",)]
    db.close()


def test_a_failure_is_logged_and_answered_with_a_warning(deps, monkeypatch, caplog):
    def broken(ctx, text):
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "handle_command", broken)
    seen = Recorder()

    with caplog.at_level(logging.ERROR):
        commands.partners(deps)(
            ack=seen.ack,
            command=slash("xiaomi"),
            context=bolt_context(),
            client=deps.client,
            respond=seen.respond,
            logger=logging.getLogger("test"),
        )

    assert seen.log[0] == ("ack",)
    assert seen.responses[0]["text"].startswith(":warning:")
    assert "answering failed" in caplog.text
    assert "boom" in caplog.text


def test_a_button_is_acked_then_routed_with_its_value(deps, monkeypatch):
    pressed = {}

    def fake_handle_action(ctx, action_id, value, *, response_url=None):
        pressed.update(action=action_id, value=value, channel=ctx.channel_id)
        return Reply("Thanks", [], replace_original=True)

    monkeypatch.setattr(actions, "handle_action", fake_handle_action)
    seen = Recorder()

    actions.button(deps)(
        ack=seen.ack,
        action={"action_id": "not_partnership", "value": "42"},
        body={"channel": {"id": "C0NEWS"}},
        context=bolt_context(),
        client=deps.client,
        respond=seen.respond,
        logger=logging.getLogger("test"),
    )

    assert seen.log[0] == ("ack",)
    assert pressed == {"action": "not_partnership", "value": "42", "channel": "C0NEWS"}
    assert seen.responses[0]["replace_original"] is True


def test_home_opened_publishes_only_for_the_home_tab(deps, slack):
    on_home = events.home_opened(deps)
    logger = logging.getLogger("test")

    on_home(
        event={"tab": "messages", "user": "U0ALICE"},
        context=bolt_context(),
        client=deps.client,
        logger=logger,
    )
    assert slack.calls_to("views.publish") == []

    on_home(
        event={"tab": "home", "user": "U0ALICE", "channel": "D0HOME"},
        context=bolt_context(),
        client=deps.client,
        logger=logger,
    )
    publish = slack.calls_to("views.publish")[0]
    assert publish.json["user_id"] == "U0ALICE"
    assert publish.json["view"]["type"] == "home"


def test_a_mention_is_answered_in_its_thread(deps, slack):
    event = {
        "text": "<@U0PARTNERS> help",
        "channel": "C0NEWS",
        "ts": "1700.000100",
        "user": "U0ALICE",
    }

    events.mention(deps)(
        event=event, context=bolt_context(), client=deps.client, logger=logging.getLogger("test")
    )

    post = slack.calls_to("chat.postMessage")[0]
    assert post.json["channel"] == "C0NEWS"
    assert post.json["thread_ts"] == "1700.000100"
    assert "/partners watch" in texts(post.json["blocks"])


def test_admins_are_listed_or_workspace_admins(deps, slack, settings):
    slack.admins = {"U0ADMIN"}
    listed = Deps(
        settings=dataclasses.replace(settings, admins=("U0LISTED",)),
        connect=deps.connect,
        client=deps.client,
    )

    assert listed.is_admin("T0TEST", "U0LISTED")  # PARTNERS_ADMINS: no need to ask Slack
    assert slack.calls_to("users.info") == []
    assert deps.is_admin("T0TEST", "U0ADMIN")
    assert not deps.is_admin("T0TEST", "U0ALICE")
    slack.fail("users.info", "user_not_found")
    assert not deps.is_admin("T0TEST", "U0ADMIN")  # when Slack cannot say, the answer is no


def test_the_routing_table_covers_every_button_and_event():
    routes: list[tuple[str, str]] = []

    class RecordingApp:
        def __getattr__(self, kind):
            def route(name):
                routes.append((kind, name))
                return lambda listener: listener

            return route

    handlers.register(RecordingApp(), deps=None)

    assert ("command", "/partners") in routes
    assert {name for kind, name in routes if kind == "action"} == set(ACTION_IDS)
    assert {name for kind, name in routes if kind == "event"} == {
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "tokens_revoked",
    }
    assert {name for kind, name in routes if kind == "view"} == set(CALLBACK_IDS)
    assert {name for kind, name in routes if kind == "options"} == {
        "company_search",
        "timezone_search",
    }
    assert {name for kind, name in routes if kind == "shortcut"} == {"check_partnership"}
    assert len(routes) == len(set(routes))


def test_first_delivery_is_true_once_per_event_id(db_path):
    db = open_db(db_path)

    assert first_delivery(db, "Ev1", "T0TEST")
    assert not first_delivery(db, "Ev1", "T0TEST")
    assert first_delivery(db, "Ev2", "T0TEST")


def test_the_event_middleware_lets_other_requests_through(db_path):
    passed = []

    def next_():
        passed.append(True)
        return "handled"

    def connect():
        return open_db(db_path)

    assert once_per_event(connect, {"command": "/partners"}, next_) == "handled"
    assert once_per_event(connect, {"event_id": "Ev9"}, next_) == "handled"
    redelivered = once_per_event(connect, {"event_id": "Ev9"}, next_)

    assert redelivered.status == 200
    assert len(passed) == 2


def test_healthz_says_503_until_the_app_is_built():
    release = threading.Event()

    def build():
        release.wait(10)
        return SimpleNamespace()  # not a real App: SlackRequestHandler only stores it

    wsgi = HttpApp(build)
    statuses = []

    def get(path):
        wsgi({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda s, h: statuses.append(s))
        return statuses[-1]

    assert get("/healthz").startswith("503")
    assert get("/slack/events").startswith("503")
    release.set()
    assert wsgi.wait(10)
    assert get("/healthz").startswith("200")


def test_healthz_stays_503_with_the_reason_when_the_app_cannot_start(caplog):
    def build():
        raise RuntimeError("database is locked")

    wsgi = HttpApp(build)
    assert not wsgi.wait(10)
    statuses = []
    body = wsgi({"PATH_INFO": "/healthz"}, lambda s, h: statuses.append(s))

    assert statuses == ["503 Service Unavailable"]
    assert b"database is locked" in b"".join(body)


def test_serialized_calls_run_one_at_a_time():
    inside = []
    overlap = []

    class Slow:
        label = "slow"

        def work(self, n):
            inside.append(n)
            if len(inside) > 1:
                overlap.append(n)
            threading.Event().wait(0.01)
            inside.remove(n)
            return n

    shared = Serialized(Slow())
    threads = [threading.Thread(target=shared.work, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert overlap == []
    assert shared.label == "slow"
