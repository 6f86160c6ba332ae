"""Watchlist alerts: one post per story and channel, follow-ups in the thread, nothing for
muted companies or stories the team flagged."""

from __future__ import annotations

from bot.delivery.alerts import enqueue_alerts
from bot.delivery.recovery import EVENT_TYPE


def test_a_watched_partnership_is_posted_once(workspace, news, slack, deliver_now):
    channel = workspace.channel("C1").watch("Xiaomi")
    story = news.partnership("Xiaomi", "Microsoft")

    first = deliver_now()
    again = deliver_now()

    (post,) = slack.posts("C1")
    assert "Xiaomi" in post.text and "Microsoft" in post.text
    assert post.metadata["event_type"] == EVENT_TYPE
    (row,) = channel.deliveries()
    assert post.metadata["event_payload"]["delivery_id"] == row["id"]
    assert (row["kind"], row["dedupe_key"], row["status"]) == ("alert", f"story:{story}", "posted")
    assert row["ts"] == post.ts
    assert (first.posted, again.posted) == (1, 0)


def test_only_watched_companies_and_only_stories_after_the_watch(
    workspace, news, slack, deliver_now
):
    news.partnership("Xiaomi", "Leica", title="Old news: Xiaomi and Leica")
    workspace.channel("C1").watch("Xiaomi")
    news.partnership("Apple", "Google")
    news.partnership("Xiaomi", "Microsoft")

    deliver_now()

    assert [("Microsoft" in p.text, "Leica" in p.text) for p in slack.posts("C1")] == [
        (True, False)
    ]


def test_each_watching_channel_gets_its_own_alert(workspace, news, slack, deliver_now):
    workspace.channel("C1").watch("Xiaomi")
    workspace.channel("C2").watch("Microsoft", "Xiaomi")
    news.partnership("Xiaomi", "Microsoft")

    deliver_now()

    assert (len(slack.posts("C1")), len(slack.posts("C2"))) == (1, 1)


def test_a_new_source_of_an_alerted_story_is_a_reply_in_its_thread(
    workspace, news, slack, deliver_now
):
    channel = workspace.channel("C1").watch("Xiaomi")
    story = news.partnership("Xiaomi", "Microsoft")
    deliver_now()
    (alert,) = slack.posts("C1")

    news.copy(story, title="Xiaomi et Microsoft signent un accord", source="Le Monde", lang="fr")
    news.copy(story, title="Xiaomi, Microsoft in pact", source="AP")
    deliver_now()
    deliver_now()

    first, *replies = slack.posts("C1")
    assert first is alert
    assert [r.thread_ts for r in replies] == [alert.ts, alert.ts]
    assert all(r.text.startswith("+1 source") for r in replies)
    assert replies[0].text.endswith("(lemonde.example · FR)")  # the outlet, the language
    assert replies[1].text.endswith("(ap.example)")
    kinds = [(d["kind"], d["status"], d["thread_ts"]) for d in channel.deliveries()]
    assert kinds == [
        ("alert", "posted", None),
        ("followup", "posted", alert.ts),
        ("followup", "posted", alert.ts),
    ]


def test_a_source_that_arrives_before_the_first_post_is_in_it_not_in_a_reply(
    db, workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi")
    story = news.partnership("Xiaomi", "Microsoft")
    enqueue_alerts(db, now=clock())
    news.copy(story, title="Xiaomi, Microsoft in pact", source="AP")

    deliver_now()
    deliver_now()

    (post,) = slack.posts("C1")
    assert "+1 more source" in str(post.blocks)
    assert [(d["kind"], d["status"]) for d in channel.deliveries()] == [
        ("alert", "posted"),
        ("followup", "skipped"),
    ]


def test_a_muted_company_is_not_posted(workspace, news, slack, deliver_now):
    workspace.channel("C1").watch("Xiaomi").mute("Xiaomi")
    workspace.channel("C2").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")

    deliver_now()

    assert (len(slack.posts("C1")), len(slack.posts("C2"))) == (0, 1)


def test_a_story_flagged_not_a_partnership_is_not_posted(workspace, news, slack, deliver_now):
    channel = workspace.channel("C1").watch("Xiaomi")
    flagged = news.partnership("Xiaomi", "Microsoft")
    channel.flag(flagged)

    deliver_now()

    assert slack.posts("C1") == []
    assert channel.deliveries() == []


def test_flagged_or_muted_while_waiting_to_be_posted_is_skipped(
    db, workspace, news, slack, deliver_now, clock
):
    channel = workspace.channel("C1").watch("Xiaomi", "Apple")
    flagged = news.partnership("Xiaomi", "Microsoft")
    news.partnership("Apple", "Google")
    enqueue_alerts(db, now=clock())
    channel.flag(flagged).mute("Apple")

    deliver_now()

    assert slack.posts("C1") == []
    assert [(d["status"], d["last_error"]) for d in channel.deliveries()] == [
        ("skipped", "flagged as not a partnership"),
        ("skipped", "muted here"),
    ]


def test_enqueue_reads_only_what_is_new_since_the_last_run(db, workspace, news, clock):
    workspace.channel("C1").watch("Xiaomi")
    news.partnership("Xiaomi", "Microsoft")

    assert enqueue_alerts(db, now=clock()) == 1
    assert enqueue_alerts(db, now=clock()) == 0
    cursor = db.execute("SELECT partnership_id, article_id FROM delivery_cursors").fetchone()
    assert cursor == (
        db.execute("SELECT MAX(id) FROM partnerships").fetchone()[0],
        db.execute("SELECT MAX(id) FROM articles").fetchone()[0],
    )


def test_stories_written_by_another_process_are_picked_up(
    settings, workspace, news, slack, deliver_now
):
    from bot.store import open_db

    workspace.channel("C1").watch("Xiaomi")
    other = open_db(settings.db_path)  # e.g. `partners-bot ingest` in another process
    try:
        type(news)(other).partnership("Xiaomi", "Microsoft")
    finally:
        other.close()

    deliver_now()

    assert len(slack.posts("C1")) == 1
