"""What each Slack answer does to a delivery: retry later, join, stop a channel or a team,
fail visibly; and never a second post of the same thing."""

from __future__ import annotations

import pytest

from bot.delivery.post import MAX_ATTEMPTS
from bot.delivery.recovery import EVENT_TYPE, resume_posting
from bot.store import outbox
from bot.store.clock import iso, parse_iso


def test_rate_limited_then_server_error_then_posted_once(
    workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    workspace.channel("C2").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    slack.rate_limit("chat.postMessage", retry_after=30)

    report = deliver_now()
    # C1 waits for Retry-After; C2 is not held up by it.
    assert (report.retrying, report.posted) == (1, 1)
    (row,) = channel.deliveries()
    assert row["status"] == "pending" and row["last_error"] == "ratelimited"
    assert parse_iso(row["next_attempt_at"]) == clock.advance(0) + _seconds(30)
    assert deliver_now().posted == 0  # not before Retry-After

    clock.advance(30)
    slack.server_error("chat.postMessage")
    assert deliver_now().retrying == 1
    assert channel.deliveries()[0]["last_error"] == "http_500"

    clock.advance(3600)
    assert deliver_now().posted == 1
    assert len(slack.posts("C1")) == 1
    assert channel.deliveries()[0]["status"] == "posted"


def test_an_answer_lost_after_slack_posted_is_found_in_the_channel(
    workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    slack.server_error("chat.postMessage", status=503, after_posting=True)

    assert deliver_now().retrying == 1
    assert channel.deliveries()[0]["verify"] == 1
    clock.advance(3600)
    report = deliver_now()

    assert (report.reconciled, report.posted) == (1, 0)
    (post,) = slack.posts("C1")
    assert channel.deliveries()[0]["ts"] == post.ts
    (look,) = slack.calls_to("conversations.history")
    assert look.params["include_all_metadata"] in (True, "1", "true")


def test_a_pending_row_whose_message_is_already_in_slack_is_not_posted_again(
    db, client, workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    story = news.partnership("Xiaomi", "Microsoft")
    from bot.delivery.alerts import enqueue_alerts

    enqueue_alerts(db, now=clock())
    (row,) = channel.deliveries()
    # A previous run posted, then died before recording the ts.
    db.execute("UPDATE deliveries SET attempts = 1, verify = 1 WHERE id = ?", [row["id"]])
    payload = {"delivery_id": row["id"], "dedupe_key": f"story:{story}", "story_id": story}
    posted = client.chat_postMessage(
        channel="C1", text="earlier", metadata={"event_type": EVENT_TYPE, "event_payload": payload}
    )

    report = deliver_now()

    assert (report.reconciled, report.posted) == (1, 0)
    assert len(slack.posts("C1")) == 1
    assert channel.deliveries()[0]["ts"] == posted["ts"]


def test_a_message_with_another_delivery_id_does_not_count(
    db, client, workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    from bot.delivery.alerts import enqueue_alerts

    enqueue_alerts(db, now=clock())
    (row,) = channel.deliveries()
    db.execute("UPDATE deliveries SET attempts = 1, verify = 1 WHERE id = ?", [row["id"]])
    other = {"delivery_id": row["id"] + 1, "dedupe_key": "story:999", "story_id": 999}
    client.chat_postMessage(
        channel="C1", text="other", metadata={"event_type": EVENT_TYPE, "event_payload": other}
    )

    assert deliver_now().posted == 1
    assert len(slack.posts("C1")) == 2


def test_server_errors_give_up_after_max_attempts_visibly(
    workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    for _ in range(MAX_ATTEMPTS):
        slack.server_error("chat.postMessage")

    for _ in range(MAX_ATTEMPTS):
        deliver_now()
        clock.advance(3600)

    assert slack.posts("C1") == []
    (row,) = channel.deliveries()
    assert row["status"] == "failed"
    assert row["last_error"] == f"gave up after {MAX_ATTEMPTS} attempts: http_500"
    assert [d.id for d in outbox.failed(workspace.db, "T1")] == [row["id"]]


def test_a_connection_error_is_retried(workspace, news, slack, deliver_now, clock, settings, db):
    from bot.delivery.alerts import enqueue_alerts
    from bot.delivery.post import Deliverer, delivery_client

    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    enqueue_alerts(db, now=clock())
    nowhere = delivery_client(settings.__class__(slack_api_base_url="http://127.0.0.1:9/api/"))

    report = Deliverer(db, nowhere, clock=clock, sleep=clock.sleep).run()

    assert report.retrying == 1
    (row,) = channel.deliveries()
    assert (row["status"], row["verify"]) == ("pending", 1)
    assert "Error" in row["last_error"]
    clock.advance(3600)
    assert deliver_now().posted == 1


def test_not_in_channel_joins_then_posts(workspace, news, slack, deliver_now):
    workspace.channel("C1", member=False).watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")

    assert deliver_now().posted == 1

    assert [c.params["channel"] for c in slack.calls_to("conversations.join")] == ["C1"]
    assert len(slack.posts("C1")) == 1


def test_a_private_channel_that_cannot_be_joined_fails_and_the_subscriber_is_told(
    workspace, news, slack, deliver_now
):
    channel = workspace.channel("G1", private=True, member=False).watch("Xiaomi", by="U7")
    news.partnership("Xiaomi", "Microsoft")
    slack.fail("chat.postMessage", "not_in_channel")

    report = deliver_now()

    assert report.stopped_channels == [("T1", "G1", "not_in_channel")]
    assert slack.posts("G1") == []
    (row,) = channel.deliveries()
    assert (row["status"], row["last_error"]) == ("failed", "not_in_channel")
    assert channel.watch_state() == [(0, "not_in_channel")]
    (told,) = slack.posts("U7")
    assert "<#G1>" in told.text and "/invite" in told.text


@pytest.mark.parametrize("reason", ["channel_not_found", "is_archived"])
def test_a_channel_gone_stops_its_subscriptions(workspace, news, slack, deliver_now, reason):
    gone = {"is_archived": {"archived": True}, "channel_not_found": {"deleted": True}}
    channel = workspace.channel("C1", **gone[reason])
    channel.watch("Xiaomi", "Apple", by="U7").digest("daily")
    news.partnership("Xiaomi", "Microsoft")
    news.partnership("Apple", "Google")

    report = deliver_now()
    news.partnership("Xiaomi", "Nokia")
    later = deliver_now()

    assert report.stopped_channels == [("T1", "C1", reason)]
    assert later.posted == later.failed == 0
    assert channel.watch_state() == [(0, reason), (0, reason)]
    digest = workspace.db.execute("SELECT active, stopped_reason FROM digests").fetchone()
    assert digest == (0, reason)
    assert [(d["status"], d["last_error"]) for d in channel.deliveries()] == [
        ("failed", reason),
        ("failed", f"channel stopped: {reason}"),
    ]
    assert len(slack.posts("U7")) == 1


@pytest.mark.parametrize("error", ["invalid_auth", "account_inactive", "token_revoked"])
def test_a_dead_token_stops_posting_for_the_team(workspace, news, slack, deliver_now, error):
    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    slack.revoked = error

    report = deliver_now()
    calls = len(slack.calls)
    again = deliver_now()

    assert report.stopped_teams == [("T1", error)]
    assert outbox.team_stop(workspace.db, "T1") == error
    assert (again.posted, again.retrying, len(slack.calls)) == (0, 0, calls)
    (row,) = channel.deliveries()
    assert (row["status"], row["last_error"]) == ("pending", error)  # kept, not dropped

    slack.revoked = None
    outbox.resume_team(workspace.db, "T1")
    assert deliver_now().posted == 1


def test_posting_resumes_at_start_up_once_the_token_works_again(
    db, client, workspace, news, slack, deliver_now
):
    workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    slack.team_id = "T1"
    slack.revoked = "account_inactive"
    deliver_now()

    assert resume_posting(db, client) is None  # Slack still refuses the token
    slack.revoked = None
    assert resume_posting(db, client) == "T1"

    assert outbox.team_stop(db, "T1") is None
    assert deliver_now().posted == 1
    assert resume_posting(db, client) is None  # nothing stopped: Slack is not even asked
    assert [c.method for c in slack.calls].count("auth.test") == 2


def test_an_unexpected_error_fails_with_its_code(workspace, news, slack, deliver_now):
    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    slack.fail("chat.postMessage", "invalid_blocks")

    assert deliver_now().failed == 1
    assert channel.deliveries()[0]["last_error"] == "invalid_blocks"


def test_posts_to_one_channel_are_paced_without_holding_up_the_others(
    workspace, news, slack, deliver_now, clock
):
    workspace.channel("C1").watch("Xiaomi")
    workspace.channel("C2").watch("Apple")
    for partner in ("Microsoft", "Leica", "Nokia"):
        news.partnership("Xiaomi", partner)
    news.partnership("Apple", "Google")

    report = deliver_now()

    assert report.posted == 4
    assert [m.channel for m in slack.posts()] == ["C1", "C2", "C1", "C1"]
    assert clock.slept == [1.0, 1.0]


def _seconds(n: float):
    from datetime import timedelta

    return timedelta(seconds=n)


def test_a_reply_whose_answer_was_lost_is_found_in_its_thread(
    workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    story = news.partnership("Xiaomi", "Microsoft")
    deliver_now()
    news.copy(story, title="Xiaomi et Microsoft", source="Les Echos", lang="fr")
    slack.server_error("chat.postMessage", status=502, after_posting=True)

    deliver_now()
    clock.advance(3600)
    report = deliver_now()

    assert report.reconciled == 1
    alert, reply = slack.posts("C1")
    assert reply.thread_ts == alert.ts
    assert [c.params["ts"] for c in slack.calls_to("conversations.replies")] == [alert.ts]
    assert channel.deliveries()[1]["ts"] == reply.ts


def test_an_attempt_cut_short_before_sending_is_posted_without_looking(
    db, workspace, news, slack, deliver_now, clock
):
    from bot.delivery.alerts import enqueue_alerts
    from bot.delivery.recovery import recover

    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    enqueue_alerts(db, now=clock())
    db.execute("UPDATE deliveries SET status = 'claimed', attempts = 1, claimed_until = 'z'")

    assert recover(db) == 1
    assert deliver_now().posted == 1
    assert slack.calls_to("conversations.history") == []
    assert channel.deliveries()[0]["attempts"] == 2


def test_a_claim_whose_lease_ran_out_is_taken_over_after_looking(
    db, workspace, news, slack, deliver_now, clock
):
    from bot.delivery.alerts import enqueue_alerts

    channel = workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")
    enqueue_alerts(db, now=clock())
    lapsed = iso(clock.advance(0) - _seconds(1))
    db.execute("UPDATE deliveries SET status = 'claimed', verify = 1, claimed_until = ?", [lapsed])

    assert deliver_now().posted == 1
    assert len(slack.calls_to("conversations.history")) == 1
    assert channel.deliveries()[0]["status"] == "posted"


def test_a_message_that_cannot_be_built_fails_visibly_and_the_rest_goes_on(
    db, client, workspace, news, slack, clock
):
    from bot.delivery.alerts import enqueue_alerts, render
    from bot.delivery.post import Deliverer

    channel = workspace.channel("C1").watch("Xiaomi")
    broken = news.partnership("Xiaomi", "Microsoft")
    news.partnership("Xiaomi", "Leica")
    enqueue_alerts(db, now=clock())

    def render_or_break(db, d):
        if d.story_id == broken:
            raise KeyError("deal_type")
        return render(db, d)

    report = Deliverer(db, client, clock=clock, sleep=clock.sleep, render=render_or_break).run()

    assert (report.failed, report.posted) == (1, 1)
    assert channel.deliveries()[0]["last_error"] == (
        "could not build the message: KeyError: 'deal_type'"
    )
